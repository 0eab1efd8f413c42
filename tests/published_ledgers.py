"""Registers laid out like published Chinese complaint ledgers, each read with no [columns] (issue 27).

The headers are those of published forms and system exports, in their order (sources below; the
contents are invented). Each layout plants complaints on 2026-11-26 (reply deadline: three calendar
days) and says which findings they must give, which rules its columns cannot express (未检查) and
what its sheets must be reported as. The planted complaints (key -> what it is):
- "overdue": received 11-10, never answered              -> reply.overdue (where a reply column exists)
- "late":    received 11-10, answered 11-20              -> reply.late
- "ok":      received 11-24, answered 11-25              -> nothing
- "twin1", "twin2": one number, received and answered 11-25 -> number.duplicate on both (where numbered)
Sources of the headers:
- 《消费者投诉随访登记表》 https://360docs.net/doc/5519339882.html (日期 | 投诉人姓名 | 联系方式 | 投诉内容 | 处理结果 | 随访人员 | 备注)
- 投诉登记与追踪管理系统 字段 http://www.tousu923.asia/software-127247.html (投诉编号、投诉人姓名、投诉时间、投诉内容、
  投诉类型、投诉状态、处理人员、处理结果、处理时间、处理备注)
- 公司客户投诉处理流程范本 https://www.360docs.net/doc/f619224009.html (客户姓名、联系方式、投诉时间、投诉方式、投诉内容、处理责任人)
- 投诉记录登记表 http://shijie.fsnews.com.cn/jxfw/202506/381011.html (姓名、联系方式、投诉日期、投诉事项描述、处理建议、
  处理结果、完成时间、满意度评价)
- 工商局消费者投诉登记表 https://360docs.net/doc/2a8347042.html (登记编号、投诉人、联系电话、被投诉方、投诉事实 …)
- 留言板 (留言时间 / 回复时间 / 留言状态 / 留言内容 / 回复内容): github.com/1tx/1tx.github.io WebRoot/messageshow.jsp;
  the government message-board export 留言编号/留言用户/留言主题/留言时间/留言详情/答复意见/答复时间
- 12345 热线 工单 (工单编号, 来电时间, 诉求内容, 承办单位, 办结时间, 回访满意度): the hotline's process as published at
  https://www.whwb.com.cn/zxwd/202507/287704.html (受理登记, 分类转办, 部门办理, 反馈回访)
- 信访台账 (序号, 信访日期, 信访人, 联系电话, 住址, 信访事项, 承办单位, 办理情况, 答复日期, 备注)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl

D, T = dt.date, dt.time
AS_OF = D(2026, 11, 26)
REPLY_RULES = ("reply.overdue", "reply.late", "reply.due_soon")
NUMBER_RULES = ("number.missing", "number.format", "number.duplicate", "number.gap", "number.year_mismatch",
                "number.vanished")

PLANTED = {
    "overdue": dict(number="TS-2026-0001", received=D(2026, 11, 10), time=T(9, 30), replied=None, name="王建国",
                    unit="3栋501", phone="13812345678", what="卫生间漏水,楼上住户不在家,请尽快联系处理",
                    short="漏水", dept="工程部"),
    "late": dict(number="TS-2026-0002", received=D(2026, 11, 10), time=T(14, 5), replied=D(2026, 11, 20),
                 name="李梅", unit="5栋302", phone="13900001111", what="电梯夜间异响,影响休息,已反映多次",
                 short="电梯", dept="工程部"),
    "ok": dict(number="TS-2026-0003", received=D(2026, 11, 24), time=T(10, 0), replied=D(2026, 11, 25),
               name="张强", unit="1栋101", phone="13700002222", what="楼道堆放杂物,存在消防隐患,请清理",
               short="堆物", dept="保洁部"),
    "twin1": dict(number="TS-2026-0004", received=D(2026, 11, 25), time=T(8, 45), replied=D(2026, 11, 25),
                  name="赵敏", unit="2栋203", phone="13600003333", what="晚上广场舞噪音扰民,请协调时间",
                  short="噪音", dept="秩序部"),
    "twin2": dict(number="TS-2026-0004", received=D(2026, 11, 25), time=T(16, 20), replied=D(2026, 11, 25),
                  name="钱进", unit="6栋606", phone="13500004444", what="车位被外来车辆占用,请处理",
                  short="车位", dept="秩序部"),
}
ALL = tuple(PLANTED)
# the overdue complaint of a newest-first sheet whose first row it is (received 11-22, deadline 11-25)
PLANTED["overdue_22"] = dict(PLANTED["overdue"], received=D(2026, 11, 22))


@dataclass
class Layout:
    """A published ledger's layout: how to build it, what it must give."""
    build: Callable[[Path], dict]            # path -> {(sheet, row): planted key}
    expected: dict[str, list[str]]           # rule -> planted keys (sorted), every finding but column.missing
    not_checked: tuple[str, ...] = ()        # rules that must say 未检查
    config: str = ""                         # extra config.ini text (never [columns])
    incomplete: tuple[str, ...] = ()         # sheets reported first: "missing:2026年", "unlisted:2027年"
    rows: dict[str, int] = field(default_factory=dict)   # sheet -> complaints read (when it matters)


