"""The director's reminder (今日提醒_日期.docx) is built from the day's runs, in whatever process they ran.

Each sequence runs the real jobs through ``run_once`` and fresh schedulers (a new process has nothing in
memory: all it knows comes from the ledger) and reads the reminder back from the .docx.
"""
from __future__ import annotations

import datetime as dt

import docx
import pytest

from conftest import complaint, sha256, write_config, write_register
from kefu.core.settings import load_settings
from kefu.jobs.runner import make_scheduler, run_once

T = dt.datetime
MONDAY = dt.date(2026, 11, 23)


def reminder_text(settings, day=MONDAY) -> str:
    path = settings.paths.output / f"今日提醒_{day.isoformat()}.docx"
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line in (
        "注意", "超期未答复", "运行失败", "已解决的运行失败", "其他提醒", "应回访未回访")]


@pytest.fixture
def office(tmp_path):
    register = write_register(tmp_path / "客户投诉登记表.xlsx", {"2026年": [
        complaint("TS-2026-0001", dt.date(2026, 11, 16), 责任部门="工程部"),          # reply overdue
        complaint("TS-2026-0002", dt.date(2026, 11, 20), 责任部门="保洁部", 答复日期=dt.date(2026, 11, 21)),
    ]})
    config = write_config(tmp_path, "[schedule]\njobs = daily_check, notices\ndaily_check_at = 08:30\n",
                          register=register)
    return load_settings(config), register


def test_a_scheduler_started_after_the_check_keeps_the_checks_sections_when_notices_run(office):
    settings, register = office
    before = sha256(register)
    assert run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 8, 30)).ok
    assert "TS-2026-0001" in reminder_text(settings)
    later = make_scheduler(settings, clock=lambda: T(2026, 11, 23, 9, 0))   # a restart: a new scheduler
    outcomes = later.tick()
    assert [(o.job, o.ok) for o in outcomes] == [("notices", True)]         # the check is not run again
    text = reminder_text(settings)
    assert "超期未答复" in text and "TS-2026-0001" in text
    assert "没有完成" not in text and "还没有运行" not in text and "运行失败" not in text
    assert sha256(register) == before


def test_a_failed_check_rerun_successfully_is_shown_as_resolved_with_the_time_of_the_fix(office, tmp_path):
    settings, register = office
    good = register.read_bytes()
    register.write_text("not a workbook", encoding="utf-8")
    failed = run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 8, 30))
    assert not failed.ok
    text = reminder_text(settings)
    assert headings(text)[:2] == ["注意", "运行失败"]       # the 注意 points at a section that is there
    assert "请查看“运行失败”" in text and "每日检查运行失败" in text
    register.write_bytes(good)
    assert run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 9, 12)).ok
    text = reminder_text(settings)
    assert "运行失败" not in headings(text) and "注意" not in headings(text)
    assert headings(text) == ["超期未答复", "已解决的运行失败"]
    (fixed,) = [line for line in text.splitlines() if "重新运行成功" in line]
    assert fixed.startswith("08:30 每日检查运行失败:") and fixed.endswith("09:12 重新运行成功,已解决。")


def test_a_failure_after_the_last_success_stands(office):
    settings, register = office
    assert run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 8, 30)).ok
    register.write_text("not a workbook", encoding="utf-8")
    assert not run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 10, 0)).ok
    text = reminder_text(settings)
    assert headings(text) == ["超期未答复", "运行失败"] and "TS-2026-0001" in text   # the 08:30 result stays


def test_notices_before_the_checks_hour_say_the_check_has_not_run_yet(office):
    settings, _register = office
    outcome = run_once(settings, "notices", clock=lambda: T(2026, 11, 23, 8, 0))
    assert outcome.ok, outcome.summary
    text = reminder_text(settings)
    assert "今天的每日检查还没有运行" in text and "运行失败" not in text


def test_the_checks_part_kept_in_the_ledger_holds_no_phone_number(office, tmp_path):
    settings, register = office
    write_register(register, {"2026年": [complaint("TS-2026-0001", dt.date(2026, 11, 16), 责任部门="工程部",
                                                   是否重大="是", 投诉内容摘要="业主13812345678要求回电")]})
    assert run_once(settings, "daily_check", clock=lambda: T(2026, 11, 23, 8, 30)).ok
    ledger = b"".join(p.read_bytes() for p in settings.paths.data.glob("ledger.sqlite3*"))   # with its WAL
    assert "TS-2026-0001".encode() in ledger and "13812345678".encode() not in ledger
    assert "138****5678" in reminder_text(settings)


def test_the_survey_reminder_looks_at_the_workbook_first_and_shows_no_command(tmp_path, settings_for):
    import datetime as dt

    from kefu.jobs.registry import _survey_reminder
    from survey_books import form, write_survey

    path = write_survey(tmp_path / "survey.xlsx",
                        {"2026年调查": [form("Q1", "1-1-101", dt.date(2026, 10, 8), ["满意"] * 8)]})
    settings = settings_for(survey=path)
    held = _survey_reminder(settings, dt.datetime(2026, 10, 15, 8, 30))
    assert held.notes == [] and "已有 2026 年的调查表 1 份" in held.summary
    due = _survey_reminder(settings, dt.datetime(2027, 10, 15, 8, 30))
    (note,) = due.notes
    assert "2027 年的调查表" in note and "python" not in note and "scripts" not in note


def test_a_line_that_would_leave_a_few_characters_alone_on_its_last_line_is_set_smaller():
    from kefu.outputs.reminder import fitting_size

    orphan = "投诉 TS-2026-0190 已于 2026-11-01 处理完成,应在 2026-11-04 前回访业主,至今未回访(已超 31 天)。"
    assert 8.5 <= fitting_size(orphan) < 10
    assert fitting_size("投诉 TS-2026-0179 的纠正措施预定 2026-11-07 完成,已过 28 天仍未填写完成日期。") is None
    assert fitting_size("很长的一行" * 30) is None        # a long text wraps anyway: its size stays
