"""The ledger's seen numbers: writing only the changes leaves the same rows as writing every number."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kefu.seen_numbers import load_seen, record_seen

REGISTER = Path("登记表.xlsx")
D = dt.date


def _rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT register, number, sheet, row, first_seen, last_seen FROM seen_numbers "
                            "ORDER BY register, number").fetchall()
    finally:
        conn.close()


def _run(path: Path, numbers, as_of: dt.date, *, changes_only: bool) -> None:
    conn = sqlite3.connect(path)
    try:
        seen = load_seen(conn, REGISTER)
        record_seen(conn, REGISTER, numbers, as_of, seen if changes_only else None)
    finally:
        conn.close()


FIRST = [("TS-2026-0001", "2026年", 3), ("TS-2026-0002", "2026年", 4), ("TS-2026-0003", "2026年", 5),
         ("TS-2025-0009", "2025年", 3)]
LATER = [  # 0001 stays, 0002 moves, 0003 vanishes, 0004 is new and written twice (its last place counts)
    ("TS-2026-0001", "2026年", 3), ("TS-2026-0002", "2026年", 9), ("TS-2026-0004", "2026年", 5),
    ("TS-2026-0004", "2026年", 6), ("TS-2025-0009", "2025年", 3)]


@pytest.mark.parametrize("later_day", [D(2026, 3, 9), D(2026, 3, 8), D(2026, 3, 1)])   # later, same day, earlier
def test_changes_only_leave_the_same_rows_as_writing_every_number(tmp_path, later_day):
    for name, changes_only in (("all.sqlite3", False), ("changes.sqlite3", True)):
        _run(tmp_path / name, FIRST, D(2026, 3, 8), changes_only=changes_only)
        _run(tmp_path / name, LATER, later_day, changes_only=changes_only)
    rows = _rows(tmp_path / "changes.sqlite3")
    assert rows == _rows(tmp_path / "all.sqlite3")
    vanished = [r for r in rows if r[1] == "TS-2026-0003"]
    assert vanished[0][2:] == ("2026年", 5, "2026-03-08", "2026-03-08")   # where and when last seen


def test_a_write_by_another_connection_in_between_means_writing_every_number(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    _run(path, FIRST, D(2026, 3, 8), changes_only=False)
    conn = sqlite3.connect(path)
    seen = load_seen(conn, REGISTER)
    other = sqlite3.connect(path)
    with other:   # e.g. another daily check of the same register: 0001 moved, 0002 deleted from the ledger
        other.execute("UPDATE seen_numbers SET row = 99 WHERE number = 'TS-2026-0001'")
        other.execute("DELETE FROM seen_numbers WHERE number = 'TS-2026-0002'")
    other.close()
    record_seen(conn, REGISTER, FIRST, D(2026, 3, 9), seen)
    conn.close()
    rows = {r[1]: r[2:] for r in _rows(path)}
    assert rows["TS-2026-0001"] == ("2026年", 3, "2026-03-08", "2026-03-09")
    assert rows["TS-2026-0002"] == ("2026年", 4, "2026-03-09", "2026-03-09")
