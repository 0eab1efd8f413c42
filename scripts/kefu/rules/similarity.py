"""Complaint summaries that say the same thing in different words.

Method (chosen for short, colloquial Chinese summaries such as 厕所天花板渗水 / 洗手间顶上滴水):
1. Normalise: NFKC, drop digits, punctuation and filler words (业主反映, 一直, 严重 ...), and map
   synonyms to one word (厕所/洗手间 -> 卫生间, 渗水/滴水 -> 漏水, 顶上/天花板 -> 天花). Word
   segmentation (jieba) is not used: it splits colloquial phrases unpredictably (顶上滴水), while
   a longest-first replacement table is predictable and easy for the office to extend.
2. Compare characters, not words: rapidfuzz ``fuzz.ratio`` (normalised Indel similarity,
   2*LCS/(len a + len b)) implemented in C, so no tokenisation is needed and order mostly matters
   little for 5-20 character summaries.
3. Group with leader clustering inside blocks (the same building, else the same unit, else the
   estate): identical normalised texts are merged first, the most frequent text leads, every other
   text joins the first leader it resembles (>= threshold) or leads a new group. Comparing with
   leaders only avoids chains of weak links; blocks keep the work near-linear. A block with more
   than ``BLOCK_LIMIT`` distinct texts is split further by category.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz, process

# canonical word -> other ways of saying it (longest variants are replaced first)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "卫生间": ("厕所", "洗手间", "卫浴间", "卫浴", "茅房", "浴室"),
    "漏水": ("渗水", "滴水", "渗漏", "漏雨", "返潮", "渗出水", "往下滴水", "往下漏水", "冒水", "水渍"),
    "天花": ("天花板", "顶棚", "吊顶", "天棚", "顶上", "顶部", "房顶", "屋顶"),
    "电梯": ("升降梯", "直梯"),
    "故障": ("坏了", "坏掉", "失灵", "不能用", "用不了", "停运", "停梯"),
    "噪音": ("噪声", "吵闹", "太吵", "很吵", "扰民"),
    "垃圾": ("垃圾桶", "垃圾箱"),
    "不亮": ("不亮了", "坏灯", "没亮", "熄灭"),
    "停车": ("车位", "泊车"),
    "堵塞": ("堵了", "堵住", "不通", "下水慢"),
}
FILLER = ("业主反映", "业主投诉", "住户反映", "反映", "投诉", "业主", "住户", "一直", "总是", "经常", "再次",
          "又", "严重", "问题", "情况", "家里", "家中", "室内", "非常", "很", "还", "仍然", "仍", "都", "也",
          "了", "的", "在", "有", "出现", "发现", "要求", "处理", "尽快", "请")
BLOCK_LIMIT = 400

_REPLACE = {variant: canon for canon, variants in SYNONYMS.items() for variant in variants}
_REPLACE.update({w: "" for w in FILLER})
_WORDS = re.compile("|".join(sorted(map(re.escape, _REPLACE), key=len, reverse=True)))
_NOISE = re.compile(r"[\W\d_a-zA-Z]+")
_PLACE = re.compile(r"(?:\d+|[一二三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|座|单元|层|楼|室|号|#)")   # 5栋, 五栋, 5#
_REPEAT = re.compile("(" + "|".join(map(re.escape, sorted(SYNONYMS, key=len, reverse=True))) + r")\1+")


@lru_cache(maxsize=65536)
def normalise(summary: str) -> str:
    """The comparable form of a summary: 厕所天花板一直在渗水! -> 卫生间天花漏水."""
    text = unicodedata.normalize("NFKC", summary or "")
    text = _NOISE.sub("", _PLACE.sub("", text))
    text = _WORDS.sub(lambda m: _REPLACE[m.group(0)], text)
    return _REPEAT.sub(r"\1", text)


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two summaries after normalisation."""
    return fuzz.ratio(normalise(a), normalise(b)) / 100


def cluster(texts: dict[str, int], threshold: float) -> list[list[str]]:
    """Leader clustering of distinct normalised texts (text -> frequency); most frequent leads."""
    order = sorted(texts, key=lambda t: (-texts[t], t))
    leaders: list[str] = []
    groups: list[list[str]] = []
    cutoff = threshold * 100
    for text in order:
        hit = process.extractOne(text, leaders, scorer=fuzz.ratio, score_cutoff=cutoff) if leaders else None
        if hit is None:
            leaders.append(text)
            groups.append([text])
        else:
            groups[hit[2]].append(text)
    return groups


def similar_groups(items: list, key, text_of, threshold: float, sub_key=None) -> list[list]:
    """Group items (complaints) whose texts are similar, within blocks given by ``key(item)``.

    Returns groups of two or more items, each group a list of items in their original order.
    """
    blocks: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        norm = normalise(text_of(item))
        if norm:
            blocks[key(item)][norm].append(item)
    out = []
    for by_text in blocks.values():
        parts = [by_text]
        if sub_key is not None and len(by_text) > BLOCK_LIMIT:
            parts = _split(by_text, sub_key)
        for part in parts:
            for texts in cluster({t: len(v) for t, v in part.items()}, threshold):
                members = [item for t in texts for item in part[t]]
                if len(members) >= 2:
                    out.append(members)
    return out


def _split(by_text: dict[str, list], sub_key) -> list[dict[str, list]]:
    parts: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for text, items in by_text.items():
        for item in items:
            parts[sub_key(item)][text].append(item)
    return list(parts.values())
