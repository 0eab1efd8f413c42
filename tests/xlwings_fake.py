"""A fake of the few xlwings calls kefu makes (``kefu.marking.live_excel`` and ``kefu.jobs.excel_buttons``).

It holds cell values, colours and notes in dicts and records alerts, so tests can check what kefu did
to an "open" workbook. Only the calls kefu uses exist: any other call fails loudly (AttributeError).
"""
from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string, get_column_letter

_RANGE = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")


class FakeNote:
    def __init__(self, cells: "FakeSheet", key):
        self._sheet, self._key = cells, key

    @property
    def text(self):
        return self._sheet.notes[self._key]

    @text.setter
    def text(self, value):
        self._sheet.notes[self._key] = value

    def delete(self):
        del self._sheet.notes[self._key]


class FakeRange:
    def __init__(self, sheet: "FakeSheet", address: str):
        m = _RANGE.match(address)
        if not m:
            raise ValueError(f"fake supports A1 or A1:B2 addresses, got {address}")
        c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
        c2, r2 = (column_index_from_string(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        self.sheet, self.cells = sheet, [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        self.shape = (r2 - r1 + 1, c2 - c1 + 1)

    @property
    def value(self):
        values = [self.sheet.values.get(k) for k in self.cells]
        if self.shape == (1, 1):
            return values[0]
        if self.shape[0] == 1 or self.shape[1] == 1:
            return values
        raise NotImplementedError

    @value.setter
    def value(self, value):
        if value is None:
            for k in self.cells:
                self.sheet.values.pop(k, None)
            return
        if self.shape != (1, 1):
            raise NotImplementedError("kefu writes single cells or clears ranges")
        if isinstance(value, str) and value.startswith("="):
            self.sheet.formulas[self.cells[0]] = value   # what Excel would do with it
        self.sheet.values[self.cells[0]] = value

    @property
    def color(self):
        return self.sheet.colors.get(self.cells[0])

    @color.setter
    def color(self, rgb):
        for k in self.cells:
            if rgb is None:
                self.sheet.colors.pop(k, None)
            else:
                self.sheet.colors[k] = tuple(rgb)

    @property
    def note(self):
        return FakeNote(self.sheet, self.cells[0]) if self.cells[0] in self.sheet.notes else None

    def add_note(self, text):
        if self.cells[0] in self.sheet.notes:
            raise ValueError("This cell already has a note")
        self.sheet.notes[self.cells[0]] = text
        return FakeNote(self.sheet, self.cells[0])


class _UsedRange:
    def __init__(self, sheet):
        self.last_cell = type("Cell", (), {"row": max((r for r, _ in sheet.values), default=1)})()


class FakeSheet:
    def __init__(self, name: str, rows: list[list] | None = None):
        self.name = name
        self.values, self.colors, self.notes, self.formulas = {}, {}, {}, {}
        for r, row in enumerate(rows or [], start=1):
            for c, v in enumerate(row, start=1):
                if v not in (None, ""):
                    self.values[(r, c)] = v

    def range(self, address):
        return FakeRange(self, address)

    @property
    def used_range(self):
        return _UsedRange(self)

    def get(self, ref):
        r = FakeRange(self, ref)
        return r.value

    def cell_ref(self, row, col):
        return f"{get_column_letter(col)}{row}"


class FakeSheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            for s in self:
                if s.name == key:
                    return s
            raise KeyError(key)
        return list.__getitem__(self, key)


class FakeBook:
    def __init__(self, fullname: str, sheets: list[FakeSheet], app=None):
        self.fullname = fullname
        self.sheets = FakeSheets(sheets)
        self.app = app


class FakeApp:
    def __init__(self, books=()):
        self.books = list(books)
        self.alerts: list[tuple[str, str]] = []
        for b in self.books:
            b.app = self

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append((title, prompt))
        return "ok"


class FakeXlwings:
    """Stands in for the ``xlwings`` module: ``apps`` and ``Book.caller()``."""

    def __init__(self, apps=(), caller: FakeBook | None = None):
        self.apps = list(apps)
        outer = self
        self.caller_book = caller

        class Book:
            @staticmethod
            def caller():
                if outer.caller_book is None:
                    raise RuntimeError("not called from Excel")
                return outer.caller_book
        self.Book = Book


class NoExcel:
    """xlwings on Linux: touching apps raises, as the real one does."""

    @property
    def apps(self):
        raise RuntimeError("The interactive mode of xlwings is only supported on Windows and macOS.")


def sheet_from_workbook(path, name) -> FakeSheet:
    """A fake open sheet holding the values of ``name`` in the workbook file (as Excel would show)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python(skip_empty_area=False)
    return FakeSheet(name, rows)
