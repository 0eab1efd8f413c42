"""The findings workbook 检查结果_YYYY-MM-DD.xlsx: a summary sheet, then one sheet per kind of problem.

Each finding row links to the offending register cell the way Excel itself stores a link to a cell of
another workbook: the relationship target is the file (relative to the findings workbook when
possible, so the link survives moving the whole kefu folder; otherwise an absolute file:/// path) and
the hyperlink's ``location`` attribute is the cell, ``'Sheet'!C7``. Excel and LibreOffice both open
the register at that cell. Every text is stored as text, never as a formula. Written atomically.
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
import weakref
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from .atomic import atomic_path
from .findings import SEVERITY_ZH
from .register import gc_paused
from .urgency import RULE_TITLES, rule_title

FOLDER = "检查结果"
COLUMNS = (("序号", 5), ("严重程度", 8), ("编号", 15), ("业主", 8), ("责任部门", 9), ("登记日期", 11),
           ("内容摘要", 24), ("说明", 50), ("登记表位置", 16))   # ~146 units: A4 landscape at a readable scale
_FORMULA_STARTS = ("=", "+", "-", "@")
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_LINK_FONT = Font(color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_STYLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # workbook -> style arrays made once


def findings_path(settings, as_of: dt.date) -> Path:
    return Path(settings.paths.output) / FOLDER / f"检查结果_{as_of.isoformat()}.xlsx"


def write_findings_workbook(path: Path, findings: list, register, as_of: dt.date,
                            warnings: list[str] = ()) -> Path:
    """Write the workbook to ``path`` atomically; ``findings`` already sorted by urgency."""
    with gc_paused():   # thousands of cells: no full collections while they are built and written
        return _write(Path(path), findings, register, as_of, warnings)


def _write(path: Path, findings: list, register, as_of: dt.date, warnings) -> Path:
    with atomic_path(path) as tmp:   # the folder is known writable before any sheet is built
        _build(findings, register, as_of, warnings, path).save(tmp)
    return path


def _build(findings: list, register, as_of: dt.date, warnings, path: Path) -> Workbook:
    wb = Workbook(write_only=True)
    _summary_sheet(wb, findings, register, as_of, warnings)
    places = {(c.sheet, c.row): c for c in register.complaints}
    number_columns = {info.name: info.columns.get("number", "A") for info in register.sheets}
    targets = {None: register_link_target(Path(register.path), path)}
    for f in findings:
        if f.file and f.file not in targets:
            targets[f.file] = register_link_target(Path(f.file), path)
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    used: set[str] = set()
    for rule in by_rule:
        _finding_sheet(wb, _sheet_title(rule, used), by_rule[rule], places, number_columns, targets)
    return wb


def register_link_target(register: Path, workbook: Path) -> str:
    """How the findings workbook names the register: relative path when possible, else file:///."""
    register, folder = register.resolve(), workbook.resolve().parent
    try:
        target = os.path.relpath(register, folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        target = "file:///" + register.as_posix().lstrip("/")
    return target.replace("%", "%25").replace(" ", "%20").replace("#", "%23")


def cell_location(sheet: str, cell: str) -> str:
    """'Sheet'!C7 with quotes doubled, as Excel writes a reference to a sheet."""
    return "'" + sheet.replace("'", "''") + "'!" + cell


def _summary_sheet(wb, findings, register, as_of, warnings) -> None:
    ws = wb.create_sheet("汇总")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 80
    _page_setup(ws, landscape=False)
    ws.append([_text(ws, "每日检查结果", _HEAD_FONT)])
    ws.append([_text(ws, "检查日期"), _text(ws, as_of.isoformat())])
    ws.append([_text(ws, "登记表"), _text(ws, Path(register.path).name)])
    active = len(register.active)
    ws.append([_text(ws, "登记条数"), _text(ws, f"{len(register.complaints)}(其中作废 {len(register.complaints) - active})")])
    for warning in warnings:
        ws.append([_text(ws, "注意", Font(bold=True, color="C00000")), None,
                   _text(ws, warning, Font(color="C00000"), _WRAP)])
    ws.append([])
    ws.append([_text(ws, h, _HEAD_FONT, fill=_HEAD_FILL) for h in ("问题类别", "数量", "规则")])
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    for rule, count in counts.items():
        ws.append([_text(ws, rule_title(rule)), WriteOnlyCell(ws, count), _text(ws, rule)])
    if not counts:
        ws.append([_text(ws, "未发现问题")])


def _finding_sheet(wb, title: str, findings: list, places: dict, number_columns: dict,
                   targets: dict) -> None:
    ws = wb.create_sheet(title)
    for i, (_name, width) in enumerate(COLUMNS):
        ws.column_dimensions[chr(65 + i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _page_setup(ws, landscape=True)
    ws.append([_text(ws, name, _HEAD_FONT, fill=_HEAD_FILL) for name, _w in COLUMNS])
    for i, f in enumerate(findings, start=1):
        c = places.get((f.sheet, f.row)) if not f.file else None
        number = WriteOnlyCell(ws, i)
        number.alignment = _TOP
        values = [number, _text(ws, SEVERITY_ZH.get(f.severity, f.severity)),
                  _text(ws, f.number or ""), _text(ws, c.customer if c else ""),
                  _text(ws, c.department if c else ""),
                  _text(ws, c.received_on.isoformat() if c and c.received_on else ""),
                  _text(ws, c.summary if c else "", alignment=_WRAP),
                  _text(ws, f.message, alignment=_WRAP), _link_cell(ws, f, number_columns, targets[f.file])]
        ws.row_dimensions[i + 1].height = row_height(c.summary if c else "", f.message)
        ws.append(values)


_SUMMARY_WIDTH, _MESSAGE_WIDTH = COLUMNS[6][1], COLUMNS[7][1]
_LINE_POINTS = 15


def display_width(text: str) -> int:
    """Width in column units: a Chinese character takes two, like in Excel."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row_height(summary: str, message: str) -> float:
    """Height (points) that shows the wrapped summary and message in full when printed: Excel and
    LibreOffice do not grow rows written by a program, so a long message would be cut."""
    lines = max(1, -(-display_width(summary) // (_SUMMARY_WIDTH - 1)),
                -(-display_width(message) // (_MESSAGE_WIDTH - 1)))
    return _LINE_POINTS * lines


def _link_cell(ws, f, number_columns: dict, target: str):
    if not f.sheet or not f.row:
        return _text(ws, "")
    column = f.column or number_columns.get(f.sheet, "A")
    ref = f"{column}{f.row}"
    cell = _text(ws, f"「{f.sheet}」{ref}", _LINK_FONT)
    cell.hyperlink = Hyperlink(ref="A1", target=target, location=cell_location(f.sheet, ref),
                               tooltip=f"打开{'登记表' if not f.file else Path(f.file).name}「{f.sheet}」{ref}")
    return cell


def _text(ws, value, font=None, alignment=_TOP, fill=None) -> Cell:
    """A cell that holds text as text: never a formula, even when it begins with = + - @."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value is not None else ""
    # quotePrefix: Excel keeps showing it as text when the cell is edited
    style = _style(ws.parent, font, alignment, fill, text.startswith(_FORMULA_STARTS))
    cell = Cell(ws, row=1, column=1, style_array=style)
    cell._value, cell.data_type = text, "s"
    return cell


def _style(wb, font, alignment, fill, quote: bool):
    """The style array for this combination, made once per workbook (setting styles cell by cell is slow)."""
    cache = _STYLES.setdefault(wb, {})
    key = (id(font), id(alignment), id(fill), quote)
    if key not in cache:
        cache[key] = _make_style(wb, font, alignment, fill, quote)
    return cache[key]


def _make_style(wb, font, alignment, fill, quote: bool):
    ws = wb._sheets[0]
    cell = WriteOnlyCell(ws)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    if quote:
        cell.quotePrefix = True
    return cell._style


def _page_setup(ws, *, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _sheet_title(rule: str, used: set[str]) -> str:
    base = RULE_TITLES.get(rule) or "".join(ch for ch in rule if ch not in "[]:*?/\\")[:31]
    title, n = base, 2
    while title in used or title == "汇总":
        title, n = f"{base[:28]}({n})", n + 1
    used.add(title)
    return title
