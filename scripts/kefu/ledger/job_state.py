"""What the scheduled jobs did, day by day: the ledger tables behind the scheduler and the day's reminder.

- ``job_state``: per job, the last attempt and last success (so a restart knows what already ran);
- ``day_notes``: every run of a day: its failures, successes and the notes it left for the reminder;
- ``day_parts``: the part of the day's reminder a job made (the daily check's sections), as JSON, the
  latest successful run's. A new process (a restart, ``--once``) rebuilds the reminder from these rows,
  so a later job adds its part and never removes the check's.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from kefu.core.settings import Settings
from kefu.ledger.db import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS job_state (
    job TEXT PRIMARY KEY, last_attempt TEXT, last_success TEXT, last_error TEXT);
CREATE TABLE IF NOT EXISTS day_notes (
    day TEXT NOT NULL, job TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS day_parts (
    day TEXT NOT NULL, job TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (day, job));
"""


@dataclass(frozen=True)
class RunFailure:
    """A failed run of a day; ``fixed_at``: the first later successful run of the same job, if any."""
    job: str
    message: str
    at: dt.datetime | None = None
    fixed_at: dt.datetime | None = None


@dataclass
class DayRecord:
    failures: list[RunFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)          # each once, in the order first left
    parts: dict[str, Any] = field(default_factory=dict)  # job -> its part of the reminder (JSON)


def _stamp(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


class JobState:
    """The ledger tables that remember what ran."""

    def __init__(self, settings: Settings):
        self.conn = connect(settings)
        self.conn.executescript(_SCHEMA)

    def last_attempt(self, job: str) -> dt.datetime | None:
        row = self.conn.execute("SELECT last_attempt FROM job_state WHERE job = ?", (job,)).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def record(self, job: str, at: dt.datetime, ok: bool, error: str = "") -> None:
        with self.conn:
            self.conn.execute(
                "INSERT INTO job_state (job, last_attempt, last_success, last_error) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(job) DO UPDATE SET last_attempt = excluded.last_attempt, "
                "last_success = COALESCE(excluded.last_success, job_state.last_success), "
                "last_error = excluded.last_error",
                (job, _stamp(at), _stamp(at) if ok else None, error))

    def baseline(self, job: str, at: dt.datetime) -> None:
        """Remember when the scheduler first knew a job, so its first missed time later is caught up."""
        with self.conn:
            self.conn.execute("INSERT OR IGNORE INTO job_state (job, last_attempt) VALUES (?, ?)",
                              (job, _stamp(at)))

    def add_note(self, day: dt.date, job: str, kind: str, message: str, at: dt.datetime) -> None:
        """``kind``: failure, success (message: the run's summary) or note (a line for the reminder)."""
        with self.conn:
            self.conn.execute("INSERT INTO day_notes VALUES (?, ?, ?, ?, ?)",
                              (day.isoformat(), job, kind, message, _stamp(at)))

    def save_part(self, day: dt.date, job: str, part, at: dt.datetime) -> None:
        """The job's part of the day's reminder (JSON-able); a later run of the same job replaces it."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO day_parts VALUES (?, ?, ?, ?)",
                              (day.isoformat(), job, _stamp(at), json.dumps(part, ensure_ascii=False)))

    def day_of(self, day: dt.date) -> DayRecord:
        """Everything the day's runs left: failures (each marked fixed by a later success), notes, parts."""
        out = DayRecord()
        rows = self.conn.execute("SELECT job, kind, message, at FROM day_notes WHERE day = ? ORDER BY at, rowid",
                                 (day.isoformat(),)).fetchall()
        for i, (job, kind, message, at) in enumerate(rows):
            if kind == "failure":
                fixed = next((later for j, k, _m, later in rows[i + 1:] if j == job and k == "success"), None)
                out.failures.append(RunFailure(job, message, dt.datetime.fromisoformat(at),
                                               dt.datetime.fromisoformat(fixed) if fixed else None))
            elif kind == "note" and message not in out.notes:
                out.notes.append(message)
        for job, body in self.conn.execute("SELECT job, body FROM day_parts WHERE day = ?", (day.isoformat(),)):
            out.parts[job] = json.loads(body)
        return out

    def close(self) -> None:
        self.conn.close()
