"""The complaint register reader: workbook -> Complaint records (+ date findings, + warnings).

Besides what calamine gives, the reader looks at the cells it cannot tell (``read.raw_cells``): an
error value (#REF!, #N/A ...) in a field's cell is read as that text, so a date cell holding one is a
DATE_UNREADABLE finding and the complaint is still counted; a formula without a saved result gives one
warning per column; a workbook with the 1904 date system has its plain-number dates read with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Callable, Iterator

from kefu.core.dates import EXCEL_EPOCH, EXCEL_EPOCH_1904, Absurd, to_date
from kefu.core.errors import InputError
from kefu.core.fields import REGISTER_FIELDS, REGISTER_REQUIRED
from kefu.core.findings import Finding
from kefu.core.records import Complaint, SheetInfo
from kefu.core.rule import Rule
from kefu.core.settings import Settings
from kefu.read.cells import CONVERTERS, as_text
from kefu.read.header_words import meaning
from kefu.read.raw_cells import RawCells, raw_cells
from kefu.read.table import FieldSpec, read_tables, typed_row, typing_plan

FIELD_ZH = {name: aliases[0] for name, (_kind, aliases) in REGISTER_FIELDS.items()}

# The reader's own findings, declared like the rules' (kefu.core.rule): it yields them while reading.
DATE_UNREADABLE = Rule("date.unreadable", "日期无法识别", "warning")
DATE_MISSING = Rule("date.missing", "缺少登记日期", "warning")
RULES = (DATE_UNREADABLE, DATE_MISSING)


@dataclass
class Register:
    path: Path
    complaints: list[Complaint]
    sheets: list[SheetInfo]              # sheets read
    skipped: list[SheetInfo]             # sheets that hold no register, with the reason
    findings: list[Finding] = field(default_factory=list)  # DATE_UNREADABLE / DATE_MISSING found while reading
    warnings: list[str] = field(default_factory=list)      # Chinese: formulas without a saved result
    uncached: frozenset[tuple[str, str]] = frozenset()     # (sheet, "B7"): formula cells kefu read as blank

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
    if not path.exists() and not path.is_symlink():
        raise InputError(_missing_message(settings, path))
    sheets, skipped, scans = read_tables(path, register_spec(settings), settings.register.sheets,
                                         search_rows=settings.register.header_search_rows, limits=settings.limits)
    raw = raw_cells(path, [s.info.name for s in sheets], scans)
    complaints: list[Complaint] = []
    findings: list[Finding] = []
    for sheet in sheets:
        before = len(complaints)
        uncached = set(raw.uncached.get(sheet.info.name, ()))
        for record in _read_sheet(sheet, _void_test(settings.register.void_words), raw):
            complaints.append(record)
            if record.unreadable:
                findings.extend(unreadable_findings(record))
            elif _undated(record, uncached):
                findings.append(_missing_date(record))
        sheet.info.rows = len(complaints) - before
    blank_formulas = frozenset((name, cell) for name, cells in raw.uncached.items() for cell in cells)
    return Register(path, complaints, [s.info for s in sheets], skipped, findings,
                    formula_warnings(sheets, raw), blank_formulas)


def _missing_message(settings: Settings, path: Path) -> str:
    """The register named in config.ini is not there: the full path tried and the key to change."""
    source = settings.source
    beside = Path(source).resolve().parent / path.name if source else None
    hint = (f"配置文件旁边有一个同名文件《{beside}》,如果就是它,请把 register 改成这个路径。"
            if beside is not None and beside.is_file() and beside != path.resolve() else "")
    return (f"找不到登记表《{path.name}》:按 config.ini 中 [paths] register 的设置,kefu 查找的是《{path}》。"
            f"{hint}请确认文件路径和文件名,或修改 config.ini 的 [paths] register。")


def _read_sheet(sheet, is_void: Callable[[str, str], bool], raw: RawCells) -> Iterator[Complaint]:
    """One Complaint per data row that holds anything; blank rows, rows with only a running 序号 (not a
    field) or only 否 flags are left out."""
    epoch = EXCEL_EPOCH_1904 if raw.date1904 else EXCEL_EPOCH
    plan = typing_plan(sheet.plan, REGISTER_FIELDS, partial(_converter, year=sheet.year, epoch=epoch))
    number_at = dict(sheet.plan).get("number")
    name, columns = sheet.info.name, sheet.info.columns
    errors = _errors_by_row(raw.errors.get(name, {}), sheet.plan, columns)
    for row_number, values in sheet.rows:
        if row_number in errors:
            values = _with_errors(values, errors[row_number])
        data, unreadable = typed_row(values, plan)
        if not unreadable and not any(data.values()):
            continue
        if number_at is not None:
            data["number_text"] = _number_text(values[number_at] if number_at < len(values) else "")
        data["voided"] = is_void(data.get("status", ""), data.get("remarks", ""))
        yield Complaint(name, row_number, unreadable=unreadable or None, columns=columns, **data)


def _converter(kind: str, year: int | None, epoch=EXCEL_EPOCH):
    """The kind's converter; dates typed without a year (11月10日) take the sheet's one year, plain-number
    dates the workbook's date system."""
    if kind == "date" and (year is not None or epoch != EXCEL_EPOCH):
        return partial(to_date, year=year, epoch=epoch)
    return CONVERTERS[kind]


