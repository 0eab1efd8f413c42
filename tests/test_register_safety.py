"""register_safety: what an openpyxl load+save would lose, judged from the zip, on files Excel made."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from kefu.marking.safety import FORMULA_REASON, inspect_workbook

EXCEL_MADE = Path(__file__).parent / "fixtures" / "excel-made"


@pytest.mark.parametrize("name, reason", [
    ("chart_bar01.xlsx", "含有图表"),
    ("image01.xlsx", "含有图片"),
    ("textbox01.xlsx", "含有文本框等图形"),
    ("button01.xlsx", "含有按钮等旧式控件或图形"),
    ("array_formula01.xlsx", FORMULA_REASON),
])
def test_an_excel_made_workbook_with_content_openpyxl_loses_is_named_for_it(name, reason):
    report = inspect_workbook(EXCEL_MADE / name)
    assert report.losses == [reason]
    assert not report.safe
    assert reason in str(report.refusal()) and name in str(report.refusal())


@pytest.mark.parametrize("name", ["simple01.xlsx", "cond_format01.xlsx", "data_validation01.xlsx",
                                  "hyperlink01.xlsx", "merge_range01.xlsx", "protect01.xlsx", "table01.xlsx",
                                  "macro01.xlsm", "comment01.xlsx", "defined_name01.xlsx"])
def test_an_excel_made_workbook_openpyxl_keeps_is_safe(name):
    assert inspect_workbook(EXCEL_MADE / name).losses == []


def test_legacy_comments_and_printer_settings_are_notes_not_refusals():
    assert "批注框" in inspect_workbook(EXCEL_MADE / "comment01.xlsx").notes[0]
    assert "打印机" in inspect_workbook(EXCEL_MADE / "defined_name01.xlsx").notes[0]


def test_vba_is_a_loss_only_when_it_would_not_be_kept():
    assert inspect_workbook(EXCEL_MADE / "macro01.xlsm").safe
    assert inspect_workbook(EXCEL_MADE / "macro01.xlsm", keep_vba=False).losses == ["含有宏(VBA)"]


def test_an_openpyxl_formula_is_a_loss_but_a_conditional_format_formula_is_not(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 1, 2, "=A1+A2"
    wb.save(tmp_path / "f.xlsx")
    assert inspect_workbook(tmp_path / "f.xlsx").losses == [FORMULA_REASON]
    from openpyxl.formatting.rule import FormulaRule
    ws["A3"] = 3
    ws.conditional_formatting.add("A1:A3", FormulaRule(formula=["A1>1"]))
    wb.save(tmp_path / "cf.xlsx")
    assert inspect_workbook(tmp_path / "cf.xlsx").losses == []


def _with_parts(src: Path, dst: Path, extra: dict[str, bytes], sheet_patch: tuple[bytes, bytes] | None = None):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if sheet_patch and name == "xl/worksheets/sheet1.xml":
                data = data.replace(*sheet_patch)
            zout.writestr(name, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst


@pytest.fixture
def plain(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "编号"
    wb.save(tmp_path / "plain.xlsx")
    return tmp_path / "plain.xlsx"


@pytest.mark.parametrize("part, reason", [
    ("xl/pivotCache/pivotCacheDefinition1.xml", "含有数据透视表"),
    ("xl/pivotTables/pivotTable1.xml", "含有数据透视表"),
    ("xl/slicers/slicer1.xml", "含有切片器或日程表"),
    ("xl/externalLinks/externalLink1.xml", "含有指向其他工作簿的外部链接"),
    ("xl/threadedComments/threadedComment1.xml", "含有新式批注(对话式批注)"),
    ("customXml/item1.xml", "含有自定义 XML 数据"),
    ("xl/embeddings/oleObject1.bin", "含有嵌入的对象(如 Word 文档、附件)"),
    ("xl/somethingNew/part1.xml", "含有 kefu 不认识的内容(xl/somethingNew/part1.xml)"),
])
def test_parts_openpyxl_drops_are_each_named(plain, tmp_path, part, reason):
    path = _with_parts(plain, tmp_path / "x.xlsx", {part: b"<x/>"})
    assert inspect_workbook(path).losses == [reason]


def test_sparklines_in_a_sheet_extension_are_named(plain, tmp_path):
    ext = (b'<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           b'<x14:sparklineGroups/></ext></extLst></worksheet>')
    path = _with_parts(plain, tmp_path / "s.xlsx", {}, (b"</worksheet>", ext))
    assert inspect_workbook(path).losses == ["含有迷你图"]


def test_xlsxwriter_objects_are_told_apart(tmp_path):
    """A register-like file with a chart, a picture and a text box on different sheets: three reasons."""
    path = tmp_path / "objects.xlsx"
    book = xlsxwriter.Workbook(path)
    s1, s2, s3 = book.add_worksheet("一"), book.add_worksheet("二"), book.add_worksheet("三")
    s1.write_column("A1", [1, 2, 3])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=一!$A$1:$A$3"})
    s1.insert_chart("C1", chart)
    s2.insert_image("A1", _png(tmp_path))
    s3.insert_textbox("B2", "说明")
    book.close()
    assert sorted(inspect_workbook(path).losses) == sorted(["含有图表", "含有图片", "含有文本框等图形"])


def _png(folder: Path) -> str:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00"
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path = folder / "dot.png"
    path.write_bytes(png)
    return str(path)
