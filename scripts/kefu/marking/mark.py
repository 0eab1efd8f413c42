"""The marking job: show the daily check's findings in the register itself.

``mark_register(settings, findings, as_of=...)`` fills each offending cell with a colour per severity
and adds a short note (``[marking] mode`` = comment: a cell comment tagged 【kefu】; = column: kefu's own
status column headed ``[marking] status_header``), after removing kefu's earlier marks. Nothing else
changes. When the register is open in Excel and xlwings can reach it, the marks go into the open
workbook (the file is not touched, unsaved edits are kept); otherwise into the file, through
``mark_file`` (lock check, loss check, backup, atomic replace, verification).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from kefu.core.errors import InputError, OutputError, where
from kefu.core.findings import SEVERITY_ZH, Finding
from kefu.core.settings import Settings
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.ledger import marks as mark_ledger
from kefu.marking import live_excel as excel_live
from kefu.marking.apply import Applied, apply_marks, remove_marks
from kefu.marking.file import mark_file
from kefu.marking.plan import CellMark, MarkPlan, plan_marks
from kefu.marking.targets import LiveTarget
from kefu.read.cells import as_text
from kefu.read.register import Register, read_register

LOCK_NAME = "marking.lock"


@dataclass
class MarkResult:
    as_of: dt.date
    path: Path
    mode: str                          # file | excel | dry-run
    plan: MarkPlan
    marked: list[CellMark] = field(default_factory=list)
    removed: int = 0
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(m.severity for m in self.marked)

    def summary_zh(self) -> str:
        name = self.path.name
        if self.mode == "dry-run":
            lines = [f"试运行:将在《{name}》中标记 {len(self.plan.marks)} 个单元格(文件未改动):"]
            lines += [f"  {m.sheet} {m.ref}:{m.lines[0]}" + (f"(另 {len(m.lines) - 1} 条)" if len(m.lines) > 1 else "")
                      for m in self.plan.marks]
        else:
            counts = self.counts()
            detail = "、".join(f"{SEVERITY_ZH[s]} {counts[s]}" for s in SEVERITY_ZH if counts[s])
            lines = [f"已在《{name}》中标记 {len(self.marked)} 个单元格" + (f"({detail})" if detail else "")
                     + f",清除上次的标记 {self.removed} 处。"]
            if self.mode == "excel":
                lines.append("标记已写入在 Excel 中打开的登记表(文件本身未改动),请在 Excel 中查看并按需保存。")
            elif self.backup:
                lines.append(f"改动前的登记表已备份为《{self.backup}》。")
        if self.plan.unplaced:
            lines.append(f"另有 {len(self.plan.unplaced)} 条检查结果不对应登记表中的某一行(如编号断号),未标记。")
        lines += self.warnings
        return "\n".join(lines)


def mark_register(settings: Settings, findings: list[Finding], *, as_of: dt.date, excel=None, dry_run: bool = False,
                  register: Register | None = None, now: dt.datetime | None = None) -> MarkResult:
    """Mark ``findings`` in the register. ``excel``: an xlwings-like module (tests pass a fake), None
    to use xlwings when it can run here, False to always write the file."""
    register = register or read_register(settings)
    plan = plan_marks(findings, register.sheets)
    result = MarkResult(as_of, Path(register.path), "dry-run" if dry_run else "file", plan)
    if dry_run:
        return result
    now = now or dt.datetime.now()
    mode, header = settings.marking.mode, settings.marking.status_header
    lock = FileLock(str(Path(settings.paths.data) / LOCK_NAME), timeout=10)
    try:
        Path(settings.paths.data).mkdir(parents=True, exist_ok=True)
        with lock:
            _mark(settings, register, plan, result, excel, mode, header, now)
    except Timeout:
        raise OutputError("另一个 kefu 标记任务正在进行,请稍后再试。") from None
    written = [result.path] if result.mode == "file" else []
    audit.record_run(settings, "mark_register", [result.path], written,
                     {"marked": len(result.marked), "removed": result.removed},
                     numbers={m.number: ["mark"] for m in result.marked if m.number}, when=now)
    return result


def _mark(settings: Settings, register: Register, plan: MarkPlan, result: MarkResult, excel, mode: str, header: str,
          now: dt.datetime) -> None:
    conn = mark_ledger.ensure(ledger.connect(settings, result.warnings))
    try:
        previous = mark_ledger.previous(conn, register.path)
        applied = Applied()
        live = None if excel is False else excel_live.find_open_book(register.path, excel)

        def change(target, applied: Applied, row_ok=None) -> None:
            remove_marks(target, previous, register.sheets, header, applied)
            apply_marks(target, plan, register.sheets, mode=mode, header=header, as_of=result.as_of,
                        applied=applied, row_ok=row_ok)

        if live is not None:
            result.mode = "excel"
            change(LiveTarget(live), applied, row_ok=_rows_unchanged(register, live))
        else:
            result.backup = mark_file(settings, register.path, change, applied, now)
        mark_ledger.replace(conn, register.path, applied.records, now)
    finally:
        conn.close()
    result.marked, result.removed = applied.marked, applied.removed
    result.warnings.extend(applied.warnings)


def _rows_unchanged(register: Register, book):
    """In an open workbook the rows may have moved since the file was saved: mark a row only when its
    number cell still holds what the file holds."""
    typed = {(c.sheet, c.row): c.number_text for c in register.complaints}
    number_column = {s.name: s.columns.get("number") for s in register.sheets}

    def ok(mark: CellMark) -> bool:
        column = number_column.get(mark.sheet)
        if not column:
            return True
        live = book.value(mark.sheet, f"{column}{mark.row}")
        return as_text(live).strip() == typed.get((mark.sheet, mark.row), "")
    return ok


def findings_from_json(path: Path) -> list[Finding]:
    """Findings saved by ``daily_check.py --json`` ({"as_of": ..., "findings": [...]})."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return [Finding(rule=f["rule"], severity=f["severity"], number=f.get("number"), sheet=f.get("sheet"),
                        row=f.get("row"), message=f.get("message", ""), column=f.get("column"))
                for f in data["findings"]]
    except OSError as exc:
        raise InputError(f"无法读取{where(path)}({exc.strerror})。") from None
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{where(path)}不是每日检查保存的 JSON 结果(应含 findings 列表)。") from None
