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


@pytest.mark.parametrize("summary", ["五栋自来水偏黄", "5#楼二次供水水质浑浊", "5幢水箱好久没洗", "5号楼水龙头出黄水"])
def test_a_buildings_water_is_the_building_whatever_its_number_is_written(summary):
    assert where(summary, "8-1-101", "维修") == ("place", "5栋")
    assert default_vocabulary().problem_of(summary, "维修").name == "水质"


@pytest.mark.parametrize("summary", ["三栋二单元楼道声控灯坏了", "3号楼2单元楼梯间的灯又坏了", "3幢2单元走廊灯一直不亮,还没人来修"])
def test_corridor_lights_are_the_buildings_unit(summary):
    assert where(summary, "9-1-101", "维修") == ("place", "3栋2单元")


def test_the_complainants_unit_in_chinese_numerals_or_hash():
    assert places.building_of("五栋2单元501") == "5栋" and places.stack_of("楼道灯坏了", "5#2单元501") == "5栋2单元"
    assert where("十二号楼电梯困人") == ("place", "12栋")


@pytest.mark.parametrize("summary", ["西门道闸又坏了", "小区西大门车牌识别不灵,抬杆要等半天", "西门栏杆抬不起来"])
def test_a_gates_barrier_is_at_the_gate(summary):
    assert where(summary, "10-1-101") == ("place", "西门")
    assert where("道闸坏了,车进不来") == ("estate", places.ESTATE)     # no gate named: the estate's


@pytest.mark.parametrize("summary", ["下大雨地下车库又积水了", "一下雨水就往地库里灌", "地库负一层积水,电瓶车都推不出来"])
def test_garage_flooding_is_its_own_problem_at_the_garage(summary):
    assert default_vocabulary().problem_of(summary, "停车管理").name == "积水"
    assert where(summary) == ("place", places.GARAGE)


def test_charging_piles_and_flying_leads_are_different_problems():
    vocabulary = default_vocabulary()
    assert vocabulary.problem_of("小区充电桩扫码付了钱却充不上电").name == "充电桩"
    assert vocabulary.problem_of("小区里到处飞线充电").name == "电动车充电"
    assert vocabulary.problem_of("电动车推进电梯上楼充电").name == "电动车充电"


def test_an_estate_problem_does_not_take_a_complaint_about_a_place_named_first():
    from kefu.core.vocabulary import parse
    vocabulary = parse("[电动车]\n说法 = 电瓶车\n范围 = 全小区\n\n[积水]\n说法 = 积水\n范围 = 楼栋\n", "test")
    assert vocabulary.problem_of("地库负一层积水好几公分,电瓶车都推不出来").name == "积水"
    assert vocabulary.problem_of("电瓶车停在楼道,下雨天门口积水").name == "电动车"


@pytest.mark.parametrize("summary", ["7栋地下水泵房晚上嗡嗡响", "7号楼楼下加压水泵噪声很大",
                                     "7#楼二次供水泵房运行噪音扰民", "7栋配电房一直有响声"])
def test_a_plant_room_s_noise_is_the_building_s_equipment_noise(summary):
    assert default_vocabulary().problem_of(summary, "其他").name == "设备噪音"
    assert where(summary, "1栋1单元101") == ("place", "7栋")


@pytest.mark.parametrize("summary, place", [("外卖快递员随便进出小区,门岗根本不拦", ("estate", "全小区")),
                                            ("小区门禁形同虚设,外来人员随意进出", ("estate", "全小区")),
                                            ("陌生人跟在业主后面就进了西门", ("place", "西门"))])
def test_outsiders_entering_is_the_gate_s_access_control(summary, place):
    assert default_vocabulary().problem_of(summary, "安全").name == "外来人员进出"
    assert where(summary) == place


def test_a_door_fault_stays_the_door_and_a_loitering_stranger_stays_security():
    vocabulary = default_vocabulary()
    assert vocabulary.problem_of("单元门禁刷卡没反应,陌生人尾随进楼", "安全").name == "门禁"
    assert vocabulary.problem_of("夜里有陌生人在车库转悠").name == "治安"
