"""The ledger: one SQLite file under [paths] data, kefu's memory of what it saw and issued.

Each module that keeps something in the ledger creates its own tables with CREATE TABLE IF NOT EXISTS
through ``connect``. A missing ledger is created; a damaged one is moved aside and rebuilt with a
warning, so it never stops a job. The ledger stores no phone numbers.
"""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from kefu.core.errors import OutputError

LEDGER_NAME = "ledger.sqlite3"
log = logging.getLogger("kefu.ledger.db")


def ledger_path(settings) -> Path:
    return Path(settings.paths.data) / LEDGER_NAME


def connect(settings, warnings: list[str] | None = None) -> sqlite3.Connection:
    """Open (or create, or rebuild) the ledger. A rebuild appends a Chinese warning to ``warnings``."""
    path = ledger_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建数据文件夹《{path.parent}》({exc.strerror}),请检查 config.ini [paths] data。") from None
    try:
        return _checked(path)
    except sqlite3.DatabaseError:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        broken = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        path.replace(broken)
        message = f"kefu 的台账文件已损坏,已移到《{broken.name}》并重新建立;以前的记录需从备份恢复。"
        log.warning(message)
        if warnings is not None:
            warnings.append(message)
        return _open(path)


def open_if_healthy(settings) -> sqlite3.Connection | None:
    """The ledger, open, when it exists and passes SQLite's quick check; else None, and nothing is created,
    moved or changed: a job may ask before it knows it will run at all (the daily check does, to read the
    ledger while the register is being read)."""
    path = ledger_path(settings)
    if not path.is_file():
        return None
    try:
        return _checked(path)
    except sqlite3.Error:
        return None


def _checked(path: Path) -> sqlite3.Connection:
    """Open the ledger at ``path``; sqlite3.DatabaseError (the handle closed) when it fails the quick check."""
    conn = _open(path)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
    except BaseException:
        conn.close()
        raise
    return conn


def _open(path: Path) -> sqlite3.Connection:
    # one connection per job, which may write on a thread of its own (never two threads at once)
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn
