"""What the office prints: every workbook on A4 with title, date and page numbers, borders, repeated header
rows, one page wide, charts at the top of a page, rates as numbers; no number or date broken across
lines in a Word output rendered by LibreOffice."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from conftest import REPO, needs_soffice
from kefu.core.settings import load_settings
from kefu.jobs.compile_summary import compile_summary
from kefu.jobs.daily_check import run_daily_check
from kefu.jobs.make_callback_list import make_callback_list
from kefu.jobs.make_notices import make_notices
from kefu.jobs.survey_report import make_survey_report
from kefu.outputs.docx_tokens import keep_tokens_whole_xml

AS_OF = dt.date(2026, 11, 26)
FOOTER = "第 &P 页,共 &N 页"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Every job of the demo office run once at 2026-11-26: (settings, outputs by name)."""
    folder = tmp_path_factory.mktemp("demo")
    for name in ("workbooks", "templates"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy2(REPO / "config.ini", folder / "config.ini")
    settings = load_settings(folder / "config.ini")
    check = run_daily_check(settings, AS_OF)
    notices = make_notices(settings, AS_OF)
    callbacks = make_callback_list(settings, AS_OF)
    summary = compile_summary(settings, AS_OF, period="2026H1")
    survey = make_survey_report(settings, AS_OF, year=2026)
    return {"findings": check.outputs[0], "notices": notices.issued, "callbacks": callbacks.docx,
            "records": callbacks.records,
            "summary_xlsx": summary.xlsx_path, "summary_docx": summary.docx_path,
            "survey_xlsx": survey.workbook, "survey_docx": [survey.report, survey.bulletin]}


def _prints_on_a4(ws, title: str, date_text: str) -> None:
    assert ws.oddHeader.left.text.startswith(title), ws.title
    assert ws.oddHeader.right.text == date_text and ws.oddFooter.center.text == FOOTER
    assert ws.page_setup.paperSize in (9, "9") and (ws.page_setup.fitToWidth or 1) == 1
    assert ws.page_setup.fitToHeight in (0, "0") and ws.sheet_properties.pageSetUpPr.fitToPage


def _chart_rows(path: Path) -> list[int]:
    """The row (0-based) each chart of the workbook starts at."""
    with zipfile.ZipFile(path) as zf:
        drawings = [zf.read(n).decode() for n in zf.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]
    return [int(r) for xml in drawings for r in re.findall(r"<(?:xdr:)?from>.*?<(?:xdr:)?row>(\d+)<", xml)]


def test_the_findings_workbook_prints_with_title_date_page_numbers_and_borders(demo):
    book = openpyxl.load_workbook(demo["findings"])
    for ws in book.worksheets:
        _prints_on_a4(ws, f"每日检查结果 · {ws.title}", "检查日期 2026-11-26")
    overdue = book["超期未答复"]
    assert overdue.print_title_rows == "$1:$1" and overdue.page_setup.orientation == "landscape"
    assert all(overdue.cell(2, c).border.left.style == "thin" for c in range(1, 10))
    summary = book["汇总"]
    head = next(r for r in summary.iter_rows() if r[0].value == "问题类别")
    assert head[0].border.bottom.style == "thin" and summary.cell(head[0].row + 1, 2).border.top.style == "thin"


def test_a_new_callback_records_workbook_prints_on_a4_with_its_header_row_on_every_page(demo):
    ws = openpyxl.load_workbook(demo["records"]).worksheets[0]
    assert ws.oddHeader.left.text == ws.title and ws.oddHeader.right.text == "打印日期 &D"
    assert ws.oddFooter.center.text == FOOTER and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage


def test_the_analysis_workbook_prints_on_a4_with_rates_as_numbers_and_charts_at_the_top(demo):
    book = openpyxl.load_workbook(demo["summary_xlsx"])
    for ws in book.worksheets:
        _prints_on_a4(ws, f"阳光花园管理处 客户投诉分析 2026年上半年 · {ws.title}", "编制日期 2026-11-26")
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows
    overview = book["概况"]
    assert overview.print_title_rows == "$3:$3"
    rates = {r[0].value: r for r in overview.iter_rows(min_row=4) if r[0].value}
    on_time = rates["按时答复率"]
    assert isinstance(on_time[1].value, float) and on_time[1].number_format == "0.0%"
    assert on_time[1].border.left.style == "thin"
    assert rates["受理投诉(件)"][1].value == 100 and rates["受理投诉(件)"][3].number_format == "+0.0%;-0.0%;0.0%"
    categories = book["按类别"]
    assert categories.print_title_rows == "$1:$1"
    shares = [r[2] for r in categories.iter_rows(min_row=2) if r[0].value]
    assert shares and all(isinstance(c.value, (int, float)) and c.number_format == "0.0%" for c in shares)
    assert sum(c.value for c in shares[:-1]) == pytest.approx(1.0)       # 合计 last, 100%
    assert _chart_rows(demo["summary_xlsx"]) and all(row <= 1 for row in _chart_rows(demo["summary_xlsx"]))


def test_the_survey_workbook_prints_on_a4_with_rates_as_numbers(demo):
    book = openpyxl.load_workbook(demo["survey_xlsx"])
    for ws in book.worksheets:
        _prints_on_a4(ws, f"阳光花园管理处2026年度业主意见调查统计 · {ws.title}", "统计日期 2026-11-26")
        assert ws.print_title_rows
    items = book["分项满意率"]
    assert items.page_setup.orientation == "landscape"
    rates = [r[3] for r in items.iter_rows(min_row=2) if r[0].value]
    assert rates and all(isinstance(c.value, float) and c.number_format == "0.0%" for c in rates)
    assert all(c.border.left.style == "thin" for c in rates)
    assert all(row <= 1 for row in _chart_rows(demo["survey_xlsx"]))


def test_hyphens_inside_numbers_and_dates_become_non_breaking_and_nothing_else_changes():
    xml = ('<w:p><w:r><w:t>编号 TS-2026-0006、TS-2026-0014 于 2025-08-15 - 共 3-4 天</w:t></w:r>'
           '<w:r><w:t xml:space="preserve"> 无连字符 </w:t></w:r></w:p>')
    kept = keep_tokens_whole_xml(xml)
    assert kept.count("<w:noBreakHyphen/>") == 2 + 2 + 2 + 1
    assert "、 TS" in kept and " - 共 " in kept                           # a spaced dash is left alone
    assert re.sub(r"</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">", "-", kept) == xml.replace("、T", "、 T")
    assert keep_tokens_whole_xml(kept) == kept                            # once is enough
    etree.fromstring(f'<w:body xmlns:w="{W}">{kept}</w:body>')            # still well-formed XML


H = "[-\u2011]"
PIECE = re.compile(rf"(?<![\w\u2011-])(?:TS{H}[\d\u2011-]*|\d{{4}}{H}[\d\u2011-]*)")
WHOLE = re.compile(rf"TS{H}\d{{4}}{H}\d{{3,4}}(?:{H}\d)?|\d{{4}}{H}\d{{2}}{H}\d{{2}}")


@needs_soffice
def test_no_number_or_date_is_broken_across_lines_in_any_word_output_printed_by_libreoffice(demo, tmp_path):
    from kefu.outputs.pdf import convert

    documents = [demo["summary_docx"], demo["callbacks"], *demo["survey_docx"], *demo["notices"][:6]]
    pdfs = convert(documents, "pdf", tmp_path)
    assert len(pdfs) == len(documents)
    whole, pieces = 0, []
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              encoding="utf-8", check=True).stdout
        for m in PIECE.finditer(text):
            if WHOLE.fullmatch(m.group(0)):
                whole += 1
            else:
                pieces.append(f"{pdf.name}: {text[max(0, m.start() - 20):m.end() + 3]!r}")
    assert pieces == [] and whole > 100
