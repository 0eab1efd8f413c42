"""The masks used in outputs that leave the desk."""
from __future__ import annotations

from kefu.core.privacy import NameSet, building_of, mask_name, mask_phone, mask_unit


def test_names_phones_and_rooms_are_masked_the_way_offices_write_them():
    assert (mask_name("王建国"), mask_name("欧阳娜娜")) == ("王**", "欧***")
    assert (mask_phone("13812345678"), mask_phone("138-1234-5678")) == ("138****5678", "138****5678")
    assert mask_phone("0755-88886666") == "********6666"      # all but the last four digits
    assert (mask_unit("3栋2单元501"), mask_unit("5-1-1202"), mask_unit("物业楼")) == ("3栋****", "5-****", "****")
    assert (building_of("3栋2单元501"), building_of("5-1-1202"), building_of("会所")) == ("3栋", "5栋", "")


def test_a_name_set_masks_every_owner_in_free_text_longest_name_first():
    names = NameSet(["王建国", "王建", "李梅", " ", "张"])   # one-character names are too ambiguous to mask
    assert names.mask("王建国说李梅家漏水,张师傅来修") == "王**说李*家漏水,张师傅来修"
    assert names.mask("王建来过") == "王*来过"
    assert NameSet.of(names) is names and not NameSet([])


def test_words_that_are_part_of_a_name_or_hold_one_are_recognised():
    names = NameSet(["王建国"])
    assert names.overlaps("建国") and names.overlaps("王建国家") and not names.overlaps("漏水")


def test_a_name_set_of_thousands_of_owners_masks_a_text_without_comparing_each_name():
    names = NameSet([f"王{chr(0x4e00 + i)}{chr(0x4e00 + j)}" for i in range(100) for j in range(100)])
    assert len(names.names) == 10000
    assert names.mask("业主王一丁反映" * 3) == "业主王**反映" * 3


def test_free_text_loses_what_is_personal_and_keeps_buildings_and_facilities():
    from kefu.core.privacy import mask_text

    assert mask_text("9栋电梯故障频繁") == "9栋电梯故障频繁"
    assert mask_text("3号楼2单元门禁坏了,12楼水压小") == "3号楼2单元门禁坏了,12楼水压小"
    assert mask_text("地下车库B2照明,11-30 前完成,满意率 92.5%") == "地下车库B2照明,11-30 前完成,满意率 92.5%"
    assert mask_text("我住3栋501") == "我住3栋****"
    assert mask_text("3栋2单元501室漏水") == "3栋****漏水"
    assert mask_text("3-2-501楼上漏水,5-1202也是") == "3-****楼上漏水,5-****也是"
    assert mask_text("501室天花板,2单元1102的狗") == "****天花板,****的狗"
    assert mask_text("王先生电话13812345678", ["王建国"]) == "*先生电话138****5678"
    assert mask_text("王建国反映", ["王建国"]) == "王**反映"


def test_a_name_after_a_title_word_is_masked_and_plain_words_after_it_are_not():
    from kefu.core.privacy import mask_text
    assert mask_text("业主李国强:上次停水一点通知都没有") == "业主李**:上次停水一点通知都没有"
    assert mask_text("住户王芳反映楼道灯坏了") == "住户王*反映楼道灯坏了"
    assert mask_text("租户 张伟说电梯坏了") == "租户 张*说电梯坏了"
    for clean in ("业主大会要开", "住户反映水压低", "居民楼下垃圾多", "业主向物业反映", "客户高兴地说",
                  "业主于是反映", "业主:停水要通知", "业主要求维修"):
        assert mask_text(clean) == clean


def test_a_staff_member_named_after_the_role_is_masked_and_the_role_alone_is_not():
    """Owners name staff in comments (请保安队长刘建军管管…, 管家小李…): the bulletin to the owners' committee names
    no person, staff included; the role and what follows it stay."""
    from kefu.core.privacy import mask_text
    assert mask_text("请保安队长刘建军管管外来车辆乱停") == "请保安队长刘**管管外来车辆乱停"
    assert mask_text("管家小李说话不耐烦") == "管家小*说话不耐烦"
    assert mask_text("门卫老王很负责") == "门卫老*很负责"
    assert mask_text("主任王建国批示") == "主任王**批示"
    for clean in ("保安周末不在", "保安态度很好", "管家服务不错", "客服电话打不通", "保安巡逻不到位", "保洁阿姨很勤快",
                  "门卫室没人", "保安亭", "维修工具", "保安高度重视", "客服中心", "保安小区巡逻", "保洁老是不打扫",
                  "前台小姐姐", "9栋电梯故障频繁"):
        assert mask_text(clean) == clean


def test_what_the_held_out_masking_set_found_is_masked_and_its_look_alikes_are_not():
    """A room with Chinese numerals for building and unit, a name before 家的, a two-character staff name before
    what is said of them, a WeChat id: each masked; a WeChat group, 业主的…, 保安高度重视 stay."""
    from kefu.core.privacy import mask_text
    assert mask_text("五栋三单元602长期在阳台晾晒滴水") == "五栋****长期在阳台晾晒滴水"
    assert mask_text("住户赵志强家的空调外机噪音很大") == "住户赵**家的空调外机噪音很大"
    assert mask_text("物业管家周丽很负责") == "物业管家周*很负责"
    assert mask_text("有事可以加我微信 zhangwei_1988 详细沟通") == "有事可以加我微信 **** 详细沟通"
    for clean in ("微信群里通知停水", "加微信群", "QQ群", "业主的车位被占", "住户的意见", "管家服务很好", "保安高度重视"):
        assert mask_text(clean) == clean
