"""The daily check: read the register, run every rule, write the findings workbook (and JSON).

``run_daily_check`` is THE job: ``scripts/daily_check.py`` and the scheduler both call it. It reads the
register (never writes it), fills the ``RuleContext`` from the other workbooks and the ledger (one
connection for the whole run), runs ``run_rules``, and records the numbers seen (each in its canonical
form, ``numbers_present``) so that a deleted row is noticed on the next run.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Callable

from kefu.core.atomic import check_writable, removed_on_failure, write_json
from kefu.core.findings import Finding
from kefu.core.identity import fingerprint
from kefu.core.number_pattern import canonical_of
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.ledger.notices import notice_context
from kefu.ledger.seen_numbers import SeenNumbers, load_seen, seen_changes, write_flags, write_seen
from kefu.outputs.findings.workbook import findings_path, write_findings_workbook
from kefu.read.accounting import incomplete_lines
from kefu.read.callback_records import callback_context
from kefu.read.mapping import register_mapping
from kefu.read.lock_files import lock_files
from kefu.read.rectify_sheet import RectifySheet, read_rectifications
from kefu.read.register import Register, read_register
from kefu.read.survey_sources import survey_files
from kefu.rules.context import RuleContext
from kefu.rules.daily import DailyResult, run_rules
from kefu.rules.renumbering import renumbered
from kefu.rules.urgency import sort_by_urgency

def run_daily_check(settings: Settings, as_of: dt.date, *, json_path: Path | None = None,
                    progress: Callable[[str], None] | None = None) -> DailyResult:
    """Run the daily check for ``as_of``. Raises KefuError subclasses for unusable input/output."""
    say = progress or (lambda _text: None)
    warnings: list[str] = []
    check_writable(Path(settings.paths.output))
    say("读取登记表")
    register = read_register(settings)
    loaded = {"rectifications": _rectifications(settings), **callback_context(settings)}
    say("读取台账")
    conn = ledger.connect(settings, warnings)
    try:
        seen = load_seen(conn, register.path)
        ctx = RuleContext.create(settings, as_of, seen_numbers=seen, seen_prints=seen.prints, **loaded,
                                 **notice_context(conn, settings))
        say("检查编号和期限")
        findings = run_rules(register, ctx)
        warnings.extend(register.warnings)          # formulas without a saved result, one per column
        warnings[:0] = _calendar_lines(ctx.calendar)
        warnings[:0] = _open_elsewhere(register)   # first: what was read is not what is on screen
        warnings[:0] = incomplete_lines(register)  # before that: sheets not read at all
        result = DailyResult(as_of, sort_by_urgency(findings, register.by_place), register, ctx.calendar, warnings)
        if seen.latest is None:   # a register this ledger has not checked before
            result.mapping = register_mapping(register)
        say("写入检查结果")
        _write_and_record(settings, result, conn, seen, json_path)
    finally:
        conn.close()
    return result


def _rectifications(settings: Settings) -> RectifySheet | None:
    """The survey workbook's rectify sheet, or None when the office keeps no survey workbook with kefu.

    When ``[paths] survey`` names several files or a folder, the first workbook (not a CSV) that holds
    the sheet; an online export never does."""
    path = Path(settings.paths.survey)
    if len(settings.paths.survey_sources) == 1 and not path.is_dir():
        return read_rectifications(settings, path) if path.is_file() else None
    for file in survey_files(settings):
        if file.suffix.lower() != ".csv" and file.is_file():
            sheet = read_rectifications(settings, file)
            if sheet.found:
                return sheet
    return None


def _write_and_record(settings: Settings, result: DailyResult, conn: sqlite3.Connection, seen,
                      json_path: Path | None) -> None:
    """Record the numbers seen, write the findings workbook (and JSON), then record the run.

    The numbers seen are the register's and are recorded in any case; the run itself only once its
    outputs are written (when one of them cannot be, that error reaches the caller and no run is recorded).
    When the ledger cannot record the run (locked, disk full), the outputs this run wrote are removed:
    a run's outputs and its exit code agree.
    """
    result.outputs.append(findings_path(settings, result.as_of))
    if json_path is not None:
        result.outputs.append(Path(json_path))
    present = numbers_present(result.register, settings)
    changes = seen_changes(result.register.path, present, result.as_of, seen)
    renamed = _renamed(result.register, seen, present, settings)
    write_seen(conn, changes, _prints(result.register, present, changes, seen), renamed)
    with removed_on_failure() as written:
        written.add(write_findings_workbook(result.outputs[0], result.findings, result.register, result.as_of,
                                            result.warnings))
        if json_path is not None:
            written.add(write_json(Path(json_path), result_json(result)))
        inputs = [result.register.path] + [p for p in (settings.paths.callback_records, settings.paths.survey)
                                           if Path(p).is_file()]
        changed = _changed_flags(_flagged(result.findings, present, settings), seen, present, renamed)
        audit.insert_run(conn, audit.run_record("daily_check", inputs, result.outputs, _counts(result.findings),
                                                {n: text.split(",") if text else [] for n, text in changed.items()},
                                                as_of=result.as_of),
                         before_commit=lambda: write_flags(conn, result.register.path, changed))


def _prints(register: Register, present: dict[str, tuple[str, int]], changes, seen) -> dict[str, str]:
    """number -> summary fingerprint for the numbers new or moved now (all of them on a first check), and
    for those seen before the ledger kept fingerprints: what tells a corrected number from a lost one."""
    if changes.previous is None:
        wanted = present.keys()
    else:
        wanted = {number for number, _sheet, _row in changes.changed} | (seen.unprinted() & present.keys())
    places = register.by_place
    return {n: fingerprint(places[present[n]].summary) for n in wanted if present[n] in places}


def _renamed(register: Register, seen: SeenNumbers, present: dict[str, tuple[str, int]],
             settings: Settings) -> dict[str, str]:
    """old -> new of the numbers corrected in place since the latest check (rules.renumbering)."""
    canonical = canonical_of(settings)
    found = renumbered(register, seen, seen.prints, set(present), canonical)
    return {old: canonical(c.number) for old, c in found.items()}


def _changed_flags(flagged: dict[str, list[str]], seen, present, renamed: dict[str, str]) -> dict[str, str]:
    """number -> its rule ids as one text, for the numbers of the register (now or before) whose flags
    differ from the latest check's (first seen, flagged, cleared, gone): the only ones this run adds to
    the history. A number no row ever held (a notice file's) has no history here."""
    before, known = seen.flags, seen.keys()
    out = {}
    for number, rules in flagged.items():
        text = ",".join(sorted(set(rules))) if rules else ""
        if before.get(number) != text and (number in present or number in known):
            out[number] = text
    for number in before.keys() - present.keys() - flagged.keys():   # gone without a finding of its own
        text = audit.RENAMED if number in renamed else audit.GONE
        if before[number] != text:
            out[number] = text
    return out


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {"findings": len(findings)}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return counts


def _flagged(findings: list[Finding], present, settings: Settings) -> dict[str, list[str]]:
    """Canonical number -> rule ids of this run (an empty list for a number seen with nothing wrong)."""
    canonical = canonical_of(settings)   # a finding's number is normalised
    flagged: dict[str, list[str]] = {}
    for f in findings:
        if f.number:
            flagged.setdefault(canonical(f.number), []).append(f.rule)
    numbers: dict[str, list[str]] = dict.fromkeys(present, [])   # the empty list is only read
    numbers.update(flagged)
    return numbers


def _calendar_lines(calendar: WorkCalendar) -> list[str]:
    """First in every output: which source each year's working days came from, then the fallback warning."""
    return [line for line in (calendar.source_line(), calendar.fallback_warning()) if line]


def _open_elsewhere(register: Register) -> list[str]:
    """One line when Excel/WPS/LibreOffice has the register open: what was read is the saved file."""
    locks = lock_files(register.path)
    if not locks:
        return []
    return [f"登记表《{register.path.name}》正在 Excel/WPS 中打开(发现锁文件《{locks[0].name}》):本次检查读的是"
            f"上次保存的内容,尚未保存的修改没有包括在内;请先保存,再重新运行每日检查。"]


def numbers_present(register: Register, settings: Settings) -> dict[str, tuple[str, int]]:
    """Every number in the register in its canonical form (as the pattern writes it; a number that does
    not fit: itself) -> (sheet, row) (a number twice: its last place)."""
    canonical = canonical_of(settings)   # Complaint.number is normalised
    return {canonical(c.number): (c.sheet, c.row) for c in register.complaints if c.number}


def result_json(result: DailyResult) -> dict:
    """``incomplete`` (first, only when some sheet was not read): the sheets not checked, in Chinese."""
    first = incomplete_lines(result.register)
    return {"as_of": result.as_of.isoformat(),
            **({"incomplete": first, "sheets": sheet_json(result.register)} if first else {}),
            "findings": [f.to_json() for f in result.findings],
            "warnings": list(result.warnings)}


def sheet_json(register: Register) -> list[dict]:
    """Each sheet: read (with its rows by kind), skipped (why), missing or unlisted."""
    out = [{"sheet": i.name, "state": "read", "complaints": i.rows - i.voided - i.unreadable, "voided": i.voided,
            "blank": i.blank, "unreadable": i.unreadable} for i in register.sheets]
    out += [{"sheet": i.name, "state": i.state or "skipped", "reason": i.skipped_reason} for i in register.skipped]
    return out
