"""The complaint register reader: workbook -> Complaint records (+ date.unreadable findings)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterator

from kefu.core.dates import to_date
from kefu.core.fields import REGISTER_FIELDS, REGISTER_REQUIRED
from kefu.core.findings import Finding
from kefu.core.records import Complaint, SheetInfo
from kefu.core.settings import Settings
from kefu.read.cells import CONVERTERS, as_text
from kefu.read.header_words import meaning
from kefu.read.table import FieldSpec, read_tables, typed_row

FIELD_ZH = {name: aliases[0] for name, (_kind, aliases) in REGISTER_FIELDS.items()}


@dataclass
class Register:
    path: Path
    complaints: list[Complaint]
    sheets: list[SheetInfo]              # sheets read
    skipped: list[SheetInfo]             # sheets that hold no register, with the reason
    findings: list[Finding] = field(default_factory=list)  # date.unreadable found while reading

    @cached_property
    def active(self) -> list[Complaint]:
        """Complaints that count: not voided (made once: several rules ask)."""
        return [c for c in self.complaints if not c.voided]

    @cached_property
    def by_place(self) -> dict[tuple[str, int], Complaint]:
        """(sheet, row) -> the complaint there (made once: the sorting, the workbook and the console ask)."""
        return {(c.sheet, c.row): c for c in self.complaints}


def register_spec(settings: Settings) -> FieldSpec:
    return FieldSpec(REGISTER_FIELDS, REGISTER_REQUIRED, settings.columns, "投诉登记表", meaning)


def read_register(settings: Settings, path: Path | None = None) -> Register:
    """Read every configured sheet of the register. Raises InputError when it cannot be used."""
    path = Path(path or settings.paths.register)
    sheets, skipped = read_tables(path, register_spec(settings), settings.register.sheets,
                                  search_rows=settings.register.header_search_rows, limits=settings.limits)
    complaints: list[Complaint] = []
    findings: list[Finding] = []
    for sheet in sheets:
        before = len(complaints)
        for record in _read_sheet(sheet, _void_test(settings.register.void_words)):
            complaints.append(record)
            if record.unreadable:
                findings.extend(unreadable_findings(record))
        sheet.info.rows = len(complaints) - before
    return Register(path, complaints, [s.info for s in sheets], skipped, findings)


def _read_sheet(sheet, is_void: Callable[[str, str], bool]) -> Iterator[Complaint]:
    """One Complaint per data row that holds anything; blank rows, rows with only a running 序号 (not a
    field) or only 否 flags are left out."""
    plan = [(f, i, _converter(REGISTER_FIELDS[f][0], sheet.year)) for f, i in sheet.plan]
    number_at = dict(sheet.plan).get("number")
    name, columns = sheet.info.name, sheet.info.columns
    for row_number, values in sheet.rows:
        data, unreadable = typed_row(values, plan)
        if not unreadable and not any(data.values()):
            continue
        if number_at is not None:
            data["number_text"] = _number_text(values[number_at] if number_at < len(values) else "")
        data["voided"] = is_void(data.get("status", ""), data.get("remarks", ""))
        yield Complaint(name, row_number, unreadable=unreadable or None, columns=columns, **data)


def _converter(kind: str, year: int | None):
    """The kind's converter; dates typed without a year (11月10日) take the sheet's one year."""
    if kind == "date" and year is not None:
        return partial(to_date, year=year)
    return CONVERTERS[kind]


def _number_text(raw) -> str:
    """The number cell as typed (stripped), for messages."""
    if isinstance(raw, str):
        return raw.strip()
    return "" if raw is None else as_text(raw)


def unreadable_findings(record: Complaint) -> list[Finding]:
    """One date.unreadable finding per date cell of the record that could not be read."""
    return [
        Finding(rule="date.unreadable", severity="warning", number=record.number or None,
                sheet=record.sheet, row=record.row,
                message=f"单元格 {record.cell(name)} 的{FIELD_ZH[name]}「{text}」无法识别为日期,"
                        f"请改为 2026-03-05 这样的日期{_no_year_hint(text)}。该行已保留。",
                column=(record.columns or {}).get(name))
        for name, text in record.unreadable.items()
    ]


def _no_year_hint(text: str) -> str:
    """For a date typed without its year: say where kefu would have found the year."""
    if to_date(text, 2000) is None or isinstance(to_date(text, 2000), str):
        return ""
    return "(日期没有写年份,而工作表名称和标题中没有写明唯一的年份)"


def _void_test(void_words: tuple[str, ...]) -> Callable[[str, str], bool]:
    """作废: a void word in the status, or the remarks beginning with one."""
    in_status = re.compile("|".join(map(re.escape, void_words))).search if void_words else (lambda _text: None)

    def is_void(status: str, remarks: str) -> bool:
        return bool(status or remarks) and (remarks.startswith(void_words) or in_status(status) is not None)
    return is_void
