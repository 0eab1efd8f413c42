"""Formula-looking and XML-special texts from the workbooks come out of EVERY output as the same text.

Texts starting with =, +, - or @ stay text in every generated workbook (cell.data_type "s", value
unchanged); <, &, quotes and an emoji come out of every Word file exactly; a control character such as
\\x07 (illegal in XML) never crashes a job: it is dropped from that text, the rest kept.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.filterwarnings("error:Glyph")   # a chart label the fonts cannot draw is a failure

from conftest import complaint, docx_text, sha256, write_config, write_register
from kefu.core.settings import load_settings

AS_OF = dt.date(2026, 3, 20)
# ␇ and ␛ stand for BEL and ESC: openpyxl refuses control characters, so the test files carry them as
# Excel stores them (_x0007_, _x001B_), put in by control_chars() after saving; calamine decodes them.
TEXTS = ['=HYPERLINK("http://x")', "+86 138 0013 8000 来电", "-1", "@SUM(A1)", "=1+1 垃圾<未清>",
         "A & B <b>粗</b>", "他说\"漏水\"又说'没修'", "响铃\u2407字符\u241b", "楼道灯坏了😀"]
CLEAN = [t.replace("\u2407", "").replace("\u241b", "") for t in TEXTS]
# Outputs leaving the desk mask phone-like digits ([privacy] mask = yes): the +86 text comes out masked.
MASKED = [t.replace("138 0013 8000", "138****8000") for t in CLEAN]


def as_typed_in_excel(path: Path) -> Path:
    """Mark formula-looking texts as text (a leading ' in Excel) and put in the control characters."""
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    cell.data_type = "s"
    wb.save(path)
    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            body = z.read(info)
            if info.filename.endswith(".xml"):
                body = body.replace(b"&#9223;", b"_x0007_").replace(b"&#9243;", b"_x001B_")
            data[info.filename] = body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in data.items():
            z.writestr(name, body)
    return path


def sheet_cells(path: Path) -> list:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def assert_texts_in_workbook(path: Path, texts: list[str]) -> None:
    cells = sheet_cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"], f"formula cells in {path.name}"
    values = {c.value for c in cells if c.data_type == "s"}
    missing = [t for t in texts if t not in values]
    assert missing == [], f"{path.name} lacks {missing}"
    assert not any(isinstance(v, str) and "\x07" in v for v in values)


def assert_texts_in_docx(path: Path, texts: list[str]) -> None:
    text = docx_text(path)
    missing = [t for t in texts if t not in text]
    assert missing == [], f"{path.name} lacks {missing}"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from survey_books import form, write_survey

    root = tmp_path_factory.mktemp("safety")
    rows = [complaint(f"TS-2026-{i:04d}", dt.date(2026, 3, 1), 客户名称=f"业主{i}", 投诉内容摘要=text,
                      类别=text, 责任部门=text, 补救措施=text, 处理结果=text, 是否重大="是",
                      完成日期=dt.date(2026, 3, 5))
            for i, text in enumerate(TEXTS, start=1)]
    register = as_typed_in_excel(write_register(root / "登记表.xlsx", {"2026年": rows}))
    survey = write_survey(root / "调查表.xlsx", {"2026年调查": [
        form(f"Q{i:03d}", "5栋1单元502", dt.date(2026, 10, 8), ["满意"] * 7 + ["不满意"], text)
        for i, text in enumerate(TEXTS, start=1)]},
        rectify=[["服务态度", text, "客服部", dt.date(2026, 12, 30), "整改中", None] for text in TEXTS])
    as_typed_in_excel(survey)
    config = write_config(root, "[survey]\ndistributed = 20\n[privacy]\nmask = yes\n", register=register,
                          survey=survey)
    settings = load_settings(config)
    return settings, root, {p: sha256(p) for p in (register, survey)}


@pytest.fixture(scope="module")
def outputs(office):
    from kefu.jobs.make_callback_list import make_callback_list
    from kefu.jobs.daily_check import run_daily_check
    from kefu.jobs.make_notices import make_notices
    from kefu.outputs.reminder import write_reminder
    from kefu.jobs.compile_summary import compile_summary
    from kefu.jobs.survey_report import make_survey_report

    settings, root, _ = office
    daily = run_daily_check(settings, AS_OF, json_path=root / "findings.json")
    notices = make_notices(settings, AS_OF, date_from=dt.date(2026, 1, 1))
    callbacks = make_callback_list(settings, AS_OF)
    summary = compile_summary(settings, AS_OF, period="2026Q1")
    survey = make_survey_report(settings, dt.date(2026, 12, 1))
    reminder = write_reminder(settings, AS_OF, daily, ["失败:" + TEXTS[0]], [TEXTS[5]])
    return {"findings": daily.outputs[0], "json": root / "findings.json", "notices": notices.issued,
            "callback_docx": callbacks.docx, "callback_sheet": callbacks.records,
            "summary_docx": summary.docx_path, "summary_xlsx": summary.xlsx_path,
            "survey_report": survey.report, "survey_xlsx": survey.workbook, "bulletin": survey.bulletin,
            "reminder": reminder}


def test_the_findings_workbook_keeps_summaries_as_text(outputs):
    assert_texts_in_workbook(outputs["findings"], CLEAN)


def test_the_findings_json_is_valid_and_keeps_the_texts(outputs):
    raw = outputs["json"].read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["findings"] and not re.search(r"[\x00-\x1f]", raw.replace("\n", ""))   # escaped as \u0007


def test_every_notice_shows_its_summary_exactly(outputs):
    assert len(outputs["notices"]) == len(TEXTS)
    shown = "".join(docx_text(p) for p in outputs["notices"])
    assert [t for t in CLEAN if t not in shown] == []


def test_notice_filenames_stay_in_the_archive(outputs, office):
    settings, _, _ = office
    archive = (Path(settings.paths.output) / "通知单").resolve()
    for path in outputs["notices"]:
        assert archive in Path(path).resolve().parents


def test_the_callback_list_and_its_sheet_keep_the_texts(outputs):
    assert_texts_in_docx(outputs["callback_docx"], CLEAN)
    assert_texts_in_workbook(outputs["callback_sheet"], CLEAN)


def test_the_analysis_report_and_workbook_keep_departments_and_categories(outputs):
    assert_texts_in_workbook(outputs["summary_xlsx"], CLEAN)
    assert_texts_in_docx(outputs["summary_docx"], CLEAN)


def test_the_survey_report_workbook_and_bulletin_keep_the_rectification_texts(outputs):
    assert_texts_in_workbook(outputs["survey_xlsx"], MASKED)
    assert_texts_in_docx(outputs["survey_report"], MASKED)
    assert_texts_in_docx(outputs["bulletin"], MASKED)


def test_the_reminder_keeps_the_texts(outputs):
    text = docx_text(outputs["reminder"])
    assert CLEAN[0] in text and CLEAN[5] in text
    assert [t for t in CLEAN if t[:30] not in text] == []     # major complaints: summary cut at 30


def test_the_register_and_survey_are_unchanged_by_every_job(office, outputs):
    _settings, _root, before = office
    assert before == {p: sha256(p) for p in before}
