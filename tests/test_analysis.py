"""Figures, periods and recurring problems of the half-year / year-end analysis, on hand-built registers."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import complaint, write_register
from kefu.rules.analysis import BLANK, figures_for, unsatisfied
from kefu.core.errors import UsageError
from kefu.core.periods import default_period, parse_period, previous, resolve_period, year_earlier
from kefu.rules.recurring import find_recurring
from kefu.read.register import read_register
from kefu.rules.similarity import normalise, similarity

D = dt.date
AS_OF = D(2026, 7, 10)
H1 = parse_period("2026H1")


def _read(settings_for, tmp_path, rows, text=""):
    path = write_register(tmp_path / "登记表.xlsx", {"登记": rows})
    settings = settings_for(text, register=path)
    return settings, read_register(settings).complaints


# ---------------------------------------------------------------- periods

@pytest.mark.parametrize("text, start, end", [
    ("2026H1", D(2026, 1, 1), D(2026, 6, 30)),
    ("2026h2", D(2026, 7, 1), D(2026, 12, 31)),
    ("2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026Q3", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026-11", D(2026, 11, 1), D(2026, 11, 30)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2026年上半年", D(2026, 1, 1), D(2026, 6, 30)),
])
def test_period_codes_staff_type_are_understood(text, start, end):
    p = parse_period(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["2026H3", "2026-13", "上半年", "26H1", ""])
def test_an_unknown_period_is_a_usage_error_in_chinese(text):
    with pytest.raises(UsageError, match="无法识别"):
        parse_period(text)


def test_the_default_period_is_the_last_finished_half_year():
    assert default_period(D(2026, 7, 1)).code == "2026H1"
    assert default_period(D(2026, 6, 30)).code == "2025H2"
    assert default_period(D(2027, 1, 5)).code == "2026H2"


def test_comparisons_cross_the_year_boundary():
    assert previous(H1).code == "2025H2" and year_earlier(H1).code == "2025H1"
    assert previous(parse_period("2026Q1")).code == "2025Q4"
    assert previous(parse_period("2026-01")).code == "2025-12"
    assert year_earlier(parse_period("2026-01")).code == "2025-01"
    assert previous(parse_period("2026")).code == "2025"


def test_a_custom_range_compares_with_the_same_length_before_and_a_year_earlier():
    p = resolve_period(AS_OF, date_from=D(2026, 1, 1), date_to=D(2026, 1, 10))
    assert (previous(p).start, previous(p).end) == (D(2025, 12, 22), D(2025, 12, 31))
    assert (year_earlier(p).start, year_earlier(p).end) == (D(2025, 1, 1), D(2025, 1, 10))
    with pytest.raises(UsageError):
        resolve_period(AS_OF, date_from=D(2026, 1, 1))
    with pytest.raises(UsageError):
        resolve_period(AS_OF, period="2026H1", date_from=D(2026, 1, 1), date_to=D(2026, 2, 1))


# ---------------------------------------------------------------- figures

def test_total_counts_non_voided_complaints_received_in_the_period(settings_for, tmp_path):
    rows = [complaint("TS-2026-0001", D(2026, 1, 5), 类别="维修"),
            complaint("TS-2026-0002", D(2026, 6, 30), 类别="卫生"),
            complaint("TS-2026-0003", D(2026, 3, 1), 状态="作废"),
            complaint("TS-2026-0004", D(2026, 7, 1)),
            complaint("TS-2025-0090", D(2025, 12, 31)),
            complaint("TS-2026-0005", "上周三")]
    settings, complaints = _read(settings_for, tmp_path, rows)
    f = figures_for(complaints, H1, settings, AS_OF)
    assert f.total == 2
    assert f.undated == 1


def test_each_breakdown_sums_to_the_total_with_blanks_under_weitianxie(settings_for, tmp_path):
    rows = [complaint("TS-2026-0001", D(2026, 1, 5), 类别="维修", 责任部门="工程部", 投诉方式="电话"),
            complaint("TS-2026-0002", D(2026, 2, 5), 类别="维修", 投诉方式="来访"),
            complaint("TS-2026-0003", D(2026, 2, 6), 类别="", 责任部门="保洁部"),
            complaint("TS-2026-0004", D(2026, 5, 9), 类别="卫生", 责任部门="保洁部", 投诉方式="电话")]
    settings, complaints = _read(settings_for, tmp_path, rows)
    f = figures_for(complaints, H1, settings, AS_OF)
    for counts in (f.by_category, f.by_department, f.by_channel, f.by_month):
        assert sum(counts.values()) == f.total == 4
    assert f.by_category == {"维修": 2, "卫生": 1, BLANK: 1}
    assert list(f.by_category)[-1] == BLANK
    assert f.by_month == {"2026-01": 1, "2026-02": 2, "2026-03": 0, "2026-04": 0, "2026-05": 1, "2026-06": 0}


def test_replies_within_the_deadline_follow_the_workday_calendar(settings_for, tmp_path):
    # Received Friday 2026-03-06: 3 calendar days -> Monday 03-09; 3 working days -> Wednesday 03-11.
    rows = [complaint("TS-2026-0001", D(2026, 3, 6), 答复日期=D(2026, 3, 11)),
            complaint("TS-2026-0002", D(2026, 3, 6), 答复日期=D(2026, 3, 9)),
            complaint("TS-2026-0003", D(2026, 3, 6)),                     # never replied: due, late
            complaint("TS-2026-0004", D(2026, 7, 9))]                     # not yet due at as_of
    settings, complaints = _read(settings_for, tmp_path, rows)
    period = parse_period("2026")
    cal = figures_for(complaints, period, settings, AS_OF)
    assert (cal.replied_on_time, cal.reply_due) == (1, 3)
    work = figures_for(complaints, period, settings.with_values(deadlines={"day_count": "workdays"}), AS_OF)
    assert (work.replied_on_time, work.reply_due) == (2, 3)
    assert cal.avg_days_to_reply == pytest.approx((5 + 3) / 2)


def test_open_and_overdue_are_judged_at_the_end_of_the_period(settings_for, tmp_path):
    rows = [complaint("TS-2026-0001", D(2026, 6, 1), 答复日期=D(2026, 6, 2), 完成日期=D(2026, 6, 20)),
            complaint("TS-2026-0002", D(2026, 6, 1), 答复日期=D(2026, 6, 2), 完成日期=D(2026, 7, 3)),
            complaint("TS-2026-0003", D(2026, 6, 10)),
            complaint("TS-2026-0004", D(2026, 6, 29)),
            complaint("TS-2026-0005", D(2026, 5, 1), 状态="已办结"),
            complaint("TS-2026-0006", D(2026, 5, 1), 答复日期=D(2026, 5, 2), 预定完成日期=D(2026, 6, 15))]
    settings, complaints = _read(settings_for, tmp_path, rows)
    f = figures_for(complaints, H1, settings, AS_OF)
    assert f.open_at_end == ["TS-2026-0002", "TS-2026-0003", "TS-2026-0004", "TS-2026-0006"]
    assert f.overdue_at_end == ["TS-2026-0003", "TS-2026-0006"]
    assert f.avg_days_to_complete == pytest.approx((19 + 32) / 2)


def test_major_complaints_carry_their_outcome(settings_for, tmp_path):
    rows = [complaint("TS-2026-0001", D(2026, 2, 1), 是否重大="是", 处理结果="更换主水管", 完成日期=D(2026, 2, 9)),
            complaint("TS-2026-0002", D(2026, 2, 3), 是否重大="是"),
            complaint("TS-2026-0003", D(2026, 2, 4), 是否重大="否")]
    settings, complaints = _read(settings_for, tmp_path, rows)
    f = figures_for(complaints, H1, settings, AS_OF)
    assert [(m["number"], m["outcome"]) for m in f.major] == [("TS-2026-0001", "更换主水管"),
                                                             ("TS-2026-0002", "尚未办结")]


def test_bu_manyi_counts_as_unsatisfied_although_it_contains_manyi(settings_for, tmp_path):
    words = ("不满意", "未解决", "否")
    assert unsatisfied("不满意", words) and unsatisfied("否", words)
    assert not unsatisfied("满意", words) and not unsatisfied("是否满意:满意", words)
    done = {"答复日期": D(2026, 3, 2), "完成日期": D(2026, 3, 3), "回访日期": D(2026, 3, 5)}
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), **done, 回访结果="满意"),
            complaint("TS-2026-0002", D(2026, 3, 1), **done, 回访结果="不满意,仍然渗水"),
            complaint("TS-2026-0003", D(2026, 3, 1), **done, 是否满意="基本满意"),
            complaint("TS-2026-0004", D(2026, 3, 1), 答复日期=D(2026, 3, 2), 完成日期=D(2026, 3, 3))]
    settings, complaints = _read(settings_for, tmp_path, rows)
    f = figures_for(complaints, H1, settings, AS_OF)
    assert (f.callback_expected, f.called_back, f.callback_answered, f.callback_satisfied) == (4, 3, 3, 2)
    assert f.callback_rate == pytest.approx(0.75)
    assert f.callback_satisfied_rate == pytest.approx(2 / 3)


# ---------------------------------------------------------------- recurring problems

def test_differently_worded_summaries_about_the_same_leak_are_alike():
    assert normalise("厕所天花板一直在渗水!") == normalise("卫生间天花漏水")
    assert similarity("卫生间漏水", "洗手间顶上滴水") >= 0.5
    assert similarity("卫生间天花板漏水", "楼道灯不亮") < 0.5
    assert similarity("厨房下水道堵塞", "卫生间漏水") < 0.5


def test_recurring_groups_are_the_same_problem_at_the_same_place(settings_for, tmp_path):
    rows = [
        # the same household, the same leak, worded differently
        complaint("TS-2026-0001", D(2026, 1, 8), 房号="5栋1单元1202", 类别="维修", 责任部门="工程部",
                  投诉内容摘要="卫生间天花板漏水", 完成日期=D(2026, 1, 10)),
        complaint("TS-2026-0002", D(2026, 3, 2), 房号="5栋1单元1202室", 类别="其他", 责任部门="工程部",
                  投诉内容摘要="厕所顶上一直滴水"),
        # one building's lift, three times in other words, one filed under another category
        complaint("TS-2026-0003", D(2026, 2, 1), 房号="2栋1单元101", 类别="电梯", 投诉内容摘要="电梯门关不上"),
        complaint("TS-2026-0004", D(2026, 2, 9), 房号="2栋2单元302", 类别="维修", 投诉内容摘要="轿厢里按钮失灵"),
        complaint("TS-2026-0005", D(2026, 5, 1), 房号="1栋3单元803", 类别="电梯", 投诉内容摘要="2号楼的电梯困人半小时"),
        # decoys: the same building and category, other facilities
        complaint("TS-2026-0006", D(2026, 2, 1), 房号="2栋1单元102", 类别="维修", 投诉内容摘要="暖气片不热"),
        complaint("TS-2026-0007", D(2026, 2, 1), 房号="2栋1单元103", 类别="维修", 投诉内容摘要="窗户密封条老化漏风"),
    ]
    settings, complaints = _read(settings_for, tmp_path, rows)
    groups = find_recurring(figures_for(complaints, H1, settings, AS_OF).complaints, settings, mask=False)
    found = {(g.kind, g.place, g.category): g for g in groups}
    assert len(groups) == 2
    unit = found[("unit", "5栋1单元1202", "室内渗漏水")]
    assert unit.numbers == ["TS-2026-0001", "TS-2026-0002"] and unit.department == "工程部"
    assert unit.came_back == 1 and [m["status"] for m in unit.members] == ["已完成", "未办结"]
    lift = found[("place", "2栋", "电梯故障")]
    assert lift.numbers == ["TS-2026-0003", "TS-2026-0004", "TS-2026-0005"]
    assert "维保单位" in lift.suggestion and "特种设备" in lift.suggestion
    assert "防水" in unit.suggestion and "保修" in unit.suggestion


def test_recurring_places_are_masked_when_privacy_asks(settings_for, tmp_path):
    rows = [complaint(f"TS-2026-000{i}", D(2026, 1, i), 房号="5栋1单元1202", 类别="维修", 投诉内容摘要="阳台渗水")
            for i in (1, 2)]
    settings, complaints = _read(settings_for, tmp_path, rows)
    groups = find_recurring(complaints, settings)
    assert groups[0].place == "5栋****"


def test_thresholds_come_from_config(settings_for, tmp_path):
    rows = [complaint(f"TS-2026-000{i}", D(2026, 1, i), 房号=f"3栋1单元{i}01", 类别="卫生",
                      投诉内容摘要=["垃圾清运不及时", "垃圾桶满了发臭", "楼下垃圾没人清"][i - 1]) for i in (1, 2, 3)]
    settings, complaints = _read(settings_for, tmp_path, rows)
    assert [(g.kind, g.place) for g in find_recurring(complaints, settings)] == [("place", "3栋")]
    stricter = settings.with_values(summary={"recurring_building_min": 4})
    assert find_recurring(complaints, stricter) == []


def test_a_problem_of_the_last_period_that_comes_again_is_said_so(settings_for, tmp_path):
    before = [complaint(f"TS-2025-000{i}", D(2025, 9, i), 房号=f"9栋1单元{i}01", 类别="电梯",
                        投诉内容摘要="电梯又停了") for i in (1, 2, 3)]
    now = [complaint("TS-2026-0001", D(2026, 2, 1), 房号="9-2-301", 类别="维修", 投诉内容摘要="9号楼电梯困人"),
           complaint("TS-2026-0002", D(2026, 3, 1), 房号="2栋1单元101", 类别="卫生", 投诉内容摘要="垃圾没人清"),
           complaint("TS-2026-0003", D(2026, 3, 9), 房号="2栋1单元101", 类别="卫生", 投诉内容摘要="楼下垃圾桶满了"),
           complaint("TS-2026-0004", D(2026, 4, 9), 房号="2栋2单元101", 类别="卫生", 投诉内容摘要="垃圾清运不及时")]
    settings, complaints = _read(settings_for, tmp_path, before + now)
    previous = [c for c in complaints if c.received_on.year == 2025]
    current = [c for c in complaints if c.received_on.year == 2026]
    groups = {g.category: g for g in find_recurring(current, settings, previous=previous)}
    lift, rubbish = groups["电梯故障"], groups["垃圾清运"]
    assert (lift.place, lift.count, lift.last_period, lift.carried) == ("9栋", 1, 3, True)
    assert (rubbish.place, rubbish.count, rubbish.last_period, rubbish.carried) == ("2栋", 3, 0, False)
    assert list(groups) == ["垃圾清运", "电梯故障"]           # this period's own first
