"""Which forms of one survey year count: one per household, no test or empty online submissions.

DESIGN "Satisfaction": channels are counted together; a household that answered more than once counts
once, with its latest form; a submission with every item blank is not a returned form. Here:

- **test**: an online answer sheet that took less than ``[survey] min_seconds`` (所用时间, 答题时长);
- **empty**: an online answer sheet with every item blank (a paper form without any answer was never
  counted as returned, and stays as it was);
- **duplicate**: among the forms left with at least one answer, those of one household — the same room
  (compared by its numbers: 3栋2单元501 = 3-2-501) or the same phone (its digits, seven or more) — but the
  latest: the later date, on one day the later submission time (a paper form has none and counts as
  the start of its day), then the one read later. Each form set aside names the one kept.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kefu.core.records import SurveyResponse

TEST, EMPTY, DUPLICATE = "test", "empty", "duplicate"
REASONS = {TEST: "测试答卷(用时过短)", EMPTY: "空白答卷(各项目均未作答)", DUPLICATE: "同一户重复填写"}
_DIGITS = re.compile(r"\d+")
_UNIT_PARTS = re.compile(r"\d+|[A-Za-z]+")


@dataclass(frozen=True)
class SetAside:
    response: SurveyResponse
    reason: str                          # TEST, EMPTY or DUPLICATE
    kept: SurveyResponse | None = None   # DUPLICATE: the household's form that counts
    by: str = ""                         # DUPLICATE: 同一房号 / 同一电话

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason] + (f"({self.by})" if self.by else "")


def sort_out(responses: list[SurveyResponse], items: tuple[str, ...], min_seconds: int
             ) -> tuple[list[SurveyResponse], list[SetAside]]:
    """(the forms that count, in reading order; those set aside, in reading order)."""
    aside: dict[int, SetAside] = {}
    for i, r in enumerate(responses):
        if r.online and min_seconds and r.seconds is not None and r.seconds < min_seconds:
            aside[i] = SetAside(r, TEST)
        elif r.online and not any(_filled(r.answers.get(item, "")) for item in items):
            aside[i] = SetAside(r, EMPTY)
    answered = [i for i, r in enumerate(responses)
                if i not in aside and any(_filled(r.answers.get(item, "")) for item in items)]
    for group, by in _households(responses, answered):
        latest = max(group, key=lambda i: (_when(responses[i]), i))
        for i in group:
            if i != latest:
                aside[i] = SetAside(responses[i], DUPLICATE, responses[latest], by)
    kept = [r for i, r in enumerate(responses) if i not in aside]
    return kept, [aside[i] for i in sorted(aside)]


def _filled(answer: str) -> bool:
    return bool(str(answer).strip())


def _when(r: SurveyResponse) -> dt.datetime:
    if r.submitted_at is not None:
        return r.submitted_at
    return dt.datetime.combine(r.surveyed_on, dt.time()) if r.surveyed_on else dt.datetime.min


def unit_key(unit: str) -> str:
    """A room compared by its numbers and letters (3栋2单元501 = 3-2-501); "" when it has fewer than two."""
    parts = _UNIT_PARTS.findall(unicodedata.normalize("NFKC", unit or ""))
    return "-".join(str(int(p)) if p.isdigit() else p.upper() for p in parts) if len(parts) >= 2 else ""


def phone_key(phone: str) -> str:
    digits = "".join(_DIGITS.findall(unicodedata.normalize("NFKC", phone or "")))
    return digits if len(digits) >= 7 else ""


def _households(responses: list[SurveyResponse], indexes: list[int]) -> list[tuple[list[int], str]]:
    """Groups of two or more forms of one household (connected by room or phone), with what joined them."""
    parent = {i: i for i in indexes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined_by: dict[int, set[str]] = {}
    for key_of, label in ((lambda r: unit_key(r.unit), "同一房号"), (lambda r: phone_key(r.phone), "同一电话")):
        first: dict[str, int] = {}
        for i in indexes:
            key = key_of(responses[i])
            if not key:
                continue
            if key in first:
                a, b = root(first[key]), root(i)
                parent[b] = a
                joined_by.setdefault(i, set()).add(label)
                joined_by.setdefault(first[key], set()).add(label)
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in indexes:
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) > 1:
            labels = sorted({label for i in members for label in joined_by.get(i, ())}, reverse=True)
            out.append((members, "、".join(labels)))
    return out
