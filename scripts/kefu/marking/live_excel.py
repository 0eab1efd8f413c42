"""A thin adapter over the few xlwings calls kefu makes on a workbook open in Excel.

xlwings is imported only when needed; where it cannot run (Linux, no Excel, no pywin32) or the
workbook is not open, ``find_open_book`` returns None and the caller works on the file instead.
Nothing here saves the workbook: marks go into the open window and Excel keeps the user's unsaved
edits; the user saves when they want to. Tests pass a fake object graph with the same calls as ``xw``.

Calls used: ``xw.apps`` (iterate) -> ``app.books`` (iterate) -> ``book.fullname``, ``book.sheets``
(iterate, ``.name``, ``[name]``) -> ``sheet.range(address)`` -> ``.value``, ``.color``, ``.note``
(``.text``, ``.delete()``), ``.add_note(text)``; ``sheet.used_range.last_cell.row``; ``app.alert``.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("kefu.marking.live_excel")


def load_xlwings():
    """The xlwings module, or None when it is not installed or cannot run here."""
    try:
        import xlwings
    except Exception:  # noqa: BLE001 - ImportError, or a broken pywin32 install
        return None
    return xlwings


def find_open_book(path: Path, xw=None) -> "LiveBook | None":
    """The workbook ``path`` if it is open in a running Excel that xlwings can reach, else None."""
    xw = xw if xw is not None else load_xlwings()
    if xw is None:
        return None
    target = _same(Path(path))
    try:
        for app in xw.apps:
            for book in app.books:
                fullname = book.fullname
                if fullname and _same(Path(fullname)) == target:
                    return LiveBook(book, app)
    except Exception as exc:  # noqa: BLE001 - no engine on Linux, COM errors, Excel busy in a dialog
        log.info("xlwings cannot reach Excel: %s", exc)
    return None


def _same(path: Path) -> str:
    try:
        path = path.resolve()
    except OSError:
        pass
    return os.path.normcase(str(path))


class LiveBook:
    """The workbook open in Excel; addresses are A1 strings, colours (r, g, b) tuples or None."""

    def __init__(self, book, app=None):
        self.book = book
        self.app = app

    @property
    def fullname(self) -> str:
        return self.book.fullname

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def _range(self, sheet: str, address: str):
        return self.book.sheets[sheet].range(address)

    def value(self, sheet: str, address: str):
        return self._range(sheet, address).value

    def set_value(self, sheet: str, address: str, value) -> None:
        self._range(sheet, address).value = value

    def color(self, sheet: str, address: str):
        return self._range(sheet, address).color

    def set_color(self, sheet: str, address: str, rgb) -> None:
        self._range(sheet, address).color = tuple(rgb) if rgb is not None else None

    def note_text(self, sheet: str, address: str) -> str | None:
        note = self._range(sheet, address).note
        return None if note is None else note.text

    def add_note(self, sheet: str, address: str, text: str) -> None:
        self._range(sheet, address).add_note(text)

    def delete_note(self, sheet: str, address: str) -> None:
        note = self._range(sheet, address).note
        if note is not None:
            note.delete()

    def last_row(self, sheet: str) -> int:
        return self.book.sheets[sheet].used_range.last_cell.row

    def alert(self, text: str, title: str = "kefu") -> None:
        if self.app is not None:
            self.app.alert(text, title=title)
