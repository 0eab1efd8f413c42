"""Satisfaction statistics as DESIGN.md defines them, checked against figures worked out by hand."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from kefu.read.survey import read_survey
from kefu.rules.survey_stats import survey_stats
from survey_books import ITEMS, form, write_survey

S, B, U = "满意", "基本满意", "不满意"
D = dt.date(2026, 10, 9)

# Four forms. Form 3 has only a comment (not returned). "满" and "良好" are not grades (invalid).
SMALL = [
    form("Q1", "1栋1单元101", D, [S, S, S, U, S, S, S, S], "电梯经常坏"),
    form("Q2", "1栋1单元102", D, [B, None, "满", S, S, S, U, S]),
    form("Q3", "2栋1单元201", D, [None] * 8, "没填评价"),
    form("Q4", "2-1-202", D, [U, B, B, B, B, B, B, "良好"]),
]


def stats_of(tmp_path, settings_for, sheets, text="", **kw):
    path = write_survey(tmp_path / "survey.xlsx", sheets)
    settings = settings_for(text, survey=path)
    stats, _ = survey_stats(read_survey(settings), settings, **kw)
    return stats


def test_rates_match_the_hand_count_with_blanks_and_unreadable_answers_left_out(tmp_path, settings_for):
    stats = stats_of(tmp_path, settings_for, {"2026年调查": SMALL}, "[survey]\ndistributed = 10\n")
    # satisfied / valid per item, counted by hand from SMALL:
    by_hand = {"供电管理": (2, 3), "供水管理": (2, 2), "消防治安管理": (2, 2), "卫生管理": (2, 3),
               "绿化管理": (3, 3), "公共设施管理": (3, 3), "维修服务": (2, 3), "服务态度": (2, 2)}
    got = {s.item: (s.satisfied, s.valid) for s in stats.items}
    assert got == by_hand
    for s in stats.items:
        assert s.rate == float(Fraction(*by_hand[s.item]))
    assert (stats.satisfied, stats.valid) == (18, 21)
    assert stats.overall_rate == float(Fraction(18, 21))
    assert stats.returned == 3                        # Q3 has no valid answer
    assert stats.return_rate == float(Fraction(3, 10))
    assert stats.blank == 1 + 8                       # Q2 供水管理, all of Q3
    assert [(v.cell, v.item, v.text) for v in stats.invalid] == [("F4", "消防治安管理", "满"),
                                                                  ("K6", "服务态度", "良好")]
    assert stats.to_json()["invalid"] == 2


def test_grade_distribution_buildings_and_items_below_target(tmp_path, settings_for):
    stats = stats_of(tmp_path, settings_for, {"2026年调查": SMALL})
    power = stats.items[0]
    assert power.distribution == {S: 1, B: 1, U: 1}
    by_building = {b.building: (b.returned, b.satisfied, b.valid) for b in stats.buildings}
    # 1栋: Q1 (7 of 8) + Q2 (5 of 6); 2栋: Q4 (6 of 7), Q3 not returned
    assert by_building == {"1栋": (2, 12, 14), "2栋": (1, 6, 7)}
    assert [s.item for s in stats.below_target] == ["供电管理", "卫生管理", "维修服务"]   # 66.7% < 90%
    assert stats.return_rate is None                  # distributed = 0 by default


def test_a_five_level_scale_counts_only_its_own_grades(tmp_path, settings_for):
    rows = [form("A", "1-1-1", D, ["非常满意", "满意", "一般", "不满意", "非常不满意", "满意", "基本满意", "非常满意"]),
            form("B", "1-1-2", D, ["满意", "一般", "一般", "满意", "满意", "非常满意", "满意", None])]
    text = ("[survey]\ngrades = 非常满意, 满意, 一般, 不满意, 非常不满意\n"
            "satisfied_grades = 非常满意, 满意\ndistributed = 4\n")
    stats = stats_of(tmp_path, settings_for, {"2026年调查": rows}, text)
    rates = {s.item: (s.satisfied, s.valid) for s in stats.items}
    assert rates["供电管理"] == (2, 2) and rates["供水管理"] == (1, 2) and rates["消防治安管理"] == (0, 2)
    assert rates["维修服务"] == (1, 1)                  # 基本满意 is not a grade of this scale
    assert [v.text for v in stats.invalid] == ["基本满意"]
    # valid: 8 + 7 - 1 invalid = 14; satisfied: A 4 (非常满意×2, 满意×2), B 5
    assert (stats.satisfied, stats.valid) == (9, 14)
    assert stats.overall_rate == float(Fraction(9, 14))
    assert stats.items[2].distribution == {"非常满意": 0, "满意": 0, "一般": 2, "不满意": 0, "非常不满意": 0}


def test_scores_from_one_to_five_as_numbers_or_text(tmp_path, settings_for):
    rows = [form("A", "1-1-1", D, [5, 4.0, "3", "3分", 2, 1, 5, 6]),
            form("B", "1-1-2", D, [4, 4, 4, 5, "五", 3, 4, 4])]
    text = "[survey]\ngrades = 5, 4, 3, 2, 1\nsatisfied_grades = 5, 4\n"
    stats = stats_of(tmp_path, settings_for, {"2026年调查": rows}, text)
    assert sorted(v.text for v in stats.invalid) == ["6", "五"]
    # A valid 7 (6 invalid), satisfied 3 (5, 4, 5); B valid 7 (五 invalid), satisfied 6
    assert (stats.satisfied, stats.valid) == (9, 14)
    assert stats.items[0].distribution == {"5": 1, "4": 1, "3": 0, "2": 0, "1": 0}
    assert stats.items[3].distribution["3"] == 1      # "3分" read as 3


def test_an_empty_survey_has_no_rates(tmp_path, settings_for):
    stats = stats_of(tmp_path, settings_for, {"2026年调查": []}, "[survey]\ndistributed = 200\n")
    assert stats.empty and stats.returned == 0
    assert stats.overall_rate is None and stats.return_rate == 0
    assert stats.to_json()["item_rates"] == {item: None for item in ITEMS}
    assert stats.below_target == []


def test_the_year_of_a_form_without_a_date_comes_from_its_sheet_name(tmp_path, settings_for):
    sheets = {"2025年调查": [form("A", "1-1-1", dt.date(2025, 10, 1), [U] * 8)],
              "2026年调查": [form("B", "1-1-1", dt.date(2026, 10, 1), [S] * 8),
                           form("C", "1-1-2", None, [B] * 8)]}
    latest = stats_of(tmp_path, settings_for, sheets)
    assert (latest.year, latest.returned, latest.overall_rate) == (2026, 2, 1.0)
    older = stats_of(tmp_path, settings_for, sheets, year=2025)
    assert (older.year, older.returned, older.overall_rate) == (2025, 1, 0.0)
    assert latest.undated == 0


def test_on_a_sheet_without_a_year_an_undated_form_takes_the_year_most_forms_carry(tmp_path, settings_for):
    sheets = {"调查": [form("A", "1-1-1", dt.date(2025, 12, 30), [U] * 8),
                     form("B", "1-1-1", dt.date(2026, 1, 5), [S] * 8),
                     form("B2", "1-1-2", dt.date(2026, 1, 6), [S] * 8),
                     form("C", "1-1-3", None, [B] * 8)]}
    old = stats_of(tmp_path, settings_for, sheets, year=2025)
    assert (old.returned, old.satisfied) == (1, 0)          # A only: its date says 2025
    new = stats_of(tmp_path, settings_for, sheets, year=2026)
    assert (new.returned, new.satisfied) == (3, 24)         # B, B2 and the undated C


def test_a_form_whose_year_cannot_be_told_is_counted_and_reported(tmp_path, settings_for):
    stats = stats_of(tmp_path, settings_for, {"调查": [form("A", "1-1-1", None, [S] * 8)]}, year=2026)
    assert (stats.returned, stats.undated) == (1, 1)
