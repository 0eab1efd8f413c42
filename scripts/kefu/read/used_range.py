"""The safety bound: refuse a worksheet whose used range would exceed ``[limits] max_cells``.

python-calamine allocates rows x columns of a sheet's used range before it reads a cell, so a single
stray cell at XFD1048576 in a 400-byte file would take the process down. Each worksheet is streamed
(inflated a megabyte at a time, memory stays flat).

A sheet that declares its used range (``<dimension ref="A1:AA3000"/>``, as Excel, LibreOffice, openpyxl
and XlsxWriter write it) within the bound is accepted when no cell tag lies outside it: one regular-expression search per
chunk, which finds any cell whose reference is missing, odd or beyond the declared corner. Any other
sheet is measured: every row and cell tag is placed as calamine places it (by its reference, else in
the next column or row after the one before).
"""
from __future__ import annotations

import re
import zipfile
from itertools import chain
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.core.normalize import column_index
from kefu.read.ooxml import MB, read_part_limited, relationships, rels_path
from kefu.read.ooxml import sheet_parts as named_sheet_parts
from kefu.read.raw_cells import PartScan, cell_aligned_chunks

MAX_CELLS = 10_000_000           # calamine allocates rows x columns of the used range (~50 bytes each)
_TAG = re.compile(rb'<(?:\w+:)?(row|c)\b(?:[^>]*?\sr="([A-Z]*)([0-9]*)")?[^>]*>')
_ODD_CELL = re.compile(rb'<c[\t\n\r>/]')                 # a cell tag not followed by a blank
_PREFIXED_CELL = re.compile(rb'<\w+:c[\s/>]')             # <x:c ...>
_PREFIXED_TAIL = re.compile(rb':c[\s/>]')                 # its tail: a search led by a rare byte, fast
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_CELL_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([1-9][0-9]{0,6})"')


def check_used_ranges(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                      max_cells: int) -> dict[str, PartScan]:
    """Raise InputError naming the sheet when max row x max column of one exceeds ``max_cells``.

    The same pass finds the error cells and formulas without a saved value: returned per worksheet part,
    for ``raw_cells``."""
    scans: dict[str, PartScan] = {}
    for name in sheet_parts(zf, infos):
        scans[name] = PartScan()
        if within_declared_range(zf, name, max_cells, scans[name]):
            continue
        scans[name] = PartScan()     # measured from the start
        rows, cols = used_extent(zf, name, scans[name])
        if rows * cols > max_cells:
            raise InputError(
                f"{where(path)}中的工作表 {name} 的使用范围达 {rows} 行 × {cols} 列,超过 {max_cells} 个单元格的上限,"
                "请在 Excel 中删除末尾的空行空列(或多余的远端单元格)后另存一份再试。")
    return scans


def sheet_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[str]:
    """Every part calamine may read as a worksheet: those the workbook's sheets name (``ooxml.sheet_parts``),
    those xl/_rels/workbook.xml.rels calls worksheets, and anything under xl/worksheets/."""
    names = {i.filename for i in infos}
    found = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    rels = rels_path("xl/workbook.xml")
    if rels in names:
        found.update(rel.target for rel in relationships(read_part_limited(zf, rels, 4 * MB), "xl/workbook.xml")
                     if rel.type.endswith("/worksheet"))
        found.update(named_sheet_parts(zf).values())
    return sorted(found & names)


def within_declared_range(zf: zipfile.ZipFile, name: str, max_cells: int, scan: PartScan | None = None) -> bool:
    """True when the part declares a used range of at most ``max_cells`` and every cell tag reads
    ``<c r="..."`` with a reference inside it (calamine then allocates no more than that range)."""
    chunks = cell_aligned_chunks(zf, name)
    first = next((chunk for chunk in chunks if chunk), b"")
    declared = _DIMENSION.search(first)
    if declared is None or _column(declared.group(1)) * int(declared.group(2)) > max_cells:
        return False
    inside = _at_most(declared.group(1).decode(), "A", "A-Z") + _at_most(declared.group(2).decode(), "1", "0-9")
    outside = re.compile(rb'<c(?=[\s/>])(?!\sr="' + inside.encode() + rb'")')
    for chunk in chain([first], chunks):
        if scan is not None:
            scan.feed(chunk)
        if outside.search(chunk) or _prefixed_cell(chunk):
            return False
    return True


