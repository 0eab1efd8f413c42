"""Writing into 回访记录.xlsx by editing its worksheet XML as text: every other part as it was.

openpyxl rebuilds a workbook from its own model: loading and saving years of callback rows took seconds
(most of the job's time on five years of rows) and drops what its model does not hold. Here the rows of
the day go after the last used row, the settled rows get their note and grey type, xl/styles.xml gets the
few styles these need (``xlsx_styles``); every other part is copied unchanged, settled rows that are not
marked today are not touched. Text is written as inline strings (t="inlineStr"), never as a formula.

Whatever this does not expect (a 1904 date system, cells without references, tags with a namespace
prefix, no 登记表回访 column yet, ...) raises ``Unexpected`` before anything is written: the caller then
writes with openpyxl as before.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from openpyxl.utils import column_index_from_string, get_column_letter

from kefu.core.atomic import atomic_path
from kefu.core.lazy_pattern import LazyPattern
from kefu.core.safe_text import xml_safe
from kefu.outputs.callbacks.xlsx_styles import S, Styles, Unexpected, set_attr
from kefu.outputs.cell_fit import fitting_height
from kefu.read.ooxml import relationships, rels_path, sheet_parts
from kefu.read.table import header_key

NOTE_WIDTH = 22   # the 登记表回访 column as kefu adds it (sheet._WIDTHS)
_ROW = LazyPattern(r"<row\b[^>]*?(?:/>|>.*?</row>)", S)
_ROW_R = LazyPattern(r'^<row\b[^>]*?\sr="(\d+)"')
_CELL = LazyPattern(r"<c\b[^>]*?(?:/>|>.*?</c>)", S)
_CELL_R = LazyPattern(r'^<c\b[^>]*?\sr="([A-Z]+)(\d+)"')
_CELL_S = LazyPattern(r'^<c\b[^>]*?\ss="(\d+)"')
_CELL_T = LazyPattern(r'^<c\b[^>]*?\st="(\w+)"')
_VALUE = LazyPattern(r"<v>(.*?)</v>", S)
_TEXT = LazyPattern(r"<t\b[^>]*>(.*?)</t>", S)
_HAS_VALUE = LazyPattern(r"<v>|<v\s|<is>|<f[\s>]")
_SHEET_DATA = LazyPattern(r"<sheetData\b[^>]*>(.*?)</sheetData>", S)
_DIMENSION = LazyPattern(r'<dimension\b[^>]*?\sref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"[^>]*/>')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_EPOCH = dt.date(1899, 12, 30)
_COLS = LazyPattern(r"<cols>(.*?)</cols>", S)
_COL = LazyPattern(r"<col\b[^>]*?/>")
DEFAULT_WIDTH = 8.43   # Excel's width of a column never sized


@dataclass
class Sheet:
    """One worksheet part as text, its rows indexed: number -> (start, end) in ``xml``."""

    part: str
    xml: str
    rows: dict[int, tuple[int, int]]
    data: tuple[int, int]          # the content of <sheetData> in ``xml``
    header_row: int = 0
    cols: dict[str, int] | None = None
    heights: dict[int, float | None] = field(default_factory=dict)   # rows added: the height their texts need

    def row(self, r: int) -> str:
        start, end = self.rows[r]
        return self.xml[start:end]

    def last_used(self) -> int:
        """The last row holding a value (header row at least)."""
        for r in sorted(self.rows, reverse=True):
            if r <= self.header_row:
                break
            if _HAS_VALUE.search(self.row(r)):
                return r
        return self.header_row


def read_sheet(xml: str, part: str) -> Sheet:
    data = _SHEET_DATA.search(xml)
    if not data:
        raise Unexpected("sheetData")
    rows = {}
    for m in _ROW.finditer(xml, data.start(1), data.end(1)):
        number = _ROW_R.match(m.group(0))
        if not number:
            raise Unexpected("row without r")
        rows[int(number.group(1))] = m.span()
    return Sheet(part, xml, rows, data.span(1))


def cells(row_xml: str) -> tuple[str, list[tuple[int, str]]]:
    """(opening tag, [(column, cell xml)]) of a row element; cells without a reference are unexpected."""
    if row_xml.endswith("/>") and "</row>" not in row_xml:
        return row_xml[:-2] + ">", []
    head = row_xml[:row_xml.index(">") + 1]
    body = row_xml[len(head):-len("</row>")]
    found = []
    for m in _CELL.finditer(body):
        ref = _CELL_R.match(m.group(0))
        if not ref:
            raise Unexpected("cell without r")
        found.append((column_index_from_string(ref.group(1)), m.group(0)))
    if _CELL.sub("", body).strip():
        raise Unexpected("row content")
    return re.sub(r'\sspans="[^"]*"', "", head), found


def put(row_xml: str, new: dict[int, str], restyle=None) -> str:
    """``row_xml`` with the cells ``new`` (column -> cell xml) in place, others restyled by ``restyle``."""
    head, found = cells(row_xml)
    if restyle is not None:
        found = [(c, set_attr(x, "s", str(restyle(int(s.group(1)) if (s := _CELL_S.match(x)) else 0))))
                 for c, x in found]
    merged = dict(found)
    merged.update(new)
    return head + "".join(merged[c] for c in sorted(merged)) + "</row>"


def cell_xml(col: int, r: int, value, style: int) -> str:
    ref = f"{get_column_letter(col)}{r}"
    s = f' s="{style}"' if style else ""
    if isinstance(value, dt.datetime):
        raise Unexpected("datetime")
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{(value - _EPOCH).days}</v></c>'
    text = escape(xml_safe(str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def cell_text(cell: str, shared: dict[int, str]) -> str | None:
    kind = _CELL_T.match(cell)
    kind_name = kind.group(1) if kind else "n"
    if kind_name == "s":
        v = _VALUE.search(cell)
        return shared.get(int(v.group(1))) if v else None
    if kind_name == "inlineStr":
        return html.unescape("".join(_TEXT.findall(cell))) if "<rPh" not in cell else None
    if kind_name == "str":
        v = _VALUE.search(cell)
        return html.unescape(v.group(1)) if v else None
    return None


def shared_indices(row_xml: str) -> set[int]:
    return {int(v.group(1)) for x in _CELL.findall(row_xml)
            if (t := _CELL_T.match(x)) and t.group(1) == "s" and (v := _VALUE.search(x))}


def shared_strings(zf: zipfile.ZipFile, part: str | None, wanted: set[int]) -> dict[int, str]:
    """The shared strings of indices ``wanted``, reading xl/sharedStrings.xml only as far as needed."""
    if not wanted or part is None or part not in zf.namelist():
        return {}
    out, i, top = {}, 0, max(wanted)
    with zf.open(part) as f:
        for _event, el in ET.iterparse(f):
            if el.tag != _MAIN + "si":
                continue
            if i in wanted:
                runs = [c for c in el if c.tag == _MAIN + "t"] + \
                       [t for r in el if r.tag == _MAIN + "r" for t in r if t.tag == _MAIN + "t"]
                out[i] = "".join(t.text or "" for t in runs)
            i += 1
            el.clear()
            if i > top:
                break
    return out


def package(zf: zipfile.ZipFile) -> tuple[dict[str, str], str | None, str]:
    """(sheet name -> part, the shared-strings part, the styles part) of a workbook."""
    workbook = zf.read("xl/workbook.xml")
    if re.search(rb'date1904="(1|true)"', workbook):
        raise Unexpected("1904 dates")
    rels = relationships(zf.read(rels_path("xl/workbook.xml")), "xl/workbook.xml")
    kinds = {r.type.rsplit("/", 1)[-1]: r.target for r in rels}
    if "styles" not in kinds or kinds["styles"] not in zf.namelist():
        raise Unexpected("styles")
    return sheet_parts(zf, workbook), kinds.get("sharedStrings"), kinds["styles"]


def save(path: Path, replaced: dict[str, str]) -> None:
    """Write ``path`` again with the parts ``replaced``, every other part copied unchanged (atomically)."""
    with zipfile.ZipFile(path) as zin, atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = replaced[info.filename].encode("utf-8") if info.filename in replaced else zin.read(info)
                zout.writestr(info, data)


@dataclass
class Day:
    """What one run writes: rows (header -> value) listed on ``listed_on``, notes by row, and the
    (day, number) pairs already in the sheet (rows listed on the same day are not added twice)."""

    rows: list[dict]
    listed_on: dt.date
    notes: dict[tuple[str, int], str]
    listed: set[tuple[dt.date, str]]
    wanted: dict[str, str]          # header key -> header text
    wrap: frozenset[str]
    settled_header: str
    key: Callable[[dt.date, object], tuple[dt.date, str]]   # (day, 编号) -> the pair kept in ``listed``


def write_day(path: Path, day: Day, search_rows: int = 30) -> int:
    """Append and mark as ``day`` says, editing the XML; how many rows were added. Nothing is written
    when nothing is added or marked. Raises ``Unexpected`` (nothing written) for a workbook it cannot edit."""
    with zipfile.ZipFile(path) as zf:
        parts, shared_part, styles_part = package(zf)
        name, sheet = find_sheet(zf, parts, shared_part, day.wanted, search_rows)
        styles = Styles(zf.read(styles_part).decode("utf-8"))
    assert sheet.cols is not None
    notes = {r: text for (s, r), text in day.notes.items() if s == name}
    if notes and day.settled_header not in sheet.cols:
        raise Unexpected("no 登记表回访 column yet")
    edits = [_marked(sheet, r, sheet.cols[day.settled_header], text, styles) for r, text in sorted(notes.items())]
    last = sheet.last_used()
    new = _new_rows(sheet, day, styles, last)
    if not new and not edits:
        return 0
    edits.append(_tail(sheet, last, new))
    xml = _dimension(_apply(sheet.xml, edits), max([last, *new]), max(sheet.cols.values()))
    save(path, {sheet.part: xml, **({styles_part: styles.xml()} if styles.changed else {})})
    return len(new)


def find_sheet(zf, parts: dict[str, str], shared_part, wanted: dict[str, str], search_rows: int) -> tuple[str, Sheet]:
    """The first sheet whose header row (within ``search_rows``) holds 编号 and 清单日期."""
    for name, part in parts.items():
        sheet = read_sheet(zf.read(part).decode("utf-8"), part)
        head = [r for r in sorted(sheet.rows) if r <= search_rows]
        shared = shared_strings(zf, shared_part, set().union(*(shared_indices(sheet.row(r)) for r in head)))
        for r in head:
            cols: dict[str, int] = {}
            for col, cell in cells(sheet.row(r))[1]:
                text = cell_text(cell, shared)
                h = wanted.get(header_key(text)) if text else None
                if h and h not in cols:
                    cols[h] = col
            if "编号" in cols and "清单日期" in cols:
                sheet.header_row, sheet.cols = r, cols
                return name, sheet
    raise Unexpected("no header")


def _marked(sheet: Sheet, r: int, col: int, text: str, styles: Styles) -> tuple[int, int, str]:
    """The edit that writes ``text`` in column ``col`` of row ``r`` and greys the row's cells."""
    if r not in sheet.rows or r <= sheet.header_row:
        raise Unexpected(f"row {r}")
    start, end = sheet.rows[r]
    row = put(sheet.row(r), {col: cell_xml(col, r, text, styles.grey(styles.wrap()))}, restyle=styles.grey)
    return start, end, _taller(row, fitting_height([text], [NOTE_WIDTH]))


