"""Writing the callback-records workbook (回访记录.xlsx): append today's rows, never touch old ones.

The workbook lives in the workbooks folder and is the staff's to type in. kefu only appends rows
below the last used row, matched to the columns by their header text (staff may move or add
columns); rows already listed on the same day are not added twice. Text is stored as text, never as
a formula. The file is replaced atomically, and not at all while Excel has it open.

A row left empty whose callback the register records (typed there instead) is no longer owed: kefu
writes so in its own column 登记表回访 (added at the end of the header when missing) and greys the row;
the row is never deleted. A day with nothing to add or mark does not open the workbook at all.
An existing workbook is edited in place (``xlsx_patch``: only the day's rows change); openpyxl rebuilds
it only when it is new or in a shape that editing does not handle.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kefu.core.atomic import atomic_path
from kefu.core.dates import to_date
from kefu.core.errors import InputError, OutputError, where
from kefu.core.safe_text import xml_safe
from kefu.outputs.cell_fit import fitting_height
from kefu.outputs.print_setup import print_on_a4
from kefu.outputs.callbacks.xlsx_patch import DEFAULT_WIDTH, Day, Unexpected, write_day
from kefu.read.callback_records import COLUMNS, RESULT_HEADERS, SHEET_NAME
from kefu.read.cells import as_number
from kefu.read.lock_files import lock_files
from kefu.read.table import header_key

_WIDTHS = {"清单日期": 11, "类型": 9, "编号": 15, "业主姓名": 9, "房号": 15, "联系电话": 13, "投诉内容": 28,
           "处理情况": 28, "完成日期": 11, "回访日期": 11, "回访方式": 9, "回访结果": 28, "是否满意": 9,
           "回访人": 8, "备注": 16, "登记表回访": 22}
_DATE_FORMAT = "yyyy-mm-dd"
_WRAP = {"投诉内容", "处理情况", "回访结果", "备注"}
_MAX_ROWS_WITH_CHOICES = 5000
SETTLED = "登记表回访"
_WANTED = {header_key(h): h for _f, h in COLUMNS}


def append_rows(path: Path, rows: list[dict], listed_on: dt.date,
                settled: dict[tuple[str, int], str] | None = None,
                listed: set[tuple[dt.date, str]] | None = None) -> int:
    """Append ``rows`` (header -> value) listed on ``listed_on``; return how many were added. ``settled``:
    (sheet, row) -> the note for rows the register shows called back (see the module). ``listed``: the
    (清单日期, 编号) pairs of the workbook as just read (``listed_pairs``): given, the workbook is edited
    in place (``xlsx_patch``) when its shape allows, instead of being rebuilt by openpyxl."""
    path = Path(path)
    _refuse_if_open(path)
    if path.exists() and not rows and not settled:
        return 0                       # nothing to write: the workbook is not even read
    if path.exists() and listed is not None:
        try:
            return write_day(path, Day(rows, listed_on, settled or {}, listed, _WANTED, frozenset(_WRAP), SETTLED,
                                       _pair))
        except Unexpected:
            pass                       # a shape the XML editing does not handle: openpyxl as before
    if path.exists():
        wb = _load(path)
        ws, header_row, cols = _find_sheet(wb, path)
    else:
        wb, ws, header_row, cols = _new_book()
    listed = _listed(ws, header_row, cols)
    last = _last_used_row(ws, header_row, cols)
    added = 0
    for row in rows:
        key = _pair(listed_on, row.get("编号", ""))
        if key in listed:
            continue
        listed.add(key)
        last += 1
        added += 1
        _write_row(ws, last, cols, {**row, "清单日期": listed_on})
    marked = _mark_settled(ws, header_row, cols, {r: text for (s, r), text in (settled or {}).items() if s == ws.title})
    if added or marked or not path.exists():
        with atomic_path(path) as tmp:
            wb.save(tmp)
    return added


def listed_pairs(records) -> set[tuple[dt.date, str]]:
    """The (清单日期, 编号) pairs of the callback records (number -> [CallbackRecord]) as read."""
    return {_pair(r.listed_on, r.number) for recs in records.values() for r in recs if r.listed_on}


def _pair(day: dt.date, number) -> tuple[dt.date, str]:
    return day, as_number(str(number))


def _mark_settled(ws, header_row: int, cols: dict[str, int], notes: dict[int, str]) -> int:
    """Write each note in the 登记表回访 column of its row (wrapped, the row as tall as it needs) and grey
    the row; how many rows were marked."""
    if not notes:
        return 0
    if SETTLED not in cols:
        cols[SETTLED] = max(cols.values()) + 1
        while ws.cell(header_row, cols[SETTLED]).value not in (None, ""):
            cols[SETTLED] += 1
        header = ws.cell(header_row, cols[SETTLED], SETTLED)
        header.font = Font(bold=True)
        ws.column_dimensions[header.column_letter].width = 22
    grey = Font(color="808080")
    for r, text in notes.items():
        for c in cols.values():
            ws.cell(r, c).font = grey
        cell = ws.cell(r, cols[SETTLED], xml_safe(text))
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")   # the row grows to the note, as kefu's rows
        width = ws.column_dimensions[get_column_letter(cols[SETTLED])].width or DEFAULT_WIDTH
        height = fitting_height([cell.value], [width])
        if height and height > (ws.row_dimensions[r].height or 0):
            ws.row_dimensions[r].height = height
    return len(notes)


def _refuse_if_open(path: Path) -> None:
    locks = lock_files(path)   # Excel, WPS or LibreOffice
    if locks:
        lock = locks[0]
        raise OutputError(f"{where(path)}正在 Excel 中打开(发现 {lock.name})。请先保存并关闭它,再重新生成回访清单;"
                          f"如果 Excel 已经关闭,可删除 {lock.name} 这个文件。")


def _load(path: Path):
    try:
        return openpyxl.load_workbook(path)
    except PermissionError:
        raise OutputError(f"{where(path)}正被其他程序占用。请关闭后再试。") from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputError(f"{where(path)}无法打开,文件可能已损坏。请用 Excel 打开后另存一份再试。"
                         f"(详情:{type(exc).__name__})") from None


def _find_sheet(wb, path: Path):
    """The sheet whose header row holds 编号 and 清单日期, with header text -> column number."""
    wanted = _WANTED
    for ws in wb.worksheets:
        for r in range(1, min(ws.max_row, 30) + 1):
            cols = {}
            for cell in ws[r]:
                h = wanted.get(header_key(cell.value)) if isinstance(cell.value, str) else None
                if h and h not in cols:
                    cols[h] = cell.column
            if "编号" in cols and "清单日期" in cols:
                return ws, r, cols
    raise InputError(f"{where(path)}中没有找到回访记录表(表头需包含 清单日期、编号)。"
                     f"请不要删除或改名这两列;也可以把该文件改名备份,kefu 会重新建一个。")


def _new_book():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    cols = {}
    fill = PatternFill("solid", fgColor="D9D9D9")
    typed_fill = PatternFill("solid", fgColor="FFF2CC")   # the columns staff fill in
    for i, (_field, header) in enumerate(COLUMNS, start=1):
        cell = ws.cell(1, i, header)
        cell.font = Font(bold=True)
        cell.fill = typed_fill if header in RESULT_HEADERS else fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[cell.column_letter].width = _WIDTHS.get(header, 10)
        cols[header] = i
    ws.freeze_panes = "A2"
    print_on_a4(ws, title=SHEET_NAME, date_text="", landscape=True, title_rows="1:1")
    ws.oddHeader.right.text = "打印日期 &D"   # a record kept for months: the day it is printed
    _choices(ws, cols["回访方式"], "电话,上门,短信,微信")
    _choices(ws, cols["是否满意"], "满意,基本满意,不满意")
    return wb, ws, 1, cols


def _choices(ws, col: int, options: str) -> None:
    letter = openpyxl.utils.get_column_letter(col)
    dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=False)
    dv.add(f"{letter}2:{letter}{_MAX_ROWS_WITH_CHOICES}")
    ws.add_data_validation(dv)


def _listed(ws, header_row: int, cols: dict[str, int]) -> set[tuple[dt.date, str]]:
    out = set()
    for r in range(header_row + 1, ws.max_row + 1):
        day = to_date(ws.cell(r, cols["清单日期"]).value)
        number = ws.cell(r, cols["编号"]).value
        if isinstance(day, dt.date) and number not in (None, ""):
            out.add((day, as_number(str(number))))
    return out


def _last_used_row(ws, header_row: int, cols: dict[str, int]) -> int:
    for r in range(ws.max_row, header_row, -1):
        if any(ws.cell(r, c).value not in (None, "") for c in cols.values()):
            return r
    return header_row


def _write_row(ws, r: int, cols: dict[str, int], values: dict) -> None:
    for header, value in values.items():
        col = cols.get(header)
        if col is None or value in (None, ""):
            continue
        cell = ws.cell(r, col)
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = _DATE_FORMAT
        else:
            cell.value = xml_safe(str(value))
            cell.data_type = "s"          # text from a workbook stays text, even "=..."
        if header in _WRAP or isinstance(cell.value, str):
            cell.alignment = Alignment(wrap_text=True, vertical="top")   # never spills into the next cell
    _fit_height(ws, r, cols, values)


def _fit_height(ws, r: int, cols: dict[str, int], values: dict) -> None:
    """The appended row as tall as its wrapped texts, in the columns' widths as the staff left them."""
    texts, widths = [], []
    for header, value in values.items():
        if header in cols and isinstance(value, str):
            texts.append(value)
            widths.append(ws.column_dimensions[get_column_letter(cols[header])].width or DEFAULT_WIDTH)
    height = fitting_height(texts, widths)
    if height:
        ws.row_dimensions[r].height = height
