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

from .errors import OutputError

LEDGER_NAME = "ledger.sqlite3"
log = logging.getLogger("kefu.ledger")


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
        conn = _open(path)
        conn.execute("PRAGMA schema_version").fetchone()
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        return conn
    except sqlite3.DatabaseError:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - the handle may not exist
            pass
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        broken = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        path.replace(broken)
        message = f"kefu 的台账文件已损坏,已移到《{broken.name}》并重新建立;以前的记录需从备份恢复。"
        log.warning(message)
        if warnings is not None:
            warnings.append(message)
        return _open(path)


def is_healthy(settings) -> bool:
    """True when the ledger exists and passes SQLite's quick check. Nothing is created, moved or changed,
    so a job may ask before it knows it will run at all (the daily check does, to read the ledger while
    the register is being read)."""
    path = ledger_path(settings)
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(path, timeout=30)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn
