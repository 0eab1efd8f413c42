"""A number corrected in place, said once, never reported as vanished (``RENUMBERED``, declared at the end).

A number the latest check saw that is gone now, whose row (same sheet and row) now carries a number never
seen before with the same summary fingerprint, was corrected in place (TS-2027-159 typed without its
zeros, then TS-2027-0159): the same complaint under its new number. The daily check records the change in
the ledger (``renamed_to``), so the next check neither says it again nor calls the old number lost
(``rules.numbering`` leaves the numbers ``renumbered`` finds out of ``numbering.VANISHED``).
A number whose row was deleted or overwritten (another summary there) still is ``numbering.VANISHED``.

Reads ``ctx.seen_numbers`` (number -> (sheet, row, last seen)) and ``ctx.seen_prints`` (number -> the
fingerprint of its summary there), both from ``kefu.ledger.seen_numbers``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from kefu.core.findings import Finding
from kefu.core.identity import fingerprint
from kefu.core.number_pattern import canonical_of
from kefu.core.records import Complaint
from kefu.core.rule import Rule


def renumbered(register, seen: Mapping[str, tuple], prints: Mapping[str, str], present: set[str],
               canonical: Callable[[str], str]) -> dict[str, Complaint]:
    """old number -> the Complaint that now carries it under a new number (see the module); ``present``:
    the register's numbers in their canonical form."""
    if not seen or not prints:
        return {}
    gone = seen.keys() - present
    if not gone:
        return {}
    places, out = register.by_place, {}
    for old in gone:
        before = prints.get(old)
        if not before:
            continue
        sheet, row = seen[old][:2]
        c = places.get((sheet, row))
        if c is None or not c.number:
            continue
        new = canonical(c.number)
        if new != old and new not in seen and fingerprint(c.summary) == before:
            out[old] = c
    return out


def check(register, ctx) -> list[Finding]:
    seen = ctx.seen_numbers
    if not seen:
        return []
    canonical = canonical_of(ctx.settings)
    present = {canonical(c.number) for c in register.complaints if c.number}
    return [RENUMBERED.finding(
        canonical(c.number), c.sheet, c.row,
        f"编号 {old} 已在「{c.sheet}」第 {c.row} 行改为 {c.number}(同一份投诉,登记日期和内容未变),"
        f"按改号处理,不算编号消失。请把通知单和投诉原件上的编号也改成 {c.number},三个编号保持一致。",
        column=(c.columns or {}).get("number"))
        for old, c in sorted(renumbered(register, seen, ctx.seen_prints, present, canonical).items())]


RENUMBERED = Rule("number.renumbered", "编号已改", "info", check=check)
RULES = (RENUMBERED,)