def _number_text(raw) -> str:
    """The number cell as typed (stripped), for messages."""
    if isinstance(raw, str):
        return raw.strip()
    return "" if raw is None else as_text(raw)


def _errors_by_row(errors: dict[str, str], plan, columns: dict[str, str]) -> dict[int, list[tuple[int, str]]]:
    """Excel row -> [(index in the row's values, error text)] for the error cells in a field's column."""
    index_of = {columns[f]: i for f, i in plan if f in columns}
    by_row: dict[int, list[tuple[int, str]]] = {}
    for cell, text in errors.items():
        letters = cell.rstrip("0123456789")
        if letters in index_of:
            by_row.setdefault(int(cell[len(letters):]), []).append((index_of[letters], text))
    return by_row


def _with_errors(values: list, errors: list[tuple[int, str]]) -> list:
    """The row's values with each error cell's text (#REF! ...) where calamine gave an empty cell."""
    values = list(values)
    values.extend([""] * (max(i for i, _ in errors) + 1 - len(values)))
    for index, text in errors:
        values[index] = text
    return values


def unreadable_findings(record: Complaint) -> list[Finding]:
    """One DATE_UNREADABLE finding per date cell of the record that could not be read."""
    return [
        DATE_UNREADABLE.finding(record.number or None, record.sheet, record.row,
                                f"单元格 {record.cell(name)} 的{FIELD_ZH[name]}「{text}」{_why(text)}"
                                f"{_not_checked(name)}该行已保留。",
                                column=(record.columns or {}).get(name))
        for name, text in (record.unreadable or {}).items()
    ]


def _why(text: str) -> str:
    if isinstance(text, Absurd):
        return "不是合理的日期(应在 1990 年至 2100 年之间),请改正为实际日期(如 2026-03-05)。"
    if text.startswith("#"):
        return "是 Excel 的错误值(公式或引用出错),请改正该单元格,填入 2026-03-05 这样的日期。"
    return f"无法识别为日期,请改为 2026-03-05 这样的日期{_no_year_hint(text)}。"


def _not_checked(name: str) -> str:
    return "因此这条投诉的答复期限无法检查。" if name == "received_on" else ""


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


def _undated(record: Complaint, uncached: set[str]) -> bool:
    """A row that counts, in a sheet with a 登记日期 column, whose 登记日期 is blank (not a formula kefu
    could not read: that one has its own warning)."""
    if record.received_on is not None or record.voided:
        return False
    cell = record.cell("received_on")
    return cell is not None and cell not in uncached


def _missing_date(record: Complaint) -> Finding:
    return DATE_MISSING.finding(record.number or None, record.sheet, record.row,
                                f"单元格 {record.cell('received_on')} 的登记日期是空的,这条投诉的答复期限"
                                f"无法检查。请补上登记日期。该行已保留。",
                                column=(record.columns or {}).get("received_on"))


def formula_warnings(sheets, raw: RawCells, shown: int = 5) -> list[str]:
    """One Chinese warning per column of a field whose formulas have no saved result."""
    out = []
    for sheet in sheets:
        cells = raw.uncached.get(sheet.info.name)
        if not cells:
            continue
        for field_name, letter in sheet.info.columns.items():
            first_row = sheet.info.header_row or 0
            hits = [c for c in cells if c.rstrip("0123456789") == letter and int(c[len(letter):]) > first_row]
            if not hits:
                continue
            listed = "、".join(hits[:shown]) + (f" 等 {len(hits)} 个单元格" if len(hits) > shown else "")
            out.append(f"工作表「{sheet.info.name}」的{FIELD_ZH[field_name]}列({letter} 列)是公式,但没有保存计算结果"
                       f"({listed}),kefu 读到的是空白,这些单元格未作检查。请用 Excel 或 WPS 打开登记表、保存后再运行。")
    return out
