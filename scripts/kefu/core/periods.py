"""Analysis periods: 2026H1, 2026H2, 2026 (a year), 2026Q3, 2026-11, or any from/to range.

Each period knows the one before it (环比) and the same period a year earlier (同比). A period is a pair
of inclusive dates; nothing here reads the clock (``as_of`` is a parameter).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from kefu.core.errors import UsageError

_ONE = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: dt.date          # inclusive
    end: dt.date            # inclusive
    kind: str               # year | half | quarter | month | range
    label: str              # Chinese, e.g. 2026年上半年
    code: str               # for file names, e.g. 2026H1

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - _ONE


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", f"{y}年全年", f"{y}")


def half(y: int, h: int) -> Period:
    start = dt.date(y, 1 if h == 1 else 7, 1)
    end = dt.date(y, 6, 30) if h == 1 else dt.date(y, 12, 31)
    return Period(start, end, "half", f"{y}年{'上' if h == 1 else '下'}半年", f"{y}H{h}")


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(dt.date(y, first, 1), _month_end(y, first + 2), "quarter", f"{y}年第{'一二三四'[q - 1]}季度",
                  f"{y}Q{q}")


def month(y: int, m: int) -> Period:
    return Period(dt.date(y, m, 1), _month_end(y, m), "month", f"{y}年{m}月", f"{y}-{m:02d}")


def date_range(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise UsageError(f"起始日期 {start} 晚于结束日期 {end},请检查 --from / --to。")
    return Period(start, end, "range", f"{_zh(start)}至{_zh(end)}", f"{start:%Y%m%d}-{end:%Y%m%d}")


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_PATTERNS = (
    (re.compile(r"(\d{4})\s*[Hh]\s*([12])"), lambda m: half(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})\s*[Qq]\s*([1-4])"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})\s*年?"), lambda m: year(int(m[1]))),
    (re.compile(r"(\d{4})\s*年?\s*上半年"), lambda m: half(int(m[1]), 1)),
    (re.compile(r"(\d{4})\s*年?\s*下半年"), lambda m: half(int(m[1]), 2)),
)


def parse_period(text: str) -> Period:
    """2026H1 / 2026H2 / 2026 / 2026Q3 / 2026-11 (also 2026年上半年, 2026年11月) -> Period."""
    value = (text or "").strip()
    for pattern, make in _PATTERNS:
        m = pattern.fullmatch(value)
        if m:
            if make is _PATTERNS[2][1] and not 1 <= int(m[2]) <= 12:
                break
            return make(m)
    raise UsageError(f"--period {text} 无法识别。可写:2026H1(上半年)、2026H2(下半年)、2026(全年)、"
                     f"2026Q3(第三季度)、2026-11(月份),或用 --from / --to 指定起止日期。")


def default_period(as_of: dt.date) -> Period:
    """The last half-year that has finished before ``as_of``."""
    if as_of >= dt.date(as_of.year, 7, 1):
        return half(as_of.year, 1)
    return half(as_of.year - 1, 2)


def resolve_period(as_of: dt.date, period: str | None = None, date_from: dt.date | None = None,
                   date_to: dt.date | None = None) -> Period:
    """The period a job was asked for: --period, or --from/--to, or the default half-year."""
    if period and (date_from or date_to):
        raise UsageError("--period 与 --from / --to 只能选一种。")
    if period:
        return parse_period(period)
    if date_from or date_to:
        if not (date_from and date_to):
            raise UsageError("--from 和 --to 需要同时填写,如 --from 2026-01-01 --to 2026-03-31。")
        return date_range(date_from, date_to)
    return default_period(as_of)


def previous(p: Period) -> Period:
    """The period just before (环比): 2026H1 -> 2025H2, 2026Q1 -> 2025Q4, 2026-01 -> 2025-12."""
    if p.kind == "year":
        return year(p.start.year - 1)
    if p.kind == "half":
        return half(p.start.year - 1, 2) if p.start.month == 1 else half(p.start.year, 1)
    if p.kind == "quarter":
        q = (p.start.month - 1) // 3 + 1
        return quarter(p.start.year - 1, 4) if q == 1 else quarter(p.start.year, q - 1)
    if p.kind == "month":
        return month(p.start.year - 1, 12) if p.start.month == 1 else month(p.start.year, p.start.month - 1)
    end = p.start - _ONE
    return date_range(end - dt.timedelta(days=p.days - 1), end)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_earlier(p: Period) -> Period:
    """The same period one year earlier (同比)."""
    y = p.start.year - 1
    if p.kind == "year":
        return year(y)
    if p.kind == "half":
        return half(y, 1 if p.start.month == 1 else 2)
    if p.kind == "quarter":
        return quarter(y, (p.start.month - 1) // 3 + 1)
    if p.kind == "month":
        return month(y, p.start.month)
    return date_range(_shift_year(p.start, -1), _shift_year(p.end, -1))


def cut_at(p: Period, last: dt.date) -> Period:
    """The part of ``p`` up to ``last`` (inclusive), labelled by its dates: 2025-07-01 至 2025-12-03."""
    if last >= p.end:
        return p
    end = max(last, p.start)
    return replace(p, end=end, label=f"{p.start.isoformat()} 至 {end.isoformat()}")


def comparisons(p: Period, as_of: dt.date) -> tuple[Period, Period]:
    """(上期, 去年同期) to compare ``p`` with. While ``p`` is not over at ``as_of``, each is cut to the same
    span (2026H2 on 12-03 is compared with 2025-07-01 – 2025-12-03, not with the whole of 2025H2)."""
    before, a_year_ago = previous(p), year_earlier(p)
    if not p.start <= as_of < p.end:
        return before, a_year_ago
    return (cut_at(before, before.start + (as_of - p.start)), cut_at(a_year_ago, _shift_year(as_of, -1)))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
