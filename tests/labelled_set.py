"""A labelled half-year register and a labelled survey, for measuring recurring groups, themes and masking.

Wording imitates what owners and desk staff write (newspaper complaint columns, survey reports): the same
problem in different words, typos of habit, several problems in one comment. Each complaint carries the
true group it belongs to ("" = a one-off or a decoy: the same building and category as a group, another
facility). Each comment carries the themes it should land in (survey item, problem) and whether it praises.
"""
from __future__ import annotations

import datetime as dt

from kefu.core.records import Complaint, SurveyResponse

D = dt.date
# (true group, received, unit, category, summary, completed)
REGISTER = [
    # 7栋's lift, five times, never the same words; one filed under 维修
    ("lift7", D(2026, 1, 6), "7栋1单元1203", "电梯", "7栋电梯又停了,老人下不了楼", D(2026, 1, 7)),
    ("lift7", D(2026, 2, 11), "7-2-905", "电梯", "电梯门关不严,关了好几次才关上", D(2026, 2, 12)),
    ("lift7", D(2026, 3, 19), "7栋2单元602", "维修", "轿厢里按钮失灵,按了没反应", D(2026, 3, 20)),
    ("lift7", D(2026, 4, 25), "7栋1单元301", "电梯", "电梯隔三差五就不能用,刚修过又坏", None),
    ("lift7", D(2026, 6, 2), "7栋1单元1501", "电梯", "困梯二十分钟,打紧急电话没人接", D(2026, 6, 3)),
    # the roof of 3栋 leaking into top-floor flats after rain
    ("roof3", D(2026, 4, 12), "3栋1单元1801", "维修", "顶楼天花板下雨就漏,墙皮都泡了", D(2026, 4, 20)),
    ("roof3", D(2026, 5, 9), "3-2-1802", "维修", "楼顶漏水,卧室角落一直往下滴", D(2026, 5, 15)),
    ("roof3", D(2026, 6, 16), "3栋2单元1801", "其他", "屋面防水坏了,这次雨后又渗进来", None),
    # outside cars taking owners' spaces, all over the estate
    ("parking", D(2026, 1, 15), "2栋1单元201", "停车", "外来车辆占用我的私家车位", D(2026, 1, 15)),
    ("parking", D(2026, 2, 27), "9-1-702", "车辆", "车位被占,门岗随便放外面的车进来", D(2026, 2, 28)),
    ("parking", D(2026, 4, 3), "5栋3单元402", "停车", "晚上回来车位又被别人占了", D(2026, 4, 3)),
    ("parking", D(2026, 5, 21), "11栋1单元1102", "安全", "陌生车辆长期停在我的车位上", D(2026, 5, 22)),
    # one household's bathroom ceiling, twice
    ("leak1206", D(2026, 2, 3), "6栋1单元1206", "维修", "卫生间吊顶渗水,楼上说不是他家", D(2026, 2, 9)),
    ("leak1206", D(2026, 5, 30), "6栋1单元1206室", "维修", "厕所顶上又开始滴水了", None),
    # the sewer of 10栋 backing up
    ("sewer10", D(2026, 3, 2), "10栋1单元101", "维修", "一楼地漏反水,满屋臭味", D(2026, 3, 3)),
    ("sewer10", D(2026, 3, 28), "10-2-102", "维修", "下水道堵了,污水冒到厨房", D(2026, 3, 29)),
    ("sewer10", D(2026, 6, 8), "10栋1单元201", "维修", "楼里排水管又堵塞", D(2026, 6, 9)),
    # renovation noise in 4栋
    ("reno4", D(2026, 3, 5), "4栋2单元502", "噪音扰民", "楼上装修中午十二点还在电钻", D(2026, 3, 5)),
    ("reno4", D(2026, 3, 9), "4栋2单元602", "噪音扰民", "周末早上七点就开始砸墙", D(2026, 3, 9)),
    ("reno4", D(2026, 3, 17), "4-1-301", "噪音扰民", "隔壁装修敲打声太大,孩子没法午睡", D(2026, 3, 18)),
    # decoys: 7栋 and 维修 again, other facilities
    ("", D(2026, 2, 20), "7栋1单元502", "维修", "暖气片不热,室温只有十五度", D(2026, 2, 22)),
    ("", D(2026, 3, 8), "7栋2单元1101", "维修", "窗户密封条老化漏风", D(2026, 3, 12)),
    ("", D(2026, 5, 11), "7栋1单元801", "维修", "楼道声控灯坏了", D(2026, 5, 12)),
    # decoys: 3栋 维修, not the roof
    ("", D(2026, 4, 30), "3栋1单元301", "维修", "入户门锁坏了打不开", D(2026, 4, 30)),
    ("", D(2026, 6, 1), "3栋2单元502", "维修", "家里水压太小,热水器打不着火", D(2026, 6, 2)),
    # one-offs
    ("", D(2026, 1, 20), "1栋1单元101", "绿化", "楼下的树枝挡住窗户,要修剪", D(2026, 1, 25)),
    ("", D(2026, 2, 14), "8栋2单元1601", "保洁卫生", "楼道里垃圾两天没人清", D(2026, 2, 14)),
    ("", D(2026, 4, 8), "12栋1单元902", "服务态度", "前台接电话态度很差", D(2026, 4, 9)),
    ("", D(2026, 5, 2), "5栋1单元1101", "其他", "小区广场舞音响太吵", D(2026, 5, 3)),
    ("", D(2026, 6, 20), "2栋2单元302", "收费", "物业费发票一直没给", D(2026, 6, 22)),
    ("", D(2026, 6, 25), "6栋2单元702", "噪音扰民", "楼上半夜拖椅子", D(2026, 6, 26)),
]


