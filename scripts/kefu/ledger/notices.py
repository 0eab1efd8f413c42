"""The ledger table of issued notices: number, version, file (relative to output), sha256, time, and what
the notice was issued for: the complaint's date received, customer, room, department, a fingerprint of
its summary and the row it was on (``kefu.core.identity``), so that a notice whose register row is no
longer its complaint is noticed. A voided notice (作废) keeps its row with the day and the reason.

A paper notice (纸质通知单: the complaint's 通知单编号 was filled when make_notices first saw it) is a row of
kind ``identity.PAPER`` with the same identity, an empty path and digest (no file): it is in force like a
printed one until voided, and a print asked for later is its next version.

No phone numbers are stored. A ledger made before these columns existed gets them on first use (its
notices keep empty identities: they are taken to belong to their rows, and an empty kind: printed).
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from kefu.core.identity import PAPER
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
# columns added since the first ledgers (a migration step: ALTER TABLE on first use)
IDENTITY = ("received", "customer", "unit", "department", "fingerprint", "sheet", "row")
ADDED = (("received", "TEXT"), ("customer", "TEXT"), ("unit", "TEXT"), ("department", "TEXT"),
         ("fingerprint", "TEXT"), ("sheet", "TEXT"), ("row", "INTEGER"), ("voided_at", "TEXT"),
         ("void_reason", "TEXT"), ("kind", "TEXT"))
COLUMNS = ("number", "version", "path", "sha256", "issued_at") + tuple(name for name, _kind in ADDED)


def ensure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute(SCHEMA)
    have = {row[1] for row in conn.execute("PRAGMA table_info(notices_issued)")}
    missing = [(name, kind) for name, kind in ADDED if name not in have]
    if missing:
        with conn:
            for name, kind in missing:
                conn.execute(f"ALTER TABLE notices_issued ADD COLUMN {name} {kind}")
    return conn


def issued(conn: sqlite3.Connection) -> list[dict]:
    """Every notice ever issued (voided ones too), by number and version."""
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM notices_issued ORDER BY number, version").fetchall()
    return [{k: ("" if v is None and k != "row" else v) for k, v in zip(COLUMNS, r)} for r in rows]


def latest(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """number -> (highest version issued, voided or not, its file relative to output)."""
    rows = conn.execute("SELECT number, version, path FROM notices_issued n WHERE version = "
                        "(SELECT MAX(version) FROM notices_issued WHERE number = n.number)").fetchall()
    return {number: (version, path) for number, version, path in rows}


def record(conn: sqlite3.Connection, number: str, version: int, path: str, sha256: str,
           when: dt.datetime | None = None, identity: dict | None = None) -> None:
    stamp = (when or dt.datetime.now()).isoformat(timespec="seconds")
    who = identity or {}
    with conn:
        conn.execute("INSERT INTO notices_issued (number, version, path, sha256, issued_at, "
                     f"{', '.join(IDENTITY)}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     (number, version, path, sha256, stamp, *(who.get(k) for k in IDENTITY)))


def record_paper(conn: sqlite3.Connection, number: str, identity: dict, when: dt.datetime | None = None) -> int:
    """Record the paper notice of complaint ``number`` (no notice of it in the ledger yet): its version."""
    stamp = (when or dt.datetime.now()).isoformat(timespec="seconds")
    with conn:
        version = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM notices_issued WHERE number = ?",
                               (number,)).fetchone()[0]
        conn.execute("INSERT INTO notices_issued (number, version, path, sha256, issued_at, kind, "
                     f"{', '.join(IDENTITY)}) VALUES (?,?,'','',?,?,?,?,?,?,?,?,?)",
                     (number, version, stamp, PAPER, *(identity.get(k) for k in IDENTITY)))
    return version


def void(conn: sqlite3.Connection, number: str, reason: str, sha256: dict[int, str],
         when: dt.datetime | None = None) -> None:
    """Mark the notices of ``number`` in force as voided (``sha256``: version -> the file's new digest)."""
    stamp = (when or dt.datetime.now()).isoformat(timespec="seconds")
    with conn:
        conn.executemany("UPDATE notices_issued SET voided_at = ?, void_reason = ?, sha256 = ? "
                         "WHERE number = ? AND version = ? AND voided_at IS NULL",
                         [(stamp, reason, digest, number, version) for version, digest in sha256.items()])


def notice_context(conn: sqlite3.Connection, settings: Settings) -> dict[str, list[dict]]:
    """For the daily check's RuleContext (``RuleContext.create(..., **notice_context(conn, settings))``):
    notices issued (from the job's ledger connection) and filed (archive folder).

    Here rather than in kefu.jobs.make_notices so that the daily check does not import the notice job (docxtpl,
    lxml, openpyxl) to get it.
    """
    return {"issued_notices": issued(ensure(conn)), "filed_notices": filed_notices(settings)}
