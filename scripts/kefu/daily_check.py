"""The daily check: read the register, run every rule, write the findings workbook (and JSON).

``run_daily_check`` is THE job: ``scripts/daily_check.py`` and the scheduler both call it. It reads the
register (never writes it), fills ``RuleContext.extra`` from ``CONTEXT_PROVIDERS`` and the ledger,
runs ``run_rules``, and records the numbers seen so that a deleted row is noticed on the next run.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import audit, ledger
from .atomic import check_writable
from .callback_records import callback_context
from .errors import OutputError
from .findings import Finding
from .notice_ledger import notice_context
from .number_pattern import number_pattern
from .rectify import rectify_findings
from .register import Register, gc_paused, read_register
from .rules import RuleContext, run_rules
from .seen_numbers import load_seen, seen_changes, write_seen
from .urgency import sort_by_urgency
from .workbook import calling_when_checked
from .workdays import WorkCalendar

# Callables ``provider(settings) -> dict`` whose results are merged into RuleContext.extra (data the
# rules of other modules need: issued notices, callback records ...). A provider may return the key
# "warnings" (a list of Chinese sentences): those go to DailyResult.warnings, not to the rules.
# Register one with ``CONTEXT_PROVIDERS.append(provider)``.
CONTEXT_PROVIDERS: list[Callable[[object], dict]] = [notice_context, callback_context]


@dataclass
class DailyResult:
    as_of: dt.date
    findings: list[Finding]                 # sorted by urgency
    register: Register
    calendar: WorkCalendar                  # how days were counted (for "days waiting")
    warnings: list[str] = field(default_factory=list)   # Chinese, each said once in every output
    outputs: list[Path] = field(default_factory=list)

    def count(self, rule: str) -> int:
        return sum(1 for f in self.findings if f.rule == rule)


def run_daily_check(settings, as_of: dt.date, *, json_path: Path | None = None,
                    progress: Callable[[str], None] | None = None) -> DailyResult:
    """Run the daily check for ``as_of``. Raises KefuError subclasses for unusable input/output."""
    # No collections during the check: 100k follow-ups, findings and cells make no cycles worth collecting
    # (the reader also keeps the register itself out of later collections, see kefu.register).
    with gc_paused():
        return _run(settings, as_of, json_path, progress or (lambda _text: None))


def _run(settings, as_of: dt.date, json_path: Path | None, say: Callable[[str], None]) -> DailyResult:
    warnings: list[str] = []
    check_writable(Path(settings.paths.output))
    say("读取登记表")
    register, conn, extra = _read_register_and_ledger(settings, warnings, say)
    try:
        ctx = RuleContext.create(settings, as_of, **extra)
        say("检查编号和期限")
        findings = sort_by_urgency(run_rules(register, ctx) + rectify_findings(settings, as_of), register.by_place)
        warnings.extend(_register_warnings(register))
        fallback = ctx.calendar.fallback_warning()
        if fallback:
            warnings.insert(0, fallback)
        result = DailyResult(as_of, findings, register, ctx.calendar, warnings)
        say("写入检查结果")
        _write_and_record(settings, result, conn, extra["seen_numbers"], json_path)
    finally:
        conn.close()
    return result


def _write_and_record(settings, result: DailyResult, conn: sqlite3.Connection, seen,
                      json_path: Path | None) -> None:
    """Write the findings workbook (and JSON) and record the run in the ledger.

    What the ledger gets is worked out first; SQLite then writes it (and the inputs are hashed) on a
    thread of its own while this one writes the workbook: neither needs the GIL from the other. The
    numbers seen are the register's and are recorded in any case; the run itself is committed only once
    its outputs are written, and rolled back when one of them cannot be (that error reaches the caller).
    """
    from .findings_workbook import findings_path, write_findings_workbook   # see _import_writers
    result.outputs.append(findings_path(settings, result.as_of))
    if json_path is not None:
        result.outputs.append(Path(json_path))
    present = _present_places(result.register, settings)
    changes = seen_changes(result.register.path, present, result.as_of, seen)
    inputs = [result.register.path] + [p for p in (settings.paths.callback_records, settings.paths.survey)
                                       if Path(p).is_file()]
    run = audit.run_record("daily_check", inputs, result.outputs, _counts(result.findings),
                           _flagged(result.findings, present, settings))
    written: Future = Future()   # the outputs: written, or the error that stopped them

    def record() -> None:
        write_seen(conn, changes)
        audit.insert_run(conn, run, before_commit=written.result)

    wait = _in_background(record)
    try:
        write_findings_workbook(result.outputs[0], result.findings, result.register, result.as_of, result.warnings)
        if json_path is not None:
            write_json(Path(json_path), result)
    except BaseException as exc:
        written.set_exception(exc)
        with contextlib.suppress(BaseException):
            wait()   # the numbers seen written, the run rolled back: then the error goes on
        raise
    written.set_result(None)
    wait()


def _in_background(work: Callable[[], None]) -> Callable[[], None]:
    """Start ``work`` on a thread of its own and return what waits for it (and raises its error); when no
    thread can be had, what is returned does the work itself."""
    try:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kefu-ledger")
        done = pool.submit(work)
    except RuntimeError:
        return work

    def wait() -> None:
        try:
            done.result()
        finally:
            pool.shutdown(wait=True)
    return wait


def _read_register_and_ledger(settings, warnings: list[str], say) -> tuple[Register, sqlite3.Connection, dict]:
    """The register, the open ledger and RuleContext.extra (see _open_ledger).

    The register is read in a background thread. python-calamine releases the GIL while it parses a
    sheet (most of the reading time): meanwhile this thread imports the later steps and, when the ledger
    is healthy, opens it, runs the context providers and parses the numbers seen before, at no cost. It
    waits for the file checks to pass first, as they keep both cores busy.
    A missing or damaged ledger is left alone until the register has been read: creating or rebuilding
    it (and the warning) is for a run that goes on. Errors come out as if the register had been read
    first: the register's own error wins, and every error reaches the caller as the same exception
    (KefuError) as without the thread.
    """
    checked = threading.Event()
    try:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kefu-register")
        reading = pool.submit(_read_register, settings, checked.set)
    except RuntimeError:   # no thread to be had (a process at its limits): one after the other
        return (read_register(settings), *_open_ledger(settings, warnings, say))
    reading.add_done_callback(lambda _reading: checked.set())   # also when the checks failed
    try:
        try:
            opened = _while_reading(settings, warnings, say, checked, reading)
        except BaseException:
            reading.result()   # the register's own error first, as when it was read first
            raise
        try:
            register = reading.result()
        except BaseException:
            if opened is not None:
                opened[0].close()
            raise
    finally:
        pool.shutdown(wait=True)
    return (register, *(opened or _open_ledger(settings, warnings, say)))


def _while_reading(settings, warnings: list[str], say, checked: threading.Event,
                   reading: Future) -> tuple[sqlite3.Connection, dict] | None:
    """This thread's work while the register is read: the open ledger and extra, or None (see above).

    Nothing starts before the file checks have passed: the used-range scan keeps both cores busy."""
    checked.wait()
    if reading.done() and reading.exception() is not None:
        return None                           # the register cannot be read: nothing to prepare
    _import_writers()
    conn = ledger.open_if_healthy(settings)
    if conn is None:
        return None
    try:
        opened = _open_ledger(settings, warnings, say, conn)
    except BaseException:
        conn.close()
        raise
    _parse_numbers(settings, opened[1]["seen_numbers"])
    return opened


def _read_register(settings, checked: Callable[[], None]) -> Register:
    with calling_when_checked(checked):
        return read_register(settings)


def _import_writers() -> None:
    """Import the findings-workbook writer (XlsxWriter, ~0.02 s) while the register is read: kefu.daily_check
    imports it only where it is used, so that this costs no time."""
    from . import findings_workbook  # noqa: F401


def _parse_numbers(settings, numbers) -> None:
    """Parse the numbers the previous check saw, while the register is read: the register holds mostly the
    same numbers, and the numbering rule then finds them parsed (the shared NumberPattern caches them)."""
    parse = number_pattern(settings.numbering.pattern).parse
    for number in numbers:
        parse(number)


def _open_ledger(settings, warnings: list[str], say,
                 conn: sqlite3.Connection | None = None) -> tuple[sqlite3.Connection, dict]:
    """The open ledger and RuleContext.extra: the context providers' data and the numbers seen before.
    ``conn``: the ledger already open and checked; else it is opened (created, rebuilt) here."""
    extra = _provided(settings, warnings)
    say("读取台账")
    conn = conn or ledger.connect(settings, warnings)
    try:
        extra["seen_numbers"] = load_seen(conn, Path(settings.paths.register))
    except BaseException:
        conn.close()
        raise
    return conn, extra


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


def _register_warnings(register: Register) -> list[str]:
    return [f"工作表「{info.name}」没有“答复日期”列,未检查答复期限。请加上该列,或在 config.ini 的 "
            f"[columns] 中写明贵处使用的列名(replied_on = 列名)。"
            for info in register.sheets if "replied_on" not in info.columns]


def _present_places(register: Register, settings) -> dict[str, tuple[str, int]]:
    """Every number in the register as the pattern writes it -> (sheet, row) (a number twice: its last place)."""
    pattern = number_pattern(settings.numbering.pattern)
    parsed, canonical = pattern.parsed_already, pattern.canonical   # the numbering rule parsed them all
    places = {}
    for c in register.complaints:
        if c.number:
            p = parsed(c.number)
            places[p.canonical if p else canonical(c.number)] = (c.sheet, c.row)
    return places


def result_json(result: DailyResult) -> dict:
    return {"as_of": result.as_of.isoformat(),
            "findings": [f.to_json() for f in result.findings],
            "warnings": list(result.warnings)}


def write_json(path: Path, result: DailyResult) -> Path:
    """Write the findings as JSON (UTF-8, Chinese kept readable) atomically."""
    text = json.dumps(result_json(result), ensure_ascii=False, indent=1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~kefu-", suffix=".json", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法写入 JSON 文件《{path}》({exc.strerror})。") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"无法写入 JSON 文件《{path}》({exc.strerror}),文件可能正被其他程序打开。") from None
    return path
