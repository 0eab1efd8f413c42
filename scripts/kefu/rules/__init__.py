"""The checks of the daily check: pure functions (records, context) -> findings.

``DAILY_RULES`` lists the rules the daily check runs, each a module with
``check(register, ctx) -> list[Finding]``; add a rule by writing such a module and naming it here.
Rules never open files and never read the clock: ``ctx.as_of`` is "today", and whatever a rule needs
beyond the register (ledger rows, callback records) a job puts into ``ctx.extra``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kefu.core.findings import Finding
from kefu.core.workdays import WorkCalendar
from kefu.rules import callbacks, coverage, notices, numbering, replies

DAILY_RULES = (coverage, callbacks, notices, numbering, replies)


@dataclass
class RuleContext:
    as_of: dt.date
    settings: object
    calendar: WorkCalendar
    extra: dict = field(default_factory=dict)   # data a job loaded for rules (ledger rows, callback records)

    @classmethod
    def create(cls, settings, as_of: dt.date, **extra) -> "RuleContext":
        return cls(as_of, settings, WorkCalendar.from_settings(settings), dict(extra))


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
