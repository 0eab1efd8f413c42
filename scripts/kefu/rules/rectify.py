"""Rectifications of the survey's 整改跟踪 sheet past their deadline and not done (pure; ``OVERDUE`` at the end)."""
from __future__ import annotations

import datetime as dt

from kefu.core.errors import where
from kefu.core.findings import Finding
from kefu.core.rule import REMINDER_ACTION, Rule
from kefu.read.rectify_sheet import STATE_OVERDUE, RectifySheet
from kefu.read.register import DATE_UNREADABLE


def check(register, ctx) -> list[Finding]:
    """The daily rule: the rectifications the job loaded (``ctx.rectifications``)."""
    return rectify_findings(ctx.rectifications, ctx.as_of)


def rectify_findings(sheet: RectifySheet | None, as_of: dt.date) -> list[Finding]:
    """``OVERDUE`` for every rectification past its deadline and not done (for the daily check).

    ``sheet`` None (no survey workbook kept with kefu): nothing to track, the survey job says so itself.
    A survey workbook without the rectify sheet: one ``info`` finding.
    """
    if sheet is None:
        return []
    if not sheet.found:
        return [OVERDUE.finding(None, None, None,
                                f"{where(sheet.path)}中没有「{sheet.sheet_name}」工作表,本次未检查整改期限。"
                                f"如需跟踪整改,请在调查表中新建该工作表(项目、存在问题、责任部门、整改期限、状态、完成日期)。",
                                severity="info")]
    out = []
    for rec in sheet.items:
        if rec.unreadable and "deadline" in rec.unreadable and not rec.done:
            out.append(DATE_UNREADABLE.finding(None, rec.sheet, rec.row,
                                               f"整改期限「{rec.unreadable['deadline']}」不是日期({rec.cell('deadline')}),"
                                               f"无法判断「{rec.item}」的整改是否逾期。请改为 2026-12-31 这样的日期。",
                                               column=(rec.columns or {}).get("deadline"), file=str(sheet.path)))
        if rec.state(as_of) == STATE_OVERDUE and rec.deadline is not None:   # overdue: it has a deadline
            days = (as_of - rec.deadline).days
            out.append(OVERDUE.finding(None, rec.sheet, rec.row,
                                       f"整改项目「{rec.item}」({rec.problem[:30]})责任部门{rec.department or '未填'},"
                                       f"整改期限 {rec.deadline:%Y-%m-%d} 已过 {days} 天仍未完成。"
                                       f"请督促责任部门完成,完成后在“完成日期”栏填写日期。",
                                       column=(rec.columns or {}).get("deadline"), file=str(sheet.path)))
    return out


OVERDUE = Rule("rectify.overdue", "整改逾期", "warning", director=REMINDER_ACTION, check=check)
RULES = (OVERDUE,)
