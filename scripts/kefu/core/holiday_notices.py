"""The State Council's yearly holiday notice (国务院办公厅关于2027年部分节假日安排的通知) -> days off and 调休 working days.

chinese-calendar knows holidays only until 2026. For later years the office saves each notice, as copied from
any news page, as a .txt file (UTF-8 with or without BOM, GBK, or UTF-16 as Notepad writes it) in a folder;
this module reads them. Nothing is guessed: a sentence of an item (一、元旦:……) that holds a date and is not
fully understood, a weekday that disagrees with the calendar, or a 共N天 that disagrees with the range is a
``NoticeError`` whose text is one Chinese line naming the file and quoting the sentence.

Rules (the wordings of the notices for 2017, 2019 and 2023-2026 are tested; full-width or half-width
punctuation and digits, 星期X or 周X, 日 or 号, spaces and lines broken by a web page all read the same):
- ``holidays`` holds every day of each 放假 range (weekends inside it too) and every 补休 day. After
  与周末连休 it holds the stated day(s) only: the adjacent Saturday/Sunday are days off anyway, so they are
  not added; the stated days must touch a weekend, else the notice (or its copy) is wrong and that is an error.
- ``workdays`` holds the 上班 days (the 调休 Saturdays and Sundays).
- A date without a year is in the notice's year, with two exceptions around New Year: the end of a range is
  in the year after its start when it comes earlier in the calendar (``2026年12月31日至1月2日`` ends on
  2027-01-02); and in an item that names both December and January without years, the December dates belong
  to the year before the notice (the notice for 2019 announced 12月30日至1月1日 and 12月29日上班 for its
  元旦: 2018-12-29..2019-01-01). Written years win, and must be the notice's year or one next to it.
- A date without a month (``至3日``, ``、29日``) takes the month and year of the date before it in the clause.
- The weekday in brackets (周四, 星期一, 星期天, also beside lunar text: 农历腊月二十八、周日) is checked.
- Sentences of an item that start with 鼓励 (e.g. 2024: 鼓励……安排职工在除夕(2月9日)休息) are advice, not
  days off, and are skipped; so are sentences with no date. Text outside the items is ignored.
- An item with no 放假 day, a notice with no item, or a day both off and working is an error. A later
  amendment (国务院办公厅关于调整2019年劳动节假期安排的通知) has no numbered item: correct that item in the
  year's file instead of saving the amendment as a second file for the year (that is an error too).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.errors import ConfigError
from kefu.core.lazy_pattern import LazyPattern

# Files in the notice folder that explain what to put there; they are not notices.
SKIPPED_NAMES = frozenset({"readme.txt", "说明.txt"})

_WEEKDAY_NAMES = "一二三四五六日"
_WEEKDAY_OF = {**{name: i for i, name in enumerate(_WEEKDAY_NAMES)}, "天": 6}
_ONE = dt.timedelta(days=1)
_EXAMPLE = "“1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。”"
_SP = r"[ \t\u3000]*"
_ASCII_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}  # full-width digits

_TITLE_YEAR = LazyPattern(r"关于\s*((?:19|20|21)\d\d)\s*年[^\n。]{0,30}?(?:节假日|放假)")
_LOOSE_YEAR = LazyPattern(r"((?:19|20|21)\d\d)\s*年(?!\s*\d{1,2}\s*月)")  # a year, not a date's year
_ITEM_HEAD = LazyPattern(rf"(?:^|(?<=。)){_SP}[一二三四五六七八九十]{{1,3}}{_SP}[、.\uff0e]{_SP}"
                         rf"(?P<name>[^\n:\uff1a,\uff0c。;\uff1b]{{1,20}}?){_SP}[:\uff1a]", re.M)
_DATE_START = LazyPattern(r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
_BARE_DATE = LazyPattern(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]$")  # the signature's date line
_SENTENCE = LazyPattern(r"[^。;\uff1b]+[。;\uff1b]?")
_WEEKDAY = LazyPattern(r"(?:星期|周|礼拜)([一二三四五六日天])")
# One token per group; a clause's tokens spelled as their group letters must match _CLAUSE.
_TOKEN = LazyPattern(r"""
    (?P<D>(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*[日号]
          (?:\s*[(\uff08](?P<note>[^()\uff08\uff09]*)[)\uff09])?)  # date, maybe with (周四) / (农历腊月二十八、周日)
  | (?P<T>至|到|[-\u2014\u2013~\uff5e\uff0d]+)          # range
  | (?P<S>[、和及])                              # list
  | (?P<P>[,\uff0c。;\uff1b])                    # clause break, end of sentence
  | (?P<C>共?\s*(?P<n>\d+)\s*天)                 # 共3天 / 放假1天
  | (?P<O>放假(?:调休|公休)?)
  | (?P<B>补休)
  | (?P<W>上班)
  | (?P<L>与周末连休)
  | (?P<N>不调休)
  | (?P<Z>\s+)
  | (?P<X>.)                                     # anything else: not understood
""", re.X)
_CLAUSE = LazyPattern(r"D(?:TD)?(?:SD(?:TD)?)*[OBW]C?|[LNC]")


@dataclass(frozen=True)
class YearNotice:
    year: int
    holidays: frozenset[dt.date]  # every day off announced (weekends inside a 放假 range included)
    workdays: frozenset[dt.date]  # make-up working days (上班)
    source: str  # file name it came from


class NoticeError(ConfigError, ValueError):
    """A notice file kefu cannot take as it is; ``str(err)`` is one Chinese line for staff."""


def _where(source: str) -> str:
    return f"《{source}》" if source else "通知文本"


def _span(days: list[dt.date]) -> str:
    first, last = min(days), max(days)
    text = f"{first.month}月{first.day}日"
    return text if first == last else f"{text}至{last.month}月{last.day}日"


@dataclass
class _Item:
    """One numbered item (二、春节:……) being read, sentence by sentence."""

    source: str
    year: int
    name: str
    december_year: int
    sentence: str = ""
    holidays: set = field(default_factory=set)
    workdays: set = field(default_factory=set)
    last_off: list | None = None  # the days of the latest 放假 clause (for 共N天 and 与周末连休)

    def fail(self, problem: str, advice: str = "请核对通知原文。") -> NoticeError:
        return NoticeError(f"{_where(self.source)}中{problem}(见“{self.name}”一项:“{self.sentence}”)。{advice}")

    def read(self, sentence: str) -> None:
        self.sentence = sentence
        tokens = [t for t in _TOKEN.finditer(sentence) if t.lastgroup != "Z"]
        if sentence.startswith("鼓励") or not any(t.lastgroup in ("D", "L", "C") for t in tokens):
            return
        clause: list[re.Match] = []
        for token in tokens + [None]:
            if token is not None and token.lastgroup != "P":
                clause.append(token)
            elif clause:
                self.clause(clause)
                clause = []

    def clause(self, tokens: list[re.Match]) -> None:
        kinds = "".join(t.lastgroup or "" for t in tokens)   # every alternative of _TOKEN is named
        if not _CLAUSE.fullmatch(kinds):
            text = self.sentence[tokens[0].start():tokens[-1].end()]
            raise self.fail(f"“{text}”无法识别", f"请核对通知原文;kefu 认得的写法如{_EXAMPLE}")
        if kinds == "L":
            self.check_weekend()
        elif kinds == "C":
            self.check_count(tokens[0], self.last_off)
        elif kinds != "N":  # 不调休 says nothing more
            days = self.days(tokens)
            verb = kinds.rstrip("C")[-1]
            (self.workdays if verb == "W" else self.holidays).update(days)
            if verb == "O":
                self.last_off = days
            if kinds.endswith("C"):
                self.check_count(tokens[-1], days)

    def days(self, tokens: list[re.Match]) -> list[dt.date]:
        days: list[dt.date] = []
        before: dt.date | None = None
        is_end = False
        for token in tokens:
            if token.lastgroup == "T":
                is_end = True
            elif token.lastgroup == "D":
                day = self.date(token, before, is_end)
                if is_end and before is not None and day < before:
                    raise self.fail(f"“{token[0]}”早于它前面的开始日期")
                first = before + _ONE if is_end and before is not None else day
                days.extend(first + dt.timedelta(days=i) for i in range((day - first).days + 1))
                before, is_end = day, False
        return days

    def date(self, token: re.Match, before: dt.date | None, is_end: bool) -> dt.date:
        year, month, day = token["y"], token["m"], int(token["d"])
        if month is None:
            if before is None or year:
                raise self.fail(f"“{token[0]}”没有写月份")
            year, month = before.year, before.month
        elif year is None:
            month = int(month)
            if is_end and before is not None:
                year = before.year + ((month, day) < (before.month, before.day))
            else:
                year = self.december_year if month == 12 else self.year
        elif abs(int(year) - self.year) > 1:
            raise self.fail(f"“{token[0]}”的年份与通知的{self.year}年不符")
        try:
            when = dt.date(int(year), int(month), day)
        except ValueError:
            raise self.fail(f"“{token[0]}”不是日历上有的日期") from None
        self.check_weekday(token, when)
        return when

    def check_weekday(self, token: re.Match, when: dt.date) -> None:
        for name in _WEEKDAY.findall(token["note"] or ""):
            if _WEEKDAY_OF[name] != when.weekday():
                raise self.fail(f"“{token[0].strip()}”与日历不符:{when.year}年{when.month}月{when.day}日"
                                f"是星期{_WEEKDAY_NAMES[when.weekday()]}")

    def check_count(self, token: re.Match, days: list[dt.date] | None) -> None:
        if not days:
            raise self.fail(f"“{token[0]}”前面没有放假日期")
        if int(token["n"]) != len(days):
            raise self.fail(f"写着“{token[0]}”,但{_span(days)}是{len(days)}天")

    def check_weekend(self) -> None:
        days = self.last_off
        if not days:
            raise self.fail("“与周末连休”前面没有放假日期")
        if (min(days) - _ONE).weekday() != 6 and (max(days) + _ONE).weekday() != 5:
            raise self.fail(f"写着“与周末连休”,但{_span(days)}前后都不是周末")


def _december_year(body: str, year: int) -> int:
    """The year of an item's December dates written without a year: the one before if January is named too."""
    months = {int(t["m"]) for t in _TOKEN.finditer(body) if t.lastgroup == "D" and t["m"] and not t["y"]}
    return year - 1 if {1, 12} <= months else year


def _item_body(segment: str) -> str:
    """The item's own text: its line, plus the next lines while a sentence runs on or a new one starts with
    a date (1月4日(周日)上班。 on a line of its own); a blank line, other text or the signature's date ends it."""
    lines = [line.strip() for line in segment.split("\n")]
    kept = [lines[0]]
    for line in lines[1:]:
        sentence_done = kept[-1].endswith(("。", ";", "\uff1b"))
        if not line or (sentence_done and not _DATE_START.match(line)) or _BARE_DATE.match(line):
            break
        kept.append(line)
    return "".join(kept)


def _items(text: str) -> list[tuple[str, str]]:
    """(holiday name, body) of every numbered item 一、元旦:…… in the text."""
    heads = list(_ITEM_HEAD.finditer(text))
    ends = [head.start() for head in heads[1:]] + [len(text)]
    return [(head["name"].strip(), _item_body(text[head.end():end])) for head, end in zip(heads, ends)]


def _notice_year(text: str, source: str) -> int:
    found = _TITLE_YEAR.search(text)
    if found:
        return int(found[1])
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:10]:
        found = _LOOSE_YEAR.search(line)
        if found:
            return int(found[1])
    if not lines:
        raise NoticeError(f"{_where(source)}是空的,不是放假通知。请把通知全文粘贴进去再保存。")
    raise NoticeError(f"{_where(source)}中找不到通知的年份:标题“{lines[0]}”和开头几行都没有“2027年”这样的年份。"
                      f"请核对通知原文,标题应如“国务院办公厅关于2027年部分节假日安排的通知”。")


