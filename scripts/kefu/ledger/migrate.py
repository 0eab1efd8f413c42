"""Upgrading a ledger made by an earlier kefu, in place, on first use (a backup kept beside it).

Version 2 (``PRAGMA user_version``): the daily check no longer keeps a row per complaint per day in
``run_numbers``; a number's history is its changes. An older ledger keeps, of its daily rows, the first
one of each number and every one whose flags differ from the day before (what history tells stays the
same), ``seen_numbers.rules`` takes each number's latest flags, run_numbers becomes WITHOUT ROWID as in new
ledgers, and the file is compacted. Before that, a
copy is written beside the ledger (``ledger.before-upgrade-<time>.sqlite3``). Columns added since
(notices_issued identities and kind — a paper notice —, seen_numbers fingerprints) are added by their own
modules (ALTER TABLE, ``notices.ADDED``): an old ledger gets them in place, its rows keep NULL there.
"""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from kefu.ledger import seen_numbers

VERSION = 2
log = logging.getLogger("kefu.ledger.migrate")

_DAILY = "SELECT n.rowid AS rid, n.number, n.rules, n.run_id FROM run_numbers n JOIN job_runs r ON r.id = n.run_id " \
         "WHERE r.job = 'daily_check'"


def upgrade(conn: sqlite3.Connection, path: Path, warnings: list[str] | None = None) -> bool:
    """Bring the ledger at ``path`` (open as ``conn``) to VERSION; True when it had to be rewritten."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= VERSION:
        return False
    rewrite = _has(conn, "run_numbers") and _has(conn, "job_runs") and \
        conn.execute(f"SELECT 1 FROM ({_DAILY}) LIMIT 1").fetchone() is not None
    if rewrite:
        backup = _backup(conn, path)
        _compact_history(conn)
        _without_rowid(conn)
        conn.execute("VACUUM")
        message = f"kefu 的台账已升级为新格式(历史按变化记录,文件更小),升级前的台账另存为《{backup.name}》。"
        log.warning(message)
        if warnings is not None:
            warnings.append(message)
    conn.execute(f"PRAGMA user_version = {VERSION}")
    return rewrite


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None


def _backup(conn: sqlite3.Connection, path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


def _without_rowid(conn: sqlite3.Connection) -> None:
    """run_numbers as new ledgers make it (WITHOUT ROWID: the key is the row, no index beside it)."""
    with conn:
        conn.execute("CREATE TABLE run_numbers_v2 (run_id INTEGER NOT NULL REFERENCES job_runs (id), "
                     "number TEXT NOT NULL, rules TEXT NOT NULL, PRIMARY KEY (run_id, number)) WITHOUT ROWID")
        conn.execute("INSERT INTO run_numbers_v2 SELECT run_id, number, rules FROM run_numbers")
        conn.execute("DROP TABLE run_numbers")
        conn.execute("ALTER TABLE run_numbers_v2 RENAME TO run_numbers")


def _compact_history(conn: sqlite3.Connection) -> None:
    """Keep each number's first daily row and those whose flags changed; seen_numbers.rules <- the latest."""
    seen_numbers.ensure(conn)
    with conn:
        conn.execute(f"""
            DELETE FROM run_numbers WHERE rowid IN (
                SELECT rid FROM (SELECT rid, rules, LAG(rules) OVER (PARTITION BY number ORDER BY run_id) AS prev
                                 FROM ({_DAILY}))
                WHERE prev IS NOT NULL AND prev = rules)""")
        conn.execute(f"""
            UPDATE seen_numbers SET rules = (
                SELECT d.rules FROM ({_DAILY}) d WHERE d.number = seen_numbers.number ORDER BY d.run_id DESC LIMIT 1)
            WHERE renamed_to IS NULL""")
