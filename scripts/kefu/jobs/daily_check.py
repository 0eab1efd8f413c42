"""The daily check: read the register, run every rule, write the findings workbook (and JSON).

``run_daily_check`` is THE job: ``scripts/daily_check.py`` and the scheduler both call it. It reads the
register (never writes it), fills ``RuleContext.extra`` from ``CONTEXT_PROVIDERS`` and the ledger,
runs ``run_rules``, and records the numbers seen so that a deleted row is noticed on the next run.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kefu.core.atomic import check_writable, remove_quietly, write_json
from kefu.core.findings import Finding
from kefu.core.identity import fingerprint
from kefu.core.number_pattern import CANONICAL, number_pattern
from kefu.core.workdays import WorkCalendar
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.ledger.notices import notice_context
from kefu.ledger.seen_numbers import load_seen, seen_changes, write_flags, write_seen
from kefu.outputs.findings.workbook import findings_path, write_findings_workbook
from kefu.read.callback_records import callback_context
from kefu.read.inventory import register_mapping
from kefu.read.lock_files import lock_files
from kefu.read.rectify_sheet import RectifySheet, read_rectifications
from kefu.read.register import Register, read_register
from kefu.rules.context import RuleContext
from kefu.rules.daily import run_rules
from kefu.rules.rectify import rectify_findings
from kefu.rules.renumbering import renumbered
from kefu.rules.urgency import sort_by_urgency

# Callables ``provider(settings) -> dict`` whose results are merged into RuleContext.extra (data the
# rules of other modules need: issued notices, callback records ...). A provider may return the key
# "warnings" (a list of Chinese sentences): those go to DailyResult.warnings, not to the rules.
CONTEXT_PROVIDERS: tuple[Callable[[object], dict], ...] = (notice_context, callback_context)


@dataclass
class DailyResult:
    as_of: dt.date
    findings: list[Finding]                 # sorted by urgency
    register: Register
    calendar: WorkCalendar                  # how days were counted (for "days waiting")
    warnings: list[str] = field(default_factory=list)   # Chinese, each said once in every output
    mapping: list[str] = field(default_factory=list)    # the first check of a register: what each column was taken for
    outputs: list[Path] = field(default_factory=list)

    def count(self, rule: str) -> int:
        return sum(1 for f in self.findings if f.rule == rule)


def run_daily_check(settings, as_of: dt.date, *, json_path: Path | None = None,
                    progress: Callable[[str], None] | None = None) -> DailyResult:
    """Run the daily check for ``as_of``. Raises KefuError subclasses for unusable input/output."""
    say = progress or (lambda _text: None)
    warnings: list[str] = []
    check_writable(Path(settings.paths.output))
    say("读取登记表")
    register = read_register(settings)
    rectifications = _rectifications(settings)
    extra = _provided(settings, warnings)
    say("读取台账")
    conn = ledger.connect(settings, warnings)
    try:
        extra["seen_numbers"] = load_seen(conn, register.path)
        ctx = RuleContext.create(settings, as_of, **extra)
        say("检查编号和期限")
        findings = run_rules(register, ctx) + rectify_findings(rectifications, as_of)
        warnings.extend(register.warnings)          # formulas without a saved result, one per column
        warnings[:0] = _calendar_lines(ctx.calendar)
        warnings[:0] = _open_elsewhere(register)   # first: what was read is not what is on screen
        result = DailyResult(as_of, sort_by_urgency(findings, register.by_place), register, ctx.calendar, warnings)
        if extra["seen_numbers"].latest is None:   # a register this ledger has not checked before
            result.mapping = register_mapping(register)
        say("写入检查结果")
        _write_and_record(settings, result, conn, extra["seen_numbers"], json_path)
    finally:
        conn.close()
    return result


def _rectifications(settings) -> RectifySheet | None:
    """The survey workbook's rectify sheet, or None when the office keeps no survey workbook with kefu."""
    path = Path(settings.paths.survey)
    return read_rectifications(settings, path) if path.is_file() else None


