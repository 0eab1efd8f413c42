"""One office's analysis of a period (figures, the periods it is compared with, recurring problems), and
the analysis run the summary job hands to its writers."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.periods import Period, comparisons
from kefu.core.vocabulary import Vocabulary
from kefu.core.workdays import WorkCalendar
from kefu.rules.analysis import Figures, figures_for
from kefu.rules.recurring import RecurringGroup, find_recurring


@dataclass
class OfficeAnalysis:
    name: str
    path: Path
    current: Figures
    previous: Figures
    year_earlier: Figures
    recurring: list[RecurringGroup]


@dataclass
class SummaryRun:
    period: Period
    as_of: dt.date
    office: str                                  # the office (or the company, when several)
    overall: OfficeAnalysis                      # all registers together
    offices: list[OfficeAnalysis]                # one per register (one entry when a single register)
    docx_path: Path | None = None
    xlsx_path: Path | None = None
    json_path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def compares_offices(self) -> bool:
        return len(self.offices) > 1


def office_name(path: Path) -> str:
    """阳光花园_客户投诉登记表.xlsx -> 阳光花园; 客户投诉登记表(滨江).xlsx -> 滨江."""
    stem = re.sub(r"(客户)?投诉登记表|登记表", "", Path(path).stem)
    stem = re.sub(r"^[\s_\-—·.()()《》【】\[\]]+|[\s_\-—·.()()《》【】\[\]]+$", "", stem)
    return stem or Path(path).stem


def analyse(name: str, path: Path, complaints, period: Period, settings, as_of: dt.date,
            calendar: WorkCalendar, covered_from: dt.date | None = None,
            vocabulary: Vocabulary | None = None) -> OfficeAnalysis:
    """``covered_from``: from when the data covers every register (several registers: the latest start).
    ``vocabulary``: the problems recurring groups are made of (default: kefu's own list)."""
    before, a_year_ago = comparisons(period, as_of)
    current = figures_for(complaints, period, settings, as_of, calendar, covered_from)
    previous = figures_for(complaints, before, settings, as_of, calendar, covered_from)
    return OfficeAnalysis(
        name, path, current, previous,
        figures_for(complaints, a_year_ago, settings, as_of, calendar, covered_from),
        find_recurring(current.complaints, settings, vocabulary=vocabulary, previous=previous.complaints))
