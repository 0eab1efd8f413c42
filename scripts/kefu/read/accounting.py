"""Every sheet and row of the register accounted for, as Chinese lines staff read first.

A configured sheet the workbook lacks (renamed 2026年 → 2026年度) or a register-like sheet outside
``[register] sheets`` (a new year's sheet) means the check saw part of the register only: the lines
say which sheets, what to change in config.ini, and that results needing the whole register (overdue,
duplicates, gaps) may be incomplete; numbers last seen on a sheet not read are not called vanished.
"""
from __future__ import annotations

from kefu.core.records import SheetInfo


def incomplete_lines(register) -> list[str]:
    """Empty when every configured sheet was found and no register-like sheet was left out."""
    missing = [i for i in register.skipped if i.state == "missing"]
    unlisted = [i for i in register.skipped if i.state == "unlisted"]
    if not missing and not unlisted:
        return []
    read = "」「".join(i.name for i in register.sheets)
    lines = []
    if missing:
        names = "」「".join(i.name for i in missing)
        lines.append(f"登记表《{register.path.name}》中找不到 config.ini [register] sheets 所列的工作表「{names}」,"
                     f"这些工作表没有检查。如工作表已改名,请在 sheets 中改成新名字。")
    if unlisted:
        names = "」「".join(i.name for i in unlisted)
        lines.append(f"登记表《{register.path.name}》中的工作表「{names}」看起来是投诉登记表,但不在 config.ini "
                     f"[register] sheets 中,没有检查。如需检查,请把它加到 sheets 中(或写 sheets = *)。")
    lines.append(f"本次只读取了工作表「{read}」:需要整本登记表的结果(超期未答复、编号重复、缺号、统计数字)"
                 f"可能不完整;没有读取的工作表中的编号不算“编号消失”。")
    return lines


def row_line(info: SheetInfo) -> str:
    """What the rows below a sheet's header were: they add up to the rows read."""
    complaints = info.rows - info.voided - info.unreadable
    total = info.rows + info.blank
    parts = [f"投诉 {complaints} 条", f"作废 {info.voided} 条", f"空行 {info.blank} 行"]
    if info.unreadable:
        parts.append(f"日期无法识别 {info.unreadable} 条")
    return f"表头下共 {total} 行:" + "、".join(parts)
