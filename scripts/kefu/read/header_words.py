"""Headers matched by meaning: the register field a header names, from the words in it.

Used after ``[columns]`` and the exact aliases of ``core.fields`` (both win). ``meaning(key)`` takes a
header as ``table.header_key`` makes it (NFKC, no blanks or brackets) and returns the fields it could
be: none, one, or several (ambiguous: the reader then asks for a ``[columns]`` line). The rules, tried
in this order; the first that applies decides:

1. **Numbers.** 通知单 with 编号/单号/号 → notice_number; 原件/来函/原始 with 编号/号 → original_number;
   编号/编码/单号/登记号/投诉号 → number. (房号 is a place, not a number.)
2. **Phones.** 电话/手机/联系方式/号码 → phone (投诉人电话, 业主联系方式).
3. **Dates.** A kind word (日期/时间, or a header ending in 日/时) with the event words in it:
   受理/登记/投诉/来访/接访/接待/来电/来信 → received; 答复/回复/反馈 → reply; 回访 → callback;
   完成/办结/处理完毕/结案 → completed; 核实/调查 → verified; 预约 → appointment (预约答复日期 is
   the promised reply, not the reply). A received word only
   says whose date it is when no other event is named (投诉答复日期 is a reply date; 投诉处理完成日期 a
   completion date). Two other events (答复及回访日期) make the header ambiguous. 期限 (with or
   without a kind word), 预定完成/计划完成 → action_due. A 时间 header of the received, reply or callback event is that event's *time*
   (received_time …): when the sheet has no date column of the event, the reader takes it as the date.
4. **Callbacks and satisfaction.** 满意 → satisfied; 回访 with 人/员 → callback_by; 回访 with
   情况/结果/意见/记录/内容, or 回访 alone → callback_result.
5. **Words of one field each**, in this order: 重大 → major; 状态/进度 → status; 备注 → remarks;
   补救 → remedy; 纠正 → corrective_action; 部门/班组/承办/责任单位/处理单位 → department;
   房号/房间/单元/住址/地址/楼栋/楼号/门牌 → unit; 类别/分类/类型 → category;
   方式/渠道/来源/途径 → channel; 内容/摘要/事由/问题/诉求/事项/性质 → summary;
   投诉人/业主/客户/姓名/住户/来访人/联系人 → customer; 结果/处理情况 → result.

A header with none of these words names no field (it is listed as unused, never guessed). Before rule 1:
a header ending in ID (问题ID, 工单ID) is a system's key, one beginning with 被 (被投诉人) names the one
complained about: no field; before rule 5: a person (a header
ending in 人 with a word of the one who complains: 诉求人, 信访人, 来电人, 留言人) → customer, and a reply's
words without a kind word (答复意见, 回复内容, 办理结果) → result, never the summary. A date or time with no
event word but a word of arrival (留言时间, 接件时间, 信访日期, 日期 or 时间 alone) → received.
``SUMMARY_RANK``: of two summary headers the one with the lower rank says most (内容/详情 before 主题/标题).
"""
from __future__ import annotations

import re
from functools import lru_cache

_NOTICE = ("通知单",)
_ORIGINAL = ("原件", "来函", "原始")
_NUMBER_WORDS = ("编号", "编码", "单号", "登记号", "投诉号", "号")
_NUMBER = ("编号", "编码", "单号", "登记号", "投诉号")
_PHONE = ("电话", "手机", "联系方式", "号码")

RECEIVED = ("受理", "登记", "投诉", "来访", "接访", "接待", "来电", "来信", "留言", "接件", "收件", "来件", "信访",
            "反映", "接收", "报修")
_ALONE = frozenset({"日期", "时间", "日期时间", "年月日", "时间日期"})      # a date with no event: received
# event -> (its words, the date field, the time field or None)
EVENTS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "reply": (("答复", "回复", "反馈"), "replied_on", "replied_time"),
    "callback": (("回访", "随访"), "callback_on", "callback_time"),
    "completed": (("完成", "办结", "处理完毕", "结案"), "completed_on", None),
    "verified": (("核实", "调查"), "verified_on", None),
    "appointment": (("预约",), "appointment_on", None),
}
_RECEIVED_FIELDS = ("received_on", "received_time")
_ACTION_DUE = ("预定完成", "计划完成")
_KIND = re.compile(r"日期|时间|[日时]$")