def _datetime(c, form: str = "{y}年{m}月{d}日{h}时{mi}分") -> str:
    day, time = c["received"], c["time"]
    return form.format(y=day.year, m=day.month, d=day.day, h=time.hour, mi=time.minute)


def _write(path: Path, sheets: list[tuple[str, list[list], list[str], list]]) -> dict:
    """sheets: (name, rows above the data, planted keys in order, columns); a column is a key of the
    planted dict, a callable of it, or None. Returns (sheet, row) -> planted key."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    places = {}
    for name, above, keys, columns in sheets:
        ws = wb.create_sheet(name)
        for values in above:
            ws.append(list(values))
        for i, key in enumerate(keys):
            c = dict(PLANTED[key], key=key, i=i + 1)
            ws.append([(col(c) if callable(col) else c.get(col) if col else None) for col in columns])
            places[(name, ws.max_row)] = key
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return places


def _replied_at(c, hour: int = 17):
    return c["replied"] and dt.datetime.combine(c["replied"], T(hour, 0))


# ---------------------------------------------------------------- 1. a property system's export
def system_export(path: Path) -> dict:
    """投诉登记与追踪管理系统's fields in order, exported with a title row and datetimes; 处理时间 is no reply."""
    headers = ["投诉编号", "投诉人姓名", "投诉时间", "投诉内容", "投诉类型", "投诉状态", "处理人员", "处理结果",
               "处理时间", "处理备注"]
    cols = ["number", "name", lambda c: dt.datetime.combine(c["received"], c["time"]), "what", lambda c: "设施设备",
            lambda c: "已处理" if c["replied"] else "处理中", lambda c: "刘工", lambda c: "已处理" if c["replied"] else None,
            _replied_at, None]
    return _write(path, [("顾客投诉处理登记表", [["顾客投诉处理登记表(系统导出)"], headers], list(ALL), cols)])


# ---------------------------------------------------------------- 2. 投诉处理记录表 with 序号, date-times with 时
def record_with_serial(path: Path) -> dict:
    """序号 and the 范本's columns; no number, no reply column; newest first; 2026年11月10日9时30分."""
    headers = ["序号", "客户姓名", "联系方式", "投诉时间", "投诉方式", "投诉内容", "处理责任人"]
    cols = [lambda c: c["i"], "name", "phone", _datetime, lambda c: "电话", "what", lambda c: "刘经理"]
    keys = list(reversed(ALL))
    return _write(path, [("投诉处理记录表", [["客户投诉处理记录表"], ["单位:阳光花园管理处"], headers], keys, cols)])


# ---------------------------------------------------------------- 3. 信访 台账, form block, short first row
def petition_ledger(path: Path) -> dict:
    """信访台账: title, a form line, 序号 as text; newest first, the first row short and word-rich; the
    overdue one's date typed 2026年11月10日上午."""
    headers = ["序号", "信访日期", "信访人", "联系电话", "住址", "信访事项", "承办单位", "办理情况", "答复日期", "备注"]
    cols = [lambda c: str(c["i"]), lambda c: _datetime(c, "{y}年{m}月{d}日上午") if c["key"] == "overdue"
            else c["received"], "name", "phone", "unit", "short", "dept",
            lambda c: "已答复" if c["replied"] else "办理中", "replied", None]
    above = [["2026年信访工作台账"], ["填报单位:阳光花园管理处", None, None, None, None, None, "填报时间:2026年11月"]]
    return _write(path, [("台账", above + [headers], ["ok", "late", "overdue"], cols)])


