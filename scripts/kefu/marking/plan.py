"""Which register cells to mark for a list of findings, with what colour and what note (pure).

A finding marks the cell it names (``Finding.column`` + ``row``), or the number cell of its row when
it names no column. Findings of one cell share one mark: the most severe colour, one line each.
Findings with no sheet/row (a gap in the numbers, a vanished number) or on a sheet that is not part of the
register (the survey's 整改跟踪) are not marked.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from kefu.core.findings import SEVERITY_ZH, Finding

AUTHOR = "kefu"
NOTE_TAG = "【kefu】"
# Fill colours (RGB hex) per severity. Deliberately not Excel's preset "bad/neutral" or theme tints,
# so that a fill a staff member picked from the palette is not mistaken for kefu's.
COLOURS = {"error": "FFB4B4", "warning": "FFE28A", "info": "C6E2FF"}
_RANK = {"error": 0, "warning": 1, "info": 2}
LINE_CHARS = 120


@dataclass(frozen=True)
class CellMark:
    sheet: str
    row: int
    column: str
    severity: str
    lines: tuple[str, ...]        # one Chinese line per finding, most severe first
    number: str | None

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"

    @property
    def colour(self) -> str:
        return COLOURS[self.severity]

    def note_text(self, as_of: dt.date) -> str:
        return f"{NOTE_TAG}{as_of:%Y-%m-%d} 检查:\n" + "\n".join(self.lines)


@dataclass
class MarkPlan:
    marks: list[CellMark]
    unplaced: list[Finding]       # no row, or not on a register sheet

    def row_status(self) -> dict[tuple[str, int], tuple[str, str]]:
        """(sheet, row) -> (severity, text) for the status column: every finding of the row."""
        rows: dict[tuple[str, int], list[CellMark]] = defaultdict(list)
        for m in self.marks:
            rows[(m.sheet, m.row)].append(m)
        out = {}
        for key, marks in rows.items():
            severity = min((m.severity for m in marks), key=_RANK.__getitem__)
            lines = sorted({line for m in marks for line in m.lines}, key=_line_rank)
            out[key] = (severity, ";".join(lines))
        return out


def plan_marks(findings: list[Finding], sheets) -> MarkPlan:
    """``sheets``: the register's SheetInfo list (name, header_row, columns)."""
    by_name = {s.name: s for s in sheets}
    cells: dict[tuple[str, int, str], list[Finding]] = defaultdict(list)
    unplaced = []
    for f in findings:
        info = by_name.get(f.sheet or "")
        if info is None or not f.row or (info.header_row and f.row <= info.header_row):
            unplaced.append(f)
            continue
        column = (f.column or info.columns.get("number") or "A").upper()
        cells[(info.name, f.row, column)].append(f)
    marks = []
    for (sheet, row, column), group in cells.items():
        group.sort(key=lambda f: _RANK.get(f.severity, 2))
        lines = tuple(dict.fromkeys(_line(f) for f in group))
        severity = group[0].severity if group[0].severity in COLOURS else "info"
        marks.append(CellMark(sheet, row, column, severity, lines, group[0].number))
    marks.sort(key=lambda m: (m.sheet, m.row, len(m.column), m.column))
    return MarkPlan(marks, unplaced)


def _line(f: Finding) -> str:
    text = f"{SEVERITY_ZH.get(f.severity, '提示')}:{f.message}"
    return text if len(text) <= LINE_CHARS else text[:LINE_CHARS - 1] + "…"


def _line_rank(line: str) -> int:
    for severity, label in SEVERITY_ZH.items():
        if line.startswith(label):
            return _RANK[severity]
    return 3
