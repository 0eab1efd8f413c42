"""Owners' common opinions (共性的意见): survey comments grouped by what they ask for, under the survey item.

Method (no word segmenter: a comment is short, and what it is about is a facility or a service):
1. A comment is cut into clauses (at ,。;!? and line breaks). A clause of praise (服务很好, 辛苦了,
   希望继续保持 …) with nothing it finds wrong is counted as praise, apart from the themes.
2. Every other clause names a problem of the vocabulary of property-management problems
   (``kefu.core.vocabulary``: 电梯故障, 停水, 快递柜, 公共照明 …; the office extends it in
   ``templates/问题词表.txt``): the theme is that problem, under the survey item the vocabulary gives it, or
   under the item a clause begins with (「绿化:……」), as a form with a comment per item would say.
3. A clause the vocabulary does not know goes under the item whose ``[survey_keywords]`` it names, else
   under 其他意见; clauses of one item that say the same thing in other words (character similarity,
   rapidfuzz) are one theme, named by its shortest clause. Stop words and fillers are never a theme.
A comment counts once per theme. Each theme keeps up to three quotes, near-duplicates merged
(「停水要提前通知」 and 「停水要提前通知。」 are one quote, and so is a quote inside another), quotes that need no masking first; every quote
is masked (``kefu.core.privacy.mask_text``: names, phone numbers, room numbers).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kefu.core.fields import ITEM_NAMES
from kefu.core.privacy import NameSet, mask_text
from kefu.core.records import SurveyResponse
from kefu.core.settings import Settings
from kefu.core.vocabulary import Problem, Vocabulary, default_vocabulary, fold
from kefu.rules.similarity import cluster, normalise

OTHER = "其他意见"
OTHER_OF_ITEM = "其他"
MAX_EXAMPLES = 3
EXAMPLE_CHARS = 60
NEAR_DUPLICATE = 85          # rapidfuzz ratio at which two quotes are one
CONTAINED = 4                # a quote of at least this many characters inside another is the same quote
SIMILAR_CLAUSES = 0.55
_NOTHING = {"无", "没有", "暂无", "无意见", "没意见", "无建议", "好", "很好", "满意", "都满意", "/", "-", "—", "。",
            "没", "没了", "没什么", "没什么意见", "没有意见", "无其他意见", "同上"}
PRAISE = ("非常满意", "满意", "很好", "挺好", "不错", "辛苦了", "辛苦", "感谢", "谢谢", "点赞", "表扬", "继续保持",
          "保持", "越来越好", "给力", "很棒", "负责", "热情", "周到", "及时", "到位", "干净", "认可", "放心",
          "努力", "加油", "支持")
_WRONG = re.compile(r"不(?!错)|没|差|慢|坏|太|少|乱|脏|吵|贵|难|无法|问题|漏|堵|停|要求|能否|增加|多装|加强|改进|整改"
                    r"|偏|缺|失灵|不够|跟进|投诉|反映")
_SPLIT = re.compile(r"[,,。;;!!??\n\r]+|\s{2,}")
_FILLER = re.compile(r"希望|建议|物业|管理处|小区|业主|我们|你们|请|能够|可以|一下|尽快|总体|整体|其他|继续|地方|一些|有些|"
                     r"还是|还有|但是|就是|而且|希望能|觉得|感觉|总的来说|方面|一般|还行|还可以|凑合|马马虎虎|没什么")
_PUNCT = re.compile(r"[\W_]+")
_LEAD = re.compile(r"^(?:但是|但|而且|还有|另外|就是|并且|同时|可是)")
_AGAIN = re.compile(r"修了又坏|修好又坏|修了还坏|修完又坏|修不好|反复坏|又坏了|返修")
_SERVER = re.compile(r"报修|师傅|上门|响应|人来|物业|客服|维修人员|工程部")
_ABOUT_ME = re.compile(r"^(?:我是|本人|电话|手机|联系方式|联系电话)")


@dataclass
class Theme:
    name: str
    count: int
    examples: list[str]
    keywords: tuple[str, ...] = ()
    clean: int = 0          # how many of the first examples needed no masking at all
    item: str = ""          # the survey item it concerns ("" for 其他意见)

    @property
    def label(self) -> str:
        return f"{self.item} · {self.name}" if self.item else self.name

    def public_examples(self, limit: int) -> list[str]:
        """Examples for documents leaving the office: only unmasked ones when there are any."""
        return self.examples[:max(self.clean, 1)][:limit]


@dataclass
class Opinions:
    comments: int                                  # forms with a comment worth reading
    themes: list[Theme]
    phrases: list[tuple[str, int]] = field(default_factory=list)   # kept for readers of old results: empty
    praise: int = 0                                # comments that praise (counted apart from the themes)
    praise_examples: list[str] = field(default_factory=list)


def scrub(text: str, names=()) -> str:
    """Mask names, phone numbers and room numbers (``kefu.core.privacy.mask_text``)."""
    return mask_text(text, names)


def _worth_reading(text: str) -> bool:
    t = (text or "").strip()
    return bool(t) and t.rstrip("。!!.") not in _NOTHING


def _praise(clause: str) -> bool:
    if not any(p in clause for p in PRAISE):
        return False
    rest = clause
    for p in sorted(PRAISE, key=len, reverse=True):
        rest = rest.replace(p, "")
    return not _WRONG.search(rest)


def _item_prefix(clause: str) -> tuple[str, str]:
    """(item, clause) when the clause begins with an item's name (绿化:…, 维修服务:…)."""
    for item in ITEM_NAMES:
        for name in (item, item.removesuffix("管理")):
            if clause.startswith(name) and clause[len(name):len(name) + 1] in (":", ":", "-", " "):
                return item, clause[len(name) + 1:].strip()
    return "", clause


