"""Where a complaint stands after handling: owed a callback, called back, unsatisfied, reopened.

Shared by the callback rules of the daily check and by the callback list, so both always agree.

Definitions (what the office's rule "直到用户满意为止" becomes):
- A **callback** is the register's callback columns (回访日期 / 回访结果 / 是否满意, any of them filled) or
  a row of the callback-records workbook where staff typed 回访日期, 回访结果 or 是否满意. A result that
  says the owner could not be reached (``[callbacks] unreachable_words``: 未接通, 关机 …) with no
  是否满意 answer is not a callback. Its date is 回访日期; without one, a sheet row counts on its
  清单日期 and a register callback on the completion date (so it is "after" the handling it follows).
- **Owed a callback**: completed (完成日期 on or before today) and no callback dated on or after the
  completion date. The callback is due ``callback_days`` days after completion (ctx.calendar counts).
- **Unsatisfied**: the latest callback says so — 回访结果 or 是否满意 holds one of
  ``unsatisfied_words``. A word of one character (否) must be the whole answer; longer words
  (不满意, 未解决) may appear anywhere, so 不满意 is never read as 满意.
- **Sent back for handling since** (an unsatisfied owner is no longer flagged): a 完成日期 later than
  the unsatisfied callback (handled again; a new callback is then owed), or 状态 holding one of
  ``reopen_words`` (处理中, 重新处理 …).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from operator import attrgetter
from typing import Callable, NamedTuple

from kefu.core.privacy import building_of, mask_phone
from kefu.core.records import Complaint

_PUNCT = re.compile(r"[\s,。.,;;!!??、:：\"'“”‘’()()【】\[\]]+")
_PHONE_LIKE = re.compile(r"\d[\d\- ]{5,}\d")


# Callback and FollowUp are NamedTuples: one of each is made for every complaint of the register on every
# daily check, and a NamedTuple is made three times faster than a frozen dataclass.
class Callback(NamedTuple):
    on: dt.date                 # the callback's date (see the module notes for stand-ins)
    result: str
    satisfied: str
    by: str
    source: str                 # "register" or "sheet"
    row: int | None = None      # row in the callback-records workbook (source == "sheet")


class FollowUp(NamedTuple):
    complaint: Complaint
    callbacks: tuple[Callback, ...]      # oldest first
    owed: bool                           # completed and not called back since
    due_on: dt.date | None               # when the owed callback is due
    unsatisfied: Callback | None         # the unsatisfied latest callback, when not sent back since

    @property
    def last(self) -> Callback | None:
        return self.callbacks[-1] if self.callbacks else None


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """NFKC, no punctuation or blanks (cached: the same answers and configured words recur)."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=64)
def _prepared(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Configured words cleaned once: (one-character words, longer words)."""
    cleaned = [w for w in map(clean, words) if w]
    return frozenset(w for w in cleaned if len(w) == 1), tuple(w for w in cleaned if len(w) > 1)


def says_any(text: str, words) -> bool:
    """True when ``text`` holds one of ``words``: one-character words only as the whole answer."""
    if not text:
        return False
    t = clean(text)
    if not t:
        return False
    singles, longer = _prepared(tuple(words))
    return t in singles or any(w in t for w in longer)


def is_unsatisfied(cb: Callback, says_unsatisfied: Callable[[str], bool]) -> bool:
    """Does the callback's 是否满意 or result say the owner was not satisfied (one of the run's word tests)?"""
    return says_unsatisfied(cb.satisfied) or says_unsatisfied(cb.result)


def scrub(text: str, limit: int = 40) -> str:
    """Text for a message that others may read: phone-like digit runs masked, cut to ``limit``."""
    text = _PHONE_LIKE.sub(lambda m: mask_phone(m.group(0)), (text or "").strip())
    return text if len(text) <= limit else text[:limit] + "…"


class _Words:
    """The [callbacks] word lists as ``says_any`` tests that remember their answers.

    A register repeats the same few answers (满意, 已解决 …) on every row: each distinct text is cleaned
    and searched once per run instead of once per complaint. Made per run, so nothing outlives it.
    """

    def __init__(self, cfg):
        self.unreachable = _remembering(cfg.unreachable_words)
        self.unsatisfied = _remembering(cfg.unsatisfied_words)
        self.reopen = _remembering(cfg.reopen_words)


def _remembering(words) -> Callable[[str], bool]:
    answers: dict[str, bool] = {}

    def says(text: str) -> bool:
        try:
            return answers[text]
        except KeyError:
            answer = answers[text] = says_any(text, words)
            return answer
    return says


def callbacks_of(complaint, records, settings) -> list[Callback]:
    """The complaint's callbacks from the register and the callback sheet, oldest first."""
    return list(_callbacks_of(complaint, records, _Words(settings.callbacks)))


def _callbacks_of(c, records, words: _Words) -> tuple[Callback, ...]:
    """callbacks_of, with the word tests of the run."""
    own = _register_callback(c, words)
    if not records:   # the usual case: the register's callback columns only
        return own
    out = list(own)
    for r in records:
        if r.typed:
            on = r.called_on or r.listed_on or dt.date.min
            out.append(Callback(on, r.result, r.satisfied, r.called_by, "sheet", r.row))
    unreachable = words.unreachable
    out = [cb for cb in out if cb.satisfied or not unreachable(cb.result)]
    out.sort(key=_ON)
    return tuple(out)


