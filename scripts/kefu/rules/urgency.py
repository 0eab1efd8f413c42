"""The daily rules as staff read them: Chinese titles, the order of urgency (both from
``kefu.rules.daily.DAILY_RULES``), and which rules did not run for want of a column."""
from __future__ import annotations

from kefu.core.findings import SEVERITIES
from kefu.rules.coverage import MISSING, field_names
from kefu.rules.daily import BY_ID, DAILY_RULES

RULE_ORDER = {rule.id: i for i, rule in enumerate(DAILY_RULES)}
UNKNOWN_TITLE = "其他问题"   # a finding of no declared rule (never expected): staff never read its id


def rule_title(rule: str) -> str:
    """The Chinese title of the rule with this id (also the findings-workbook sheet name)."""
    declared = BY_ID.get(rule)
    return declared.title if declared is not None else UNKNOWN_TITLE


def disabled_rules(findings) -> dict[str, str]:
    """rule id -> the Chinese field name(s) whose column is missing, from the ``coverage.MISSING`` findings."""
    out: dict[str, str] = {}
    for f in findings:
        if f.rule == MISSING.id:
            for rule in f.disables:
                out.setdefault(rule, field_names(BY_ID[rule].needs))
    return out


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
