"""The ledger table of issued notices: number, version, file (relative to output), sha256, time.

No personal data is stored: the number identifies the complaint.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from kefu.core.settings import Settings
from kefu.read.notice_files import filed_notices

SCHEMA = """
CREATE TABLE IF NOT EXISTS notices_issued (
    number     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    issued_at  TEXT NOT NULL,
    PRIMARY KEY (number, version)
)
"""


def ensure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute(SCHEMA)
    return conn


def issued(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT number, version, path, sha256, issued_at FROM notices_issued "
                        "ORDER BY number, version").fetchall()
    return [dict(zip(("number", "version", "path", "sha256", "issued_at"), r)) for r in rows]


def latest(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """number -> (highest version issued, its file relative to output)."""
    rows = conn.execute("SELECT number, version, path FROM notices_issued n WHERE version = "
                        "(SELECT MAX(version) FROM notices_issued WHERE number = n.number)").fetchall()
    return {number: (version, path) for number, version, path in rows}


def record(conn: sqlite3.Connection, number: str, version: int, path: str, sha256: str,
           when: dt.datetime | None = None) -> None:
    stamp = (when or dt.datetime.now()).isoformat(timespec="seconds")
    with conn:
        conn.execute("INSERT INTO notices_issued (number, version, path, sha256, issued_at) VALUES (?,?,?,?,?)",
                     (number, version, path, sha256, stamp))


def notice_context(conn: sqlite3.Connection, settings: Settings) -> dict[str, list[dict]]:
    """For the daily check's RuleContext (``RuleContext.create(..., **notice_context(conn, settings))``):
    notices issued (from the job's ledger connection) and filed (archive folder).

    Here rather than in kefu.jobs.make_notices so that the daily check does not import the notice job (docxtpl,
    lxml, openpyxl) to get it.
    """
    return {"issued_notices": issued(ensure(conn)), "filed_notices": filed_notices(settings)}
