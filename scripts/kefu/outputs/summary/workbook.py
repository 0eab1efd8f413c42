"""The Excel workbook of the analysis: the report's tables with native Excel charts (openpyxl)."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kefu.core.atomic import atomic_write
from kefu.core.safe_text import xml_safe
from kefu.outputs.cell_fit import fitting_height
from kefu.outputs.chart_style import (CURRENT, DEPARTMENT, EARLIER, SERIES, fill_points, fill_series,
                                      label_every_category)
from kefu.outputs.print_setup import BORDER, PERCENT, page_break_before, print_on_a4
from kefu.outputs.summary.text import INCOMPLETE, compared_label, key_rows, recurring_members, until_text
from kefu.rules.analysis import change
from kefu.rules.office_analysis import SummaryRun

HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
HEAD_FONT = Font(bold=True)
HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
CELL_ALIGN = Alignment(vertical="top", wrap_text=True)   # a long text wraps inside its column when printed
BREAKDOWN_SHEETS = (("by_category", "按类别", "类别"), ("by_department", "按部门", "责任部门"),
                    ("by_channel", "按渠道", "投诉方式"), ("by_month", "按月份", "月份"))


CHANGE = "+0.0%;-0.0%;0.0%"
POINTS = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
ONE_DECIMAL = "0.0"
CHART_ROWS = 17        # rows an 8 cm chart covers
PAGE_ROWS = 30         # rows that surely fit on one A4 landscape page


def put(ws, value, font=None, head: bool = False, fmt: str | None = None, border: bool = False):
    """A write-only cell; text stays text even when it starts with = (never a formula), and holds no
    character XML cannot carry. Numbers stay numbers, shown with ``fmt`` (0.0%: a rate)."""
    cell = WriteOnlyCell(ws, xml_safe(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif fmt and value is not None:
        cell.number_format = fmt
    if head:
        cell.font, cell.fill, cell.alignment = HEAD_FONT, HEAD_FILL, HEAD_ALIGN
    elif font is not None:
        cell.font = font
    if head or border:
        cell.border = BORDER
    if border:
        cell.alignment = CELL_ALIGN
    return cell


def layout(ws, top: int, widths: list[int] | None) -> None:
    """Column widths and the frozen header of a table whose header is row ``top``.

    The workbook is write-only (cells are streamed out as they are appended: tens of thousands in the
    recurring-problems sheet), so this must come before the sheet's first row.
    """
    for j, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = f"A{top + 1}"


def table(ws, top: int, headers: list[str], rows: list[list], widths: list[int] | None = None,
          formats: dict[int, str] | None = None) -> int:
    """Header + rows appended at row ``top`` (rows above already appended); returns the last row.

    ``widths``: set here when the table starts the sheet, else give them to ``layout`` first.
    ``formats``: column (0-based) -> number format. Every cell has a thin border.
    """
    if top == 1:
        layout(ws, top, widths)
    head(ws, top, headers, widths)
    formats = formats or {}
    for r, values in enumerate(rows, start=top + 1):
        height = fitting_height(values, widths or [])
        if height:
            ws.row_dimensions[r].height = height   # before the row is streamed out
        ws.append([put(ws, v, fmt=formats.get(j), border=True) for j, v in enumerate(values)])
    return top + len(rows)


def head(ws, row: int, headers: list[str], widths: list[int] | None) -> None:
    """The header row (row ``row``), as tall as its longest wrapped header."""
    height = fitting_height(headers, widths or [])
    if height:
        ws.row_dimensions[row].height = height   # before the row is streamed out
    ws.append([put(ws, h, head=True) for h in headers])


def new_sheet(wb: Workbook, run: SummaryRun, name: str, *, landscape: bool, title_rows: str | None = "1:1"):
    ws = wb.create_sheet(name)
    print_on_a4(ws, title=f"{run.office} 客户投诉分析 {run.period.label} · {name}",
                date_text=f"编制日期 {run.as_of.isoformat()}", landscape=landscape, title_rows=title_rows)
    return ws


def _key_cells(row: dict, compared: tuple) -> list:
    """A row of the 概况 table as numbers with their formats: counts, days (0.0), rates (0.0%), changes."""
    name, (cur, prev, yoy) = row["name"], row["raw"]
    rate = name.endswith("率")
    fmt = PERCENT if rate else ONE_DECIMAL if "(天)" in name else "0"

    def change_cell(before, complete: bool):
        if not complete:
            return INCOMPLETE
        if cur is None or before is None:
            return "—"
        value = (cur - before) * 100 if rate else change(cur, before)
        return "—" if value is None else (value, POINTS if rate else CHANGE)

    cells = [name, (cur, fmt), (prev, fmt), change_cell(prev, compared[0]), (yoy, fmt), change_cell(yoy, compared[1])]
    return [c if isinstance(c, tuple) else (c, None) for c in cells]


def _overview(wb: Workbook, run: SummaryRun) -> None:
    ws = new_sheet(wb, run, "概况", landscape=True, title_rows="3:3")
    widths = [22, 12, 26, 16, 26, 16]
    layout(ws, 3, widths)
    o = run.overall
    ws.append([put(ws, f"{run.office} 客户投诉分析({run.period.label},"
                       f"{run.period.start:%Y-%m-%d} 至 {run.period.end:%Y-%m-%d}"
                       + (f",{until_text(o.current)}" if o.current.ongoing else "") + ")", Font(bold=True, size=13))])
    ws.append([])
    headers = ["指标", "本期", f"上期({compared_label(o.previous)})", "环比",
               f"去年同期({compared_label(o.year_earlier)})", "同比"]
    head(ws, 3, headers, widths)
    compared = (o.previous.complete, o.year_earlier.complete)
    for row in key_rows(o.current, o.previous, o.year_earlier):
        ws.append([put(ws, "—" if v is None else v, fmt=f, border=True) for v, f in _key_cells(row, compared)])
    if run.warnings:
        ws.append([])
    for note in run.warnings:
        ws.append([put(ws, f"说明:{note}")])


def _breakdown(wb: Workbook, run: SummaryRun, attr: str, title: str, column: str) -> None:
    ws = new_sheet(wb, run, title, landscape=True)
    counts = getattr(run.overall.current, attr)
    total = run.overall.current.total
    rows = [[k, v, v / total if total else None] for k, v in counts.items()]
    last = table(ws, 1, [column, "件数", "占比"], rows, [24, 10, 10], {2: PERCENT})
    ws.append([put(ws, "合计", Font(bold=True), border=True), put(ws, total, Font(bold=True), border=True),
               put(ws, 1 if total else None, Font(bold=True), fmt=PERCENT, border=True)])
    if not rows or not total:
        return
    data = Reference(ws, min_col=2, min_row=1, max_row=last)
    labels = Reference(ws, min_col=1, min_row=2, max_row=last)
    if attr == "by_channel":
        chart = PieChart()
    elif attr == "by_month":
        chart = LineChart()
        chart.y_axis.title = "件数"
    else:
        chart = BarChart()
        chart.type = "bar"
        chart.y_axis.title = "件数"
        chart.legend = None
    chart.title = f"{title}统计"
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.height, chart.width = 8, 16
    _colour(chart, attr, len(rows))
    if attr != "by_channel":
        label_every_category(chart, [row[0] for row in rows], column=attr == "by_month")
    ws.add_chart(chart, "E2")     # beside the table, at the top of the first page: never cut by a page end


def _colour(chart, attr: str, n: int) -> None:
    """The colours of the report's pictures (outputs.chart_style): a slice each, else 本期's colour."""
    if attr == "by_channel":
        fill_points(chart.series[0], [SERIES[i % len(SERIES)] for i in range(n)])
    else:
        fill_series(chart.series[0], DEPARTMENT if attr == "by_department" else CURRENT)


def _recurring(wb: Workbook, run: SummaryRun) -> None:
    ws = new_sheet(wb, run, "反复出现的问题", landscape=True)
    # one complaint per line: a list joined by 、 is one long word to Excel and LibreOffice, cut anywhere
    rows = [[g.place, g.category, g.count, recurring_members(g, 50, sep="\n"), f"{g.span[0]} 至 {g.span[1]}",
             g.came_back, g.last_period, g.summary, g.department, g.suggestion] for g in run.overall.recurring]
    table(ws, 1, ["地点", "问题", "次数", "投诉(编号、受理日期、状态)", "起止日期", "办结后又发生", "上期同类",
                  "代表性内容", "责任部门", "建议跟进"], rows, [14, 14, 6, 44, 24, 8, 8, 28, 10, 50])


def _major(wb: Workbook, run: SummaryRun) -> None:
    ws = new_sheet(wb, run, "重大投诉", landscape=True)
    rows = [[m["number"], m["received_on"], m["category"], m["department"], m["summary"], m["outcome"]]
            for m in run.overall.current.major]
    table(ws, 1, ["编号", "受理日期", "类别", "责任部门", "内容摘要", "处理结果"], rows, [16, 12, 10, 12, 40, 40])


def _offices(wb: Workbook, run: SummaryRun) -> None:
    ws = new_sheet(wb, run, "各管理处对比", landscape=True)
    rows = []
    for o in run.offices:
        c = o.current
        rows.append([o.name, c.total, o.year_earlier.total, o.previous.total, c.replied_on_time_rate,
                     c.avg_days_to_reply if c.avg_days_to_reply is None else round(c.avg_days_to_reply, 1),
                     len(c.open_at_end), len(c.overdue_at_end), c.callback_rate, c.callback_satisfied_rate])
    open_label = "目前未办结" if run.overall.current.ongoing else "期末未办结"
    last = table(ws, 1, ["管理处", "本期受理", "去年同期", "上期", "按时答复率", "平均答复(天)", open_label,
                         "其中超期", "回访率", "满意率"], rows, [16, 10, 10, 10, 12, 12, 12, 10, 10, 10],
                 {4: PERCENT, 5: ONE_DECIMAL, 8: PERCENT, 9: PERCENT})
    chart = BarChart()
    chart.title = "各管理处受理投诉件数"
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.height, chart.width = 8, 16
    for series, colour in zip(chart.series, (CURRENT, EARLIER)):
        fill_series(series, colour)
    label_every_category(chart, [o.name for o in run.offices], column=True)
    if last + 3 + CHART_ROWS > PAGE_ROWS:     # the chart would cross the first page's end: a page of its own
        page_break_before(ws, last + 3)
    ws.add_chart(chart, "A" + str(last + 3))


def build_workbook(run: SummaryRun) -> Workbook:
    wb = Workbook(write_only=True)
    _overview(wb, run)
    if run.overall.current.total:
        for attr, title, column in BREAKDOWN_SHEETS:
            _breakdown(wb, run, attr, title, column)
        _recurring(wb, run)
        _major(wb, run)
    if run.compares_offices:
        _offices(wb, run)
    return wb


def write_workbook(run: SummaryRun, path: Path) -> Path:
    wb = build_workbook(run)
    return atomic_write(path, lambda tmp: wb.save(tmp))