def _write_and_record(settings, result: DailyResult, conn: sqlite3.Connection, seen,
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
    present = _present_places(result.register, settings)
    changes = seen_changes(result.register.path, present, result.as_of, seen)
    renamed = _renamed(result.register, seen, present, settings)
    write_seen(conn, changes, _prints(result.register, present, changes, seen), renamed)
    written: list[Path] = []
    try:
        written.append(write_findings_workbook(result.outputs[0], result.findings, result.register, result.as_of,
                                               result.warnings))
        if json_path is not None:
            written.append(write_json(Path(json_path), result_json(result)))
        inputs = [result.register.path] + [p for p in (settings.paths.callback_records, settings.paths.survey)
                                           if Path(p).is_file()]
        changed = _changed_flags(_flagged(result.findings, present, settings), seen, present, renamed)
        audit.insert_run(conn, audit.run_record("daily_check", inputs, result.outputs, _counts(result.findings),
                                                {n: text.split(",") if text else [] for n, text in changed.items()}),
                         before_commit=lambda: write_flags(conn, result.register.path, changed))
    except BaseException:
        remove_quietly(written)
        raise


def _prints(register: Register, present: dict[str, tuple[str, int]], changes, seen) -> dict[str, str]:
    """number -> summary fingerprint for the numbers new or moved now (all of them on a first check), and
    for those seen before the ledger kept fingerprints: what tells a corrected number from a lost one."""
    if changes.previous is None:
        wanted = present.keys()
    else:
        wanted = {number for number, _sheet, _row in changes.changed} | (seen.unprinted() & present.keys())
    places = register.by_place
    return {n: fingerprint(places[present[n]].summary) for n in wanted if present[n] in places}


def _renamed(register: Register, seen, present: dict[str, tuple[str, int]], settings) -> dict[str, str]:
    """old -> new of the numbers corrected in place since the latest check (rules.renumbering)."""
    pattern = number_pattern(settings.numbering.pattern)
    found = renumbered(register, seen, set(present), pattern)
    return {old: pattern.canonical(c.number) for old, c in found.items()}


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
        text = "number.renamed" if number in renamed else "number.gone"
        if before[number] != text:
            out[number] = text
    return out


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {"findings": len(findings)}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return counts


def _flagged(findings: list[Finding], present, settings) -> dict[str, list[str]]:
    """Canonical number -> rule ids of this run (an empty list for a number seen with nothing wrong)."""
    canonical = number_pattern(settings.numbering.pattern).canonical
    flagged: dict[str, list[str]] = {}
    for f in findings:
        if f.number:
            flagged.setdefault(canonical(f.number), []).append(f.rule)
    numbers: dict[str, list[str]] = dict.fromkeys(present, [])   # the empty list is only read
    numbers.update(flagged)
    return numbers


def _provided(settings, warnings: list[str]) -> dict:
    extra: dict = {}
    for provider in CONTEXT_PROVIDERS:
        data = dict(provider(settings) or {})
        warnings.extend(data.pop("warnings", ()))
        extra.update(data)
    return extra


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


def _present_places(register: Register, settings) -> dict[str, tuple[str, int]]:
    """Every number in the register as the pattern writes it -> (sheet, row) (a number twice: its last place)."""
    pattern = number_pattern(settings.numbering.pattern)
    parsed, parse = pattern.parsed_already, pattern.parse   # the numbering rule parsed them all
    places = {}
    for c in register.complaints:
        if c.number:
            p = parsed(c.number) or parse(c.number)
            places[p[CANONICAL] if p else c.number] = (c.sheet, c.row)   # a number that does not fit: itself
    return places


def result_json(result: DailyResult) -> dict:
    return {"as_of": result.as_of.isoformat(),
            "findings": [f.to_json() for f in result.findings],
            "warnings": list(result.warnings)}
