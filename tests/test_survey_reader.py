"""The survey reader: one record per returned form, grades as written."""
from __future__ import annotations

import datetime as dt

import openpyxl

from conftest import sha256
from kefu.read.survey import read_survey

ITEMS = ["供电管理", "供水管理", "消防治安管理", "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度"]


def write_survey(path, rows, headers=None, title=True):
    headers = headers or ["问卷编号", "楼栋房号", "调查日期", *ITEMS, "意见建议"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年调查"
    if title:
        ws["A1"] = "2026年度业主意见调查统计表"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.create_sheet("整改跟踪").append(["项目", "存在问题", "责任部门", "整改期限", "状态", "完成日期"])
    wb.save(path)
    return path


def test_each_returned_form_is_one_response_with_its_eight_answers(tmp_path, settings_for):
    path = write_survey(tmp_path / "s.xlsx", [
        ["Q001", "1栋101", dt.date(2026, 10, 8), "满意", "基本满意", "满意", "不满意", "满意", "满意", "满意", "满意",
         "电梯经常坏"],
        ["Q002", "1栋102", "2026/10/9", "满意", None, "满", "满意", "满意", "满意", "满意", "满意", None],
        [None] * 12,
    ])
    survey = read_survey(settings_for(survey=path))
    assert survey.items == tuple(ITEMS)
    first, second = survey.responses
    assert (first.form_number, first.unit, first.surveyed_on, first.row) == ("Q001", "1栋101", dt.date(2026, 10, 8), 3)
    assert first.answers["卫生管理"] == "不满意" and first.comments == "电梯经常坏"
    assert second.answers["供水管理"] == "" and second.answers["消防治安管理"] == "满"
    assert second.surveyed_on == dt.date(2026, 10, 9)
    assert [s.name for s in survey.skipped] == ["整改跟踪"]


def test_short_item_headers_and_score_scales(tmp_path, settings_for):
    headers = ["编号", "房号", "供电", "供水", "消防", "卫生", "绿化", "公共设施", "维修", "态度"]
    path = write_survey(tmp_path / "s.xlsx", [["A1", "2-301", 5, 4, 3, 5, 5, 2, 1, 5.0]], headers=headers)
    (r,) = read_survey(settings_for(survey=path)).responses
    assert r.answers == dict(zip(ITEMS, ["5", "4", "3", "5", "5", "2", "1", "5"]))


def test_reading_the_survey_leaves_it_unchanged(tmp_path, settings_for):
    path = write_survey(tmp_path / "s.xlsx", [["Q1", "1-1", None, *["满意"] * 8, None]])
    before = sha256(path)
    read_survey(settings_for(survey=path))
    assert sha256(path) == before