def _core(clause: str) -> str:
    """What a clause says without fillers and punctuation: '' for a clause of stop words only."""
    return _FILLER.sub("", _PUNCT.sub("", fold(clause)))


def _keyword_item(clause: str, keywords: dict[str, tuple[str, ...]]) -> str:
    return next((item for item, words in keywords.items() if any(w and w in clause for w in words)), "")


def _sort(comments: list[str], keywords, vocabulary: Vocabulary):
    """(themes: (item, name) -> [(clause, comment)], loose clauses: item -> [(clause, comment)], praising
    comments)."""
    themes: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    loose: dict[str, list[tuple[str, str]]] = defaultdict(list)
    praising = [comment for comment in comments if _sort_comment(comment, keywords, vocabulary, themes, loose)]
    return themes, loose, praising


def _continues(before: Problem | None, problem: Problem, clause: str) -> bool:
    """A clause naming a problem that only says more about the one before: after a thing, that it breaks
    again (修了又坏, naming no one who serves); after the repair service, a repair as its example
    (水管漏了一周才修好)."""
    if before is None or before.service == problem.service:
        return False
    if problem.service:
        return bool(_AGAIN.search(clause)) and not _SERVER.search(clause)
    return "修" in clause


def _sort_comment(comment: str, keywords, vocabulary: Vocabulary, themes, loose) -> bool:
    """Sort one comment's clauses into ``themes`` and ``loose``; True when it praises. A clause naming no
    problem says more about the theme of the clause it follows, or, at the start, of the first clause that
    names one (门岗保安不认真,陌生人随便进出 is one theme); see ``_continues`` for a clause naming a problem
    that only says more (电梯老是坏,修了又坏 is the lift; 报修太慢,水管漏了一周才修好 is the repairs). Only a comment naming no problem at all leaves its clauses to the items' keywords."""
    seen: dict[tuple[str, str], list[str]] = {}
    praised, last, before = False, None, None
    waiting: list[tuple[str, str]] = []
    for raw in filter(None, (_LEAD.sub("", c.strip()) for c in _SPLIT.split(comment))):
        item, clause = _item_prefix(raw)
        if _ABOUT_ME.match(clause) and vocabulary.problem_of(clause) is None:
            continue                       # 我是…/电话…: who wrote, not what they ask for
        if _praise(clause):
            praised, last = True, None
            continue
        problem = vocabulary.problem_of(clause)
        if problem is not None and last is not None and _continues(before, problem, clause):
            problem = None                 # 修了又坏 after 电梯老是坏: the lift again
        if problem is None:
            if last is not None:
                last[0] += f",{clause}"    # quoted with the clause it follows
            elif len(_core(clause)) >= 2:
                waiting.append((item, clause))
            continue
        key = (item or problem.item, problem.theme_name)
        if key not in seen:
            seen[key] = [clause, comment]
            themes[key].append(seen[key])
        last, before = seen[key], problem
        if waiting:
            last[0] = ",".join([c for _, c in waiting] + [last[0]])
            waiting = []
    for item, clause in waiting:
        if praised and not _WRONG.search(clause):
            continue                       # 今年比去年好多了,谢谢管家: the praise, said at more length
        loose[item or _keyword_item(clause, keywords)].append((clause, comment))
    return praised


