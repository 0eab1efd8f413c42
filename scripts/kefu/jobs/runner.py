"""Entry points shared by scripts/scheduler.py: run one job now, or run the scheduler for good."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kefu.core.atomic import check_writable
from kefu.core.errors import ConfigError
from kefu.jobs.registry import all_jobs, enabled_jobs
from kefu.core.logs import setup_logging
from kefu.outputs.reminder import write_reminder
from kefu.jobs.scheduler import InstanceLock, Outcome, Scheduler

JOB_NAMES = ["daily_check", "notices", "callback_list", "monthly_summary", "half_year_summary", "survey_reminder"]


def check_job_names(settings) -> None:
    known = all_jobs(settings)
    unknown = [n for n in settings.schedule.jobs if n not in known]
    if unknown:
        raise ConfigError(f"配置文件 [schedule] jobs 中的 {'、'.join(unknown)} 不是 kefu 的任务。"
                          f"可用的任务:{'、'.join(known)}。")


def refresh_reminder(scheduler: Scheduler, day: dt.date) -> None:
    notes = scheduler.state.notes_of(day)
    write_reminder(scheduler.settings, day, scheduler.daily_result, notes.failures, notes.notes)


def make_scheduler(settings, *, clock=dt.datetime.now, jobs=None) -> Scheduler:
    check_job_names(settings)
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
