"""Where a complaint is about: a household, a building's unit (a shared riser), a building, the garage, a
shop, or the whole estate — read from the summary first, the complainant's 房号 second.

- the garage however owners call it: 地下车库, 地库, 地下停车场, 负一层/负二层, 地下一层, B1/B2 …;
- a shop by number (3号商铺) or by its trade (烧烤店, 饭店, 棋牌室, 超市 …): one trade is one shop of the
  estate, whatever building its neighbours name (2栋楼下烧烤店, 底商烧烤店 are the same source);
- a refuse point (垃圾站, 垃圾房, 垃圾池, 垃圾中转站 …; bins at a gate) by what the summary places it by: a
  gate (北门垃圾站, 北门那个垃圾房) or a building (3栋旁的垃圾房): owners of any building smelling the
  north gate's station complain of one place;
- a building named in the summary (6号楼, 6幢, 6#楼, 六栋, 十二号楼), else a gate of the estate it names (南门,
  东北门), before the complainant's own building (3栋2单元501, 3-2-501, 五栋501);
- a problem of a gate (范围 = 大门: 道闸, 栏杆, 抬杆) at the gate the summary names (西门, 西大门), else the
  estate's.
"""
from __future__ import annotations

import re

from kefu.core.privacy import BUILDING_NUMBER, BUILDING_WORD, arabic, building_of
from kefu.core.vocabulary import Problem, fold

ESTATE = "全小区"
GARAGE = "地下车库"
_NUM = BUILDING_NUMBER
_BUILDING_TEXT = re.compile(rf"(?<![\d-]){_NUM}\s*{BUILDING_WORD}")
_STACK_TEXT = re.compile(rf"(?<![\d-]){_NUM}\s*{BUILDING_WORD}\s*{_NUM}\s*单元")
_STACK_UNIT = re.compile(rf"^\s*{_NUM}\s*(?:{BUILDING_WORD}|-)\s*{_NUM}\s*(?:单元|-)")
_GARAGE = re.compile(r"地下车库|地下停车|地库|车库|地下室|负[一二三123][层楼]|地下[一二三123]层|(?<![A-Z])B[123](?![0-9])",
                     re.IGNORECASE)
# a trade -> the shop's name in the report (one trade is one shop of the estate)
TRADES = {"烧烤": "烧烤店", "烤串": "烧烤店", "撸串": "烧烤店", "大排档": "烧烤店", "夜宵": "烧烤店",
          "火锅": "火锅店", "饭店": "饭店", "饭馆": "饭店", "餐馆": "饭店", "餐厅": "饭店", "酒楼": "饭店",
          "小吃": "小吃店", "面馆": "面馆", "快餐": "快餐店", "早餐": "早餐店", "奶茶": "奶茶店",
          "酒吧": "酒吧", "KTV": "KTV", "歌厅": "KTV", "棋牌": "棋牌室", "麻将": "棋牌室", "茶楼": "茶楼",
          "茶馆": "茶楼", "网吧": "网吧", "超市": "超市", "便利店": "便利店", "水果店": "水果店",
          "理发": "理发店", "美发": "理发店", "洗车": "洗车店", "宠物店": "宠物店", "健身房": "健身房",
          "培训": "培训机构", "药店": "药店", "菜市场": "菜市场"}
_TRADE = re.compile("|".join(sorted(map(re.escape, TRADES), key=len, reverse=True)), re.IGNORECASE)
_SHOP = re.compile(r"(?:(\d{1,3})号)?(?:商铺|底商|门面|店铺|门店|沿街商户|商户)")
# a gate of the estate: 北门, 北大门, 东北门 (not 单元门 or 楼门: a compass word comes first)
_GATE = re.compile(r"([东南西北]{1,2})大?门(?!禁|卡|铃|锁|窗|框|口岗)")
_BIN_STATION = re.compile(r"垃圾(?:中转站|收集站|收集点|转运站|站|房|池|屋|点)|中转站")
_BINS = re.compile(r"垃圾(?:桶|箱)")
_WHOLE = re.compile(r"全小区|整个小区|各栋|好几栋|多栋楼|各楼栋|小区里到处")


number = arabic        # 五 -> 5, 十二 -> 12 (kefu.core.privacy)


def shop_of(text: str) -> str:
    """The shop a summary names: its trade (烧烤店), its number (3号商铺), 商铺; "" when none."""
    trade = _TRADE.search(text)
    if trade:
        return TRADES.get(trade.group(0), TRADES.get(trade.group(0).upper(), trade.group(0)))
    shop = _SHOP.search(text)
    if shop:
        return f"{shop.group(1)}号商铺" if shop.group(1) else "商铺"
    return ""


def stack_of(text: str, unit: str) -> str:
    """The building's unit (8栋1单元) the summary names, else the complainant's; "" when unknown."""
    named = _STACK_TEXT.search(text)
    if named:
        return f"{number(named.group(1))}栋{number(named.group(2))}单元"
    own = _STACK_UNIT.match(unit)
    building = _BUILDING_TEXT.search(text)
    if own and (not building or number(building.group(1)) == number(own.group(1))):
        return f"{number(own.group(1))}栋{number(own.group(2))}单元"
    return ""


def gate_of(text: str) -> str:
    """The gate of the estate a summary names (北门, 东北门; 北大门 -> 北门); "" when none."""
    gate = _GATE.search(text)
    return f"{gate.group(1)}门" if gate else ""


def station_of(text: str) -> str:
    """The refuse point a summary names, by its gate or building: 北门垃圾站, 3栋垃圾站; "" when it names
    none, or names one without saying where (then the place is the complainant's building)."""
    if not _BIN_STATION.search(text) and not (_BINS.search(text) and gate_of(text)):
        return ""
    building = _BUILDING_TEXT.search(text)
    where = gate_of(text) or (f"{number(building.group(1))}栋" if building else "")
    return f"{where}垃圾站" if where else ""


def building_in(text: str, unit: str) -> str:
    """The building the summary names, else the gate it names, else the complainant's; "" when unknown."""
    named = _BUILDING_TEXT.search(text)
    return f"{number(named.group(1))}栋" if named else gate_of(text) or building_of(unit)


def place_of(summary: str, unit: str, problem: Problem | None) -> tuple[str, str] | None:
    """(kind, place key) of a complaint about ``problem`` (None: a problem the vocabulary does not know,
    placed like one of a building); None when its place cannot be told. ``unit``: the comparable 房号."""
    text = fold(summary)
    scope = problem.scope if problem else "building"
    if _WHOLE.search(text):
        return "estate", ESTATE
    shop = shop_of(text)
    if shop:
        return "place", shop
    if scope == "gate":
        where = gate_of(text) or (GARAGE if _GARAGE.search(text) else "")
        return ("place", where) if where else ("estate", ESTATE)
    if scope == "estate":
        return "estate", ESTATE
    if _GARAGE.search(text):
        return "place", GARAGE
    if scope == "unit" and unit:
        return "unit", unit
    station = station_of(text)
    if station:
        return "place", station
    if scope == "stack":
        stack = stack_of(text, unit)
        if stack:
            return "place", stack
    building = building_in(text, unit)
    return ("place", building) if building else None
