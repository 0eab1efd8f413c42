"""The callback-records workbook (回访记录.xlsx): rows the callback list adds, results staff type in.

The callback list appends one row per owner to call, with the result columns left empty. When staff
type a result into a row, that row is a callback exactly like one typed into the register's callback
columns. The daily check gets these rows through ``callback_context`` (``RuleContext.callback_records``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kefu.core.settings import Settings
from kefu.read.table import FieldSpec, read_tables, typed_row, typing_plan

SHEET_NAME = "回访记录"

# The columns the list writes, in order: (field, header). Fields None are written but not read back.
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("listed_on", "清单日期"),
    ("kind", "类型"),
    ("number", "编号"),
    (None, "业主姓名"),
    ("unit", "房号"),
    (None, "联系电话"),
    (None, "投诉内容"),
    (None, "处理情况"),
    (None, "完成日期"),
    ("called_on", "回访日期"),
    ("method", "回访方式"),
    ("result", "回访结果"),
    ("satisfied", "是否满意"),
    ("called_by", "回访人"),
    ("remarks", "备注"),
    ("settled", "登记表回访"),
)
# 登记表回访: kefu's note on a row left empty whose callback the register records (the row is kept, greyed).
# The columns staff fill in; they are never written by kefu once a row exists.
RESULT_HEADERS = ("回访日期", "回访方式", "回访结果", "是否满意", "回访人", "备注")

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("number", ("编号", "投诉编号")),
    "listed_on": ("date", ("清单日期", "列入日期")),
    "kind": ("text", ("类型", "回访类型")),
    "unit": ("text", ("房号",)),
    "called_on": ("date", ("回访日期",)),
    "method": ("text", ("回访方式",)),
    "result": ("text", ("回访结果", "回访情况", "回访意见")),
    "satisfied": ("text", ("是否满意", "满意度")),
    "called_by": ("text", ("回访人",)),
    "remarks": ("text", ("备注",)),
    "settled": ("text", ("登记表回访",)),
}


@dataclass(frozen=True, slots=True)
class CallbackRecord:
    """One row of the callback-records workbook."""

    number: str
    sheet: str
    row: int
    listed_on: dt.date | None = None
    kind: str = ""
    unit: str = ""
    called_on: dt.date | None = None
    method: str = ""
    result: str = ""
    satisfied: str = ""
    called_by: str = ""
    remarks: str = ""
    settled: str = ""           # kefu noted: the register records this callback (the row is no longer owed)

    @property
    def typed(self) -> bool:
        """Staff typed something that records a callback (a date, a result or 是否满意)."""
        return bool(self.called_on or self.result or self.satisfied)


def records_spec() -> FieldSpec:
    return FieldSpec(FIELDS, ("number",), {}, "回访记录表")


def read_callback_records(settings: Settings, path: Path | None = None) -> dict[str, list[CallbackRecord]]:
    """number -> its rows, in sheet order. A missing workbook means no records yet ({})."""
    path = Path(path or settings.paths.callback_records)
    if not path.is_file():
        return {}
    sheets, _skipped, _scans = read_tables(path, records_spec(), ("*",), search_rows=settings.register.header_search_rows,
                                           limits=settings.limits, require_any=("result", "satisfied", "called_on"))
    out: dict[str, list[CallbackRecord]] = {}
    for sheet in sheets:
        for record in _read_sheet(sheet):
            out.setdefault(record.number, []).append(record)
    return out


def _read_sheet(sheet):
    plan = typing_plan(sheet.plan, FIELDS)
    for row_number, values in sheet.rows:
        data, _unreadable = typed_row(values, plan)   # a nonsense date: the row still counts by its result
        if data.get("number"):
            yield CallbackRecord(sheet=sheet.info.name, row=row_number, **data)


def callback_context(settings: Settings) -> dict[str, dict[str, list[CallbackRecord]]]:
    """For a RuleContext (``RuleContext.create(..., **callback_context(settings))``):
    {"callback_records": number -> [CallbackRecord]}."""
    return {"callback_records": read_callback_records(settings)}
