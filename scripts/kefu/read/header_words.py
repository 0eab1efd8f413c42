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

A header with none of these words names no field (it is listed as unused, never guessed).
"""
from __future__ import annotations

import re
from functools import lru_cache

_NOTICE = ("通知单",)
_ORIGINAL = ("原件", "来函", "原始")
_NUMBER_WORDS = ("编号", "编码", "单号", "登记号", "投诉号", "号")
_NUMBER = ("编号", "编码", "单号", "登记号", "投诉号")
_PHONE = ("电话", "手机", "联系方式", "号码")

RECEIVED = ("受理", "登记", "投诉", "来访", "接访", "接待", "来电", "来信")
# event -> (its words, the date field, the time field or None)
EVENTS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "reply": (("答复", "回复", "反馈"), "replied_on", "replied_time"),
    "callback": (("回访",), "callback_on", "callback_time"),
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
    ("department", ("部门", "班组", "承办", "责任单位", "处理单位")),
    ("unit", ("房号", "房间", "单元", "住址", "地址", "楼栋", "楼号", "门牌")),
    ("category", ("类别", "分类", "类型")),
    ("channel", ("方式", "渠道", "来源", "途径")),
    ("summary", ("内容", "摘要", "事由", "问题", "诉求", "事项", "性质")),
    ("customer", ("投诉人", "业主", "客户", "姓名", "住户", "来访人", "联系人")),
    ("result", ("结果", "处理情况")),
)


@lru_cache(maxsize=8192)
def meaning(key: str) -> tuple[str, ...]:
    """The fields header ``key`` could name, by the rules above: () for none, two or more: ambiguous."""
    if not key:
        return ()
    for rule in (_numbers, _phone, _dates, _callbacks):
        found = rule(key)
        if found is not None:
            return found
    for field_name, words in _SINGLE_WORDS:
        if _has(key, words):
            return (field_name,)
    return ()


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
    if "期限" in key:
        return ("action_due",)
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
    if _has(key, RECEIVED):
        return (_RECEIVED_FIELDS[1] if is_time else _RECEIVED_FIELDS[0],)
    return None


def _callbacks(key: str):
    if "满意" in key:
        return ("satisfied",)
    if "回访" not in key:
        return None
    if _has(key, ("人", "员")):
        return ("callback_by",)
    return ("callback_result",)
