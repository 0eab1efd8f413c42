"""What the readers found in the office's workbooks, as Chinese text for staff."""
from __future__ import annotations

from kefu.core.errors import KefuError
from kefu.core.fields import SURVEY_FIELDS
from kefu.core.settings import Settings
from kefu.read.accounting import incomplete_lines
from kefu.read.mapping import describe_sheets, mapping_lines, register_mapping
from kefu.read.rectify_sheet import RECTIFY_FIELDS, read_rectifications
from kefu.read.register import read_register
from kefu.read.survey import read_survey
from kefu.read.survey_exports import describe
from kefu.read.workbook import SheetCache


def describe_workbooks(settings: Settings) -> tuple[str, list[KefuError]]:
    """What kefu read from the register and the survey, each on its own: a workbook that cannot be read is
    one problem returned beside what the other workbook showed (an office with only a survey still sees it)."""
    lines: list[str] = []
    problems: list[KefuError] = []
    for part in (_register_lines, _survey_lines):
        try:
            lines += part(settings)
        except KefuError as exc:
            problems.append(exc)
    return "\n".join(lines), problems


def _register_lines(settings: Settings) -> list[str]:
    register = read_register(settings)
    lines = register_mapping(register)
    voided = sum(c.voided for c in register.complaints)
    lines[1:1] = [f"  !! {line}" for line in incomplete_lines(register)]
    lines.append(f"  共 {len(register.complaints)} 条,其中作废 {voided} 条;无法识别的日期 {len(register.findings)} 处")
    for finding in register.findings:
        lines.append(f"    · 「{finding.sheet}」第 {finding.row} 行:{finding.message}")
    return lines


def _survey_lines(settings: Settings) -> list[str]:
    if not settings.paths.survey.exists():
        return []
    survey = read_survey(settings)
    lines = survey_mapping(survey, settings.survey.rectify_sheet)
    if settings.paths.survey.is_file():   # a folder of exports keeps no rectification sheet
        lines += rectify_mapping(settings, survey.books.get(settings.paths.survey))
    return lines


def survey_mapping(survey, rectify: str = "") -> list[str]:
    """The typed forms' sheets and each questionnaire export, with what kefu took every column for
    (the rectification sheet ``rectify`` is no sheet of answers: ``rectify_mapping`` says what it is)."""
    lines = []
    if survey.typed_paths:
        names = "》《".join(p.name for p in survey.typed_paths)
        lines += describe_sheets(f"调查表《{names}》(纸质调查表录入):", survey.sheets,
                                 [info for info in survey.skipped if info.name != rectify], SURVEY_FIELDS,
                                 "survey_columns")
    for export in survey.exports:
        lines.append(f"网上问卷《{export.path.name}》({export.kind}):读到 {len(export.responses)} 份答卷")
        lines += describe(export)
    lines.append(f"  共 {len(survey.responses)} 份,调查项目 {len(survey.items)} 项({'、'.join(survey.items)})")
    return lines


def rectify_mapping(settings: Settings, book: SheetCache | None = None) -> list[str]:
    """The survey workbook's rectification sheet (整改跟踪), read as the rectification plan: what the daily
    check (整改逾期) and the survey report's 整改方案 take from it."""
    name = settings.survey.rectify_sheet
    rectify = read_rectifications(settings, book=book)
    if not rectify.found:
        return [f"  没有「{name}」工作表(整改跟踪表,config.ini [survey] rectify_sheet):每日检查不检查整改是否逾期"]
    if rectify.info is None:
        why = rectify.skipped_reason or "没有读到"
        return [f"  工作表「{name}」(整改跟踪表):未读到({why}),每日检查不检查整改是否逾期"]
    info, items = rectify.info, len(rectify.items)
    return ([f"  工作表「{name}」:作为整改跟踪表读取(每日检查据此检查整改是否逾期,满意度报告据此列整改方案),"
             f"表头在第 {info.header_row} 行,读到 {items} 项"]
            + mapping_lines(info, RECTIFY_FIELDS, skip=tuple(RECTIFY_FIELDS)))   # no [columns] line to paste
