"""The vocabulary of property-management problems: what a complaint or an owner's comment is about.

The default list ships with kefu (``problem_words.zh.txt`` beside this module, commented in Chinese); an
office adds its own words or problems in ``templates/问题词表.txt`` (same layout: one section per problem
with 说法, 范围, 调查项目, 类别, 建议, 同类, 意见主题). A section of the office's file with the name of a default problem adds
its words to that problem and replaces what else it sets; a new name adds a problem. The words are found
with one regular expression, longest first, so matching a text costs one scan. A word with ``*`` in it
(灯*不亮, 水管*漏) allows up to ``GAP`` characters of one clause between its parts (灯又不亮, 水管一直在漏),
so the office need not list every adverb owners put in between. ``同类`` names a family of related problems
(装修噪音, 设备噪音 and 噪音 are all 噪音扰民): complaints of one family about one named source (a shop)
or in similar words at one place are one recurring problem. ``意见主题`` names the theme owners' comments on
the problem are counted under when it is not the problem's own name (楼道照明 and 公共照明: one theme 公共照明,
though a corridor's lights recur per unit and the road lights per building).
"""
from __future__ import annotations

import configparser
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kefu.core.errors import InputError

DEFAULT_FILE = Path(__file__).with_name("problem_words.zh.txt")
OFFICE_FILE = "问题词表.txt"
SCOPES = {"户": "unit", "单元": "stack", "楼栋": "building", "大门": "gate", "全小区": "estate"}
GAP = 6
SERVICE_ITEMS = ("维修服务", "服务态度")
_GAP = rf"[^,,。;;!!??、\s]{{0,{GAP}}}?"


@dataclass(frozen=True)
class Problem:
    name: str
    words: tuple[str, ...]
    scope: str = "building"          # unit | stack (a building's unit: a shared riser) | building | estate
    #                                  | gate (the gate the text names: 西门道闸; else the estate)
    item: str = ""                   # the survey item it concerns ("" when none)
    hints: tuple[str, ...] = ()      # words of the register's 类别 that point to it
    advice: str = ""                 # follow-up advice, {部门} and {地点} filled in
    order: int = 0                   # place in the file: the earlier wins when a text names several
    family: str = ""                 # 同类: related problems share it ("" when none)
    theme: str = ""                  # 意见主题: owners' comments on it are counted under this theme ("" = name)

    @property
    def theme_name(self) -> str:
        return self.theme or self.name

    @property
    def service(self) -> bool:
        """A problem of how the office serves (报修响应, 服务态度), not of a thing of the estate."""
        return self.scope == "estate" and self.item in SERVICE_ITEMS

    @property
    def generic(self) -> bool:
        """One household's own fitting or leak, or the service: what any repair can be called."""
        return self.scope == "unit" or self.service


@dataclass
class Vocabulary:
    problems: dict[str, Problem] = field(default_factory=dict)
    source: str = ""
    _pattern: re.Pattern | None = field(default=None, init=False, repr=False)
    _owners: dict[str, list[Problem]] = field(default_factory=dict, init=False, repr=False)
    _wild: list[tuple[re.Pattern, Problem]] = field(default_factory=list, init=False, repr=False)

    def pattern(self) -> re.Pattern:
        """Every plain word, longest first, in one expression (made on first use); words with ``*``
        each get an expression of their own."""
        if self._pattern is None:
            words = {w for p in self.problems.values() for w in p.words if "*" not in w}
            self._pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)")
            for p in sorted(self.problems.values(), key=lambda p: p.order):
                for w in p.words:
                    if "*" in w:
                        parts = [re.escape(x) for x in w.split("*") if x]
                        self._wild.append((re.compile(_GAP.join(parts)), p))
                    else:
                        self._owners.setdefault(w, []).append(p)
        return self._pattern

    def found(self, text: str) -> list[Problem]:
        """The problems ``text`` names, in the vocabulary's order of precedence."""
        return sorted(self._named(text), key=lambda p: p.order)

    def _named(self, text: str) -> dict[Problem, int]:
        """Each problem ``text`` names -> where it first names it."""
        text = fold(text)
        at: dict[Problem, int] = {}
        for m in self.pattern().finditer(text):
            for p in self._owners[m.group(0)]:
                at.setdefault(p, m.start())
        for rx, p in self._wild:
            wild = rx.search(text)
            if wild and wild.start() < at.get(p, len(text)):
                at[p] = wild.start()
        return at

    def related(self, a: Problem | None, b: Problem | None) -> bool:
        """The same problem, or two of one family (同类)."""
        return a is not None and b is not None and (a.name == b.name or bool(a.family) and a.family == b.family)

    def problem_of(self, text: str, category: str = "") -> Problem | None:
        """The one problem ``text`` is about: among those it names, one the 类别 hints at, else the first. The
        类别 never turns a shared thing the text names first into a household's fitting or the service: 维修
        is the category of any repair (水龙头出黄水 is the building's water, 走廊灯不亮,没人来修 the
        corridor's light)."""
        at = self._named(text)
        if not at:
            return None
        hits = sorted(at, key=lambda p: p.order)
        first = _placed_first(hits, at)
        if category:
            hinted = [p for p in hits if any(h in category for h in p.hints)
                      and (p is first or first.generic or not p.generic)]
            if hinted:
                return hinted[0]
        return first


