"""What the office prints fits the paper (issue 30): the findings print view on few A4 pages, no clipped
cell in any workbook, no date or number broken in a Word output, every chart category labelled, one
colour per meaning in Word and Excel; console columns lined up; the small texts.

Each property has a fast test reading the files kefu wrote; the tests marked ``slow`` print them through
LibreOffice (each conversion with its own profile, see outputs/pdf.py) and read the PDF back.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from conftest import REPO, needs_soffice, run_script
from kefu.core.settings import load_settings
from kefu.jobs.compile_summary import compile_summary
from kefu.jobs.daily_check import run_daily_check
from kefu.jobs.make_callback_list import make_callback_list
from kefu.jobs.make_notices import make_notices
from kefu.jobs.survey_report import make_survey_report
from kefu.outputs import cell_fit
from kefu.outputs.chart_style import GRADES, grade_colours
from kefu.outputs.docx_tokens import WORD_JOINER, keep_tokens_whole_xml

AS_OF = dt.date(2026, 11, 26)
ONGOING = dt.date(2026, 12, 3)      # 2026H2 not over: its report compares date ranges (上期(2026-01-01 至 …))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Every output of the demo office: the jobs at 2026-11-26, and the analysis of a period not over."""
    folder = tmp_path_factory.mktemp("fit")
    for name in ("workbooks", "templates"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy2(REPO / "config.ini", folder / "config.ini")
    settings = load_settings(folder / "config.ini")
    check = run_daily_check(settings, AS_OF)
    notices = make_notices(settings, AS_OF)
    callbacks = make_callback_list(settings, AS_OF)
    summary = compile_summary(settings, AS_OF, period="2026H1")
    ongoing = compile_summary(settings, ONGOING, period="2026H2")
    survey = make_survey_report(settings, AS_OF, year=2026)
    return {"settings": settings, "config": folder / "config.ini", "findings": check.outputs[0],
            "check": check, "notices": notices.issued, "callbacks": callbacks.docx, "records": callbacks.records,
            "summary_xlsx": summary.xlsx_path, "ongoing_xlsx": ongoing.xlsx_path,
            "word": [summary.docx_path, ongoing.docx_path, callbacks.docx, survey.report, survey.bulletin,
                     *notices.issued],
            "survey_xlsx": survey.workbook, "survey": survey}


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    """A survey of paper forms, a 问卷星 export and a 腾讯问卷 CSV (test_survey_exports' year): its workbook
    has the sheets of channels (分渠道) and of the forms set aside (未计入的答卷), its Word documents the
    channel table."""
    from conftest import write_config
    from survey_books import write_survey
    from survey_exports_books import TENCENT_HEADER, WJX_HEADER, write_csv, write_xlsx
    from test_survey_exports import PAPER, TENCENT, WJX

    folder = tmp_path_factory.mktemp("online")
    paper = write_survey(folder / "业主意见调查表.xlsx", {"2026年调查": PAPER})
    wjx = write_xlsx(folder / "386540716_按文本_2026年业主满意度调查_6_6.xlsx", WJX_HEADER, WJX)
    tencent = write_csv(folder / "腾讯问卷_2026业主满意度.csv", TENCENT_HEADER, TENCENT, "utf-8-sig")
    config = write_config(folder, "[survey]\ndistributed = 20\n", survey=f"{paper}, {wjx}, {tencent}")
    return make_survey_report(load_settings(config), dt.date(2026, 12, 1))


def _workbooks(demo, online) -> list[Path]:
    return [demo["findings"], demo["summary_xlsx"], demo["ongoing_xlsx"], demo["survey_xlsx"], demo["records"],
            online.workbook]


# ---------------------------------------------------------------- the estimate
def test_the_row_estimate_counts_chinese_double_keeps_numbers_whole_and_starts_a_line_at_each_newline():
    assert cell_fit.display_width("漏水ab") == 6
    assert cell_fit.text_lines("短", 10) == 1
    assert cell_fit.per_line(22) == 19                                        # 22 * 0.95, less the padding
    assert cell_fit.text_lines("一二三四五六七八九", 22) == 1                  # 18 units
    assert cell_fit.text_lines("一二三四五六七八九十" * 3, 22) == 4            # 60 units, 19 a line
    assert cell_fit.text_lines("TS-2026-0001\nTS-2026-0002\nTS-2026-0003", 16) == 3
    # a number is not split to fill a line: it goes whole to the next one
    assert cell_fit.text_lines("一二三四五六 TS-2026-0001", 20) == 2
    assert cell_fit.fitting_height(["短", "短"], [10, 10]) is None
    assert cell_fit.fitting_height(["一二三四五六七八九十" * 3], [22]) >= 3 * cell_fit.LINE_POINTS


# ---------------------------------------------------------------- the print view
def test_the_findings_print_view_lists_every_finding_under_its_kind_most_urgent_first(demo):
    book = openpyxl.load_workbook(demo["findings"])
    assert book.sheetnames[:2] == ["汇总", "打印版"] and book.active.title == "打印版"
    ws = book["打印版"]
    kinds = [ws.title for ws in book.worksheets[2:]]           # the sheets per kind, most urgent first
    headings = [(r, ws.cell(r, 1).value) for r in range(1, ws.max_row + 1)
                if isinstance(ws.cell(r, 1).value, str) and re.fullmatch(r".+\((\d+) 条\)", ws.cell(r, 1).value)]
    assert [re.sub(r"\(\d+ 条\)$", "", text) for _r, text in headings] == kinds
    numbers = [ws.cell(r, 3).value for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(numbers) == len(demo["check"].findings) == 29
    for (row, text), kind in zip(headings, kinds):
        count = int(re.search(r"\((\d+) 条\)", text).group(1))
        assert count == book[kind].max_row - 1
        assert any(str(rng).startswith(f"A{row}:") for rng in ws.merged_cells.ranges)   # across the table
    assert ws.print_title_rows and ws.page_setup.orientation == "landscape"
    messages = [ws.cell(r, 8).value for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert not any(re.search(r"\d{4}-\d", m or "") for m in messages)           # numbers and dates kept whole
    assert any("\u2011" in (m or "") for m in messages)


def _clipped(path: Path) -> list[str]:
    """Texts of ``path`` taller than their row (wrapped), or wider than their cell beside a filled one."""
    out = []
    for ws in openpyxl.load_workbook(path).worksheets:
        spans = {(m.min_row, m.min_col): sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
                                            for c in range(m.min_col, m.max_col + 1)) for m in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or not c.value:
                    continue
                width = spans.get((c.row, c.column)) or ws.column_dimensions[get_column_letter(c.column)].width or 8.43
                height = ws.row_dimensions[c.row].height or cell_fit.DEFAULT_POINTS
                lines = cell_fit.text_lines(c.value, width)
                if c.alignment.wrap_text and lines > 1 and height < cell_fit.lines_points(lines):
                    out.append(f"{path.name}「{ws.title}」{c.coordinate}: {lines} 行, {height} pt")
                elif not c.alignment.wrap_text and ("\n" in c.value or (
                        cell_fit.display_width(c.value) > width and ws.cell(c.row, c.column + 1).value is not None)):
                    out.append(f"{path.name}「{ws.title}」{c.coordinate}: 不换行, {c.value[:20]}")
    return out


def test_no_cell_of_any_workbook_is_clipped(demo, online):
    names = openpyxl.load_workbook(online.workbook).sheetnames
    assert {"分渠道", "未计入的答卷", "共性意见"} <= set(names)             # the sheets of online surveys too
    clipped = [line for path in _workbooks(demo, online) for line in _clipped(path)]
    assert clipped == []


def test_headers_wrap_and_their_row_is_tall_enough(demo):
    ws = openpyxl.load_workbook(demo["summary_xlsx"])["概况"]
    head = ws["E3"]
    assert head.value == "去年同期(2025年上半年(数据不完整))" and head.alignment.wrap_text
    assert ws.row_dimensions[3].height >= cell_fit.lines_points(2)


def test_a_cell_listing_complaints_holds_one_whole_complaint_a_line(demo):
    ws = openpyxl.load_workbook(demo["summary_xlsx"])["反复出现的问题"]
    assert ws.cell(1, 4).value == "投诉(编号、受理日期、状态)"
    cells = [r[3].value for r in ws.iter_rows(min_row=2) if r[3].value]
    member = r"TS-\d{4}-\d{4}\(\d{1,2}月\d{1,2}日,[^)]+\)"
    assert cells and all(re.fullmatch(rf"{member}(\n{member})*( 等 \d+ 件)?", v) for v in cells), cells
    assert any("\n" in v for v in cells)
    width = ws.column_dimensions["D"].width
    assert all(cell_fit.text_lines(line, width) == 1 for v in cells for line in v.split("\n"))


# ---------------------------------------------------------------- Word
def test_a_date_in_chinese_is_glued_with_word_joiners_and_nothing_else_changes():
    xml = "<w:t>请于2026年11月24日前答复,登记表自 2025年6月起,本年度 12个月内</w:t>"
    kept = keep_tokens_whole_xml(xml)
    assert "2026\u2060年\u206011\u2060月\u206024\u2060日\u2060前答复" in kept
    assert "2025\u2060年\u20606\u2060月\u2060起" in kept and "本年度 12个月内" in kept
    assert kept.replace(WORD_JOINER, "") == xml and keep_tokens_whole_xml(kept) == kept
    spaced = keep_tokens_whole_xml("<w:t>最多的月份是 2026 年 7 月(28 件)</w:t>")
    assert "2026\xa0年\xa07\xa0月" in spaced                                   # its spaces do not break


def test_the_analysis_report_puts_the_compared_dates_under_their_heading(demo):
    from docx import Document
    table = Document(str(demo["word"][1])).tables[0]
    heads = [c.text for c in table.rows[0].cells]
    assert heads[2].startswith("上期\n(") and heads[4].startswith("去年同期\n(")


# ---------------------------------------------------------------- charts
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]


def _categories(ws, last_row: int | None = None) -> list[str]:
    return [str(r[0].value) for r in ws.iter_rows(min_row=2, max_row=last_row) if r[0].value not in (None, "合计")]


def test_every_chart_category_is_in_the_charts_xml_and_no_label_is_skipped(demo):
    summary = openpyxl.load_workbook(demo["summary_xlsx"])
    survey = openpyxl.load_workbook(demo["survey_xlsx"])
    wanted = [_categories(summary["按类别"]), _categories(summary["按部门"]), _categories(summary["按月份"]),
              _categories(survey["分项满意率"]), _categories(survey["等级分布"]), _categories(survey["分楼栋"])]
    charts = _charts(demo["summary_xlsx"]) + _charts(demo["survey_xlsx"])
    axes = [xml for xml in charts if "<catAx>" in xml or "<c:catAx>" in xml]
    assert len(axes) == 6 and all(re.search(r'<(c:)?tickLblSkip val="1"', xml) for xml in axes)
    cached = [re.findall(r"<(?:c:)?pt idx=\"\d+\"><(?:c:)?v>([^<]*)<", xml.split("<val>")[0]) for xml in axes]
    for labels in wanted:
        assert labels in cached, labels
    assert len(_categories(survey["分楼栋"])) >= 12                  # the chart that labelled only 1栋/3栋/5栋


def _series_colours(xml: str) -> dict[str, str]:
    """Series title cell -> its fill colour, from an Excel chart's XML."""
    out = {}
    for ser in re.findall(r"<ser>.*?</ser>", xml, re.S):
        title = re.search(r"<f>'[^']+'!\$?([A-Z]+)\$?1</f>", ser)
        fill = re.search(r'<a:solidFill><a:srgbClr val="([0-9A-F]{6})"', ser)
        if title and fill:
            out[title.group(1)] = fill.group(1)
    return out


def test_not_satisfied_has_one_colour_in_the_excel_chart_and_the_word_picture(demo, tmp_path, monkeypatch):
    from kefu.outputs.survey import charts as word_charts

    survey = openpyxl.load_workbook(demo["survey_xlsx"])["等级分布"]
    heads = [c.value for c in survey[1]]
    column = get_column_letter(heads.index("不满意") + 1)
    grades_xml = next(xml for xml in _charts(demo["survey_xlsx"]) if "percentStacked" in xml)
    excel = _series_colours(grades_xml)[column]
    drawn = {}

    def keep(fig, plt, path):
        for ax in fig.axes:
            for container in ax.containers:
                face = container.patches[0].get_facecolor()
                drawn[container.get_label()] = "".join(f"{round(v * 255):02X}" for v in face[:3])
        plt.close(fig)
        return path

    monkeypatch.setattr(word_charts, "_save", keep)
    word_charts.grade_chart(demo["survey"].stats, tmp_path / "g.png")   # the report's picture, same stats
    assert excel == drawn["不满意"] == GRADES[-1].lstrip("#") == grade_colours(3)[-1].lstrip("#")


# ---------------------------------------------------------------- console and texts
def test_scheduler_list_lines_up_its_columns_by_display_width():
    from rich.cells import cell_len
    done = run_script("scheduler", "--list")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert done.returncode == 0 and len(lines) >= 5
    starts = {tuple(cell_len(line[:m.start()]) for m in re.finditer(r"(?<=  )\S", line))[:3] for line in lines}
    assert len(starts) == 1, lines


def test_read_workbooks_says_what_the_rectification_sheet_is_read_as(demo):
    done = run_script("read_workbooks", "--config", demo["config"])
    assert done.returncode == 0, done.stderr
    assert "「整改跟踪」:跳过" not in done.stdout
    assert re.search(r"工作表「整改跟踪」:作为整改跟踪表读取.*读到 \d+ 项", done.stdout)
    assert "    整改期限(deadline) ← D 列「整改期限」" in done.stdout


def test_history_shows_the_date_checked_and_the_time_it_ran(demo):
    done = run_script("daily_check", "--config", demo["config"], "--history", "TS-2026-0205")
    assert done.returncode == 0, done.stderr
    assert re.search(r"2026-11-26\(运行于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) 每日检查", done.stdout), done.stdout


# ---------------------------------------------------------------- printed by LibreOffice
def _pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


@pytest.mark.slow
@needs_soffice
def test_the_demo_offices_print_view_prints_on_at_most_three_a4_pages(demo, tmp_path):
    from kefu.outputs.pdf import convert

    (pdf,) = convert([demo["findings"]], "pdf", tmp_path)
    pages = _pdf_text(pdf, "-layout").split("\f")
    view = [p for p in pages if "每日检查结果 · 打印版" in p]
    assert 2 <= len(view) <= 3, len(view)
    text = re.sub(r"\s+", "", "".join(view)).replace("\u2011", "-")
    for finding in demo["check"].findings:                  # every finding on those pages
        assert finding.number is None or finding.number in text


ZH_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日(?:\s*前)?)?")
ISO = re.compile(r"(?:TS|\d{4})(?:\s*[-\u2011]\s*\d+)+")


@pytest.mark.slow
@needs_soffice
def test_no_date_or_number_is_split_across_lines_in_any_word_output(demo, online, tmp_path):
    from kefu.outputs.pdf import convert

    pdfs = convert([*demo["word"], online.report, online.bulletin], "pdf", tmp_path)   # channel tables too
    split, whole = [], 0
    for pdf in pdfs:
        text = _pdf_text(pdf).replace(WORD_JOINER, "").replace("\xa0", " ")
        for rx in (ZH_DATE, ISO):
            for m in rx.finditer(text):
                if "\n" in m.group(0):
                    split.append(f"{pdf.name}: {text[max(0, m.start() - 10):m.end() + 3]!r}")
                else:
                    whole += 1
    assert split == [] and whole > 200
