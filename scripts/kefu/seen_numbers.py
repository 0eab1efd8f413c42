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


class SeenNumbers(dict):
    """number -> Seen, as ``load_seen`` found them, and the ledger's ``PRAGMA data_version`` at that time
    (it changes when another connection writes): ``record_seen`` then writes only what changed.
    ``places`` (number -> (sheet, row)) lets it find the changes with set operations."""

    data_version: int | None = None
    places: dict[str, tuple[str | None, int | None]] = {}


def load_seen(conn: sqlite3.Connection, register_path: Path) -> SeenNumbers:
    """number -> where and when it was last seen, for this register."""
    conn.execute(_SCHEMA)
    rows = conn.execute("SELECT number, sheet, row, last_seen FROM seen_numbers WHERE register = ?",
                        (register_key(register_path),)).fetchall()
    seen = SeenNumbers({number: Seen(sheet, row, last_seen) for number, sheet, row, last_seen in rows})
    seen.places = {number: (sheet, row) for number, sheet, row, _last_seen in rows}
    seen.data_version = _data_version(conn)
    return seen


def record_seen(conn: sqlite3.Connection, register_path: Path,
                numbers: Iterable[tuple[str, str, int]], as_of: dt.date, previous: SeenNumbers | None = None) -> int:
    """Remember (number, sheet, row) as seen on ``as_of``. Returns how many numbers were recorded.

    ``previous``: what ``load_seen`` returned on this connection earlier in the run. Unless another
    connection wrote to the ledger since, only the changes are written (new numbers, numbers that moved,
    and last_seen in one statement): the same rows as writing every number, without 100k upserts.
    """
    conn.execute(_SCHEMA)
    key, day = register_key(register_path), as_of.isoformat()
    numbers = list(numbers)
    with conn:
        if _unchanged_since(conn, previous):
            _record_changes(conn, key, day, numbers, previous)
        else:
            _upsert(conn, [(key, number, sheet, row, day, day) for number, sheet, row in numbers])
    return len(numbers)


def _record_changes(conn: sqlite3.Connection, key: str, day: str, numbers: list[tuple[str, str, int]],
                    previous: SeenNumbers) -> None:
    where = {number: (sheet, row) for number, sheet, row in numbers}   # a number seen twice: its last place
    # new numbers and numbers that moved, and the numbers gone: set operations over the two, no loop here
    _upsert(conn, [(key, number, sheet, row, day, day)
                   for number, (sheet, row) in where.items() - previous.places.items()])
    gone = list(previous.keys() - where.keys())
    if gone:   # a vanished number keeps the day it was last seen
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS gone_numbers (number TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM gone_numbers")
        conn.executemany("INSERT INTO gone_numbers (number) VALUES (?)", [(number,) for number in gone])
    conn.execute("UPDATE seen_numbers SET last_seen = ?1 WHERE register = ?2 AND last_seen < ?1"
                 + (" AND number NOT IN (SELECT number FROM gone_numbers)" if gone else ""), (day, key))


def _upsert(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO seen_numbers (register, number, sheet, row, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (register, number) DO UPDATE SET "
        "sheet = excluded.sheet, row = excluded.row, last_seen = max(last_seen, excluded.last_seen)", rows)


def _unchanged_since(conn: sqlite3.Connection, previous: SeenNumbers | None) -> bool:
    """True when ``previous`` is still what the ledger holds; then a write transaction is open, so that no
    other writer comes between this check and the writes."""
    version = getattr(previous, "data_version", None)
    if version is None or conn.in_transaction:
        return False
    conn.execute("BEGIN IMMEDIATE")
    return _data_version(conn) == version


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]
