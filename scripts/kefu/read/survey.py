"""The survey reader: one SurveyResponse per returned form, grades kept as written.

``[paths] survey`` may name several files or a folder (``read.survey_sources``): workbooks of typed paper
forms are read here (any sheet whose header names an item), questionnaire exports by
``read.survey_exports``; all their responses make one survey, each remembering its channel and file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.errors import InputError, where
from kefu.core.fields import ITEM_NAMES, SURVEY_FIELDS
from kefu.core.records import SheetInfo, SurveyResponse
from kefu.core.settings import Settings
from kefu.read.survey_exports import ExportRead, read_export
from kefu.read.survey_sources import RawTable, read_raw, survey_files
from kefu.read.table import FieldSpec, read_tables, typed_row, typing_plan
from kefu.read.workbook import SheetCache

_ITEMS = frozenset(ITEM_NAMES)


@dataclass
class Survey:
    path: Path                       # the typed forms' workbook (its 整改跟踪 sheet), else the first file
    responses: list[SurveyResponse]
    sheets: list[SheetInfo]
    skipped: list[SheetInfo]
    items: tuple[str, ...]           # the items some file has columns for, in the rules' order
    exports: list[ExportRead] = field(default_factory=list)
    typed_paths: list[Path] = field(default_factory=list)
    # the typed forms' workbooks as opened: their other sheets (整改跟踪) are read without a second check
    books: dict[Path, SheetCache] = field(default_factory=dict, repr=False, compare=False)

    @property
    def paths(self) -> list[Path]:
        return self.typed_paths + [e.path for e in self.exports]

    @property
    def private_names(self) -> set[str]:
        """Names and nicknames the forms carry, to be masked in the owners' words."""
        names = {r.respondent for r in self.responses if r.respondent}
        for export in self.exports:
            names |= export.nicknames
        return names


def survey_spec(settings: Settings) -> FieldSpec:
    # Any one item column makes a survey sheet; which items are present is reported in Survey.items.
    return FieldSpec(SURVEY_FIELDS, (), settings.survey_columns, "业主意见调查表", section="survey_columns")


def read_survey(settings: Settings, path: Path | None = None) -> Survey:
    files = [Path(path)] if path else survey_files(settings)
    typed: list[Survey] = []
    exports: list[ExportRead] = []
    books: dict[Path, SheetCache] = {}
    for file in files:
        table, book = _kind(file, settings)
        if table is None:
            typed.append(read_typed(settings, file, several=len(files) > 1, book=book))
            if book is not None:
                books[file] = book
        else:
            exports.append(read_export(table, settings))
    responses = [r for s in typed for r in s.responses] + [r for e in exports for r in e.responses]
    present = {i for s in typed for i in s.items} | {i for e in exports for i in e.items}
    main = typed[0].path if typed else files[0]
    return Survey(main, responses, [i for s in typed for i in s.sheets], [i for s in typed for i in s.skipped],
                  tuple(i for i in ITEM_NAMES if i in present), exports, [s.path for s in typed], books)


def _kind(file: Path, settings: Settings) -> tuple[RawTable | None, SheetCache | None]:
    """(the export's RawTable or None for typed forms, the workbook opened or None)."""
    if file.suffix.lower() != ".csv" and not file.is_file():
        return None, None            # the typed reader says the file is missing, as before
    table, book = read_raw(file, settings.limits)
    if table is not None:
        return table, book
    if file.suffix.lower() == ".csv":
        raise InputError(f"{where(file)}的第一行不是问卷星或腾讯问卷导出的表头(应有 提交答卷时间、所用时间,"
                         f"或 开始答题时间、答题时长),kefu 不读其他 CSV。请在 Excel 中打开后另存为 .xlsx。")
    return None, book


def read_typed(settings: Settings, path: Path, *, several: bool = False, book: SheetCache | None = None) -> Survey:
    """One workbook of typed paper forms; ``several``: the survey has other files (responses name theirs);
    ``book``: the workbook already opened."""
    sheets, skipped, _scans = read_tables(path, survey_spec(settings), settings.survey.sheets,
                                          search_rows=settings.register.header_search_rows,
                                          limits=settings.limits, require_any=ITEM_NAMES, book=book)
    responses: list[SurveyResponse] = []
    present: set[str] = set()
    source = path.name if several else ""
    for sheet in sheets:
        present.update(f for f, _ in sheet.plan if f in _ITEMS)
        before = len(responses)
        responses.extend(_read_sheet(sheet, source))
        sheet.info.rows = len(responses) - before
    items = tuple(i for i in ITEM_NAMES if i in present)
    return Survey(path, responses, [s.info for s in sheets], skipped, items)


def _read_sheet(sheet, source: str = ""):
    name, columns = sheet.info.name, sheet.info.columns
    plan = typing_plan(sheet.plan, SURVEY_FIELDS)
    items = [f for f, _ in sheet.plan if f in _ITEMS]
    for row_number, values in sheet.rows:
        data, unreadable = typed_row(values, plan)
        if not data and not unreadable:
            continue
        answers = {item: data.pop(item, "") for item in items}
        yield SurveyResponse(name, row_number, answers=answers, unreadable=unreadable or None,
                             columns=columns, source=source, **data)