def _prefixed_cell(chunk: bytes) -> bool:
    return _PREFIXED_TAIL.search(chunk) is not None and _PREFIXED_CELL.search(chunk) is not None


def _at_most(limit: str, lowest_first: str, places: str) -> str:
    """A regular expression for the numerals (column letters, row numbers) that count at most ``limit``:
    fewer places (never starting below ``lowest_first``: no zero-padded row), or as many and, at the
    first place where they differ, a smaller one. No empty repeats ({0}, {0,0}): each costs the regular
    expression engine a step per cell."""
    n, last = len(limit), places[-1]
    shorter = [_span(lowest_first, last) + _repeat(places, 0, n - 2)] if n > 1 else []
    same = [limit[:i] + _span(low, chr(ord(ch) - 1)) + _repeat(places, n - i - 1, n - i - 1)
            for i, (ch, low) in enumerate(zip(limit, [lowest_first] + [places[0]] * n)) if ch > low]
    return "(?:" + "|".join(shorter + same + [limit]) + ")"


def _span(low: str, high: str) -> str:
    return low if low == high else f"[{low}-{high}]"


def _repeat(places: str, least: int, most: int) -> str:
    """[places] repeated least..most times ("" for none)."""
    if most == 0:
        return ""
    return f"[{places}]" + ("" if least == most == 1 else f"{{{least}}}" if least == most else f"{{{least},{most}}}")


def used_extent(zf: zipfile.ZipFile, name: str, scan: PartScan | None = None) -> tuple[int, int]:
    """(max row, max column) where calamine would place the cells of a worksheet part.

    Worksheets as Excel, WPS, LibreOffice, openpyxl and XlsxWriter write them give every cell tag a
    reference (``<c r="B7"``): the extent is then the largest reference, found with a few regular
    expressions per chunk. Any other part (a cell without a reference, namespace prefixes, odd
    blanks) is walked tag by tag as calamine places cells.
    """
    extent = _extent_by_references(zf, name, scan)
    if extent is not None:
        return extent
    if scan is not None:
        scan.clear()   # the walk reads the part again from the start
    return _extent_by_walk(zf, name, scan)


def _extent_by_references(zf: zipfile.ZipFile, name: str, scan: PartScan | None = None) -> tuple[int, int] | None:
    """The extent when every cell tag starts ``<c r="`` with 1-3 letters and 1-7 digits, else None.
    Rows then do not matter: calamine places a cell by its reference."""
    max_row = max_col = 0
    for chunk in cell_aligned_chunks(zf, name):
        if scan is not None:
            scan.feed(chunk)
        cells = chunk.count(b'<c r="')
        if chunk.count(b"<c ") != cells or _ODD_CELL.search(chunk) or _prefixed_cell(chunk):
            return None
        rows = _CELL_ROW.findall(chunk)
        if len(rows) != cells:
            return None
        max_row = max(max_row, max(map(int, rows), default=0))
        max_col = max(max_col, max(map(_column, set(_CELL_LETTERS.findall(chunk))), default=0))
    return max_row, max_col


def _extent_by_walk(zf: zipfile.ZipFile, name: str, scan: PartScan | None = None) -> tuple[int, int]:
    """The extent tag by tag: a row tag moves to its row (or the next), a cell to its reference (or the
    next column)."""
    row = col = max_row = max_col = 0
    for chunk in cell_aligned_chunks(zf, name):
        if scan is not None:
            scan.feed(chunk)
        for kind, letters, digits in _TAG.findall(chunk):
            if kind == b"row":
                row, col = (int(digits) if digits else row + 1), 0
            else:
                col = _column(letters) if letters else col + 1
                row = int(digits) if digits else row
            max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


def _column(letters: bytes) -> int:
    """Column letters of a cell reference -> the 1-based column number (A -> 1)."""
    return column_index(letters.decode("ascii")) + 1
