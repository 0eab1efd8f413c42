"""The parsers of config.ini's values: each takes the raw text and returns the typed value or raises
ValueError(the allowed values, in Chinese). ``core.settings`` declares which key takes which."""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

# Every job kefu can run on its own, in the order of [schedule] jobs' default; kefu.jobs.registry holds
# what each one is, and the scheduler, --once and --print-task all take the names from here.
JOB_NAMES = ("daily_check", "notices", "callback_list", "monthly_summary", "half_year_summary", "survey_reminder")


def parse_int(lo: int | None = None, hi: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        allowed = "整数" + (f"(不小于 {lo})" if lo is not None and hi is None else "")
        if lo is not None and hi is not None:
            allowed = f"{lo} 到 {hi} 之间的整数"
        try:
            value = int(text)
        except ValueError:
            raise ValueError(allowed) from None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(allowed)
        return value
    return parse


def parse_rate(text: str) -> float:
    """0.9, 90% or 90 all mean ninety per cent."""
    t = text.strip().rstrip("%")
    try:
        value = float(t)
    except ValueError:
        raise ValueError("0 到 1 之间的小数或百分数,如 0.9 或 90%") from None
    if text.strip().endswith("%") or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise ValueError("0 到 1 之间的小数或百分数,如 0.9 或 90%")
    return value


def parse_text(text: str) -> str:
    return text.strip()


def parse_list(text: str) -> tuple[str, ...]:
    """Comma separated (ASCII or Chinese commas, 、 and ;)."""
    return tuple(p.strip() for p in re.split(r"[,,、;;]", text) if p.strip())


def parse_jobs(text: str) -> tuple[str, ...]:
    names = parse_list(text)
    unknown = [n for n in names if n not in JOB_NAMES]
    if unknown:
        raise ValueError(f"kefu 的任务名(没有 {'、'.join(unknown)};可用的任务:{'、'.join(JOB_NAMES)})")
    return names


def parse_choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(" 或 ".join(options))
        return value
    return parse


_TRUE = {"yes", "true", "on", "1", "是", "开", "启用"}
_FALSE = {"no", "false", "off", "0", "否", "关", "停用"}


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("yes 或 no")


def parse_dates(text: str) -> frozenset[dt.date]:
    out = set()
    for part in parse_list(text):
        try:
            out.add(dt.date.fromisoformat(part))
        except ValueError:
            raise ValueError("以逗号分隔的日期,如 2027-01-01, 2027-02-06") from None
    return frozenset(out)


def parse_time(text: str) -> str:
    value = text.strip()
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("时:分,如 08:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def parse_month_day(text: str) -> str:
    value = text.strip()
    try:
        dt.date.fromisoformat(f"2024-{value}")
    except ValueError:
        raise ValueError("月-日,如 11-01") from None
    return value


def parse_pattern(text: str) -> str:
    value = text.strip()
    if "{seq" not in value:
        raise ValueError("含 {seq} 的编号格式,如 TS-{year}-{seq:04d}")
    try:
        value.format(year=2026, seq=1)
    except (KeyError, ValueError, IndexError):
        raise ValueError("只能使用 {year} 和 {seq} 两个占位符,如 TS-{year}-{seq:04d}") from None
    return value
