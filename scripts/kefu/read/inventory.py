"""What the readers found in the office's workbooks, as Chinese text for staff."""
from __future__ import annotations

from kefu.core.settings import Settings
from kefu.read.register import read_register
from kefu.read.survey import read_survey


def describe_workbooks(settings: Settings) -> str:
    register = read_register(settings)
    lines = [f"登记表《{register.path.name}》:"]
    for info in register.sheets:
        lines.append(f"  工作表「{info.name}」:表头在第 {info.header_row} 行,读到 {info.rows} 条投诉")
    for info in register.skipped:
        lines.append(f"  工作表「{info.name}」:跳过({info.skipped_reason})")
    voided = sum(c.voided for c in register.complaints)
    lines.append(f"  共 {len(register.complaints)} 条,其中作废 {voided} 条;无法识别的日期 {len(register.findings)} 处")
    for finding in register.findings:
        lines.append(f"    · 「{finding.sheet}」第 {finding.row} 行:{finding.message}")
    if settings.paths.survey.exists():
        survey = read_survey(settings)
        lines.append(f"调查表《{survey.path.name}》:共 {len(survey.responses)} 份,"
                     f"调查项目 {len(survey.items)} 项({'、'.join(survey.items)})")
    return "\n".join(lines)