# ---------------------------------------------------------------- 4. 12345 hotline 办件明细
def hotline_detail(path: Path) -> dict:
    """Two 编号-like columns (only 办件编号 holds the pattern), 来电时间 with 点, 办结 and 回访满意度."""
    headers = ["序号", "办件编号", "市级编号", "来电时间", "来电人", "来电号码", "诉求类型", "诉求内容", "承办单位",
               "办理时限", "办结时间", "办理结果", "回访满意度"]
    cols = [lambda c: c["i"], "number", lambda c: f"SJ{c['received']:%Y%m%d}{c['i']:03d}",
            lambda c: _datetime(c, "{y}-{m}-{d} {h}点"), "name", "phone", lambda c: "投诉", "what", "dept",
            lambda c: "3个工作日", lambda c: c["replied"], lambda c: "已办结" if c["replied"] else None,
            lambda c: ("不满意" if c["key"] == "ok" else "满意") if c["replied"] else None]
    return _write(path, [("办件明细", [["12345热线办件明细表"], headers], list(ALL), cols)])


# ---------------------------------------------------------------- 5. 留言答复 (message board)
def message_board(path: Path) -> dict:
    """问题ID is no number; 留言主题 vs 留言详情: the details; 留言用户 a person; 答复意见 the result."""
    headers = ["问题ID", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"]
    cols = [lambda c: 188000 + c["i"], "name", "short", lambda c: _datetime(c, "{y}/{m}/{d} {h}:{mi:02d}:00"),
            "what", lambda c: "您好,已安排处理。" if c["replied"] else None,
            lambda c: c["replied"] and f"{c['replied']:%Y/%m/%d} 10:00:00"]
    return _write(path, [("留言答复", [headers], ["overdue", "late", "ok"], cols)])


# ---------------------------------------------------------------- 6. 消费者投诉随访登记表
def followup_register(path: Path) -> dict:
    """日期 | 投诉人姓名 | 联系方式 | 投诉内容 | 处理结果 | 随访人员 | 备注: no number, no reply, no callback result."""
    headers = ["日期", "投诉人姓名", "联系方式", "投诉内容", "处理结果", "随访人员", "备注"]
    cols = ["received", "name", "phone", "what", lambda c: "已解决" if c["replied"] else None, lambda c: "小周", None]
    return _write(path, [("随访登记", [["消费者投诉随访登记表"], headers], ["overdue", "late", "ok"], cols)])


# ---------------------------------------------------------------- 7. 投诉记录登记表, sheet renamed
FSNEWS = ["编号", "姓名", "联系方式", "投诉日期", "投诉事项描述", "处理建议", "处理结果", "完成时间", "满意度评价",
          "答复日期"]
FSNEWS_COLS = ["number", "name", "phone", "received", "what", lambda c: "尽快处理", None, None, None, "replied"]


def renamed_sheet(path: Path) -> dict:
    """sheets = 2025年, 2026年, but the 2026 sheet is now called 2026年度: missing and unlisted, said first."""
    return _write(path, [("2025年", [FSNEWS], ["ok"], FSNEWS_COLS),
                         ("2026年度", [["2026年投诉记录登记表"], FSNEWS], list(ALL), FSNEWS_COLS)])


# ---------------------------------------------------------------- 8. a new year's sheet not listed
def new_year_sheet(path: Path) -> dict:
    """sheets = 2026年; a 2027年 sheet (copied layout, one row) is register-like and not listed."""
    def shifted(c):
        return c["received"].replace(year=2027, month=1, day=4)
    cols = ["number", "name", "phone", shifted, "what", None, None, None, None, None]
    return _write(path, [("2026年", [FSNEWS], list(ALL), FSNEWS_COLS),
                         ("2027年", [FSNEWS], ["ok"], cols)])


# ---------------------------------------------------------------- 9. 工商 消费者投诉登记表
def consumer_complaints(path: Path) -> dict:
    """登记编号, 被投诉方 (no field), 投诉事实 (the summary), 登记时间 with 下午/上午 in text."""
    headers = ["登记编号", "登记时间", "投诉人", "联系电话", "被投诉方", "投诉事实", "处理结果", "答复日期"]
    cols = ["number", lambda c: f"{c['received']:%Y-%m-%d} {'上午' if c['time'].hour < 12 else '下午'}",
            "name", "phone", lambda c: "某某物业公司", "what", lambda c: "调解成功" if c["replied"] else None, "replied"]
    return _write(path, [("登记", [["消费者投诉登记表"], headers], list(ALL), cols)])


# ---------------------------------------------------------------- 10. an unnamed date column, no reply
def unnamed_date_column(path: Path) -> dict:
    """Headers that name nothing (记录, 经办, 联络): their dates make one the date received, their departments
    another the department, their phone numbers the last the phone."""
    headers = ["投诉编号", "记录", "业主", "房号", "投诉内容", "经办", "回复日期", "联络"]
    cols = ["number", "received", "name", "unit", "what", "dept", "replied", "phone"]
    return _write(path, [("Sheet1", [headers], list(ALL), cols)])


# ---------------------------------------------------------------- 11. the first data row short, as a 2nd header
def short_first_row(path: Path) -> dict:
    """留言 ledger newest first: the first row (the overdue one, left by an anonymous 业主) is short words and
    a text date-time with 时, its details naming 部门. It used to be taken as a second header row (留言详情/楼道灯不亮,请物业部门处理 as
    the department, one field more than the header alone): that complaint vanished and the check said 0 overdue."""
    headers = ["序号", "留言时间", "留言人", "留言标题", "留言详情", "答复时间"]
    cols = [lambda c: str(c["i"]), lambda c: _datetime(c, "{m}月{d}日{h}时"),
            lambda c: "业主" if c["key"] == "overdue_22" else c["name"], "short",
            lambda c: f"{c['short']}问题,请物业部门处理",
            lambda c: c["replied"] and f"{c['replied'].month}月{c['replied'].day}日"]
    return _write(path, [("2026年", [["2026年业主留言登记"], headers], ["overdue_22", "late"], cols)])


NUMBERED = {"number.duplicate": ["twin1", "twin2"]}
CALLBACKS = ("callback.due", "callback.unsatisfied")     # no 办结/回访 column at all
# Not in any layout here: always 未检查 besides a layout's own list.
ALWAYS_NOT_CHECKED = ("number.notice_mismatch", "number.original_mismatch", "verify.late")
OVERDUE_LATE = {"reply.overdue": ["overdue"], "reply.late": ["late"]}
LAYOUTS: dict[str, Layout] = {
    "system_export": Layout(system_export, dict(NUMBERED), REPLY_RULES + CALLBACKS),
    "record_with_serial": Layout(record_with_serial, {}, REPLY_RULES + NUMBER_RULES + CALLBACKS),
    "petition_ledger": Layout(petition_ledger, dict(OVERDUE_LATE), NUMBER_RULES + CALLBACKS),
    "hotline_detail": Layout(hotline_detail, {**NUMBERED, "callback.unsatisfied": ["ok"]}, REPLY_RULES),
    "message_board": Layout(message_board, dict(OVERDUE_LATE), NUMBER_RULES + CALLBACKS),
    "followup_register": Layout(followup_register, {}, REPLY_RULES + NUMBER_RULES + CALLBACKS),
    "renamed_sheet": Layout(renamed_sheet, {}, (), "[register]\nsheets = 2025年, 2026年\n",
                            ("missing:2026年", "unlisted:2026年度"), {"2025年": 1}),
    "new_year_sheet": Layout(new_year_sheet, {**OVERDUE_LATE, **NUMBERED}, (), "[register]\nsheets = 2026年\n",
                             ("unlisted:2027年",), {"2026年": 5}),
    "consumer_complaints": Layout(consumer_complaints, {**OVERDUE_LATE, **NUMBERED}, CALLBACKS),
    "unnamed_date_column": Layout(unnamed_date_column, {**OVERDUE_LATE, **NUMBERED}, CALLBACKS),
    "short_first_row": Layout(short_first_row, {"reply.overdue": ["overdue_22"], "reply.late": ["late"]},
                              NUMBER_RULES + CALLBACKS, "[register]\nsheets = 2026年\n", (), {"2026年": 2}),
}
