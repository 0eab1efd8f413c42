"""Cell value -> typed value, one converter per field kind. Used by both readers."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Callable

from kefu.core.dates import to_date
from kefu.core.normalize import normalize_number, normalize_text, whole_number_text

_CANONICAL_NUMBER = re.compile(r"[!-`{-~]+").fullmatch
_YES = frozenset({"是", "y", "yes", "√", "✓", "✔", "1", "true", "重大", "对", "有"})


def as_text(value) -> str:
    if value.__class__ is str:   # most cells: normalize_text, written out (1.4M calls for a 100k-row register)
        text = value.strip()
        return text if text.isascii() else unicodedata.normalize("NFKC", text).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return whole_number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return normalize_text(str(value))


def as_time(value) -> str:
    """A time column's cell as "09:30" (a time, a datetime, a day fraction) or its text."""
    if isinstance(value, (dt.datetime, dt.time)):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return as_text(value)


def as_number(value) -> str:
    """Complaint/notice/original numbers in canonical form (TS－2026－0133 -> TS-2026-0133).

    A number typed in canonical form already (printable ASCII, no blank, no lower-case letter: the usual
    case) is returned as it is, without the normalisation it would pass unchanged."""
    if value.__class__ is str and _CANONICAL_NUMBER(value):
        return value
    return normalize_number(as_text(value))


def as_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    return as_text(value).lower() in _YES


CONVERTERS: dict[str, Callable[..., Any]] = {
    "text": as_text,
    "phone": as_text,
    "grade": as_text,
    "number": as_number,
    "date": to_date,
    "time": as_time,
    "flag": as_flag,
}
