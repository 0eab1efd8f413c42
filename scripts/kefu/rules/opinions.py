"""Owners' common opinions: the survey comments grouped by theme, with counts and masked examples.

Themes come first from ``[survey_keywords]`` (item -> keywords): a comment naming a keyword belongs to
that item (a comment may belong to several). Comments matching no keyword are grouped by the phrases
they share (jieba word segmentation, dictionary bundled with jieba: offline). Examples never carry a
name, phone number or room number: ``scrub`` masks them with kefu.core.privacy.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from kefu.core.privacy import NameSet, mask_phone, mask_unit
from kefu.core.records import SurveyResponse
from kefu.core.settings import Settings

OTHER = "其他意见"
MAX_EXAMPLES = 3
EXAMPLE_CHARS = 60
_NOTHING = {"无", "没有", "暂无", "无意见", "没意见", "无建议", "好", "很好", "满意", "都满意", "/", "-", "—", "。"}
_STOPWORDS = set("希望 物业 管理 管理处 小区 业主 我们 你们 他们 现在 有时 有些 一些 经常 总是 问题 情况 比较 "
                 "不够 不是 没有 可以 能够 需要 及时 尽快 加强 提高 建议 意见 还是 时候 已经 一下 这个 那个 "
                 "非常 特别 感觉 觉得 但是 而且 还有 以及 服务 工作 一直 每次 有点 太多 很多 增加 太慢 不好 不行 "
                 "随便 一直 不能 没人".split())

# Used when config.ini has no [survey_keywords] section (the same lists the shipped config.ini holds).
DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "供电管理": ("停电", "跳闸", "电压", "路灯", "照明"),
    "供水管理": ("停水", "水压", "水质", "漏水", "水管"),
    "消防治安管理": ("门禁", "保安", "巡逻", "消防", "被盗", "陌生人", "监控"),
    "卫生管理": ("垃圾", "清运", "保洁", "卫生", "异味", "清扫"),
    "绿化管理": ("绿化", "修剪", "草坪", "树木", "浇水"),
    "公共设施管理": ("电梯", "车库", "道闸", "健身", "路面", "停车"),
    "维修服务": ("维修", "上门", "报修", "师傅", "修理"),
    "服务态度": ("态度", "热情", "耐心", "推诿", "客服"),
}

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:0\d{2,3}[\s-]?)?\d{7,8}(?!\d)")
_UNIT = re.compile(r"\d+\s*(?:栋|幢|号楼|座)\s*(?:\d+\s*单元)?\s*(?:\d+\s*(?:室|号|房)?)?"
                   r"|(?<![\d-])\d{1,3}-(?:\d{1,2}-\d{2,4}|\d{3,4})(?![\d-])"   # 3-2-1101, 5-1202; not dates
                   r"|(?<!\d)\d{3,4}\s*(?:室|房|号房)")


@dataclass
class Theme:
    name: str
    count: int
    examples: list[str]
    keywords: tuple[str, ...] = ()
    clean: int = 0          # how many of the first examples needed no masking at all

    def public_examples(self, limit: int) -> list[str]:
        """Examples for documents leaving the office: only unmasked ones when there are any."""
        return self.examples[:max(self.clean, 1)][:limit]


@dataclass
class Opinions:
    comments: int                                  # forms with a comment worth reading
    themes: list[Theme]
    phrases: list[tuple[str, int]] = field(default_factory=list)   # frequent words, comments naming each


def scrub(text: str, names=()) -> str:
    """Mask phone numbers, room numbers and the given names (王** / 138****5678 / 3栋****)."""
    out = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    out = _LANDLINE.sub(lambda m: mask_phone(m.group(0)), out)
    out = _UNIT.sub(lambda m: mask_unit(m.group(0)) if re.match(r"\d+\s*(?:栋|幢|号楼|座|-)", m.group(0))
                    else "****", out)
    return NameSet.of(names).mask(out)


def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)   # no "Building prefix dict" chatter on the console
    return jieba


def _words(text: str, jieba) -> set[str]:
    return {w for w in jieba.lcut(text) if len(w) >= 2 and w not in _STOPWORDS
            and not re.fullmatch(r"[\d\W_a-zA-Z]+", w)}


def _worth_reading(text: str) -> bool:
    return bool(text.strip()) and text.strip().rstrip("。!!") not in _NOTHING


def _theme(name: str, texts: list[str], names, keywords: tuple[str, ...] = ()) -> Theme:
    """A theme of ``texts``: up to three masked examples, those that needed no masking first."""
    examples: list[str] = []
    clean = 0
    for text in sorted(texts, key=lambda t: scrub(t, names) != t):
        masked = scrub(text.strip(), names)
        if len(masked) > EXAMPLE_CHARS:
            masked = masked[:EXAMPLE_CHARS] + "……"
        if masked in examples:
            continue
        examples.append(masked)
        clean += int(masked == text.strip() and clean == len(examples) - 1)
        if len(examples) == MAX_EXAMPLES:
            break
    return Theme(name, len(texts), examples, keywords, clean)


def common_opinions(responses: list[SurveyResponse], settings: Settings, *, names=()) -> Opinions:
    """Group the comments of ``responses`` by theme. ``names``: extra names to mask (e.g. the register's)."""
    comments = [r.comments for r in responses if _worth_reading(r.comments)]
    names = NameSet({*NameSet.of(names).names, *(r.respondent for r in responses if r.respondent)})
    themes: list[Theme] = []
    unmatched = list(comments)
    keyword_lists = settings.survey_keywords or DEFAULT_KEYWORDS
    for item, keywords in keyword_lists.items():
        hits = [c for c in comments if any(k and k in c for k in keywords)]
        if hits:
            themes.append(_theme(item, hits, names, tuple(keywords)))
            unmatched = [c for c in unmatched if c not in hits]
    themes.sort(key=lambda t: -t.count)
    if not comments:
        return Opinions(0, [], [])
    jieba = _tokenizer()
    tokens = {c: {w for w in _words(scrub(c, names), jieba) if not names.overlaps(w)} for c in comments}
    known = {k for ks in keyword_lists.values() for k in ks}
    counts = Counter(w for c in comments for w in tokens[c])
    phrases = [(w, n) for w, n in counts.most_common() if n >= 2][:12]
    themes.extend(_phrase_themes(unmatched, tokens, known, names))
    return Opinions(len(comments), themes, phrases)


def _phrase_themes(unmatched: list[str], tokens, known, names) -> list[Theme]:
    """Comments no keyword caught, grouped greedily by the word most of them share."""
    out, left = [], list(unmatched)
    while left:
        counts = Counter(w for c in left for w in tokens[c] if w not in known)
        if not counts:
            break
        word, n = counts.most_common(1)[0]
        if n < 2:
            break
        hits = [c for c in left if word in c]
        out.append(_theme(f"{OTHER}:{word}", hits, names, (word,)))
        left = [c for c in left if c not in hits]
    if left:
        out.append(_theme(OTHER, left, names))
    return out
