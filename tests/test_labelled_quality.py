"""How good are the recurring groups, the owners' themes and the masking, measured on a labelled set.

Prints precision and recall of recurring groups (pairs of complaints grouped together vs truly together),
theme recovery and masking, and asserts the floors of issue 28. Run with ``-s`` to see the figures.
"""
from __future__ import annotations

from itertools import combinations

import labelled_set as ls
import pytest

from kefu.core.privacy import NameSet, mask_text
from kefu.rules.opinions import OTHER, common_opinions
from kefu.rules.recurring import find_recurring

STOP_WORDS = {"不错", "继续", "保持", "总体", "地方", "希望", "物业", "小区", "问题", "其他"}


def _pairs(groups) -> set[frozenset]:
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


@pytest.mark.parametrize("labelled", ["A", "B"])
def test_recurring_groups_precision_and_recall(settings_for, labelled):
    complaints, truth = ls.register() if labelled == "A" else ls.register_b()
    found = find_recurring(complaints, settings_for(), mask=False)
    true_groups: dict[str, set] = {}
    for number, group in truth.items():
        if group:
            true_groups.setdefault(group, set()).add(number)
    got, want = _pairs(set(g.numbers) for g in found), _pairs(true_groups.values())
    precision = len(got & want) / len(got) if got else 1.0
    recall = len(got & want) / len(want)
    reported = [name for name, members in true_groups.items() if any(members <= set(g.numbers) for g in found)]
    print(f"\nrecurring ({labelled}): {len(found)} groups, pair precision {precision:.2f}, recall {recall:.2f}, "
          f"true groups reported {len(reported)}/{len(true_groups)}")
    for g in found:
        print(f"  {g.place} · {g.category}: {g.numbers} came_back={g.came_back}")
    assert precision >= 0.9 and recall >= 0.8
    assert sorted(reported) == sorted(true_groups)
    if labelled == "B":
        return
    by_problem = {g.category: g for g in found}
    assert "维保单位" in by_problem["电梯故障"].suggestion and "门岗" in by_problem["车位被占"].suggestion
    assert "防水" in by_problem["屋面漏水"].suggestion
    assert by_problem["车位被占"].place == "全小区"      # one group, not one per building


@pytest.mark.parametrize("labelled", ["A", "B"])
def test_owner_themes_are_recovered_without_duplicates_or_stop_words(settings_for, labelled):
    forms, labels = (ls.survey(), ls.SURVEY) if labelled == "A" else ls.survey_b()
    ops = common_opinions(forms, settings_for())
    got = {(t.item, t.name): t for t in ops.themes}
    want: dict[tuple, int] = {}
    for _, themes, _ in labels:
        for key in themes:
            want[key] = want.get(key, 0) + 1
    recovered = [k for k, n in want.items() if k in got and got[k].count == n]
    rate = len(recovered) / len(want)
    praise = sum(1 for _, _, p in labels if p)
    print(f"\nthemes ({labelled}): {len(recovered)}/{len(want)} recovered with the right count ({rate:.0%}); "
          f"praise {ops.praise}/{praise}; themes shown {len(ops.themes)}")
    for t in ops.themes:
        print(f"  {t.label} {t.count}: {t.examples}")
    assert rate >= 0.8 and ops.praise == praise
    for t in ops.themes:
        keys = [e.rstrip("。!.") for e in t.examples]
        assert len(keys) == len(set(keys)), t
        assert t.name not in STOP_WORDS and not any(t.name == f"{OTHER}:{w}" for w in STOP_WORDS)
    if labelled == "A":
        assert {t.name for t in ops.themes if not t.item} == {"收费", "收费公开", OTHER}   # fits no item


def test_masking_leaves_nothing_personal_and_damages_nothing_clean(settings_for):
    ops = common_opinions(ls.survey(), settings_for())
    shown = " ".join(e for t in ops.themes for e in t.examples + t.public_examples(2))
    texts = [text for text, _, _ in ls.SURVEY]
    masked = [mask_text(t, NameSet(["王建国"])) for t in texts]
    missed = [p for p in ls.PERSONAL if any(p in m for m in masked) or p in shown]
    damaged = [c for c in ls.CLEAN if mask_text(c) != c]
    damaged += [t for t, m in zip(texts, masked) if not any(p in t for p in ls.PERSONAL)
                and "阿姨" not in t and m != t]
    print(f"\nmasking: {len(missed)} missed, {len(damaged)} damaged")
    assert missed == [] and damaged == []
    assert "9栋电梯故障频繁" in shown or all("9栋****" not in e for e in shown.split())