def parse_notice(text: str, source: str = "") -> YearNotice:
    """The holidays and make-up working days announced by one notice's text."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").translate(_ASCII_DIGITS)
    year = _notice_year(text, source)
    items = _items(text)
    if not items:
        raise NoticeError(f"{_where(source)}中没有找到放假安排:通知里应有“一、元旦:1月1日……放假”这样的条目。"
                          f"请核对文件内容。")
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for name, body in items:
        item = _Item(source, year, name, _december_year(body, year))
        for sentence in _SENTENCE.findall(body):
            if sentence.strip():
                item.read(sentence.strip())
        if not item.holidays:
            item.sentence = body
            raise item.fail("没有找到放假日期")
        holidays |= item.holidays
        workdays |= item.workdays
    both = sorted(holidays & workdays)
    if both:
        raise NoticeError(f"{_where(source)}中{both[0].year}年{both[0].month}月{both[0].day}日既是放假又是上班。"
                          f"请核对通知原文。")
    return YearNotice(year, frozenset(holidays), frozenset(workdays), source)


def _decode(data: bytes, name: str) -> str:
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"《{name}》的编码无法识别。请用记事本打开,另存为“UTF-8”或“ANSI”编码的 .txt 文件。")


def read_notice_file(path: Path) -> YearNotice:
    """One notice file: UTF-8 (with or without BOM), GBK/GB18030, or UTF-16 with BOM."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NoticeError(f"无法读取《{path.name}》:{exc.strerror or exc}。") from exc
    return parse_notice(_decode(data, path.name), path.name)


def _is_notice_file(path: Path) -> bool:
    name = path.name
    return (path.suffix.lower() == ".txt" and name.lower() not in SKIPPED_NAMES
            and not name.startswith((".", "~$")) and path.is_file())


def read_notice_folder(folder: Path) -> dict[int, YearNotice]:
    """Every notice (*.txt) in the folder by year; {} when the folder does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    notices: dict[int, YearNotice] = {}
    for path in sorted(folder.iterdir()):
        if not _is_notice_file(path):
            continue
        notice = read_notice_file(path)
        if notice.year in notices:
            raise NoticeError(f"《{notices[notice.year].source}》和《{path.name}》都是{notice.year}年的放假通知。"
                              f"请只保留其中一个文件。")
        notices[notice.year] = notice
    return notices
