"""One notice run writes at a time: a second make_notices (a clerk's click while the scheduler's run is
going) waits for the first, then reads what it issued; after WAIT_SECONDS it stops with one line.

The lock is an exclusive transaction on a small SQLite file beside the ledger (``make_notices.lock``):
the operating system releases it when a process ends, even killed, so no stale lock is ever left. It
holds no table and no data; the ledger itself stays free for the daily check meanwhile.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from kefu.core.errors import OutputError
from kefu.core.settings import Settings
from kefu.ledger.db import ledger_error

LOCK_NAME = "make_notices.lock"
WAIT_SECONDS = 20.0
BUSY = ("另一次生成通知单(可能是计划任务)正在写入通知单,等了 {wait:.0f} 秒仍未结束,本次没有生成任何通知单;"
        "请稍后重新运行。")


@contextmanager
def notice_writer(settings: Settings, wait: float = WAIT_SECONDS):
    """Hold the notice-writing lock for the ``with`` block (OutputError after ``wait`` seconds)."""
    path = Path(settings.paths.data) / LOCK_NAME
    try:
        conn = sqlite3.connect(path, timeout=wait, isolation_level=None)
    except sqlite3.Error as exc:
        raise ledger_error(path, exc) or OutputError(f"无法打开《{path}》({exc})。") from None
    try:
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise OutputError(BUSY.format(wait=wait)) from None
        raise ledger_error(path, exc) or OutputError(f"无法打开《{path}》({exc})。") from None
    try:
        yield
    finally:
        try:
            conn.execute("ROLLBACK")
        finally:
            conn.close()
