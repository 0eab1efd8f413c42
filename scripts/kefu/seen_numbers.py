"""Ledger table of the complaint numbers seen by the daily check, so a deleted row cannot go unnoticed.

One row per (register file, number) with where it was last seen. Numbers are stored as the pattern
writes them (TS-2026-0135 even when typed TS-2026-135), so correcting a spelling is not a vanishing.
No names or phone numbers are stored.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Iterable, NamedTuple

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_numbers (
    register   TEXT NOT NULL,
    number     TEXT NOT NULL,
    sheet      TEXT,
    row        INTEGER,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (register, number)
)"""


class Seen(NamedTuple):
    sheet: str | None
    row: int | None
    last_seen: str


def register_key(path: Path) -> str:
    """The register as the ledger names it: its resolved path (case-folded on Windows)."""
    text = str(Path(path).resolve())
    return text.casefold() if "\\" in text else text


def load_seen(conn: sqlite3.Connection, register_path: Path) -> dict[str, Seen]:
    """number -> where and when it was last seen, for this register."""
    conn.execute(_SCHEMA)
    rows = conn.execute("SELECT number, sheet, row, last_seen FROM seen_numbers WHERE register = ?",
                        (register_key(register_path),))
    return {number: Seen(sheet, row, last_seen) for number, sheet, row, last_seen in rows}


def record_seen(conn: sqlite3.Connection, register_path: Path,
                numbers: Iterable[tuple[str, str, int]], as_of: dt.date) -> int:
    """Remember (number, sheet, row) as seen on ``as_of``. Returns how many numbers were recorded."""
    conn.execute(_SCHEMA)
    key, day = register_key(register_path), as_of.isoformat()
    rows = [(key, number, sheet, row, day, day) for number, sheet, row in numbers]
    with conn:
        conn.executemany(
            "INSERT INTO seen_numbers (register, number, sheet, row, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (register, number) DO UPDATE SET "
            "sheet = excluded.sheet, row = excluded.row, last_seen = max(last_seen, excluded.last_seen)", rows)
    return len(rows)
