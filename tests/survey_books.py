"""Survey workbooks for the survey tests, laid out as the desk keeps them (title row, header, forms)."""
from __future__ import annotations

import openpyxl

ITEMS = ["供电管理", "供水管理", "消防治安管理", "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度"]
HEADERS = ["问卷编号", "楼栋房号", "调查日期", *ITEMS, "意见建议"]
RECTIFY_HEADERS = ["项目", "存在问题", "责任部门", "整改期限", "状态", "完成日期"]


def write_survey(path, sheets: dict[str, list[list]], *, headers=HEADERS, rectify: list[list] | None = None):
    """One sheet per survey (title row 1, header row 2, forms from row 3); optional 整改跟踪 sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws["A1"] = f"{name} 业主意见调查统计表"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
    if rectify is not None:
        ws = wb.create_sheet("整改跟踪")
        ws.append(RECTIFY_HEADERS)
        for row in rectify:
            ws.append(list(row))
    wb.save(path)
    return path


def form(number, unit, date, answers: list, comment=None):
    assert len(answers) == 8
    return [number, unit, date, *answers, comment]
