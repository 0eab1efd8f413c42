"""The ledger's seen numbers: writing only the changes leaves the same rows as writing every number."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kefu.ledger.seen_numbers import load_seen, record_seen

REGISTER = Path("登记表.xlsx")
D = dt.date


def _rows(path: Path) -> list[tuple]:
    """(register, number, sheet, row, first_seen, last_seen), last_seen of the numbers the latest check saw
    being that check's day (the ledger stores "" there and the day once, in seen_checks)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT s.register, number, sheet, row, first_seen, CASE WHEN last_seen = '' THEN c.day "
            "ELSE last_seen END FROM seen_numbers s LEFT JOIN seen_checks c ON c.register = s.register "
            "ORDER BY s.register, number").fetchall()
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


def test_a_check_that_finds_nothing_new_writes_one_row_whatever_the_size_of_the_register(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    numbers = [(f"TS-2026-{i:04d}", "2026年", i + 2) for i in range(1, 2001)]
    _run(path, numbers, D(2026, 3, 8), changes_only=True)
    conn = sqlite3.connect(path)
    seen = load_seen(conn, REGISTER)
    before = conn.total_changes
    record_seen(conn, REGISTER, numbers, D(2026, 3, 9), seen)
    assert conn.total_changes - before == 1          # the day of the latest check, nothing else
    assert load_seen(conn, REGISTER)["TS-2026-0007"].last_seen == "2026-03-09"
    conn.close()


def test_a_number_gone_keeps_the_day_it_was_last_seen_and_counts_again_when_it_is_back(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    _run(path, FIRST, D(2026, 3, 8), changes_only=True)
    _run(path, FIRST[1:], D(2026, 3, 9), changes_only=True)           # 0001 deleted
    _run(path, FIRST[1:], D(2026, 3, 10), changes_only=True)
    conn = sqlite3.connect(path)
    seen = load_seen(conn, REGISTER)
    assert seen["TS-2026-0001"] == ("2026年", 3, "2026-03-08") and "TS-2026-0001" not in seen.at_latest
    assert seen["TS-2026-0002"].last_seen == "2026-03-10"
    record_seen(conn, REGISTER, FIRST, D(2026, 3, 11), seen)            # restored from a backup
    back = load_seen(conn, REGISTER)
    conn.close()
    assert back["TS-2026-0001"].last_seen == "2026-03-11" and "TS-2026-0001" in back.at_latest
    assert {r[1]: r[4] for r in _rows(path)}["TS-2026-0001"] == "2026-03-08"   # first seen stays


def test_a_ledger_written_before_seen_checks_reads_the_same_and_goes_on(tmp_path):
    """Until this version every number the latest check saw carried that day as last_seen."""
    path = tmp_path / "ledger.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE seen_numbers (register TEXT NOT NULL, number TEXT NOT NULL, sheet TEXT, "
                 "row INTEGER, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (register, number))")
    key = str(REGISTER.resolve())
    conn.executemany("INSERT INTO seen_numbers VALUES (?, ?, ?, ?, ?, ?)", [
        (key, "TS-2026-0001", "2026年", 3, "2026-03-01", "2026-03-08"),
        (key, "TS-2026-0002", "2026年", 4, "2026-03-01", "2026-03-08"),
        (key, "TS-2026-0003", "2026年", 5, "2026-03-01", "2026-03-05")])     # gone since 03-05
    conn.commit()
    seen = load_seen(conn, REGISTER)
    assert seen["TS-2026-0003"].last_seen == "2026-03-05" and seen["TS-2026-0001"].last_seen == "2026-03-08"
    assert seen.at_latest == {"TS-2026-0001", "TS-2026-0002"}
    record_seen(conn, REGISTER, [("TS-2026-0002", "2026年", 4)], D(2026, 3, 9), seen)   # 0001 deleted
    after = load_seen(conn, REGISTER)
    conn.close()
    assert {n: s.last_seen for n, s in after.items()} == {
        "TS-2026-0001": "2026-03-08", "TS-2026-0002": "2026-03-09", "TS-2026-0003": "2026-03-05"}
