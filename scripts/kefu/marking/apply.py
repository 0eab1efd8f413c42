"""Remove kefu's earlier marks, then put today's, on either target (file or open Excel workbook)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from kefu.core.normalize import column_index, column_letter
from kefu.ledger.marks import MarkRecord
from kefu.marking.plan import CellMark, MarkPlan
from kefu.marking.targets import header_column


@dataclass
class Applied:
    marked: list[CellMark] = field(default_factory=list)
    records: list[MarkRecord] = field(default_factory=list)
    removed_cells: set[tuple[str, str]] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    status_columns: dict[str, set[int]] = field(default_factory=dict)  # sheet -> columns kefu wrote/cleared

    @property
    def removed(self) -> int:
        return len(self.removed_cells)

    def touch_column(self, sheet: str, letter: str) -> None:
        self.status_columns.setdefault(sheet, set()).add(column_index(letter) + 1)


def remove_marks(target, previous: list[MarkRecord], sheets, header: str, applied: Applied) -> None:
    """Put back fills kefu changed (only where kefu's colour is still there), delete kefu's notes and
    empty kefu's status column (header included)."""
    names = set(target.sheet_names())
    for rec in previous:
        if rec.kind != "fill" or rec.sheet not in names or not rec.colour:
            continue
        if target.has_fill(rec.sheet, rec.cell, rec.colour):
            if target.restore_fill(rec.sheet, rec.cell, rec.original):
                applied.removed_cells.add((rec.sheet, rec.cell))
            else:
                applied.warnings.append(f"工作表「{rec.sheet}」{rec.cell} 原来的填充色无法自动恢复,"
                                        "kefu 的颜色留在那里,请手动调整。")
    register_sheets = [s.name for s in sheets if s.name in names]
    recorded = [(r.sheet, r.cell) for r in previous if r.kind == "note"]
    for sheet, ref in target.kefu_note_cells(register_sheets, recorded):
        target.delete_note(sheet, ref)
        applied.removed_cells.add((sheet, ref))
    for info in sheets:
        if info.name in names and info.header_row:
            existing, _ = header_column(target.header_values(info.name, info.header_row), header)
            if existing:
                target.clear_column(info.name, existing, info.header_row)
                applied.touch_column(info.name, existing)


def apply_marks(target, plan: MarkPlan, sheets, *, mode: str, header: str, as_of: dt.date,
                applied: Applied, row_ok: Callable[[CellMark], bool] | None = None) -> None:
    names = set(target.sheet_names())
    for mark in plan.marks:
        if mark.sheet not in names:
            continue
        if row_ok is not None and not row_ok(mark):
            applied.warnings.append(
                f"工作表「{mark.sheet}」第 {mark.row} 行在打开的工作簿中已经和文件不同(可能插入、删除或改动了行),"
                "没有标记这一行;请保存后重新检查。")
            continue
        applied.records.append(MarkRecord(mark.sheet, mark.ref, "fill", mark.colour,
                                          target.fill_state(mark.sheet, mark.ref)))
        target.set_fill(mark.sheet, mark.ref, mark.colour)
        applied.marked.append(mark)
        if mode == "comment":
            _note(target, mark, as_of, applied)
    if mode == "column":
        _status_column(target, plan, sheets, header, applied)


def _note(target, mark: CellMark, as_of: dt.date, applied: Applied) -> None:
    if target.note(mark.sheet, mark.ref) is not None:
        applied.warnings.append(f"工作表「{mark.sheet}」{mark.ref} 已有批注,kefu 没有改动它,只标了颜色。")
        return
    target.add_note(mark.sheet, mark.ref, mark.note_text(as_of))
    applied.records.append(MarkRecord(mark.sheet, mark.ref, "note"))


def _status_column(target, plan: MarkPlan, sheets, header: str, applied: Applied) -> None:
    marked_rows = {(m.sheet, m.row) for m in applied.marked}
    statuses = {k: v for k, v in plan.row_status().items() if k in marked_rows}
    header_rows = {s.name: s.header_row for s in sheets}
    for sheet in sorted({s for s, _ in statuses}):
        row = header_rows.get(sheet)
        if not row:
            continue
        existing, after = header_column(target.header_values(sheet, row), header)
        column = existing or after
        if not existing:
            left = column_index(column) - 1      # the column on its left (-1: none)
            target.set_header(sheet, f"{column}{row}", header, f"{column_letter(left)}{row}" if left >= 0 else None)
        applied.records.append(MarkRecord(sheet, f"{column}{row}", "status"))
        applied.touch_column(sheet, column)
        for (s, r), (_severity, text) in sorted(statuses.items()):
            if s == sheet:
                target.write_text(sheet, f"{column}{r}", text)
