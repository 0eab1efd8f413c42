"""The two places marks can go, behind one small interface: a workbook loaded by openpyxl (written
to the file afterwards) and a workbook open in Excel (through ``excel_live``).

A fill kefu replaced is remembered as JSON: ``{"xml": "<fill>...</fill>"}`` from openpyxl or
``{"rgb": [r, g, b]}`` / ``{"rgb": null}`` from Excel, and can be put back by either target.
"""
from __future__ import annotations

import json
from copy import copy

from openpyxl.comments import Comment
from openpyxl.styles.fills import Fill, PatternFill
from openpyxl.xml.functions import fromstring, tostring

from kefu.core.normalize import column_index, column_letter
from kefu.marking.plan import AUTHOR, NOTE_TAG

_FORMULA_START = ("=", "+", "-", "@")


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _fill_to_rgb(original: dict):
    """An openpyxl fill as Excel RGB: (True, rgb-or-None) or (False, None) when it cannot be said."""
    if "rgb" in original:
        return True, tuple(original["rgb"]) if original["rgb"] else None
    fill = Fill.from_tree(fromstring(original["xml"]))
    if isinstance(fill, PatternFill) and fill.fill_type in (None, "none"):
        return True, None
    if isinstance(fill, PatternFill) and fill.fill_type == "solid" and fill.fgColor.type == "rgb":
        return True, _hex_rgb(fill.fgColor.rgb[-6:])
    return False, None


def is_kefu_note(text: str | None, author: str | None = None) -> bool:
    return bool(text) and (str(text).startswith(NOTE_TAG) or author == AUTHOR)