def register() -> tuple[list[Complaint], dict[str, str]]:
    """The complaints and number -> true group."""
    return _complaints(REGISTER)


def _complaints(register) -> tuple[list[Complaint], dict[str, str]]:
    rows, truth = [], {}
    for i, (group, on, unit, category, summary, done) in enumerate(register, start=1):
        number = f"TS-2026-{i:04d}"
        rows.append(Complaint("2026年", i + 3, number, number, on, unit=unit, category=category, summary=summary,
                              department="工程部", completed_on=done, status="已完成" if done else "处理中"))
        truth[number] = group
    return rows, truth


# (comment, {(item, problem)}, praise); item "" = fits no survey item
SURVEY = [
    ("停水要提前通知", {("供水管理", "停水")}, False),
    ("停水要提前通知。", {("供水管理", "停水")}, False),
    ("上周突然停水一整天,也没贴通知", {("供水管理", "停水")}, False),
    ("高层水压不够,洗澡水忽大忽小", {("供水管理", "水压不足")}, False),
    ("电梯隔三差五坏,希望换新的", {("公共设施管理", "电梯故障")}, False),
    ("9栋电梯故障频繁", {("公共设施管理", "电梯故障")}, False),
    ("我是3栋501的王建国,电话13812345678,电梯老是停", {("公共设施管理", "电梯故障")}, False),
    ("快递柜不够用", {("公共设施管理", "快递柜")}, False),
    ("快递柜太少了,经常放不进去", {("公共设施管理", "快递柜")}, False),
    ("小区路灯好几盏不亮,晚上黑漆漆", {("供电管理", "公共照明")}, False),
    ("地下车库太暗了", {("供电管理", "公共照明")}, False),
    ("外来车辆乱停,占了业主车位", {("公共设施管理", "车位被占")}, False),
    ("晚上回来没地方停车,车位太少", {("公共设施管理", "车位不足")}, False),
    ("垃圾桶清理不及时,夏天有异味", {("卫生管理", "垃圾清运")}, False),
    ("绿化带杂草丛生,没人修剪", {("绿化管理", "绿化")}, False),
    ("夜间巡逻人员太少,外来人员随便进", {("消防治安管理", "治安")}, False),
    ("门禁系统故障频发,刷卡经常没反应", {("消防治安管理", "门禁")}, False),
    ("报修后两三天才有人来,维修质量也不高,存在返修", {("维修服务", "维修响应")}, False),
    ("维修师傅上门太慢", {("维修服务", "维修响应")}, False),
    ("客服态度不耐烦,推来推去", {("服务态度", "服务态度")}, False),
    ("物业费太贵,收支也不公开", {("", "收费"), ("", "收费公开")}, False),
    ("健身器材坏了很久,儿童游乐区也老化了", {("公共设施管理", "健身游乐设施")}, False),
    ("1202室楼上漏水找物业没人管,李阿姨家也一样", {("维修服务", "室内渗漏水")}, False),
    ("蚊子太多,绿化带要消杀", {("卫生管理", "蚊虫老鼠"), ("绿化管理", "绿化")}, False),
    ("服务很好,继续保持", set(), True),
    ("保安很负责,辛苦了", set(), True),
    ("总体还不错", set(), True),
    ("保洁阿姨很辛苦,楼道很干净;但是电梯经常坏", {("公共设施管理", "电梯故障")}, True),
    ("无", set(), False),
    ("希望多组织些社区活动", set(), False),
]

# personal data that must not be left anywhere, and clean text that must stay as written
PERSONAL = ("王建国", "13812345678", "3栋501", "1202室", "李阿姨")
CLEAN = ("9栋电梯故障频繁", "快递柜不够用", "地下车库太暗了", "小区路灯好几盏不亮")


def survey() -> list[SurveyResponse]:
    return [SurveyResponse("2026年调查", i + 3, respondent="王建国" if i == 6 else "", comments=text,
                           surveyed_on=D(2026, 10, 1)) for i, (text, _, _) in enumerate(SURVEY)]


