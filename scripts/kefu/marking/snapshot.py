"""What a workbook holds, for checking that a write changed nothing but kefu's marks.

``take_snapshot`` records every non-empty cell value (python-calamine, independent of openpyxl), the
number format of every cell from the raw XML (openpyxl reads Chinese built-in date formats as
"General", so it cannot be trusted to check itself), and the sheet list (calamine and openpyxl).
``differences`` lists, in Chinese, every change outside the cells kefu was allowed to write.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles.numbers import BUILTIN_FORMATS
from python_calamine import CalamineWorkbook

from kefu.core.normalize import column_index, column_letter
from kefu.read.ooxml import sheet_parts

_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)/?>')
_ATTR_R = re.compile(rb'\br="([A-Z]+\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_XF_NUMFMT = re.compile(rb'\bnumFmtId="(\d+)"')


@dataclass
class Snapshot:
    sheets: list[str]                                 # calamine's order
    sheets_openpyxl: list[str]
    values: dict[str, dict[tuple[int, int], object]]  # sheet -> (row, col) 1-based -> value
    formats: dict[str, dict[tuple[int, int], str]]    # sheet -> (row, col) -> number format code


def take_snapshot(path: Path) -> Snapshot:
    path = Path(path)
    book = CalamineWorkbook.from_path(str(path))
    values = {name: _values(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
              for name in book.sheet_names}
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        opx_names = list(wb.sheetnames)
    finally:
        wb.close()
    return Snapshot(list(book.sheet_names), opx_names, values, cell_formats(path))


def _values(rows: list[list]) -> dict[tuple[int, int], object]:
    out = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                out[(r, c)] = value
    return out


def cell_formats(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """sheet -> (row, col) -> the number format code of every cell that names a style."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        codes = _style_codes(zf.read("xl/styles.xml")) if "xl/styles.xml" in names else []
        out = {}
        for sheet, part in sheet_parts(zf).items():
            cells = {}
            for attrs in _CELL.findall(zf.read(part)):
                ref, style = _ATTR_R.search(attrs), _ATTR_S.search(attrs)
                if ref:
                    index = int(style.group(1)) if style else 0
                    cells[_rowcol(ref.group(1).decode())] = codes[index] if index < len(codes) else f"xf#{index}"
            out[sheet] = cells
    return out


def _style_codes(styles: bytes) -> list[str]:
    custom = {int(i): html.unescape(code.decode("utf-8")) for i, code in _NUMFMT.findall(styles)}
    block = _CELLXFS.search(styles)
    codes = []
    for attrs in _XF.findall(block.group(0) if block else b""):
        m = _XF_NUMFMT.search(attrs)
        fmt_id = int(m.group(1)) if m else 0
        codes.append(custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id) or f"builtin#{fmt_id}")
    return codes


def _rowcol(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")   # a reference _ATTR_R matched: letters, then digits
    return int(ref[len(letters):]), column_index(letters) + 1


def differences(before: Snapshot, after: Snapshot, allowed: dict[str, set[int]]) -> list[str]:
    """Chinese lines for every change; ``allowed`` = sheet -> column numbers kefu may write (status)."""
    out = []
    if before.sheets != after.sheets or before.sheets_openpyxl != after.sheets_openpyxl:
        out.append(f"工作表变了:原来 {'、'.join(before.sheets)},现在 {'、'.join(after.sheets)}")
        return out
    for sheet in before.sheets:
        free = allowed.get(sheet, set())
        out += _compare(sheet, "内容", before.values.get(sheet, {}), after.values.get(sheet, {}), free)
        out += _compare(sheet, "数字格式", before.formats.get(sheet, {}), after.formats.get(sheet, {}), free)
    return out


def _compare(sheet: str, what: str, old: dict, new: dict, free: set[int]) -> list[str]:
    out = []
    for key in sorted(set(old) | set(new)):
        if key[1] in free or old.get(key) == new.get(key):
            continue
        if what == "数字格式" and (key not in old or key not in new):
            # a style attribute may appear on a cell that had none (kefu filled it) or vanish on an
            # empty cell; only a changed code on both sides, or a lost code on a value, is a change
            if old.get(key, "General") == new.get(key, "General"):
                continue
        out.append(f"工作表「{sheet}」{_ref(key)} 的{what}由「{old.get(key, '')}」变为「{new.get(key, '')}」")
        if len(out) >= 5:
            break
    return out


def _ref(key: tuple[int, int]) -> str:
    return f"{column_letter(key[1] - 1)}{key[0]}"
