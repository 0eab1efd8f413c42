"""Masking personal data (PIPL) in outputs that leave the desk: 王** / 138****1234 / 3栋****."""
from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_name(name: str) -> str:
    """Keep the surname: 王建国 -> 王**, 欧阳娜娜 -> 欧***; Latin names keep the first letter."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; landlines keep the last four digits."""
    digits = "".join(_DIGITS.findall(phone))
    if not digits:
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 4, 4) + digits[-4:]


def mask_unit(unit: str) -> str:
    """Keep the building, hide the room: 3栋2单元501 -> 3栋****; 5-1-1202 -> 5-****."""
    unit = unit.strip()
    if not unit:
        return ""
    m = re.match(r"^(\d+\s*(?:栋|幢|号楼|座|-))", unit)
    return (m.group(1) if m else "") + "****"


def building_of(unit: str) -> str:
    """The building part of a unit (3栋2单元501 -> 3栋, 5-1-1202 -> 5栋), "" when unknown."""
    m = re.match(r"^\s*(\d+)\s*(?:栋|幢|号楼|座|-)", unit or "")
    return f"{m.group(1)}栋" if m else ""
