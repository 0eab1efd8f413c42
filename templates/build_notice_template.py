"""Build templates/投诉处理通知单.docx, the 《客户投诉处理通知单》 form (python-docx).

    python templates/build_notice_template.py

The form is a docxtpl template: ``{{ number }}`` and friends are filled by scripts/make_notices.py with
autoescape on. Staff may restyle the built file in Word and move the placeholders around; run
``python scripts/make_notices.py --check-template`` afterwards to catch a mistyped placeholder.
Re-running this script overwrites the template with the original design.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kefu.outputs import docx_style  # noqa: E402
from kefu.core.atomic import atomic_path  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGET = HERE / "投诉处理通知单.docx"

SONG = "宋体"        # SimSun: body text
HEI = "黑体"         # SimHei: title, labels, the number
LATIN = "Times New Roman"
WIDTHS = (Cm(2.7), Cm(5.8), Cm(2.7), Cm(5.8))   # label | value | label | value = 17 cm


def set_font(run_or_style, east_asia: str, size: float | None = None, bold: bool | None = None,
             latin: str = LATIN) -> None:
    docx_style.set_font(run_or_style, east_asia, latin=latin, size=size, bold=bold, complex_script=True)


def paragraph(container, text: str = "", *, font: str = SONG, size: float = 10.5, bold: bool = False,
              align=WD_ALIGN_PARAGRAPH.LEFT, before: float = 0, after: float = 0, color=None):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        add_run(p, text, font=font, size=size, bold=bold, color=color)
    return p


def add_run(p, text: str, *, font: str = SONG, size: float = 10.5, bold: bool = False, color=None):
    run = p.add_run(text)
    set_font(run, font, size, bold)
    if color is not None:
        run.font.color.rgb = color
    return run


def set_borders(table, size: int = 8) -> None:
    """Single black borders on every edge and inside line (size in eighths of a point)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size if edge in ("insideH", "insideV") else size + 4))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def fix_layout(table) -> None:
    """Fixed column widths, the grid too: LibreOffice lays a fixed table out by its grid, so a grid of
    equal columns squeezed the values (答复期限 broke 「2026年11月24日 / 前」)."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, WIDTHS):
        column.width = width


def shade(cell, fill: str = "F2F2F2") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def fill(cell, lines, *, label: bool = False, align=None, valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER) -> None:
    """Write lines (str or list of (text, bold) runs per line) into a cell."""
    cell.vertical_alignment = valign
    if isinstance(lines, str):
        lines = [lines]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = align if align is not None else (WD_ALIGN_PARAGRAPH.CENTER if label
                                                       else WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
        runs = [(line, label)] if isinstance(line, str) else line
        for text, bold in runs:
            add_run(p, text, font=HEI if label else SONG, size=10.5, bold=bold and not label)
    if label:
        shade(cell)


def row(table, height_cm: float, *, exact: bool = False):
    r = table.add_row()
    r.height = Cm(height_cm)
    r.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell, width in zip(r.cells, WIDTHS):
        cell.width = width
    return r


def pair_row(table, left_label, left_value, right_label, right_value, height=0.85):
    r = row(table, height)
    fill(r.cells[0], left_label, label=True)
    fill(r.cells[1], left_value)
    fill(r.cells[2], right_label, label=True)
    fill(r.cells[3], right_value)


def box_row(table, label, lines, height):
    r = row(table, height)
    fill(r.cells[0], label, label=True)
    merged = r.cells[1].merge(r.cells[3])
    fill(merged, lines, valign=WD_CELL_VERTICAL_ALIGNMENT.TOP)


def build(target: Path = TARGET) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    normal = doc.styles["Normal"]
    set_font(normal, SONG, 10.5)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    core = doc.core_properties
    core.title, core.author, core.subject = "客户投诉处理通知单", "kefu", "{{ number }}"

    # ---- heading: office, title, number
    paragraph(doc, "{{ office_name }}", font=SONG, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "客户投诉处理通知单", font=HEI, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, before=4, after=6)
    p = paragraph(doc, after=4)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, "签发日期:{{ issued_on }}  第 {{ version }} 版", size=10.5)
    add_run(p, "\t编号:", font=HEI, size=14)
    add_run(p, "{{ number }}", font=HEI, size=18, bold=True)
    p = paragraph(doc, after=3)
    add_run(p, "主送:", font=HEI, size=12)
    add_run(p, "{{ department }}", size=12, bold=True)
    add_run(p, "{% if major %}", size=12)
    add_run(p, "    抄报:经理(重大投诉,请经理作出处理决定)", font=HEI, size=12, bold=True,
            color=RGBColor(0xC0, 0x00, 0x00))
    add_run(p, "{% endif %}", size=12)
    p = paragraph(doc, after=4)
    add_run(p, "    现将业主投诉(连同投诉原件)转交贵部门处理,请于答复期限前向业主答复补救措施,"
               "并将处理结果反馈客户服务中心。", size=10.5)

    # ---- the form
    table = doc.add_table(rows=0, cols=4)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_borders(table)
    fix_layout(table)
    pair_row(table, "受理日期", "{{ received_on }}", "投诉方式", "{{ channel }}")
    pair_row(table, "业主姓名", "{{ customer }}", "联系电话", "{{ phone }}")
    pair_row(table, "房    号", "{{ unit }}", "原件编号", "{{ original_number }}")
    pair_row(table, "投诉类别", "{{ category }}", "责任部门", "{{ department }}")
    pair_row(table, "答复期限", [[("{{ reply_deadline }}", True), ("前", False)]], "是否重大",
             "{% if major %}☑ 重大  ☐ 一般{% else %}☐ 重大  ☑ 一般{% endif %}")
    box_row(table, "投诉内容", ["{{ summary }}"], 2.6)
    box_row(table, "补救措施", ["{{ remedy }}"], 2.2)
    box_row(table, "纠正措施", ["{{ corrective_action }}", "",
                               [("预定完成日期:", False), ("{{ action_due }}", False)]], 2.4)
    box_row(table, "处理结果", ["{{ result }}", "", [("完成日期:", False), ("{{ completed_on }}", False)]], 2.2)
    box_row(table, "业主反馈", ["{{ feedback }}", "",
                              _satisfaction_boxes() + "        回访人:__________"], 1.8)
    r = row(table, 1.8)
    fill(r.cells[0], ["责任部门", "签    字"], label=True)
    fill(r.cells[1], ["负责人:", "", "日期:      年    月    日"])
    fill(r.cells[2], ["客服中心", "签    字"], label=True)
    fill(r.cells[3], ["经办人:", "", "日期:      年    月    日"])

    # ---- notes
    paragraph(doc, "", size=6)
    for line in (
        "说明:1. 本通知单编号与《客户投诉登记表》及投诉原件编号一致,连同原件送责任部门,处理后交回客户服务中心存档。",
        "      2. 责任部门须采取补救措施,并采取纠正措施于预定日期前完成;答复业主最长不超过三天。",
        "      3. 重大问题或需统一协调的问题,直接报经理,由经理作出处理决定。",
    ):
        paragraph(doc, line, size=9)

    with atomic_path(target) as tmp:
        doc.save(tmp)
    return target


def _satisfaction_boxes() -> str:
    """☐ 满意 ☐ 基本满意 ☐ 不满意, the known grade ticked (``box_satisfied`` ..., filled by kefu: printed
    values, so that every notice renders from one draft of the template)."""
    return "    ".join("{{ box_" + name + " }} " + grade
                       for name, grade in (("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")))


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"已生成模板:{out}")
