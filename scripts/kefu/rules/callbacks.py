"""Callbacks owed or unsatisfied, missed appointments, late corrective actions (``RULES`` at the end).

Callback records typed into the callback sheet arrive in ``ctx.callback_records``
(number -> [CallbackRecord]) and count like the register's callback columns; see ``kefu.rules.followup``
for what counts as a callback, as unsatisfied and as sent back for handling.

Severities: an unsatisfied owner nobody sent back is an ``error`` (top of the director's list); a
missed callback, a broken promise to reply and a late corrective action are ``warning``s.
Messages name the complaint number and dates only: never a name, phone or room.
"""
from __future__ import annotations

from kefu.core.findings import Finding
from kefu.core.rule import REMINDER_ACTION, REMINDER_CALLBACK, REMINDER_OVERDUE, REMINDER_UNSATISFIED, Rule
from kefu.rules.followup import FollowUp, follow_ups, scrub


def check(register, ctx) -> list[Finding]:
    findings: list[Finding] = []
    # the usual complaint, settled and promised nothing, is passed by without building its FollowUp
    for f in follow_ups(register, ctx, unless_settled=_promised_a_reply):
        if f.unsatisfied is not None or f.owed:
            findings.extend(_callback_findings(f, ctx))
        c = f.complaint
        if c.appointment_on is not None and _appointment_missed(f, ctx.as_of):
            findings.append(_finding(c, APPOINTMENT, "appointment_on",
                                     f"投诉 {c.number_text or c.number} 约定 {c.appointment_on} 答复业主,"
                                     f"已过 {ctx.calendar.days_between(c.appointment_on, ctx.as_of)} 天仍没有答复记录。"
                                     f"请尽快答复业主,并填写答复日期。"))
    for c in register.active:
        if c.action_due and c.number and c.action_due < ctx.as_of and not c.completed_on:
            who = c.department or "责任部门"
            findings.append(_finding(c, ACTION, "action_due",
                                     f"投诉 {c.number_text or c.number} 的纠正措施预定 {c.action_due} 完成,"
                                     f"已过 {ctx.calendar.days_between(c.action_due, ctx.as_of)} 天仍未填写完成日期。"
                                     f"请督促{who}完成,完成后在登记表中填写完成日期。"))
    return findings


def _promised_a_reply(c) -> bool:
    return c.appointment_on is not None


def _callback_findings(f: FollowUp, ctx) -> list[Finding]:
    c = f.complaint
    number = c.number_text or c.number
    if f.unsatisfied is not None:
        cb = f.unsatisfied
        said = scrub(cb.satisfied if not cb.result else cb.result)
        where = f"(见《回访记录》第 {cb.row} 行)" if cb.source == "sheet" else ""
        who = c.department or "责任部门"
        return [_finding(c, UNSATISFIED, "callback_result",
                         f"投诉 {number} 在 {cb.on} 回访时业主不满意(「{said}」){where},之后没有重新处理。"
                         f"请立即责成{who}重新处理,并把状态改为“重新处理”;处理完后填写新的完成日期并再次回访。")]
    if f.owed and ctx.as_of > f.due_on:
        late = ctx.calendar.days_between(f.due_on, ctx.as_of)
        return [_finding(c, DUE, "callback_on",
                         f"投诉 {number} 已于 {c.completed_on} 处理完成,应在 {f.due_on} 前回访业主,"
                         f"至今未回访(已超 {late} 天)。请回访业主,并把结果填入登记表或《回访记录》。")]
    return []


def _appointment_missed(f: FollowUp, as_of) -> bool:
    """The promised reply date has passed with no reply: no 答复日期 or callback on or after it, and,
    when the promise was made at reception (no callback before it), no 答复日期 at all."""
    c = f.complaint
    promised = c.appointment_on
    if promised is None or as_of <= promised:
        return False
    replies = [cb.on for cb in f.callbacks] + ([c.replied_on] if c.replied_on else [])
    if any(day >= promised for day in replies):
        return False
    made_at_reception = not any(cb.on < promised for cb in f.callbacks)
    return not (made_at_reception and c.replied_on)


def _finding(c, rule: Rule, field: str, message: str) -> Finding:
    return rule.finding(c.number or None, c.sheet, c.row, message, column=(c.columns or {}).get(field))


DUE = Rule("callback.due", "待回访", "warning", needs=("completed_on",), director=REMINDER_CALLBACK, check=check)
# the callback-records workbook answers it too: rules.coverage does not ask for the columns when it is there
UNSATISFIED = Rule("callback.unsatisfied", "回访不满意", "error", needs=("callback_result", "satisfied"),
                   director=REMINDER_UNSATISFIED, check=check)
APPOINTMENT = Rule("appointment.overdue", "预约答复超期", "warning", director=REMINDER_OVERDUE, check=check)
ACTION = Rule("action.overdue", "纠正措施逾期", "warning", director=REMINDER_ACTION, check=check)
RULES = (DUE, UNSATISFIED, APPOINTMENT, ACTION)
