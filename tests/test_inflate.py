"""kefu.read.inflate: a part's bytes as zipfile gives them, a piece at a time, and damage caught as zipfile catches it."""
from __future__ import annotations

import io
import random
import zipfile
import zlib as stdlib_zlib

import pytest

from kefu.read import filecheck
from kefu.read import inflate
from kefu.core.errors import InputError

SHEET = "xl/worksheets/sheet1.xml"


def _sheet_xml(rows: int) -> bytes:
    rnd = random.Random(rows)
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>投诉{rnd.random()}</t></is></c>'
                    f'<c r="B{r}"><v>{rnd.randint(0, 10**6)}</v></c></row>' for r in range(1, rows + 1))
    return f'<worksheet><sheetData>{cells}</sheetData></worksheet>'.encode()


def _zip(path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
@pytest.mark.parametrize("size", [1000, 65536, 1 << 20])
def test_the_pieces_are_the_part_as_zipfile_reads_it_and_never_larger_than_asked(tmp_path, method, size):
    data = _sheet_xml(5000)
    path = _zip(tmp_path / "book.xlsx", {"[Content_Types].xml": b"<Types/>", SHEET: data, "empty.xml": b""}, method)
    with zipfile.ZipFile(path) as zf:
        pieces = list(inflate.part_chunks(zf, SHEET, size))
        assert b"".join(pieces) == zf.read(SHEET) == data
        assert max(map(len, pieces)) <= size
        assert b"".join(inflate.part_chunks(zf, "empty.xml", size)) == b""


def test_a_zip_opened_from_memory_is_read_through_zipfile(tmp_path):
    data = _sheet_xml(300)
    raw = _zip(tmp_path / "book.xlsx", {SHEET: data}).read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert b"".join(inflate.part_chunks(zf, SHEET, 4096)) == data


def test_the_standard_zlib_gives_the_same_bytes_when_zlib_ng_is_missing(tmp_path, monkeypatch):
    data = _sheet_xml(2000)
    path = _zip(tmp_path / "book.xlsx", {SHEET: data})
    monkeypatch.setattr(inflate, "zlib", stdlib_zlib)
    with zipfile.ZipFile(path) as zf:
        assert b"".join(inflate.part_chunks(zf, SHEET, 8192)) == data


def _damaged(tmp_path, how: str):
    data = _sheet_xml(3000)
    path = _zip(tmp_path / "book.xlsx", {SHEET: data})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(SHEET)
    start = info.header_offset + 30 + len(SHEET.encode())
    if how == "flipped byte":         # the stream still inflates, to other bytes: the CRC-32 says so
        raw[start + info.compress_size // 2] ^= 0x01
    elif how == "broken stream":
        raw[start:start + 64] = bytes(64)
    elif how == "bad header":
        raw[info.header_offset:info.header_offset + 4] = b"XXXX"
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("how", ["flipped byte", "broken stream", "bad header"])
def test_a_damaged_part_is_an_error_not_wrong_bytes(tmp_path, how):
    path = _damaged(tmp_path, how)
    with zipfile.ZipFile(path) as zf, pytest.raises((zipfile.BadZipFile, inflate.zlib.error)):
        for _piece in inflate.part_chunks(zf, SHEET, 1 << 16):
            pass


def test_a_part_longer_than_the_directory_says_is_refused_as_soon_as_it_is_longer(tmp_path):
    data = _sheet_xml(3000)
    path = _zip(tmp_path / "book.xlsx", {SHEET: data})
    with zipfile.ZipFile(path) as zf:
        zf.getinfo(SHEET).file_size = 1000     # what a lying central directory would say
        with pytest.raises(zipfile.BadZipFile, match="more than its stated size"):
            for _piece in inflate.part_chunks(zf, SHEET, 500):
                pass


def test_the_used_range_scan_reports_a_damaged_sheet_in_chinese(tmp_path):
    path = _damaged(tmp_path, "flipped byte")
    with pytest.raises(InputError, match="book.xlsx"):
        filecheck.check_extents(path)
