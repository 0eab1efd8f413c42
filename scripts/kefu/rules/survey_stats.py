"""Satisfaction statistics exactly as docs/contracts.md defines them.

A grade counts as satisfied when it is in ``[survey] satisfied_grades``. Per-item rate = satisfied
answers of the item / valid answers of the item; a blank answer or one that is not one of
``[survey] grades`` is not valid and is counted separately (unreadable ones are listed with their cell).
Overall rate = all satisfied / all valid. Returned = forms with at least one valid answer; return
rate = returned / ``[survey] distributed`` (None when distributed is 0).

Which year a form belongs to: its 调查日期 when it has one; a form without a date belongs to the year
written in its sheet's name (「2026年调查」), else to the year most dated forms of its sheet carry, else
to no year — such a form is counted in every year's report (it cannot be told apart) and
``SurveyStats.undated`` says how many there were. Without ``year`` the latest year present is reported.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from kefu.core.privacy import building_of
from kefu.core.records import SurveyResponse
from kefu.core.settings import Settings

NO_BUILDING = "未填楼栋"
_YEAR_IN_NAME = re.compile(r"(19|20)\d{2}")


@dataclass(frozen=True)
class Scale:
    """The grades of the configured scale, best first, and which of them count as satisfied."""

    grades: tuple[str, ...]
    satisfied: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Scale":
        grades = tuple(_canon(g) for g in settings.survey.grades)
        return cls(grades, frozenset(_canon(g) for g in settings.survey.satisfied_grades))

    @property
    def numeric(self) -> bool:
        return all(g.isdigit() for g in self.grades)

    def read(self, answer: str) -> str | None:
        """The grade an answer stands for, None when it is none of the grades."""
        text = _canon(answer)
        if self.numeric:
            text = text.removesuffix("分")
        return text if text in self.grades else None


def _canon(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


@dataclass(frozen=True)
class InvalidAnswer:
    sheet: str
    row: int
    cell: str | None
    item: str
    text: str


@dataclass
class ItemStats:
    item: str
    valid: int = 0
    satisfied: int = 0
    blank: int = 0
    invalid: int = 0
    distribution: dict[str, int] = field(default_factory=dict)   # grade -> answers, in scale order

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.valid if self.valid else None


@dataclass
class BuildingStats:
    building: str
    returned: int = 0
    valid: int = 0
    satisfied: int = 0

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.valid if self.valid else None


@dataclass
class SurveyStats:
    year: int | None
    scale: Scale
    target_rate: float
    distributed: int
    forms: int                       # rows read for this year (incl. forms without any valid answer)
    returned: int
    valid: int
    satisfied: int
    blank: int
    items: list[ItemStats]
    buildings: list[BuildingStats]
    invalid: list[InvalidAnswer]
    undated: int = 0                 # forms whose year could not be told (counted in any year)

    @property
    def return_rate(self) -> float | None:
        return self.returned / self.distributed if self.distributed else None

    @property
    def overall_rate(self) -> float | None:
        return self.satisfied / self.valid if self.valid else None

    @property
    def below_target(self) -> list[ItemStats]:
        """Items whose rate is under the target, worst first."""
        weak = [s for s in self.items if s.rate is not None and s.rate < self.target_rate]
        return sorted(weak, key=lambda s: (s.rate, s.item))

    @property
    def empty(self) -> bool:
        return self.returned == 0

    def item_rates(self) -> dict[str, float | None]:
        return {s.item: s.rate for s in self.items}

    def to_json(self) -> dict:
        return {"year": self.year, "returned": self.returned, "distributed": self.distributed,
                "return_rate": self.return_rate, "overall_rate": self.overall_rate,
                "item_rates": self.item_rates(), "invalid": len(self.invalid),
                "below_target": [s.item for s in self.below_target]}


# ---------------------------------------------------------------- years

def response_years(responses: list[SurveyResponse]) -> list[int | None]:
    """The year each response belongs to (see the module docstring), in order."""
    by_sheet: dict[str, Counter] = {}
    for r in responses:
        if r.surveyed_on is not None:
            by_sheet.setdefault(r.sheet, Counter())[r.surveyed_on.year] += 1
    out: list[int | None] = []
    for r in responses:
        if r.surveyed_on is not None:
            out.append(r.surveyed_on.year)
            continue
        m = _YEAR_IN_NAME.search(r.sheet)
        if m:
            out.append(int(m.group(0)))
        elif r.sheet in by_sheet:
            out.append(by_sheet[r.sheet].most_common(1)[0][0])
        else:
            out.append(None)
    return out


def select_year(responses: list[SurveyResponse], year: int | None) -> tuple[int | None, list[SurveyResponse], int]:
    """(the year reported, its responses, how many of them have no year). ``year=None``: the latest."""
    years = response_years(responses)
    known = [y for y in years if y is not None]
    if year is None:
        year = max(known) if known else None
    chosen = [r for r, y in zip(responses, years) if year is None or y in (year, None)]
    undated = sum(1 for y in years if y is None)
    return year, chosen, undated


# ---------------------------------------------------------------- statistics

def compute_stats(responses: list[SurveyResponse], items: tuple[str, ...], settings: Settings, *,
                  year: int | None = None, undated: int = 0) -> SurveyStats:
    """Statistics of the given responses (already filtered to one survey)."""
    scale = Scale.from_settings(settings)
    per_item = {i: ItemStats(i, distribution={g: 0 for g in scale.grades}) for i in items}
    buildings: dict[str, BuildingStats] = {}
    invalid: list[InvalidAnswer] = []
    returned = 0
    for r in responses:
        valid_here = satisfied_here = 0
        for item in items:
            s = per_item[item]
            answer = r.answers.get(item, "")
            if not _canon(answer):
                s.blank += 1
                continue
            grade = scale.read(answer)
            if grade is None:
                s.invalid += 1
                invalid.append(InvalidAnswer(r.sheet, r.row, r.cell(item), item, answer))
                continue
            s.valid += 1
            s.distribution[grade] += 1
            valid_here += 1
            if grade in scale.satisfied:
                s.satisfied += 1
                satisfied_here += 1
        if valid_here:
            returned += 1
            b = buildings.setdefault(building_of(r.unit) or NO_BUILDING, BuildingStats(building_of(r.unit) or NO_BUILDING))
            b.returned += 1
            b.valid += valid_here
            b.satisfied += satisfied_here
    stats = list(per_item.values())
    return SurveyStats(
        year=year, scale=scale, target_rate=settings.survey.target_rate,
        distributed=settings.survey.distributed, forms=len(responses), returned=returned,
        valid=sum(s.valid for s in stats), satisfied=sum(s.satisfied for s in stats),
        blank=sum(s.blank for s in stats), items=stats,
        buildings=sorted(buildings.values(), key=_building_order), invalid=invalid, undated=undated)


def _building_order(b: BuildingStats):
    m = re.match(r"(\d+)", b.building)
    return (b.building == NO_BUILDING, int(m.group(1)) if m else 0, b.building)


def survey_stats(survey, settings: Settings, year: int | None = None) -> tuple[SurveyStats, list[SurveyResponse]]:
    """Statistics of one year's survey (``survey`` from read_survey) and the responses they cover."""
    chosen_year, responses, undated = select_year(survey.responses, year)
    stats = compute_stats(responses, survey.items, settings, year=chosen_year, undated=undated)
    return stats, responses


def percent(rate: float | None, digits: int = 1) -> str:
    """0.9234 -> '92.3%'; None -> '—'."""
    return "—" if rate is None else f"{rate * 100:.{digits}f}%"
