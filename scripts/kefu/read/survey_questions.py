"""Which column of a questionnaire export is which: the eight items, the room, the opinions, the rest.

An export has one column per question, headed with its number and text (问卷星 ``1、您对小区供电管理
是否满意?``, 腾讯问卷 ``1.…``). A matrix question's first row is headed ``6、题目—供电管理`` and its further
rows ``6、供水管理``; 腾讯问卷 heads a matrix row or a multiple-choice option ``6.题目:选项``. The text a column
is matched on is the row's part (供电管理) when there is one, else the question.

The rules, tried in this order for each column; the first that applies decides:

1. ``[survey_columns]``: ``供电管理 = 6、题目—供电管理`` (the header as written) or ``供电管理 = 6`` (the
   question's number, when that question has one column).
2. The site's own columns (序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, 编号, 开始/结束答题时间,
   答题时长, 地理位置, 用户类型, 用户标识, 昵称, 自定义字段, IP, UA, Referrer …): 序号/编号 is the form
   number, 提交答卷时间/结束答题时间 the submission time, 所用时间/答题时长 the seconds taken, 昵称 is read
   only to be masked in the owners' words; the rest are never read.
3. A multiple choice (answers joined with ┋, one 0/1 column per option, or one column per option holding the
   option when chosen; one such column makes every option column of its question one) is no item.
4. Words: 房号/门牌/楼栋/住址/单元/几栋/哪栋 → the room; 电话/手机/联系方式 → the phone; 姓名/称呼 → the
   name; 意见/建议/需求/想说/留言 → the opinions (several such columns are joined).
5. An item's words (``ITEM_WORDS``: 供电/用电/电力 → 供电管理 …). A header with the words of two items, or
   two columns with the words of one item, are asked about in one line naming the ``[survey_columns]``
   line that settles it; kefu does not guess.

Every other column is listed as not used (read_workbooks shows them) and never read.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kefu.core.errors import InputError, where
from kefu.core.fields import ITEM_NAMES, SURVEY_FIELDS
from kefu.core.normalize import column_letter, normalize_header

ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "供电管理": ("供电", "用电", "电力", "停电", "配电"),
    "供水管理": ("供水", "用水", "水压", "水质", "停水"),
    "消防治安管理": ("消防", "治安", "安保", "保安", "安防", "门岗", "巡逻", "秩序维护"),
    "卫生管理": ("卫生", "保洁", "清洁", "垃圾"),
    "绿化管理": ("绿化", "园林", "绿地", "花木"),
    "公共设施管理": ("公共设施", "公用设施", "共用设施", "设施设备", "电梯"),
    "维修服务": ("维修", "报修", "修理"),
    "服务态度": ("态度", "礼仪", "礼貌"),
}
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unit", ("房号", "门牌", "楼栋", "住址", "单元", "几栋", "哪栋", "房间号")),
    ("phone", ("电话", "手机", "联系方式")),
    ("respondent", ("姓名", "称呼")),
    ("comments", ("意见", "建议", "需求", "想说", "留言")),
)
SITE_COLUMNS: dict[str, str] = {   # header (normalised) -> field, "" = never read
    "序号": "form_number", "编号": "form_number", "提交答卷时间": "submitted_at", "结束答题时间": "submitted_at",
    "所用时间": "seconds", "答题时长": "seconds", "昵称": "nickname", "微信昵称": "nickname",
    **{k: "" for k in ("开始答题时间", "来源", "来源详情", "来源渠道", "来自IP", "IP", "UA", "Referrer", "用户类型", "用户标识",
                       "自定义字段", "总分", "地理位置", "地理位置国家和地区", "地理位置省", "地理位置市",
                       "答卷编号", "填写设备", "操作系统", "浏览器")},
}
_SITE_INDEX = {normalize_header(k): v for k, v in SITE_COLUMNS.items()}
_NUMBERED = re.compile(r"^(\d{1,3})\s*[、.](.*)$", re.S)
_SPLIT_OPTION = re.compile(r"^(\d{1,3})\((.*)\)$", re.S)     # 问卷星 按序号: a multiple choice's option column
_MULTI_MARK = "┋"


@dataclass(frozen=True)
class Question:
    index: int                  # 0-based column
    header: str                 # as written
    number: int | None
    text: str                   # the question (without its number)
    part: str                   # the matrix row or option (供电管理), "" when none


@dataclass
class ColumnPlan:
    """What each column of an export was taken for."""

    fields: dict[str, list[int]] = field(default_factory=dict)   # field -> column indexes
    notes: dict[int, str] = field(default_factory=dict)          # column -> why it is not used
    headers: list[str] = field(default_factory=list)

    def one(self, name: str) -> int | None:
        cols = self.fields.get(name)
        return cols[0] if cols else None

    def letters(self) -> dict[str, str]:
        return {f: column_letter(cols[0]) for f, cols in self.fields.items() if cols}


def parse_header(index: int, header: str, previous: Question | None) -> Question:
    text = unicodedata.normalize("NFKC", header).strip()
    m = _SPLIT_OPTION.match(text)
    if m:
        return Question(index, header, int(m.group(1)), "", m.group(2).strip())
    m = _NUMBERED.match(text)
    if not m:
        return Question(index, header, None, text, "")
    number, rest = int(m.group(1)), m.group(2).strip()
    if "—" in rest:
        question, part = rest.rsplit("—", 1)
        return Question(index, header, number, question.strip(), part.strip())
    if ":" in rest:
        question, part = rest.rsplit(":", 1)
        return Question(index, header, number, question.strip(), part.strip())
    if previous is not None and previous.number == number and previous.part:
        return Question(index, header, number, previous.text, rest)    # a matrix question's further row
    return Question(index, header, number, rest, "")


def plan_columns(header: list[str], columns_values: list[list[str]], overrides: dict[str, str],
                 path, sheet: str) -> ColumnPlan:
    """Column roles for one export; ``columns_values``: each column's answers as text (for rule 3)."""
    plan = ColumnPlan(headers=list(header))
    questions, previous = [], None
    for i, h in enumerate(header):
        q = parse_header(i, h, previous)
        questions.append(q)
        previous = q if q.number is not None else previous
    by_override = _overrides(questions, overrides, path, sheet)
    named = set(by_override.values())
    # one option column of a multiple choice chosen by someone makes the whole question one
    multi = {q.number for q in questions if q.number is not None and _is_multi(columns_values[q.index], q.part)}
    for q in questions:
        if not q.header.strip():
            continue
        name = by_override.get(q.index)
        if name is None:
            name = _role(q, q.number in multi and (q.part != "" or _is_multi(columns_values[q.index], "")), plan)
            if name in named:
                plan.notes[q.index] = f"config.ini [survey_columns] 已指定其他列为“{name}”,不读取"
                continue
        if name:
            plan.fields.setdefault(name, []).append(q.index)
    _check_items(plan, questions, path, sheet)
    return plan


