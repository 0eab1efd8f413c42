"""The survey job: report, workbook and bulletin from a survey workbook, as the director and committee get them."""
from __future__ import annotations

import datetime as dt
import json
import re
import warnings
import zipfile

import openpyxl
import pytest
from docx import Document

from conftest import complaint, docx_text, run_cli, run_script, sha256, write_config, write_register
from kefu.core.settings import load_settings
from kefu.read.survey import read_survey
from kefu.outputs.survey.charts import grade_chart, rate_chart
from kefu.outputs.survey.form import make_blank_form
from kefu.jobs.survey_report import make_survey_report
from kefu.rules.survey_stats import survey_stats
from survey_books import HEADERS, ITEMS

S, B, U = "满意", "基本满意", "不满意"
AS_OF = dt.date(2026, 12, 1)
PRIVATE_HEADERS = ["问卷编号", "楼栋房号", "业主姓名", "联系电话", "调查日期", *ITEMS, "意见建议"]
OWNERS = [("Q001", "5栋1单元502", "王建国", "13812345678",
           "我是王建国,电话13812345678,5栋1单元502漏水一直没修好"),
          ("Q002", "3-2-1101", "欧阳娜娜", "0755-83216789", "电梯经常坏,请联系欧阳娜娜 0755-83216789"),
          ("Q003", "2栋1单元301", "李秀英", "13900001111", "=HYPERLINK(\"http://x\",\"垃圾清运不及时\")"),
          ("Q004", "1栋2单元1202", "张伟", "13700002222", "保安巡逻少,陌生人进出 & 门禁<坏了>"),
          ("Q005", "6栋1单元101", "赵磊", "13600003333", "电梯维修太慢,1202室的业主也反映过")]


def private_survey(path, *, rectify=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年调查"
    ws.append(["2026年度业主意见调查统计表"])
    ws.append(PRIVATE_HEADERS)
    grades = [[S] * 8, [S, B, S, S, S, U, U, S], [B] * 8, [S, S, U, S, S, U, S, "满"], [S, S, S, S, B, U, U, S]]
    for (number, unit, name, phone, comment), answers in zip(OWNERS, grades):
        ws.append([number, unit, name, phone, dt.date(2026, 10, 8), *answers, comment])
    if rectify:
        r = wb.create_sheet("整改跟踪")
        r.append(["项目", "存在问题", "责任部门", "整改期限", "状态", "完成日期"])
        r.append(["公共设施管理", "5栋1单元502王建国反映电梯故障", "工程部", dt.date(2026, 11, 20), "整改中", None])
        r.append(["卫生管理", "=1+1 垃圾清运", "环境部", dt.date(2026, 11, 1), "已完成", dt.date(2026, 10, 28)])
    for sheet in wb:   # typed with a leading ' in Excel: text that looks like a formula
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(path)
    return path


@pytest.fixture
def office(tmp_path):
    survey = private_survey(tmp_path / "业主意见调查表.xlsx")
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [
        complaint("TS-2026-0001", dt.date(2026, 3, 1), 客户名称="孙丽华", 房号="8栋3单元702", 联系电话="15012345678"),
        complaint("TS-2026-0002", dt.date(2026, 3, 2))]})
    config = write_config(tmp_path, "[survey]\ndistributed = 8\n", register=register, survey=survey)
    return load_settings(config), survey, register


def test_the_bulletin_holds_no_name_phone_or_room_from_the_survey_or_the_register(office):
    settings, survey_path, register_path = office
    run = make_survey_report(settings, AS_OF)
    text = docx_text(run.bulletin)
    assert "总满意率" in text and "整改" in text          # the scan reads the real content
    private = set()
    for _number, unit, name, phone, _comment in OWNERS:
        private |= {unit, name, phone, re.sub(r"\D", "", phone)}
    private |= {"孙丽华", "8栋3单元702", "15012345678", "王建国", "3栋2单元501", "13812345678"}   # the register's
    private |= {"1单元502", "1202室", "1101"}
    leaked = sorted(p for p in private if p in text or p in re.sub(r"\s", "", text))
    assert leaked == []


