"""The three-day reply rule and same-day verification, in calendar days and Chinese working days."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import HEADERS, complaint, write_register
from kefu.read.register import read_register
from kefu.rules import replies
from kefu.rules.context import RuleContext

D = dt.date
WORKDAYS = "[deadlines]\nday_count = workdays\n"


def check(tmp_path, settings_for, rows, as_of, text="", headers=HEADERS):
    path = write_register(tmp_path / "r.xlsx", {"2026年": rows}, headers=headers)
    settings = settings_for(text, register=path)
    ctx = RuleContext.create(settings, as_of)
    return replies.check(read_register(settings), ctx), ctx


def found(findings, rule=None):
    return [(f.rule, f.number, f.row) for f in findings if rule is None or f.rule == rule]


@pytest.mark.parametrize("as_of, expected", [
    (D(2026, 3, 3), []),
    (D(2026, 3, 4), ["reply.due_soon"]),     # deadline tomorrow
    (D(2026, 3, 5), ["reply.due_soon"]),     # deadline today
    (D(2026, 3, 6), ["reply.overdue"]),
])
def test_an_unanswered_complaint_becomes_due_soon_then_overdue(tmp_path, settings_for, as_of, expected):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部")], as_of)
    assert [f.rule for f in findings] == expected


def test_overdue_says_who_must_answer_and_how_long_the_owner_waited(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部")],
                        D(2026, 3, 9))
    (f,) = findings
    assert (f.rule, f.severity, f.number, f.sheet, f.row, f.column) == (
        "reply.overdue", "error", "TS-2026-0001", "2026年", 3, "O")
    assert "工程部" in f.message and "已等待 7 天" in f.message and "2026-03-05" in f.message


def test_a_major_complaint_is_called_out_for_the_manager_and_director(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2), 是否重大="是")], D(2026, 3, 9))
    assert "上报经理/办公室主任" in findings[0].message


def test_a_voided_complaint_is_never_overdue(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2), 状态="作废")], D(2026, 4, 1))
    assert findings == []


def test_an_answer_after_the_deadline_is_late_and_on_the_deadline_is_not(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2), 答复日期=D(2026, 3, 5)),
        complaint("TS-2026-0002", D(2026, 3, 2), 答复日期=D(2026, 3, 7))], D(2026, 4, 1))
    (f,) = findings
    assert (f.rule, f.row, f.severity) == ("reply.late", 4, "warning") and "晚了 2 天" in f.message


def test_dates_typed_as_text_are_counted(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", "2026/3/2", 答复日期="2026年3月9日"),
                                                 complaint("TS-2026-0002", "2026.3.2")], D(2026, 3, 9))
    assert found(findings) == [("reply.late", "TS-2026-0001", 3), ("reply.overdue", "TS-2026-0002", 4)]


def test_a_deadline_on_a_sunday_counts_in_calendar_days_and_moves_to_tuesday_in_workdays(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 5))]          # Thursday; +3 calendar days = Sunday 03-08
    calendar_days, _ = check(tmp_path, settings_for, rows, D(2026, 3, 9))
    assert found(calendar_days) == [("reply.overdue", "TS-2026-0001", 3)]
    workdays, _ = check(tmp_path, settings_for, rows, D(2026, 3, 9), text=WORKDAYS)   # Fri, Mon, Tue 03-10
    assert found(workdays) == [("reply.due_soon", "TS-2026-0001", 3)]
    assert "2026-03-10" in workdays[0].message


def test_national_day_answer_is_late_in_calendar_days_and_on_time_in_working_days(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 9, 30), 答复日期=D(2026, 10, 10))]
    calendar_days, _ = check(tmp_path, settings_for, rows, D(2026, 10, 12))
    assert found(calendar_days) == [("reply.late", "TS-2026-0001", 3)]
    # 10-01..10-07 holiday; 10-08, 10-09 and the make-up Saturday 10-10 are the three working days
    workdays, ctx = check(tmp_path, settings_for, rows, D(2026, 10, 12), text=WORKDAYS)
    assert workdays == [] and ctx.calendar.fallback_warning() is None


def test_a_2027_date_falls_back_with_a_warning_and_honours_listed_holidays(tmp_path, settings_for):
    rows = [complaint("TS-2027-0001", D(2027, 2, 1))]          # Monday
    plain, ctx = check(tmp_path, settings_for, rows, D(2027, 2, 5), text=WORKDAYS)
    assert found(plain) == [("reply.overdue", "TS-2027-0001", 3)]      # deadline Thu 02-04 by weekends only
    assert "2027" in ctx.calendar.fallback_warning()
    listed, _ = check(tmp_path, settings_for, rows, D(2027, 2, 5),
                      text=WORKDAYS + "extra_holidays = 2027-02-03, 2027-02-04\n")
    assert found(listed) == [("reply.due_soon", "TS-2027-0001", 3)]    # deadline now Mon 02-08 ... due within 1 workday


def test_days_waiting_are_working_days_in_workdays_mode(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2))], D(2026, 3, 9), text=WORKDAYS)
    assert "已等待 5 个工作日" in findings[0].message


def test_an_unreadable_reply_date_is_not_called_unanswered(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2), 答复日期="已答复")], D(2026, 4, 1))
    assert findings == []


def test_verification_later_than_the_day_received_is_a_warning(tmp_path, settings_for):
    findings, _ = check(tmp_path, settings_for, [
        complaint("TS-2026-0001", D(2026, 3, 2), 核实日期=D(2026, 3, 2), 答复日期=D(2026, 3, 3)),
        complaint("TS-2026-0002", D(2026, 3, 2), 核实日期=D(2026, 3, 4), 答复日期=D(2026, 3, 3))], D(2026, 4, 1))
    (f,) = findings
    assert (f.rule, f.row, f.severity, f.column) == ("verify.late", 4, "warning", "N") and "当天" in f.message


def test_without_verify_or_reply_columns_those_rules_stay_silent(tmp_path, settings_for):
    headers = [h for h in HEADERS if h not in ("核实日期", "答复日期")]
    findings, _ = check(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 2))], D(2026, 4, 1),
                        headers=headers)
    assert findings == []


def test_late_answers_and_verifications_older_than_the_window_are_left_to_the_analysis(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 9, 30), 核实日期=D(2026, 10, 2), 答复日期=D(2026, 10, 10))]
    # reply 10-10 and verification 10-02: both within the default 31 days of 10-31 -> reported
    near, _ = check(tmp_path, settings_for, rows, D(2026, 10, 31))
    assert sorted(f.rule for f in near) == ["reply.late", "verify.late"]
    # 11-03 is 32 days after the verification, 24 after the reply
    mid, _ = check(tmp_path, settings_for, rows, D(2026, 11, 3))
    assert [f.rule for f in mid] == ["reply.late"]
    # 11-11 is 32 days after the reply: history now
    old, _ = check(tmp_path, settings_for, rows, D(2026, 11, 11))
    assert old == []
    wide, _ = check(tmp_path, settings_for, rows, D(2026, 11, 11), text="[deadlines]\nlate_window_days = 60\n")
    assert sorted(f.rule for f in wide) == ["reply.late", "verify.late"]
