"""A notice in force whose register row is no longer the complaint it was issued for (``CONFLICT``,
declared at the end).

The office's rule: the number on the 《客户投诉处理通知单》, in the 《客户投诉登记表》 and on the original
agree. A notice is issued for a complaint (the ledger keeps its date received, customer, room, department
and summary fingerprint); when the rows that now carry its number are another complaint (renumbered,
swapped, overwritten), or its complaint now carries another number, the three numbers no longer agree.
The finding names the notice, who it was issued for, the rows carrying its number now, where its
complaint is now, and what to do: renumber back, or void the notice and issue it again.

Reads ``ctx.issued_notices`` (the ledger's rows, ``kefu.ledger.notices.issued``, each with what it was
issued for, a paper notice (纸质通知单, ``identity.is_paper``) like a printed one); does nothing without them. ``conflicts`` is also what make_notices holds numbers with.
"""
from __future__ import annotations

from typing import NamedTuple

from kefu.core.findings import Finding
from kefu.core.identity import fingerprint, found_again, is_paper, same_complaint
from kefu.core.rule import Rule


class Conflict(NamedTuple):
    number: str
    notice: dict                # the ledger row of the notice in force
    holders: list               # register rows that carry the number now (not its complaint)
    now_at: list                # register rows that are its complaint, under another number

    @property
    def numbers(self) -> set[str]:
        """Every number held until it is resolved: the notice's and its complaint's new one(s)."""
        return {self.number} | {c.number for c in self.now_at if c.number}


def in_force(issued: list[dict]) -> dict[str, dict]:
    """number -> its latest notice that is not voided (``issued`` comes by number and version)."""
    out: dict[str, dict] = {}
    for row in issued:
        if not row.get("voided_at"):
            out[row["number"]] = row
    return out


def conflicts(register, issued: list[dict]) -> list[Conflict]:
    force = in_force(issued)
    if not force:
        return []
    holders: dict[str, list] = {}
    for c in register.active:
        if c.number in force:
            holders.setdefault(c.number, []).append(c)
    out: list[Conflict] = []
    by_print: dict[str, list] | None = None
    for number, notice in force.items():
        rows = holders.get(number, [])
        if any(same_complaint(c, notice) for c in rows):
            continue
        if by_print is None:     # only when something is amiss: every row by its summary's fingerprint
            by_print = {}
            for c in register.active:
                if c.summary:
                    by_print.setdefault(fingerprint(c.summary), []).append(c)
        now_at = [c for c in by_print.get(notice.get("fingerprint") or "", ())
                  if c.number != number and found_again(c, notice)]
        if rows or now_at:     # a number gone with its complaint: numbering.VANISHED says so
            out.append(Conflict(number, notice, rows, now_at))
    return out


def check(register, ctx) -> list[Finding]:
    issued = ctx.issued_notices
    if not issued:
        return []
    return [finding(x) for x in conflicts(register, issued)]


def who(notice: dict) -> str:
    parts = [p for p in (notice.get("customer"), notice.get("unit")) if p]
    said = "、".join(parts) or "(未记下客户)"
    more = [p for p in (f"{notice['received']} 受理" if notice.get("received") else "", notice.get("department"))
            if p]
    return said + (f"({','.join(more)})" if more else "")


def _row(c) -> str:
    person = "、".join(p for p in (c.customer, c.unit) if p) or "未填客户"
    return f"「{c.sheet}」第 {c.row} 行({person})"


def message(x: Conflict) -> str:
    n, notice = x.number, x.notice
    day = str(notice.get('issued_at', ''))[:10]
    if is_paper(notice):
        text = f"纸质通知单 {n}(登记表“通知单编号”已填写,kefu 于 {day} 记入台账)是为 {who(notice)} 出的,"
    else:
        text = f"通知单 {n}(第 {notice.get('version', 1)} 版,{day} 出具)是为 {who(notice)} 出的,"
    if x.holders:
        text += f"但登记表中现在编号为 {n} 的是" + "、".join(_row(c) for c in x.holders) + ";"
    else:
        text += f"但登记表中已没有编号 {n};"
    if x.now_at:
        text += "这份投诉现在在" + "、".join(f"{_row(c)},编号 {c.number}" for c in x.now_at) + "。"
    else:
        text += "这份投诉在登记表中没有找到。"
    back = f"把{_row(x.now_at[0])}的编号改回 {n}" if x.now_at else f"把这份投诉的编号改回 {n}"
    return (text + f"通知单、登记表和投诉原件的编号应一致:请{back}(另一份投诉另编新号),或用 "
            f"make_notices.py --void {n} --reason 原因 作废这份{'纸质' if is_paper(notice) else ''}通知单后重新出具。改正之前,"
            f"{'、'.join(sorted(x.numbers))} 都不会出新的通知单。")


def finding(x: Conflict) -> Finding:
    place = (x.holders or x.now_at or [None])[0]
    return CONFLICT.finding(x.number, place.sheet if place else None, place.row if place else None, message(x),
                            column=(place.columns or {}).get("number") if place else None)


CONFLICT = Rule("notice.conflict", "通知单与登记不符", "error", check=check)
RULES = (CONFLICT,)
