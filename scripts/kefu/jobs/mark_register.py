"""The marking job: run the daily check (or take its findings) and mark them in the register.

The marking itself, and every safeguard of writing to the office's register, is ``kefu.marking``.
"""
from __future__ import annotations

import datetime as dt

from kefu.core.settings import Settings
from kefu.jobs.daily_check import run_daily_check
from kefu.marking.mark import MarkResult, mark_register


def mark_after_check(settings: Settings, result, *, as_of: dt.date | None = None, excel=None) -> MarkResult:
    """The ``daily_check.py --mark`` wiring: mark the findings of a finished daily check."""
    day = as_of or getattr(result, "as_of", None) or dt.date.today()
    return mark_register(settings, list(result.findings), as_of=day, excel=excel,
                         register=getattr(result, "register", None))


def run_and_mark(settings: Settings, as_of: dt.date, *, dry_run: bool = False, excel=None, check=None):
    """Run the daily check and mark its findings; returns (check result, MarkResult).

    ``check(settings, as_of)`` defaults to ``run_daily_check``."""
    result = (check or run_daily_check)(settings, as_of)
    marked = mark_register(settings, list(result.findings), as_of=as_of, excel=excel, dry_run=dry_run,
                           register=getattr(result, "register", None))
    return result, marked
