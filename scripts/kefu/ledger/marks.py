"""The ledger's record of the marks kefu put into a register, so that the next run removes exactly them.

One row per marked cell and kind: ``fill`` (with the cell's fill before kefu's, as JSON, so it can be
put back), ``note`` (a comment kefu added) and ``status`` (the header cell of kefu's status column).
A staff member's own fill is never touched: only a cell recorded here that still has exactly kefu's
colour is restored.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS register_marks (
    register  TEXT NOT NULL,
    sheet     TEXT NOT NULL,
    cell      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    colour    TEXT,
    original  TEXT,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (register, sheet, cell, kind)
)"""


@dataclass(frozen=True)
class MarkRecord:
    sheet: str
    cell: str
    kind: str                  # fill | note | status
    colour: str | None = None  # kefu's colour (fill)
    original: str | None = None  # JSON of the fill before kefu's (fill)


def register_key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def ensure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute(_SCHEMA)
    return conn


def previous(conn: sqlite3.Connection, path: Path) -> list[MarkRecord]:
    rows = conn.execute("SELECT sheet, cell, kind, colour, original FROM register_marks WHERE register = ?",
                        (register_key(path),)).fetchall()
    return [MarkRecord(*row) for row in rows]


def replace(conn: sqlite3.Connection, path: Path, records: list[MarkRecord], when: dt.datetime) -> None:
    key = register_key(path)
    with conn:
        conn.execute("DELETE FROM register_marks WHERE register = ?", (key,))
        conn.executemany(
            "INSERT OR REPLACE INTO register_marks VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(key, r.sheet, r.cell, r.kind, r.colour, r.original, when.isoformat(timespec="seconds"))
             for r in records])
