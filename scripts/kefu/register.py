"""The complaint register reader: workbook -> Complaint records (+ date.unreadable findings)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .cells import CONVERTERS, as_text
from .dates import Unreadable
from .fields import REGISTER_FIELDS, REGISTER_REQUIRED
from .findings import Finding
from .records import Complaint, SheetInfo
from .settings import Settings
from .table import FieldSpec, read_tables

FIELD_ZH = {name: aliases[0] for name, (_kind, aliases) in REGISTER_FIELDS.items()}


@dataclass
class Register:
    path: Path
    complaints: list[Complaint]
    sheets: list[SheetInfo]              # sheets read
    skipped: list[SheetInfo]             # sheets that hold no register, with the reason
    findings: list[Finding] = field(default_factory=list)  # date.unreadable found while reading

    @property
    def active(self) -> list[Complaint]:
        """Complaints that count: not voided."""
        return [c for c in self.complaints if not c.voided]


def register_spec(settings: Settings) -> FieldSpec:
    return FieldSpec(REGISTER_FIELDS, REGISTER_REQUIRED, settings.columns, "投诉登记表")


def read_register(settings: Settings, path: Path | None = None) -> Register:
    """Read every configured sheet of the register. Raises InputError when it cannot be used."""
    path = Path(path or settings.paths.register)
    sheets, skipped = read_tables(path, register_spec(settings), settings.register.sheets,
                                  search_rows=settings.register.header_search_rows,
                                  limits=settings.limits)
    void_words = settings.register.void_words
    complaints: list[Complaint] = []
    findings: list[Finding] = []
    for sheet in sheets:
        before = len(complaints)
        _read_sheet(sheet, void_words, complaints, findings)
        sheet.info.rows = len(complaints) - before
    return Register(path, complaints, [s.info for s in sheets], skipped, findings)


def _read_sheet(sheet, void_words, complaints: list[Complaint], findings: list[Finding]) -> None:
    """The hot loop of the reader: kept flat, text cells handled inline (most cells are text)."""
    name, columns = sheet.info.name, sheet.info.columns
    plan = [(f, i, REGISTER_FIELDS[f][0] == "text", CONVERTERS[REGISTER_FIELDS[f][0]]) for f, i in sheet.plan]
    number_index = next((i for f, i in sheet.plan if f == "number"), None)
    nfkc = unicodedata.normalize
    for row_number, values in sheet.rows:
        width = len(values)
        record = None
        for field_name, index, is_text, convert in plan:
            if index >= width:
                continue
            raw = values[index]
            if raw == "" or raw is None:
                continue
            if is_text and raw.__class__ is str:
                value = raw.strip()
                if not value.isascii():
                    value = nfkc("NFKC", value).strip()
                if not value:
                    continue
            else:
                value = convert(raw)
                if value is False or value == "":
                    continue  # a 否 flag or a blank-looking cell is no content
            if record is None:
                record = Complaint(name, row_number, columns=columns)
            if value.__class__ is Unreadable:
                if record.unreadable is None:
                    record.unreadable = {}
                record.unreadable[field_name] = str(value)
                continue
            setattr(record, field_name, value)
        if record is None:
            continue  # blank row, a row with only a running 序号 (not a field), or only 否 flags
        if number_index is not None and number_index < width:
            raw = values[number_index]
            record.number_text = raw.strip() if isinstance(raw, str) else as_text(raw)
        record.voided = _is_void(record, void_words)
        complaints.append(record)
        if record.unreadable:
            findings.extend(unreadable_findings(record))


def unreadable_findings(record: Complaint) -> list[Finding]:
    """One date.unreadable finding per date cell of the record that could not be read."""
    return [
        Finding(rule="date.unreadable", severity="warning", number=record.number or None,
                sheet=record.sheet, row=record.row,
                message=f"单元格 {record.cell(name)} 的{FIELD_ZH[name]}「{text}」无法识别为日期,"
                        f"请改为 2026-03-05 这样的日期。该行已保留。",
                column=(record.columns or {}).get(name))
        for name, text in record.unreadable.items()
    ]


def _is_void(record: Complaint, void_words: tuple[str, ...]) -> bool:
    if not record.status and not record.remarks:
        return False
    return any(w and (w in record.status or record.remarks.startswith(w)) for w in void_words)
