"""Entry points shared by scripts/scheduler.py: run one job now, or run the scheduler for good."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kefu.core.atomic import check_writable
from kefu.core.logs import setup_logging
from kefu.core.settings import Settings
from kefu.jobs.registry import all_jobs, enabled_jobs
from kefu.jobs.scheduler import InstanceLock, Outcome, Scheduler
from kefu.jobs.timetable import last_due
from kefu.outputs.reminder import Section, write_reminder


def refresh_reminder(scheduler: Scheduler, day: dt.date) -> None:
    """Rewrite the day's reminder from the ledger's record of the day's runs (in any process)."""
    record = scheduler.state.day_of(day)
    part = record.parts.get("daily_check")
    check = [Section.from_json(s) for s in part] if part is not None else None
    write_reminder(scheduler.settings, day, check, record.failures, record.notes,
                   check_expected=_check_expected(scheduler, day))


def _check_expected(scheduler: Scheduler, day: dt.date) -> bool:
    """Whether ``[schedule]`` runs the daily check on ``day`` (a day it does not: no "not run yet" line)."""
    settings = scheduler.settings
    if "daily_check" not in settings.schedule.jobs:
        return False
    trigger = all_jobs(settings)["daily_check"].trigger
    moment = last_due(trigger, dt.datetime.combine(day, dt.time.max), scheduler.calendar.is_workday)
    return moment is not None and moment.date() == day


def make_scheduler(settings: Settings, *, clock=dt.datetime.now, jobs=None) -> Scheduler:
    return Scheduler(settings, jobs if jobs is not None else enabled_jobs(settings), clock=clock,
                     on_day_changed=refresh_reminder)


def run_once(settings: Settings, name: str, *, clock=dt.datetime.now) -> Outcome:
    """Run one job now (for Windows Task Scheduler / cron), recording it like the scheduler does."""
    setup_logging(settings)
    check_writable(Path(settings.paths.output))   # the reminder goes there, whatever the job
    scheduler = make_scheduler(settings, clock=clock, jobs={name: all_jobs(settings)[name]})
    now = clock()
    outcome = scheduler.run_job(name, now)
    refresh_reminder(scheduler, now.date())   # a rerun that succeeds shows an earlier failure as fixed
    return outcome


def run_scheduler(settings: Settings) -> None:  # pragma: no cover - the endless loop; tick() is tested
    setup_logging(settings)
    with InstanceLock(settings):
        make_scheduler(settings).run_forever()


def list_jobs(settings: Settings) -> str:
    enabled = set(settings.schedule.jobs)
    lines = []
    for name, job in all_jobs(settings).items():
        mark = "启用" if name in enabled else "未启用"
        lines.append(f"{name:<18} {job.title:<14} {job.trigger.describe()}  [{mark}]")
    return "\n".join(lines)
