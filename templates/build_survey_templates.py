"""Build the Word templates of the survey report and the owners' committee bulletin.

    python templates/build_survey_templates.py

Writes 满意度调查报告.docx and 业委会通报.docx next to this file. Staff may then restyle them in Word
(fonts, margins, letterhead); the {{ … }} and {% … %} tags must stay as they are. kefu fills them with
docxtpl (autoescape on).
"""
from __future__ import annotations

import sys

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kefu.outputs import docx_style  # noqa: E402
from kefu.outputs.docx_style import set_font  # noqa: E402

HERE = Path(__file__).resolve().parent
BODY_FONT, HEAD_FONT = "宋体", "黑体"
CELL_STYLE = "表格文字"


# ---------------------------------------------------------------- helpers

def _font(style_or_run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    set_font(style_or_run, name, latin=name, size=size, bold=bold, complex_script=True)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.6)
    normal = doc.styles["Normal"]
    _font(normal, BODY_FONT, 12)
    normal.paragraph_format.line_spacing = 1.35
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.space_before = Pt(4)
    for level, size in ((1, 15), (2, 13)):
        style = doc.styles[f"Heading {level}"]
        _font(style, HEAD_FONT, size, True)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)
    table = doc.styles["Table Grid"]
    _font(table, BODY_FONT, 10.5)
    cell_style = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    _font(cell_style, BODY_FONT, 10.5)
    cell_style.paragraph_format.line_spacing = 1.2
    cell_style.paragraph_format.space_after = Pt(2)
    cell_style.paragraph_format.space_before = Pt(2)
    return doc


def title(doc, text: str, size: float = 18) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    run = p.add_run(text)
    _font(run, HEAD_FONT, size, True)


