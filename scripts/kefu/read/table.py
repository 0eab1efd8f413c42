"""Find the header of each sheet by itself and stream the data rows beneath it.

Shared by the register and survey readers. The header is the block of one to three rows
(``read.header_block``) whose columns name the most fields (``read.header_fields``: [columns], exact
aliases, then meaning). A sheet is read when its header names the required fields; sheets that hold no
such table (instructions, totals, pivots) are skipped with a reason.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, count
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from kefu.core.dates import Absurd, Unreadable, single_year
from kefu.core.errors import InputError, where
from kefu.core.normalize import column_letter, normalize_header
from kefu.core.records import SheetInfo
from kefu.core.settings import LimitsSection
from kefu.read.cells import CONVERTERS
from kefu.read.header_block import Block, candidate_blocks, fill_merged
from kefu.read.header_fields import Mapping, claimed_fields, resolve, score
from kefu.read.raw_cells import PartScan
from kefu.read.workbook import open_checked

_BRACKETED = re.compile(r"[((\[【][^))\]】]*[))\]】]")
# A sheet matching this many fields but lacking a required one is a broken register, not another table.
_LOOKS_LIKE_TABLE = 4
_MAX_DEPTH_BELOW = 3   # a deeper header would have its bottom row within this many rows of a shallower one


@dataclass(frozen=True)
class FieldSpec:
    """What a table reader looks for: field -> (kind, aliases), the required fields, office overrides."""

    fields: dict[str, tuple[str, tuple[str, ...]]]
    required: tuple[str, ...]
    overrides: dict[str, str]        # field -> the office's own header text ([columns]; 回访/日期 allowed)
    what: str                        # Chinese name of the table, for messages (投诉登记表)
    matcher: Callable[[str], tuple[str, ...]] | None = None   # header key -> fields by meaning

    @cached_property
    def alias_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for name, (_kind, aliases) in self.fields.items():
            for alias in aliases:
                index.setdefault(header_key(alias), name)
        return index

    @cached_property
    def override_index(self) -> dict[str, str]:
        return {header_key(text): name for name, text in self.overrides.items()}

    def header_index(self) -> dict[str, str]:
        """Header key -> field, the office's words over the built-in aliases."""
        return {**self.alias_index, **self.override_index}


@lru_cache(maxsize=8192)
def header_key(text) -> str:
    return normalize_header(_BRACKETED.sub("", str(text)) or str(text))


@dataclass
class Sheet:
    """One sheet with a header: where its columns are and an iterator over its data rows."""

    info: SheetInfo
    plan: list[tuple[str, int]]                 # (field, 0-based index into the row list)
    first_row: int                              # 1-based Excel row of the first data row
    values: Iterator[list]                      # the data rows' values, one list per Excel row from first_row
    year: int | None = None                     # the year of dates typed without one (SheetInfo.year)

    @property
    def rows(self) -> Iterator[tuple[int, list]]:
        """(1-based Excel row, values) for each data row (shares the iterator with ``values``)."""
        return zip(count(self.first_row), self.values)


def select_sheets(names: list[str], patterns: tuple[str, ...]) -> list[str]:
    if not patterns or "*" in patterns:
        return list(names)
    return [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]


class Tables(NamedTuple):
    sheets: list[Sheet]                  # the sheets that hold the table
    skipped: list[SheetInfo]             # those that do not, with the reason
    scans: dict[str, PartScan]           # what the file check saw of each worksheet part (``read.raw_cells``)


def read_tables(path: Path, spec: FieldSpec, sheet_patterns: tuple[str, ...], *,
                search_rows: int = 30, limits: LimitsSection | None = None,
                require_any: tuple[str, ...] = ()) -> Tables:
    """Open the workbook and return the sheets that hold the table, and those skipped (with reason).

    ``require_any``: besides ``spec.required``, the header must name at least one of these fields.
    """
    book, scans = open_checked(path, limits)
    names = select_sheets(book.sheet_names, sheet_patterns)
    if not names:
        raise InputError(f"{where(path)}中没有与配置 sheets = {', '.join(sheet_patterns)} 相符的工作表。"
                         f"现有工作表:{'、'.join(book.sheet_names)}。")
    found, skipped, seen_headers = [], [], {}
    for name in names:
        sheet = _open_sheet(book, path, name, spec, search_rows, require_any)
        if isinstance(sheet, Sheet):
            found.append(sheet)
        else:
            info, headers = sheet
            skipped.append(info)
            seen_headers[name] = headers
    if not found:
        raise InputError(_nothing_found(path, spec, seen_headers))
    return Tables(found, skipped, scans)


def _open_sheet(book, path: Path, name: str, spec: FieldSpec, search_rows: int,
                require_any: tuple[str, ...] = ()):
    ws = book.get_sheet_by_name(name)
    col_offset = ws.start[1] if ws.start else 0
    rows = ws.iter_rows()
    head: list[list] = []
    for values in rows:
        head.append(values)
        if len(head) >= search_rows:
            break
    filled = [list(values) for values in head]  # merged header cells filled; data rows stay as read
    ranges = ws.merged_cell_ranges
    fill_merged(filled, ranges, col_offset)
    block = _best_block(filled, spec, stretch=not ranges)
    if block is None:
        return SheetInfo(name, None, {}, skipped_reason="没有找到表头"), _texts(head)
    found = claimed_fields(block, spec, header_key)
    missing = [f for f in spec.required if f not in found]
    if require_any and not set(require_any) & found:
        return (SheetInfo(name, None, {}, skipped_reason=f"不是{spec.what}"), _texts(head))
    if missing:
        if len(found) >= _LOOKS_LIKE_TABLE:
            raise InputError(_missing_message(path, name, block, spec, missing))
        return (SheetInfo(name, None, {}, skipped_reason=f"不是{spec.what}(表头中没有 "
                          f"{'、'.join(spec.fields[m][1][0] for m in missing)})"), _texts(head))
    mapping = resolve(block, spec, header_key, (path, name), col_offset)
    info = _sheet_info(name, block, mapping, col_offset, head)
    plan = sorted(((f, col.index) for f, col in mapping.chosen.items()), key=lambda p: p[1])
    return Sheet(info, plan, block.bottom + 2, chain(head[block.bottom + 1:], rows), info.year)


