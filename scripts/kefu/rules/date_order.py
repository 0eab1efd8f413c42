"""A verification, reply, completion or callback dated before the complaint was received (``ORDER``,
declared at the end).

Such a date is a typing error (a wrong month or year): a reply "before" the complaint would otherwise
count as a reply on time. The finding names the cell and both dates; the office corrects one of them.
It needs no column (``needs=()``): it only compares dates staff wrote, so a blank or absent column is no
silence (as ``rules.coverage`` says of such rules).
"""
from __future__ import annotations

from kefu.core.fields import REGISTER_FIELDS
from kefu.core.findings import Finding
from kefu.core.rule import Rule

LATER_FIELDS = ("verified_on", "replied_on", "completed_on", "callback_on")


def check(register, ctx) -> list[Finding]:
    out: list[Finding] = []
    for c in register.active:
        received = c.received_on
        if received is None:
            continue
        for name in LATER_FIELDS:
            day = getattr(c, name)
            if day is not None and day < received:
                out.append(_finding(c, name, day))
    return out


def _finding(c, name: str, day) -> Finding:
    title = REGISTER_FIELDS[name][1][0]
    cell = c.cell(name)
    where = f"「{c.sheet}」单元格 {cell}" if cell else f"「{c.sheet}」第 {c.row} 行"
    return ORDER.finding(c.number or None, c.sheet, c.row,
                         f"{where}:{title} {day} 早于登记日期 {c.received_on},不可能先{title[:2]}后登记,"
                         f"请核对这两个日期并改正(在改正之前,这个{title}不能算按时)。",
                         column=(c.columns or {}).get(name))


ORDER = Rule("date.order", "日期早于登记", "warning", check=check)
RULES = (ORDER,)
