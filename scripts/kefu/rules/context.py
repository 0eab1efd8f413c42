"""What a rule gets besides the register: "today", the settings, the working calendar and whatever a job
loaded for it (``extra``: ledger rows, callback records)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kefu.core.workdays import WorkCalendar


@dataclass
class RuleContext:
    as_of: dt.date
    settings: object
    calendar: WorkCalendar
    extra: dict = field(default_factory=dict)   # data a job loaded for rules (ledger rows, callback records)

    @classmethod
    def create(cls, settings, as_of: dt.date, **extra) -> "RuleContext":
        return cls(as_of, settings, WorkCalendar.from_settings(settings), dict(extra))