def _placed_first(hits: list[Problem], at: dict[Problem, int]) -> Problem:
    """The first problem in the vocabulary's order, unless it is the estate's and the text named a thing of a
    place before it (地库积水好几公分,电瓶车都推不出来 is the garage's flooding, not the estate's e-bikes):
    an estate-wide group never takes in a complaint about something else at a place it names first."""
    first = hits[0]
    if first.scope != "estate" or first.service:
        return first
    before = [p for p in hits if p.scope not in ("estate", "unit") and at[p] < at[first]]
    return min(before, key=lambda p: (at[p], p.order)) if before else first


def fold(text: str) -> str:
    """NFKC (full-width digits and punctuation to half-width), no blanks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _split(value: str) -> tuple[str, ...]:
    return tuple(w for w in (fold(x) for x in re.split(r"[,,、;;]", value or "")) if w)


class _Parser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr          # keys as written


def parse(text: str, source: str, base: Vocabulary | None = None) -> Vocabulary:
    """A vocabulary from the text of a word file, added to ``base`` (a copy; ``base`` is unchanged)."""
    parser = _Parser(interpolation=None, comment_prefixes=(";", "#"), inline_comment_prefixes=(";",), strict=False)
    try:
        parser.read_string(text, source=source)
    except configparser.Error as exc:
        raise InputError(f"词表《{source}》无法读取:{exc}。每个问题一节,如 [电梯故障],下面写 说法 = …") from exc
    problems = dict(base.problems) if base else {}
    for name in parser.sections():
        sec = parser[name]
        old = problems.get(name)
        scope = sec.get("范围", "").strip()
        if scope and scope not in SCOPES:
            raise InputError(f"词表《{source}》[{name}] 的 范围 只能是 户、单元、楼栋、大门 或 全小区,现在是“{scope}”。")
        words = tuple(dict.fromkeys((old.words if old else ()) + _split(sec.get("说法", ""))))
        if not words:
            continue
        new = Problem(name, words, SCOPES.get(scope, "building"), sec.get("调查项目", "").strip(),
                      _split(sec.get("类别", "")), sec.get("建议", "").strip(), len(problems),
                      sec.get("同类", "").strip(), sec.get("意见主题", "").strip())
        if old:
            new = replace(old, words=words, scope=SCOPES[scope] if scope else old.scope,
                          item=new.item if "调查项目" in sec else old.item,
                          hints=tuple(dict.fromkeys(old.hints + new.hints)), advice=new.advice or old.advice,
                          family=new.family or old.family, theme=new.theme or old.theme)
        problems[name] = new
    return Vocabulary(problems, source)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return parse(DEFAULT_FILE.read_text(encoding="utf-8"), "kefu 默认词表")


def load_vocabulary(settings) -> Vocabulary:
    """The default vocabulary plus the office's ``templates/问题词表.txt`` when there is one."""
    path = Path(settings.paths.templates) / OFFICE_FILE
    if not path.is_file():
        return default_vocabulary()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"词表《{path}》无法读取(请用 UTF-8 编码保存):{exc}") from exc
    return parse(text, path.name, default_vocabulary())