def para(doc, text: str, *, center=False, right=False, indent=True, bold=False, size=None,
         keep=False) -> None:
    """A paragraph; ``keep`` keeps it on the page of what follows (a table after its introduction)."""
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = keep
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif indent:
        p.paragraph_format.first_line_indent = Pt(24)
    run = p.add_run(text)
    if bold or size:
        _font(run, HEAD_FONT if bold else BODY_FONT, size, bold)


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p … %}); docxtpl removes it when rendering."""
    doc.add_paragraph(text)


def loop_table(doc, headers: list[str], cells: list[str], loop: str, widths: list[float],
               align: str = "") -> None:
    """A table: header row, then one row per item of ``loop`` ("r in rows").

    ``align``: one letter per column, l = left, c = centred (default: first left, others centred).
    """
    align = align or "l" + "c" * (len(headers) - 1)
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        _font(run, HEAD_FONT, 10.5, True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, "D9E2F3")
    table.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
        if align[i] == "c":
            table.rows[2].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _repeat_header(table.rows[0])
    trpr = table.rows[2]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))   # a row never splits over pages
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].style = doc.styles[CELL_STYLE]
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)


def _shade(cell, fill: str) -> None:
    docx_style.shade(cell, fill)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def footer(doc, text: str) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    _font(run, BODY_FONT, 9)


# ---------------------------------------------------------------- the director's report

RECTIFY_HEADERS = ["项目", "存在问题", "责任部门", "整改期限", "状态"]
RECTIFY_CELLS = ["{{ r.item }}", "{{ r.problem }}", "{{ r.department }}", "{{ r.deadline }}", "{{ r.state }}"]
RECTIFY_WIDTHS = [2.9, 5.2, 2.0, 2.6, 3.1]
RECTIFY_ALIGN = "llccc"


def build_report(path: Path) -> None:
    doc = new_document()
    title(doc, "{{ office }}{{ year_text }}业主意见调查报告")
    para(doc, "报送:办公室主任　　　　　　　　　　　　报告日期:{{ date }}", indent=False)
    doc.add_heading("一、调查概况", level=1)
    para(doc, "{{ overview }}")
    channel_table(doc)
    para(doc, "{{ method_text }}")
    tag(doc, "{%p if not empty %}")
    doc.add_heading("二、满意率统计", level=1)
    para(doc, "{{ rates_text }}", keep=True)
    loop_table(doc, ["调查项目", "有效答卷", "满意", "满意率", "较目标"],
               ["{{ s.item }}", "{{ s.valid }}", "{{ s.satisfied }}", "{{ s.rate }}", "{{ s.mark }}"],
               "s in items", [4.0, 2.6, 2.6, 2.6, 2.6])
    para(doc, "{{ rate_chart }}", center=True)
    doc.add_heading("三、各项目评价等级分布", level=1)
    para(doc, "下图为各项目有效答案中各评价等级所占比例(按份数计,见附表)。")
    para(doc, "{{ grade_chart }}", center=True)
    doc.add_heading("四、分楼栋满意率", level=1)
    loop_table(doc, ["楼栋", "回收份数", "有效答案", "满意答案", "满意率"],
               ["{{ b.building }}", "{{ b.returned }}", "{{ b.valid }}", "{{ b.satisfied }}", "{{ b.rate }}"],
               "b in buildings", [3.4, 2.8, 2.8, 2.8, 2.6])
    doc.add_heading("五、薄弱项目", level=1)
    para(doc, "{{ weak_text }}", keep=True)
    doc.add_heading("六、业主共性意见", level=1)
    para(doc, "{{ opinions_text }}", keep=True)
    loop_table(doc, ["意见类别", "条数", "业主原话举例(已隐去个人信息)"],
               ["{{ t.name }}", "{{ t.count }}", "{{ t.examples }}"],
               "t in themes", [3.4, 1.4, 11.4], "lcl")
    doc.add_heading("七、整改建议", level=1)
    para(doc, "{{ rectify_text }}", keep=True)
    loop_table(doc, RECTIFY_HEADERS, RECTIFY_CELLS, "r in rectify", RECTIFY_WIDTHS, RECTIFY_ALIGN)
    para(doc, "请主任审定整改意见、责任部门和整改期限;确定后由客服中心登记到调查表的「整改跟踪」工作表,"
              "系统每日检查逾期未完成的整改项目。")
    tag(doc, "{%p if invalid %}")
    doc.add_heading("附:无法识别的答案", level=2)
    para(doc, "以下单元格中的内容不是规定的评价等级,未计入满意率。请核对原始调查表后更正:")
    loop_table(doc, ["工作表", "单元格", "项目", "填写内容"],
               ["{{ v.sheet }}", "{{ v.cell }}", "{{ v.item }}", "{{ v.text }}"],
               "v in invalid", [3.6, 2.4, 4.0, 6.2], "lcll")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    aside_table(doc)
    para(doc, "客户服务中心", right=True)
    para(doc, "{{ date }}", right=True)
    footer(doc, "{{ office }}　业主意见调查报告　内部资料")
    doc.save(path)


def channel_table(doc) -> None:
    """回收份数 by channel (shown when the survey has online answer sheets)."""
    tag(doc, "{%p if channels %}")
    para(doc, "{{ channels_text }}", keep=True)
    loop_table(doc, ["渠道", "收到份数", "计入回收", "同户重复未计入", "测试/空白未计入"],
               ["{{ c.channel }}", "{{ c.read }}", "{{ c.returned }}", "{{ c.duplicates }}", "{{ c.set_aside }}"],
               "c in channels", [3.6, 2.6, 2.6, 3.4, 3.4])
    tag(doc, "{%p endif %}")


def aside_table(doc) -> None:
    """The forms set aside, named by file and row; rooms masked (the workbook shows them)."""
    tag(doc, "{%p if aside %}")
    doc.add_heading("附:未计入的答卷", level=2)
    para(doc, "以下答卷未计入回收份数和满意率(编号和房号见统计工作簿的「未计入的答卷」工作表):")
    loop_table(doc, ["渠道", "位置", "原因", "计入的答卷"],
               ["{{ a.channel }}", "{{ a.place }}", "{{ a.reason }}", "{{ a.kept }}"],
               "a in aside", [2.4, 4.6, 3.8, 5.4], "llll")
    tag(doc, "{%p endif %}")


# ---------------------------------------------------------------- the owners' committee bulletin

def build_bulletin(path: Path) -> None:
    doc = new_document()
    title(doc, "关于{{ year_text }}业主意见调查结果及整改情况的通报", 16)
    para(doc, "{{ office_short }}业主委员会:", indent=False)
    para(doc, "{{ overview }}")
    tag(doc, "{%p if channels_text %}")
    para(doc, "{{ channels_text }}")
    tag(doc, "{%p endif %}")
    para(doc, "{{ method_text }}")
    tag(doc, "{%p if not empty %}")
    doc.add_heading("一、调查结果", level=1)
    para(doc, "{{ rates_text }}", keep=True)
    loop_table(doc, ["调查项目", "满意率", "较目标"],
               ["{{ s.item }}", "{{ s.rate }}", "{{ s.mark }}"], "s in items", [5.5, 3.5, 3.5])
    para(doc, "{{ rate_chart }}", center=True)
    doc.add_heading("二、业主的主要意见", level=1)
    para(doc, "{{ opinions_text }}", keep=True)
    loop_table(doc, ["意见类别", "条数", "主要内容"],
               ["{{ t.name }}", "{{ t.count }}", "{{ t.examples }}"], "t in themes", [3.4, 1.4, 11.4], "lcl")
    doc.add_heading("三、整改方案及进展", level=1)
    para(doc, "{{ rectify_text }}", keep=True)
    loop_table(doc, RECTIFY_HEADERS, RECTIFY_CELLS, "r in rectify", RECTIFY_WIDTHS, RECTIFY_ALIGN)
    tag(doc, "{%p endif %}")
    para(doc, "对业主提出的意见,我处将逐项落实、限期整改,整改进展将定期向业主委员会通报,欢迎监督。")
    para(doc, "")
    para(doc, "{{ office }}", right=True)
    para(doc, "{{ date }}", right=True)
    footer(doc, "{{ office }}")
    doc.save(path)


def main() -> None:
    build_report(HERE / "满意度调查报告.docx")
    build_bulletin(HERE / "业委会通报.docx")
    print("已生成:满意度调查报告.docx、业委会通报.docx")


if __name__ == "__main__":
    main()
