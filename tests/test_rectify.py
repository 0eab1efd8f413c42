"""The 整改跟踪 sheet: rectifications past their deadline and not done are reported as rectify.overdue."""
from __future__ import annotations

import datetime as dt

from conftest import sha256
from kefu.read.rectify_sheet import read_rectifications
from kefu.rules.rectify import rectify_findings
from survey_books import form, write_survey

AS_OF = dt.date(2026, 12, 1)
FORMS = {"2026年调查": [form("Q1", "1-1-101", dt.date(2026, 10, 8), ["满意"] * 8)]}


def findings_for(tmp_path, settings_for, rectify):
    path = write_survey(tmp_path / "survey.xlsx", FORMS, rectify=rectify)
    return rectify_findings(read_rectifications(settings_for(survey=path)), AS_OF), path


def test_a_rectification_past_its_deadline_and_not_done_is_overdue(tmp_path, settings_for):
    rows = [["公共设施管理", "3栋电梯故障频繁", "工程部", dt.date(2026, 11, 20), "整改中", None],
            ["卫生管理", "垃圾清运不及时", "环境部", dt.date(2026, 10, 31), "已完成", None],
            ["绿化管理", "草坪修剪不及时", "环境部", dt.date(2026, 11, 1), "", dt.date(2026, 11, 3)],
            ["维修服务", "报修上门慢", "工程部", dt.date(2026, 12, 1), "整改中", None],
            ["服务态度", "前台推诿", "客服中心", "2026/11/30", "未完成", None]]
    findings, _ = findings_for(tmp_path, settings_for, rows)
    overdue = [f for f in findings if f.rule == "rectify.overdue"]
    assert [(f.sheet, f.row, f.severity) for f in overdue] == [("整改跟踪", 2, "warning"), ("整改跟踪", 6, "warning")]
    assert "公共设施管理" in overdue[0].message and "已过 11 天" in overdue[0].message
    assert overdue[0].column == "D"
    assert len(findings) == 2      # done by status, done by date, due today: nothing to say


def test_an_unreadable_deadline_is_named_with_its_cell(tmp_path, settings_for):
    findings, _ = findings_for(tmp_path, settings_for, [["供水管理", "水压低", "工程部", "年底前", "", None]])
    (f,) = findings
    assert (f.rule, f.row) == ("date.unreadable", 2) and "D2" in f.message and "年底前" in f.message


def test_a_survey_without_a_rectify_sheet_gives_one_info_and_no_overdue(tmp_path, settings_for):
    findings, _ = findings_for(tmp_path, settings_for, None)
    assert [(f.rule, f.severity) for f in findings] == [("rectify.overdue", "info")]
    assert "整改跟踪" in findings[0].message


def test_an_office_without_a_survey_workbook_gets_no_rectify_findings(tmp_path, settings_for):
    from conftest import complaint, write_register
    from kefu.jobs.daily_check import run_daily_check
    register = write_register(tmp_path / "register.xlsx", {"2026": [complaint("TS-2026-0001", dt.date(2026, 11, 30))]})
    settings = settings_for(register=register, survey=tmp_path / "nowhere.xlsx")
    assert not [f for f in run_daily_check(settings, AS_OF).findings if f.rule == "rectify.overdue"]
    assert rectify_findings(None, AS_OF) == []


def test_reading_the_rectify_sheet_leaves_the_survey_unchanged(tmp_path, settings_for):
    path = write_survey(tmp_path / "survey.xlsx", FORMS,
                        rectify=[["卫生管理", "垃圾", "环境部", dt.date(2026, 1, 1), "整改中", None]])
    before = sha256(path)
    sheet = read_rectifications(settings_for(survey=path))
    assert [(r.item, r.state(AS_OF)) for r in sheet.items] == [("卫生管理", "已逾期")]
    assert sha256(path) == before


def test_every_output_shows_the_state_the_sheet_gives_unless_done_or_overdue(tmp_path, settings_for):
    rows = [["消防治安管理", "门禁刷卡失灵", "保安部", dt.date(2026, 12, 15), "未开始", None],
            ["维修服务", "报修上门慢", "工程部", dt.date(2026, 12, 31), "进行中", None],
            ["公共设施管理", "车库照明不足", "工程部", dt.date(2026, 11, 15), "进行中", None],
            ["卫生管理", "垃圾清运", "保洁部", dt.date(2026, 11, 30), "", dt.date(2026, 11, 20)],
            ["绿化管理", "修剪", "绿化组", dt.date(2026, 12, 30), "", None]]
    path = write_survey(tmp_path / "survey.xlsx", FORMS, rectify=rows)
    sheet = read_rectifications(settings_for(survey=path))
    assert [r.shown_state(AS_OF) for r in sheet.items] == ["未开始", "进行中", "已逾期(进行中)", "已完成", "整改中"]
