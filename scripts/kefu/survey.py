"""The survey reader: one SurveyResponse per returned form, grades kept as written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cells import CONVERTERS
from .dates import Unreadable
from .fields import ITEM_NAMES, SURVEY_FIELDS
from .records import SheetInfo, SurveyResponse
from .settings import Settings
from .table import FieldSpec, read_tables

_ITEMS = frozenset(ITEM_NAMES)


@dataclass
class Survey:
    path: Path
    responses: list[SurveyResponse]
    sheets: list[SheetInfo]
    skipped: list[SheetInfo]
    items: tuple[str, ...]           # the items the sheet has columns for, in the rules' order


def survey_spec(settings: Settings) -> FieldSpec:
    # Any one item column makes a survey sheet; which items are present is reported in Survey.items.
    return FieldSpec(SURVEY_FIELDS, (), settings.survey_columns, "业主意见调查表")


def read_survey(settings: Settings, path: Path | None = None) -> Survey:
    path = Path(path or settings.paths.survey)
    sheets, skipped = read_tables(path, survey_spec(settings), settings.survey.sheets,
                                  search_rows=settings.register.header_search_rows,
                                  limits=settings.limits, require_any=ITEM_NAMES)
    responses: list[SurveyResponse] = []
    present: set[str] = set()
    for sheet in sheets:
        present.update(f for f, _ in sheet.plan if f in _ITEMS)
        before = len(responses)
        responses.extend(_read_sheet(sheet))
        sheet.info.rows = len(responses) - before
    items = tuple(i for i in ITEM_NAMES if i in present)
    return Survey(path, responses, [s.info for s in sheets], skipped, items)


def _read_sheet(sheet):
    name, columns = sheet.info.name, sheet.info.columns
    plan = [(f, i, CONVERTERS[SURVEY_FIELDS[f][0]]) for f, i in sheet.plan]
    items = [f for f, _ in sheet.plan if f in _ITEMS]
    for row_number, values in sheet.rows:
        response = SurveyResponse(name, row_number, columns=columns)
        filled = False
        for field_name, index, convert in plan:
            raw = values[index] if index < len(values) else ""
            if raw == "" or raw is None:
                continue
            filled = True
            value = convert(raw)
            if field_name in _ITEMS:
                response.answers[field_name] = value
            elif isinstance(value, Unreadable):
                response.unreadable = {**(response.unreadable or {}), field_name: str(value)}
            else:
                setattr(response, field_name, value)
        if not filled:
            continue
        for item in items:
            response.answers.setdefault(item, "")
        yield response
