"""Hostile and awkward workbooks, built from scratch (nothing binary is committed).

``Corpus(dest)`` is {case name: path}, each case built when first asked for (the tests share one per
session: tests/conftest.py ``corpus``); ``build_corpus(dest)`` builds them all. Cases needing LibreOffice
(a real .xls) are left out when /usr/bin/soffice is missing; tests skip them. Run
``python tests/hostile_corpus.py DIR`` to build the corpus by hand and print how long it took.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HEADERS = ["编号", "登记日期", "客户名称", "房号", "联系电话", "投诉内容摘要", "责任部门", "答复日期"]
ROWS = [
    ["TS-2026-0001", "2026-01-05", "张伟", "3栋1单元502", "13800000001", "楼上漏水", "工程部", "2026-01-07"],
    ["TS-2026-0002", "2026-01-06", "李娜", "5栋2单元101", "13800000002", "电梯噪音大", "工程部", None],
    ["TS-2026-0003", "2026-01-08", "王芳", "8栋1单元1203", "13800000003", "垃圾清运不及时", "保洁部", "2026-01-09"],
]
SOFFICE = Path("/usr/bin/soffice")
MAX_ROW = 1_048_576
BOMB_BYTES = 2100 * 1024 * 1024  # inflates to > 2 GB

_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_OPEN = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>')
_SHEET_CLOSE = "</sheetData></worksheet>"
SHEET = "xl/worksheets/sheet1.xml"
STYLES = "xl/styles.xml"  # openpyxl writes inline strings: there is no sharedStrings.xml


def build_corpus(dest: Path, *, bomb_bytes: int = BOMB_BYTES) -> dict[str, Path]:
    """Every case at once (``python tests/hostile_corpus.py``); the tests use ``Corpus``, which builds
    only the cases they ask for."""
    corpus = Corpus(dest, bomb_bytes=bomb_bytes)
    return {name: corpus[name] for name in corpus if name in corpus}


class Corpus(Mapping):
    """{case name: path}, each case built the first time it is asked for: a run that selects no
    million-row case, no zip bomb and no .xls does not spend their seconds building them. ``extended``
    gives a view with more cases (built into the same folder, sharing what is built)."""

    def __init__(self, dest: Path, *, bomb_bytes: int = BOMB_BYTES, builders=None, built=None):
        self.dest = Path(dest)
        self.dest.mkdir(parents=True, exist_ok=True)
        self.builders = builders if builders is not None else _builders(self.dest, bomb_bytes)
        self.built: dict[str, Path | None] = built if built is not None else {}

    def extended(self, more: dict[str, Callable[[], Path]]) -> "Corpus":
        return Corpus(self.dest, builders={**self.builders, **more}, built=self.built)

    def __getitem__(self, name: str) -> Path:
        if name not in self.built:
            self.built[name] = self.builders[name]()   # KeyError: no such case
        if self.built[name] is None:
            raise KeyError(name)    # a case this machine cannot build (LibreOffice missing)
        return self.built[name]

    def __contains__(self, name) -> bool:
        try:
            self[name]
        except KeyError:
            return False
        return True

    def __iter__(self):      # the names, nothing built
        return iter(self.builders)

    def __len__(self) -> int:
        return len(self.builders)


def _builders(dest: Path, bomb_bytes: int) -> dict[str, Callable[[], Path | None]]:
    register = register_bytes()

    def put(name: str, make: Callable[[], bytes]) -> Callable[[], Path]:
        def build() -> Path:
            (dest / name).write_bytes(make())
            return dest / name
        return build

    def folder() -> Path:
        (dest / "folder.xlsx").mkdir(exist_ok=True)
        return dest / "folder.xlsx"

    def chinese() -> Path:
        path = dest / "测试 目录" / "客户 投诉 登记表.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(register)
        return path

    def xls_renamed() -> Path | None:
        xls = corpus_real_xls()
        if xls is None:
            return None
        (dest / "xls_renamed.xlsx").write_bytes(xls.read_bytes())
        return dest / "xls_renamed.xlsx"

    def corpus_real_xls() -> Path | None:
        if "xls" not in made:
            made["xls"] = real_xls(register, dest)
        return made["xls"]

    made: dict[str, Path | None] = {}
    (dest / "register.xlsx").write_bytes(register)     # the valid register: other cases link to or copy it
    out: dict[str, Callable[[], Path | None]] = {
        "register.xlsx": lambda: dest / "register.xlsx",
        "zero_byte.xlsx": put("zero_byte.xlsx", lambda: b""),
        "not_a_zip.xlsx": put("not_a_zip.xlsx", lambda: ",".join(HEADERS).encode("utf-8")
                              + b"\r\nTS-2026-0001,2026-01-05\r\n"),
        "pdf_named.xlsx": put("pdf_named.xlsx", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        "html_named.xls": put("html_named.xls", lambda: "<html><body><table><tr><td>编号</td></tr></table></body></html>".encode()),
        "docx_named.xlsx": put("docx_named.xlsx", _docx_bytes),
        "truncated.xlsx": put("truncated.xlsx", lambda: register[: len(register) // 2]),
        "xlsx_renamed.xls": put("xlsx_renamed.xls", lambda: register),
        "encrypted.xlsx": put("encrypted.xlsx", lambda: _encrypt(register)),
        "billion_laughs.xlsx": put("billion_laughs.xlsx", lambda: _with_doctype(register, SHEET, _LAUGHS, "&lol9;")),
        "external_entity.xlsx": put("external_entity.xlsx", lambda: _with_doctype(register, SHEET, _XXE, "&xxe;")),
        "doctype_in_styles.xlsx": put("doctype_in_styles.xlsx", lambda: _with_doctype(register, STYLES, _XXE, None)),
        "doctype_after_comment.xlsx": put("doctype_after_comment.xlsx", lambda: _with_doctype(
            register, SHEET, "<!--" + " " * 20000 + "-->" + _XXE, None)),
        "lying_size.xlsx": put("lying_size.xlsx", _lying_size),
        "zip_bomb.xlsx": lambda: _zip_bomb(dest / "zip_bomb.xlsx", bomb_bytes),
        "no_header.xlsx": put("no_header.xlsx", lambda: _workbook([[i, i * 10, i * 100] for i in range(1, 6)])),
        "duplicate_headers.xlsx": put("duplicate_headers.xlsx", lambda: _workbook(
            [HEADERS + ["编号"], *[r + [r[0]] for r in ROWS]])),
        "header_in_merged.xlsx": put("header_in_merged.xlsx", _header_in_merged),
        "million_rows.xlsx": lambda: _million_rows(dest / "million_rows.xlsx", full=False),
        "far_cell.xlsx": put("far_cell.xlsx", _far_cell),
        "far_cell_small_dimension.xlsx": put("far_cell_small_dimension.xlsx", lambda: _far_cell('<dimension ref="A1:Z1"/>')),
        "million_rows_full.xlsx": lambda: _million_rows(dest / "million_rows_full.xlsx", full=True),
        "folder.xlsx": folder,
        "missing.xlsx": lambda: dest / "missing.xlsx",
        "unwritable_output": lambda: unwritable_folder(dest),
        "chinese_path": chinese,
    }
    for name in OFFICE_PC_CASES:
        out[name] = (lambda name: lambda: office_pc_case(dest, register, name))(name)
    if SOFFICE.exists():
        out["real.xls"] = corpus_real_xls
        out["xls_renamed.xlsx"] = xls_renamed
    return out


def unwritable_folder(dest: Path) -> Path:
    """A folder path nobody can create, root included: it lies under a regular file."""
    blocker = Path(dest) / "file.txt"
    blocker.write_text("这是一个普通文件,不是文件夹\n", encoding="utf-8")
    return blocker / "out"


# ---------------------------------------------------------------- workbooks other programs touched

OFFICE_PC_CASES = ("error_values.xlsx", "blank_date.xlsx", "uncached_formulas.xlsx", "date1904.xlsx",
                   "absurd_dates.xlsx", "strict_ooxml.xlsx", "odd_sheet_name.xlsx", "symlink.xlsx")


def office_pc_case(dest: Path, register: bytes, name: str) -> Path:
    """A register as a real office PC has it (issue 19): error values and a blank in 登记日期 (column B),
    编号 as formulas never calculated, the 1904 date system with plain-number dates, absurd dates,
    Strict Open XML, a sheet name Excel never writes, a register reached through a symbolic link."""
    def edited(edit) -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(register))
        edit(wb, wb["投诉登记"])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    def errors(_wb, ws):
        ws["B3"], ws["B4"] = "#REF!", "#N/A"

    def blank(_wb, ws):
        ws["B3"] = None

    def formulas(_wb, ws):
        for r in range(2, 5):
            ws[f"A{r}"] = '="TS-2026-"&TEXT(ROW()-1,"0000")'

    def mac(wb, ws):
        wb.epoch = CALENDAR_MAC_1904
        ws["B3"] = (dt.date(2026, 1, 6) - dt.date(1904, 1, 1)).days

    def absurd(_wb, ws):
        ws["B3"], ws["B4"] = dt.datetime(9999, 12, 31), dt.datetime(1900, 1, 1)

    path = Path(dest) / name
    if name == "symlink.xlsx":      # to the valid register, written when the corpus was made
        path.unlink(missing_ok=True)
        path.symlink_to(Path(dest) / "register.xlsx")
        return path
    make = {"error_values.xlsx": lambda: edited(errors), "blank_date.xlsx": lambda: edited(blank),
            "uncached_formulas.xlsx": lambda: edited(formulas), "date1904.xlsx": lambda: edited(mac),
            "absurd_dates.xlsx": lambda: edited(absurd), "strict_ooxml.xlsx": lambda: strict_ooxml(register),
            "odd_sheet_name.xlsx": lambda: _rewrite(register, {"xl/workbook.xml": lambda xml: xml.replace(
                'name="投诉登记"', 'name="投诉/登记[1]"')})}[name]
    path.write_bytes(make())
    return path


_STRICT = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
           "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
           "http://purl.oclc.org/ooxml/officeDocument/relationships"}


def strict_ooxml(data: bytes) -> bytes:
    """The workbook in Strict Open XML: the same parts under the purl.oclc.org namespaces."""
    def strict(xml: str) -> str:
        for transitional, new in _STRICT.items():
            xml = xml.replace(transitional, new)
        return xml
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]
    return _rewrite(data, dict.fromkeys(names, strict))


# ---------------------------------------------------------------- small valid workbooks

def _workbook(rows: list[list], merge: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "投诉登记"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def register_bytes() -> bytes:
    return _workbook([HEADERS, *ROWS])


def _header_in_merged() -> bytes:
    """Every header cell merged vertically over rows 1-2; data from row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "投诉登记"
    for col, text in enumerate(HEADERS, start=1):
        ws.cell(row=1, column=col, value=text)
        ws.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)
    for r, row in enumerate(ROWS, start=3):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", _XML_DECL + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    return buf.getvalue()


