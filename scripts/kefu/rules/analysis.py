"""Figures of a complaint analysis: pure functions over Complaint records (no files, no clock).

``figures_for(complaints, period, settings, as_of, calendar)`` counts what the office's rules ask the
half-year / year-end analysis to report: complaints received (voided ones excluded), breakdowns that
each sum to the total (blanks under 未填写), replies within the deadline, average days to reply and to
complete, still open and overdue at the end of the period, major complaints with their outcome,
callback coverage and satisfaction.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kefu.core.periods import Period, month_start
from kefu.core.records import Complaint
from kefu.core.workdays import WorkCalendar, reply_deadline

BLANK = "未填写"
CLOSED_WORDS = ("已完成", "已办结", "办结", "已处理", "已解决", "已关闭", "关闭", "完成", "结案")


@dataclass
class Figures:
    period: Period
    total: int
    by_category: dict[str, int]
    by_department: dict[str, int]
    by_channel: dict[str, int]
    by_month: dict[str, int]
    reply_due: int                      # replied, or reply deadline already passed at as_of
    replied_on_time: int
    replied_on_time_rate: float | None
    avg_days_to_reply: float | None     # calendar days, received -> replied
    avg_days_to_complete: float | None  # calendar days, received -> completed
    open_at_end: list[str]              # numbers not closed at the end of the period
    overdue_at_end: list[str]           # of those, past the reply deadline or the action due date
    major: list[dict]
    callback_expected: int              # completed (or called back)
    called_back: int
    callback_rate: float | None
    callback_answered: int              # called back with an answer about satisfaction
    callback_satisfied: int
    callback_satisfied_rate: float | None
    undated: int = 0                    # not voided, but no readable received date: not counted
    complaints: list[Complaint] = field(default_factory=list, repr=False)
    through: dt.date | None = None      # the last day counted: the period's end, or as_of while it runs
    data_from: dt.date | None = None    # the first month the register covers (its earliest complaint)

    @property
    def ongoing(self) -> bool:
        """The period is not over yet: its figures run to ``through``, not to its end."""
        return self.through is not None and self.through < self.period.end

    @property
    def complete(self) -> bool:
        """The register covers the whole period (it does not start after the period began)."""
        return self.data_from is None or self.data_from <= self.period.start


def received_in(complaints: list[Complaint], period: Period) -> list[Complaint]:
    """Non-voided complaints received within the period."""
    start, end = period.start, period.end
    return [c for c in complaints if not c.voided and c.received_on is not None
            and start <= c.received_on <= end]


def _received(c: Complaint) -> dt.date:
    """The received date of a complaint that ``received_in`` kept (it keeps dated complaints only)."""
    assert c.received_on is not None, f"{c.sheet} row {c.row}: counted without a received date"
    return c.received_on


def breakdown(values: list[str]) -> dict[str, int]:
    """Counts by value, largest first; blanks counted under 未填写 (last), so the counts sum to the total."""
    counts = Counter(v.strip() or BLANK for v in values)
    blank = counts.pop(BLANK, 0)
    out = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    if blank:
        out[BLANK] = blank
    return out


def by_month(complaints: list[Complaint], period: Period) -> dict[str, int]:
    """Counts by month received of complaints from ``received_in``, every month of the period listed."""
    counts = Counter(f"{day.year}-{day.month:02d}" for day in map(_received, complaints))
    return {f"{y}-{m:02d}": counts.get(f"{y}-{m:02d}", 0) for y, m in period.months()}


def is_closed(c: Complaint, on: dt.date) -> bool:
    """Completed by ``on``; a row with no completion date but a closed status counts as closed."""
    if c.completed_on is not None:
        return c.completed_on <= on
    return any(w in c.status for w in CLOSED_WORDS) if c.status else False


def unsatisfied(text: str, words: tuple[str, ...]) -> bool:
    """True when the answer matches an unsatisfied word. 不满意 contains 满意, so only the configured
    words decide; a one-character word (否) must be the whole answer, so 是否满意:满意 stays satisfied."""
    t = text.strip()
    for w in words:
        if len(w) == 1:
            if t == w:
                return True
        elif w in t:
            return True
    return False


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def data_from(complaints: list[Complaint]) -> dt.date | None:
    """The first day of the month of the register's earliest (not voided) complaint: what it covers."""
    days = [c.received_on for c in complaints if not c.voided and c.received_on is not None]
    return month_start(min(days)) if days else None


