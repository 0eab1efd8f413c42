"""The checks of the daily check: pure functions (records, context) -> findings.

Every module in this package that defines ``check(register, ctx) -> list[Finding]`` is run by
``run_rules``; add a rule by adding a module. Rules never open files and never read the clock:
``ctx.as_of`` is "today".
"""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from dataclasses import dataclass, field

from ..findings import Finding
from ..register import gc_paused
from ..workdays import WorkCalendar


@dataclass
class RuleContext:
    as_of: dt.date
    settings: object
    calendar: WorkCalendar
    extra: dict = field(default_factory=dict)   # data a job loaded for rules (ledger rows, callback records)

    @classmethod
    def create(cls, settings, as_of: dt.date, **extra) -> "RuleContext":
        return cls(as_of, settings, WorkCalendar.from_settings(settings), dict(extra))


def rule_modules() -> list:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def run_rules(register, ctx: RuleContext) -> list[Finding]:
    findings = list(register.findings)
    with gc_paused():  # rules build many findings and small objects: no full collections meanwhile
        for module in rule_modules():
            check = getattr(module, "check", None)
            if check is not None:
                findings.extend(check(register, ctx))
    return findings
