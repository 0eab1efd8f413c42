"""The 整改跟踪 sheet of the survey workbook: the rectifications the director set.

Columns (found by header, under titles and merged cells like every kefu table): 项目, 存在问题, 责任部门,
整改期限, 状态, 完成日期. A rectification is done when it has a 完成日期 or its 状态 says so (已完成…).
A missing sheet is not an error: the office may not have started one yet (``found=False``).
Which rectifications are overdue is the rule ``kefu.rules.rectify``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kefu.core.settings import Settings
from kefu.read.table import FieldSpec, read_tables, typed_row, typing_plan
from kefu.core.records import SheetInfo
from kefu.read.workbook import SheetCache, open_cached

RECTIFY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "item": ("text", ("项目", "调查项目", "整改项目")),
    "problem": ("text", ("存在问题", "问题", "主要问题", "整改内容")),
    "department": ("text", ("责任部门", "责任班组", "负责部门")),
    "deadline": ("date", ("整改期限", "期限", "完成期限", "限期")),
    "status": ("text", ("状态", "整改状态", "进度")),
    "completed_on": ("date", ("完成日期", "实际完成日期")),
}
DONE_WORDS = ("已完成", "完成", "已整改", "整改完毕", "已落实", "已解决", "关闭", "已关闭")

STATE_DONE, STATE_OVERDUE, STATE_OPEN = "已完成", "已逾期", "整改中"


@dataclass
class Rectification:
    sheet: str
    row: int
    item: str = ""
    problem: str = ""
    department: str = ""
    deadline: dt.date | None = None
    status: str = ""
    completed_on: dt.date | None = None
    unreadable: dict[str, str] | None = None
    columns: dict[str, str] | None = None

    @property
    def done(self) -> bool:
        said_done = any(w in self.status for w in DONE_WORDS) and "未完成" not in self.status
        return self.completed_on is not None or said_done

    def overdue(self, as_of: dt.date) -> bool:
        return not self.done and self.deadline is not None and self.deadline < as_of

    def state(self, as_of: dt.date) -> str:
        """The one state every output shows: 已完成, 已逾期, else what the sheet's 状态 says (未开始, 进行中 …),
        整改中 when it says nothing."""
        if self.done:
            return STATE_DONE
        if self.overdue(as_of):
            return STATE_OVERDUE
        return self.status.strip() or STATE_OPEN

    def shown_state(self, as_of: dt.date) -> str:
        """The state with the sheet's own word kept beside 已逾期: 已逾期(未开始)."""
        state, written = self.state(as_of), self.status.strip()
        return f"{state}({written})" if state == STATE_OVERDUE and written else state

    def cell(self, field_name: str) -> str | None:
        if self.columns and field_name in self.columns:
            return f"{self.columns[field_name]}{self.row}"
        return None


@dataclass
class RectifySheet:
    path: Path
    sheet_name: str
    found: bool                      # False when the workbook has no such sheet
    items: list[Rectification]
    info: SheetInfo | None = None    # the sheet as read (None when it holds no rectification table)
    skipped_reason: str = ""         # why it was not read, when it was not


def rectify_spec() -> FieldSpec:
    return FieldSpec(RECTIFY_FIELDS, ("item", "problem"), {}, "整改跟踪表")


def read_rectifications(settings: Settings, path: Path | None = None, book: SheetCache | None = None) -> RectifySheet:
    """Read the rectify sheet of the survey workbook; ``found=False`` when there is none. ``book``: the
    workbook already opened (``Survey.books``)."""
    path = Path(path or settings.paths.survey)
    name = settings.survey.rectify_sheet
    book = book or open_cached(path, settings.limits)   # checked and opened once, for the names and the table
    if name not in book.sheet_names:
        return RectifySheet(path, name, False, [])
    sheets, skipped, _scans = read_tables(path, rectify_spec(), (name,), book=book,
                                          search_rows=settings.register.header_search_rows, limits=settings.limits)
    items: list[Rectification] = []
    for sheet in sheets:
        plan = typing_plan(sheet.plan, RECTIFY_FIELDS)
        for row_number, values in sheet.rows:
            rec = _row(sheet.info.name, row_number, values, plan, sheet.info.columns)
            if rec is not None:
                items.append(rec)
    return RectifySheet(path, name, True, items, sheets[0].info if sheets else None,
                        skipped[0].skipped_reason if skipped else "")


def _row(sheet_name, row_number, values, plan, columns) -> Rectification | None:
    data, unreadable = typed_row(values, plan)
    if not (data.get("item") or data.get("problem")):
        return None
    return Rectification(sheet_name, row_number, columns=columns, unreadable=unreadable or None, **data)