def _overrides(questions: list[Question], overrides: dict[str, str], path, sheet) -> dict[int, str]:
    out: dict[int, str] = {}
    for name, text in overrides.items():
        key = normalize_header(text)
        hits = [q for q in questions if normalize_header(q.header) == key]
        if not hits and key.isdigit():
            hits = [q for q in questions if q.number == int(key)]
        if len(hits) > 1:
            places = "、".join(f"{column_letter(q.index)}1「{q.header}」" for q in hits)
            raise InputError(f"{where(path, sheet)}中,config.ini [survey_columns] {name} = {text} 同时符合 {places}。"
                             f"请写出完整的列名,例如:{name} = {hits[0].header}")
        for q in hits:
            out[q.index] = name
    return out


def _role(q: Question, multi: bool, plan: ColumnPlan) -> str | None:
    if q.number is None:
        site = _SITE_INDEX.get(normalize_header(q.header))
        if not site:
            plan.notes[q.index] = "问卷网站的系统字段,不读取" if site == "" else "不是问卷题目,不读取"
        return site or None
    if multi:
        plan.notes[q.index] = "多选题,不计入满意率"
        return None
    key = normalize_header(q.text + q.part)
    for name, words in ROLE_WORDS:
        if any(w in key for w in words):
            return name
    items = matching_items(q.part or q.text)
    if len(items) == 1:
        return items[0]
    plan.notes[q.index] = ("同时像是" + "、".join(items) if items else "没有对应的调查项目") + ",不计入满意率"
    return "?" + "|".join(items) if items else None


def matching_items(text: str) -> list[str]:
    key = normalize_header(text)
    return [item for item in ITEM_NAMES if any(w in key for w in ITEM_WORDS[item])]


def _is_multi(values: list[str], part: str) -> bool:
    filled = [v for v in values if v]
    if any(_MULTI_MARK in v for v in filled):
        return True
    if not filled:
        return False
    if set(filled) <= {"0", "1"} and "0" in filled:
        return True
    return bool(part) and set(filled) == {part}     # the option's own text when chosen (腾讯问卷)


def _check_items(plan: ColumnPlan, questions: list[Question], path, sheet) -> None:
    for name, cols in list(plan.fields.items()):
        if name.startswith("?"):
            q = questions[cols[0]]
            items = name[1:].split("|")
            raise InputError(f"{where(path, sheet)}第 1 行的「{q.header}」({column_letter(q.index)}1)看不出是"
                             f"“{'”还是“'.join(items)}”。请在 config.ini 的 [survey_columns] 中写明,"
                             f"例如:{items[0]} = {q.number}")
        if name in SURVEY_FIELDS and SURVEY_FIELDS[name][0] == "grade" and len(cols) > 1:
            a, b = questions[cols[0]], questions[cols[1]]
            raise InputError(f"{where(path, sheet)}第 1 行的「{a.header}」({column_letter(a.index)}1)和"
                             f"「{b.header}」({column_letter(b.index)}1)都像是“{name}”,kefu 无法判断用哪一列。"
                             f"请在 config.ini 的 [survey_columns] 中写明,例如:{name} = {a.number}")
