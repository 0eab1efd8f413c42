"""When each scheduled job is due: pure functions of the time, no clock, no state.

``last_due(trigger, now)`` is the most recent moment at or before ``now`` at which the job should have
run. A job is due when its last attempt is older than that moment, so a PC switched off for three days
runs each missed job exactly once when it comes back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

_LOOKBACK_DAYS = 400  # far enough for a yearly job


@dataclass(frozen=True)
class Trigger:
    kind: str                      # daily | interval | monthly | half_year | yearly
    at: dt.time = dt.time(8, 30)
    minutes: int = 60              # interval
    workdays_only: bool = False    # daily and interval jobs skip non-working days
    month_day: tuple[int, int] = (1, 1)  # yearly

    def describe(self) -> str:
        at = self.at.strftime("%H:%M")
        days = "工作日" if self.workdays_only else "每天"
        return {
            "daily": f"{days} {at}",
            "interval": f"{days}每 {self.minutes} 分钟",
            "monthly": f"每月 1 日 {at}",
            "half_year": f"每年 1 月 1 日和 7 月 1 日 {at}(分析上半年/全年)",
            "yearly": f"每年 {self.month_day[0]} 月 {self.month_day[1]} 日 {at}",
        }[self.kind]


def last_due(trigger: Trigger, now: dt.datetime, is_workday: Callable[[dt.date], bool]) -> dt.datetime | None:
    """The latest scheduled moment <= now, or None if there was none in the look-back window."""
    if trigger.kind == "interval":
        return _last_interval(trigger, now, is_workday)
    today = now.date()
    for back in range(_LOOKBACK_DAYS):
        day = today - dt.timedelta(days=back)
        moment = dt.datetime.combine(day, trigger.at)
        if moment <= now and _fires_on(trigger, day, is_workday):
            return moment
    return None


def _fires_on(trigger: Trigger, day: dt.date, is_workday) -> bool:
    if trigger.kind == "daily":
        return is_workday(day) if trigger.workdays_only else True
    if trigger.kind == "monthly":
        return day.day == 1
    if trigger.kind == "half_year":
        return day.day == 1 and day.month in (1, 7)
    if trigger.kind == "yearly":
        return (day.month, day.day) == trigger.month_day
    raise ValueError(trigger.kind)


def _last_interval(trigger: Trigger, now: dt.datetime, is_workday) -> dt.datetime | None:
    for back in range(15):
        day = now.date() - dt.timedelta(days=back)
        if trigger.workdays_only and not is_workday(day):
            continue
        midnight = dt.datetime.combine(day, dt.time())
        if back == 0:
            steps = int((now - midnight).total_seconds() // 60) // trigger.minutes
            return midnight + dt.timedelta(minutes=steps * trigger.minutes)
        last_step = (24 * 60 - 1) // trigger.minutes
        return midnight + dt.timedelta(minutes=last_step * trigger.minutes)
    return None


def is_due(trigger: Trigger, now: dt.datetime, last_attempt: dt.datetime | None, is_workday) -> bool:
    """Due when it should have run since the last attempt. A job never run before runs only for
    today's moment (a fresh install does not replay last month's summary)."""
    moment = last_due(trigger, now, is_workday)
    if moment is None:
        return False
    if last_attempt is None:
        return moment.date() == now.date()
    return last_attempt < moment
