"""Hostile and awkward workbooks, built from scratch (nothing binary is committed).

``build_corpus(dest)`` returns {case name: path}. Cases needing LibreOffice (a real .xls) are left out
when /usr/bin/soffice is missing; tests skip them. Run ``python tests/hostile_corpus.py DIR`` to build
the corpus by hand and print how long each case took.
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
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    register = register_bytes()
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        out[name] = dest / name
        out[name].write_bytes(data)

    put("register.xlsx", register)
    put("zero_byte.xlsx", b"")
    put("not_a_zip.xlsx", ",".join(HEADERS).encode("utf-8") + b"\r\nTS-2026-0001,2026-01-05\r\n")
    put("pdf_named.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    put("html_named.xls", "<html><body><table><tr><td>编号</td></tr></table></body></html>".encode())
    put("docx_named.xlsx", _docx_bytes())
    put("truncated.xlsx", register[: len(register) // 2])
    put("xlsx_renamed.xls", register)
    put("encrypted.xlsx", _encrypt(register))
    put("billion_laughs.xlsx", _with_doctype(register, SHEET, _LAUGHS, "&lol9;"))
    put("external_entity.xlsx", _with_doctype(register, SHEET, _XXE, "&xxe;"))
    put("doctype_in_styles.xlsx", _with_doctype(register, STYLES, _XXE, None))
    put("doctype_after_comment.xlsx", _with_doctype(register, SHEET, "<!--" + " " * 20000 + "-->" + _XXE, None))
    put("lying_size.xlsx", _lying_size())
    out["zip_bomb.xlsx"] = _zip_bomb(dest / "zip_bomb.xlsx", bomb_bytes)
    put("no_header.xlsx", _workbook([[i, i * 10, i * 100] for i in range(1, 6)]))
    put("duplicate_headers.xlsx", _workbook([HEADERS + ["编号"], *[r + [r[0]] for r in ROWS]]))
    put("header_in_merged.xlsx", _header_in_merged())
    out["million_rows.xlsx"] = _million_rows(dest / "million_rows.xlsx", full=False)
    put("far_cell.xlsx", _far_cell())
    put("far_cell_small_dimension.xlsx", _far_cell('<dimension ref="A1:Z1"/>'))
    out["million_rows_full.xlsx"] = _million_rows(dest / "million_rows_full.xlsx", full=True)
    (dest / "folder.xlsx").mkdir(exist_ok=True)
    out["folder.xlsx"] = dest / "folder.xlsx"
    out["missing.xlsx"] = dest / "missing.xlsx"
    out["unwritable_output"] = unwritable_folder(dest)
    chinese = dest / "测试 目录" / "客户 投诉 登记表.xlsx"
    chinese.parent.mkdir(exist_ok=True)
    chinese.write_bytes(register)
    out["chinese_path"] = chinese
    out.update(office_pc_cases(dest, register))
    xls = real_xls(register, dest)
    if xls is not None:
        out["real.xls"] = xls
        put("xls_renamed.xlsx", xls.read_bytes())
    return out


def unwritable_folder(dest: Path) -> Path:
    """A folder path nobody can create, root included: it lies under a regular file."""
    blocker = Path(dest) / "file.txt"
    blocker.write_text("这是一个普通文件,不是文件夹\n", encoding="utf-8")
    return blocker / "out"


# ---------------------------------------------------------------- workbooks other programs touched

def office_pc_cases(dest: Path, register: bytes) -> dict[str, Path]:
    """Registers as a real office PC has them (issue 19): error values and a blank in 登记日期 (column B),
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

    made = {"error_values.xlsx": edited(errors), "blank_date.xlsx": edited(blank),
            "uncached_formulas.xlsx": edited(formulas), "date1904.xlsx": edited(mac),
            "absurd_dates.xlsx": edited(absurd), "strict_ooxml.xlsx": strict_ooxml(register),
            "odd_sheet_name.xlsx": _rewrite(register, {"xl/workbook.xml": lambda xml: xml.replace(
                'name="投诉登记"', 'name="投诉/登记[1]"')})}
    out = {}
    for name, data in made.items():
        out[name] = Path(dest) / name
        out[name].write_bytes(data)
    link = Path(dest) / "symlink.xlsx"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(dest) / "register.xlsx")
    out["symlink.xlsx"] = link
    return out


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
    """A worksheet that inflates to ``total`` bytes (identical rows, ~1000:1), written chunk by chunk."""
    row = ("<row>" + _inline("A1", "炸" * 10000) + "</row>").encode()
    chunk = row * max(1, (1 << 20) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _package(zf)
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            fh.write((_XML_DECL + _SHEET_OPEN).encode())
            written = 0
            while written < total:
                fh.write(chunk)
                written += len(chunk)
            fh.write(_SHEET_CLOSE.encode())
    return path


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
