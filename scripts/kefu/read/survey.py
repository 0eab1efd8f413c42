"""The survey reader: one SurveyResponse per returned form, grades kept as written."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kefu.core.fields import ITEM_NAMES, SURVEY_FIELDS
from kefu.core.records import SheetInfo, SurveyResponse
from kefu.core.settings import Settings
from kefu.read.table import FieldSpec, read_tables, typed_row, typing_plan

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
    sheets, skipped, _scans = read_tables(path, survey_spec(settings), settings.survey.sheets,
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
    plan = typing_plan(sheet.plan, SURVEY_FIELDS)
    items = [f for f, _ in sheet.plan if f in _ITEMS]
    for row_number, values in sheet.rows:
        data, unreadable = typed_row(values, plan)
        if not data and not unreadable:
            continue
        answers = {item: data.pop(item, "") for item in items}
        yield SurveyResponse(name, row_number, answers=answers, unreadable=unreadable or None,
                             columns=columns, **data)