def _taller(row_xml: str, height: float | None) -> str:
    """The row at least ``height`` points tall (the note wraps in its column: no line of it cut off)."""
    now = re.match(r'<row\b[^>]*?\sht="([\d.]+)"', row_xml)
    if height is None or (now and float(now.group(1)) >= height):
        return row_xml
    return set_attr(set_attr(row_xml, "ht", f"{height:g}"), "customHeight", "1")


def _new_rows(sheet: Sheet, day: Day, styles: Styles, last: int) -> dict[int, dict[int, str]]:
    """Row number -> (column -> cell xml) of the rows added after ``last``; every text wraps in its column
    and the row is as tall as its texts (``_heights``), as when openpyxl writes the row."""
    assert sheet.cols is not None
    listed = set(day.listed)
    out: dict[int, dict[int, str]] = {}
    for row in day.rows:
        key = day.key(day.listed_on, row.get("编号", ""))
        if key in listed:
            continue
        listed.add(key)
        r = last + 1 + len(out)
        out[r] = {}
        for header, value in {**row, "清单日期": day.listed_on}.items():
            col = sheet.cols.get(header)
            if col is None or value in (None, ""):
                continue
            wraps = header in day.wrap or isinstance(value, str)
            style = styles.date() if isinstance(value, dt.date) else styles.wrap() if wraps else 0
            out[r][col] = cell_xml(col, r, value, style)
        texts = {sheet.cols[h]: v for h, v in row.items() if h in sheet.cols and isinstance(v, str)}
        sheet.heights[r] = fitting_height(list(texts.values()), [column_width(sheet.xml, c) for c in texts])
    return out


