"""Cells -> dates: real date cells, Excel serial numbers and dates typed as text."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)     # workbooks with <workbookPr date1904="1"/> (old Mac Excel)
# A complaint's dates lie in 1990-01-01 .. 2100-12-31: anything else in a date column is not a date
# (a typo such as 9999-12-31 would otherwise break the day arithmetic).
FIRST_DAY, LAST_DAY = dt.date(1990, 1, 1), dt.date(2100, 12, 31)

_TEXT_FORMS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),       # 2026-3-5 2026/03/05 2026.3.5
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),    # 2026年3月5日
    re.compile(r"(\d{4})(\d{2})(\d{2})"),                                  # 20260305
)
# Month and day without a year (11月10日, 11-10, 11/10): read only on a sheet that names its year.
_MONTH_DAY = (re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"), re.compile(r"(\d{1,2})\s*[-/]\s*(\d{1,2})"))
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TIME_TAIL = re.compile(r"(?:\s+|T)\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?$")


class Unreadable(str):
    """A date cell that holds something that is not a date; the text is kept for the finding."""


class Absurd(Unreadable):
    """A real date outside FIRST_DAY .. LAST_DAY (9999-12-31, 1900-01-01): a typo, not a complaint's date."""


def to_date(value, year: int | None = None, epoch: dt.date = EXCEL_EPOCH) -> dt.date | Unreadable | None:
    """None for an empty cell, a date, or Unreadable(text) — never raises. ``year``: the year of a date
    typed without one (11月10日), when the sheet names exactly one year. ``epoch``: the day serial number
    0 stands for (EXCEL_EPOCH_1904 in a workbook that uses the 1904 date system)."""
    if value.__class__ is dt.date:   # most date cells (calamine gives a date for a date-only format)
        return value if FIRST_DAY <= value <= LAST_DAY else Absurd(value.isoformat())
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _sensible(value.date())
    if isinstance(value, dt.date):
        return _sensible(value)
    if isinstance(value, bool):
        return Unreadable(str(value))
    if isinstance(value, (int, float)):
        return _from_number(value, epoch)
    if isinstance(value, str):
        return parse_date_text(value, year, epoch)
    return Unreadable(str(value))  # time or timedelta cells


def _sensible(day: dt.date) -> dt.date | Absurd:
    return day if FIRST_DAY <= day <= LAST_DAY else Absurd(day.isoformat())


def _from_number(value: float, epoch: dt.date = EXCEL_EPOCH) -> dt.date | Unreadable:
    low, high = (FIRST_DAY - epoch).days, (LAST_DAY - epoch).days
    if low <= value <= high:
        return epoch + dt.timedelta(days=int(value))
    if float(value).is_integer() and 19000101 <= value <= 99991231:  # 20260305 typed as a number
        return parse_date_text(str(int(value))) or Unreadable(str(value))
    return Unreadable(str(value))


def parse_date_text(text: str, year: int | None = None,
                    epoch: dt.date = EXCEL_EPOCH) -> dt.date | Unreadable | None:
    """A date typed as text (2026-3-5, 2026/03/05, 2026年3月5日, 20260305, a serial number); a month and
    day alone only with ``year``. Unreadable(text) otherwise (Absurd for a date before 1990 or after 2100)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    cleaned = _TIME_TAIL.sub("", cleaned)
    for form in _TEXT_FORMS:
        m = form.fullmatch(cleaned)
        if m:
            try:
                return _sensible(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError:
                return Unreadable(text.strip())
    if year is not None:
        for form in _MONTH_DAY:
            m = form.fullmatch(cleaned)
            if m:
                try:
                    return _sensible(dt.date(year, int(m.group(1)), int(m.group(2))))
                except ValueError:
                    return Unreadable(text.strip())
    try:  # a serial number kept as text ("46086")
        number = float(cleaned)
    except ValueError:
        return Unreadable(text.strip())
    return _from_number(number, epoch)


def single_year(texts) -> int | None:
    """The year the texts name (2026年, 2026年度, 2026), when they name exactly one; else None."""
    years = {int(y) for text in texts for y in _YEAR.findall(unicodedata.normalize("NFKC", str(text)))}
    return years.pop() if len(years) == 1 else None
