"""Owners' common opinions: comments grouped by theme, with counts and examples carrying no personal data."""
from __future__ import annotations

import datetime as dt

from kefu.rules.opinions import OTHER, common_opinions, scrub
from kefu.core.records import SurveyResponse


def responses(*comments, respondent="王建国"):
    return [SurveyResponse("2026年调查", i + 3, respondent=respondent, comments=c, surveyed_on=dt.date(2026, 10, 1))
            for i, c in enumerate(comments)]


def test_comments_are_grouped_by_what_they_are_about_under_the_item(settings_for):
    settings = settings_for("[survey_keywords]\n公共设施管理 = 电梯, 车库\n卫生管理 = 垃圾\n")
    ops = common_opinions(responses("电梯经常坏", "车库太暗,电梯慢", "垃圾没人收", "无", "", "电梯坏了四次",
                                    "电梯停运"), settings)
    assert ops.comments == 5                               # "无" and blanks are not opinions
    themes = {t.label: t for t in ops.themes}
    assert themes["公共设施管理 · 电梯故障"].count == 4 and themes["卫生管理 · 垃圾清运"].count == 1
    assert themes["供电管理 · 公共照明"].count == 1          # 车库太暗: the garage's lighting, not the lift
    assert len(themes["公共设施管理 · 电梯故障"].examples) == 3
    assert ops.themes[0].label == "公共设施管理 · 电梯故障"   # the most frequent first


def test_words_the_vocabulary_does_not_know_are_grouped_by_similar_wording_and_praise_apart(settings_for):
    settings = settings_for("[survey_keywords]\n卫生管理 = 垃圾\n")
    ops = common_opinions(responses("希望多组织社区活动", "多组织一些社区活动。", "小孩游乐场地不够",
                                    "服务很好,继续保持", "辛苦了!", "物业很负责"), settings)
    labels = {t.label: t.count for t in ops.themes}
    assert ops.praise == 3 and "继续保持" not in " ".join(labels)
    assert labels["公共设施管理 · 健身游乐设施"] == 1
    (activity,) = [t for t in ops.themes if "社区活动" in t.name]
    assert activity.count == 2 and activity.item == "" and len(activity.examples) == 2
    assert ops.phrases == []


def test_examples_mask_names_phones_and_rooms(settings_for):
    settings = settings_for()
    ops = common_opinions(responses("我是王建国,电话13812345678,5栋1单元502漏水", "1202室楼上漏水"), settings)
    text = " ".join(e for t in ops.themes for e in t.examples)
    for private in ("王建国", "13812345678", "5栋1单元502", "1202"):
        assert private not in text
    assert "5栋****漏水" in text and "****楼上漏水" in text    # who wrote (我是…,电话…) is not quoted at all
    assert scrub("我是王建国,电话13812345678", ["王建国"]) == "我是王**,电话138****5678"


def test_scrub_masks_landlines_and_dashed_room_numbers():
    assert scrub("电话 0755-83216789,住3-2-1101") == "电话 ********6789,住3-****"
    assert scrub("满意率 92.5%,2026-11-30 或 11-30 前完成") == "满意率 92.5%,2026-11-30 或 11-30 前完成"
    assert scrub("5-1202 的水管") == "5-**** 的水管"


def test_documents_for_others_prefer_examples_that_needed_no_masking(settings_for):
    ops = common_opinions(responses("电梯坏了,我电话13812345678", "电梯太旧", "电梯经常停"), settings_for())
    (theme,) = [t for t in ops.themes if t.name == "电梯故障"]
    assert theme.examples[:2] == ["电梯太旧", "电梯经常停"] and "138****5678" in theme.examples[2]
    assert theme.public_examples(3) == ["电梯太旧", "电梯经常停"]
    only_masked = common_opinions(responses("电梯坏了,我电话13812345678"), settings_for())
    assert only_masked.themes[0].public_examples(2) == ["电梯坏了,我电话138****5678"]


def test_an_item_named_before_the_comment_decides_its_item(settings_for):
    ops = common_opinions(responses("绿化:快递柜太少", "维修服务:报修慢,等了三天", "快递柜不够"),
                          settings_for())
    labels = {t.label: t.count for t in ops.themes}
    assert labels["绿化管理 · 快递柜"] == 1 and labels["公共设施管理 · 快递柜"] == 1
    assert labels["维修服务 · 维修响应"] == 1


def test_fillers_are_never_a_theme_and_a_theme_named_by_owners_words_is_masked(settings_for):
    ops = common_opinions(responses("继续努力", "继续努力!", "一般", "还行吧", "加油",
                                    "我家3栋501门口总有人抽烟", "我家3栋501门口总有人抽烟。"), settings_for())
    assert ops.praise == 3
    (theme,) = ops.themes
    assert theme.count == 2 and "501" not in theme.name and theme.examples == ["我家3栋****门口总有人抽烟"]


def test_a_leading_clause_joins_the_theme_the_comment_names_never_other(settings_for):
    settings = settings_for()
    ops = common_opinions(responses("夜里门口空荡荡的,陌生人随便进出", "上次停了一整天水都没人说,希望以后发个群通知",
                                    "停水要提前通知"), settings)
    names = {t.name: t.count for t in ops.themes}
    assert names.get("治安") == 1 and names.get("停水") == 2
    assert not any(t.name in (OTHER, "其他") for t in ops.themes)
    assert "夜里门口空荡荡的,陌生人随便进出" in next(t for t in ops.themes if t.name == "治安").examples


def test_a_repair_remark_stays_with_the_thing_and_an_example_with_the_repairs(settings_for):
    ops = common_opinions(responses("电梯老是坏,修了又坏", "报修响应太慢了,水管漏了一周才修好",
                                    "垃圾清运不及时,另外报修也太慢"), settings_for())
    names = {t.name: t.count for t in ops.themes}
    assert names == {"电梯故障": 1, "维修响应": 2, "垃圾清运": 1}


def test_praise_is_quoted_by_what_it_says_not_by_filler(settings_for):
    ops = common_opinions(responses("继续保持", "继续保持", "服务很好,继续保持", "保洁阿姨很辛苦,楼道打扫得很干净"),
                          settings_for())
    assert ops.praise == 4
    assert "继续保持" not in ops.praise_examples
    assert ops.praise_examples[0] == "保洁阿姨很辛苦,楼道打扫得很干净"


def test_a_quote_inside_another_is_the_same_quote():
    from kefu.rules.opinions import quotes
    shown, _ = quotes(["垃圾桶周围很臭", "垃圾桶周围很臭 清运不及时", "3#楼下的垃圾桶经常满出来没人清"], ())
    assert len(shown) == 2 and sum("垃圾桶周围很臭" in q for q in shown) == 1
