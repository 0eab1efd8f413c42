"""The fields kefu fills into the handling notice template, and their values for one complaint."""
from __future__ import annotations

import datetime as dt
import re

from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar, reply_deadline

# placeholder -> what it holds (Chinese, shown by --check-template)
NOTICE_FIELDS: dict[str, str] = {
    "office_name": "管理处名称",
    "number": "编号(与登记表、原件一致)",
    "received_on": "受理日期",
    "channel": "投诉方式",
    "customer": "业主姓名",
    "unit": "房号",
    "phone": "联系电话",
    "original_number": "原件编号",
    "notice_number": "登记表中的通知单编号",
    "summary": "投诉内容摘要",
    "category": "投诉类别",
    "department": "责任部门",
    "reply_deadline": "答复期限",
    "reply_days": "答复天数",
    "major": "是否重大(用于 {% if major %})",
    "major_text": "是否重大(文字:重大/一般)",
    "remedy": "补救措施",
    "corrective_action": "纠正措施",
    "action_due": "预定完成日期",
    "result": "处理结果",
    "completed_on": "完成日期",
    "replied_on": "答复日期",
    "feedback": "业主反馈意见(回访结果;只是“满意”等等级时为空,由勾选框表示)",
    "satisfaction": "回访满意程度:满意 / 基本满意 / 不满意,不知道时为空",
    "box_satisfied": "勾选框:回访满意时为 ☑,否则 ☐",
    "box_basic": "勾选框:回访基本满意时为 ☑,否则 ☐",
    "box_unsatisfied": "勾选框:回访不满意时为 ☑,否则 ☐",
    "callback_on": "回访日期",
    "remarks": "备注",
    "issued_on": "签发日期",
    "version": "版次(重出时为 2、3……)",
}
REQUIRED_FIELDS = ("number", "received_on", "summary", "department", "reply_deadline")

BLANK_DATE = "      年    月    日"   # a date still to be written by hand
GRADES = ("满意", "基本满意", "不满意")
_BOXES = ("satisfied", "basic", "unsatisfied")   # box_satisfied ... in the order of GRADES
_NOT_SATISFIED = re.compile(r"(不|没有|未|没)\S{0,2}满意")
# characters XML 1.0 cannot hold (Excel cells may carry them); tab/newline/CR stay
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text as typed, minus characters a .docx cannot store; CRLF becomes one line break."""
    return _XML_INVALID.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def satisfaction_of(complaint) -> str:
    """The owner's grade at callback (满意 / 基本满意 / 不满意) from 是否满意, else from 回访结果; "" if unknown
    (a bare 是 says satisfied but not which grade)."""
    said = (complaint.satisfied or "").strip()
    if said in ("否", "不", "不是"):
        return "不满意"
    for text in (said, (complaint.callback_result or "").strip()):
        if _NOT_SATISFIED.search(text):
            return "不满意"
        if "基本满意" in text:
            return "基本满意"
        if "满意" in text:
            return "满意"
    return ""


def date_zh(day: dt.date | None, blank: str = "") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else blank


def notice_values(complaint, settings: Settings, calendar: WorkCalendar, as_of: dt.date, version: int = 1) -> dict:
    """The template context of one complaint: every NOTICE_FIELDS key, strings except ``major``."""
    c = complaint
    satisfaction = satisfaction_of(c)
    deadline = (reply_deadline(c.received_on, settings.deadlines.reply_days, calendar)
                if c.received_on else None)
    texts = {
        "office_name": settings.office.name,
        "number": c.number,
        "received_on": date_zh(c.received_on),
        "channel": c.channel,
        "customer": c.customer,
        "unit": c.unit,
        "phone": c.phone,
        "original_number": c.original_number,
        "notice_number": c.notice_number,
        "summary": c.summary,
        "category": c.category,
        "department": c.department,
        "reply_deadline": date_zh(deadline, BLANK_DATE),
        "reply_days": str(settings.deadlines.reply_days),
        "major_text": "重大" if c.major else "一般",
        "remedy": c.remedy,
        "corrective_action": c.corrective_action,
        "action_due": date_zh(c.action_due, BLANK_DATE),
        "result": c.result,
        "completed_on": date_zh(c.completed_on, BLANK_DATE),
        "replied_on": date_zh(c.replied_on, BLANK_DATE),
        "feedback": "" if c.callback_result.strip() in GRADES else c.callback_result,
        "satisfaction": satisfaction,
        # the boxes as printed text: a template that prints them renders every notice from one draft
        # (an {% if satisfaction %} in the template makes a draft per grade, each a full docxtpl render)
        **{f"box_{name}": "☑" if satisfaction == grade else "☐" for name, grade in zip(_BOXES, GRADES)},
        "callback_on": date_zh(c.callback_on, BLANK_DATE),
        "remarks": c.remarks,
        "issued_on": date_zh(as_of),
        "version": str(version),
    }
    values: dict = {k: clean_text(v) for k, v in texts.items()}
    values["major"] = bool(c.major)
    return values