def column_width(xml: str, col: int) -> float:
    """The width the staff left column ``col`` (1-based) at (<cols> of the sheet), Excel's default without."""
    cols = _COLS.search(xml)
    for tag in _COL.findall(cols.group(1) if cols else ""):
        lo, hi, width = (re.search(rf'\s{name}="([\d.]+)"', tag) for name in ("min", "max", "width"))
        if lo and hi and width and int(lo.group(1)) <= col <= int(hi.group(1)):
            return float(width.group(1))
    return DEFAULT_WIDTH


def _tail(sheet: Sheet, last: int, new: dict[int, dict[int, str]]) -> tuple[int, int, str]:
    """The rows after ``last`` (empty ones, kept) merged with the new rows, as one edit."""
    after = sorted(r for r in sheet.rows if r > last)
    start = sheet.rows[after[0]][0] if after else sheet.data[1]
    rows = {r: sheet.row(r) for r in after}
    for r, row_cells in new.items():
        rows[r] = put(rows[r], row_cells) if r in rows else f'<row r="{r}">' + "".join(
            row_cells[c] for c in sorted(row_cells)) + "</row>"
        rows[r] = _taller(rows[r], sheet.heights.get(r))
    return start, sheet.data[1], "".join(rows[r] for r in sorted(rows))


def _apply(xml: str, edits: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, text in sorted(edits):
        if start < at:
            raise Unexpected("overlapping edits")
        out += [xml[at:start], text]
        at = end
    return "".join(out) + xml[at:]


def _dimension(xml: str, last_row: int, last_col: int) -> str:
    m = _DIMENSION.search(xml)
    if not m:
        return xml
    first = f"{m.group(1)}{m.group(2)}"
    end_col = max(column_index_from_string(m.group(3) or m.group(1)), last_col)
    end_row = max(int(m.group(4) or m.group(2)), last_row)
    ref = f"{first}:{get_column_letter(end_col)}{end_row}"
    return xml[:m.start()] + set_attr(m.group(0), "ref", ref) + xml[m.end():]
