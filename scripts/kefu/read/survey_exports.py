"""Online questionnaire exports (问卷星, 腾讯问卷) read as they are: one SurveyResponse per answer sheet.

Columns are assigned by ``read.survey_questions``. Answers are kept as written (NFKC, blanks trimmed, a
tab before a phone number dropped); ``(空)``, ``(跳过)`` and an empty cell are blank. 腾讯问卷 writes an
option with its letter (``A.非常满意``): the letter is dropped. A 问卷星 download "按序号" (its file name
says so, as the site names it, or every item answer is a whole number and no item question speaks of
stars or points) holds option numbers, 1 = the first option: kefu turns them into the texts of
``[survey] coded_options`` and refuses the file when that line is missing, since the numbers alone do
not say whether 1 is the best or the worst answer; -2 and -3 (问卷星's "not shown" and "skipped") are blank.
A number with no option text (beyond the options written) is kept as ``7(序号)`` and so never counted.
The words of an "other" answer (``其他〖…〗``) of a multiple choice join the owner's opinions.
The site's columns (IP, 来源详情, 用户标识, 昵称 …) are never read into a response; nicknames are
collected only so that the owners' words can be masked.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.core.fields import ITEM_NAMES, SURVEY_FIELDS
from kefu.core.normalize import column_letter
from kefu.core.records import SurveyResponse
from kefu.core.settings import Settings
from kefu.read.cells import as_text
from kefu.read.survey_questions import ColumnPlan, plan_columns
from kefu.read.survey_sources import TENCENT, WJX, RawTable

_BLANK = frozenset({"", "(空)", "(跳过)", "-2", "-3"})
_WHOLE = re.compile(r"\d+")
_OPTION_LETTER = re.compile(r"^[A-Z][.、]\s*(?=\S)")
_OTHER = re.compile(r"〖([^〗]*)〗")
_DATETIME = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DMY = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}
_DURATION = re.compile(r"^(?:(\d+)(?:小时|时))?(?:(\d+)分(?:钟)?)?(?:(\d+)秒)?$")


@dataclass
class ExportRead:
    """One export: its responses and what each column was taken for (read_workbooks shows it)."""

    path: Path
    kind: str                      # 问卷星(按文本) / 问卷星(按序号) / 腾讯问卷
    channel: str                   # 问卷星 / 腾讯问卷
    plan: ColumnPlan
    responses: list[SurveyResponse] = field(default_factory=list)
    nicknames: set[str] = field(default_factory=set)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(i for i in ITEM_NAMES if i in self.plan.fields)


def read_export(table: RawTable, settings: Settings) -> ExportRead:
    options = tuple(settings.survey.coded_options)
    texts = [[_text(row[i]) if i < len(row) else "" for row in table.rows] for i in range(len(table.header))]
    plan = plan_columns(table.header, texts, settings.survey_columns, table.path, table.sheet)
    coded = _coded(table, plan, texts, options)
    kind = f"{WJX}({'按序号' if coded else '按文本'})" if table.kind == WJX else TENCENT
    out = ExportRead(table.path, kind, table.kind, plan)
    if not out.items:
        questions = "、".join(f"「{h}」" for h in table.header if h and h[:1].isdigit())[:300]
        raise InputError(f"{where(table.path)}是{kind}导出的答卷,但没有一题能对应到八个调查项目(供电管理……服务态度)。"
                         f"其中的题目:{questions or '无'}。如果是本次满意度调查,请在 config.ini 的 [survey_columns] 中"
                         f"写明各项目对应的题号,例如:供电管理 = 3;如果不是,请把它移出 [paths] survey 所指的位置。")
    decode = _decoder(table.kind, coded, options)
    multi = [i for i, note in plan.notes.items() if note.startswith("多选题")]
    letters = plan.letters()
    for offset, _row in enumerate(table.rows):
        values = [col[offset] for col in texts]
        if not any(values):
            continue
        out.responses.append(_response(table, plan, values, offset + 2, decode, multi, letters))
        nick = plan.one("nickname")
        if nick is not None and values[nick]:
            out.nicknames.add(values[nick])
    return out


def _coded(table: RawTable, plan: ColumnPlan, texts: list[list[str]], options: tuple[str, ...]) -> bool:
    """Whether a 问卷星 file holds option numbers: its name says 按序号, or every item answer is a whole
    number and no item question speaks of stars or points. Refused without ``coded_options``: the numbers
    alone do not say whether 1 is the best answer or the worst."""
    if table.kind != WJX:
        return False
    cols = [plan.fields[item][0] for item in ITEM_NAMES if item in plan.fields]
    answers = [v for i in cols for v in texts[i] if v]
    numbers = bool(answers) and all(_WHOLE.fullmatch(v) for v in answers)
    points = any(w in table.header[i] for i in cols for w in ("星", "分"))
    named = "按序号" in table.path.name
    if not named and not (numbers and not points):
        return False
    if options:
        return True
    if named:
        raise InputError(f"{where(table.path)}是问卷星“按序号”下载的答卷,单元格中只有选项序号(1 = 第一个选项)。"
                         f"请在 config.ini 的 [survey] 中按问卷上的顺序写明选项文字,例如:"
                         f"coded_options = 非常满意, 满意, 一般, 不满意, 非常不满意;或改用“按文本”下载的文件。")
    raise InputError(f"{where(table.path)}中各调查项目的答案都是数字,kefu 看不出是问卷星“按序号”下载的选项序号,"
                     f"还是 1–5 分的打分。请在 config.ini 的 [survey] 中写明:是选项序号,就按问卷上的顺序写出选项文字,"
                     f"如 coded_options = 非常满意, 满意, 一般, 不满意, 非常不满意;是打分(5 分最好),就写 "
                     f"coded_options = 1, 2, 3, 4, 5。")


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "seconds")
    text = as_text(value)
    return "" if text in _BLANK else text


def _decoder(kind: str, coded: bool, options: tuple[str, ...]):
    def decode(text: str) -> str:
        if not text:
            return ""
        if coded:
            if text.isdigit():
                k = int(text)
                return options[k - 1] if 1 <= k <= len(options) else f"{k}(序号)"
            return text
        return _OPTION_LETTER.sub("", text) if kind == TENCENT else text
    return decode


def _response(table: RawTable, plan: ColumnPlan, values: list[str], row: int, decode, multi, letters):
    def first(name: str) -> str:
        i = plan.one(name)
        return values[i] if i is not None else ""

    answers = {item: decode(values[i]) for item in ITEM_NAMES if (i := plan.one(item)) is not None}
    comments = [values[i] for i in plan.fields.get("comments", []) if values[i]]
    comments += [m for i in multi for m in _OTHER.findall(values[i]) if m.strip()]
    submitted = submitted_at(first("submitted_at"))
    unreadable = {"submitted_at": first("submitted_at")} if first("submitted_at") and submitted is None else None
    return SurveyResponse(
        table.path.name, row, form_number=first("form_number"), unit=first("unit"), respondent=first("respondent"),
        phone=first("phone"), surveyed_on=submitted.date() if submitted else None, answers=answers,
        comments=";".join(comments), unreadable=unreadable, columns=letters, channel=table.kind,
        source=table.path.name, submitted_at=submitted, seconds=duration_seconds(first("seconds")))


def submitted_at(text: str) -> dt.datetime | None:
    """``2026/11/3 9:32:09``, ``2026-11-03 09:32:09`` or ``03-Nov-2026 09:32:09``; None when unreadable."""
    m = _DATETIME.search(text)
    try:
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            return dt.datetime(y, mo, d, h, mi, s)
        m = _DMY.search(text)
        if m and m.group(2).lower() in _MONTHS:
            day, mon, year, hour, minute, second = m.groups()
            return dt.datetime(int(year), _MONTHS[mon.lower()], int(day), int(hour or 0), int(minute or 0),
                               int(second or 0))
    except ValueError:
        return None
    return None


def duration_seconds(text: str) -> int | None:
    """``85秒``, ``1分25秒``, ``85`` or ``85.0`` as seconds; None when empty or unreadable."""
    text = text.replace(" ", "")
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        pass
    m = _DURATION.match(text)
    if not m or not any(m.groups()):
        return None
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    return h * 3600 + mi * 60 + s


def describe(export: ExportRead) -> list[str]:
    """Chinese lines for read_workbooks: each field's column, the columns not used and why."""
    headers, lines = export.plan.headers, []
    labels = {"submitted_at": "提交时间", "seconds": "所用时间", "nickname": "昵称(只用于隐去个人信息)"}
    for name, cols in export.plan.fields.items():
        label = SURVEY_FIELDS[name][1][0] if name in SURVEY_FIELDS else labels.get(name, name)
        where_ = "、".join(f"{column_letter(i)} 列「{headers[i]}」" for i in cols)
        lines.append(f"    {label}({name}) ← {where_}")
    for i, note in sorted(export.plan.notes.items()):
        lines.append(f"    未使用:{column_letter(i)} 列「{headers[i]}」({note})")
    missing = [i for i in ITEM_NAMES if i not in export.plan.fields]
    if missing:
        lines.append(f"    没有找到的调查项目:{'、'.join(missing)}(如问卷中有该题,请在 config.ini 的 [survey_columns] "
                     f"中写明,例如:{missing[0]} = 题号或列名)")
    return lines
