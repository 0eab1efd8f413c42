"""Problems that keep coming back (the rules: 对反复出现的问题,应组织有关部门进行深入探讨,防止重复发生).

A recurring problem is **the same problem at the same place**:
- what a complaint is about comes from its summary, through the vocabulary of property-management
  problems (``kefu.core.vocabulary``: 电梯故障, 屋面漏水, 下水道堵塞, 车位被占, 装修噪音 …, extended by the
  office's ``templates/问题词表.txt``); the register's 类别 is only a hint when a summary names several;
- where comes from the problem's scope: a household (户: the complaint's 房号), a building (楼栋: the
  building the summary names, else the complainant's; a garage or shop the summary names), a building's unit
  (单元: a shared riser, the corridor's lights), a gate (大门: the gate the summary names, 西门道闸; else
  the estate), or the whole estate (全小区: one group however many buildings complain, e.g. outside cars
  taking owners' spaces);
- summaries the vocabulary does not know are grouped only within one household, when they say the same
  thing in other words (``kefu.rules.similarity``) — never across households.
A group needs ``[summary] recurring_unit_min`` complaints at one household, ``recurring_building_min`` at
a building, a garage, a shop or the estate. Unrelated complaints of one building and category (heating,
a garage light, a ceiling leak) are different problems and are never one group. A problem that was
recurring in the previous period and comes again in this one is listed too, and every group says how
many complaints of it the previous period had.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kefu.core.privacy import mask_unit
from kefu.core.records import Complaint
from kefu.core.vocabulary import Problem, Vocabulary, default_vocabulary
from kefu.rules import places
from kefu.rules.similarity import similar_groups, similarity

KIND_ZH = {"unit": "同一房号", "place": "同一地点", "estate": "全小区", "similar": "同一房号·内容相似",
           "alike": "同一地点·内容相似"}
ESTATE, GARAGE = places.ESTATE, places.GARAGE


@dataclass
class RecurringGroup:
    kind: str               # unit | place | estate | similar
    place: str              # 3栋2单元501 (3栋**** when masked), 9栋, 地下车库, 全小区
    category: str           # the problem (电梯故障 …), or the register's 类别 for a similar-wording group
    count: int
    numbers: list[str]
    summary: str            # a representative summary
    department: str         # the department most often responsible
    suggestion: str         # follow-up fitting the problem ("" when kefu cannot tell)
    members: list[dict] = field(default_factory=list)   # number, received_on, status (oldest first)
    came_back: int = 0      # complaints received after an earlier one of the group was completed
    last_period: int = 0    # complaints of the same problem at the same place in the previous period
    carried: bool = False   # below the threshold in this period: listed because it recurred in the last one

    @property
    def span(self) -> tuple[str, str]:
        return (self.members[0]["received_on"], self.members[-1]["received_on"]) if self.members else ("", "")

    def as_dict(self) -> dict:
        return {"kind": self.kind, "kind_zh": KIND_ZH[self.kind], "place": self.place,
                "category": self.category, "count": self.count, "numbers": self.numbers,
                "summary": self.summary, "department": self.department, "suggestion": self.suggestion,
                "members": self.members, "first": self.span[0], "last": self.span[1],
                "came_back": self.came_back, "last_period": self.last_period, "carried": self.carried}


@lru_cache(maxsize=65536)
def unit_key(unit: str) -> str:
    """Comparable unit: NFKC, no blanks, no trailing 室/房/号: ３栋 2单元 501室 -> 3栋2单元501."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit or "")).upper()
    return re.sub(r"(室|房|号)$", "", text)


def place_of(c: Complaint, problem: Problem | None) -> tuple[str, str] | None:
    """(kind, place key) of a complaint about ``problem``; None when its place cannot be told."""
    return places.place_of(c.summary, c.unit and unit_key(c.unit), problem)


def problem_key(c: Complaint, vocabulary: Vocabulary):
    """(problem, kind, place) of a complaint, or None when the vocabulary does not know its problem."""
    problem = vocabulary.problem_of(c.summary, c.category)
    if problem is None:
        return None
    where = place_of(c, problem)
    return (problem, *where) if where else None


def find_recurring(complaints: list[Complaint], settings, *, mask: bool | None = None,
                   vocabulary: Vocabulary | None = None, previous: Sequence[Complaint] = ()) -> list[RecurringGroup]:
    """All recurring groups among ``complaints`` (one period, not voided). ``previous``: the period before."""
    s = settings.summary
    vocabulary = vocabulary or default_vocabulary()
    mask = settings.privacy.mask if mask is None else mask
    threshold = max(s.similarity, 0.6)
    needed = {"unit": s.recurring_unit_min, "place": s.recurring_building_min, "estate": s.recurring_building_min}
    by_key, unknown = _by_problem(complaints, vocabulary, threshold)
    before, _ = _by_problem(previous, vocabulary, threshold)
    before_counts = {key: len(members) for key, members in before.items()}
    groups = []
    for (problem, kind, place), members in by_key.items():
        last = before_counts.get((problem, kind, place), 0)
        if len(members) >= needed[kind] or last >= needed[kind]:
            groups.append(_group(kind, _shown(kind, place, members, mask), problem, members, last))
            groups[-1].carried = len(members) < needed[kind]
    groups += _similar(unknown, s, mask, threshold)
    order = {"unit": 0, "similar": 1, "place": 2, "alike": 2, "estate": 3}
    groups.sort(key=lambda g: (g.carried, -g.count, order[g.kind], g.place, g.category))
    return groups


