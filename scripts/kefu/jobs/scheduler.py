"""The long-running scheduler: runs due jobs, survives failures, catches up after the PC was off.

State lives in the ledger (``kefu.ledger.job_state``: last attempt and success per job, the day's
failures, successes, notes and the daily check's part of the reminder), so a restart or a ``--once`` run
knows what already ran and the reminder is rebuilt from the day's runs. ``tick(now)`` is the whole
decision; the loop only calls it every minute, so tests drive it with any clock and never sleep.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import filelock
import schedule

from kefu.core.errors import KefuError
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.jobs.registry import Job, JobResult
from kefu.jobs.timetable import is_due
from kefu.ledger.job_state import JobState

log = logging.getLogger("kefu.jobs.scheduler")


class AlreadyRunning(KefuError):
    """A second scheduler was started while the first still runs."""


@dataclass
class Outcome:
    job: str
    ok: bool
    summary: str
    at: dt.datetime


class Scheduler:
    def __init__(self, settings: Settings, jobs: dict[str, Job], *, clock: Callable[[], dt.datetime] = dt.datetime.now,
                 on_day_changed: Callable | None = None):
        self.settings = settings
        self.jobs = jobs
        self.clock = clock
        self.state = JobState(settings)
        self.calendar = WorkCalendar("workdays", settings.deadlines.extra_holidays, settings.deadlines.extra_workdays)
        self.calendar_day: dt.date | None = None    # the day the office's holiday notices were last read
        self.on_day_changed = on_day_changed   # called after a tick that ran something: writes the reminder

    def due(self, now: dt.datetime) -> list[str]:
        is_workday = self.workday_calendar(now.date()).is_workday
        return [name for name, job in self.jobs.items()
                if is_due(job.trigger, now, self.state.last_attempt(name), is_workday)]

    def workday_calendar(self, day: dt.date) -> WorkCalendar:
        """Which days are working days, with the holiday notices read again each day (a notice saved while
        the scheduler runs counts from the next day on). A notice kefu cannot read keeps the calendar it had:
        the daily check fails with the one-line error, and the day's reminder says so."""
        if day != self.calendar_day:
            self.calendar_day = day
            try:
                self.calendar = WorkCalendar.from_settings(self.settings, mode="workdays")
            except KefuError as exc:
                log.warning("holiday notices not read: %s", exc)
        return self.calendar

    def tick(self) -> list[Outcome]:
        """Run every job that is due now, each once; a failing job never stops the others."""
        now = self.clock()
        outcomes = [self.run_job(name, now) for name in self.due(now)]
        for name in self.jobs:
            self.state.baseline(name, now)
        if outcomes and self.on_day_changed is not None:
            try:
                self.on_day_changed(self, now.date())
            except Exception:  # noqa: BLE001 - the reminder must not stop the scheduler either
                log.exception("writing the day's reminder failed")
        return outcomes

    def run_job(self, name: str, now: dt.datetime) -> Outcome:
        job = self.jobs[name]
        log.info("job %s starting", name)
        try:
            result: JobResult = job.run(self.settings, now)
        except Exception as exc:  # noqa: BLE001 - logged with traceback, noted for the director
            message = f"{job.title}运行失败:{_one_line(exc)}(详见日志 logs/kefu.log)"
            log.exception("job %s failed", name)
            self.state.record(name, now, ok=False, error=_one_line(exc))
            self.state.add_note(now.date(), name, "failure", message, now)
            return Outcome(name, False, message, now)
        for note in result.notes:
            self.state.add_note(now.date(), name, "note", note, now)
        if result.part is not None:
            self.state.save_part(now.date(), name, result.part, now)
        self.state.add_note(now.date(), name, "success", result.summary, now)
        self.state.record(name, now, ok=True)
        log.info("job %s done: %s", name, result.summary)
        return Outcome(name, True, result.summary, now)

    def run_forever(self, *, sleep: Callable[[float], None] = time.sleep) -> None:  # pragma: no cover - loop
        runner = schedule.Scheduler()
        runner.every(1).minutes.do(self.tick)
        self.tick()  # catch up at once: jobs whose time passed while the PC was off run now, once
        while True:
            runner.run_pending()
            sleep(max(1.0, min(runner.idle_seconds or 60.0, 60.0)))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


class InstanceLock:
    """One scheduler per installation. An OS file lock: released by the OS when the process dies,
    so a lock left by a killed scheduler is taken over at once and never blocks forever."""

    def __init__(self, settings: Settings):
        data = Path(settings.paths.data)
        data.mkdir(parents=True, exist_ok=True)
        self.path = data / "scheduler.lock"
        self.pid_path = data / "scheduler.pid"
        self.lock = filelock.FileLock(self.path, timeout=0, fallback_to_soft=False)

    def __enter__(self) -> "InstanceLock":
        try:
            self.lock.acquire()
        except filelock.Timeout:
            other = self.pid_path.read_text(encoding="utf-8").strip() if self.pid_path.exists() else "?"
            raise AlreadyRunning(f"已有一个 kefu 调度程序在运行(进程号 {other}),不能同时运行两个。"
                                 f"如果确认没有在运行,请重启电脑后再试。") from None
        self.pid_path.write_text(str(os.getpid()), encoding="utf-8")
        return self

    def __exit__(self, *exc) -> None:
        self.lock.release()
