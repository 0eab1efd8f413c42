"""The formats a register arrives in: .ods read, .xlsb refused clearly, WPS/CSV/Numbers told how to save."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from conftest import complaint, run_cli, write_config, write_register
from kefu.cli import parse_as_of
from kefu.core.errors import InputError, UsageError
from kefu.read.filecheck import check_workbook

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
           'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
           '<table:table table:name="2026年">{rows}</table:table></office:spreadsheet></office:body>'
           '</office:document-content>')


def _zip(path, parts: dict[str, str]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return path


def _cell(text: str, repeat: int = 1) -> str:
    return (f'<table:table-cell office:value-type="string" table:number-columns-repeated="{repeat}">'
            f'<text:p>{text}</text:p></table:table-cell>')


def test_an_ods_that_repeats_a_filled_cell_past_the_cell_limit_is_refused_before_calamine_expands_it(tmp_path):
    rows = f'<table:table-row table:number-rows-repeated="20000">{_cell("x", 5000)}</table:table-row>'
    path = _zip(tmp_path / "r.ods", {"mimetype": ODS_MIME, "content.xml": CONTENT.format(rows=rows)})
    with pytest.raises(InputError, match=r"《r\.ods》.*20000 行 × 5000 列.*上限"):
        check_workbook(path)


def test_an_ods_whose_sheet_ends_in_many_empty_repeated_rows_is_an_ods(tmp_path):
    rows = (f'<table:table-row>{_cell("编号")}{_cell("登记日期")}</table:table-row>'
            '<table:table-row table:number-rows-repeated="1048570">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    path = _zip(tmp_path / "r.ods", {"mimetype": ODS_MIME, "content.xml": CONTENT.format(rows=rows)})
    assert check_workbook(path) == "ods"


def test_an_opendocument_text_is_not_taken_for_a_workbook(tmp_path):
    path = _zip(tmp_path / "r.ods", {"mimetype": "application/vnd.oasis.opendocument.text",
                                     "content.xml": "<x/>"})
    with pytest.raises(InputError, match="不是 Excel 工作簿"):
        check_workbook(path)


def test_an_xlsb_is_refused_with_how_to_save_it_as_xlsx(tmp_path):
    path = _zip(tmp_path / "登记表.xlsb", {"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "x"})
    with pytest.raises(InputError, match=r"《登记表\.xlsb》是 Excel 二进制工作簿\(\.xlsb\).*另存为 \.xlsx"):
        check_workbook(path)


@pytest.mark.parametrize("suffix, words", [(".et", ("WPS", "另存为", "*.xlsx")), (".csv", ("CSV", "另存为", "*.xlsx")),
                                           (".numbers", ("Numbers", "导出", ".xlsx"))])
def test_a_wps_csv_or_numbers_register_is_one_line_saying_how_to_save_it_as_xlsx(tmp_path, suffix, words):
    source = write_register(tmp_path / "src.xlsx", {"2026年": [complaint("TS-2026-0001", dt.date(2026, 11, 1))]})
    path = tmp_path / f"登记表{suffix}"
    path.write_bytes(source.read_bytes() if suffix != ".csv" else "编号,登记日期\nTS-2026-0001,2026-11-01\n".encode())
    config = write_config(tmp_path, register=path)
    done = run_cli("daily_check", "--config", config, "--as-of", "2026-11-26")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"《登记表{suffix}》" in lines[0], done.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("text", ["2026-11-26", "2026/11/26", "2026.11.26", "2026年11月26日", "20261126",
                                  "２０２６－１１－２６"])
def test_as_of_takes_every_date_form_the_register_takes(text):
    assert parse_as_of(text) == dt.date(2026, 11, 26)


@pytest.mark.parametrize("text", ["11月26日", "明天", "2026-02-30"])
def test_as_of_that_is_no_date_is_a_usage_error(text):
    with pytest.raises(UsageError, match="不是有效日期"):
        parse_as_of(text)


def test_the_daily_check_takes_as_of_written_in_chinese(tmp_path):
    register = write_register(tmp_path / "r.xlsx", {"2026年": [complaint("TS-2026-0001", dt.date(2026, 11, 1))]})
    done = run_cli("daily_check", "--config", write_config(tmp_path, register=register),
                      "--as-of", "2026年11月26日")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("每日检查 2026-11-26")
