"""The rules the daily check runs, in order: ``DAILY_RULES``, each a module with
``check(register, ctx) -> list[Finding]``; add a rule by writing such a module and naming it here."""
from __future__ import annotations

from kefu.core.findings import Finding
from kefu.rules import callbacks, coverage, date_order, notice_conflict, notices, numbering, renumbering, replies
from kefu.rules.context import RuleContext

DAILY_RULES = (coverage, callbacks, notices, notice_conflict, numbering, renumbering, replies, date_order)


def run_rules(register, ctx: RuleContext) -> list[Finding]:
    """The reader's own findings (unreadable dates), then every daily rule's, in ``DAILY_RULES`` order.

    A finding about a formula cell whose result was never saved (read as blank) is left out: the
    reader's warning names those cells instead of a wall of false "缺少编号"."""
    findings = list(register.findings)
    for rule in DAILY_RULES:
        findings.extend(rule.check(register, ctx))
    uncached = getattr(register, "uncached", None)
    if uncached:
        findings = [f for f in findings if (f.sheet, f"{f.column}{f.row}") not in uncached]
    return findings
