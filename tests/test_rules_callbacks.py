"""Callback rules of the daily check: callback.due, callback.unsatisfied, appointment.overdue, action.overdue."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from conftest import complaint, write_register
from kefu.read.callback_records import callback_context, read_callback_records
from kefu.read.register import read_register
from kefu.rules import callbacks as rule
from kefu.rules.context import RuleContext

D = dt.date
TODAY = D(2026, 3, 20)


def findings_for(tmp_path, settings_for, rows, *, text="", as_of=TODAY, sheet_rows=None):
    path = write_register(tmp_path / "r.xlsx", {"2026年": rows})
    if sheet_rows is not None:
        write_callback_sheet(tmp_path / "回访记录.xlsx", sheet_rows)
    settings = settings_for(text, register=path)
    if sheet_rows is not None:
        settings = settings.with_values(paths={"callback_records": tmp_path / "回访记录.xlsx"})
    register = read_register(settings)
    ctx = RuleContext.create(settings, as_of, **callback_context(settings))
    return rule.check(register, ctx)


def write_callback_sheet(path, rows):
    """A callback-records workbook as the list leaves it, with results typed in by staff."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回访记录"
    headers = ["清单日期", "类型", "编号", "业主姓名", "房号", "联系电话", "回访日期", "回访方式", "回访结果", "是否满意", "回访人"]
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def rules_of(findings, number=None):
    return [f.rule for f in findings if number is None or f.number == number]


def test_an_owner_completed_five_days_ago_and_not_called_back_is_flagged(tmp_path, settings_for):
    (f,) = findings_for(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15))])
    assert (f.rule, f.severity, f.number, f.row) == ("callback.due", "warning", "TS-2026-0001", 3)
    assert "2026-03-18" in f.message and "已超 2 天" in f.message


def test_a_callback_is_not_due_within_callback_days(tmp_path, settings_for):
    found = findings_for(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 17))])
    assert found == []


def test_callback_days_count_working_days_when_configured(tmp_path, settings_for):
    # completed Friday 2026-03-13; 3 working days -> Wednesday 03-18; on 03-18 nothing, on 03-19 flagged
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 13))]
    text = "[deadlines]\nday_count = workdays\n"
    assert findings_for(tmp_path, settings_for, rows, text=text, as_of=D(2026, 3, 18)) == []
    (f,) = findings_for(tmp_path, settings_for, rows, text=text, as_of=D(2026, 3, 19))
    assert f.rule == "callback.due" and "2026-03-18" in f.message


def test_an_owner_called_back_in_the_register_is_not_owed_a_callback(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15), 回访日期=D(2026, 3, 16),
                      回访结果="已修好", 是否满意="满意")]
    assert findings_for(tmp_path, settings_for, rows) == []


def test_an_owner_called_back_on_the_callback_sheet_is_not_owed_a_callback(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15))]
    sheet = [{"清单日期": D(2026, 3, 16), "编号": "TS－2026－0001", "回访日期": D(2026, 3, 16), "回访结果": "已修好",
              "是否满意": "满意"}]
    assert findings_for(tmp_path, settings_for, rows, sheet_rows=sheet) == []


def test_a_sheet_row_listed_but_left_empty_is_not_a_callback(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15))]
    sheet = [{"清单日期": D(2026, 3, 16), "编号": "TS-2026-0001", "回访方式": "电话"}]
    assert rules_of(findings_for(tmp_path, settings_for, rows, sheet_rows=sheet)) == ["callback.due"]


def test_an_unreachable_owner_is_still_owed_a_callback(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15), 回访日期=D(2026, 3, 16),
                      回访结果="电话未接通")]
    assert rules_of(findings_for(tmp_path, settings_for, rows)) == ["callback.due"]


def test_a_callback_before_a_later_completion_does_not_count(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 回访日期=D(2026, 3, 5), 回访结果="满意", 完成日期=D(2026, 3, 12))]
    assert rules_of(findings_for(tmp_path, settings_for, rows)) == ["callback.due"]


