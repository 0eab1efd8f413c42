"""Numbering rules on hand-built registers: spellings, voided numbers, twins, gaps, mismatches, vanished."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import complaint, write_register
from kefu.ledger.seen_numbers import Seen
from kefu.read.register import read_register
from kefu.rules import numbering
from kefu.rules.context import RuleContext

D = dt.date


def check(tmp_path, settings_for, sheets, text="", seen=None):
    if isinstance(sheets, list):
        sheets = {"2026年": sheets}
    path = write_register(tmp_path / "r.xlsx", sheets)
    settings = settings_for(text, register=path)
    ctx = RuleContext.create(settings, D(2026, 6, 1), seen_numbers=seen or {})
    return numbering.check(read_register(settings), ctx)


def rules(findings, rule):
    return [(f.number, f.row) for f in findings if f.rule == rule]


def test_full_width_blank_and_unpadded_spellings_are_the_same_numbers(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2)),
        complaint("TS－2026－0002", D(2026, 3, 2), 通知单编号="TS-2026-0002", 原件编号="TS-2026-0002"),
        complaint("TS-2026-0003 ", D(2026, 3, 3)),
        complaint("TS-2026-4", D(2026, 3, 3), 通知单编号="TS-2026-0004", 原件编号="TS-2026-0004"),
        complaint("TS-2026- 0005", D(2026, 3, 4), 通知单编号="TS-2026-0005", 原件编号="TS-2026-0005"),
    ])
    assert rules(found, "number.gap") == [] and rules(found, "number.duplicate") == []
    assert rules(found, "number.notice_mismatch") == [] and rules(found, "number.original_mismatch") == []
    formats = {f.row: f for f in found if f.rule == "number.format"}
    assert sorted(formats) == [4, 6, 7]           # the trailing blank (row 5) is no problem at all
    assert all(f.severity == "warning" for f in formats.values())
    assert formats[4].number == "TS-2026-0002" and "全角" in formats[4].message
    assert "TS-2026-0004" in formats[6].message   # the unpadded one is told its proper spelling


def test_an_unpadded_number_fills_its_place_and_collides_with_its_padded_twin(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0134", D(2026, 5, 1)), complaint("TS-2026-135", D(2026, 5, 2)),
        complaint("TS-2026-0136", D(2026, 5, 3)), complaint("TS-2026-0135", D(2026, 5, 4))])
    assert rules(found, "number.gap") == []
    assert sorted(r for _n, r in rules(found, "number.duplicate")) == [4, 6]


def test_a_number_that_does_not_fit_the_pattern_is_an_error_and_makes_no_gap(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2)),
                                           complaint("投诉12号", D(2026, 3, 2))])
    (f,) = [f for f in found if f.rule == "number.format"]
    assert (f.severity, f.row, f.column) == ("error", 4, "B") and "TS-2026-0001" in f.message
    assert rules(found, "number.gap") == []


def test_a_voided_number_is_consumed_and_not_checked_for_mismatches(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2)),
        complaint("TS-2026-0002", D(2026, 3, 2), 状态="作废", 通知单编号="TS-2026-0099"),
        complaint("TS-2026-0003", D(2026, 3, 3))])
    assert found == []


def test_a_duplicate_gives_one_finding_per_row_naming_the_other(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2)), complaint("TS-2026-0002", D(2026, 3, 2)),
        complaint("TS-2026-0002", D(2026, 3, 3))])
    dups = [f for f in found if f.rule == "number.duplicate"]
    assert [(f.number, f.row, f.severity) for f in dups] == [("TS-2026-0002", 4, "error"), ("TS-2026-0002", 5, "error")]
    assert "第 5 行" in dups[0].message and "第 4 行" in dups[1].message


def test_gaps_are_sought_per_year_between_first_and_last_and_carry_the_missing_number(tmp_path, settings_for):
    found = check(tmp_path, settings_for, {
        "2025年": [complaint("TS-2025-0001", D(2025, 1, 2)), complaint("TS-2025-0003", D(2025, 1, 3))],
        "2026年": [complaint("TS-2026-0002", D(2026, 1, 2)), complaint("TS-2026-0005", D(2026, 1, 5))]})
    gaps = [f for f in found if f.rule == "number.gap"]
    assert [(f.number, f.sheet, f.row) for f in gaps] == [
        ("TS-2025-0002", None, None), ("TS-2026-0003", None, None), ("TS-2026-0004", None, None)]
    assert "TS-2026-0002 至 TS-2026-0005" in gaps[1].message   # never before the first or after the last


def test_a_sequence_that_never_restarts_runs_across_years(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2025-0001", D(2025, 12, 30)), complaint("TS-2025-0002", D(2025, 12, 31)),
        complaint("TS-2026-0004", D(2026, 1, 2))], text="[numbering]\nsequence_reset = never\n")
    assert rules(found, "number.gap") == [("TS-2025-0003", None)]


def test_a_long_run_of_missing_numbers_is_reported_once_as_a_likely_typo(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2)),
                                           complaint("TS-2026-0900", D(2026, 3, 3))])
    (gap,) = [f for f in found if f.rule == "number.gap"]
    assert gap.number == "TS-2026-0002" and "898 个编号" in gap.message and "TS-2026-0900" in gap.message


def test_notice_and_original_numbers_must_equal_the_register_number(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2), 通知单编号="TS-2026-0011"),
        complaint("TS-2026-0002", D(2026, 3, 2), 原件编号="YJ-0002"),
        complaint("TS-2026-0003", D(2026, 3, 3), 通知单编号="TS－2026－3", 原件编号=""),
        complaint("TS-2026-0004", D(2026, 3, 3), 通知单编号="", 原件编号="")])
    (notice,) = [f for f in found if f.rule == "number.notice_mismatch"]
    (original,) = [f for f in found if f.rule == "number.original_mismatch"]
    assert (notice.row, notice.column, notice.severity) == (3, "L", "error") and "TS-2026-0011" in notice.message
    assert (original.row, original.column) == (4, "H") and "YJ-0002" in original.message


def test_a_number_whose_year_differs_from_the_received_year(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [complaint("TS-2025-0001", D(2026, 1, 3)),
                                           complaint("TS-2026-0001", "2026/1/4")])
    assert rules(found, "number.year_mismatch") == [("TS-2025-0001", 3)]


def test_a_row_with_content_but_no_number_is_missing_its_number(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2)),
                                           complaint("", D(2026, 3, 2), 原件编号="", 通知单编号="")])
    (f,) = found
    assert (f.rule, f.number, f.row, f.severity) == ("number.missing", None, 4, "error")


def test_a_custom_pattern_from_config_is_used(tmp_path, settings_for):
    found = check(tmp_path, settings_for, [complaint("KF2026001", D(2026, 3, 2)), complaint("KF2026003", D(2026, 3, 2)),
                                           complaint("TS-2026-0002", D(2026, 3, 2))],
                  text="[numbering]\npattern = KF{year}{seq:03d}\n")
    assert rules(found, "number.gap") == [("KF2026002", None)]
    assert rules(found, "number.format") == [("TS-2026-0002", 5)]


def test_a_number_seen_before_and_gone_now_has_vanished_but_voided_and_respelled_ones_have_not(tmp_path, settings_for):
    seen = {"TS-2026-0001": Seen("2026年", 3, "2026-05-30"), "TS-2026-0002": Seen("2026年", 4, "2026-05-30"),
            "TS-2026-0003": Seen("2026年", 5, "2026-05-30"), "TS-2026-0004": Seen("2026年", 6, "2026-05-30")}
    found = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2)), complaint("TS-2026-0003", D(2026, 3, 3), 状态="作废"),
        complaint("TS-2026-4", D(2026, 3, 3), 通知单编号="TS-2026-0004", 原件编号="TS-2026-0004")], seen=seen)
    (f,) = [f for f in found if f.rule == "number.vanished"]
    assert (f.number, f.row, f.severity) == ("TS-2026-0002", None, "error")
    assert "第 4 行" in f.message and "作废" in f.message


@pytest.mark.parametrize("pattern, typed, canonical", [
    ("TS-{year}-{seq:04d}", "TS-2026-0135", "TS-2026-0135"),
    ("TS-{year}-{seq:04d}", "TS-2026-135", "TS-2026-0135"),
    ("TS-{year}-{seq:04d}", "TS-2026-00135", "TS-2026-0135"),
    ("TS-{year}-{seq:04d}", "TS-2026-12345", "TS-2026-12345"),
    ("ts-{year}-{seq:04d}", "TS-2026-0135", "ts-2026-0135"),      # the pattern's own spelling wins
    ("投诉{year}第{seq:03d}号", "投诉2026第7号", "投诉2026第007号"),
    ("KS{seq}", "KS012", "KS12"),
])
def test_a_number_is_written_back_as_the_pattern_writes_it(pattern, typed, canonical):
    from kefu.core.number_pattern import CANONICAL, NumberPattern
    assert NumberPattern(pattern).parse(typed)[CANONICAL] == canonical
    assert NumberPattern(pattern).canonical(typed) == canonical
