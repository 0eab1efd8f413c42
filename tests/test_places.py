"""Where a complaint is about (kefu.rules.places): garage words, shops by trade, a building's unit, refuse
points and gates."""
from __future__ import annotations

import pytest

from kefu.core.vocabulary import default_vocabulary
from kefu.rules import places


def where(summary: str, unit: str = "3栋1单元501", category: str = ""):
    return places.place_of(summary, unit, default_vocabulary().problem_of(summary, category))


@pytest.mark.parametrize("summary", ["地下车库的灯不亮", "地库照明太暗", "负一层停车场灯管坏了", "B1区好几盏灯不亮",
                                     "地下一层灯坏了一排"])
def test_garage_words_are_the_garage(summary):
    assert where(summary) == ("place", places.GARAGE)


def test_b_with_digits_is_not_the_garage():
    assert places.place_of("B12号快递柜坏了", "3栋1单元501", None) != ("place", places.GARAGE)


@pytest.mark.parametrize("summary,shop", [("2栋楼下烧烤店半夜还在营业", "烧烤店"), ("底商撸串的吵到凌晨", "烧烤店"),
                                          ("楼下棋牌室麻将声太吵", "棋牌室"), ("3号商铺油烟大", "3号商铺")])
def test_shops_by_trade_or_number(summary, shop):
    assert where(summary) == ("place", shop)


def test_one_trade_is_one_shop_whatever_building_is_named():
    assert where("2栋楼下烧烤店太吵")[1] == where("6栋底商烧烤店太吵", "6栋1单元101")[1] == "烧烤店"


def test_unit_scope_is_the_buildings_unit():
    assert where("8栋1单元排水管又在渗水", "8栋2单元301") == ("place", "8栋1单元")
    assert where("楼道里的水管漏了", "8-1-301") == ("place", "8栋1单元")
    # another building named: the complainant's unit says nothing about it
    assert where("9栋水管漏了", "8-1-301") == ("place", "9栋")


def test_household_problem_stays_at_the_household():
    assert where("卫生间天花板滴水", "8栋1单元1201") == ("unit", "8栋1单元1201")


@pytest.mark.parametrize("summary", ["北门垃圾站臭气熏天", "北门那个垃圾房味道太大", "小区北门垃圾中转站异味严重",
                                     "北大门的垃圾池满溢了", "北门垃圾桶满了没人清运"])
def test_bin_station_at_a_gate_is_one_place_for_every_building(summary):
    assert where(summary, "10栋1单元101") == where(summary, "2栋2单元202") == ("place", "北门垃圾站")


def test_bin_station_by_a_building_and_without_a_place():
    assert where("3栋旁边的垃圾房很臭", "9栋1单元101") == ("place", "3栋垃圾站")
    assert where("垃圾房味道太大", "9栋1单元101") == ("place", "9栋")       # where it is: the owner's building


def test_a_gate_is_a_place_but_a_unit_door_is_not():
    assert where("南门人行道路灯坏了好几盏", "4栋1单元702") == ("place", "南门")
    assert where("单元门口的路灯不亮", "4栋1单元702") == ("place", "4栋")
    assert places.gate_of("东北门进来") == "东北门" and places.gate_of("门禁坏了") == ""


@pytest.mark.parametrize("summary", ["8栋顶楼下雨天屋顶渗水", "8幢顶层每逢下雨楼顶就往下漏", "暴雨过后8号楼天面又渗漏",
                                     "8栋屋面防水老化", "8号楼顶层一下大雨就漏水", "8栋房顶在滴水"])
def test_roof_seepage_is_the_buildings_roof(summary):
    assert default_vocabulary().problem_of(summary, "维修").name == "屋面漏水"
    assert where(summary, "8栋1单元1801") == ("place", "8栋")


def test_wall_and_household_leaks_are_not_the_roof():
    assert default_vocabulary().problem_of("下雨后8栋外墙渗水").name == "外墙渗水"
    assert where("楼上卫生间漏水,8栋1201卫生间天花板滴水", "8栋1单元1201") == ("unit", "8栋1单元1201")
