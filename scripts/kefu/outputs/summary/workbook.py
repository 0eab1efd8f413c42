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
from kefu.outputs.summary.text import key_rows, pct
from kefu.rules.office_analysis import SummaryRun

HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
HEAD_FONT = Font(bold=True)
HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
BREAKDOWN_SHEETS = (("by_category", "按类别", "类别"), ("by_department", "按部门", "责任部门"),
                    ("by_channel", "按渠道", "投诉方式"), ("by_month", "按月份", "月份"))


def put(ws, value, font=None, head: bool = False):
    """A write-only cell; text stays text even when it starts with = (never a formula), and holds no
    character XML cannot carry."""
    cell = WriteOnlyCell(ws, xml_safe(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    if head:
        cell.font, cell.fill, cell.alignment = HEAD_FONT, HEAD_FILL, HEAD_ALIGN
    elif font is not None:
        cell.font = font
    return cell


def layout(ws, top: int, widths: list[int] | None) -> None:
    """Column widths and the frozen header of a table whose header is row ``top``.

    The workbook is write-only (cells are streamed out as they are appended: tens of thousands in the
    recurring-problems sheet), so this must come before the sheet's first row.
    """
    for j, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = f"A{top + 1}"


def table(ws, top: int, headers: list[str], rows: list[list], widths: list[int] | None = None) -> int:
    """Header + rows appended at row ``top`` (rows above already appended); returns the last row.

    ``widths``: set here when the table starts the sheet, else give them to ``layout`` first.
    Only the header is styled.
    """
    if top == 1:
        layout(ws, top, widths)
    ws.append([put(ws, h, head=True) for h in headers])
    for values in rows:
        ws.append([put(ws, v) if isinstance(v, str) else v for v in values])
    return top + len(rows)


def _overview(wb: Workbook, run: SummaryRun) -> None:
    ws = wb.create_sheet("概况")
    widths = [22, 12, 22, 16, 22, 16]
    layout(ws, 3, widths)
    o = run.overall
    ws.append([put(ws, f"{run.office} 客户投诉分析({run.period.label},"
                       f"{run.period.start:%Y-%m-%d} 至 {run.period.end:%Y-%m-%d})", Font(bold=True, size=13))])
    ws.append([])
    rows = [[r["name"], r["cur"], r["prev"], r["prev_change"], r["yoy"], r["yoy_change"]]
            for r in key_rows(o.current, o.previous, o.year_earlier)]
    rows[0][1:] = [o.current.total, o.previous.total, rows[0][3], o.year_earlier.total, rows[0][5]]
    table(ws, 3, ["指标", "本期", f"上期({o.previous.period.label})", "环比",
                  f"去年同期({o.year_earlier.period.label})", "同比"], rows, widths)
    if run.warnings:
        ws.append([])
    for note in run.warnings:
        ws.append([put(ws, f"说明:{note}")])


def _breakdown(wb: Workbook, run: SummaryRun, attr: str, title: str, column: str) -> None:
    ws = wb.create_sheet(title)
    counts = getattr(run.overall.current, attr)
    total = run.overall.current.total
    rows = [[k, v, pct(v / total if total else None)] for k, v in counts.items()]
    last = table(ws, 1, [column, "件数", "占比"], rows, [24, 10, 10])
    ws.append([put(ws, "合计", Font(bold=True)), put(ws, total, Font(bold=True))])
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
    ws.add_chart(chart, "E2")


def _recurring(wb: Workbook, run: SummaryRun) -> None:
    ws = wb.create_sheet("反复出现的问题")
    rows = [[g.as_dict()["kind_zh"], g.place, g.category, g.count, "、".join(g.numbers), g.summary, g.department,
             g.suggestion] for g in run.overall.recurring]
    table(ws, 1, ["类型", "位置", "类别", "次数", "投诉编号", "代表性内容", "责任部门", "建议跟进"], rows,
          [16, 16, 10, 6, 36, 30, 12, 50])


def _major(wb: Workbook, run: SummaryRun) -> None:
    ws = wb.create_sheet("重大投诉")
    rows = [[m["number"], m["received_on"], m["category"], m["department"], m["summary"], m["outcome"]]
            for m in run.overall.current.major]
    table(ws, 1, ["编号", "受理日期", "类别", "责任部门", "内容摘要", "处理结果"], rows, [16, 12, 10, 12, 40, 40])


def _offices(wb: Workbook, run: SummaryRun) -> None:
    ws = wb.create_sheet("各管理处对比")
    rows = []
    for o in run.offices:
        c = o.current
        rows.append([o.name, c.total, o.year_earlier.total, o.previous.total, pct(c.replied_on_time_rate),
                     c.avg_days_to_reply if c.avg_days_to_reply is None else round(c.avg_days_to_reply, 1),
                     len(c.open_at_end), len(c.overdue_at_end), pct(c.callback_rate),
                     pct(c.callback_satisfied_rate)])
    last = table(ws, 1, ["管理处", "本期受理", "去年同期", "上期", "按时答复率", "平均答复(天)", "期末未办结",
                         "其中超期", "回访率", "满意率"], rows, [16, 10, 10, 10, 12, 12, 12, 10, 10, 10])
    chart = BarChart()
    chart.title = "各管理处受理投诉件数"
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.height, chart.width = 8, 16
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
