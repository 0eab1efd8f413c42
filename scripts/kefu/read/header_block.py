"""Header blocks of one to three rows: a group row (merged parent cells) above a sub-header row.

Offices group their columns: 受理 merged over 日期 | 时间, 投诉人 over 姓名 | 房号 | 电话, 回访 over
日期 | 情况 | 是否满意. Each column of a block is named by its parts, parent to child (受理/日期); the
table reader then matches the child alone, the parent and child together, or the whole name.

A row that holds data (a date, a number, a phone, a sentence: ``read.column_profile.data_like``) is never
part of a block. A block's bottom row holds at least two header-like cells (text with at most two digits: a data row's
numbers, dates and phones are not headers); each row above it in the block (a parent row) holds at least two
different header-like texts, so a title merged across the sheet, or a form line such as
填报单位:…  填报时间:2026年11月, is never taken for a parent. Merged cells arrive filled with their
value (``fill_merged``); in a file that keeps no merge information (LibreOffice's .ods as calamine reads
it) a parent cell stretches right over the columns that have a child below, as a merge would.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from kefu.core.normalize import normalize_header
from kefu.read.column_profile import data_like

MAX_DEPTH = 3
_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"[((\[【][^))\]】]*[))\]】]")


@dataclass(frozen=True)
class Column:
    index: int                   # 0-based index into the row's values
    parts: tuple[str, ...]       # parent .. child as written (stripped), repeats of a merge dropped

    @property
    def child(self) -> str:
        return self.parts[-1]

    @property
    def display(self) -> str:
        """The header as staff would write it in [columns]: 回访/日期 for a grouped header."""
        return "/".join(self.parts)

    def names(self) -> tuple[str, ...]:
        """What the column may be called, most specific first: the child, parent+child, all parts."""
        last_two = "".join(self.parts[-2:])
        return tuple(dict.fromkeys((self.child, last_two, "".join(self.parts))))

    def spellings(self) -> tuple[str, ...]:
        """How a [columns] line may name it: 回访/日期, the whole path, the name joined, the child."""
        return tuple(dict.fromkeys(("/".join(self.parts[-2:]), self.display) + self.names()))


@dataclass(frozen=True)
class Block:
    top: int                     # 0-based first row of the block
    bottom: int                  # 0-based last row: data start below it
    columns: tuple[Column, ...]

    @property
    def depth(self) -> int:
        return self.bottom - self.top + 1


def header_like(value) -> bool:
    """Text that can be a header: not empty, at most two digits once bracketed notes are dropped (电话1
    is a header; TS-2026-0001, 2026-11-10, 3栋501 and a phone number are data)."""
    if not isinstance(value, str):
        return False
    key = normalize_header(_BRACKETED.sub("", value))
    return bool(key) and len(_DIGIT.findall(key)) <= 2


def candidate_blocks(filled: list[list], stretch: bool) -> Iterator[Block]:
    """Every block of one to three rows the header area could hold, shallow ones first per bottom row.

    ``stretch``: the file kept no merge information, so parent cells stretch right (see the module notes).
    """
    cells = [[v.strip() if header_like(v) else None for v in row] for row in filled]   # once per sheet
    data = [data_like(row) for row in filled]      # a data row is never part of a header block
    usable = [not d and sum(1 for v in row if v) >= 2 for row, d in zip(cells, data)]
    distinct = [not d and len({v for v in row if v}) >= 2 for row, d in zip(cells, data)]
    for bottom, ok in enumerate(usable):
        if not ok:
            continue
        for depth in range(1, MAX_DEPTH + 1):
            top = bottom - depth + 1
            if top < 0 or not distinct[top]:
                break
            yield Block(top, bottom, tuple(_columns(cells, top, bottom, stretch)))


def _columns(cells: list[list], top: int, bottom: int, stretch: bool) -> Iterator[Column]:
    rows = [cells[r] for r in range(top, bottom + 1)]
    width = max(len(r) for r in rows)
    if len(rows) > 1:
        rows = [r + [None] * (width - len(r)) for r in rows]
        if stretch:
            rows = [_stretch(upper, lower) for upper, lower in zip(rows, rows[1:])] + [rows[-1]]
    for c in range(width):
        parts: list[str] = []
        for r in rows:
            v = r[c] if c < len(r) else None
            if v and (not parts or parts[-1] != v):
                parts.append(v)
        if parts:
            yield Column(c, tuple(parts))


def _stretch(upper: list, lower: list) -> list:
    """An empty parent cell takes the parent on its left when both have a child below (an unkept merge)."""
    out, current = list(upper), None
    for c, value in enumerate(upper):
        below = lower[c] is not None
        if value:
            current = value if below else None
        elif below and current is not None:
            out[c] = current
        else:
            current = None
    return out


def fill_merged(head: list[list], ranges, col_offset: int) -> None:
    """Give every cell of a merged range in the header area the value of its top-left cell."""
    for (r1, c1), (r2, c2) in ranges or ():
        if r1 >= len(head):
            continue
        c1, c2 = c1 - col_offset, c2 - col_offset
        if c1 < 0 or c1 >= len(head[r1]):
            continue
        value = head[r1][c1]
        for r in range(r1, min(r2, len(head) - 1) + 1):
            row = head[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if row[c] == "":
                    row[c] = value
