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


class NameSet:
    """Owner names to hide in free text (comments, summaries). Built once per job: each text is then
    scanned by substring look-ups, so thousands of names cost no more than a few."""

    def __init__(self, names=()):
        self.names = frozenset(n.strip() for n in names if len(n.strip()) >= 2)
        self.lengths = sorted({len(n) for n in self.names}, reverse=True)
        self.parts = frozenset(n[i:j] for n in self.names for i in range(len(n)) for j in range(i + 2, len(n) + 1))

    @classmethod
    def of(cls, names) -> "NameSet":
        return names if isinstance(names, cls) else cls(names)

    def __bool__(self) -> bool:
        return bool(self.names)

    def mask(self, text: str) -> str:
        """Every name in ``text`` masked (王建国 -> 王**), longest names first."""
        if not self.names or not text:
            return text
        out, i = [], 0
        while i < len(text):
            for length in self.lengths:
                piece = text[i:i + length]
                if piece in self.names:
                    out.append(mask_name(piece))
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def overlaps(self, word: str) -> bool:
        """True when ``word`` is part of a name or holds one (so it must not be shown as a phrase)."""
        if word in self.parts:
            return True
        return any(word[i:i + n] in self.names for n in self.lengths for i in range(len(word) - n + 1))


# ---------------------------------------------------------------- free text (comments, summaries)
# Masked: what points to a person. A building or a facility without a room (9栋电梯, 3号楼2单元门禁,
# 12楼) stays as written: it is what the office must act on.
# Pattern texts, compiled by re on the first mask_text (re keeps them): most jobs never mask free text.
_MOBILE = r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)"
_LANDLINE = r"(?<!\d)(?:0\d{2,3}[\s-]?)?\d{7,8}(?!\d)"
_BUILDING = r"\d{1,3}\s*(?:栋|幢|号楼|座)"
_ROOMS = (
    rf"(?P<b1>{_BUILDING})\s*(?:\d{{1,2}}\s*单元)?\s*\d{{3,4}}\s*(?:室|房|号)?(?!\d)"       # 3栋501, 3栋2单元501室
    r"|(?<![\d\-.:/])(?P<b2>\d{1,3})-(?:\d{1,2}-)?\d{3,4}(?![\d\-.:/])"                   # 3-2-501, 5-1202
    r"|(?<!\d)\d{1,2}\s*单元\s*\d{3,4}\s*(?:室|房|号)?(?!\d)"                              # 2单元501
    r"|(?<![\d.])\d{3,4}\s*(?:室|房|号房)")                                                   # 501室
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_TITLED = rf"[{_SURNAMES}](?:先生|女士|小姐|阿姨|大爷|大妈|大姐|奶奶|爷爷|老师)"


def _room(m: re.Match) -> str:
    building = m.group("b1") or (f"{m.group('b2')}-" if m.group("b2") else "")
    return f"{building}****"


def mask_text(text: str, names=()) -> str:
    """Free text with names (the given ones, and 王先生/李阿姨), phone numbers and room numbers masked:
    王** / 138****5678 / 3栋**** / 3-**** / ****; 9栋电梯故障频繁 stays intact."""
    if not text:
        return text or ""
    out = re.sub(_MOBILE, lambda m: mask_phone(m.group(0)), text)
    out = re.sub(_LANDLINE, lambda m: mask_phone(m.group(0)), out)
    out = re.sub(_ROOMS, _room, out)
    out = re.sub(_TITLED, lambda m: "*" + m.group(0)[1:], out)
    return NameSet.of(names).mask(out)
