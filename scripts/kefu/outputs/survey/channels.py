"""The survey's channels in the outputs: 回收份数 by channel, the forms set aside, the method note.

Paper forms and online answer sheets are one survey; the report, the bulletin and the workbook say how
many forms each channel brought, which answers counted as satisfied, and which forms were set aside and
why (``rules.survey_household``). No output names a phone, nickname or IP; a form set aside is named by
its file and row (the workbook adds its number and room, the room as written only with
``[privacy] mask = no``: the statistics workbook goes to the director too).
"""
from __future__ import annotations

from kefu.core.privacy import mask_unit
from kefu.rules.survey_household import DUPLICATE, EMPTY, TEST
from kefu.rules.survey_scale import SATISFIED_WORDS
from kefu.rules.survey_stats import SurveyStats


def shown(stats: SurveyStats) -> bool:
    """Whether the outputs show channels at all (a survey of typed paper forms only reads as before)."""
    return stats.online or len(stats.channels) > 1


def channels_text(stats: SurveyStats) -> str:
    if not shown(stats):
        return ""
    parts = "、".join(f"{c.channel} {c.returned} 份" for c in stats.channels)
    return f"回收的有效调查表按渠道:{parts},合计 {stats.returned} 份(纸质调查表与网上问卷一并统计)。"


def method_text(stats: SurveyStats, satisfied_grades) -> str:
    """Which answers counted as satisfied (``satisfied_grades``: the configured ones) and which forms were
    set aside, and why."""
    text = f"统计方法:评价为“{'、'.join(satisfied_grades)}”的答案计为满意"
    if stats.online:
        text += (f";网上问卷的答案按意思归类,“{'、'.join(SATISFIED_WORDS)}”及 5 分制(星级)的 4、5 分计为满意,"
                 f"“一般”及以下不计为满意")
    text += ";空白和无法识别的答案不计入满意率。"
    dup = sum(1 for a in stats.set_aside if a.reason == DUPLICATE)
    test = sum(1 for a in stats.set_aside if a.reason == TEST)
    empty = sum(1 for a in stats.set_aside if a.reason == EMPTY)
    if dup:
        text += f"同一户(同一房号或同一电话)填写了多份的,按管理处规定只计最后填写的一份,另有 {dup} 份未计入。"
    else:
        text += "同一户(同一房号或同一电话)填写多份的只计最后填写的一份,本次没有这种情况。"
    if test or empty:
        text += (f"网上问卷中用时不足 {stats.min_seconds} 秒的测试答卷 {test} 份、各项目均未作答的空白答卷 {empty} 份,"
                 f"未计入回收份数。")
    return text


def channel_rows(stats: SurveyStats) -> list[dict]:
    if not shown(stats):
        return []
    return [{"channel": c.channel, "read": c.read, "returned": c.returned, "duplicates": c.duplicates,
             "set_aside": c.tests + c.empties} for c in stats.channels]


def aside_rows(stats: SurveyStats, *, internal: bool = False) -> list[dict]:
    """The forms set aside: where they are, why, and (a duplicate) which form counts instead."""
    rows = []
    for a in stats.set_aside:
        r = a.response
        unit = r.unit if internal else mask_unit(r.unit)
        kept = f"{a.kept.place}({_when(a.kept)})" if a.kept is not None else ""
        rows.append({"channel": r.channel, "place": r.place, "number": r.form_number, "unit": unit,
                     "when": _when(r), "reason": a.reason_text, "kept": kept,
                     "seconds": "" if r.seconds is None else f"{r.seconds} 秒"})
    return rows


def _when(r) -> str:
    if r.submitted_at is not None:
        return f"{r.submitted_at:%Y-%m-%d %H:%M}"
    return f"{r.surveyed_on:%Y-%m-%d}" if r.surveyed_on else "未填日期"
