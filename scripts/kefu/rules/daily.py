"""The rules the daily check runs: ``DAILY_RULES``, every rule declared once (``kefu.core.rule.Rule``),
most urgent first. Add a rule by writing its module (its ``Rule`` declarations name its ``check``) and
one line here: the urgency order, ``rules.coverage``, the console, the findings workbook, the reminder
and the JSON all read this list. ``DailyResult`` is what the daily check gives the outputs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from kefu.core.findings import Finding
from kefu.core.rule import Rule
from kefu.core.workdays import WorkCalendar
from kefu.read import register as reader
from kefu.read.register import Register
from kefu.rules import (callbacks, coverage, date_order, notice_conflict, notices, numbering, rectify,
                        renumbering, replies)
from kefu.rules.context import RuleContext

# Most urgent first: the order findings are sorted and read in (within a severity).
DAILY_RULES: tuple[Rule, ...] = (
    coverage.MISSING,
    replies.OVERDUE,
    replies.DUE_SOON,
    callbacks.APPOINTMENT,
    callbacks.ACTION,
    rectify.OVERDUE,
    callbacks.UNSATISFIED,
    callbacks.DUE,
    notice_conflict.CONFLICT,
    numbering.VANISHED,
    numbering.DUPLICATE,
    numbering.MISSING,
    numbering.NOTICE_MISMATCH,
    numbering.ORIGINAL_MISMATCH,
    notices.MISSING,
    notices.ORPHAN,
    numbering.YEAR_MISMATCH,
    numbering.GAP,
    renumbering.RENUMBERED,
    numbering.FORMAT,
    replies.LATE,
    replies.VERIFY_LATE,
    reader.DATE_UNREADABLE,
    date_order.ORDER,
    reader.DATE_MISSING,
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in DAILY_RULES}
# each check once, in the order of its first rule
CHECKS = tuple(dict.fromkeys(rule.check for rule in DAILY_RULES if rule.check is not None))


@dataclass
class DailyResult:
    as_of: dt.date
    findings: list[Finding]                 # sorted by urgency
    register: Register
    calendar: WorkCalendar                  # how days were counted (for "days waiting")
    warnings: list[str] = field(default_factory=list)   # Chinese, each said once in every output
    mapping: list[str] = field(default_factory=list)    # the first check of a register: what each column was taken for
    outputs: list[Path] = field(default_factory=list)

    def count(self, rule: str) -> int:
        """How many findings of the rule with this id (``replies.OVERDUE.id``)."""
        return sum(1 for f in self.findings if f.rule == rule)


def run_rules(register: Register, ctx: RuleContext) -> list[Finding]:
    """The reader's own findings (unreadable or missing dates), then every check's (``CHECKS``).

    A finding about a register cell holding a formula whose result was never saved (read as blank) is
    left out: the reader's warning names those cells instead of a wall of false "缺少编号"."""
    ctx = replace(ctx, rules=DAILY_RULES)
    findings = list(register.findings)
    for check in CHECKS:
        findings.extend(check(register, ctx))
    if register.uncached:
        uncached = register.uncached
        findings = [f for f in findings if f.file is not None or (f.sheet, f"{f.column}{f.row}") not in uncached]
    return findings
