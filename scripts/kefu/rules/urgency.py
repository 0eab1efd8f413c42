"""Chinese names of the rule ids and the order in which findings are read: most urgent first."""
from __future__ import annotations

from kefu.core.findings import SEVERITIES

# rule id -> Chinese name (also the findings-workbook sheet name: at most 31 characters, no []:*?/\)
RULE_TITLES: dict[str, str] = {
    "column.missing": "缺少列(规则未检查)",
    "reply.overdue": "超期未答复",
    "reply.due_soon": "即将到期",
    "appointment.overdue": "预约答复超期",
    "action.overdue": "纠正措施逾期",
    "rectify.overdue": "整改逾期",
    "callback.unsatisfied": "回访不满意",
    "callback.due": "待回访",
    "notice.conflict": "通知单与登记不符",
    "number.vanished": "编号消失",
    "number.duplicate": "编号重复",
    "number.missing": "缺少编号",
    "number.notice_mismatch": "通知单编号不符",
    "number.original_mismatch": "原件编号不符",
    "notice.missing": "通知单未出具",
    "notice.orphan": "通知单无登记",
    "number.year_mismatch": "编号年份不符",
    "number.gap": "缺号",
    "number.renumbered": "编号已改",
    "number.format": "编号格式",
    "reply.late": "逾期答复",
    "verify.late": "核实不及时",
    "date.unreadable": "日期无法识别",
    "date.order": "日期早于登记",
    "date.missing": "缺少登记日期",
}
RULE_ORDER = {rule: i for i, rule in enumerate(RULE_TITLES)}


UNKNOWN_TITLE = "其他问题"   # a rule without a Chinese name yet: staff never read its id


def rule_title(rule: str) -> str:
    return RULE_TITLES.get(rule, UNKNOWN_TITLE)


def sort_by_urgency(findings, complaints_by_place: dict | None = None) -> list:
    """Errors before warnings before info; within a rule, major complaints first, then the oldest."""
    places = complaints_by_place or {}

    def key(f):
        c = places.get((f.sheet, f.row))
        received = c.received_on.toordinal() if c is not None and c.received_on else 10**7
        return (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else len(SEVERITIES),
                RULE_ORDER.get(f.rule, len(RULE_ORDER)), f.rule,
                not (c is not None and c.major), received, f.sheet or "", f.row or 0, f.number or "")
    return sorted(findings, key=key)