def _by_problem(complaints, vocabulary: Vocabulary, threshold: float):
    """(problem, kind, place) -> complaints, related groups at one place merged; and the complaints the
    vocabulary does not know that joined no group."""
    by_key: dict[tuple, list[Complaint]] = defaultdict(list)
    unknown = []
    for c in complaints:
        key = problem_key(c, vocabulary)
        if key is None:
            unknown.append(c)
        else:
            by_key[key].append(c)
    _merge_related(by_key, vocabulary, threshold)
    return by_key, _join_alike(by_key, unknown, threshold)


def _alike(a: list[Complaint], b: list[Complaint], threshold: float) -> bool:
    """Some complaint of ``a`` says what some complaint of ``b`` says, in other words."""
    return any(similarity(x.summary, y.summary) >= threshold for x in a for y in b)


def _merge_related(by_key: dict[tuple, list[Complaint]], vocabulary: Vocabulary, threshold: float) -> None:
    """At one place (not a household, not the estate), a group of a related problem (同类) joins a larger
    one: always at a shop, a gate or the garage (one shared place: the source is the problem; 西门门禁道闸
    故障 is the west gate's barrier), at a building or a unit when they say it in similar words."""
    at: dict[str, list[tuple]] = defaultdict(list)
    for key in sorted(by_key, key=lambda k: (-len(by_key[k]), k[0].order)):
        if key[1] == "place":
            at[key[2]].append(key)
    for place, keys in at.items():
        shared = place == GARAGE or bool(places.shop_of(place)) or places.gate_of(place) == place
        kept: list[tuple] = []
        for key in keys:
            into = next((k for k in kept if vocabulary.related(k[0], key[0])
                         and (shared or _alike(by_key[k], by_key[key], threshold))), None)
            if into is None:
                kept.append(key)
            else:
                by_key[into].extend(by_key.pop(key))


def _join_alike(by_key: dict[tuple, list[Complaint]], unknown: list[Complaint], threshold: float) -> list[Complaint]:
    """A complaint the vocabulary does not know joins a group at its place that says the same in other
    words; the others are returned."""
    left = []
    for c in unknown:
        where = place_of(c, None)
        into = next((k for k in by_key if where and k[1:] == where and _alike(by_key[k], [c], threshold)), None)
        if into is None:
            left.append(c)
        else:
            by_key[into].append(c)
    return left


def _shown(kind: str, place: str, members: list[Complaint], mask: bool) -> str:
    if kind != "unit":
        return place
    unit = members[0].unit.strip()
    return mask_unit(unit) if mask else unit


def _similar(complaints: list[Complaint], s, mask: bool, threshold: float) -> list[RecurringGroup]:
    """Summaries the vocabulary does not know: the same household saying the same thing in other words; else
    one place (a building, the garage, a shop) in similar words, as often as a place's problem needs."""
    out = []
    placed = []
    for members in similar_groups([c for c in complaints if unit_key(c.unit)], lambda c: unit_key(c.unit),
                                  lambda c: c.summary, threshold):
        if len(members) >= s.recurring_unit_min:
            out.append(_group("similar", _shown("unit", "", members, mask), None, members, 0, _category(members)))
            placed += members
    rest = [c for c in complaints if c not in placed and place_of(c, None)]
    for members in similar_groups(rest, lambda c: place_of(c, None), lambda c: c.summary, threshold):
        if len(members) >= s.recurring_building_min:
            where = place_of(members[0], None) or ("", "")
            out.append(_group("alike", where[1], None, members, 0, _category(members)))
    return out


def _category(members: list[Complaint]) -> str:
    return Counter(c.category or "未填写" for c in members).most_common(1)[0][0]


def _status(c: Complaint) -> str:
    return c.status.strip() or ("已完成" if c.completed_on else "未办结")


def _group(kind: str, place: str, problem: Problem | None, members: list[Complaint], last: int,
           category: str = "") -> RecurringGroup:
    members = sorted(members, key=lambda c: (_on(c), c.row))
    summaries = Counter(c.summary.strip() for c in members if c.summary.strip())
    summary = min(summaries, key=lambda t: (-summaries[t], len(t), t)) if summaries else ""
    departments = Counter(c.department for c in members if c.department)
    department = departments.most_common(1)[0][0] if departments else ""
    rows = [{"number": c.number or c.number_text, "received_on": _on(c).isoformat(), "status": _status(c)}
            for c in members]
    return RecurringGroup(kind, place, problem.name if problem else category, len(members),
                          [r["number"] for r in rows], summary, department,
                          suggest(problem, "该户" if kind == "unit" else place, department), rows,
                          came_back(members), last)


def came_back(members: list[Complaint]) -> int:
    """How many complaints came after an earlier one of the group had been completed."""
    done = [c.completed_on for c in members if c.completed_on]
    return sum(1 for c in members if any(d < _on(c) for d in done))


def _on(c: Complaint) -> dt.date:
    """The received date (a period's complaints all have one; date.min keeps the types honest)."""
    return c.received_on or dt.date.min


def suggest(problem: Problem | None, place: str, department: str) -> str:
    """The problem's follow-up advice with department and place filled in; "" when kefu cannot tell."""
    if problem is None or not problem.advice:
        return ""
    return problem.advice.replace("{部门}", department or "相关责任部门").replace("{地点}", place)
