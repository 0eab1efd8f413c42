"""Problems that keep coming back (the rules: 对反复出现的问题,应组织有关部门进行深入探讨).

Three lenses, each a list of RecurringGroup:
- the same unit with the same category >= ``[summary] recurring_unit_min`` times;
- the same category in the same building >= ``recurring_building_min`` times;
- summaries that say the same thing in different words (kefu.rules.similarity), within a building/unit.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from kefu.core.privacy import building_of, mask_unit
from kefu.core.records import Complaint
from kefu.rules.analysis import BLANK
from kefu.rules.similarity import similar_groups

KIND_ZH = {"unit": "同一房号同类投诉", "building": "同一楼栋同类投诉", "similar": "内容相似的投诉"}


@dataclass
class RecurringGroup:
    kind: str               # unit | building | similar
    place: str              # 3栋2单元501 (or 3栋**** when masked), 3栋, 全小区
    category: str
    count: int
    numbers: list[str]
    summary: str            # a representative summary
    department: str         # the department most often responsible
    suggestion: str         # suggested follow-up (Chinese)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "kind_zh": KIND_ZH[self.kind], "place": self.place,
                "category": self.category, "count": self.count, "numbers": self.numbers,
                "summary": self.summary, "department": self.department, "suggestion": self.suggestion}


@lru_cache(maxsize=65536)
def unit_key(unit: str) -> str:
    """Comparable unit: NFKC, no blanks, no trailing 室/房/号: ３栋 2单元 501室 -> 3栋2单元501."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit or "")).upper()
    return re.sub(r"(室|房|号)$", "", text)


def find_recurring(complaints: list[Complaint], settings, *, mask: bool | None = None) -> list[RecurringGroup]:
    """All recurring groups among ``complaints`` (already limited to one period, not voided)."""
    s = settings.summary
    mask = settings.privacy.mask if mask is None else mask
    show_unit = mask_unit if mask else (lambda u: u)
    groups: list[RecurringGroup] = []

    by_unit: dict[tuple[str, str], list[Complaint]] = defaultdict(list)
    by_building: dict[tuple[str, str], list[Complaint]] = defaultdict(list)
    for c in complaints:
        if not c.category:
            continue
        unit = unit_key(c.unit)
        if unit:
            by_unit[(unit, c.category)].append(c)
        building = _building(unit)
        if building:
            by_building[(building, c.category)].append(c)
    seen: set[frozenset[str]] = set()
    for (_unit, category), members in by_unit.items():
        if len(members) >= s.recurring_unit_min:
            groups.append(_group("unit", show_unit(members[0].unit.strip()), category, members))
            seen.add(_ids(members))
    for (building, category), members in by_building.items():
        if len(members) >= s.recurring_building_min and _ids(members) not in seen:
            groups.append(_group("building", building, category, members))
            seen.add(_ids(members))

    def block(c: Complaint) -> str:
        unit = unit_key(c.unit)
        return _building(unit) or unit

    for members in similar_groups(complaints, block, lambda c: c.summary, s.similarity,
                                  sub_key=lambda c: c.category):
        one_unit = len({unit_key(c.unit) for c in members}) == 1
        needed = s.recurring_unit_min if one_unit else s.recurring_building_min
        if len(members) < needed or _ids(members) in seen:
            continue  # below the thresholds, or exactly a group already listed
        place = block(members[0])
        place = place if building_of(place) or not place else show_unit(members[0].unit.strip())
        category = Counter(c.category or BLANK for c in members).most_common(1)[0][0]
        groups.append(_group("similar", place or "全小区(未填房号)", category, members))

    order = {"unit": 0, "similar": 1, "building": 2}
    groups.sort(key=lambda g: (order[g.kind], -g.count, g.place, g.category))
    return groups


@lru_cache(maxsize=65536)
def _building(unit: str) -> str:
    return building_of(unit)


def _ids(members: list[Complaint]) -> frozenset[str]:
    return frozenset(f"{c.sheet}!{c.row}" for c in members)


def _group(kind: str, place: str, category: str, members: list[Complaint]) -> RecurringGroup:
    summaries = Counter(c.summary.strip() for c in members if c.summary.strip())
    summary = min(summaries, key=lambda t: (-summaries[t], len(t), t)) if summaries else ""
    departments = Counter(c.department for c in members if c.department)
    department = departments.most_common(1)[0][0] if departments else ""
    numbers = [c.number or c.number_text for c in sorted(members, key=lambda c: (c.received_on, c.row))]
    return RecurringGroup(kind, place, category, len(members), numbers, summary, department,
                          suggest(kind, place, category, len(members), department))


# Follow-up by the kind of problem: (words in the category, {kind: advice}); the first match decides.
FOLLOW_UPS = (
    (("维修", "供水", "供电", "水电", "电梯", "设施", "设备", "漏水", "渗水", "管道", "门禁", "照明"),
     {"unit": "由{who}上门查明{category}问题的根源(不只做补救),与业主确认整改方案,完成后专项回访。",
      "building": "由{who}对{place}的{category}相关设施专项排查,找出共性原因,限期整改,下次分析时复查。",
      "similar": "由{who}查明这几件{category}问题的共同原因,一次修复到位,并在例会上通报。"}),
    (("保洁", "卫生", "垃圾", "绿化"),
     {"unit": "由{who}核查该户周边的{category}作业,调整频次和标准,完成后回访业主。",
      "building": "由{who}检查{place}的{category}作业标准和频次,调整安排、加强检查,下次分析时复查。",
      "similar": "由{who}查明这几件{category}投诉的共同原因,调整作业安排,并在例会上通报。"}),
    (("噪音", "扰民", "治安", "消防", "安全", "停车", "车辆", "宠物"),
     {"unit": "由{who}加强该户周边的巡查,约谈相关住户,跟进到问题消除后回访业主。",
      "building": "由{who}加强{place}的巡查和管控,必要时张贴告示、约谈相关住户,下次分析时复查。",
      "similar": "由{who}查明这几件{category}投诉的共同原因,加强巡查和管控,并在例会上通报。"}),
    (("服务态度", "态度"),
     {"unit": "由{who}核查涉及人员的服务过程,向业主说明处理结果,对涉及人员进行服务规范培训。",
      "building": "由{who}核查{place}相关服务人员的服务过程,开展服务规范培训,必要时按制度考核。",
      "similar": "由{who}核查这几件投诉涉及人员的服务过程,开展服务规范培训,并在例会上通报。"}),
    (("收费", "费用", "物业费", "账单"),
     {"unit": "由{who}与业主逐项核对收费依据和账目,当面说明,有误之处及时更正。",
      "building": "由{who}核对{place}的收费依据和账目,公示收费标准,向业主说明。",
      "similar": "由{who}核对这几件投诉涉及的收费依据,统一答复口径,并在例会上通报。"}),
)


def suggest(kind: str, place: str, category: str, count: int, department: str) -> str:
    """Follow-up advice that fits the category; "" (left out) for a category kefu has no advice for
    (其他, 未填写, an office's own words): a wrong suggestion is worse than none."""
    who = department or "相关责任部门"
    for words, advice in FOLLOW_UPS:
        if any(word in category for word in words):
            return advice[kind].format(who=who, place=place, category=category)
    return ""
