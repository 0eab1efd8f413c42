"""A rule declared once, as data: what every output, the urgency order and ``rules.coverage`` read.

A rule module (``kefu.rules.replies`` …) has one ``check(register, ctx) -> list[Finding]`` and declares
each kind of finding it yields as a ``Rule`` at its end (after ``check``, which the declaration names),
listed in ``RULES``; for a (made-up) rule on repair visits::

    LATE = Rule("visit.late", "上门维修超时", "warning", needs=("visited_on",),
                director=REMINDER_ACTION, check=check)
    RULES = (LATE,)

It makes its findings through the declaration (``LATE.finding(number, sheet, row, message, column=…)``)
and refers to other rules the same way (``replies.OVERDUE.id``), so an id string is written once in the
library (a test checks it). ``kefu.rules.daily.DAILY_RULES`` lists every rule, most urgent first:
adding a rule is one module and one line there.

The reader's own findings (``date.*``) are declared the same way in ``kefu.read.register``, with no
``check``: the reader yields them while reading (the rules only pass them on).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from kefu.core.fields import REGISTER_FIELDS
from kefu.core.findings import SEVERITIES, Finding

# Where the director reads a rule's findings: the sections of the day's reminder (kefu.outputs.reminder),
# in the reminder's order. A rule whose findings are not in the reminder has ``director=None``.
REMINDER_NOT_CHECKED = "未能检查(登记表缺少所需的列)"
REMINDER_OVERDUE = "超期未答复"
REMINDER_UNSATISFIED = "业主不满意(需重新处理)"
REMINDER_CALLBACK = "应回访未回访"
REMINDER_ACTION = "纠正措施逾期"
REMINDER_SECTIONS = (REMINDER_NOT_CHECKED, REMINDER_OVERDUE, REMINDER_UNSATISFIED, REMINDER_CALLBACK,
                     REMINDER_ACTION)

_SHEET_NAME_BAD = set("[]:*?/\\")


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of finding.

    id:       the dotted id of DESIGN.md (in JSON, the ledger and ``--verbose`` only; staff read ``title``)
    title:    Chinese name staff read, also the findings-workbook sheet name (≤ 31 characters, no []:*?/\\)
    severity: the usual severity of its findings (a finding may say otherwise, ``finding(severity=)``)
    needs:    register fields any one of which the rule needs: a register without any of them gets a
              ``rules.coverage.MISSING`` finding naming this rule (未检查, never "0 found"); () for none
    director: the reminder section (``REMINDER_*``) where the director reads its findings, or None
    check:    ``check(register, ctx) -> list[Finding]`` that yields it (one check may yield several
              rules); None for the reader's own findings
    """

    id: str
    title: str
    severity: str
    needs: tuple[str, ...] = ()
    director: str | None = None
    check: Callable[[Any, Any], list[Finding]] | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: severity {self.severity!r} is not one of {SEVERITIES}")
        if set(self.needs) - set(REGISTER_FIELDS):
            raise ValueError(f"{self.id}: needs {self.needs!r}: not fields of core.fields.REGISTER_FIELDS")
        if self.director is not None and self.director not in REMINDER_SECTIONS:
            raise ValueError(f"{self.id}: director {self.director!r} is not a reminder section")
        if not self.title or len(self.title) > 31 or _SHEET_NAME_BAD & set(self.title):
            raise ValueError(f"{self.id}: title {self.title!r} cannot name a worksheet")

    def finding(self, number: str | None, sheet: str | None, row: int | None, message: str, *,
                severity: str | None = None, **more) -> Finding:
        """A finding of this rule (``more``: column, file, field, disables; see core.findings.Finding)."""
        return Finding(self.id, severity or self.severity, number, sheet, row, message, **more)