def _register_callback(c, words: _Words) -> tuple[Callback, ...]:
    """The callback typed into the register's columns: () when none, or when the owner was not reached."""
    if not (c.callback_on or c.callback_result or c.satisfied):
        return ()
    if not c.satisfied and words.unreachable(c.callback_result):
        return ()
    on = c.callback_on or c.completed_on or c.received_on or dt.date.min
    return (Callback(on, c.callback_result, c.satisfied, c.callback_by, "register"),)


_ON = attrgetter("on")


def follow_up(complaint, records, settings, calendar, as_of: dt.date) -> FollowUp:
    return _follow_up(complaint, records, settings.callbacks.callback_days, _Words(settings.callbacks),
                      calendar, as_of)


def _follow_up(complaint, records, callback_days: int, words: _Words, calendar, as_of: dt.date) -> FollowUp:
    c = complaint
    if not (records or c.completed_on or c.callback_on or c.callback_result or c.satisfied):
        return FollowUp(complaint, (), False, None, None)   # not handled, never called: nothing owed
    callbacks = _callbacks_of(complaint, records, words)
    last = callbacks[-1] if callbacks else None    # the latest: callbacks are oldest first
    done = complaint.completed_on
    owed = bool(done and done <= as_of and not (last is not None and last.on >= done))
    due_on = calendar.add_days(done, callback_days) if owed else None
    unsatisfied = None
    if last is not None and is_unsatisfied(last, words.unsatisfied) and not _sent_back(complaint, last, words):
        unsatisfied = last
    return FollowUp(complaint, callbacks, owed, due_on, unsatisfied)


def _sent_back(complaint, cb: Callback, words: _Words) -> bool:
    if complaint.completed_on and complaint.completed_on > cb.on:
        return True
    return words.reopen(complaint.status)


def follow_ups(register, ctx, *, unless_settled: Callable[[object], bool] | None = None) -> list[FollowUp]:
    """One FollowUp per active complaint with a number.

    ``unless_settled``: leave out the settled complaints (see ``_settled``) for which it returns False,
    without building their FollowUp: a rule that only looks for what is owed passes by the usual
    complaint cheaply."""
    records = ctx.callback_records or {}
    cfg = ctx.settings.callbacks
    words, days, calendar, as_of = _Words(cfg), cfg.callback_days, ctx.calendar, ctx.as_of
    if unless_settled is None:
        return [_follow_up(c, records.get(c.number, ()), days, words, calendar, as_of)
                for c in register.active if c.number]
    return [_follow_up(c, own, days, words, calendar, as_of) for c in register.active
            if c.number and ((own := records.get(c.number, ())) or unless_settled(c) or not _settled(c, words, as_of))]


def _settled(c, words: _Words, as_of: dt.date) -> bool:
    """True when a complaint with no callback-sheet rows is surely owed no callback and has no unsatisfied
    owner, judged on its own cells without building its callbacks: not completed yet (or completed after
    ``as_of``), or called back on or after completion with an answer that is not unsatisfied. False means
    "maybe": its FollowUp is built. A test checks this against ``_follow_up`` on every combination."""
    done = c.completed_on
    if (c.callback_on or c.callback_result or c.satisfied) and (c.satisfied or not words.unreachable(c.callback_result)):
        if words.unsatisfied(c.satisfied) or words.unsatisfied(c.callback_result):
            return False
        return not (done and done <= as_of and c.callback_on and c.callback_on < done)
    return not (done and done <= as_of)


# ------------------------------------------------------------------ regular visits (定期回访)

def period_start(day: dt.date, every: str) -> dt.date:
    if every == "month":
        return day.replace(day=1)
    if every == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if every == "half-year":
        return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    return dt.date(day.year, 1, 1)


def previous_period(day: dt.date, every: str) -> tuple[dt.date, dt.date]:
    end = period_start(day, every) - dt.timedelta(days=1)
    return period_start(end, every), end


def owner_key(complaint: Complaint) -> str:
    return clean(complaint.unit) or clean(complaint.customer) or complaint.number


def regular_visits(items: list[FollowUp], as_of: dt.date, every: str, exclude: set[str]) -> list[FollowUp]:
    """定期回访: owners whose complaint (completed) was received in the previous period and who have not
    been called back since the current period began. One row per owner (their latest complaint).
    ``exclude``: owner keys already on the list for another reason."""
    if every == "none":
        return []
    start, end = previous_period(as_of, every)
    current = period_start(as_of, every)
    by_owner: dict[str, list[FollowUp]] = {}
    for f in items:
        by_owner.setdefault(owner_key(f.complaint), []).append(f)
    out = []
    for key, group in by_owner.items():
        if key in exclude or any(cb.on >= current for f in group for cb in f.callbacks):
            continue
        candidates = [f for f in group if f.complaint.completed_on and f.complaint.received_on
                      and start <= f.complaint.received_on <= end]
        if candidates:
            out.append(max(candidates, key=lambda f: (f.complaint.received_on, f.complaint.number)))
    return out


NO_BUILDING, NO_STAFF = "未注明楼栋", "未指定回访人"


def group_name(f: FollowUp, group_by: str) -> str:
    """``[callbacks] group_by``: the building of the unit, or who called the owner back last."""
    if group_by == "building":
        return building_of(f.complaint.unit) or NO_BUILDING
    if group_by == "staff":
        by = (f.last.by if f.last and f.last.by else "") or f.complaint.callback_by
        return by or NO_STAFF
    return ""
