"""Registers laid out as property offices really keep them, each with the same planted complaints.

Every layout holds, on 2026-11-26 (reply deadline: three calendar days):
- TS-2026-0001 received 11-10, never answered            -> reply.overdue
- TS-2026-0002 received 11-10, answered 11-20            -> reply.late
- TS-2026-0003 received 11-24, answered 11-25            -> nothing
- TS-2026-0004 twice (received 11-25, answered the same day) -> number.duplicate on both rows
A layout says where each planted value goes by the header it writes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

D = dt.date
AS_OF = D(2026, 11, 26)
PLANTED = [
    dict(number="TS-2026-0001", received=D(2026, 11, 10), time=dt.time(9, 30), replied=None, name="王建国",
         unit="3栋501", phone="13812345678", what="卫生间漏水", dept="工程部"),
    dict(number="TS-2026-0002", received=D(2026, 11, 10), time=dt.time(14, 5), replied=D(2026, 11, 20),
         name="李梅", unit="5栋302", phone="13900001111", what="电梯异响", dept="工程部"),
    dict(number="TS-2026-0003", received=D(2026, 11, 24), time=dt.time(10, 0), replied=D(2026, 11, 25),
         name="张强", unit="1栋101", phone="13700002222", what="楼道堆物", dept="保洁部"),
    dict(number="TS-2026-0004", received=D(2026, 11, 25), time=dt.time(8, 45), replied=D(2026, 11, 25),
         name="赵敏", unit="2栋203", phone="13600003333", what="噪音扰民", dept="秩序部"),
    dict(number="TS-2026-0004", received=D(2026, 11, 25), time=dt.time(16, 20), replied=D(2026, 11, 25),
         name="钱进", unit="6栋606", phone="13500004444", what="车位被占", dept="秩序部"),
]
EXPECTED = {"reply.overdue": ["TS-2026-0001"], "reply.late": ["TS-2026-0002"],
            "number.duplicate": ["TS-2026-0004", "TS-2026-0004"]}


def _row(c: dict, columns: list) -> list:
    """columns: per column, a key of the planted dict, a callable of it, or None (left empty)."""
    return [(col(c) if callable(col) else c.get(col) if col else None) for col in columns]


def _sheet(wb, name: str, header_rows: list[list], merges: list[str], columns: list, rows=PLANTED, *,
           above: list[list] = (), start_col: int = 1):
    ws = wb.create_sheet(name)
    for values in list(above) + header_rows:
        ws.append([None] * (start_col - 1) + list(values))
    for rng in merges:
        ws.merge_cells(rng)
    for c in rows:
        ws.append([None] * (start_col - 1) + _row(c, columns))
    return ws


def _book(path: Path, build) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    build(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


GROUPED_TOP = ["序号", "编号", "受理", None, "投诉人", None, None, "投诉内容", "处理情况", None, None, None,
               "回访", None, None]
GROUPED_SUB = [None, None, "日期", "时间", "姓名", "房号", "电话", None, "责任部门", "通知单号", "答复日期",
               "处理结果", "日期", "情况", "是否满意"]
GROUPED_MERGES = ["A2:A3", "B2:B3", "H2:H3", "C2:D2", "E2:G2", "I2:L2", "M2:O2", "A1:O1"]
GROUPED_COLUMNS = [None, "number", "received", "time", "name", "unit", "phone", "what", "dept", "number",
                   "replied", None, None, None, None]


def grouped_two_rows(path: Path, reply_header: str = "答复日期") -> Path:
    """The issue's register: 受理 over 日期|时间, 投诉人 over 姓名|房号|电话, 处理情况 over four, 回访 over three."""
    sub = [reply_header if h == "答复日期" else h for h in GROUPED_SUB]
    return _book(path, lambda wb: _sheet(wb, "2026年", [GROUPED_TOP, sub], GROUPED_MERGES, GROUPED_COLUMNS,
                                         above=[["阳光花园管理处 客户投诉登记表"]]))


def grouped_three_rows(path: Path) -> Path:
    """A group-of-groups row (投诉受理 | 处理及回访) above the two-row grouped header."""
    top = ["投诉受理"] + [None] * 7 + ["处理及回访"] + [None] * 6
    merges = ["A1:H1", "I1:O1", "A2:A3", "B2:B3", "H2:H3", "C2:D2", "E2:G2", "I2:L2", "M2:O2"]
    return _book(path, lambda wb: _sheet(wb, "投诉登记", [top, GROUPED_TOP, GROUPED_SUB], merges, GROUPED_COLUMNS))


