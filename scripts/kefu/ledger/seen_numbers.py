"""Ledger table of the complaint numbers seen by the daily check, so a deleted row cannot go unnoticed.

One row per (register file, number) with where it was first and last seen, the fingerprint of the
complaint's summary there (``kefu.core.identity``) and, once the number was corrected in place (the same
row and fingerprint under a new number: ``rules.renumbering``), the number it became (``renamed_to``):
such a number is a renumbering, said once, never reported as vanished. Numbers are stored as the pattern
writes them (TS-2026-0135 even when typed TS-2026-135), so correcting a spelling is not a vanishing.
No names or phone numbers are stored. Ledgers made before gain the columns on first use.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Iterable, NamedTuple

_SCHEMA = ("""
CREATE TABLE IF NOT EXISTS seen_numbers (
    register   TEXT NOT NULL,
    number     TEXT NOT NULL,
    sheet      TEXT,
    row        INTEGER,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (register, number)
) WITHOUT ROWID""", """
CREATE TABLE IF NOT EXISTS seen_checks (
    register   TEXT PRIMARY KEY,
    day        TEXT NOT NULL
)""")
# last_seen of a number that the register's latest check saw: its day is seen_checks.day. So a daily check
# writes only what changed (new, moved, back and gone numbers), not a new date on every row of the register.
_AT_LATEST = ""
_ADDED = (("fingerprint", "TEXT"), ("renamed_to", "TEXT"), ("rules", "TEXT"))
# rules: the rule ids the latest check flagged the number with ("" for none): a run records a number in
# its history (audit run_numbers) only when they change, so history grows with changes, not with days.


class Seen(NamedTuple):
    sheet: str | None
    row: int | None
    last_seen: str


def register_key(path: Path) -> str:
    """The register as the ledger names it: its resolved path (case-folded on Windows)."""
    text = str(Path(path).resolve())
    return text.casefold() if "\\" in text else text


class SeenNumbers(Mapping):
    """number -> Seen, as ``load_seen`` found them, with what ``record_seen`` needs to write only what
    changed: the ledger's ``PRAGMA data_version`` at that time (it changes when another connection
    writes), the numbers the latest check saw and its day.

    The numbers are held as plain tuples and a ``Seen`` is made when one is asked for (the daily check
    asks for the few that vanished): 100k named tuples would stay in every garbage collection's
    traversal for the rest of the run."""

    data_version: int | None = None
    prints: dict[str, str] = {}              # number -> fingerprint of its summary where last seen
    renamed: dict[str, str] = {}             # number corrected in place -> the number it became
    flags: dict[str, str] = {}               # number -> rule ids the latest check flagged ("" none)
    at_latest: frozenset[str] = frozenset()
    latest: str | None = None
    dated: bool = False          # written before seen_checks: every number the latest check saw has its date

    def __init__(self, rows: dict[str, tuple[str | None, int | None, str]] | None = None) -> None:
        self._rows = rows or {}

    def __getitem__(self, number: str) -> Seen:
        return Seen(*self._rows[number])

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def keys(self):
        return self._rows.keys()   # the dict's own view: set operations run in C

    def place(self, number: str) -> tuple[str | None, int | None] | None:
        """(sheet, row) where ``number`` was last seen, None for a number never seen."""
        found = self._rows.get(number)
        return found[:2] if found else None

    def unprinted(self) -> set[str]:
        """Numbers seen before the ledger kept fingerprints."""
        return self._rows.keys() - self.prints.keys()


def load_seen(conn: sqlite3.Connection, register_path: Path) -> SeenNumbers:
    """number -> where and when it was last seen, for this register."""
    _ensure(conn)
    key = register_key(register_path)
    every = conn.execute("SELECT number, sheet, row, last_seen, fingerprint, renamed_to, rules FROM seen_numbers "
                         "WHERE register = ?", (key,)).fetchall()
    rows = [r[:4] for r in every if not r[5]]
    latest = conn.execute("SELECT day FROM seen_checks WHERE register = ?", (key,)).fetchone()
    dated = latest is None and bool(rows)
    latest = latest[0] if latest else max((last for *_rest, last in rows), default=None)
    now = _AT_LATEST if not dated else latest
    seen = SeenNumbers({number: (sheet, row, (latest or last) if last == now else last) for number, sheet, row, last in rows})
    seen.at_latest = frozenset(number for number, _sheet, _row, last in rows if last == now)
    seen.latest, seen.dated = latest, dated
    seen.prints = {r[0]: r[4] for r in every if r[4] and not r[5]}
    seen.renamed = {r[0]: r[5] for r in every if r[5]}
    seen.flags = {r[0]: r[6] for r in every if r[6] is not None and not r[5]}
    seen.data_version = _data_version(conn)
    return seen


class SeenChanges(NamedTuple):
    """What a run writes to the ledger, worked out in Python (``seen_changes``) before ``write_seen``
    writes it with SQL only (so that it can run beside other work: SQLite needs no GIL)."""
    key: str                                     # the register, as the ledger names it
    day: str                                     # as_of
    where: dict[str, tuple[str, int]]            # every number seen now -> (sheet, row) (its last place)
    changed: list[tuple[str, str, int]]          # (number, sheet, row) new, moved or back since ``previous``
    gone: list[str]                              # numbers the latest check saw and this one does not
    previous: SeenNumbers | None                 # None: every number is written


def record_seen(conn: sqlite3.Connection, register_path: Path,
                numbers: Iterable[tuple[str, str, int]], as_of: dt.date, previous: SeenNumbers | None = None) -> int:
    """Remember (number, sheet, row) as seen on ``as_of``. Returns how many numbers were recorded.

    ``previous``: what ``load_seen`` returned on this connection earlier in the run. Unless another
    connection wrote to the ledger since, only the changes are written: the same ledger as writing every
    number, in a few rows.
    """
    numbers = list(numbers)
    where = {number: (sheet, row) for number, sheet, row in numbers}   # a number seen twice: its last place
    write_seen(conn, seen_changes(register_path, where, as_of, previous))
    return len(numbers)


def seen_changes(register_path: Path, where: dict[str, tuple[str, int]], as_of: dt.date,
                 previous: SeenNumbers | None = None) -> SeenChanges:
    """The changes ``record_seen`` writes for the numbers seen now (number -> (sheet, row)), found with set
    operations over ``previous`` (no SQL here)."""
    key, day = register_key(register_path), as_of.isoformat()
    if previous is None:
        return SeenChanges(key, day, where, [], [], None)
    before, at_latest = previous.place, previous.at_latest
    # new (no place before), moved, or back after being gone: one pass of look-ups
    changed = [(number, *place) for number, place in where.items()
               if before(number) != place or number not in at_latest]
    return SeenChanges(key, day, where, changed, list(at_latest - where.keys()), previous)


def write_seen(conn: sqlite3.Connection, changes: SeenChanges, prints: dict[str, str] | None = None,
               renamed: dict[str, str] | None = None) -> None:
    """Write ``changes`` in one transaction: only them while the ledger is as it was read, else every number;
    with them the ``prints`` (number -> fingerprint) of new or moved numbers and the numbers ``renamed``."""
    _ensure(conn)
    key, day, previous = changes.key, changes.day, changes.previous
    with conn:
        if previous is not None and _unchanged_since(conn, previous.data_version):
            if previous.dated:   # written before seen_checks: the latest check's numbers take the mark
                conn.execute("UPDATE seen_numbers SET last_seen = ? WHERE register = ? AND last_seen = ?",
                             (_AT_LATEST, key, previous.latest))
            _upsert(conn, key, day, changes.changed)
            conn.executemany("UPDATE seen_numbers SET last_seen = ? WHERE register = ? AND number = ?",
                             [(previous.latest, key, number) for number in changes.gone])
        else:   # every number: those the latest check saw are gone unless seen again now
            conn.execute("UPDATE seen_numbers SET last_seen = coalesce((SELECT day FROM seen_checks "
                         "WHERE register = ?1), last_seen) WHERE register = ?1 AND last_seen = ?2", (key, _AT_LATEST))
            _upsert(conn, key, day, [(number, sheet, row) for number, (sheet, row) in changes.where.items()])
        conn.execute("INSERT INTO seen_checks (register, day) VALUES (?, ?) ON CONFLICT (register) "
                     "DO UPDATE SET day = max(day, excluded.day)", (key, day))
        conn.executemany("UPDATE seen_numbers SET fingerprint = ? WHERE register = ? AND number = ?",
                         [(fp, key, number) for number, fp in (prints or {}).items()])
        conn.executemany("UPDATE seen_numbers SET renamed_to = ? WHERE register = ? AND number = ?",
                         [(new, key, old) for old, new in (renamed or {}).items()])


def write_flags(conn: sqlite3.Connection, register_path: Path, flags: dict[str, str]) -> None:
    """Remember the rule ids each number was flagged with now (only those that changed are given)."""
    key = register_key(register_path)
    conn.executemany("UPDATE seen_numbers SET rules = ? WHERE register = ? AND number = ?",
                     [(text, key, number) for number, text in flags.items()])


def _upsert(conn: sqlite3.Connection, key: str, day: str, rows: list[tuple[str, str, int]]) -> None:
    conn.executemany(
        "INSERT INTO seen_numbers (register, number, sheet, row, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (register, number) DO UPDATE SET "
        "sheet = excluded.sheet, row = excluded.row, last_seen = excluded.last_seen, renamed_to = NULL",
        [(key, number, sheet, row, day, _AT_LATEST) for number, sheet, row in rows])


def ensure(conn: sqlite3.Connection) -> None:
    """The tables, with the columns added since the first ledgers."""
    _ensure(conn)


def _ensure(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)
    have = {row[1] for row in conn.execute("PRAGMA table_info(seen_numbers)")}
    for name, kind in _ADDED:
        if name not in have:
            conn.execute(f"ALTER TABLE seen_numbers ADD COLUMN {name} {kind}")


def _unchanged_since(conn: sqlite3.Connection, version: int | None) -> bool:
    """True when the ledger is still as it was when ``load_seen`` found ``data_version`` == ``version``;
    then a write transaction is open, so that no other writer comes between this check and the writes."""
    if version is None or conn.in_transaction:
        return False
    conn.execute("BEGIN IMMEDIATE")
    return _data_version(conn) == version


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]
