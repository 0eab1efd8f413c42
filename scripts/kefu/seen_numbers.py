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


class SeenChanges(NamedTuple):
    """What a run writes to seen_numbers, worked out in Python (``seen_changes``) before ``write_seen``
    writes it with SQL only (so that it can run beside other work: SQLite needs no GIL)."""
    key: str                                     # the register, as the ledger names it
    day: str                                     # as_of
    where: dict[str, tuple[str, int]]            # every number seen now -> (sheet, row) (its last place)
    changed: list[tuple[str, str, int]]          # (number, sheet, row) new or moved since ``previous``
    gone: list[str]                              # numbers of ``previous`` not seen now
    version: int | None                          # previous.data_version: None writes every number


def record_seen(conn: sqlite3.Connection, register_path: Path,
                numbers: Iterable[tuple[str, str, int]], as_of: dt.date, previous: SeenNumbers | None = None) -> int:
    """Remember (number, sheet, row) as seen on ``as_of``. Returns how many numbers were recorded.

    ``previous``: what ``load_seen`` returned on this connection earlier in the run. Unless another
    connection wrote to the ledger since, only the changes are written (new numbers, numbers that moved,
    and last_seen in one statement): the same rows as writing every number, without 100k upserts.
    """
    numbers = list(numbers)
    where = {number: (sheet, row) for number, sheet, row in numbers}   # a number seen twice: its last place
    write_seen(conn, seen_changes(register_path, where, as_of, previous))
    return len(numbers)


def seen_changes(register_path: Path, where: dict[str, tuple[str, int]], as_of: dt.date,
                 previous: SeenNumbers | None = None) -> SeenChanges:
    """The changes ``record_seen`` writes for the numbers seen now (number -> (sheet, row)), found with set
    operations over ``previous`` (no SQL here)."""
    if previous is None:
        return SeenChanges(register_key(register_path), as_of.isoformat(), where, [], [], None)
    changed = [(number, sheet, row) for number, (sheet, row) in where.items() - previous.places.items()]
    return SeenChanges(register_key(register_path), as_of.isoformat(), where, changed,
                       list(previous.keys() - where.keys()), previous.data_version)


def write_seen(conn: sqlite3.Connection, changes: SeenChanges) -> None:
    """Write ``changes`` in one transaction: only them while the ledger is as it was read, else every number."""
    conn.execute(_SCHEMA)
    key, day = changes.key, changes.day
    with conn:
        if _unchanged_since(conn, changes.version):
            _upsert(conn, [(key, number, sheet, row, day, day) for number, sheet, row in changes.changed])
            _keep_last_seen(conn, key, day, changes.gone)
        else:
            _upsert(conn, [(key, number, sheet, row, day, day) for number, (sheet, row) in changes.where.items()])


def _keep_last_seen(conn: sqlite3.Connection, key: str, day: str, gone: list[str]) -> None:
    """last_seen = ``day`` for every number of the register except those gone (they keep the day they
    were last seen)."""
    if gone:
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


def _unchanged_since(conn: sqlite3.Connection, version: int | None) -> bool:
    """True when the ledger is still as it was when ``load_seen`` found ``data_version`` == ``version``;
    then a write transaction is open, so that no other writer comes between this check and the writes."""
    if version is None or conn.in_transaction:
        return False
    conn.execute("BEGIN IMMEDIATE")
    return _data_version(conn) == version


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]
