"""The findings workbook 检查结果_YYYY-MM-DD.xlsx: a summary sheet, then one sheet per kind of problem.

Written with XlsxWriter, which only makes new files and does so about twice as fast as openpyxl's
write-only mode (openpyxl stays for editing existing workbooks). Each finding row links to the
offending register cell the way Excel itself stores a link to a cell of another workbook: the
relationship target is the file (relative to the findings workbook when possible, so the link survives
moving the whole kefu folder; otherwise an absolute file:/// path) and the hyperlink's ``location``
attribute is the cell, ``'Sheet'!C7``. Excel and LibreOffice both open the register at that cell.
Every text is stored as text, never as a formula. Written atomically.
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path
from typing import Sequence

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from kefu.core.atomic import atomic_path, write_failed
from kefu.core.errors import OutputError
from kefu.core.findings import SEVERITY_ZH
from kefu.core.safe_text import xml_safe
from kefu.core.settings import Settings
from kefu.rules.coverage import MISSING
from kefu.rules.urgency import disabled_rules, rule_title

FOLDER = "检查结果"
COLUMNS = (("序号", 5), ("严重程度", 8), ("编号", 15), ("业主", 8), ("责任部门", 9), ("登记日期", 11),
           ("内容摘要", 24), ("说明", 50), ("登记表位置", 16))   # ~146 units: A4 landscape at a readable scale
MAX_LINKS = 65_530   # Excel's limit of hyperlinks per worksheet; XlsxWriter drops any cell beyond it
# write_string is used for every text; these keep XlsxWriter's write() from ever guessing, too.
# In memory: no temporary files outside the output folder, and faster for a workbook this size.
_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "in_memory": True}
_STYLES: dict[str, dict[str, object]] = {"top": {}, "wrap": {"text_wrap": True}, "title": {"bold": True},
           "head": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1},
           "link": {"font_color": "#0563C1", "underline": 1},
           "alert": {"bold": True, "font_color": "#C00000"},
           "alert_text": {"font_color": "#C00000", "text_wrap": True}}   # every style also aligns to the top
_BORDER: dict[str, object] = {"border": 1, "border_color": "#808080"}   # table cells: thin grey lines, printed too
_PAGE_FOOTER = "&C第 &P 页,共 &N 页"
_FORMULA_STARTS = ("=", "+", "-", "@")
# What Excel percent-escapes in a link to a file. kefu escapes all of it itself: a target then either
# holds a %XX, which XlsxWriter takes as escaped and leaves alone, or none of these characters, so
# nothing is escaped twice (a space stays %20, never %2520); and a # in a name is no longer XlsxWriter's
# separator of file and cell.
_URL_ESCAPES = {ch: f"%{ord(ch):02x}" for ch in '%" <>[]^`{}#'}
_MAX_TIP = 255   # UTF-16 units: XlsxWriter refuses a longer tooltip


def findings_path(settings: Settings, as_of: dt.date) -> Path:
    return Path(settings.paths.output) / FOLDER / f"检查结果_{as_of.isoformat()}.xlsx"


def write_findings_workbook(path: Path, findings: list, register, as_of: dt.date,
                            warnings: Sequence[str] = ()) -> Path:
    """Write the workbook to ``path`` atomically; ``findings`` already sorted by urgency."""
    path = Path(path)
    with atomic_path(path) as tmp:   # the folder is known writable before any sheet is built
        wb = xlsxwriter.Workbook(str(tmp), _OPTIONS)
        _build(wb, findings, register, as_of, warnings, path)
        _close(wb, path)   # not reached on an error: nothing is written, atomic_path removes tmp
    return path


def _close(wb, path: Path) -> None:
    try:
        wb.close()
    except FileCreateError as exc:   # XlsxWriter's wrapper of the OSError (disk full ...)
        if exc.args and isinstance(exc.args[0], OSError):
            raise write_failed(path, exc.args[0]) from None
        raise OutputError(f"无法写入《{path}》({exc}),请检查文件夹《{path.parent}》的写入权限和磁盘空间。") from None


def _build(wb, findings: list, register, as_of: dt.date, warnings, path: Path) -> None:
    fmt: dict[object, object] = {(name, quote): wb.add_format({"valign": "top", **props, "quote_prefix": quote})
           for name, props in _STYLES.items() for quote in (False, True)}
    fmt |= {(f"{name}+", quote): wb.add_format({"valign": "top", **props, **_BORDER, "quote_prefix": quote})
            for name, props in _STYLES.items() for quote in (False, True)}
    fmt["count"] = wb.add_format({"valign": "top", **_BORDER})
    _summary_sheet(wb, fmt, findings, register, as_of, warnings)
    places = register.by_place
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
        ws = wb.add_worksheet(_sheet_title(rule, used))
        _page_setup(ws, landscape=True, title=f"每日检查结果 · {ws.name}", as_of=as_of)
        _finding_sheet(ws, fmt, by_rule[rule], places, number_columns, targets)


def register_link_target(register: Path, workbook: Path) -> str:
    """How the findings workbook names the register: relative path when possible, else file:///.

    Forward slashes and Excel's percent-escapes; XlsxWriter stores relative paths with backslashes,
    as Excel does.
    """
    register, folder = register.resolve(), workbook.resolve().parent
    try:
        target = os.path.relpath(register, folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows (or a network path): absolute
        posix = register.as_posix()
        target = "file:///" + (posix if posix.startswith("//") else posix.lstrip("/"))
    return "".join(_URL_ESCAPES.get(ch, ch) for ch in target)


def cell_location(sheet: str, cell: str) -> str:
    """'Sheet'!C7 with quotes doubled, as Excel writes a reference to a sheet."""
    return "'" + sheet.replace("'", "''") + "'!" + cell


def _summary_sheet(wb, fmt, findings, register, as_of, warnings) -> None:
    ws = wb.add_worksheet("汇总")
    _widths(ws, (22, 12, 80))
    _page_setup(ws, landscape=False, title="每日检查结果 · 汇总", as_of=as_of)
    total, active = len(register.complaints), len(register.active)
    rows: list[list[tuple[str, str] | int | None]] = [[("每日检查结果", "title")]]
    rows += [[("未能检查", "alert"), None, (f.message, "alert_text")] for f in findings if f.rule == MISSING.id]
    rows += [[("检查日期", "top"), (as_of.isoformat(), "top")],
            [("登记表", "top"), (Path(register.path).name, "top")],
            [("登记条数", "top"), (f"{total}(其中作废 {total - active})", "top")]]
    rows += [[("注意", "alert"), None, (warning, "alert_text")] for warning in warnings]
    rows += [[], [(h, "head+") for h in ("问题类别", "数量")]]
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    rows += [[(rule_title(rule), "top+"), count] for rule, count in counts.items()]
    rows += [[(rule_title(rule), "top+"), ("未检查", "alert")] for rule in disabled_rules(findings)]
    if not counts:
        rows.append([("未发现问题", "top")])
    for r, cells in enumerate(rows):   # (text, style), a count, or None for an empty cell
        for c, cell in enumerate(cells):
            if isinstance(cell, int):
                ws.write_number(r, c, cell, fmt["count"])
            elif cell is not None:
                _text(ws, r, c, cell[0], fmt, cell[1])


def _finding_sheet(ws, fmt, findings: list, places: dict, number_columns: dict, targets: dict) -> None:
    _widths(ws, [width for _name, width in COLUMNS])
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    for col, (name, _w) in enumerate(COLUMNS):
        _text(ws, 0, col, name, fmt, "head+")
    links = 0
    for r, f in enumerate(findings, start=1):
        c = places.get((f.sheet, f.row)) if not f.file else None
        ws.set_row(r, row_height(c.summary if c else "", f.message))
        ws.write_number(r, 0, r, fmt["count"])
        values = (SEVERITY_ZH.get(f.severity, f.severity), f.number or "", c.customer if c else "",
                  c.department if c else "", c.received_on.isoformat() if c and c.received_on else "")
        for col, value in enumerate(values, start=1):
            _text(ws, r, col, value, fmt, "top+")
        _text(ws, r, 6, c.summary if c else "", fmt, "wrap+")
        _text(ws, r, 7, f.message, fmt, "wrap+")
        links += _place_cell(ws, r, f, number_columns, targets[f.file], fmt, links < MAX_LINKS)


_SUMMARY_WIDTH, _MESSAGE_WIDTH = COLUMNS[6][1], COLUMNS[7][1]
_LINE_POINTS = 15


class _Widths(dict):
    """character -> its width in column units, each character looked up in unicodedata once."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Width in column units: a Chinese character takes two, like in Excel."""
    return sum(map(_WIDTHS.__getitem__, text))