# Set B, written before it was ever run: the vocabulary then missed 滴答/水迹/往下渗 (leaks), 车位占用 and 维修响应
# (recurring pair recall 0.75, 3 of 5 groups; themes 11 of 13). Those words were added to the shipped
# vocabulary after that measurement, so set B now checks they stay, no longer how new wording fares.
REGISTER_B = [("liftW", D(2026, 1, 9), "12栋2单元801", "电梯", "西单元电梯又停摆了, 只能爬楼"),
    ("liftW", D(2026, 2, 2), "12-2-1502", "维修", "12号楼电梯按钮不灵敏, 有时门关不上"),
    ("liftW", D(2026, 3, 30), "12栋1单元1103", "电梯", "电梯困人, 孕妇被关在里面十几分钟"),
    ("liftW", D(2026, 5, 6), "12栋2单元301", "电梯", "电梯隔几天就坏一次, 物业说在等配件"),
    ("garage", D(2026, 2, 18), "8栋1单元201", "维修", "8栋地下车库水管漏水, 车位全湿了"),
    ("garage", D(2026, 4, 1), "6栋2单元502", "维修", "地库顶上的管子一直滴滴答答"),
    ("garage", D(2026, 5, 15), "1栋1单元101", "停车", "地下停车场漏水好几个月没人修"),
    ("dogs", D(2026, 1, 12), "3栋1单元1001", "其他", "楼下有人遛狗不牵绳, 吓到小孩"),
    ("dogs", D(2026, 3, 3), "10栋2单元602", "其他", "草坪上到处是狗粪"),
    ("dogs", D(2026, 6, 11), "5-1-301", "安全", "半夜狗叫个不停"),
    ("press", D(2026, 6, 2), "11栋1单元2601", "供水", "26楼水压太低, 洗澡水很小"),
    ("press", D(2026, 6, 9), "11-2-2402", "供水", "高层用水高峰水流很小"),
    ("press", D(2026, 6, 21), "11栋1单元2302", "供水", "水压不够, 热水器打不着火"),
    ("home", D(2026, 2, 5), "4栋2单元1704", "维修", "客厅天花板角落有水迹, 越来越大"),
    ("home", D(2026, 4, 20), "4栋2单元1704", "维修", "客厅天花板又渗水了, 楼上不配合"),
    ("", D(2026, 1, 20), "12栋1单元502", "维修", "暖气不热"),
    ("", D(2026, 3, 11), "12栋2单元1001", "维修", "厨房下水管堵了"),
    ("", D(2026, 4, 8), "8栋2单元302", "维修", "阳台推拉门轨道坏了"),
    ("", D(2026, 5, 2), "6栋1单元101", "保洁卫生", "楼道里有人堆纸箱"),
    ("", D(2026, 5, 20), "9栋1单元601", "服务态度", "保安说话很冲"),
    ("", D(2026, 6, 1), "2栋1单元202", "绿化", "树长得太高挡光了"),
    ("", D(2026, 6, 28), "7栋1单元701", "噪音扰民", "楼上凌晨还在跳绳"),
]

SURVEY_B = [("水压太小, 高层用水困难", {("供水管理", "水压不足")}), ("楼上的水一直往下渗, 找物业也没用", {("维修服务", "室内渗漏水")}),
    ("电梯老旧, 经常停运", {("公共设施管理", "电梯故障")}), ("电梯三天两头坏", {("公共设施管理", "电梯故障")}),
    ("路灯晚上不亮, 走路不安全", {("供电管理", "公共照明")}), ("楼道的感应灯坏了好久", {("供电管理", "公共照明")}),
    ("垃圾清理不及时, 存在异味", {("卫生管理", "垃圾清运")}), ("垃圾桶周围很脏", {("卫生管理", "垃圾清运")}),
    ("绿化带杂草丛生", {("绿化管理", "绿化")}), ("树木枯萎了没人管", {("绿化管理", "绿化")}),
    ("夜间巡逻密度不足", {("消防治安管理", "治安")}), ("门禁系统故障频发", {("消防治安管理", "门禁")}),
    ("维修响应速度慢", {("维修服务", "维修响应")}), ("报修要等好几天", {("维修服务", "维修响应")}),
    ("停车位占用严重, 外来车太多", {("公共设施管理", "车位被占")}), ("健身器材老化损坏", {("公共设施管理", "健身游乐设施")}),
    ("物业费使用明细不公开", {("", "收费公开")}), ("工作人员态度冷淡", {("服务态度", "服务态度")}),
    ("感谢物业的辛勤付出", set()), ("做得很好", set())]


def register_b() -> tuple[list[Complaint], dict[str, str]]:
    rows = [(g, on, unit, category, text, on + dt.timedelta(days=3)) for g, on, unit, category, text in REGISTER_B]
    return _complaints(rows)


def survey_b() -> tuple[list[SurveyResponse], list]:
    return ([SurveyResponse("2026年调查", i + 3, comments=text, surveyed_on=D(2026, 10, 1))
             for i, (text, _) in enumerate(SURVEY_B)], [(t, k, not k) for t, k in SURVEY_B])
