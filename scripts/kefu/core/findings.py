"""The findings contract of docs/contracts.md: what every check yields."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "严重", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    number: str | None
    sheet: str | None
    row: int | None
    message: str
    column: str | None = None  # Excel column letter of the offending cell, for hyperlinks
    file: str | None = None    # the workbook the sheet/row belong to, when it is not the register
    field: str | None = None   # rules.coverage.MISSING: the field (replied_on) whose column was not found
    disables: tuple[str, ...] = ()   # rules.coverage.MISSING: ids of the rules that did not run for want of it

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("column")
        data.pop("file")
        if self.field is None:
            data.pop("field")
        if not self.disables:
            data.pop("disables")
        else:
            data["disables"] = list(self.disables)
        return data
