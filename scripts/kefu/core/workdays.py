"""Counting days: calendar days, or Chinese working days with statutory holidays and 调休 make-up days.

Sources, first match wins (docs/contracts.md): the office's ``extra_holidays`` / ``extra_workdays`` in config.ini;
the State Council's notices saved in the ``holiday_notices`` folder (``kefu.core.holiday_notices``; a day a
notice names, and every other day of the notice's year by its weekday); chinese-calendar (2004-2026); then
weekends plus the fixed-date statutory holidays. A year counted that last way is remembered in
``fallback_years`` and ``fallback_warning`` says so loudly; ``source_line`` says once which source each year
used.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import chinese_calendar

from kefu.core.holiday_folder import prepare_notice_folder
from kefu.core.holiday_notices import YearNotice, read_notice_folder
from kefu.core.settings import Settings

# Statutory holidays on fixed Gregorian dates (元旦, 劳动节, 国庆节). Lunar holidays need the office's list.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})
DEFAULT_NOTICE_FOLDER = "节假日"
_ONE = dt.timedelta(days=1)
_CHINESE_CALENDAR = "用 chinese-calendar 日历数据"
_NO_DATA = "没有节假日数据(按周末和固定节日计算)"


@lru_cache(maxsize=None)
def _known(day: dt.date) -> bool | None:
    """chinese-calendar's answer (True = working day), None for a year it has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class WorkCalendar:
    def __init__(self, mode: str = "calendar", extra_holidays=(), extra_workdays=(),
                 notices: Mapping[int, YearNotice] | None = None, notice_folder: Path | None = None):
        if mode not in ("calendar", "workdays"):
            raise ValueError(mode)
        self.mode = mode
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.notices = dict(notices or {})          # year -> the notice saved for it
        self.notice_folder = notice_folder          # where the office saves notices (named in the warning)
        self._notice_days = {day: False for n in self.notices.values() for day in n.holidays}
        self._notice_days.update({day: True for n in self.notices.values() for day in n.workdays})
        self._answers: dict[dt.date, bool] = {}     # day -> working day?, as looked up (years_used)
        self.fallback_years: set[int] = set()

    @classmethod
    def from_settings(cls, settings: Settings, mode: str | None = None) -> "WorkCalendar":
        """The office's calendar: ``mode`` is [deadlines] day_count unless given (the scheduler asks for
        workdays). Reads the notice folder (a broken notice raises NoticeError, a ConfigError); counting
        working days for a config.ini on disk creates the folder with its README when it is missing."""
        d = settings.deadlines
        mode = mode or d.day_count
        folder = getattr(d, "holiday_notices", None)
        if folder is not None and mode == "workdays" and settings.source is not None:
            prepare_notice_folder(folder)
        notices = read_notice_folder(folder) if folder is not None else {}
        return cls(mode, d.extra_holidays, d.extra_workdays, notices, folder)

    @property
    def unit(self) -> str:
        """How a count of days reads in Chinese: 天, or 个工作日 when working days are counted."""
        return "个工作日" if self.mode == "workdays" else "天"

    def is_workday(self, day: dt.date) -> bool:
        answer = self._answers.get(day)
        if answer is None:
            answer = self._answers[day] = self._look_up(day)
        return answer

    @property
    def years_used(self) -> set[int]:
        """Every year a day was looked up in."""
        return {day.year for day in self._answers}

    def _look_up(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        stated = self._notice_days.get(day)
        if stated is not None:
            return stated
        if day.year in self.notices:
            return day.weekday() < 5
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
        folder = self.notice_folder or DEFAULT_NOTICE_FOLDER
        return (f"注意:节假日数据只到 2026 年,{years} 年的工作日按周末和固定节日(元旦、劳动节、国庆)计算,"
                f"春节等农历节日和调休未计入。请把国务院办公厅公布的{years}年放假通知全文复制下来,"
                f"存为 .txt 文件放进《{folder}》文件夹(说明见其中的 README.txt);或在 config.ini 的 "
                f"[deadlines] extra_holidays / extra_workdays 中补充放假日和调休上班日。")

    def year_sources(self) -> dict[int, str]:
        """Year -> how its working days were (or, for a saved notice, would be) counted, in Chinese."""
        years = set(self.notices) | (self.years_used if self.mode == "workdays" else set())
        return {year: self._source(year) for year in sorted(years)}

    def _source(self, year: int) -> str:
        if year in self.notices:
            text = f"用《{self.notices[year].source}》"
        elif _known(dt.date(year, 7, 1)) is not None:
            text = _CHINESE_CALENDAR
        else:
            text = _NO_DATA
        extra = sum(1 for day in self.extra_holidays | self.extra_workdays if day.year == year)
        return text + (f"(另有 config.ini 中补充的 {extra} 天)" if extra else "")

    def source_line(self) -> str | None:
        """One Chinese line saying which source each year used: when working days are counted, or a notice
        is saved (then also that deadlines count calendar days); None otherwise."""
        groups: dict[str, list[int]] = {}
        for year, source in self.year_sources().items():
            groups.setdefault(source, []).append(year)
        if not groups:
            return None
        text = "工作日计算:" + ",".join(f"{_years(years)} 年{source}" for source, years in groups.items())
        if self.mode != "workdays":
            text += "(答复期限按日历天数计算:config.ini [deadlines] day_count = calendar)"
        return text


def _years(years: list[int]) -> str:
    """[2019, 2020, 2021, 2026] -> 2019 至 2021、2026 (sorted years, runs of three or more joined)."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(f"{r[0]} 至 {r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


def reply_deadline(received_on: dt.date, reply_days: int, calendar: WorkCalendar) -> dt.date:
    """docs/contracts.md: the received date plus reply_days days (calendar or Chinese working days)."""
    return calendar.add_days(received_on, reply_days)
