"""The findings workbook writer (XlsxWriter) on its own: texts stay text, links survive odd file names,
Excel's limits (links per sheet, characters per cell) never lose a row, write errors are Chinese."""
from __future__ import annotations

import datetime as dt
import errno
import urllib.parse
import warnings

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from conftest import complaint, needs_soffice, write_config, write_register
from kefu.outputs.findings import workbook as findings_workbook
from kefu.core.errors import OutputError
from kefu.core.findings import Finding
from kefu.outputs.findings.workbook import MAX_LINKS, register_link_target, write_findings_workbook
from kefu.outputs.pdf import convert
from kefu.read.register import read_register
from kefu.core.settings import load_settings

AS_OF = dt.date(2026, 3, 9)
SHEET = "2026年"


def job(tmp_path, summaries, name="登记表.xlsx"):
    """A register whose complaints (rows 3, 4 ...) have these summaries, read back as kefu reads it."""
    rows = [complaint(f"TS-2026-{i:04d}", dt.date(2026, 3, 2), 投诉内容摘要=s) for i, s in enumerate(summaries, 1)]
    path = write_register(tmp_path / "workbooks" / name, {SHEET: rows})
    wb = openpyxl.load_workbook(path)
    for row in wb[SHEET].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"                   # text typed with a leading ', not a formula
    wb.save(path)
    return path, read_register(load_settings(write_config(tmp_path, register=path)))


def overdue(row: int, message: str = "超期未答复") -> Finding:
    return Finding("reply.overdue", "error", f"TS-2026-{row - 2:04d}", SHEET, row, message, column="O")


def written(tmp_path, findings, register, **kw):
    path = write_findings_workbook(tmp_path / "output" / "检查结果.xlsx", findings, register, AS_OF, **kw)
    return path, openpyxl.load_workbook(path)


def test_formula_looking_texts_are_text_with_a_quote_prefix_and_control_characters_are_dropped(tmp_path):
    texts = ["=1+1", "+86 138", "-1", "@SUM(A1)"]
    _path, register = job(tmp_path, texts)
    findings = [overdue(3 + i, text) for i, text in enumerate(texts)]
    _out, wb = written(tmp_path, findings, register, warnings=["=警告", "响铃\x07字符"])
    ws = wb["超期未答复"]
    for r, text in enumerate(texts, start=2):
        for cell in (ws.cell(r, 7), ws.cell(r, 8)):        # 内容摘要 from the register, 说明 from the rule
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert not ws.cell(r, 3).quotePrefix                # TS-2026-…: no prefix where none is needed
    summary = {c.value: c for row in wb["汇总"].iter_rows() for c in row if c.value}
    assert summary["=警告"].data_type == "s" and summary["=警告"].quotePrefix
    assert "响铃字符" in summary and summary["响铃字符"].font.color.rgb.endswith("C00000")


def test_a_text_longer_than_excel_allows_is_kept_up_to_the_limit_not_dropped(tmp_path):
    long = "漏水" * 20_000                                   # 40,000 characters; a cell holds 32,767
    _path, register = job(tmp_path, [long])
    _out, wb = written(tmp_path, [overdue(3, "长" * 40_000)], register)
    ws = wb["超期未答复"]
    assert ws.cell(2, 7).value == long[:32_767] and ws.cell(2, 8).value == "长" * 32_767
    assert ws.cell(2, 9).hyperlink is not None


def test_past_the_links_limit_of_a_sheet_the_place_is_still_written_as_plain_text(tmp_path, monkeypatch):
    monkeypatch.setattr(findings_workbook, "MAX_LINKS", 2)
    _path, register = job(tmp_path, ["a", "b", "c", "d"])
    gap = Finding("reply.overdue", "error", "TS-2026-0009", None, None, "无位置")   # no place: uses no link
    _out, wb = written(tmp_path, [overdue(3), gap, overdue(4), overdue(5), overdue(6)], register)
    ws = wb["超期未答复"]
    places = [ws.cell(r, 9) for r in range(2, 7)]
    assert [c.value for c in places] == ["「2026年」O3", None, "「2026年」O4", "「2026年」O5", "「2026年」O6"]
    assert [c.hyperlink is not None for c in places] == [True, False, True, False, False]
    assert places[0].font.u == "single" and places[3].font.u is None   # plain text does not look clickable
    assert [ws.cell(r, 2).value for r in range(2, 7)] == ["严重"] * 5


def test_max_links_is_where_xlsxwriter_stops_writing_links():
    wb = xlsxwriter.Workbook("unused.xlsx", {"in_memory": True})    # never closed: no file is made
    ws = wb.add_worksheet()
    for r in range(MAX_LINKS):
        assert ws.write_url(r, 0, "external:a.xlsx#'s'!A1", string="x") == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ws.write_url(MAX_LINKS, 0, "external:a.xlsx#'s'!A1", string="x") == -4


ODD_NAME = "客户 投诉#1 [100%] 50%20.xlsx"   # space, #, brackets, a literal % and a literal "%20"


def link_target_path(base, target: str):
    """The file a relative link names: Excel's backslashes as /, then the percent-escapes undone."""
    return (base / urllib.parse.unquote(target.replace("\\", "/"))).resolve()


def test_links_to_a_register_with_spaces_hash_percent_and_chinese_in_its_name_are_escaped_once(tmp_path):
    register_path, register = job(tmp_path, ["a"], name=ODD_NAME)
    out, wb = written(tmp_path, [overdue(3)], register)
    link = wb["超期未答复"]["I2"].hyperlink
    assert link.target == r"..\workbooks\客户%20投诉%231%20%5b100%25%5d%2050%2520.xlsx"
    assert link_target_path(out.parent, link.target) == register_path.resolve()
    assert link.location == "'2026年'!O3" and link.tooltip == "打开登记表「2026年」O3"


@needs_soffice
def test_libreoffice_follows_a_link_to_a_register_with_an_odd_name(tmp_path):
    register_path, register = job(tmp_path, ["a"], name=ODD_NAME)
    out, _wb = written(tmp_path, [overdue(3)], register)
    outdir = tmp_path / "output" / "转换"                 # same depth: relative links stay comparable
    link = openpyxl.load_workbook(convert([out], "xlsx", outdir)[0])["超期未答复"]["I2"].hyperlink
    assert link_target_path(outdir, link.target) == register_path.resolve()


def test_a_register_on_another_drive_is_named_by_an_absolute_escaped_file_url(tmp_path, monkeypatch):
    def other_drive(*_args):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")
    monkeypatch.setattr(findings_workbook.os.path, "relpath", other_drive)
    register = tmp_path / "登记 表.xlsx"
    assert register_link_target(register, tmp_path / "out" / "x.xlsx") == (
        "file:///" + register.resolve().as_posix().lstrip("/").replace(" ", "%20"))


def test_a_failed_write_is_a_chinese_output_error_and_leaves_no_file(tmp_path, monkeypatch):
    _path, register = job(tmp_path, ["a"])

    def disk_full(self):
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
    monkeypatch.setattr(xlsxwriter.Workbook, "close", disk_full)
    with pytest.raises(OutputError, match="磁盘空间已满"):
        write_findings_workbook(tmp_path / "output" / "检查结果.xlsx", [overdue(3)], register, AS_OF)
    assert list((tmp_path / "output").iterdir()) == []