def row_height(summary: str, message: str) -> float:
    """Height (points) that shows the wrapped summary and message in full when printed: Excel and
    LibreOffice do not grow rows written by a program, so a long message would be cut."""
    lines = max(1, -(-display_width(summary) // (_SUMMARY_WIDTH - 1)),
                -(-display_width(message) // (_MESSAGE_WIDTH - 1)))
    return _LINE_POINTS * lines


def _place_cell(ws, r: int, f, number_columns: dict, target: str, fmt, may_link: bool) -> bool:
    """The register cell of the finding (column I), linked to it; says whether a link was written.
    Past Excel's limit of links per sheet the place is still shown, as plain text."""
    if not f.sheet or not f.row:
        _text(ws, r, 8, "", fmt, "top+")
        return False
    ref = f"{f.column or number_columns.get(f.sheet, 'A')}{f.row}"
    text = f"「{f.sheet}」{ref}"
    if may_link:
        # "external:" is XlsxWriter's prefix for a relative file path; an absolute one is file:///.
        url = ("" if target.startswith("file:") else "external:") + target + "#" + cell_location(f.sheet, ref)
        tip = _fit_tip(f"打开{'登记表' if not f.file else Path(f.file).name}「{f.sheet}」{ref}")
        if ws.write_url(r, 8, url, fmt["link+", False], string=xml_safe(text), tip=tip) == 0:
            return True
    _text(ws, r, 8, text, fmt, "top+")   # no link (limit reached, or a path longer than Excel allows)
    return False


def _fit_tip(tip: str) -> str:
    return tip.encode("utf-16-le")[:2 * _MAX_TIP].decode("utf-16-le", "ignore")


def _text(ws, r: int, c: int, value, fmt, style: str = "top") -> None:
    """Text stored as text: never a formula, even when it begins with = + - @. XlsxWriter keeps at most
    Excel's 32,767 characters of a longer text (the rest is cut, the cell kept)."""
    text = xml_safe(str(value))   # control characters dropped, as in every output
    if not text:
        ws.write_blank(r, c, None, fmt[style, False])   # styled but empty, as before
        return
    # quotePrefix: Excel keeps showing it as text when the cell is edited
    ws.write_string(r, c, text, fmt[style, text.startswith(_FORMULA_STARTS)])


def _widths(ws, widths) -> None:
    """Column widths stored as given, like openpyxl did (XlsxWriter's set_column would add Excel's
    cell padding: 24 -> 24.71); 7 pixels per unit is how XlsxWriter converts back."""
    for i, width in enumerate(widths):
        ws.set_column_pixels(i, i, width * 7)


def _page_setup(ws, *, landscape: bool, title: str, as_of: dt.date) -> None:
    """A4, one page wide; the sheet's title and the check's date in the header, page numbers in the footer."""
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)   # A4
    ws.fit_to_pages(1, 0)   # one page wide, as many pages tall as needed
    ws.center_horizontally()
    # the margins the sheets were laid out and printed with (openpyxl's defaults; XlsxWriter's are narrower)
    ws.set_margins(left=0.75, right=0.75, top=1, bottom=1)
    ws.set_header(f"&L{_header_text(title)}&R检查日期 {as_of.isoformat()}", margin=0.5)
    ws.set_footer(_PAGE_FOOTER, margin=0.5)


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def _sheet_title(rule: str, used: set[str]) -> str:
    base = rule_title(rule)
    title, n = base or "规则", 2
    # Excel compares sheet names ignoring case (XlsxWriter refuses a duplicate, and ' at either end)
    while title.casefold() in used or title == "汇总":
        title, n = f"{base[:28]}({n})", n + 1
    used.add(title.casefold())
    return title