class FileTarget:
    """An openpyxl Workbook (loaded with rich_text=True, keep_vba for .xlsm)."""

    kind = "file"

    def __init__(self, wb):
        self.wb = wb

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def _cell(self, sheet: str, ref: str):
        return self.wb[sheet][ref]

    def fill_state(self, sheet: str, ref: str) -> str:
        return json.dumps({"xml": tostring(self._cell(sheet, ref).fill.to_tree()).decode("utf-8")})

    def has_fill(self, sheet: str, ref: str, colour: str) -> bool:
        fill = self._cell(sheet, ref).fill
        # cell.fill is a StyleProxy around PatternFill/GradientFill: duck-typed on purpose
        if getattr(fill, "fill_type", None) != "solid" or fill.fgColor is None or fill.fgColor.type != "rgb":
            return False
        return str(fill.fgColor.rgb)[-6:].upper() == colour.upper()

    def set_fill(self, sheet: str, ref: str, colour: str) -> None:
        self._cell(sheet, ref).fill = PatternFill(fill_type="solid", fgColor="FF" + colour, bgColor="FF" + colour)

    def restore_fill(self, sheet: str, ref: str, original: str) -> bool:
        data = json.loads(original)
        if "xml" in data:
            fill = Fill.from_tree(fromstring(data["xml"]))
        else:
            fill = (PatternFill(fill_type="solid", fgColor="FF%02X%02X%02X" % tuple(data["rgb"]))
                    if data["rgb"] else PatternFill())
        self._cell(sheet, ref).fill = fill or PatternFill()
        return True

    def note(self, sheet: str, ref: str) -> tuple[str, str] | None:
        comment = self.wb[sheet][ref].comment
        return None if comment is None else (comment.text, comment.author)

    def add_note(self, sheet: str, ref: str, text: str) -> None:
        lines = text.count("\n") + 1
        self._cell(sheet, ref).comment = Comment(text, AUTHOR, height=min(20 + 18 * lines, 300), width=320)

    def delete_note(self, sheet: str, ref: str) -> None:
        self._cell(sheet, ref).comment = None

    def kefu_note_cells(self, sheets: list[str], recorded: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Every comment kefu wrote, found by author or tag (the ledger is not needed for these)."""
        out = []
        for name in sheets:
            for cell in list(self.wb[name]._cells.values()):
                if cell.comment is not None and is_kefu_note(cell.comment.text, cell.comment.author):
                    out.append((name, cell.coordinate))
        return out

    def header_values(self, sheet: str, row: int) -> list:
        ws = self.wb[sheet]
        return [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]

    def set_header(self, sheet: str, ref: str, text: str, like: str | None) -> None:
        cell = self._cell(sheet, ref)
        if like:
            model = self._cell(sheet, like)
            if model.has_style:
                cell._style = copy(model._style)
        self.write_text(sheet, ref, text)

    def clear_column(self, sheet: str, column: str, from_row: int) -> None:
        ws = self.wb[sheet]
        col = column_index(column) + 1
        for row in range(from_row, ws.max_row + 1):
            if (row, col) in ws._cells and ws._cells[(row, col)].value is not None:
                ws._cells[(row, col)].value = None

    def write_text(self, sheet: str, ref: str, text: str) -> None:
        cell = self._cell(sheet, ref)
        cell.value = text
        cell.data_type = "s"   # always text, never a formula


class LiveTarget:
    """A workbook open in Excel, through ``excel_live.LiveBook``."""

    kind = "excel"

    def __init__(self, book):
        self.book = book

    def sheet_names(self) -> list[str]:
        return self.book.sheet_names()

    def fill_state(self, sheet: str, ref: str) -> str:
        rgb = self.book.color(sheet, ref)
        return json.dumps({"rgb": list(rgb) if rgb else None})

    def has_fill(self, sheet: str, ref: str, colour: str) -> bool:
        rgb = self.book.color(sheet, ref)
        return rgb is not None and tuple(rgb) == _hex_rgb(colour)

    def set_fill(self, sheet: str, ref: str, colour: str) -> None:
        self.book.set_color(sheet, ref, _hex_rgb(colour))

    def restore_fill(self, sheet: str, ref: str, original: str) -> bool:
        known, rgb = _fill_to_rgb(json.loads(original))
        if known:
            self.book.set_color(sheet, ref, rgb)
        return known

    def note(self, sheet: str, ref: str) -> tuple[str, str] | None:
        text = self.book.note_text(sheet, ref)
        return None if text is None else (text, "")

    def add_note(self, sheet: str, ref: str, text: str) -> None:
        self.book.add_note(sheet, ref, text)

    def delete_note(self, sheet: str, ref: str) -> None:
        self.book.delete_note(sheet, ref)

    def kefu_note_cells(self, sheets: list[str], recorded: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Only cells the ledger names (scanning every cell through Excel would take minutes)."""
        return [(s, ref) for s, ref in recorded if s in sheets and is_kefu_note(self.book.note_text(s, ref))]

    def header_values(self, sheet: str, row: int) -> list:
        values = self.book.value(sheet, f"A{row}:{column_letter(199)}{row}") or []
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        while values and values[-1] in (None, ""):
            values.pop()
        return values

    def set_header(self, sheet: str, ref: str, text: str, like: str | None) -> None:
        self.write_text(sheet, ref, text)

    def clear_column(self, sheet: str, column: str, from_row: int) -> None:
        last = self.book.last_row(sheet)
        if last >= from_row:
            self.book.set_value(sheet, f"{column}{from_row}:{column}{last}", None)

    def write_text(self, sheet: str, ref: str, text: str) -> None:
        if text.startswith(_FORMULA_START):
            text = "'" + text   # Excel stores the rest as text
        self.book.set_value(sheet, ref, text)

    def value(self, sheet: str, ref: str):
        return self.book.value(sheet, ref)


def header_column(values: list, header: str) -> tuple[str | None, str]:
    """(existing column letter of ``header`` or None, the column right after the last header)."""
    existing = None
    last = -1
    for index, value in enumerate(values):
        text = "" if value is None else str(value).strip()
        if text:
            last = index
        if text == header:
            existing = column_letter(index)
    return existing, column_letter(last + 1)