def _encrypt(data: bytes, password: str = "1234") -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def real_xls(register: bytes, dest: Path) -> Path | None:
    """Convert the register to BIFF8 .xls with LibreOffice headless; None when it is not installed."""
    if not SOFFICE.exists():
        return None
    with tempfile.TemporaryDirectory(prefix="kefu_lo_") as tmp:
        src = Path(tmp) / "register.xlsx"
        src.write_bytes(register)
        profile = Path(tmp) / "profile"
        cmd = [str(SOFFICE), "--headless", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "xls", "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=False, capture_output=True, timeout=120)
        made = Path(tmp) / "register.xls"
        if not made.exists():
            return None
        target = Path(dest) / "real.xls"
        shutil.copyfile(made, target)
    return target


# ---------------------------------------------------------------- XML attacks

_LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + "]>")
_XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_doctype(data: bytes, part: str, doctype: str, entity: str | None) -> bytes:
    """Copy the zip, putting ``doctype`` after the XML declaration of ``part`` and ``entity`` in a cell."""
    def edit(xml: str) -> str:
        if entity:
            xml = xml.replace("<t>", "<t>" + entity, 1)
        decl_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
        return xml[:decl_end] + doctype + xml[decl_end:]
    return _rewrite(data, {part: edit})


def _rewrite(data: bytes, edits: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in edits:
                body = edits[info.filename](body.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, body)
    return buf.getvalue()


# ---------------------------------------------------------------- big things, streamed

def _package(zf: zipfile.ZipFile) -> None:
    """The parts around one worksheet: content types, relationships, workbook."""
    zf.writestr("[Content_Types].xml", _XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"))
    zf.writestr("_rels/.rels", _XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"))
    zf.writestr("xl/workbook.xml", _XML_DECL + (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="投诉登记" sheetId="1" r:id="rId1"/></sheets></workbook>'))
    zf.writestr("xl/_rels/workbook.xml.rels", _XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"))


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _col(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def _million_rows(path: Path, *, full: bool) -> Path:
    """full=False: header + 10 rows + a value in A1048576; full=True: 1,048,576 rows of one short cell."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        _package(zf)
        with zf.open(SHEET, "w") as fh:
            fh.write((_XML_DECL + _SHEET_OPEN).encode())
            if full:
                for start in range(1, MAX_ROW + 1, 65536):
                    block = "".join(f'<row r="{r}"><c r="A{r}"><v>{r % 10}</v></c></row>'
                                    for r in range(start, min(start + 65536, MAX_ROW + 1)))
                    fh.write(block.encode())
            else:
                rows = [HEADERS] + [[f"TS-2026-{i:04d}", "2026-01-05", "客户", "1栋101", "138", "摘要", "工程部", ""]
                                    for i in range(1, 11)]
                for r, row in enumerate(rows, start=1):
                    cells = "".join(_inline(f"{_col(c)}{r}", v) for c, v in enumerate(row) if v)
                    fh.write(f'<row r="{r}">{cells}</row>'.encode())
                fh.write(f'<row r="{MAX_ROW}">{_inline(f"A{MAX_ROW}", "末行")}</row>'.encode())
            fh.write(_SHEET_CLOSE.encode())
    return path


def _far_cell(dimension: str = "") -> bytes:
    """A header and one cell at XFD1048576: a 400-byte file whose used range is 17 billion cells
    (``dimension``: what the sheet declares its used range to be, a lie)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        _package(zf)
        cells = "".join(_inline(f"{_col(c)}1", text) for c, text in enumerate(HEADERS))
        opening = _SHEET_OPEN.replace("<sheetData>", dimension + "<sheetData>")
        zf.writestr(SHEET, _XML_DECL + opening + f'<row r="1">{cells}</row>'
                    + f'<row r="{MAX_ROW}">{_inline(f"XFD{MAX_ROW}", "远")}</row>' + _SHEET_CLOSE)
    return buf.getvalue()


def _zip_bomb(path: Path, total: int) -> Path:
    """A worksheet that inflates to ``total`` bytes (identical rows, ~870:1), written chunk by chunk.
    zipfile counts and checksums every byte; each chunk is deflated once (see ``_DeflateOnce``)."""
    row = ("<row>" + _inline("A1", "炸" * 10000) + "</row>").encode()
    chunk = row * max(1, (1 << 20) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _package(zf)
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            fh._compressor = _DeflateOnce()   # zipfile's deflater of this member (3.10-3.13; else only slower)
            fh.write((_XML_DECL + _SHEET_OPEN).encode())
            written = 0
            while written < total:
                fh.write(chunk)
                written += len(chunk)
            fh.write(_SHEET_CLOSE.encode())
    return path


class _DeflateOnce:
    """A member's deflater that makes each piece written its own deflate block (flushed to a byte
    boundary, referring to nothing before it), so a piece written again (the same object) reuses its
    block: a valid stream of the same bytes, built in a tenth of a second instead of six."""

    def __init__(self):
        self.last, self.block = None, b""

    def compress(self, data: bytes) -> bytes:
        if data is not self.last:
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.last, self.block = data, deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)
        return self.block

    def flush(self) -> bytes:
        return zlib.compressobj(6, zlib.DEFLATED, -15).flush()     # the final (empty) block


def _lying_size() -> bytes:
    """A sheet of ~100 MB whose central directory and local header claim 200 bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        _package(zf)
        with zf.open(SHEET, "w") as fh:
            fh.write((_XML_DECL + _SHEET_OPEN).encode())
            row = ("<row>" + _inline("A1", "x" * 1000) + "</row>").encode()
            for _ in range(100):
                fh.write(row * 1000)
            fh.write(_SHEET_CLOSE.encode())
    data = bytearray(buf.getvalue())
    name = SHEET.encode()
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig + b"", 0)
        while pos >= 0:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                struct.pack_into("<L", data, pos + size_at, 200)
            pos = data.find(sig, pos + 4)
    return bytes(data)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kefu_corpus_"))
    started = time.perf_counter()
    cases = build_corpus(target)
    print(f"{len(cases)} cases in {time.perf_counter() - started:.1f} s under {target}")
    for case, where in cases.items():
        size = where.stat().st_size if where.is_file() else "-"
        print(f"  {case:28} {size}")
