"""Builds templates/投诉分析报告.docx, the docxtpl template of the half-year / year-end analysis.

    python templates/build_report_template.py

Staff may restyle the generated .docx in Word (fonts, margins, logo); keep the {{ }} and {% %} tags.
Tags used (filled by scripts/kefu/summary_report.py): office, period_label, period_range, compiled_on,
empty, empty_text, overview, key_rows, prev_period, yoy_period, chart_month, offices, chart_offices,
breakdowns (title, rows, chart), handling, callback_text, overdue_numbers, recurring_intro, recurring,
major_text, major, notes.
"""
from __future__ import annotations

import sys

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kefu.outputs import docx_style  # noqa: E402
from kefu.outputs.docx_style import set_font  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGET = HERE / "投诉分析报告.docx"
BODY_FONT, HEAD_FONT = "宋体", "黑体"


def _fonts(style_or_run, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    set_font(style_or_run, east_asian, latin="Times New Roman", size=size, bold=bold)


def _shade(cell, colour: str = "D9E2F3") -> None:
    docx_style.shade(cell, colour)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def para(doc, text: str = "", style: str | None = None, align=None, size: float | None = None,
         bold: bool = False):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if size or bold:
            run.font.size = Pt(size) if size else None
            run.font.bold = bold
    if align is not None:
        p.alignment = align
    return p


def loop_table(doc, headers: list[str], cells: list[str], loop: str, widths: list[float]):
    """A table with a header row and one row repeated by docxtpl ({%tr for ... %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = text
        cell.paragraphs[0].runs[0].font.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell)
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
            for p in row.cells[i].paragraphs:
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.keep_with_next = len(widths) <= 3  # short tables stay on one page
                for run in p.runs:
                    run.font.size = Pt(9.5)
    return table


def build(path: Path = TARGET) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.2)

    _fonts(doc.styles["Normal"], BODY_FONT, 10.5)
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.25
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        _fonts(doc.styles[name], HEAD_FONT, size, True)
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("{{ office }}客户投诉分析报告", style="Title")
    para(doc, "{{ period_label }}({{ period_range }})", align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
    para(doc, "报送:办公室主任    编制:客户服务中心    编制日期:{{ compiled_on }}",
         align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)

    para(doc, "{%p if empty %}")
    doc.add_paragraph("本期情况", style="Heading 1")
    para(doc, "{{ empty_text }}")
    para(doc, "{%p for n in notes %}")
    para(doc, "注:{{ n }}", size=9)
    para(doc, "{%p endfor %}")
    para(doc, "{%p else %}")

    doc.add_paragraph("一、总体情况", style="Heading 1")
    para(doc, "{%p for s in overview %}")
    para(doc, "{{ s }}").paragraph_format.first_line_indent = Pt(21)
    para(doc, "{%p endfor %}")
    para(doc, "主要指标与上期、去年同期对比:")
    # the compared periods under 上期 / 去年同期 on a line of their own: 「上期(2026-01-01」 is one word to
    # LibreOffice, broken inside the date when wider than its column
    loop_table(doc, ["指标", "本期", "上期\n({{ prev_period }})", "环比", "去年同期\n({{ yoy_period }})", "同比"],
               ["{{ r.name }}", "{{ r.cur }}", "{{ r.prev }}", "{{ r.prev_change }}", "{{ r.yoy }}",
                "{{ r.yoy_change }}"], "r in key_rows", [3.2, 1.7, 3.0, 2.8, 3.0, 2.8])
    para(doc, "{%p if chart_month %}")
    para(doc, "{{ chart_month }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{%p endif %}")
    para(doc, "{%p if offices %}")
    doc.add_paragraph("各管理处对比", style="Heading 2")
    loop_table(doc, ["管理处", "受理(件)", "同比", "按时答复率", "平均答复(天)", "{{ open_label }}", "其中超期",
                     "回访率", "满意率"],
               ["{{ o.name }}", "{{ o.total }}", "{{ o.yoy_change }}", "{{ o.on_time }}", "{{ o.avg_reply }}",
                "{{ o.open }}", "{{ o.overdue }}", "{{ o.callback }}", "{{ o.satisfied }}"],
               "o in offices", [2.6, 1.6, 1.7, 1.9, 1.9, 1.8, 1.6, 1.6, 1.6])
    para(doc, "{%p if chart_offices %}")
    para(doc, "{{ chart_offices }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    doc.add_paragraph("二、投诉分布", style="Heading 1")
    para(doc, "{%p for b in breakdowns %}")
    doc.add_paragraph("{{ b.title }}", style="Heading 2")
    loop_table(doc, ["{{ b.column }}", "件数", "占比"], ["{{ r.name }}", "{{ r.count }}", "{{ r.share }}"],
               "r in b.rows", [6.0, 2.5, 2.5])
    para(doc, "{%p if b.chart %}")
    para(doc, "{{ b.chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")

    doc.add_paragraph("三、处理与回访情况", style="Heading 1")
    para(doc, "{{ handling }}").paragraph_format.first_line_indent = Pt(21)
    para(doc, "{{ callback_text }}").paragraph_format.first_line_indent = Pt(21)
    para(doc, "{%p if overdue_numbers %}")
    para(doc, "期末超期未办结的投诉编号:{{ overdue_numbers }}。请责任部门说明原因并限期办结。")
    para(doc, "{%p endif %}")

    doc.add_paragraph("四、反复出现的问题及跟进建议", style="Heading 1")
    para(doc, "{{ recurring_intro }}").paragraph_format.first_line_indent = Pt(21)
    para(doc, "{%p if recurring %}")
    loop_table(doc, ["序号", "问题", "次数", "投诉编号", "代表性内容", "建议跟进"],
               ["{{ g.no }}", "{{ g.title }}", "{{ g.count }}", "{{ g.numbers }}", "{{ g.summary }}",
                "{{ g.suggestion }}"], "g in recurring", [0.9, 3.3, 1.0, 3.6, 3.2, 4.6])
    para(doc, "{%p if recurring_more %}")
    para(doc, "{{ recurring_more }}", size=9)
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    doc.add_paragraph("五、重大投诉", style="Heading 1")
    para(doc, "{{ major_text }}").paragraph_format.first_line_indent = Pt(21)
    para(doc, "{%p if major %}")
    loop_table(doc, ["编号", "受理日期", "类别", "责任部门", "内容摘要", "处理结果"],
               ["{{ m.number }}", "{{ m.received_on }}", "{{ m.category }}", "{{ m.department }}",
                "{{ m.summary }}", "{{ m.outcome }}"], "m in major", [3.0, 2.4, 1.7, 2.0, 3.9, 3.6])
    para(doc, "{%p endif %}")

    para(doc, "{%p if notes %}")
    doc.add_paragraph("说明", style="Heading 2")
    para(doc, "{%p for n in notes %}")
    para(doc, "{{ n }}", size=9)
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    footer = section.footer.paragraphs[0]
    footer.text = "{{ office }} 客户服务中心 · 投诉分析报告 · {{ period_label }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
