"""number.renumbered: a number corrected in place, said once, never reported as vanished.

A number the latest check saw that is gone now, whose row (same sheet and row) now carries a number never
seen before with the same summary fingerprint, was corrected in place (TS-2027-159 typed without its
zeros, then TS-2027-0159): the same complaint under its new number. The daily check records the change in
the ledger (``renamed_to``), so the next check neither says it again nor calls the old number lost.
A number whose row was deleted or overwritten (another summary there) still is ``number.vanished``.

Reads ``ctx.extra["seen_numbers"]`` (``kefu.ledger.seen_numbers.SeenNumbers``: ``place``, ``prints``).
"""
from __future__ import annotations

from kefu.core.findings import Finding
from kefu.core.identity import fingerprint
from kefu.core.number_pattern import number_pattern

RULE = "number.renumbered"


def renumbered(register, seen, present: set[str], pattern) -> dict[str, object]:
    """old number -> the Complaint that now carries it under a new number (see the module)."""
    prints = getattr(seen, "prints", None)
    if not seen or not prints:
        return {}
    gone = seen.keys() - present
    if not gone:
        return {}
    places, out = register.by_place, {}
    for old in gone:
        place, before = seen.place(old), prints.get(old)
        c = places.get(tuple(place)) if place and before else None
        if c is None or not c.number:
            continue
        new = pattern.canonical(c.number)
        if new != old and new not in seen and fingerprint(c.summary) == before:
            out[old] = c
    return out


def check(register, ctx) -> list[Finding]:
    seen = ctx.extra.get("seen_numbers")
    if not seen:
        return []
    pattern = number_pattern(ctx.settings.numbering.pattern)
    present = {pattern.canonical(c.number) for c in register.complaints if c.number}
    return [Finding(RULE, "info", pattern.canonical(c.number), c.sheet, c.row,
                    f"编号 {old} 已在「{c.sheet}」第 {c.row} 行改为 {c.number}(同一份投诉,登记日期和内容未变),"
                    f"按改号处理,不算编号消失。请把通知单和投诉原件上的编号也改成 {c.number},三个编号保持一致。",
                    column=(c.columns or {}).get("number"))
            for old, c in sorted(renumbered(register, seen, present, pattern).items())]
