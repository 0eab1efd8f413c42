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


# a building's number as owners and clerks write it: 5, 12, 五, 十二 (5栋, 5号楼, 5幢, 5座, 5#, 5#楼, 五栋)
BUILDING_NUMBER = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
BUILDING_WORD = r"(?:号楼|栋|幢|座|#楼?)"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_UNIT_BUILDING = re.compile(rf"^\s*{BUILDING_NUMBER}\s*(?:{BUILDING_WORD}|-)")


def arabic(number: str) -> str:
    """A building or unit number in digits: 05 -> 5, 五 -> 5, 十二 -> 12, 二十 -> 20."""
    if number.isdigit():
        return str(int(number))
    if len(number) == 1:
        return str(_CN_DIGITS.get(number, 0))
    tens, _, ones = number.partition("十")
    return str(_CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0))


def mask_unit(unit: str) -> str:
    """Keep the building, hide the room: 3栋2单元501 -> 3栋****; 5-1-1202 -> 5-****."""
    unit = unit.strip()
    if not unit:
        return ""
    m = _UNIT_BUILDING.match(unit)
    return (m.group(0).strip() if m else "") + "****"


def building_of(unit: str) -> str:
    """The building part of a unit (3栋2单元501, 3号楼2单元501, 3#2单元501, 三栋501, 3-2-501 -> 3栋), "" when
    unknown."""
    m = _UNIT_BUILDING.match(unit or "")
    return f"{arabic(m.group(1))}栋" if m else ""


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
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:0\d{2,3}[\s-]?)?\d{7,8}(?!\d)")
_BUILDING = rf"{BUILDING_NUMBER}\s*(?:栋|幢|号楼|座|#楼?)"
_ROOMS = re.compile(
    rf"(?P<b1>{_BUILDING})\s*(?:{BUILDING_NUMBER}\s*单元)?\s*\d{{3,4}}\s*(?:室|房|号)?(?!\d)"   # 3栋501, 五栋三单元602
    r"|(?<![\d\-.:/])(?P<b2>\d{1,3})-(?:\d{1,2}-)?\d{3,4}(?![\d\-.:/])"                   # 3-2-501, 5-1202
    r"|(?<!\d)\d{1,2}\s*单元\s*\d{3,4}\s*(?:室|房|号)?(?!\d)"                              # 2单元501
    r"|(?<![\d.])\d{3,4}\s*(?:室|房|号房)")                                                   # 501室
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
             "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_TITLED = re.compile(rf"[{_SURNAMES}](?:先生|女士|小姐|阿姨|大爷|大妈|大姐|奶奶|爷爷|老师)")
# a name after a title word, before a colon or what the person did: 业主李国强:…, 住户王芳反映…, 租户 张伟说…
# (业主大会, 住户反映, 居民楼 stay: no surname follows the title, or no name ends before the colon or verb)
_SAYS = r"反映|投诉|来电|表示|认为|提出|要求|希望|称|说|讲|报修|打电话|致电"
_NOT_IN_NAME = "是兴地的了也都还就又很在等们家面些个样么和与及对把被给从向到物业管区楼门"
_NAME_AFTER_TITLE = re.compile(
    rf"(?P<title>(?:业主|住户|租户|居民|户主|房东|租客|客户|投诉人|来电人)\s*[::]?\s*)"
    rf"(?P<name>(?![向于万])[{_SURNAMES}](?:(?!{_SAYS}|[{_NOT_IN_NAME}])[\u4e00-\u9fff]){{1,2}})"
    rf"(?=\s*(?:[::,,、;;。!!]|{_SAYS}|家的|的))")   # … or whose it is: 住户赵志强家的空调


# a staff member named after the role (保安队长刘建军, 管家小李, 门卫老王): a full name of three characters, or
# 小/老 + surname; a two-character run after a role is too often a word (保安周末, 保安高度) to be taken as one
_ROLES = r"保安队长|保安|队长|管家|保洁员|保洁|维修工|维修员|师傅|电工|水电工|客服|前台|门卫|门岗|经理|主管|主任"
_NOT_IN_STAFF_NAME = _NOT_IN_NAME + "不没太总常经每都很天度时期"
_NAME_AFTER_ROLE = re.compile(
    rf"(?P<title>(?:{_ROLES})\s*)(?P<name>[小老][{_SURNAMES}]"
    rf"|[{_SURNAMES}](?:(?!{_SAYS})[^{_NOT_IN_STAFF_NAME}\W\d_A-Za-z]){{2}}"
    rf"|[{_SURNAMES}][^{_NOT_IN_STAFF_NAME}\W\d_A-Za-z](?=[很的,,。!!、;;::]|{_SAYS}|态度|说话|服务|工作))")
# a WeChat / QQ id written out for the office to get in touch: 加我微信 zhangwei_1988, vx: abc123, QQ 12345678
_CONTACT_ID = re.compile(r"(?P<title>(?:微信号?|vx|VX|wx|WX|QQ|qq)\s*(?:号)?\s*[::]?\s*)(?P<id>[A-Za-z0-9][-_A-Za-z0-9]{4,19})")


def _room(m: re.Match) -> str:
    building = m.group("b1") or (f"{m.group('b2')}-" if m.group("b2") else "")
    return f"{building}****"


def mask_text(text: str, names=()) -> str:
    """Free text with names (the given ones, 王先生/李阿姨, and a name after 业主/住户/租户/居民 …), phone numbers and room numbers masked:
    王** / 138****5678 / 3栋**** / 3-**** / ****; 9栋电梯故障频繁 stays intact."""
    if not text:
        return text or ""
    out = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    out = _LANDLINE.sub(lambda m: mask_phone(m.group(0)), out)
    out = _ROOMS.sub(_room, out)
    out = _TITLED.sub(lambda m: "*" + m.group(0)[1:], out)
    out = _NAME_AFTER_TITLE.sub(lambda m: m.group("title") + mask_name(m.group("name")), out)
    out = _NAME_AFTER_ROLE.sub(lambda m: m.group("title") + mask_name(m.group("name")), out)
    out = _CONTACT_ID.sub(lambda m: m.group("title") + "****", out)
    return NameSet.of(names).mask(out)
