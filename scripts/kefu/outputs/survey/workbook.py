"""The statistics workbook: figures as numbers (the same values as the JSON), text as text, native charts."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from kefu.core.atomic import atomic_path
from kefu.core.safe_text import xml_safe
from kefu.outputs.print_setup import BORDER, fitting_height, print_on_a4
from kefu.outputs.survey.docs import RectifyRow
from kefu.rules.opinions import Opinions
from kefu.rules.survey_stats import SurveyStats

_HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
_BOLD = Font(bold=True)
PCT = "0.0%"


def _put(ws, row: int, col: int, value, fmt: str | None = None):
    """Write one cell; strings are always stored as text (never a formula, even when they start with =)."""
    cell = ws.cell(row, col)
    cell.value = xml_safe(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"
    if fmt and value is not None:
        cell.number_format = fmt
    return cell


def _table(ws, top: int, headers: list[str], rows: list[list], formats: dict[int, str] | None = None,
           widths: list[int] | None = None) -> int:
    """Header + rows from ``top``, every cell with a thin border; returns the last row written."""
    for c, text in enumerate(headers, start=1):
        cell = _put(ws, top, c, text)
        cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center")
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value, (formats or {}).get(c)).border = BORDER
        height = fitting_height(values, widths or [])
        if height:
            ws.row_dimensions[r].height = height
    for c, width in enumerate(widths or [], start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    return top + len(rows)


def _bar(title: str, ws, cats, data, *, y_title: str, percent: bool, stacked=False, anchor: str):
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 9, 17
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    if percent:
        chart.y_axis.numFmt = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    if stacked:
        chart.grouping = "percentStacked"
        chart.overlap = 100
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, anchor)


# sheet -> (landscape, rows repeated on every printed page); charts sit beside the table at its top
_PRINT = {"总体情况": (False, "3:3"), "分项满意率": (True, "1:1"), "等级分布": (True, "1:1"), "分楼栋": (True, "1:1"),
          "共性意见": (True, "1:1"), "高频词语": (False, "1:1"),
          "整改方案": (True, "1:1"), "无法识别的答案": (False, "1:1")}


def write_workbook(path: Path, stats: SurveyStats, opinions: Opinions, rectify: list[RectifyRow],
                   office: str, as_of: dt.date | None = None) -> Path:
    wb = Workbook()
    _overview(wb.active, stats, office)
    _items(wb.create_sheet("分项满意率"), stats)
    _grades(wb.create_sheet("等级分布"), stats)
    _buildings(wb.create_sheet("分楼栋"), stats)
    _opinions(wb.create_sheet("共性意见"), opinions)
    _phrases(wb.create_sheet("高频词语"), opinions)
    _rectify(wb.create_sheet("整改方案"), rectify)
    _invalid(wb.create_sheet("无法识别的答案"), stats)
    title = f"{office}{stats.year or ''}{'年度' if stats.year else ''}业主意见调查统计"
    for ws in wb.worksheets:
        landscape, title_rows = _PRINT[ws.title]
        print_on_a4(ws, title=f"{title} · {ws.title}", date_text=f"统计日期 {as_of.isoformat()}" if as_of else "",
                    landscape=landscape, title_rows=title_rows)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _overview(ws, stats: SurveyStats, office: str) -> None:
    ws.title = "总体情况"
    _put(ws, 1, 1, f"{office}{stats.year or ''}{'年度' if stats.year else ''}业主意见调查统计").font = Font(bold=True, size=14)
    rows: list[list] = [["发出份数", stats.distributed or None], ["回收份数(至少一个有效答案)", stats.returned],
            ["回收率", stats.return_rate], ["有效答案", stats.valid], ["满意答案", stats.satisfied],
            ["总满意率", stats.overall_rate], ["空白答案", stats.blank], ["无法识别的答案", len(stats.invalid)],
            ["满意率目标", stats.target_rate]]
    _table(ws, 3, ["指标", "数值"], rows, widths=[30, 14])
    for r in (6, 9, 12):
        ws.cell(r, 2).number_format = PCT


def _items(ws, stats: SurveyStats) -> None:
    rows = [[s.item, s.valid, s.satisfied, s.rate, s.blank, s.invalid,
             "—" if s.rate is None else ("低于目标" if s.rate < stats.target_rate else "达标")] for s in stats.items]
    last = _table(ws, 1, ["调查项目", "有效答案", "满意答案", "满意率", "空白", "无法识别", "较目标"], rows,
                  {4: PCT}, [16, 10, 10, 10, 8, 10, 10])
    if rows:
        _bar("各项目满意率", ws, Reference(ws, min_col=1, min_row=2, max_row=last),
             Reference(ws, min_col=4, min_row=1, max_row=last), y_title="满意率", percent=True, anchor="I2")


def _grades(ws, stats: SurveyStats) -> None:
    grades = list(stats.scale.grades)
    rows = [[s.item, *(s.distribution[g] for g in grades), s.valid] for s in stats.items]
    last = _table(ws, 1, ["调查项目", *grades, "有效答案"], rows, widths=[16] + [10] * (len(grades) + 1))
    if rows:
        _bar("各项目评价等级分布", ws, Reference(ws, min_col=1, min_row=2, max_row=last),
             Reference(ws, min_col=2, max_col=1 + len(grades), min_row=1, max_row=last),
             y_title="占有效答案比例", percent=False, stacked=True, anchor=f"{chr(66 + len(grades) + 1)}2")


def _buildings(ws, stats: SurveyStats) -> None:
    rows = [[b.building, b.returned, b.valid, b.satisfied, b.rate] for b in stats.buildings]
    last = _table(ws, 1, ["楼栋", "回收份数", "有效答案", "满意答案", "满意率"], rows, {5: PCT}, [12, 10, 10, 10, 10])
    if rows:
        _bar("各楼栋满意率", ws, Reference(ws, min_col=1, min_row=2, max_row=last),
             Reference(ws, min_col=5, min_row=1, max_row=last), y_title="满意率", percent=True, anchor="G2")


def _opinions(ws, opinions: Opinions) -> None:
    rows = [[t.name, t.count, "\n".join(t.examples)] for t in opinions.themes]
    _table(ws, 1, ["意见类别", "条数", "举例(已隐去个人信息)"], rows, widths=[22, 8, 80])
    for r in range(2, len(rows) + 2):
        ws.cell(r, 3).alignment = Alignment(wrap_text=True, vertical="top")


def _phrases(ws, opinions: Opinions) -> None:
    """A sheet of its own: below the opinions its header would print under theirs."""
    _table(ws, 1, ["高频词语", "出现的意见条数"], [[w, n] for w, n in opinions.phrases], widths=[22, 16])


def _rectify(ws, rows: list[RectifyRow]) -> None:
    _table(ws, 1, ["项目", "存在问题", "责任部门", "整改期限", "状态"],
           [[r.item, r.problem, r.department, r.deadline, r.state] for r in rows], widths=[16, 60, 12, 12, 14])


def _invalid(ws, stats: SurveyStats) -> None:
    _table(ws, 1, ["工作表", "单元格", "调查项目", "填写内容"],
           [[v.sheet, v.cell or f"第{v.row}行", v.item, v.text] for v in stats.invalid], widths=[16, 10, 16, 30])
