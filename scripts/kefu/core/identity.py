"""What makes a register row the same complaint as before, whatever number it carries now.

A notice is issued for a complaint: its date received, customer, room, department and a fingerprint of
its summary. ``same_complaint`` says whether a register row is still that complaint (a typo corrected in
the name or the summary does not make it another one); ``found_again`` whether a row under another number
is it (the fingerprint and the day must agree, and the customer or the room).

A notice the office wrote by hand (its 通知单编号 cell was filled when kefu first saw the complaint) is kept
in the ledger like a printed one, of kind ``PAPER`` and without a file (``is_paper``).
"""
from __future__ import annotations

import hashlib
import unicodedata

FINGERPRINT_CHARS = 16
PAPER = "paper"             # notices_issued.kind of a 纸质通知单 (the printed ones: empty)


def is_paper(notice: dict) -> bool:
    """Is this ledger row a paper notice (written by hand, recorded by kefu, no file)?"""
    return notice.get("kind") == PAPER


def fingerprint(summary: str) -> str:
    """A short digest of the summary, blind to width, blanks and punctuation spacing; "" for none."""
    text = "".join(unicodedata.normalize("NFKC", summary or "").split())
    if not text:
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def _same_text(a: str, b: str) -> bool:
    return "".join((a or "").split()) == "".join((b or "").split())


def complaint_identity(c) -> dict:
    """The identity of a register row (a Complaint) as the ledger keeps it beside a notice."""
    return {"received": c.received_on.isoformat() if c.received_on else "", "customer": c.customer or "",
            "unit": c.unit or "", "department": c.department or "", "fingerprint": fingerprint(c.summary),
            "sheet": c.sheet, "row": c.row}


def _received(c) -> str:
    return c.received_on.isoformat() if c.received_on else ""


def same_complaint(c, notice: dict) -> bool:
    """Is the register row ``c`` still the complaint ``notice`` was issued for? A notice that kept no
    identity (issued before kefu remembered it) is taken to be its row's."""
    if not notice.get("fingerprint") and not notice.get("customer") and not notice.get("received"):
        return True
    if notice.get("received") and _received(c) and notice["received"] != _received(c):
        return False
    agree = (fingerprint(c.summary) == notice.get("fingerprint"),
             _same_text(c.customer, notice.get("customer", "")),
             _same_text(c.unit, notice.get("unit", "")))
    return sum(agree) >= 2


def found_again(c, notice: dict) -> bool:
    """Is the row ``c`` (under any number) the complaint of ``notice``: same summary and day, and the
    same customer or room."""
    if not notice.get("fingerprint") or fingerprint(c.summary) != notice["fingerprint"]:
        return False
    if notice.get("received") != _received(c):
        return False
    return _same_text(c.customer, notice.get("customer", "")) or _same_text(c.unit, notice.get("unit", ""))