def _best_block(filled: list[list], spec: FieldSpec, stretch: bool) -> Block | None:
    """The block naming most fields (at least two); on a tie the shallower, then the higher one.

    Once a block names a table's worth of fields, rows well below it are data: the search stops there."""
    best, best_key, cache = None, (1, 0, 0), dict[tuple, int]()
    for block in candidate_blocks(filled, stretch):
        if best is not None and best_key[0] >= _LOOKS_LIKE_TABLE and block.bottom > best.bottom + _MAX_DEPTH_BELOW:
            break
        rank = (score(block, spec, header_key, cache), -block.depth, -block.bottom)
        if rank > best_key:
            best, best_key = block, rank
    return best


def _sheet_info(name: str, block: Block, mapping: Mapping, col_offset: int, head: list[list]) -> SheetInfo:
    letter = lambda col: column_letter(col.index + col_offset)  # noqa: E731
    columns = {f: letter(col) for f, col in sorted(mapping.chosen.items(), key=lambda fc: fc[1].index)}
    headers = {f: col.display for f, col in mapping.chosen.items()}
    unused = [(letter(col), col.display) for col in mapping.unused]
    year = single_year([name]) or single_year(_texts(head[:block.top]))
    return SheetInfo(name, block.bottom + 1, columns, headers=headers, unused=unused, year=year)


def _texts(head: list[list]) -> list[str]:
    out: list[str] = []
    for values in head:
        out.extend(str(v).strip() for v in values if isinstance(v, str) and v.strip())
    return out[:20]


def _missing_message(path, sheet, block: Block, spec: FieldSpec, missing) -> str:
    found = "、".join(col.display for col in block.columns)
    need = "、".join(f"{spec.fields[m][1][0]}" for m in missing)
    lines = "; ".join(f"{m} = 列名" for m in missing)
    return (f"{where(path, sheet)}第 {block.bottom + 1} 行的表头缺少必需的列:{need}。"
            f"找到的表头:{found}。请在表头中加上该列,或在 config.ini 的 [columns] 中写明贵处使用的列名"
            f"({lines})。")


def _nothing_found(path, spec: FieldSpec, seen: dict[str, list[str]]) -> str:
    need = "、".join(spec.fields[m][1][0] for m in spec.required) or "调查项目"
    parts = [f"「{name}」:{'、'.join(texts[:8]) or '空'}" for name, texts in seen.items()]
    return (f"{where(path)}中没有找到{spec.what}(表头需包含 {need} 等列)。"
            f"各工作表开头的内容:{';'.join(parts)}。如果贵处的列名不同,请在 config.ini 的 [columns] 中写明。")


_UNREADABLE = (Unreadable, Absurd)
# Kinds whose every cell is its own value (a complaint number, a phone number): nothing to share.
_OWN_VALUE_KINDS = frozenset({"number", "phone"})
# Cells shared through a column's memo: text and dates. Not numbers: True == 1 == 1.0 are one dict key,
# and a text column types TRUE as 是 but 1 as "1".
_SHARED_CLASSES = frozenset({str, dt.date, dt.datetime})


def typing_plan(columns: list[tuple[str, int]], fields: dict[str, tuple[str, tuple[str, ...]]],
                converter_of: Callable[[str], Callable] = CONVERTERS.__getitem__) -> list[tuple]:
    """(field, column index, converter, memo) for ``typed_row``, from a sheet's (field, index) plan and the
    reader's fields (field -> (kind, aliases)). ``converter_of(kind)``: the converter of a kind.

    A memo makes equal cells of a column one typed value: a register repeats 已完成, 工程部 and each day's
    date thousands of times, and 100k rows then hold about a quarter less memory. A fresh plan per sheet
    read: the memos end with the read."""
    return [(f, i, converter_of(fields[f][0]), None if fields[f][0] in _OWN_VALUE_KINDS else {})
            for f, i in columns]


def typed_row(values: list, plan) -> tuple[dict, dict]:
    """One data row through a ``typing_plan``: (field -> value, field -> text of a date that could not be
    read). Empty cells are left out of both."""
    data, unreadable = {}, {}
    width = len(values)
    for field_name, index, convert, memo in plan:
        raw = values[index] if index < width else ""
        if not raw and (raw == "" or raw is None):   # "not raw" first: one cheap test for a filled cell
            continue
        if memo is None or raw.__class__ not in _SHARED_CLASSES:
            value = convert(raw)
        else:
            value = memo.get(raw)
            if value is None:
                value = memo[raw] = convert(raw)
        if value.__class__ in _UNREADABLE:
            unreadable[field_name] = value    # its kind (Absurd, ...) is kept for the message
        else:
            data[field_name] = value
    return data, unreadable