def monthly_sheets(path: Path) -> Path:
    """One sheet per month, the words offices use, an instructions sheet first and a totals sheet last."""
    headers = ["编  号", "接访日期", "投诉人", "住址", "联系电话", "投诉事由", "承办部门", "回复业主日期",
               "回访时间", "回访意见"]
    columns = ["number", "received", "name", "unit", "phone", "what", "dept", "replied", None, None]

    def build(wb):
        notes = wb.create_sheet("填表说明")
        for line in ("填表说明", "1. 每件投诉一行,当天登记。", "2. 编号格式 TS-2026-0001。", "3. 三天内答复业主。"):
            notes.append([line])
        _sheet(wb, "2026年10月", [headers], [], columns, rows=[], above=[["2026年10月投诉登记"]])
        _sheet(wb, "2026年11月", [headers], [], columns, above=[["2026年11月投诉登记"]])
        totals = wb.create_sheet("汇总")
        totals.append(["月份", "投诉件数", "已答复件数", "未答复件数"])
        totals.append(["10月", 0, 0, 0])
        totals.append(["11月", 5, 4, 1])
    return _book(path, build)


def broken_headers(path: Path) -> Path:
    """Line breaks and blanks inside headers, full-width brackets, an empty column, the table from column B."""
    headers = ["编\n号", "受 理 日 期", None, "投诉人（业主）", "房　号", "投诉内容", "答复日期\n（三日内）",
               "责任\n部门", "通知单\n编号"]
    columns = ["number", "received", None, "name", "unit", "what", "replied", "dept", "number"]
    return _book(path, lambda wb: _sheet(wb, "登记表", [headers], [], columns, start_col=2,
                                         above=[["客户投诉登记表(2026年)"], []]))


def below_form_block(path: Path) -> Path:
    """A form block (填报单位 / 填报时间) above the header; 投诉时间 holds date and time together."""
    headers = ["编号", "投诉时间", "业主姓名", "房间", "投诉问题", "承办部门", "反馈日期"]
    columns = ["number", lambda c: dt.datetime.combine(c["received"], c["time"]), "name", "unit", "what",
               "dept", "replied"]
    above = [["客户投诉登记表"], ["填报单位:阳光花园管理处", None, None, None, "填报时间:2026年11月"],
             ["填表人:", "张敏"], []]
    return _book(path, lambda wb: _sheet(wb, "登记", [headers], [], columns, above=above))


def date_and_time_columns(path: Path) -> Path:
    """受理日期 and 受理时间, 回复日期 and 回复时间: the times are read, never taken for the dates."""
    headers = ["编号", "受理日期", "受理时间", "来访人", "楼栋", "诉求", "部门", "回复日期", "回复时间"]
    columns = ["number", "received", "time", "name", "unit", "what", "dept", "replied",
               lambda c: dt.time(17, 0) if c["replied"] else None]
    return _book(path, lambda wb: _sheet(wb, "2026", [headers], [], columns))


def time_columns_only(path: Path) -> Path:
    """Only 受理时间 / 回复时间 columns, holding dates with times: they are the dates."""
    headers = ["登记编号", "受理时间", "客户", "地址", "事由", "班组", "回复时间"]
    columns = ["number", lambda c: dt.datetime.combine(c["received"], c["time"]), "name", "unit", "what",
               "dept", lambda c: c["replied"] and dt.datetime.combine(c["replied"], dt.time(11, 0))]
    return _book(path, lambda wb: _sheet(wb, "Sheet1", [headers], [], columns))


def dates_without_year(path: Path) -> Path:
    """Dates typed as 11月10日 / 11-20 / 11/24 on a sheet whose title names 2026."""
    headers = ["编号", "来访时间", "姓名", "房号", "内容摘要", "责任部门", "回复时间"]
    forms = ["{m}月{d}日", "{m}-{d}", "{m}/{d}"]
    text = lambda day, i: day and forms[i % 3].format(m=day.month, d=day.day)  # noqa: E731
    rows = [dict(c, i=i) for i, c in enumerate(PLANTED)]
    columns = ["number", lambda c: text(c["received"], c["i"]), "name", "unit", "what", "dept",
               lambda c: text(c["replied"], c["i"] + 1)]
    return _book(path, lambda wb: _sheet(wb, "登记表", [headers], [], columns, rows=rows,
                                         above=[["阳光花园 2026年度 投诉登记"]]))


def layout_changed_midyear(path: Path) -> Path:
    """Two sheets laid out differently: an ordinary header (no notice numbers) then the grouped one."""
    headers = ["编号", "受理日期", "业主", "房号", "回复日期"]

    def build(wb):
        _sheet(wb, "2026年10-11月", [headers], [], ["number", "received", "name", "unit", "replied"],
               rows=PLANTED[:2])
        _sheet(wb, "2026年11月下", [GROUPED_TOP, GROUPED_SUB], GROUPED_MERGES, GROUPED_COLUMNS, rows=PLANTED[2:],
               above=[["阳光花园管理处 客户投诉登记表"]])
    return _book(path, build)


LAYOUTS = {
    "layout_changed_midyear": layout_changed_midyear,
    "grouped_two_rows": grouped_two_rows,
    "grouped_three_rows": grouped_three_rows,
    "monthly_sheets": monthly_sheets,
    "broken_headers": broken_headers,
    "below_form_block": below_form_block,
    "date_and_time_columns": date_and_time_columns,
    "time_columns_only": time_columns_only,
    "dates_without_year": dates_without_year,
}
