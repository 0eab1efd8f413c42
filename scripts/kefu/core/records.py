"""Typed records made by the readers. Rules only ever see these, never raw cells."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Complaint:
    sheet: str
    row: int                       # 1-based Excel row
    number: str = ""               # normalised (NFKC, dashes, no blanks); "" when the cell is empty
    number_text: str = ""          # as typed, for messages
    received_on: dt.date | None = None
    received_time: str = ""        # a separate time column (受理时间), as "09:30"
    customer: str = ""
    unit: str = ""
    phone: str = ""
    channel: str = ""
    original_number: str = ""
    summary: str = ""
    category: str = ""
    department: str = ""
    notice_number: str = ""
    major: bool = False
    verified_on: dt.date | None = None
    replied_on: dt.date | None = None
    replied_time: str = ""
    remedy: str = ""
    corrective_action: str = ""
    action_due: dt.date | None = None
    completed_on: dt.date | None = None
    result: str = ""
    callback_on: dt.date | None = None
    callback_time: str = ""
    callback_by: str = ""
    callback_result: str = ""
    satisfied: str = ""
    appointment_on: dt.date | None = None
    status: str = ""
    remarks: str = ""
    voided: bool = False
    # field -> text of a date cell that could not be read (the record keeps it; a finding names it)
    unreadable: dict[str, str] | None = None
    columns: dict[str, str] | None = None  # field -> column letter (shared per sheet)

    def cell(self, field_name: str) -> str | None:
        """Excel reference of this record's cell for a field, e.g. 'D7'."""
        if self.columns and field_name in self.columns:
            return f"{self.columns[field_name]}{self.row}"
        return None


@dataclass(slots=True)
class SurveyResponse:
    sheet: str
    row: int
    form_number: str = ""
    unit: str = ""
    respondent: str = ""
    phone: str = ""
    surveyed_on: dt.date | None = None
    answers: dict[str, str] = field(default_factory=dict)  # item -> grade as written ("" when blank)
    comments: str = ""
    unreadable: dict[str, str] | None = None
    columns: dict[str, str] | None = None
    channel: str = "纸质调查表"      # 纸质调查表 (typed paper forms), 问卷星, 腾讯问卷
    source: str = ""                 # the file's name, when the survey is read from several files
    submitted_at: dt.datetime | None = None   # an online answer sheet's submission time
    seconds: int | None = None       # the time an online answer sheet took (所用时间, 答题时长)

    def cell(self, field_name: str) -> str | None:
        if self.columns and field_name in self.columns:
            return f"{self.columns[field_name]}{self.row}"
        return None

    @property
    def online(self) -> bool:
        return self.channel != PAPER

    @property
    def place(self) -> str:
        """Where the form is, for messages: 「2026年调查」第 5 行, or 《问卷星.xlsx》第 5 行."""
        return f"《{self.source}》第 {self.row} 行" if self.source else f"「{self.sheet}」第 {self.row} 行"


PAPER = "纸质调查表"


@dataclass(slots=True)
class SheetInfo:
    name: str
    header_row: int | None       # 1-based, None when the sheet was skipped
    columns: dict[str, str]      # field -> column letter
    rows: int = 0                # records read
    skipped_reason: str = ""     # Chinese, when not read
    headers: dict[str, str] = field(default_factory=dict)   # field -> the header as written (受理/日期)
    unused: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header) left unused
    year: int | None = None      # the one year the sheet name or title names (dates typed without one)
    # "missing": named in [register] sheets, not in the workbook (name is the configured text);
    # "unlisted": not named in sheets, but its header is a register's (a new year's sheet); "" otherwise
    state: str = ""
    # the rows below the header that are not records: blank (or only a running 序号); records by kind
    blank: int = 0
    voided: int = 0
    unreadable: int = 0          # records kept with a date kefu could not read (not voided)