def figures_for(complaints: list[Complaint], period: Period, settings, as_of: dt.date,
                calendar: WorkCalendar | None = None, covered_from: dt.date | None = None) -> Figures:
    """All figures for one period. ``complaints`` may be the whole register; voided rows are skipped.
    ``covered_from``: the first day the data covers (default: the month of the earliest complaint)."""
    calendar = calendar or WorkCalendar.from_settings(settings)
    rows = received_in(complaints, period)
    deadlines = [reply_deadline(_received(c), settings.deadlines.reply_days, calendar) for c in rows]
    due, on_time, reply_days_taken = _replies(rows, deadlines, as_of)
    open_numbers, overdue_numbers = _open_at(rows, deadlines, min(period.end, as_of))
    expected, called, answered, satisfied = _callbacks(rows, as_of, settings.callbacks.unsatisfied_words)
    complete_days = [(c.completed_on - _received(c)).days for c in rows
                     if c.completed_on is not None and _received(c) <= c.completed_on <= as_of]
    return Figures(
        period=period, total=len(rows),
        by_category=breakdown([c.category for c in rows]),
        by_department=breakdown([c.department for c in rows]),
        by_channel=breakdown([c.channel for c in rows]),
        by_month=by_month(rows, period),
        reply_due=due, replied_on_time=on_time, replied_on_time_rate=_rate(on_time, due),
        avg_days_to_reply=_mean(reply_days_taken), avg_days_to_complete=_mean(complete_days),
        open_at_end=open_numbers, overdue_at_end=overdue_numbers,
        major=[_major_row(c, as_of) for c in rows if c.major],
        callback_expected=expected, called_back=called, callback_rate=_rate(called, expected),
        callback_answered=answered, callback_satisfied=satisfied,
        callback_satisfied_rate=_rate(satisfied, answered),
        undated=sum(1 for c in complaints if not c.voided and c.received_on is None), complaints=rows,
        through=min(period.end, as_of), data_from=covered_from or data_from(complaints),
    )


def _replies(rows: list[Complaint], deadlines: list[dt.date], as_of: dt.date) -> tuple[int, int, list[int]]:
    """(replies due by ``as_of``, replied on time, days each reply took)."""
    due = on_time = 0
    taken = []
    for c, deadline in zip(rows, deadlines):
        replied = c.replied_on if c.replied_on is not None and c.replied_on <= as_of else None
        if replied is not None or deadline < as_of:
            due += 1
            on_time += replied is not None and replied <= deadline
        if replied is not None and replied >= _received(c):
            taken.append((replied - _received(c)).days)
    return due, on_time, taken


def _open_at(rows: list[Complaint], deadlines: list[dt.date], end: dt.date) -> tuple[list[str], list[str]]:
    """(numbers still open at ``end``, those of them overdue: reply or corrective action late)."""
    open_numbers, overdue_numbers = [], []
    for c, deadline in zip(rows, deadlines):
        if not is_closed(c, end):
            open_numbers.append(c.number or c.number_text)
            unreplied = c.replied_on is None or c.replied_on > end
            if (unreplied and deadline < end) or (c.action_due is not None and c.action_due < end):
                overdue_numbers.append(c.number or c.number_text)
    return open_numbers, overdue_numbers


def _callbacks(rows: list[Complaint], as_of: dt.date, words: tuple[str, ...]) -> tuple[int, int, int, int]:
    """(callbacks expected, made, answered, satisfied): a closed or called-back complaint expects one."""
    expected = called = answered = satisfied = 0
    for c in rows:
        answer = c.satisfied or c.callback_result
        was_called = c.callback_on is not None or bool(c.callback_result) or bool(c.satisfied)
        if is_closed(c, as_of) or was_called:
            expected += 1
            called += was_called
            if answer.strip():
                answered += 1
                satisfied += not unsatisfied(answer, words)
    return expected, called, answered, satisfied


def _major_row(c: Complaint, as_of: dt.date) -> dict:
    if c.result:
        outcome = c.result
    elif is_closed(c, as_of):
        outcome = c.status or "已办结"
    else:
        outcome = "尚未办结" + (f"({c.status})" if c.status else "")
    return {"number": c.number or c.number_text, "received_on": _received(c).isoformat(),
            "category": c.category or BLANK, "department": c.department or BLANK,
            "summary": c.summary, "outcome": outcome,
            "completed_on": c.completed_on.isoformat() if c.completed_on else None}


def change(current: float | None, before: float | None) -> float | None:
    """Relative change (0.25 = +25%); None when there is nothing to compare with."""
    if current is None or before is None or before == 0:
        return None
    return (current - before) / before