# field, words: the first field one of whose words is in the header (rule 5)
_SINGLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("major", ("重大",)),
    ("status", ("状态", "进度")),
    ("remarks", ("备注",)),
    ("remedy", ("补救",)),
    ("corrective_action", ("纠正",)),
    ("department", ("部门", "班组", "承办", "责任单位", "处理单位", "办理单位", "主办单位", "处置单位")),
    ("unit", ("房号", "房间", "单元", "住址", "地址", "楼栋", "楼号", "门牌", "地点")),
    ("category", ("类别", "分类", "类型")),
    ("channel", ("方式", "渠道", "来源", "途径")),
    ("result", ("结果", "处理情况", "办理情况", "处理意见", "办理意见")),
    ("summary", ("内容", "摘要", "事由", "问题", "诉求", "事项", "性质", "详情", "描述", "主题", "标题",
                 "事实")),
    ("customer", ("投诉人", "业主", "客户", "姓名", "住户", "来访人", "联系人", "顾客", "消费者", "用户", "市民")),
)
# summary headers by how much they say: 内容/详情 first, a title or subject last
_SUMMARY_ORDER = (("内容", "详情", "描述", "摘要", "事由", "诉求", "事项"), ("性质", "问题"), ("主题", "标题"))
_PERSON_OF = ("投诉", "诉求", "信访", "来访", "来电", "来信", "反映", "留言", "申请", "求助", "当事", "报修")
_REPLY_WORDS = ("答复", "回复", "反馈")


@lru_cache(maxsize=8192)
def meaning(key: str) -> tuple[str, ...]:
    """The fields header ``key`` could name, by the rules above: () for none, two or more: ambiguous."""
    if not key:
        return ()
    if key.lower().endswith("id") or key.startswith("被"):   # a system's key; the one complained about
        return ()
    for rule in (_numbers, _phone, _dates, _callbacks, _person, _reply_text):
        found = rule(key)
        if found is not None:
            return found
    for field_name, words in _SINGLE_WORDS:
        if _has(key, words):
            return (field_name,)
    return ()


def summary_rank(key: str) -> int:
    """0 for a header of the complaint's text (投诉内容, 留言详情), 1 for its nature, 2 for a title."""
    return next((i for i, words in enumerate(_SUMMARY_ORDER) if _has(key, words)), len(_SUMMARY_ORDER))


def _person(key: str):
    if key.endswith(("人", "人姓名", "人名称")) and _has(key, _PERSON_OF):
        return ("customer",)
    return None


def _reply_text(key: str):
    return ("result",) if _has(key, _REPLY_WORDS) and _has(key, ("意见", "内容", "结果", "情况", "说明")) else None


def _has(key: str, words) -> bool:
    return any(w in key for w in words)


def _numbers(key: str):
    if _has(key, _NOTICE) and _has(key, _NUMBER_WORDS):
        return ("notice_number",)
    if _has(key, _ORIGINAL) and _has(key, _NUMBER_WORDS):
        return ("original_number",)
    if _has(key, _NUMBER) and not _has(key, _PHONE):
        return ("number",)
    return None


def _phone(key: str):
    return ("phone",) if _has(key, _PHONE) else None


def _dates(key: str):
    if "期限" in key or "时限" in key:
        return () if _has(key, _REPLY_WORDS + ("办理", "办结", "处理")) else ("action_due",)
    if not _KIND.search(key):
        return None
    if _has(key, _ACTION_DUE):
        return ("action_due",)
    is_time = "时间" in key and "日期" not in key
    fields = [(time if is_time and time else date) for words, date, time in EVENTS.values() if _has(key, words)]
    if "appointment_on" in fields:    # 预约答复日期: the promised reply, not the reply
        return ("appointment_on",)
    if fields:
        return tuple(fields)
    if _has(key, RECEIVED) or key in _ALONE:
        return (_RECEIVED_FIELDS[1] if is_time else _RECEIVED_FIELDS[0],)
    return None


def _callbacks(key: str):
    if "满意" in key:
        return ("satisfied",)
    if "回访" not in key and "随访" not in key:
        return None
    if _has(key, ("人", "员")):
        return ("callback_by",)
    return ("callback_result",)
