"""What the readers found in the office's workbooks, as Chinese text for staff."""
from __future__ import annotations

from kefu.core.fields import REGISTER_FIELDS, SURVEY_FIELDS, TIME_OF
from kefu.core.settings import Settings
from kefu.read.accounting import incomplete_lines
from kefu.read.mapping import describe_sheets
from kefu.read.register import read_register
from kefu.read.survey import read_survey


def describe_workbooks(settings: Settings) -> str:
    register = read_register(settings)
    lines = register_mapping(register)
    voided = sum(c.voided for c in register.complaints)
    lines[1:1] = [f"  !! {line}" for line in incomplete_lines(register)]
    lines.append(f"  共 {len(register.complaints)} 条,其中作废 {voided} 条;无法识别的日期 {len(register.findings)} 处")
    for finding in register.findings:
        lines.append(f"    · 「{finding.sheet}」第 {finding.row} 行:{finding.message}")
    if settings.paths.survey.exists():
        survey = read_survey(settings)
        lines += describe_sheets(f"调查表《{survey.path.name}》:", survey.sheets, survey.skipped, SURVEY_FIELDS,
                                 "survey_columns")
        lines.append(f"  共 {len(survey.responses)} 份,调查项目 {len(survey.items)} 项({'、'.join(survey.items)})")
    return "\n".join(lines)


def register_mapping(register) -> list[str]:
    """The register's sheets, each with what kefu took its columns for (also the first daily check's)."""
    return describe_sheets(f"登记表《{register.path.name}》:", register.sheets, register.skipped, REGISTER_FIELDS,
                           skip=tuple(TIME_OF), counts=True)
