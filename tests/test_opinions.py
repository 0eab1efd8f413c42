"""Owners' common opinions: comments grouped by theme, with counts and examples carrying no personal data."""
from __future__ import annotations

import datetime as dt

from kefu.rules.opinions import OTHER, common_opinions, scrub
from kefu.core.records import SurveyResponse


def responses(*comments, respondent="王建国"):
    return [SurveyResponse("2026年调查", i + 3, respondent=respondent, comments=c, surveyed_on=dt.date(2026, 10, 1))
            for i, c in enumerate(comments)]


def test_comments_are_grouped_by_the_configured_keywords_with_counts(settings_for):
    settings = settings_for("[survey_keywords]\n公共设施管理 = 电梯, 车库\n卫生管理 = 垃圾\n")
    ops = common_opinions(responses("电梯经常坏", "车库太暗,电梯慢", "垃圾没人收", "无", "", "电梯坏了四次",
                                    "电梯停运"), settings)
    assert ops.comments == 5                               # "无" and blanks are not opinions
    themes = {t.name: t for t in ops.themes}
    assert themes["公共设施管理"].count == 4 and themes["卫生管理"].count == 1
    assert len(themes["公共设施管理"].examples) == 3
    assert ops.themes[0].name == "公共设施管理"              # the most frequent first


def test_comments_no_keyword_catches_are_grouped_by_a_shared_phrase(settings_for):
    settings = settings_for("[survey_keywords]\n卫生管理 = 垃圾\n")
    ops = common_opinions(responses("快递柜太少", "快递柜经常满", "希望快递柜多一些", "小孩游乐场地不够"), settings)
    names = [t.name for t in ops.themes]
    assert f"{OTHER}:快递" in names and OTHER in names      # jieba splits 快递柜 into 快递 + 柜
    assert {t.name: t.count for t in ops.themes}[f"{OTHER}:快递"] == 3
    assert ("快递", 3) in ops.phrases


def test_examples_mask_names_phones_and_rooms(settings_for):
    settings = settings_for()
    ops = common_opinions(responses("我是王建国,电话13812345678,5栋1单元502漏水", "1202室楼上漏水"), settings)
    text = " ".join(e for t in ops.themes for e in t.examples)
    for private in ("王建国", "13812345678", "5栋1单元502", "1202"):
        assert private not in text
    assert "138****5678" in text and "王**" in text and "5栋****" in text


def test_scrub_masks_landlines_and_dashed_room_numbers():
    assert scrub("电话 0755-83216789,住3-2-1101") == "电话 ********6789,住3-****"
    assert scrub("满意率 92.5%,2026-11-30 或 11-30 前完成") == "满意率 92.5%,2026-11-30 或 11-30 前完成"
    assert scrub("5-1202 的水管") == "5-**** 的水管"


def test_documents_for_others_prefer_examples_that_needed_no_masking(settings_for):
    ops = common_opinions(responses("电梯坏了,我电话13812345678", "电梯太旧", "电梯经常停"), settings_for())
    (theme,) = [t for t in ops.themes if t.name == "公共设施管理"]
    assert theme.examples[:2] == ["电梯太旧", "电梯经常停"] and "138****5678" in theme.examples[2]
    assert theme.public_examples(3) == ["电梯太旧", "电梯经常停"]
    only_masked = common_opinions(responses("电梯坏了,我电话13812345678"), settings_for())
    assert only_masked.themes[0].public_examples(2) == ["电梯坏了,我电话138****5678"]
