"""Build templates/回访清单.docx, the Word template of the daily callback list (docxtpl).

    python templates/build_callback_template.py [output.docx]

Staff may restyle the result in Word (fonts, widths, the notes); keep the {{ }} / {% %} tags.
Variables: office, date, total, n_unsatisfied, n_due, n_overdue, n_regular, groups (each: name, count,
rows; each row: index, number, flag (rich text), customer, unit, phone, summary, done, completed).
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from kefu.outputs import docx_style  # noqa: E402
from kefu.outputs.docx_style import set_font  # noqa: E402

FONT = "宋体"
LATIN = "Times New Roman"   # narrow digits: numbers, phones and dates fit on one line
HEAD_FONT = "黑体"
# (header, width in cm, cell text of the data row); empty text = a column staff fill in by hand
COLUMNS = (
    ("序号", 0.9, "{{ r.index }}"),
    ("编号", 2.6, None),                # number + flag, built below
    ("业主", 1.5, "{{ r.customer }}"),
    ("房号", 2.1, "{{ r.unit }}"),
    ("联系电话", 2.5, "{{ r.phone }}"),
    ("投诉内容", 3.6, "{{ r.summary }}"),
    ("处理情况", 3.7, "{{ r.done }}"),
    ("完成日期", 2.3, "{{ r.completed }}"),   # a date (2026-08-15) on one line
    ("回访方式", 1.5, ""),
    ("回访结果", 2.5, ""),
    ("是否\n满意", 1.2, ""),
    ("业主签字", 1.5, ""),
    ("回访人", 1.3, ""),
)


def _font(run, size: float, *, bold: bool = False, name: str = FONT) -> None:
    set_font(run, name, latin=LATIN, size=size, bold=bold)


def _para(doc_or_cell, text: str = "", size: float = 10.5, *, bold=False, align=None, name=FONT, after=0):
    p = doc_or_cell.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold=bold, name=name)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    return p


def _cell_text(cell, text: str, size: float = 9, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, name=FONT):
    p = cell.paragraphs[0]
    if text:
        _font(p.add_run(text), size, bold=bold, name=name)
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return p


def _row_height(row, cm: float, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(cm * 567)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)
    no_split = OxmlElement("w:cantSplit")
    tr_pr.append(no_split)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every printed page


def _shade(cell, fill: str) -> None:
    docx_style.shade(cell, fill)


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")   # narrow cell padding: more room for text
    for side, cm in (("left", 0.1), ("right", 0.1)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(int(cm * 567)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    table._tbl.tblPr.append(margins)


def _tag_row(table, tag: str) -> None:
    row = table.add_row()
    row.cells[0].paragraphs[0].add_run(tag)


def _table(doc):
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table)
    header = table.rows[0]
    _row_height(header, 0.8, header=True)
    for cell, (title, width, _text) in zip(header.cells, COLUMNS):
        cell.width = Cm(width)
        _cell_text(cell, title, 9, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, name=HEAD_FONT)
        _shade(cell, "D9D9D9")
    _tag_row(table, "{%tr for r in g.rows %}")
    data = table.add_row()
    _row_height(data, 1.2)
    for cell, (_title, width, text) in zip(data.cells, COLUMNS):
        cell.width = Cm(width)
        if text is None:
            _cell_text(cell, "{{ r.number }}", 9)
            flag = cell.add_paragraph()
            flag.add_run("{{r r.flag }}")
            flag.paragraph_format.space_after = Pt(0)
        else:
            centred = text in ("{{ r.index }}", "{{ r.completed }}")
            _cell_text(cell, text, 9, align=WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)
    _tag_row(table, "{%tr endfor %}")
    for row in table.rows:
        for cell, (_t, width, _x) in zip(row.cells, COLUMNS):
            cell.width = Cm(width)
    for col, (_t, width, _x) in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), COLUMNS):
        col.set(qn("w:w"), str(int(width * 567)))   # LibreOffice lays out by the grid, Word by the cells
    return table


def _field(paragraph, code: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when printing."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = paragraph.add_run("1")
    _font(run, size)
    field.append(run._r)           # moves the run inside the field
    paragraph._p.append(field)


def _footer(section) -> None:
    """Signature line and page numbers on every printed page."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _font(p.add_run("回访负责人:______________　　　审核(办公室主任):______________　　　日期:______________"
                    "　　　　　　　　第 "), 10)
    _field(p, "PAGE", 10)
    _font(p.add_run(" 页 / 共 "), 10)
    _field(p, "NUMPAGES", 10)
    _font(p.add_run(" 页"), 10)


def build(path: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.2)
    section.top_margin, section.bottom_margin = Cm(1.2), Cm(1.5)
    section.footer_distance = Cm(0.6)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(10.5)
    set_font(normal, FONT)

    _para(doc, "{{ office }}业主回访清单", 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, name=HEAD_FONT, after=4)
    _para(doc, "清单日期:{{ date }}　　共 {{ total }} 户:不满意 {{ n_unsatisfied }} 户(列在最前),"
               "待回访 {{ n_due }} 户(其中已超期 {{ n_overdue }} 户),定期回访 {{ n_regular }} 户",
          10.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para(doc, "填写说明:回访方式填“电话”或“上门”;是否满意填“满意”“基本满意”或“不满意”;电话回访时业主签字一栏可空。"
               "回访后请把结果录入《回访记录.xlsx》中同一编号的行(或登记表的回访栏)。业主不满意的,当天报办公室主任,"
               "退回责任部门重新处理;不能当场答复的问题,告知业主预约答复时间并登记。", 8.5, after=6)
    _para(doc, "{%p if not groups %}")
    _para(doc, "今日没有需要回访的业主。", 12, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p for g in groups %}")
    _para(doc, "{%p if g.name %}")
    heading = _para(doc, "{{ g.name }}(共 {{ g.count }} 户)", 12, bold=True, name=HEAD_FONT, after=3)
    heading.paragraph_format.keep_with_next = True   # never a group name alone at the foot of a page
    _para(doc, "{%p endif %}")
    _table(doc)
    spacer = _para(doc, " ", 2, after=6)   # between group tables; tiny so it never spills onto a page alone
    spacer.paragraph_format.line_spacing = Pt(2)
    _para(doc, "{%p endfor %}")
    _footer(section)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "回访清单.docx"
    print(build(target))
