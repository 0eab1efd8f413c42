"""Counting days: calendar days, or Chinese working days with statutory holidays and 调休 make-up days.

chinese-calendar knows 2004-2026. For a year it does not know, the calendar falls back to weekends plus
the fixed-date statutory holidays, remembers the year in ``fallback_years`` (so every output can say so),
and honours the holidays and make-up working days the office lists in config.ini.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

# Statutory holidays on fixed Gregorian dates (元旦, 劳动节, 国庆节). Lunar holidays need the office's list.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})
_ONE = dt.timedelta(days=1)


@lru_cache(maxsize=None)
def _known(day: dt.date) -> bool | None:
    """chinese-calendar's answer (True = working day), None for a year it has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class WorkCalendar:
    def __init__(self, mode: str = "calendar", extra_holidays=(), extra_workdays=()):
        if mode not in ("calendar", "workdays"):
            raise ValueError(mode)
        self.mode = mode
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.fallback_years: set[int] = set()

    @classmethod
    def from_settings(cls, settings) -> "WorkCalendar":
        d = settings.deadlines
        return cls(d.day_count, d.extra_holidays, d.extra_workdays)

    @property
    def unit(self) -> str:
        """How a count of days reads in Chinese: 天, or 个工作日 when working days are counted."""
        return "个工作日" if self.mode == "workdays" else "天"

    def is_workday(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        known = _known(day)
        if known is not None:
            return known
        self.fallback_years.add(day.year)
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS

    def add_days(self, start: dt.date, days: int) -> dt.date:
        """The day ``days`` days after ``start`` (working days in workdays mode)."""
        if self.mode == "calendar":
            return start + dt.timedelta(days=days)
        day = start
        for _ in range(days):
            day += _ONE
            while not self.is_workday(day):
                day += _ONE
        return day

    def days_between(self, start: dt.date, end: dt.date) -> int:
        """Days from ``start`` to ``end`` (working days after start up to end in workdays mode)."""
        if self.mode == "calendar" or end <= start:
            return (end - start).days
        count, day = 0, start
        while day < end:
            day += _ONE
            if self.is_workday(day):
                count += 1
        return count

    def fallback_warning(self) -> str | None:
        """One Chinese sentence when some year was counted without holiday data, else None."""
        if self.mode != "workdays" or not self.fallback_years:
            return None
        years = "、".join(str(y) for y in sorted(self.fallback_years))
        return (f"注意:节假日数据只到 2026 年,{years} 年的工作日按周末和固定节日(元旦、劳动节、国庆)计算,"
                f"春节等农历节日和调休未计入。请在 config.ini 的 [deadlines] extra_holidays / extra_workdays "
                f"中补充国务院公布的放假安排。")


def reply_deadline(received_on: dt.date, reply_days: int, calendar: WorkCalendar) -> dt.date:
    """DESIGN.md: the received date plus reply_days days (calendar or Chinese working days)."""
    return calendar.add_days(received_on, reply_days)
