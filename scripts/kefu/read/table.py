"""Find the header row of each sheet by itself and stream the data rows beneath it.

Shared by the register and survey readers. A sheet is read when its header row names the required
fields; sheets that hold no such table (instructions, pivots) are skipped with a reason.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from itertools import chain, count
from pathlib import Path
from typing import Iterator

from kefu.core.dates import Unreadable
from kefu.core.errors import InputError, where
from kefu.core.normalize import column_letter, normalize_header
from kefu.core.records import SheetInfo
from kefu.read.workbook import open_workbook

_BRACKETED = re.compile(r"[((\[【][^))\]】]*[))\]】]")
# A sheet matching this many fields but lacking a required one is a broken register, not another table.
_LOOKS_LIKE_TABLE = 4


@dataclass(frozen=True)
class FieldSpec:
    """What a table reader looks for: field -> (kind, aliases), the required fields, office overrides."""

    fields: dict[str, tuple[str, tuple[str, ...]]]
    required: tuple[str, ...]
    overrides: dict[str, str]        # field -> the office's own header text ([columns])
    what: str                        # Chinese name of the table, for messages (投诉登记表)

    def header_index(self) -> dict[str, str]:
        index = {}
        for name, (_kind, aliases) in self.fields.items():
            for alias in aliases:
                index.setdefault(header_key(alias), name)
        for name, text in self.overrides.items():
            index[header_key(text)] = name   # the office's word wins over a built-in alias
        return index


def header_key(text) -> str:
    return normalize_header(_BRACKETED.sub("", str(text)) or str(text))


@dataclass
class Sheet:
    """One sheet with a header: where its columns are and an iterator over its data rows."""

    info: SheetInfo
    plan: list[tuple[str, int]]                 # (field, 0-based index into the row list)
    first_row: int                              # 1-based Excel row of the first data row
    values: Iterator[list]                      # the data rows' values, one list per Excel row from first_row

    @property
    def rows(self) -> Iterator[tuple[int, list]]:
        """(1-based Excel row, values) for each data row (shares the iterator with ``values``)."""
        return zip(count(self.first_row), self.values)


def select_sheets(names: list[str], patterns: tuple[str, ...]) -> list[str]:
    if not patterns or "*" in patterns:
        return list(names)
    return [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]


def read_tables(path: Path, spec: FieldSpec, sheet_patterns: tuple[str, ...], *,
                search_rows: int = 30, limits=None,
                require_any: tuple[str, ...] = ()) -> tuple[list[Sheet], list[SheetInfo]]:
    """Open the workbook and return the sheets that hold the table, and those skipped (with reason).

    ``require_any``: besides ``spec.required``, the header must name at least one of these fields.
    """
    book = open_workbook(path, limits)
    names = select_sheets(book.sheet_names, sheet_patterns)
    if not names:
        raise InputError(f"{where(path)}中没有与配置 sheets = {', '.join(sheet_patterns)} 相符的工作表。"
                         f"现有工作表:{'、'.join(book.sheet_names)}。")
    index = spec.header_index()
    found, skipped, seen_headers = [], [], {}
    for name in names:
        sheet = _open_sheet(book, path, name, spec, index, search_rows, require_any)
        if isinstance(sheet, Sheet):
            found.append(sheet)
        else:
            info, headers = sheet
            skipped.append(info)
            seen_headers[name] = headers
    if not found:
        raise InputError(_nothing_found(path, spec, seen_headers))
    return found, skipped


def _open_sheet(book, path: Path, name: str, spec: FieldSpec, index: dict[str, str], search_rows: int,
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
    _fill_merged(filled, ws.merged_cell_ranges, col_offset)
    best = _best_header(filled, index)
    if best is None:
        return SheetInfo(name, None, {}, skipped_reason="没有找到表头"), _texts(head)
    header_row, mapping = best
    missing = [f for f in spec.required if f not in mapping.values()]
    if require_any and not set(require_any) & set(mapping.values()):
        return (SheetInfo(name, None, {}, skipped_reason=f"不是{spec.what}"), _texts(head))
    if missing:
        if len(set(mapping.values())) >= _LOOKS_LIKE_TABLE:
            raise InputError(_missing_message(path, name, header_row, filled[header_row], spec, missing))
        return (SheetInfo(name, None, {}, skipped_reason=f"不是{spec.what}(表头中没有 "
                          f"{'、'.join(spec.fields[m][1][0] for m in missing)})"), _texts(head))
    plan = _plan(path, name, header_row, filled[header_row], mapping, col_offset)
    columns = {f: column_letter(i + col_offset) for f, i in plan}
    info = SheetInfo(name, header_row + 1, columns)
    return Sheet(info, plan, header_row + 2, chain(head[header_row + 1:], rows))


def _fill_merged(head: list[list], ranges, col_offset: int) -> None:
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


def _best_header(head: list[list], index: dict[str, str]) -> tuple[int, dict[int, str]] | None:
    best, best_score = None, 1  # a header names at least two fields
    for r, values in enumerate(head):
        mapping = {c: index[k] for c, v in enumerate(values) if v != "" and (k := header_key(v)) in index}
        score = len(set(mapping.values()))
        if score > best_score:
            best, best_score = (r, mapping), score
    return best


def _plan(path, sheet, header_row, values, mapping: dict[int, str], col_offset) -> list[tuple[str, int]]:
    """field -> column index; the same header twice is an error, two aliases of a field keep the first."""
    plan, seen = [], {}
    for col, name in sorted(mapping.items()):
        if name in seen:
            first = seen[name]
            if header_key(values[first]) == header_key(values[col]):
                a = f"{column_letter(first + col_offset)}{header_row + 1}"
                b = f"{column_letter(col + col_offset)}{header_row + 1}"
                raise InputError(f"{where(path, sheet)}表头「{values[col]}」出现了两次({a} 和 {b}),"
                                 f"kefu 无法判断用哪一列。请删除或改名其中一列。")
            continue
        seen[name] = col
        plan.append((name, col))
    return plan


def _texts(head: list[list]) -> list[str]:
    out = []
    for values in head:
        out.extend(str(v).strip() for v in values if isinstance(v, str) and v.strip())
    return out[:20]


def _missing_message(path, sheet, header_row, values, spec: FieldSpec, missing) -> str:
    found = "、".join(str(v).strip() for v in values if str(v).strip())
    need = "、".join(f"{spec.fields[m][1][0]}" for m in missing)
    return (f"{where(path, sheet)}第 {header_row + 1} 行的表头缺少必需的列:{need}。"
            f"找到的表头:{found}。请在表头中加上该列,或在 config.ini 的 [columns] 中写明贵处使用的列名。")


def _nothing_found(path, spec: FieldSpec, seen: dict[str, list[str]]) -> str:
    need = "、".join(spec.fields[m][1][0] for m in spec.required) or "调查项目"
    parts = [f"「{name}」:{'、'.join(texts[:8]) or '空'}" for name, texts in seen.items()]
    return (f"{where(path)}中没有找到{spec.what}(表头需包含 {need} 等列)。"
            f"各工作表开头的内容:{';'.join(parts)}。如果贵处的列名不同,请在 config.ini 的 [columns] 中写明。")


def typed_row(values: list, plan) -> tuple[dict, dict]:
    """One data row through a plan of (field, column index, converter): (field -> value, field -> text
    of a date that could not be read). Empty cells are left out of both."""
    data, unreadable = {}, {}
    width = len(values)
    for field_name, index, convert in plan:
        raw = values[index] if index < width else ""
        if raw == "" or raw is None:
            continue
        value = convert(raw)
        if value.__class__ is Unreadable:
            unreadable[field_name] = str(value)
        else:
            data[field_name] = value
    return data, unreadable
