"""Entry points shared by scripts/scheduler.py: run one job now, or run the scheduler for good."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kefu.core.atomic import check_writable
from kefu.core.logs import setup_logging
from kefu.jobs.registry import all_jobs, enabled_jobs
from kefu.jobs.scheduler import InstanceLock, Outcome, Scheduler
from kefu.outputs.reminder import write_reminder


def refresh_reminder(scheduler: Scheduler, day: dt.date) -> None:
    notes = scheduler.state.notes_of(day)
    write_reminder(scheduler.settings, day, scheduler.daily_result, notes.failures, notes.notes)


def make_scheduler(settings, *, clock=dt.datetime.now, jobs=None) -> Scheduler:
    return Scheduler(settings, jobs if jobs is not None else enabled_jobs(settings), clock=clock,
                     on_day_changed=refresh_reminder)


def run_once(settings, name: str, *, clock=dt.datetime.now) -> Outcome:
    """Run one job now (for Windows Task Scheduler / cron), recording it like the scheduler does."""
    setup_logging(settings)
    check_writable(Path(settings.paths.output))   # the reminder goes there, whatever the job
    scheduler = make_scheduler(settings, clock=clock, jobs={name: all_jobs(settings)[name]})
    now = clock()
    outcome = scheduler.run_job(name, now)
    if name == "daily_check" or not outcome.ok:
        refresh_reminder(scheduler, now.date())
    return outcome


def run_scheduler(settings) -> None:  # pragma: no cover - the endless loop; tick() is tested
    setup_logging(settings)
    with InstanceLock(settings):
        make_scheduler(settings).run_forever()


def list_jobs(settings) -> str:
    enabled = set(settings.schedule.jobs)
    lines = []
    for name, job in all_jobs(settings).items():
        mark = "启用" if name in enabled else "未启用"
        lines.append(f"{name:<18} {job.title:<14} {job.trigger.describe()}  [{mark}]")
    return "\n".join(lines)
