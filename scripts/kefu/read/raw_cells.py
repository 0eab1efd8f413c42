"""What calamine does not tell about an .xlsx: error values, formulas without a saved result, 1904 dates.

calamine gives an empty cell for ``#REF!`` / ``#N/A`` / ``#VALUE!`` / ``#DIV/0!`` and for a formula whose
result was never saved (a workbook written by a program and never opened in Excel), and it converts a
plain number with the 1900 date system whatever the workbook uses. ``raw_cells`` reads the parts
directly (each worksheet streamed a megabyte at a time, a chunk cut after a whole cell) and returns
what the readers need to say so: per sheet name, the error cells and the formula cells without a value,
and whether the workbook counts dates from 1904.

The worksheets are inflated once per run: the used-range scan (``read.used_range``), which streams every
worksheet anyway before calamine opens the file, feeds each chunk to a ``PartScan`` and returns them (per
part); the reader hands them to ``raw_cells``, which only scans a part itself when it was given none.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kefu.read.ooxml import MB, WORKBOOK_LIMIT, read_part_limited, sheet_parts

CHUNK_BYTES = MB
_DATE1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')
_ERROR = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*?\st="e"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
                    rb'<v>([^<]*)</v>')
_UNCACHED = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')
_CELL_END = b"</c>"
_LONGEST_TAG = 65536             # a tag is never longer: what is carried over to the next chunk at most


class PartScan:
    """Error cells and formula cells without a value of one worksheet part, fed chunk by chunk."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.uncached: list[str] = []

    def clear(self) -> None:
        self.errors.clear()
        self.uncached.clear()

    def feed(self, chunk: bytes) -> None:
        # one rare byte first (memchr speed): every error value starts with "#", every formula tag has an
        # "f", which a register's cell XML otherwise hardly holds; then the longer, slower searches
        if b"#" in chunk and b'"e"' in chunk:
            self.errors.update((ref.decode(), html.unescape(value.decode("utf-8", "replace")))
                               for ref, value in _ERROR.findall(chunk))
        if b"f" in chunk and b"<f" in chunk:
            self.uncached.extend(ref.decode() for ref in _UNCACHED.findall(chunk))


@dataclass
class RawCells:
    date1904: bool = False
    errors: dict[str, dict[str, str]] = field(default_factory=dict)   # sheet -> cell ("B7") -> "#REF!"
    uncached: dict[str, list[str]] = field(default_factory=dict)      # sheet -> formula cells without a value


def raw_cells(path: Path, sheet_names: list[str] | None = None,
              scans: dict[str, PartScan] | None = None) -> RawCells:
    """Read ``path`` (an .xlsx already checked by filecheck); an .xls or an unexpected layout gives an
    empty RawCells (nothing more to say than calamine does). ``scans``: the worksheet parts' scans the
    used-range check made of this file (``read.filecheck.checked_workbook``), so they are not read again."""
    out = RawCells()
    if not zipfile.is_zipfile(path):
        return out
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            return out
        workbook = read_part_limited(zf, "xl/workbook.xml", WORKBOOK_LIMIT)
        out.date1904 = bool(_DATE1904.search(workbook))
        known = scans or {}
        for sheet, part in sheet_parts(zf, workbook).items():
            if sheet_names is not None and sheet not in sheet_names:
                continue
            scan = known.get(part) or _scan(zf, part)
            if scan.errors:
                out.errors[sheet] = scan.errors
            if scan.uncached:
                out.uncached[sheet] = scan.uncached
    return out


def _scan(zf: zipfile.ZipFile, part: str) -> PartScan:
    scan = PartScan()
    for chunk in cell_aligned_chunks(zf, part):
        scan.feed(chunk)
    return scan


def cell_aligned_chunks(zf: zipfile.ZipFile, part: str):
    """The part's bytes about a megabyte at a time, each chunk cut just after a ``</c>`` (no cell is split)
    or, where none is near the end of a long stretch, just before a ``<`` (no tag is split)."""
    carry = b""
    with zf.open(part) as fh:
        while data := fh.read(CHUNK_BYTES):
            data = carry + data
            cut = _cut(data)
            carry = data[cut:][-_LONGEST_TAG:]
            yield data[:cut]
    yield carry


def _cut(data: bytes) -> int:
    """Where to end a chunk: after the last whole cell; nothing yet while a short stretch holds none."""
    end = data.rfind(_CELL_END)
    if end >= 0 and len(data) - end <= _LONGEST_TAG:
        return end + len(_CELL_END)
    if len(data) <= _LONGEST_TAG:
        return 0
    cut = data.rfind(b"<")
    return cut if cut >= 0 else len(data)
