"""The safety bound for .ods: refuse a sheet whose filled range would exceed ``[limits] max_cells``.

An OpenDocument sheet repeats rows and cells by count (table:number-rows-repeated="20000",
table:number-columns-repeated="5000"), and calamine expands every repeat of a cell that holds a value:
a 10 KB file can ask for 10^8 cells and abort the process. content.xml is streamed a megabyte at a
time and, per sheet, the last row and the widest column that hold a value are counted with their
repeats (empty repeats, as LibreOffice writes them to the end of the sheet, cost nothing).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.read.ooxml import MB

_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,12})"')
_COLS = re.compile(rb'table:number-columns-repeated="(\d{1,12})"')
_LONGEST_TAG = 65536


class _Extent:
    """Rows and columns a sheet fills, counted tag by tag."""

    def __init__(self):
        self.row = self.rows = self.cols = 0
        self.repeat, self.col, self.filled = 1, 0, False

    def tag(self, closing: bool, name: bytes, attrs: bytes, empty: bool) -> None:
        if name == b"table-row":
            if closing:
                if self.filled:
                    self.rows = self.row + self.repeat
                self.row += self.repeat
            else:
                m = _ROWS.search(attrs)
                self.repeat, self.col, self.filled = int(m.group(1)) if m else 1, 0, False
        elif not closing and name != b"table":
            m = _COLS.search(attrs)
            count = int(m.group(1)) if m else 1
            if b"office:value-type" in attrs or not empty:
                self.filled = True
                self.cols = max(self.cols, self.col + count)
            self.col += count


def check_ods_range(path: Path, zf: zipfile.ZipFile, max_cells: int) -> None:
    """Raise InputError naming the sheet (by order) whose filled rows x columns exceed ``max_cells``."""
    with zf.open("content.xml") as part:
        carry, sheet, extent = b"", 0, None
        while True:
            chunk = part.read(MB)
            data = carry + chunk
            end = 0
            for m in _TAG.finditer(data):
                closing, name = bool(m.group(1)), m.group(2)
                if name == b"table":
                    _check(path, sheet, extent, max_cells)
                    sheet, extent = (sheet + (0 if closing else 1)), (None if closing else _Extent())
                elif extent is not None:
                    extent.tag(closing, name, m.group(3), bool(m.group(4)))
                end = m.end()
            if not chunk:
                break
            carry = data[max(end, len(data) - _LONGEST_TAG):]
    _check(path, sheet, extent, max_cells)


def _check(path: Path, sheet: int, extent: _Extent | None, max_cells: int) -> None:
    if extent is not None and extent.rows * extent.cols > max_cells:
        raise InputError(
            f"{where(path)}中的第 {sheet} 个工作表使用范围达 {extent.rows} 行 × {extent.cols} 列,超过 "
            f"{max_cells} 个单元格的上限,请删除末尾的空行空列后另存为 .xlsx 再试。")
