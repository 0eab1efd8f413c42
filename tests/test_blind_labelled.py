"""A blind labelled set for issue 28, written before reading kefu's vocabulary or grouping code.

The complaints and survey comments paraphrase wording found in published owners' complaints (newspaper
help-desk columns, 12345/问政 letters, forum posts: 电梯反复坏/困人, 地下车库一片漆黑, 楼上/管道渗水修了又漏,
外来车辆占车位, 底商烧烤油烟噪音, 高层水压低/二次供水, 停水不通知, 垃圾清运不及时 …), varied as owners
vary them (6栋 / 6号楼 / 6幢 / 6#楼, 地库 / 地下车库 / 负一层停车场). Each complaint carries its true group
(None: one-off or decoy: same building and category, another facility); each comment its true themes.

Measured and printed: precision/recall over pairs of complaints grouped together, every true group found;
owners' themes recovered, duplicate quotes, stop-word themes, praise counted apart; masking: personal items
left (names, phones, rooms) and clean texts damaged.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import openpyxl

from conftest import complaint, run_cli, write_config, write_register
from survey_books import ITEMS, write_survey

D = dt.date

# ---------------------------------------------------------------------------------------------------
# The register: (number, received, customer, room, phone, summary, 类别, 责任部门, true group or None)
# ---------------------------------------------------------------------------------------------------
LIFT6, GARAGE_LIGHT, PIPE8, OUTSIDE_CARS, BBQ_NOISE, PRESSURE15 = "G-lift6", "G-garage-light", \
    "G-pipe8-1", "G-outside-cars", "G-bbq-noise", "G-pressure15"

COMPLAINTS = [
    # G-lift6: building 6's lift failing again and again (6栋 / 6号楼 / 6幢 / 6#楼 / only the room says 6栋)
    ("TS-2026-0003", D(2026, 1, 6), "郑美玲", "6栋2单元1101", "13956781201",
     "6栋2单元电梯又停运了,家里老人上不了楼", "电梯", "工程部", LIFT6),
    ("TS-2026-0011", D(2026, 1, 29), "孙国强", "6栋1单元802", "13956781202",
     "6号楼电梯这个月第三次坏了,维保的人来了半天也没修好", "电梯", "工程部", LIFT6),
    ("TS-2026-0019", D(2026, 2, 24), "钱晓燕", "6栋2单元1503", "13956781203",
     "6幢电梯困人,我被关在里面二十多分钟才放出来", "电梯", "工程部", LIFT6),
    ("TS-2026-0027", D(2026, 3, 30), "冯志明", "6栋1单元402", "13956781204",
     "6#楼电梯运行时忽上忽下,门也关不严,坐着心慌", "维修", "工程部", LIFT6),
    ("TS-2026-0036", D(2026, 5, 11), "陈丽君", "6栋2单元902", "13956781205",
     "6栋的电梯按键失灵,经常停在两层中间不动", "电梯", "工程部", LIFT6),
    # G-garage-light: the underground garage's lights
    ("TS-2026-0005", D(2026, 1, 12), "韩立新", "2栋1单元301", "13856782201",
     "地下车库B1区好几盏灯不亮,晚上停车黑漆漆的", "维修", "工程部", GARAGE_LIGHT),
    ("TS-2026-0016", D(2026, 2, 16), "杨春花", "11栋2单元601", "13856782202",
     "地库照明太暗,灯坏了很久没人换,走出去心里发毛", "公共照明", "工程部", GARAGE_LIGHT),
    ("TS-2026-0030", D(2026, 4, 8), "朱建华", "7栋1单元1001", "13856782203",
     "负一层停车场灯管坏了一排,一片漆黑只能打手电", "维修", "工程部", GARAGE_LIGHT),
    ("TS-2026-0041", D(2026, 6, 2), "秦海波", "9栋2单元203", "13856782204",
     "地下车库的灯又不亮了,上个月刚报过修", "维修", "工程部", GARAGE_LIGHT),
    # G-pipe8-1: the shared drain pipe of building 8, unit 1, leaking again after repairs
    ("TS-2026-0008", D(2026, 1, 20), "许文斌", "8栋1单元101", "13756783301",
     "8栋1单元下水主管漏水,一楼墙面都泡了", "维修", "工程部", PIPE8),
    ("TS-2026-0021", D(2026, 3, 3), "何秀珍", "8栋1单元201", "13756783302",
     "8栋1单元楼道里的排水管又在渗水,地上一滩水", "维修", "工程部", PIPE8),
    ("TS-2026-0032", D(2026, 4, 20), "吕建国", "8栋1单元102", "13756783303",
     "8幢1单元污水管往外冒水,味道很大,修过一次又漏了", "供水供电", "工程部", PIPE8),
    ("TS-2026-0044", D(2026, 6, 15), "施玉兰", "8栋1单元301", "13756783304",
     "8栋1单元管道井里的水管一直滴水,墙皮都发霉了", "维修", "工程部", PIPE8),
    # G-outside-cars: estate-wide, cars of outsiders taking owners' spaces (owners of many buildings)
    ("TS-2026-0006", D(2026, 1, 15), "张德胜", "3栋1单元502", "13656784401",
     "外来车辆随便开进小区,把业主的车位都占了", "停车管理", "保安部", OUTSIDE_CARS),
    ("TS-2026-0014", D(2026, 2, 9), "罗永强", "10栋2单元702", "13656784402",
     "我的固定车位又被陌生车停了,保安说联系不上车主", "停车管理", "保安部", OUTSIDE_CARS),
    ("TS-2026-0024", D(2026, 3, 16), "梁淑芬", "5栋1单元301", "13656784403",
     "门岗对外面的车不登记就放行,晚上回来车位被占没地方停", "治安消防", "保安部", OUTSIDE_CARS),
    ("TS-2026-0034", D(2026, 4, 27), "宋卫东", "12栋2单元1502", "13656784404",
     "小区里外面的车越来越多,业主车位经常被占", "停车管理", "保安部", OUTSIDE_CARS),
    ("TS-2026-0046", D(2026, 6, 22), "唐志刚", "1栋1单元201", "13656784405",
     "租的车位被外来车占了一整天,打电话找物业也没人管", "停车管理", "保安部", OUTSIDE_CARS),
    # G-bbq-noise: the barbecue shop under building 2, noise at night
    ("TS-2026-0009", D(2026, 1, 23), "董红梅", "2栋1单元201", "13556785501",
     "2栋楼下烧烤店半夜还在营业,吵得睡不着觉", "噪音扰民", "客服中心", BBQ_NOISE),
    ("TS-2026-0025", D(2026, 3, 20), "蔡文涛", "2栋2单元302", "13556785502",
     "底商烧烤店的客人喝酒划拳到凌晨一两点,噪音扰民", "噪音扰民", "客服中心", BBQ_NOISE),
    ("TS-2026-0035", D(2026, 5, 6), "潘志红", "2栋1单元401", "13556785503",
     "楼下烧烤店的排风机声音太大,晚上关着窗都能听到", "噪音扰民", "客服中心", BBQ_NOISE),
    ("TS-2026-0042", D(2026, 6, 8), "田桂芳", "2栋2单元202", "13556785504",
     "2栋一楼烧烤店夜里喧哗,多次反映还是没人管", "其他", "客服中心", BBQ_NOISE),
    # G-pressure15: high floors of building 15, water pressure too low
    ("TS-2026-0012", D(2026, 2, 3), "贾明辉", "15栋1单元2201", "13456786601",
     "15栋高层水压太低,洗澡水都上不来", "供水供电", "工程部", PRESSURE15),
    ("TS-2026-0029", D(2026, 4, 3), "邱美华", "15栋2单元2502", "13456786602",
     "15号楼二十层以上早晚用水高峰时水龙头几乎没水", "供水供电", "工程部", PRESSURE15),
    ("TS-2026-0040", D(2026, 5, 28), "侯建设", "15栋1单元2003", "13456786603",
     "15栋楼上出水很小,是不是二次供水的水泵坏了", "维修", "工程部", PRESSURE15),
    # decoys: same building (or garage) and same category, another facility
    ("TS-2026-0007", D(2026, 1, 17), "苏振华", "6栋1单元301", "13356787701",
     "6栋单元门禁坏了,刷卡打不开门", "维修", "工程部", None),
    ("TS-2026-0031", D(2026, 4, 14), "卢桂英", "6栋2单元602", "13356787702",
     "6栋楼道墙皮大块脱落,掉在楼梯上", "维修", "工程部", None),
    ("TS-2026-0013", D(2026, 2, 5), "蒋立平", "4栋1单元502", "13356787703",
     "地下车库入口道闸坏了,刷卡抬不起杆", "维修", "工程部", None),
    ("TS-2026-0037", D(2026, 5, 15), "魏春生", "10栋1单元301", "13356787704",
     "下大雨后地下车库积水,车轮都泡在水里", "维修", "工程部", None),
    ("TS-2026-0015", D(2026, 2, 12), "薛丽娟", "8栋1单元402", "13356787705",
     "8栋1单元楼道声控灯不亮,晚上上楼摸黑", "维修", "工程部", None),
    ("TS-2026-0038", D(2026, 5, 19), "叶国华", "8栋2单元501", "13356787706",
     "8栋外墙瓷砖脱落,差点砸到人", "维修", "工程部", None),
    ("TS-2026-0022", D(2026, 3, 9), "阎小军", "9栋1单元101", "13356787707",
     "消防通道被私家车堵住,消防车进不来", "停车管理", "保安部", None),
    ("TS-2026-0017", D(2026, 2, 19), "余凤英", "11栋1单元602", "13356787708",
     "楼上装修电钻声中午也不停,孩子没法午睡", "噪音扰民", "客服中心", None),
    ("TS-2026-0033", D(2026, 4, 23), "杜长江", "4栋2单元202", "13356787709",
     "中心广场跳广场舞音响开得太大,晚上九点多还在跳", "噪音扰民", "客服中心", None),
    ("TS-2026-0018", D(2026, 2, 21), "戴玉梅", "15栋2单元801", "13356787710",
     "15栋2单元楼道电表箱的门坏了,电线露在外面", "供水供电", "工程部", None),
    ("TS-2026-0039", D(2026, 5, 24), "夏永康", "15栋1单元1201", "13356787711",
     "15栋突然停电两个小时,事先也没有通知", "供水供电", "工程部", None),
    # one-offs
    ("TS-2026-0001", D(2026, 1, 3), "周海燕", "3栋2单元501", "13256788801",
     "3栋2单元501卫生间天花板滴水,楼上601不开门配合", "维修", "工程部", None),
    ("TS-2026-0002", D(2026, 1, 4), "姜文华", "5栋2单元1101", "13256788802",
     "物业费为什么又涨了,收费标准没有公示", "收费", "财务部", None),
    ("TS-2026-0004", D(2026, 1, 9), "崔宏伟", "7栋2单元302", "13256788803",
     "门岗保安对业主说话很冲,态度恶劣", "服务态度", "保安部", None),
    ("TS-2026-0010", D(2026, 1, 26), "袁秀兰", "12栋1单元201", "13256788804",
     "12栋旁边垃圾桶满了两天没人清运,味道很大", "保洁卫生", "保洁部", None),
    ("TS-2026-0020", D(2026, 2, 27), "邓建平", "4栋1单元1302", "13256788805",
     "高空抛物砸坏了楼下晾的衣服", "治安消防", "保安部", None),
    ("TS-2026-0023", D(2026, 3, 12), "曾庆华", "13栋1单元401", "13256788806",
     "绿化带的树长太高挡住阳台采光,要求修剪", "绿化", "绿化组", None),
    ("TS-2026-0026", D(2026, 3, 24), "彭丽萍", "14栋2单元702", "13256788807",
     "草坪上狗屎没人清理,养狗的不牵绳", "保洁卫生", "保洁部", None),
    ("TS-2026-0028", D(2026, 4, 1), "吴志远", "3-2-501", "13256788808",
     "业主吴志远反映:3-2-501家门口快递被人拿走了,电话13256788808", "治安消防", "保安部", None),
    ("TS-2026-0043", D(2026, 6, 12), "沈丽华", "10栋2单元1801", "13256788809",
     "客服电话打了好几次都没人接", "服务态度", "客服中心", None),
    ("TS-2026-0045", D(2026, 6, 18), "黄德明", "501室", "13256788810",
     "501室黄先生家门口的楼道灯坏了,请联系13256788810", "维修", "工程部", None),
]

# the summaries carrying personal items on purpose (what must never reach the director's recurring list)
PERSONAL_IN_SUMMARIES = ["3栋2单元501", "3-2-501", "501室", "吴志远", "13256788808", "13256788810", "黄先生"]


def _row(c) -> dict:
    number, received, name, room, phone, summary, category, dept, _group = c
    replied = received + dt.timedelta(days=1)
    done = received + dt.timedelta(days=5)
    return complaint(number, received, 客户名称=name, 房号=room, 联系电话=phone, 投诉内容摘要=summary,
                     类别=category, 责任部门=dept, 投诉方式="电话", 是否重大="否", 核实日期=received,
                     答复日期=replied, 完成日期=done, 处理结果="已处理", 回访日期=done + dt.timedelta(days=2),
                     回访人="张敏", 回访结果="满意", 是否满意="是", 状态="已完成")


# ---------------------------------------------------------------------------------------------------
# The survey: (unit, respondent, phone, comment, true themes, personal items in the comment, clean?)
# An empty theme set: praise only. Items graded 不满意 follow the themes' item.
# ---------------------------------------------------------------------------------------------------
REPAIR, GARBAGE, LIFT, ACCESS, PARKING, WATER_NOTICE, GREEN, FEE = (
    "维修上门慢", "垃圾清运", "电梯故障", "外来人员随意进出", "停车难/乱停车", "停水不提前通知", "绿化修剪", "物业费偏高")
THEME_ITEM = {REPAIR: "维修服务", GARBAGE: "卫生管理", LIFT: "公共设施管理", ACCESS: "消防治安管理",
              PARKING: "公共设施管理", WATER_NOTICE: "供水管理", GREEN: "绿化管理", FEE: None}

COMMENTS = [
    # 维修上门慢
    ("1栋1单元302", "林国栋", "13100001001", "报修了三天才有人来,太慢了", {REPAIR}, []),
    ("2栋2单元601", "高月娥", "13100001002", "维修师傅上门太慢,希望快一点", {REPAIR}, []),
    ("4栋1单元702", "方卫国", "13100001003", "家里水龙头坏了,报修等了一个星期", {REPAIR}, []),
    ("5栋2单元601", "王丽华", "13688889999",
     "我是5栋2单元601的业主王丽华,报修一个星期没人来,电话13688889999", {REPAIR},
     ["5栋2单元601", "王丽华", "13688889999"]),
    ("3栋2单元501", "胡春梅", "13100001005", "3-2-501卫生间漏水,报修三次都没修好", {REPAIR}, ["3-2-501"]),
    # 垃圾清运
    ("7栋1单元201", "石建军", "13100001006", "垃圾桶满了没人清,夏天臭得很", {GARBAGE}, []),
    ("8栋2单元302", "龙小红", "13100001007", "垃圾清运不及时", {GARBAGE}, []),
    ("3栋1单元101", "白文静", "13100001008", "3栋门口垃圾站味道大,希望每天多清运一次", {GARBAGE}, []),
    ("10栋1单元502", "崔玉兰", "13100001009", "垃圾分类点苍蝇多,建议勤冲洗、及时清走", {GARBAGE}, []),
    ("11栋1单元501", "康永福", "13100001010", "501室门口的垃圾两天没人收", {GARBAGE}, ["501室"]),
    # 电梯故障
    ("9栋1单元904", "万红英", "13100001011", "9栋电梯故障频繁", {LIFT}, []),
    ("6栋1单元1202", "谭志勇", "13100001012", "电梯老是坏,建议换新的", {LIFT}, []),
    ("6栋2单元701", "鲁晓梅", "13100001013", "电梯经常停运,维保要加强", {LIFT}, []),
    ("12栋1单元1601", "范德华", "13100001014", "电梯运行有异响,坐着害怕", {LIFT}, []),
    # 外来人员随意进出
    ("10栋1单元1203", "刘建军", "13100001015", "10栋1单元1203刘建军:门口陌生人随便进出,不安全", {ACCESS},
     ["10栋1单元1203", "刘建军"]),
    ("13栋2单元402", "马淑珍", "13100001016", "门禁形同虚设,外卖快递随便进小区", {ACCESS}, []),
    ("14栋1单元301", "邵光明", "13100001017", "门岗对外来人员不登记就放进来", {ACCESS}, []),
    ("1栋2单元802", "汤丽芳", "13100001018", "陌生人进出小区没人管,希望加强门岗管理", {ACCESS}, []),
    # 停车难/乱停车
    ("12栋2单元301", "萧伟", "13100001019", "12号楼附近车位不够,晚上回来没地方停", {PARKING}, []),
    ("5栋1单元602", "常玉珍", "13100001020", "小区乱停车严重,路都堵了", {PARKING}, []),
    ("7栋2单元1101", "傅国平", "13100001021", "希望多划一些停车位", {PARKING}, []),
    ("9栋2单元502", "程丽娟", "13100001022", "停车难,车位太少", {PARKING}, []),
    # 停水不提前通知 (two near-duplicates)
    ("2栋1单元1001", "聂家豪", "13100001023", "停水要提前通知", {WATER_NOTICE}, []),
    ("4栋2单元301", "严素英", "13100001024", "停水要提前通知。", {WATER_NOTICE}, []),
    ("14栋2单元1101", "季长林", "13100001025", "经常突然停水,也不提前贴通知", {WATER_NOTICE}, []),
    # 绿化修剪
    ("7栋1单元102", "詹秀梅", "13100001026", "7栋草坪很久没修剪了,杂草一人高", {GREEN}, []),
    ("13栋1单元202", "关志成", "13100001027", "树木太密挡光,建议修剪一下", {GREEN}, []),
    ("11栋2单元302", "庞美娟", "13100001028", "绿化带杂草没人管,蚊子特别多", {GREEN}, []),
    # 物业费偏高
    ("3栋1单元902", "黎振东", "13100001029", "物业费偏高", {FEE}, []),
    ("8栋1单元1102", "伍丽清", "13100001030", "物业费太贵了,服务跟收费对不上", {FEE}, []),
    ("15栋1单元1802", "柯建明", "13100001031", "收费标准能不能降一点", {FEE}, []),
    # two things in one comment
    ("6栋1单元601", "焦玉华", "13100001032", "垃圾清运不及时,另外报修也太慢", {GARBAGE, REPAIR}, []),
    ("15栋2单元902", "贺立强", "13100001033", "周海燕家楼下车位老被外来车占,门岗也不管外来人员", {PARKING, ACCESS},
     ["周海燕"]),
    # praise (counted apart, never a theme)
    ("1栋1单元601", "毛春兰", "13100001034", "保安师傅很负责,谢谢", set(), []),
    ("2栋2单元202", "尹德福", "13100001035", "总体不错,继续保持", set(), []),
    ("4栋1单元1001", "卓丽萍", "13100001036", "服务挺好的,辛苦了", set(), []),
    ("10栋2单元1502", "甘志强", "13100001037", "客服小姑娘态度很好,点赞", set(), []),
    ("13栋1单元1201", "池秀英", "13100001038", "保洁阿姨辛苦了,楼道很干净", set(), []),
]
NO_COMMENT_FORMS = 6          # forms returned without a comment

STOP_WORDS = {"不错", "继续", "保持", "总体", "地方", "希望", "建议", "物业", "小区", "问题", "工作", "服务",
              "管理", "没有", "一些", "加强", "提高", "及时", "业主", "感谢", "谢谢", "满意", "很好", "其他",
              "意见", "一下", "有点", "比较", "还是", "可以", "要求", "辛苦"}
RECTIFY = [["公共设施管理", "9栋电梯故障频繁", "工程部", dt.datetime(2027, 1, 31), "进行中", None],
           ["卫生管理", "3栋门口垃圾站清运不及时", "保洁部", dt.datetime(2026, 12, 31), "未开始", None]]


def _forms() -> list[list]:
    rows = []
    for i, (unit, name, phone, text, themes, _personal) in enumerate(COMMENTS, start=1):
        bad = {THEME_ITEM[t] for t in themes if THEME_ITEM[t]}
        answers = ["不满意" if item in bad else ("满意" if i % 3 else "基本满意") for item in ITEMS]
        rows.append([f"2026-{i:03d}", unit, name, phone, dt.datetime(2026, 11, 3 + i % 20), *answers, text])
    for j in range(NO_COMMENT_FORMS):
        i = len(COMMENTS) + j + 1
        rows.append([f"2026-{i:03d}", f"{j + 1}栋1单元{j + 1}01", f"住户{j}", None, dt.datetime(2026, 11, 10),
                     *["满意"] * 8, None])
    return rows


# ---------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------
def _pairs(groups) -> set[frozenset]:
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(g), 2)}


def _norm(text: str) -> str:
    return re.sub(r"[\s,,。.!!??、;;::“”\"'()()…—-]", "", text or "")


def _docx_text(path: Path) -> str:
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _themes_from_workbook(path: Path) -> tuple[list[dict], dict | None]:
    wb = openpyxl.load_workbook(path)
    ws = wb["共性意见"]
    themes, praise = [], None
    for row in ws.iter_rows(min_row=2, values_only=True):
        if not row or row[1] is None or not isinstance(row[2], (int, float)):
            continue
        entry = {"item": row[0], "name": str(row[1]), "count": int(row[2]),
                 "examples": [e for e in str(row[3] or "").split("\n") if e.strip()]}
        if row[0] == "(肯定和感谢)":
            praise = entry
        else:
            themes.append(entry)
    return themes, praise


def _source(example: str) -> int | None:
    """The comment an example quotes: the one sharing the most characters in order (masks ignored)."""
    e = _norm(example.replace("*", ""))
    best, best_score = None, 0.0
    for i, c in enumerate(COMMENTS):
        t = _norm(c[3])
        # longest common substring length, relative to the example
        score = _lcs(e, t) / max(len(e), 1)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 0.6 else None


def _lcs(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


PHONE = re.compile(r"1[3-9]\d{9}")
ROOM = re.compile(r"\d+(?:栋|号楼|幢|#楼?)\d+单元\d{3,4}|\d+-\d+-\d{3,4}|\d{3,4}室")


def _personal_left(text: str, names: set[str]) -> list[str]:
    found = PHONE.findall(text) + ROOM.findall(text)
    found += [n for n in names if n and n in text]
    return found


# ---------------------------------------------------------------------------------------------------
def test_blind_labelled(tmp_path):
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [_row(c) for c in COMPLAINTS]})
    survey = write_survey(tmp_path / "调查表.xlsx", {"2026年调查": _forms()},
                          headers=["问卷编号", "楼栋房号", "业主姓名", "联系电话", "调查日期", *ITEMS, "意见建议"],
                          rectify=RECTIFY)
    config = write_config(tmp_path, register=register, survey=survey)

    summary_json, survey_json = tmp_path / "summary.json", tmp_path / "survey.json"
    done = run_cli("compile_summary", "--config", config, "--as-of", "2026-07-06", "--period", "2026H1",
                   "--json", summary_json, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run_cli("survey_report", "--config", config, "--as-of", "2026-12-01", "--year", "2026",
                   "--json", survey_json, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    lines = ["", "=== blind labelled set (issue 28) ==="]
    failures = []

    # (1) recurring problems ------------------------------------------------------------------------
    data = json.loads(summary_json.read_text(encoding="utf-8"))
    reported = [r for r in data.get("recurring", []) if not r.get("carried")]
    predicted = [set(r["numbers"]) for r in reported]
    truth: dict[str, set] = {}
    for c in COMPLAINTS:
        if c[8]:
            truth.setdefault(c[8], set()).add(c[0])
    tp_pairs, true_pairs = _pairs(predicted), _pairs(truth.values())
    hit = tp_pairs & true_pairs
    precision = len(hit) / len(tp_pairs) if tp_pairs else 0.0
    recall = len(hit) / len(true_pairs) if true_pairs else 1.0
    found = {}
    for gid, members in truth.items():
        found[gid] = any(len(g & members) * 2 > len(members) and len(g & members) * 2 > len(g) for g in predicted)
    lines.append(f"recurring: {len(reported)} groups reported; pairs predicted {len(tp_pairs)}, true "
                 f"{len(true_pairs)}, both {len(hit)}; precision {precision:.2f} recall {recall:.2f}")
    for r in reported:
        labels = {next(c[8] for c in COMPLAINTS if c[0] == n) for n in r["numbers"]}
        lines.append(f"  reported {r.get('place')}·{r.get('category')} x{r['count']}: {sorted(r['numbers'])} "
                     f"true={sorted(map(str, labels))}")
    lines.append(f"  true groups found: {sum(found.values())}/{len(found)} "
                 f"missing={[g for g, ok in found.items() if not ok]}")
    if precision < 0.9:
        failures.append(f"recurring precision {precision:.2f} < 0.9")
    if recall < 0.8:
        failures.append(f"recurring recall {recall:.2f} < 0.8")
    if not all(found.values()):
        failures.append(f"true groups not reported: {[g for g, ok in found.items() if not ok]}")
    summaries_left = [(r["summary"], p) for r in reported for p in PERSONAL_IN_SUMMARIES if p in r.get("summary", "")]
    lines.append(f"  personal items in recurring summaries: {len(summaries_left)} {summaries_left}")
    if summaries_left:
        failures.append(f"personal items in the recurring list: {summaries_left}")

    # (2) owners' themes ------------------------------------------------------------------------------
    out = tmp_path / "output" / "满意度调查"
    themes, praise = _themes_from_workbook(out / "2026年度满意度统计.xlsx")
    sizes = {t: sum(1 for c in COMMENTS if t in c[4]) for t in THEME_ITEM}
    recovered = {}
    for t in THEME_ITEM:
        ok = False
        for th in themes:
            sources = [_source(e) for e in th["examples"]]
            pure = sources and all(s is not None and t in COMMENTS[s][4] for s in sources)
            if pure and sizes[t] / 2 < th["count"] <= sizes[t]:
                ok = True
        recovered[t] = ok
    rate = sum(recovered.values()) / len(recovered)
    lines.append(f"themes: {len(themes)} reported; recovered {sum(recovered.values())}/{len(recovered)} = {rate:.0%}")
    for th in themes:
        srcs = [_source(e) for e in th["examples"]]
        lines.append(f"  [{th['item']}] {th['name']} x{th['count']}: "
                     f"{[(e, sorted(COMMENTS[s][4]) if s is not None else '?') for e, s in zip(th['examples'], srcs)]}")
    lines.append(f"  not recovered: {[t for t, ok in recovered.items() if not ok]}")
    n_praise = sum(1 for c in COMMENTS if not c[4])
    lines.append(f"  praise: {praise['count'] if praise else 0} counted apart (true {n_praise})")
    if rate < 0.8:
        failures.append(f"theme recovery {rate:.0%} < 80%")

    # stop-word themes and praise among themes
    stop_themes, other_misused = [], []
    for th in themes:
        core = th["name"]
        for prefix in (str(th["item"] or ""), "其他意见", "其他"):
            core = core.removeprefix(prefix)
        core = _norm(core.replace(":", "").replace("·", ""))
        if core in STOP_WORDS - {"其他", "意见"}:
            stop_themes.append(th["name"])
        elif not core and any((s := _source(e)) is not None and any(THEME_ITEM[x] for x in COMMENTS[s][4])
                              for e in th["examples"]):
            other_misused.append((th["name"], th["examples"]))   # "other" holding what fits an item
    praise_in_themes = [e for th in themes for e in th["examples"]
                        if (s := _source(e)) is not None and not COMMENTS[s][4]]
    lines.append(f"  stop-word themes: {stop_themes}; 'other' holding what fits an item: {other_misused}; "
                 f"praise quoted as a theme: {praise_in_themes}")
    if other_misused:
        failures.append(f"'other' themes holding comments that fit an item: {other_misused}")
    if stop_themes:
        failures.append(f"stop-word themes: {stop_themes}")
    if praise_in_themes:
        failures.append(f"praise quoted under a theme: {praise_in_themes}")

    # duplicate quotes: in the workbook, the director's report and the bulletin
    report_text = _docx_text(out / "2026年度满意度调查报告.docx")
    bulletin_text = _docx_text(out / "2026年度业委会通报.docx")
    all_examples = [e for th in themes for e in th["examples"]]
    dup_quotes = []
    by_source: dict[int, list[str]] = {}
    for e in all_examples:
        s = _source(e)
        if s is not None:
            by_source.setdefault(s, []).append(e)
    normed = [(_norm(e), e) for e in all_examples]
    for (a, ea), (b, eb) in itertools.combinations(normed, 2):
        if a == b or (len(a) >= 4 and len(b) >= 4 and (a in b or b in a)):
            dup_quotes.append((ea, eb))
    for doc_name, text in (("report", report_text), ("bulletin", bulletin_text)):
        # only the owners' words quoted (the method text quotes grade names too)
        quotes = [_norm(q) for q in re.findall(r"“([^”]+)”", text) if _source(q) is not None]
        seen = set()
        for q in quotes:
            if q in seen:
                dup_quotes.append((doc_name, q))
            seen.add(q)
        for a, b in itertools.combinations(set(quotes), 2):
            if {a, b} == {_norm("停水要提前通知"), _norm("停水要提前通知。")}:
                dup_quotes.append((doc_name, a, b))
    lines.append(f"  duplicate quotes: {dup_quotes}")
    if dup_quotes:
        failures.append(f"duplicate quotes: {dup_quotes}")

    # (3) masking ------------------------------------------------------------------------------------
    names = {c[1] for c in COMMENTS} | {c[2] for c in COMPLAINTS}
    texts = {"workbook themes": "\n".join(all_examples + (praise["examples"] if praise else [])),
             "report": report_text, "bulletin": bulletin_text}
    planted = {p for c in COMMENTS for p in c[5]}
    left = {}
    for where, text in texts.items():
        items = sorted(set(_personal_left(text, names)) | {p for p in planted if p in text})
        if items:
            left[where] = items
    damaged = []
    for e in all_examples + (praise["examples"] if praise else []):
        s = _source(e)
        if s is not None and not COMMENTS[s][5] and ("*" in e or _norm(e) not in _norm(COMMENTS[s][3])):
            damaged.append((e, COMMENTS[s][3]))
    for where, text in (("report", report_text), ("bulletin", bulletin_text)):
        if "9栋电梯故障频繁" in text.replace("*", "") and "9栋电梯故障频繁" not in text:
            damaged.append((where, "9栋电梯故障频繁"))
    if "9栋电梯故障频繁" not in report_text:
        damaged.append(("report", "9栋电梯故障频繁 missing from the rectification rows"))
    lines.append(f"masking: personal items left {sum(len(v) for v in left.values())} {left}; "
                 f"clean texts damaged {len(damaged)} {damaged}")
    if left:
        failures.append(f"personal items left: {left}")
    if damaged:
        failures.append(f"clean texts damaged: {damaged}")

    print("\n".join(lines))
    assert not failures, "\n".join(failures)
