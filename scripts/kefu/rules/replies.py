"""The three-day reply rule and same-day verification.

Deadline (docs/contracts.md) = received date + ``[deadlines] reply_days`` days, counted by ``ctx.calendar``
(calendar days, or Chinese working days). Voided complaints are never overdue. Major complaints are
called out: they go to the manager / office director.

``LATE`` and ``VERIFY_LATE`` are history: the daily list names them only for replies / verifications made
within the last ``[deadlines] late_window_days`` days (older ones belong to the half-year analysis).
The rules are declared at the end (``kefu.core.rule.Rule``: after ``check``, which they name).
"""
from __future__ import annotations

import datetime as dt

from kefu.core.findings import Finding
from kefu.core.rule import REMINDER_OVERDUE, Rule
from kefu.core.workdays import reply_deadline

MAJOR_NOTE = "【重大投诉,须上报经理/办公室主任】"


def check(register, ctx) -> list[Finding]:
    reply_days = ctx.settings.deadlines.reply_days
    soon = ctx.settings.deadlines.due_soon_days
    unit = ctx.calendar.unit
    recent = ctx.as_of - dt.timedelta(days=ctx.settings.deadlines.late_window_days)
    findings: list[Finding] = []
    deadlines: dict[dt.date, dt.date] = {}   # received date -> deadline: a register repeats its dates
    for c in register.active:
        if c.received_on is None:
            continue
        columns = c.columns or {}
        if "verified_on" in columns and c.verified_on is not None and c.verified_on >= recent:
            findings.extend(_verify_late(c))
        if "replied_on" not in columns:
            continue
        deadline = deadlines.get(c.received_on)
        if deadline is None:
            deadline = deadlines[c.received_on] = reply_deadline(c.received_on, reply_days, ctx.calendar)
        if c.replied_on is not None:
            if c.replied_on > deadline and c.replied_on >= recent:
                late = ctx.calendar.days_between(deadline, c.replied_on)
                findings.append(_finding(c, LATE,
                                         f"登记日期 {c.received_on},答复期限 {deadline},{c.replied_on} 才答复,"
                                         f"晚了 {late} {unit}。制度要求最长三天内答复业主。"))
            continue
        if "replied_on" in (c.unreadable or {}):
            continue  # the date cell holds something unreadable: the reader's DATE_UNREADABLE says so
        waiting = ctx.calendar.days_between(c.received_on, ctx.as_of)
        if ctx.as_of > deadline:
            findings.append(_finding(c, OVERDUE,
                                     f"{_who(c)}登记日期 {c.received_on},答复期限 {deadline} 已过,仍未答复"
                                     f"(已等待 {waiting} {unit})。请督促责任部门立即答复业主并填写答复日期。"))
        elif ctx.calendar.days_between(ctx.as_of, deadline) <= soon:
            when = "今天" if deadline == ctx.as_of else f" {deadline} "
            findings.append(_finding(c, DUE_SOON,
                                     f"{_who(c)}答复期限{when}到期,尚未答复(登记日期 {c.received_on})。"))
    return findings


def _who(c) -> str:
    return f"责任部门:{c.department}。" if c.department else "尚未填写责任部门。"


def _finding(c, rule: Rule, message: str) -> Finding:
    if c.major:
        message = MAJOR_NOTE + message
    column = (c.columns or {}).get("replied_on")
    return rule.finding(c.number or None, c.sheet, c.row, message, column=column)


def _verify_late(c) -> list[Finding]:
    if c.verified_on is None or c.verified_on <= c.received_on:
        return []
    days = (c.verified_on - c.received_on).days
    message = (f"登记日期 {c.received_on},核实日期 {c.verified_on},晚了 {days} 天。"
               f"制度要求投诉当天进行调查、核实,并将结果汇报办公室主任。")
    if c.major:
        message = MAJOR_NOTE + message
    return [VERIFY_LATE.finding(c.number or None, c.sheet, c.row, message,
                                column=(c.columns or {}).get("verified_on"))]


OVERDUE = Rule("reply.overdue", "超期未答复", "error", needs=("replied_on",), director=REMINDER_OVERDUE, check=check)
LATE = Rule("reply.late", "逾期答复", "warning", needs=("replied_on",), check=check)
DUE_SOON = Rule("reply.due_soon", "即将到期", "info", needs=("replied_on",), check=check)
VERIFY_LATE = Rule("verify.late", "核实不及时", "warning", needs=("verified_on",), check=check)
RULES = (OVERDUE, LATE, DUE_SOON, VERIFY_LATE)
