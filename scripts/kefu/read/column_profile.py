"""What a column holds, from the first data rows beneath its header: the evidence besides the header words.

A register's first data rows (those read while the header was searched) say what each column is:
dates or date-times, numbers of the configured pattern, phone numbers, 是/否, long text (a complaint's
words), short person names (王建国, 李女士), departments (工程部, 客服中心). ``profile`` names the kind most of the column's filled cells
have (at least ``_SHARE`` of them), or "" when they are mixed or the column is empty.

``data_like(row)``: a row holding a date, a number, a phone, a number of the pattern or a sentence is
data, never part of a header block (a first complaint whose text cells are short is not a second header row).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import abc
from typing import Callable, Iterator

from kefu.core.dates import parse_date_text
from kefu.core.normalize import normalize_number

DATE, PATTERN, PHONE, YESNO, LONG, NAME, DEPT = "date", "pattern", "phone", "yesno", "long", "name", "department"
_SHARE = 0.6
_SAMPLE = 25
_PHONE = re.compile(r"(?:\+?86)?1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8}").fullmatch
# The commonest surnames (about 85% of people) and the ways a name is written politely.
_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
                      "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
                      "覃武戴莫孔向汤")
_POLITE = frozenset({"先生", "女士", "小姐", "师傅", "阿姨", "大爷", "老师", "某", "某某"})
_MONTH_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]?.*|\d{1,2}[-/]\d{1,2}").fullmatch
_SENTENCE = re.compile(r"[,，。;；!！?？、]")
# A department as registers write it: 工程部, 客服中心, 保洁班, 秩序维护部, 物业管理处
_DEPT_ENDS = ("部", "科", "组", "班", "中心", "处", "站", "队", "办公室", "公司")
_YESNO = frozenset({"是", "否", "√", "×", "有", "无", "满意", "不满意"})


def kind_of(value, fits: Callable[[str], bool] | None = None) -> str:
    """The kind of one filled cell ("" for a kind that says nothing)."""
    if isinstance(value, bool):
        return YESNO
    if isinstance(value, (dt.date, dt.datetime)):
        return DATE
    if isinstance(value, (int, float)):
        return PHONE if _PHONE(str(int(value))) and value == int(value) and value > 999999 else ""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if not text:
        return ""
    if fits is not None and fits(normalize_number(text)):
        return PATTERN
    if text in _YESNO:
        return YESNO
    if text[0].isdigit() and (isinstance(parse_date_text(text), dt.date) or _MONTH_DAY(text)):
        return DATE
    if _PHONE(text.replace(" ", "").replace("-", "")):
        return PHONE
    if sum(map(_is_han, text)) >= 6 and (len(text) >= 16 or _SENTENCE.search(text)):
        return LONG
    if _department_like(text):
        return DEPT
    if _name_like(text) and text[0] in _SURNAMES:
        return NAME
    return ""


# Chinese characters (U+4E00..U+9FFF) tested in Python: a regex class of them costs a millisecond to compile.
def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _all_han(text: str) -> bool:
    return all(map(_is_han, text))


def _name_like(text: str) -> bool:
    """王建国, 李娜; 李女士, 张师傅, 王某."""
    return (len(text) in (2, 3) and _all_han(text)) or (_is_han(text[0]) and text[1:] in _POLITE)


def _department_like(text: str) -> bool:
    """工程部, 客服中心, 保洁班: one to eight Chinese characters before the ending of a department."""
    return any(text.endswith(end) and 1 <= len(text) - len(end) <= 8 and _all_han(text[:-len(end)])
               for end in _DEPT_ENDS)


def profile(values: list, fits: Callable[[str], bool] | None = None) -> str:
    """The kind at least 60% of the filled cells have, or ""."""
    kinds: dict[str, int] = {}
    filled = 0
    for value in values[:_SAMPLE]:
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            continue
        filled += 1
        kind = kind_of(value, fits)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
    if not filled:
        return ""
    kind, n = max(kinds.items(), key=lambda kv: kv[1], default=("", 0))
    return kind if n >= _SHARE * filled else ""


class ColumnProfiles(abc.Mapping):
    """Column index -> its profile, over ``rows`` (the data rows read with the header); a column's profile is
    worked out when first asked for (the reader asks only about the columns their headers leave open)."""

    def __init__(self, rows: list[list], indexes, fits: Callable[[str], bool] | None = None):
        self._rows, self._indexes, self._fits = rows, dict.fromkeys(indexes), fits
        self._known: dict[int, str] = {}

    def __getitem__(self, i: int) -> str:
        if i not in self._known:
            if i not in self._indexes:
                raise KeyError(i)
            self._known[i] = profile([r[i] if i < len(r) else None for r in self._rows], self._fits)
        return self._known[i]

    def __iter__(self) -> Iterator[int]:
        return iter(self._indexes)

    def __len__(self) -> int:
        return len(self._indexes)


def column_profiles(rows: list[list], indexes, fits: Callable[[str], bool] | None = None) -> ColumnProfiles:
    """Column index -> its profile, over ``rows`` (the data rows read with the header)."""
    return ColumnProfiles(rows, indexes, fits)


def data_like(row: list) -> bool:
    """A row that holds data: a real date or number cell, or a text that is a date, a phone or a sentence."""
    for value in row:
        if isinstance(value, bool) or value is None or value == "":
            continue
        if isinstance(value, (dt.date, dt.datetime, dt.time, int, float)):
            return True
        if isinstance(value, str) and kind_of(value) in (DATE, PHONE, LONG):
            return True
    return False