def _loose_themes(loose) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Clauses no problem word caught: those of one item saying the same thing are one theme."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for item, pairs in loose.items():
        by_norm: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for clause, comment in pairs:
            by_norm[normalise(_core(clause)) or _core(clause)].append((clause, comment))
        for texts in cluster({t: len(v) for t, v in by_norm.items()}, SIMILAR_CLAUSES):
            members = [pair for t in texts for pair in by_norm[t]]
            if len({c for _, c in members}) >= 2:
                out[(item, min((c for c, _ in members), key=lambda c: (len(c), c))[:14])].extend(members)
            else:
                out[(item, OTHER_OF_ITEM if item else OTHER)].extend(members)
    return out


def _quote_key(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def substance(praise: str) -> int:
    """How much a comment of praise says besides the words of praise and fillers (继续保持: 0)."""
    core = _core(praise)
    for p in sorted(PRAISE, key=len, reverse=True):
        core = core.replace(p, "")
    return len(core)


def same_quote(a: str, b: str) -> bool:
    """Two quote keys that say the same: equal, nearly equal, or one inside the other (垃圾桶周围很臭 and
    垃圾桶周围很臭 清运不及时: the same owner's words, cut at a clause or not)."""
    short, long = sorted((a, b), key=len)
    return a == b or fuzz.ratio(a, b) >= NEAR_DUPLICATE or (len(short) >= CONTAINED and short in long)


def quotes(texts: list[str], names, limit: int = MAX_EXAMPLES, *, fuller: bool = False) -> tuple[list[str], int]:
    """Up to ``limit`` masked quotes, near-duplicates merged, those needing no masking (then, with
    ``fuller``, those saying most besides praise; then the most repeated, then the shortest) first; and how
    many of the first needed no masking."""
    counts = Counter(_quote_key(t) for t in texts)
    ordered = sorted(dict.fromkeys(t.strip() for t in texts),
                     key=lambda t: (mask_text(t, names) != t, -min(substance(t), 8) if fuller else 0,
                                    -counts[_quote_key(t)], len(t) < 4, len(t), t))
    chosen: list[str] = []
    keys: list[str] = []
    clean = 0
    for text in ordered:
        key = _quote_key(text)
        if any(same_quote(key, k) for k in keys):
            continue
        masked = mask_text(text, names)
        shown = masked if len(masked) <= EXAMPLE_CHARS else masked[:EXAMPLE_CHARS] + "……"
        clean += int(masked == text and clean == len(chosen))
        chosen.append(shown)
        keys.append(key)
        if len(chosen) == limit:
            break
    return chosen, clean


def common_opinions(responses: list[SurveyResponse], settings: Settings, *, names=(),
                    vocabulary: Vocabulary | None = None) -> Opinions:
    """Group the comments of ``responses`` by theme. ``names``: extra names to mask (e.g. the register's)."""
    comments = [r.comments.strip() for r in responses if _worth_reading(r.comments)]
    if not comments:
        return Opinions(0, [])
    names = NameSet({*NameSet.of(names).names, *(r.respondent for r in responses if r.respondent)})
    keywords = settings.survey_keywords or DEFAULT_KEYWORDS
    themes, loose, praising = _sort(comments, keywords, vocabulary or default_vocabulary())
    for key, members in _loose_themes(loose).items():
        themes[key].extend(members)
    out = []
    for (item, name), members in themes.items():
        examples, clean = quotes([clause for clause, _ in members], names)
        name = mask_text(name, names)   # a name made of an owner's own words leaves the office too
        out.append(Theme(name, len({comment for _, comment in members}), examples, (), clean, item))
    out.sort(key=lambda t: (t.name in (OTHER, OTHER_OF_ITEM), not t.item, -t.count, t.item, t.name))
    praise_examples, _ = quotes(praising, names, 2, fuller=True)
    return Opinions(len(comments), out, [], len(praising), praise_examples)


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