def test_report_workbook_and_json_tell_the_same_figures(office, tmp_path):
    settings, survey_path, _ = office
    run = make_survey_report(settings, AS_OF, json_path=tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["returned"] == 5 and data["distributed"] == 8 and data["return_rate"] == 5 / 8
    assert data["invalid"] == 1 and data["below_target"] == ["公共设施管理", "维修服务", "消防治安管理"]
    assert set(data["item_rates"]) == set(ITEMS)
    wb = openpyxl.load_workbook(run.workbook)
    overview = {row[0]: row[1] for row in wb["总体情况"].iter_rows(min_row=4, values_only=True)}
    assert overview["总满意率"] == data["overall_rate"] and overview["回收率"] == data["return_rate"]
    items = {row[0]: row[3] for row in wb["分项满意率"].iter_rows(min_row=2, values_only=True)}
    assert items == data["item_rates"]
    with zipfile.ZipFile(run.workbook) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 3


def test_text_from_the_survey_is_stored_as_text_never_as_a_formula(office):
    settings, _, _ = office
    run = make_survey_report(settings, AS_OF)
    wb = openpyxl.load_workbook(run.workbook)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.value.startswith("=1+1") for c in cells)


def test_the_report_names_weak_items_opinions_rectifications_and_invalid_cells(office):
    settings, _, _ = office
    run = make_survey_report(settings, AS_OF)
    text = docx_text(run.report)
    assert "{{" not in text and "{%" not in text
    assert "公共设施管理(40.0%)" in text                 # 2 of 5 satisfied
    assert "门禁<坏了>" in text and "&" in text            # escaped, not cut off
    assert "已逾期" in text and "已完成" in text and "待落实" in text
    assert "M6" in text and "满" in text                   # the unreadable answer and its cell
    assert "13812345678" not in text                        # examples are masked in the report too
    doc = Document(run.report)
    assert len(doc.inline_shapes) == 2                      # the two charts


def test_the_survey_and_register_are_unchanged_by_the_job(office):
    settings, survey_path, register_path = office
    before = sha256(survey_path), sha256(register_path)
    make_survey_report(settings, AS_OF)
    assert (sha256(survey_path), sha256(register_path)) == before


def test_charts_have_every_chinese_glyph(office, tmp_path):
    settings, _, _ = office
    stats, _ = survey_stats(read_survey(settings), settings)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing")
        rate_chart(stats, tmp_path / "r.png")
        grade_chart(stats, tmp_path / "g.png")
    assert (tmp_path / "r.png").stat().st_size > 10_000


def test_an_empty_survey_says_so_and_exits_zero(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "2026年调查"
    wb.active.append(HEADERS)
    survey = tmp_path / "empty.xlsx"
    wb.save(survey)
    config = write_config(tmp_path, "[survey]\ndistributed = 100\n", survey=survey)
    done = run_cli("survey_report", "--config", config, "--as-of", "2026-12-01", "--json", tmp_path / "e.json")
    assert done.returncode == 0, done.stderr
    assert "没有有效的调查结果" in done.stdout
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert (data["returned"], data["overall_rate"], data["return_rate"]) == (0, None, 0)
    report = next((tmp_path / "output" / "满意度调查").glob("*报告.docx"))
    assert "还没有收回的有效调查表" in docx_text(report)
    assert not list((tmp_path / "output" / "满意度调查").glob("*通报.docx"))


def test_a_missing_survey_is_one_chinese_line_and_exit_1(tmp_path):
    config = write_config(tmp_path, survey=tmp_path / "无此文件.xlsx")
    done = run_cli("survey_report", "--config", config)
    assert done.returncode == 1
    assert "无此文件.xlsx" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "output" / "满意度调查").exists() or not any((tmp_path / "output" / "满意度调查").iterdir())


def test_the_blank_form_has_the_eight_items_and_a_box_for_each_grade(tmp_path, settings_for):
    settings = settings_for("[survey]\ngrades = 5, 4, 3, 2, 1\nsatisfied_grades = 5, 4\n")
    path = make_blank_form(settings)
    table = Document(path).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "调查项目", "5分", "4分", "3分", "2分", "1分"]
    assert [r.cells[1].text for r in table.rows[1:]] == ITEMS
    assert all(c.text == "□" for r in table.rows[1:] for c in r.cells[2:])
    assert "意见和建议" in docx_text(path)


def test_blank_form_from_the_command_line_uses_the_configured_grades(tmp_path):
    config = write_config(tmp_path)
    done = run_cli("survey_report", "--config", config, "--blank-form")
    assert done.returncode == 0, done.stderr
    path = tmp_path / "output" / "满意度调查" / "业主意见调查表(空白).docx"
    assert [c.text for c in Document(path).tables[0].rows[0].cells][2:] == ["满意", "基本满意", "不满意"]


def test_the_script_prints_the_figures_and_no_library_chatter(office):
    settings, _, _ = office
    # a real process: a library's log handler is bound to the stderr of the process that imported it
    done = run_script("survey_report", "--config", settings.source, "--as-of", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert "回收 5 份,回收率 62.5%" in done.stdout and "公共设施管理(40.0%)" in done.stdout
    assert done.stderr == ""