@pytest.mark.parametrize("result, satisfied", [
    ("", "否"), ("", "不满意"), ("仍漏水,业主不满意", ""), ("问题未解决", "满意"), ("不满意", ""), ("", "否。"),
])
def test_an_unsatisfied_callback_is_an_error(tmp_path, settings_for, result, satisfied):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13),
                      回访结果=result, 是否满意=satisfied, 责任部门="工程部")]
    (f,) = findings_for(tmp_path, settings_for, rows)
    assert (f.rule, f.severity) == ("callback.unsatisfied", "error")
    assert "工程部" in f.message and "2026-03-13" in f.message


@pytest.mark.parametrize("result, satisfied", [
    ("已修好", "满意"), ("已修好", "是"), ("基本满意", ""), ("否认漏水是物业造成的,但已修好", "满意"),
])
def test_satisfied_answers_are_not_read_as_unsatisfied(tmp_path, settings_for, result, satisfied):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13),
                      回访结果=result, 是否满意=satisfied)]
    assert findings_for(tmp_path, settings_for, rows) == []


def test_an_unsatisfied_owner_stays_flagged_until_handled_again(tmp_path, settings_for):
    base = dict(完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13), 回访结果="还是漏水", 是否满意="否")
    flagged = findings_for(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 10), **base)])
    assert rules_of(flagged) == ["callback.unsatisfied"]
    # sent back: status says it is being handled again
    reopened = findings_for(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 10), 状态="重新处理", **base)])
    assert reopened == []
    # handled again and completed after the callback: now a new callback is owed, no longer "unsatisfied"
    redone = findings_for(tmp_path, settings_for, [complaint("TS-2026-0001", D(2026, 3, 10),
                                                             **{**base, "完成日期": D(2026, 3, 15)})])
    assert rules_of(redone) == ["callback.due"]


def test_an_unsatisfied_result_typed_on_the_sheet_is_flagged_and_named(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 12))]
    sheet = [{"清单日期": D(2026, 3, 13), "编号": "TS-2026-0001", "回访日期": D(2026, 3, 13), "回访结果": "仍有异味",
              "是否满意": "不满意"}]
    (f,) = findings_for(tmp_path, settings_for, rows, sheet_rows=sheet)
    assert f.rule == "callback.unsatisfied" and "《回访记录》第 2 行" in f.message


def test_a_later_satisfied_callback_clears_an_unsatisfied_one(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13), 是否满意="否")]
    sheet = [{"清单日期": D(2026, 3, 18), "编号": "TS-2026-0001", "回访结果": "已解决", "是否满意": "满意"}]
    assert findings_for(tmp_path, settings_for, rows, sheet_rows=sheet) == []


def test_a_promised_reply_date_that_passed_is_flagged(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 预约答复日期=D(2026, 3, 17))]
    (f,) = findings_for(tmp_path, settings_for, rows)
    assert (f.rule, f.severity) == ("appointment.overdue", "warning")
    assert "2026-03-17" in f.message and "3 天" in f.message


def test_a_promise_kept_or_not_yet_due_is_not_flagged(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 预约答复日期=D(2026, 3, 17), 答复日期=D(2026, 3, 17)),
            complaint("TS-2026-0002", D(2026, 3, 10), 预约答复日期=D(2026, 3, 20))]
    assert findings_for(tmp_path, settings_for, rows) == []


def test_a_promise_made_at_a_callback_needs_a_reply_after_that_callback(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 答复日期=D(2026, 3, 2), 完成日期=D(2026, 3, 5),
                      回访日期=D(2026, 3, 6), 回访结果="业主问何时更换水管,需请示", 是否满意="满意",
                      预约答复日期=D(2026, 3, 10))]
    assert rules_of(findings_for(tmp_path, settings_for, rows)) == ["appointment.overdue"]


def test_corrective_action_past_its_planned_date_is_flagged(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 纠正措施="更换老化水管", 预定完成日期=D(2026, 3, 15), 责任部门="工程部"),
            complaint("TS-2026-0002", D(2026, 3, 1), 纠正措施="更换老化水管", 预定完成日期=D(2026, 3, 15),
                      完成日期=D(2026, 3, 14), 回访日期=D(2026, 3, 15), 是否满意="满意"),
            complaint("TS-2026-0003", D(2026, 3, 1), 纠正措施="加装挡板", 预定完成日期=D(2026, 3, 25))]
    (f,) = findings_for(tmp_path, settings_for, rows)
    assert (f.rule, f.number, f.severity) == ("action.overdue", "TS-2026-0001", "warning")
    assert "工程部" in f.message and "5 天" in f.message


