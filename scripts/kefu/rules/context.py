"""What a rule gets besides the register: "today", the settings, the working calendar and what a job
loaded for the rules from the ledger and the other workbooks (each a named field; the daily check fills
them all, from one ledger connection; a field a job did not load keeps its default)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kefu.core.rule import Rule
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.read.callback_records import CallbackRecord
from kefu.read.rectify_sheet import RectifySheet


@dataclass
class RuleContext:
    as_of: dt.date
    settings: Settings
    calendar: WorkCalendar
    # notices kefu issued (ledger rows: number, version, path, sha256, issued_at); None: not loaded
    issued_notices: list[dict] | None = None
    # notices filed in output/通知单 (path relative to output, key); None: not loaded
    filed_notices: list[dict] | None = None
    # the callback-records workbook: number -> its rows, in sheet order
    callback_records: Mapping[str, list[CallbackRecord]] = field(default_factory=dict)
    # numbers an earlier daily check saw in this register: number -> (sheet, row, last seen) (ledger.seen_numbers)
    seen_numbers: Mapping[str, tuple] = field(default_factory=dict)
    # the fingerprint of each seen number's summary where it was last seen (ledger.seen_numbers; what tells
    # a number corrected in place, rules.renumbering, from a lost one)
    seen_prints: Mapping[str, str] = field(default_factory=dict)
    # the survey workbook's 整改跟踪 sheet; None when the office keeps no survey workbook with kefu
    rectifications: RectifySheet | None = None
    # the rules being run (kefu.rules.daily.run_rules sets them; rules.coverage reads what they need)
    rules: tuple[Rule, ...] = ()

    @classmethod
    def create(cls, settings: Settings, as_of: dt.date, **loaded) -> "RuleContext":
        """``loaded``: any of the fields above after ``calendar``, by name."""
        return cls(as_of, settings, WorkCalendar.from_settings(settings), **loaded)
