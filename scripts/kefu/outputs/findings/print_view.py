"""The findings workbook's print view 「打印版」: every finding on one sheet, grouped by kind of problem
(a heading row per kind, the most urgent kind first, as the findings are sorted), on as few A4 pages as
they need. The sheet per kind stays for working in Excel; this one is what the clerk prints (the
workbook opens on it, so Ctrl+P prints it).

The check's date, the register and the notes of the 汇总 sheet come first, so the pages stand alone; the
register's sheets that were not read (missing, or not listed in config.ini) before anything else.
Every row is as tall as its wrapped text (``outputs.cell_fit``); the table's header repeats on every page;
numbers and dates in the texts have non-breaking hyphens (paper only: the sheets per kind keep plain
ones, so that Excel's search finds them).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kefu.core.findings import SEVERITY_ZH
from kefu.outputs.cell_fit import DEFAULT_POINTS, fitting_height, keep_tokens_whole, lines_points, text_lines
from kefu.outputs.findings.cells import page_setup, set_widths, write_text
from kefu.read.accounting import incomplete_lines
from kefu.rules.coverage import MISSING
from kefu.rules.urgency import disabled_rules, rule_title

SHEET = "打印版"
COLUMNS = (("序号", 5), ("严重程度", 9), ("编号", 14), ("业主", 8), ("责任部门", 9), ("登记日期", 11),
           ("内容摘要", 20), ("说明", 58), ("登记表位置", 14))
_WIDTHS = [w for _name, w in COLUMNS]
_LAST = len(COLUMNS) - 1
_ALL = sum(_WIDTHS)


def print_view(wb, fmt, findings: list, register, as_of: dt.date, warnings) -> None:
    """Add the 打印版 sheet (after 汇总) and open the workbook on it."""
    ws = wb.add_worksheet(SHEET)
    set_widths(ws, _WIDTHS)
    page_setup(ws, landscape=True, title=f"每日检查结果 · {SHEET}", as_of=as_of)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)   # more of the page for rows
    r = _preamble(ws, fmt, findings, register, as_of, warnings)
    for c, (name, _w) in enumerate(COLUMNS):
        write_text(ws, r, c, name, fmt, "head+")
    ws.set_row(r, fitting_height([n for n, _w in COLUMNS], _WIDTHS) or DEFAULT_POINTS)
    ws.repeat_rows(r)
    ws.freeze_panes(r + 1, 0)
    groups: dict[str, list] = {}
    for f in findings:   # most urgent first: the kinds in the order of their first finding
        groups.setdefault(f.rule, []).append(f)
    places, n = register.by_place, 0
    number_columns = {info.name: info.columns.get("number", "A") for info in register.sheets}
    for rule, group in groups.items():
        r += 1
        _merged(ws, r, f"{rule_title(rule)}({len(group)} 条)", fmt, "group+")
        for f in group:
            r, n = r + 1, n + 1
            place = f"「{f.sheet}」{f.column or number_columns.get(f.sheet, 'A')}{f.row}" if f.sheet and f.row else ""
            _finding_row(ws, r, n, f, places.get((f.sheet, f.row)) if not f.file else None, place, fmt)
    ws.activate()


def _preamble(ws, fmt, findings: list, register, as_of: dt.date, warnings) -> int:
    """The lines above the table (title, date, register, notes); returns the table's header row."""
    total, active = len(register.complaints), len(register.active)
    first = incomplete_lines(register)     # sheets not read: said before anything else, as on 汇总
    lines = [(f"每日检查结果(检查日期 {as_of.isoformat()})", "title")]
    lines += [(f"工作表未检查:{line}", "alert_text") for line in first]
    lines += [(f"登记表《{Path(register.path).name}》,登记 {total} 条(其中作废 {total - active} 条);"
              f"发现问题 {len(findings)} 条,按类别列出,最紧急的在前。", "top")]
    lines += [(f"未能检查:{f.message}", "alert_text") for f in findings if f.rule == MISSING.id]
    lines += [(f"未检查:{rule_title(rule)}(登记表缺少“{fields}”列)", "alert_text")
              for rule, fields in disabled_rules(findings).items()]
    lines += [(f"注意:{warning}", "alert_text") for warning in warnings if warning not in first]
    if not findings:
        lines.append(("未发现问题。", "top"))
    for r, (text, style) in enumerate(lines):
        _merged(ws, r, text, fmt, style)
    return len(lines) + 1


def _merged(ws, r: int, text: str, fmt, style: str) -> None:
    """One text across the whole table's width, as tall as it needs."""
    ws.merge_range(r, 0, r, _LAST, "", fmt[style, False])
    write_text(ws, r, 0, text, fmt, style)
    lines = text_lines(text, _ALL)
    ws.set_row(r, lines_points(lines) if lines > 1 else DEFAULT_POINTS + 3)


def _finding_row(ws, r: int, n: int, f, c, place: str, fmt) -> None:
    values = (str(n), SEVERITY_ZH.get(f.severity, f.severity), f.number or "", c.customer if c else "",
              c.department if c else "", c.received_on.isoformat() if c and c.received_on else "",
              keep_tokens_whole(c.summary) if c else "", keep_tokens_whole(f.message), place)
    ws.set_row(r, fitting_height(values, _WIDTHS) or DEFAULT_POINTS)
    for col, value in enumerate(values):
        if col == 0:
            ws.write_number(r, 0, n, fmt["count"])
        else:
            write_text(ws, r, col, value, fmt, "wrap+")