def test_voided_complaints_are_never_flagged(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 5), 预约答复日期=D(2026, 3, 6),
                      预定完成日期=D(2026, 3, 7), 状态="作废"),
            complaint("TS-2026-0002", D(2026, 3, 1), 完成日期=D(2026, 3, 5), 回访日期=D(2026, 3, 6), 是否满意="否",
                      备注="作废:重复登记")]
    assert findings_for(tmp_path, settings_for, rows) == []


def test_messages_carry_no_phone_name_or_room(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 客户名称="王建国", 房号="3栋2单元501", 联系电话="13812345678",
                      完成日期=D(2026, 3, 5), 回访日期=D(2026, 3, 6), 回访结果="不满意,请回电13812345678"),
            complaint("TS-2026-0002", D(2026, 3, 1), 客户名称="王建国", 房号="3栋2单元501", 联系电话="13812345678",
                      完成日期=D(2026, 3, 5), 预约答复日期=D(2026, 3, 6), 预定完成日期=D(2026, 3, 7))]
    found = findings_for(tmp_path, settings_for, rows)
    assert sorted(rules_of(found)) == ["appointment.overdue", "callback.due", "callback.unsatisfied"]
    text = json.dumps([f.to_json() for f in found], ensure_ascii=False)
    assert "13812345678" not in text and "王建国" not in text and "501" not in text
    assert "138****5678" in text


def test_unsatisfied_words_come_from_config(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13), 回访结果="有意见")]
    assert findings_for(tmp_path, settings_for, rows) == []
    found = findings_for(tmp_path, settings_for, rows, text="[callbacks]\nunsatisfied_words = 有意见\n")
    assert rules_of(found) == ["callback.unsatisfied"]


def test_a_missing_callback_sheet_means_no_records(tmp_path, settings_for):
    settings = settings_for().with_values(paths={"callback_records": tmp_path / "none.xlsx"})
    assert callback_context(settings) == {"callback_records": {}}
    assert read_callback_records(settings) == {}


def test_passing_by_settled_complaints_finds_exactly_what_building_every_follow_up_finds(settings_for,
                                                                                         monkeypatch):
    """The rule skips the usual complaint without building its FollowUp (followup._settled): on every
    combination of completion, callback date, result, answer and status, a complaint judged settled
    must owe nothing and have no unsatisfied owner, and the findings must be those of the full build."""
    import itertools
    from pathlib import Path

    from kefu.core.records import Complaint
    from kefu.read.register import Register
    from kefu.rules import followup

    settings = settings_for("")
    ctx = RuleContext.create(settings, TODAY)
    days = (None, D(2026, 3, 1), D(2026, 3, 10), D(2026, 3, 18), D(2026, 3, 20), D(2026, 3, 25))
    combos = itertools.product(days, days, ("", "满意", "未接通", "不满意,还在漏"), ("", "满意", "否", "不满意"),
                               ("", "重新处理"), (None, D(2026, 3, 12)))
    complaints = [Complaint("2026年", row, number=f"TS-2026-{row:04d}", received_on=D(2026, 2, 27),
                            completed_on=done, callback_on=called, callback_result=result, satisfied=answer,
                            status=status, appointment_on=promised)
                  for row, (done, called, result, answer, status, promised) in enumerate(combos, start=3)]
    register = Register(Path("r.xlsx"), complaints, [], [])
    words = followup._Words(settings.callbacks)
    settled = [c for c in complaints if followup._settled(c, words, TODAY)]
    assert 0 < len(settled) < len(complaints)
    for c in settled:
        f = followup.follow_up(c, (), settings, ctx.calendar, TODAY)
        assert not f.owed and f.unsatisfied is None, c
    passed_by = rule.check(register, ctx)
    monkeypatch.setattr(rule, "follow_ups", lambda reg, c, **_kw: followup.follow_ups(reg, c))
    reference = rule.check(register, ctx)   # the same rule over a FollowUp for every complaint
    key = lambda f: (f.row, f.rule, f.message)   # noqa: E731
    assert sorted(passed_by, key=key) == sorted(reference, key=key)
    assert {f.rule for f in reference} >= {"callback.due", "callback.unsatisfied", "appointment.overdue"}
