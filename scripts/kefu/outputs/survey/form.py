"""The printable blank survey form: the eight items, the configured grades as checkboxes, a comments box."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from kefu.core.atomic import atomic_path
from kefu.core.fields import ITEM_NAMES
from kefu.core.settings import Settings
from kefu.outputs.docx_style import set_font
from kefu.outputs.survey.files import output_dir

BOX = "□"
FONT = "宋体"


def _font(run, size: float, bold: bool = False, name: str = FONT) -> None:
    set_font(run, name, latin=name, size=size, bold=bold)


def _line(doc, text: str, size=11, bold=False, center=False, name=FONT):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(4)
    _font(p.add_run(text), size, bold, name)
    return p


def _cell(cell, text: str, size=11, bold=False, center=True):
    cell.text = ""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), size, bold)


def make_blank_form(settings: Settings, path: Path | None = None) -> Path:
    """Write the blank form (default output/满意度调查/业主意见调查表(空白).docx); return its path."""
    path = Path(path or output_dir(settings) / "业主意见调查表(空白).docx")
    grades = list(settings.survey.grades)
    numeric = all(g.isdigit() for g in grades)
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.2)
    _line(doc, settings.office.name, 12, center=True)
    _line(doc, "业主意见调查表", 18, bold=True, center=True, name="黑体")
    _line(doc, "尊敬的业主:为了解您对我处管理和服务的意见,不断改进工作,请在每个项目对应的方框内打“√”,"
               "并写下您的意见和建议。本表不需要填写姓名,您的意见仅用于改进服务。谢谢您的支持!", 10.5)
    if numeric:
        _line(doc, f"评分说明:{grades[0]} 分为最好,{grades[-1]} 分为最差。", 10.5)
    table = doc.add_table(rows=len(ITEM_NAMES) + 1, cols=len(grades) + 2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(table.rows[0].cells[0], "序号", bold=True)
    _cell(table.rows[0].cells[1], "调查项目", bold=True)
    for c, grade in enumerate(grades, start=2):
        _cell(table.rows[0].cells[c], f"{grade}分" if numeric else grade, bold=True)
    for r, item in enumerate(ITEM_NAMES, start=1):
        row = table.rows[r]
        row.height = Cm(1.0)
        _cell(row.cells[0], str(r))
        _cell(row.cells[1], item)
        for c in range(2, len(grades) + 2):
            _cell(row.cells[c], BOX, size=16)
    grade_width = (16.6 - 1.2 - 3.6) / len(grades)
    table.autofit = False
    for c, column in enumerate(table.columns):
        column.width = Cm(1.2 if c == 0 else 3.6 if c == 1 else grade_width)
    table.rows[0].height = Cm(0.9)
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(1.2 if c == 0 else 3.6 if c == 1 else grade_width)
    _line(doc, "")
    _line(doc, "您对管理处的意见和建议:", 11, bold=True)
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    box.rows[0].height = Cm(6.5)
    _line(doc, "")
    _line(doc, "房号(可不填):________________　　填表日期:______年____月____日", 11)
    _line(doc, "请将填好的调查表交回客户服务中心或投入小区意见箱。", 10)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path
