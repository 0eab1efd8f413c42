"""Regenerate the demo workbooks of 阳光花园管理处 (fictional data, deterministic).

    python workbooks/make_demo.py [--out DIR] [--list-planted]

Writes 客户投诉登记表.xlsx (complaint register, one sheet per year) and 业主意见调查表.xlsx
(2026 owner survey + rectification sheet) into DIR (default: this folder). Only openpyxl and the
standard library; a fixed seed, and fixed zip/document timestamps, so a rerun gives identical files.
"Today" for the demo is 2026-11-26: the register ends on 2026-11-25.

Problems planted on purpose (checks and staff training rely on them). The full list with every row
is in workbooks/README.md; ``--list-planted`` prints it from this code and a test keeps the two equal.
Register sheets: title row 1, note row 2, header row 3, data from row 4.

客户投诉登记表.xlsx, sheet 2025年
  row  52                 a completely blank row inside the data
  row  76  TS-2025-0072   voided (状态 作废): TS-2025-0071 registered twice
  rows 102-103 TS-2025-0098  duplicate number
  row 123  TS-2025-0118   原件编号 TS-2025-0117 differs from the register number
  row  68  TS-2025-0064   leak 1 of 3 at 8栋1单元602, callback 不满意-仍漏水, not reopened
  row 144  TS-2025-0139   leak 2 of 3 at 8栋1单元602 (厕所天花板渗水)
  columns 登记日期 and 回访日期 use the Chinese date format yyyy"年"m"月"d"日"
客户投诉登记表.xlsx, sheet 2026年
  row   4  TS-2025-0155   year mismatch: received 2026-01-03, numbered in the 2025 sequence
  (gap)    TS-2026-0057   never registered and not voided (rows 60/61 hold 0056/0058)
  rows 32-36              readable dates typed as text: 2026-3-2, 2026/03/09, 2026.3.11,
                          2026年3月14日, 20260411 (登记/核实/答复/完成/回访日期)
  row  72  TS-2026-0069   leak 3 of 3 at 8栋1单元602 (洗手间顶上滴水)
  rows 13, 46, 82, 109    building 9: four elevator complaints (TS-2026-0009/0042/0079/0105)
  row  82  TS-2026-0079   callback 不满意-修了又坏, not reopened
  row  90  "TS-2026-0087 " 编号 with a trailing blank (原件/通知单编号 without it)
  row 102                 only 序号 (99) filled
  row 130  TS-2026-0126   通知单编号 TS-2026-0162 differs from the register number
  row 137  TS－2026－0133  full-width dashes (same text in 原件/通知单编号)
  row 139  TS-2026-135    no zero padding (same text in 原件/通知单编号)
  row 154  TS-2026-0150   unreadable date: 预约答复日期 = "下周一"
  row 175  TS-2026-0171   voided (状态 作废): owner withdrew
  row 179  TS-2026-0175   callback 不满意,噪音依旧, not reopened
  as of 2026-11-26: corrective actions overdue rows 183/187/190 (TS-2026-0179/0183/0186);
  handled, callback due rows 194/196/197 (0190/0192/0193); promised reply (预约答复日期) passed
  without reply rows 202/203 (0198/0199); no reply past the 3-day deadline rows 205/207/208
  (0201/0203/0204); reply due today/tomorrow rows 211/212 (0207/0208); no 通知单编号 yet rows
  209-212 (0205-0208).
业主意见调查表.xlsx
  2026年调查 (title row 1, header row 2): unreadable answers row 15 卫生管理 "满", row 80 绿化管理 "?",
  row 144 服务态度 "很好"; row 169 (form 2026-196) has only a comment; scattered blank answers.
  240 forms were distributed (not in the workbook); 203 rows.
  整改跟踪 row 3: 地下车库照明不足, 整改期限 2026-11-15, 状态 进行中 (overdue).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

SEED = 20261126
AS_OF = dt.date(2026, 11, 26)          # the demo's "today"
FIRST_DAY = dt.date(2025, 6, 1)
LAST_DAY = dt.date(2026, 11, 25)       # nothing in the workbooks is later than this
N_RANDOM_COMPLAINTS = 345              # plus the planted recurring ones
FIXED_TIMESTAMP = dt.datetime(2026, 11, 25, 17, 30, 0)

OFFICE = "阳光花园管理处"
REGISTER_FILE = "客户投诉登记表.xlsx"
SURVEY_FILE = "业主意见调查表.xlsx"
ISO = "yyyy-mm-dd"
CN_DATE = 'yyyy"年"m"月"d"日"'

# ------------------------------------------------------------------ register layout
# (header, width, field). Header texts are built-in aliases in scripts/kefu/fields.py.
REGISTER_COLUMNS = [
    ("序号", 6, "row_no"), ("编号", 14, "number"), ("登记日期", 12, "received_on"),
    ("客户名称", 10, "customer"), ("房号", 14, "unit"), ("联系电话", 14, "phone"),
    ("投诉方式", 8, "channel"), ("原件编号", 14, "original_number"),
    ("投诉内容摘要", 34, "summary"), ("类别", 9, "category"), ("责任部门", 9, "department"),
    ("通知单编号", 14, "notice_number"), ("是否重大", 8, "major"), ("核实日期", 12, "verified_on"),
    ("答复日期", 12, "replied_on"), ("补救措施", 26, "remedy"), ("纠正措施", 26, "corrective_action"),
    ("预定完成日期", 12, "action_due"), ("完成日期", 12, "completed_on"), ("处理结果", 24, "result"),
    ("回访日期", 12, "callback_on"), ("回访人", 8, "callback_by"), ("回访结果", 16, "callback_result"),
    ("是否满意", 8, "satisfied"), ("预约答复日期", 12, "appointment_on"), ("状态", 8, "status"),
    ("备注", 24, "remarks"),
]
REGISTER_HEADERS = [h for h, _, _ in REGISTER_COLUMNS]
DATE_FIELDS = ("received_on", "verified_on", "replied_on", "action_due", "completed_on",
               "callback_on", "appointment_on")
WRAP_FIELDS = ("summary", "remedy", "corrective_action", "result", "remarks")
# On the 2025 sheet these columns carry the Chinese built-in date format.
CN_FORMAT_FIELDS = {"2025年": ("received_on", "callback_on")}

INSTRUCTIONS = [
    "填表说明",
    "1. 凡业主、住户的投诉(电话、来访、信函、传真、微信),客服中心当天登记,一事一行。",
    "2. 编号格式 TS-年份-四位流水号,如 TS-2026-0001,每年从0001重新编号;原件编号、通知单编号与登记编号一致。",
    "3. 当天核实;责任部门最迟三天内答复业主;需纠正措施的填写预定完成日期。",
    "4. 处理完毕后三天内由客服中心回访,记录回访人、回访结果及是否满意;不满意的重新派单。",
    "5. 重大投诉在“是否重大”填“是”并报经理。登记错误的行不要删除,在“状态”填“作废”并在备注说明。",
    "6. 每年一个工作表(2025年、2026年……),日期请按 2026-03-05 的格式填写。",
]

# ------------------------------------------------------------------ people and places
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏"
GIVEN_NAMES = [
    "建国", "秀英", "桂兰", "志强", "丽华", "海燕", "伟", "芳", "敏", "静", "磊", "洋", "勇", "军",
    "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "玉兰", "淑珍", "红梅", "晓东",
    "春生", "德明", "文华", "丽娟", "国强", "建华", "志刚", "晓燕", "永红", "雪梅", "少华", "子轩",
    "梓涵", "浩然", "欣怡", "宇航", "思远", "佳琪", "雨萱", "俊杰", "立新", "凤英", "玉梅", "长青",
    "振华", "金凤", "海波", "婷婷", "亚男", "建平", "卫东", "红霞",
]
CALLER_TITLES = ("先生", "女士")       # callers who give only their surname
CHANNELS = [("电话", 52), ("来访", 24), ("微信", 14), ("信函", 6), ("传真", 4)]
CALLBACK_STAFF = ["李娜", "张敏", "王婷"]
# building -> (units per building, floors)
BUILDINGS = {b: (2, 18) if b <= 6 else (3, 11) for b in range(1, 13)}
PHONE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158",
                  "159", "166", "177", "180", "182", "186", "187", "188", "189", "191", "198"]

MONTH_WEIGHT = {1: 0.9, 2: 0.75, 3: 0.9, 4: 0.9, 5: 1.0, 6: 1.35, 7: 1.55, 8: 1.55, 9: 1.1,
                10: 0.9, 11: 1.15, 12: 1.0}

# ------------------------------------------------------------------ complaint kinds
# season: A all year, S summer (water, AC, noise, mosquitoes), W winter (heating, leaks, freezing).
# major: may be a 重大 complaint. corrective "" = no corrective action needed.


@dataclass(frozen=True)
class Kind:
    category: str
    department: str
    season: str
    weight: float
    summary: str
    remedy: str
    corrective: str
    result: str
    major: bool = False


K = Kind
KINDS = [
    # 维修
    K("维修", "工程部", "A", 3, "卫生间天花板漏水,楼上装修后出现", "当天上门查看,请楼上业主暂停使用卫生间",
      "楼上卫生间重做防水,做闭水试验", "楼上防水层已重做,闭水试验合格,天花板已修补"),
    K("维修", "工程部", "A", 2, "厨房下水道堵塞,污水返到地面", "派维修工疏通下水管", "",
      "已疏通,排水正常"),
    K("维修", "工程部", "A", 1, "入户门锁坏了,钥匙拧不动", "维修工上门检查锁芯", "", "已更换锁芯"),
    K("维修", "工程部", "W", 2, "外墙渗水,卧室墙面发霉起皮", "上门查看渗水点,拍照记录",
      "联系施工单位对外墙做防水修补", "外墙渗水点已修补,室内墙面已重新刷漆", True),
    K("维修", "工程部", "A", 3, "楼道声控灯不亮,晚上看不见路", "更换声控灯", "",
      "已更换{floor}楼声控灯"),
    K("维修", "工程部", "A", 2, "地下车库B2照明灯坏了三盏", "当天更换灯管", "车库照明纳入每周巡检",
      "已更换灯管,照明恢复"),
    K("维修", "工程部", "S", 3, "楼上空调外机冷凝水滴到我家阳台", "通知楼上业主加装冷凝水管", "",
      "楼上已加装排水管,不再滴水"),
    K("维修", "工程部", "W", 4, "暖气片不热,室温只有十几度", "维修工上门排气",
      "检查本楼供暖管道平衡阀", "已排气并调整平衡阀,室温恢复正常"),
    K("维修", "工程部", "W", 2, "暖气管接口漏水,木地板泡了", "关闭分户阀门,更换接口垫片",
      "对同批次管件进行排查", "已更换接口,地板损失已与业主协商"),
    K("维修", "工程部", "A", 2, "单元门闭门器坏了,门关不上", "更换闭门器", "", "已更换闭门器"),
    K("维修", "工程部", "S", 2, "下大雨后地下室进水,储藏室东西被泡", "组织人员抽水清理",
      "疏通地下室排水沟,加装挡水板", "已抽水清理,排水沟已疏通", True),
    K("维修", "工程部", "A", 1, "报修三天了维修工还没上门", "向业主道歉,当天安排上门维修",
      "报修单执行24小时内上门", "已上门修好,业主接受道歉"),
    K("维修", "工程部", "A", 1, "阳台窗户密封条老化,下雨往里渗水", "上门查看,临时做防水处理", "",
      "已更换密封条"),
    # 保洁卫生
    K("保洁卫生", "保洁部", "S", 3, "垃圾桶满了没人清,味道很大", "当天清运",
      "夏季垃圾每天清运两次", "已清运并增加清运频次"),
    K("保洁卫生", "保洁部", "A", 2, "楼道有人堆放杂物,保洁不清理", "通知业主清理,保洁配合", "",
      "杂物已清理"),
    K("保洁卫生", "保洁部", "A", 1, "电梯里有宠物粪便没人打扫", "立即清洁消毒", "", "已清洁消毒"),
    K("保洁卫生", "保洁部", "S", 2, "小区水景池有臭味,蚊子特别多", "清理水池并消杀", "每周消杀一次",
      "水池已清理,已消杀"),
    K("保洁卫生", "保洁部", "A", 1, "楼梯扶手很久没擦,全是灰", "安排保洁擦拭", "", "已清洁"),
    K("保洁卫生", "保洁部", "W", 1, "下雪后路面没及时清扫,老人差点滑倒", "组织人员除雪撒盐",
      "制定雪天清扫预案", "已清扫,业主表示理解"),
    # 治安消防
    K("治安消防", "保安部", "A", 2, "单元门禁坏了,外来人员随便进出", "通知厂家维修门禁",
      "门岗加强来访登记", "门禁已修复"),
    K("治安消防", "保安部", "A", 1, "夜里有陌生人在车库转悠", "增加夜间巡逻", "", "已加强巡逻,未再发现"),
    K("治安消防", "保安部", "A", 2, "消防通道被私家车堵住", "联系车主挪车", "消防通道划线并设警示牌",
      "已挪车,通道畅通"),
    K("治安消防", "保安部", "A", 2, "有人在楼道里给电动车充电,担心着火", "劝离电动车,张贴告示",
      "增设集中充电桩", "楼道电动车已清理", True),
    K("治安消防", "保安部", "A", 1, "放在门口的快递被人拿走了", "调取监控", "", "已调取监控并协助报警"),
    K("治安消防", "保安部", "A", 1, "楼道灭火器过期了", "更换灭火器", "全面检查消防器材", "已更换"),
    # 绿化
    K("绿化", "绿化组", "S", 2, "楼下草坪打药味道很冲,也没提前通知", "暂停打药,补发通知",
      "打药前一天张贴通知", "已补发通知,改在上午打药"),
    K("绿化", "绿化组", "S", 2, "树枝太密挡住窗户,屋里采光差", "安排修剪", "", "已修剪"),
    K("绿化", "绿化组", "S", 2, "绿化带杂草长得很高,蚊虫多", "安排除草", "夏季每两周除草一次", "已除草"),
    K("绿化", "绿化组", "A", 1, "有业主在绿化带里种菜", "劝导业主恢复绿化", "", "已恢复草坪"),
    K("绿化", "绿化组", "A", 1, "大风刮断树枝砸到车上", "清理断枝,拍照取证", "排查小区高大乔木",
      "已清理断枝,协助业主保险理赔", True),
    # 停车管理
    K("停车管理", "保安部", "A", 3, "车位被别人占了,打电话也找不到车主", "联系占位车主挪车", "",
      "已挪车"),
    K("停车管理", "保安部", "A", 2, "道闸识别不了车牌,每次都要等人开", "重新录入车牌", "",
      "已重新录入,识别正常"),
    K("停车管理", "保安部", "A", 1, "外来车辆长期停在小区里占位置", "张贴告知单,联系车主", "",
      "车辆已移走"),
    K("停车管理", "保安部", "A", 1, "地面乱停车,早上车开不出去", "安排保安疏导",
      "高峰时段增加保安疏导", "已疏导"),
    # 噪音扰民
    K("噪音扰民", "保安部", "A", 3, "晚上十点后楼上装修噪音", "保安上门劝止", "重申装修作业时间规定",
      "已劝止,楼上承诺按规定时间施工"),
    K("噪音扰民", "客服中心", "S", 2, "广场舞音乐太吵,晚上九点多还没停", "协调音量和时间", "",
      "已协调,九点前结束"),
    K("噪音扰民", "客服中心", "A", 2, "楼上半夜拖椅子、小孩跑跳,声音很大", "上门沟通", "",
      "已沟通,楼上表示注意"),
    K("噪音扰民", "工程部", "S", 1, "水泵房噪音大,晚上睡不着", "检查水泵减震", "更换水泵减震垫",
      "已更换减震垫,噪音明显减小"),
    K("噪音扰民", "保安部", "A", 1, "周末早上八点前就有人装修打电钻", "上门劝止", "", "已劝止"),
    # 收费
    K("收费", "财务部", "A", 2, "物业费账单金额不对,多收了一个月", "核对账单", "", "已核对,多收部分已退还"),
    K("收费", "财务部", "A", 1, "水电公摊费用太高,要求公示明细", "提供公摊明细", "每季度公示公摊费用",
      "已公示明细"),
    K("收费", "财务部", "A", 1, "交了物业费一直没给开发票", "补开发票", "", "发票已开具"),
    K("收费", "财务部", "A", 1, "临时停车被多收了钱", "核对收费记录", "", "已退还多收费用"),
    # 供水供电
    K("供水供电", "工程部", "S", 3, "家里水压太低,洗澡水上不来", "检查二次供水泵", "更换加压泵",
      "已调整水泵压力,水压正常"),
    K("供水供电", "工程部", "S", 2, "突然停水,没有提前通知", "说明原因,张贴通知",
      "计划停水提前24小时通知", "已恢复供水"),
    K("供水供电", "工程部", "S", 2, "自来水发黄有异味", "清洗水箱,送检水样", "二次供水水箱每半年清洗一次",
      "水箱已清洗,水质检测合格", True),
    K("供水供电", "工程部", "S", 2, "用电高峰经常跳闸停电", "检查楼层配电箱", "更换老化空开",
      "已更换空开"),
    K("供水供电", "工程部", "W", 2, "楼道水管冻裂,楼梯上全是水", "关阀抢修", "楼道水管加装保温层",
      "已修复并加装保温层", True),
    K("供水供电", "工程部", "A", 1, "楼道电表箱门坏了,线路露在外面", "临时封闭电表箱", "", "已更换箱门"),
    # 电梯 (random ones never in building 9: that building's four are planted)
    K("电梯", "工程部", "A", 2, "{bld}栋电梯运行时有异响,晃得厉害", "通知维保单位检修",
      "维保单位全面检查曳引系统", "已检修,运行正常"),
    K("电梯", "工程部", "A", 1, "电梯停在两层之间,困了十几分钟", "维保单位到场救援",
      "更换门机控制板", "已放人,电梯已修复", True),
    K("电梯", "工程部", "A", 1, "电梯按钮失灵,按了不亮", "通知维保单位维修", "", "已更换按钮"),
    # 服务态度
    K("服务态度", "客服中心", "A", 2, "打客服电话一直没人接", "向业主致歉", "夜间值班电话转接到手机",
      "已致歉,业主接受"),
    K("服务态度", "保安部", "A", 1, "门岗保安说话态度差", "批评教育当事人", "组织服务礼仪培训",
      "已当面致歉"),
    K("服务态度", "工程部", "A", 1, "维修工上门不穿鞋套,把地板踩脏了", "向业主致歉", "重申上门服务规范",
      "已致歉并清洁"),
    K("服务态度", "客服中心", "A", 1, "前台办事推诿,让我跑了好几趟", "主任向业主致歉", "实行首问负责制",
      "已办结,业主接受"),
    # 其他
    K("其他", "客服中心", "A", 1, "小区公告栏信息很久不更新", "更新公告栏", "", "已更新"),
    K("其他", "客服中心", "A", 1, "快递柜不够用,包裹经常放不下", "联系快递柜运营商", "", "已答复,明年增设"),
    K("其他", "客服中心", "A", 1, "楼下餐馆油烟大,熏得不敢开窗", "联系商户整改", "", "商户已清洗油烟机"),
    K("其他", "客服中心", "A", 1, "流浪猫太多,晚上叫得睡不着", "联系动物救助站", "", "已答复,定期投喂点迁移"),
]

# Planted recurring complaints: (received, unit, kind overrides)
LEAK_UNIT = ("8栋1单元602", "王建国", "13905716602")
LEAKS = [(dt.date(2025, 8, 12), "卫生间漏水"), (dt.date(2025, 12, 3), "厕所天花板渗水"),
         (dt.date(2026, 5, 18), "洗手间顶上滴水")]
ELEVATOR_9 = [  # building 9 elevator
    (dt.date(2026, 1, 20), "9栋2单元501", "9栋电梯经常停运,老人上下楼困难"),
    (dt.date(2026, 3, 26), "9栋3单元1002", "电梯门关不上,来回开关好几次"),
    (dt.date(2026, 5, 29), "9栋2单元801", "电梯又坏了,上周刚修过"),
    (dt.date(2026, 7, 3), "9栋1单元1101", "电梯运行中突然往下一沉,吓坏了"),
]
UNSATISFIED = {"leak": "不满意-仍漏水", "elevator": "不满意-修了又坏", "noise": "不满意,噪音依旧"}
REMARKS = ["业主要求电话回复", "已拍照存档", "楼上业主不配合,多次上门", "业主白天上班,约晚上上门",
           "租户投诉,已告知业主", "同时反映了楼道卫生问题"]
CALLBACK_OK = [("满意", 78), ("基本满意", 22)]


# ------------------------------------------------------------------ small helpers
def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def daterange(a: dt.date, b: dt.date):
    for i in range((b - a).days + 1):
        yield a + dt.timedelta(days=i)


def season_factor(season: str, month: int) -> float:
    if season == "S":
        return {6: 3, 7: 3.5, 8: 3.5, 9: 2}.get(month, 0.3 if month in (5, 10) else 0)
    if season == "W":
        return {11: 2.5, 12: 3.5, 1: 3.5, 2: 3}.get(month, 0.5 if month in (3, 10) else 0)
    return 1.0


# ------------------------------------------------------------------ households
@dataclass
class Household:
    name: str
    unit: str
    phone: str | int
    building: int


def make_households(rng: random.Random, n: int = 700) -> list[Household]:
    seen, out = {LEAK_UNIT[0]}, []
    while len(out) < n:
        bld = rng.randint(1, 12)
        units, floors = BUILDINGS[bld]
        unit, floor, room = rng.randint(1, units), rng.randint(2, floors), rng.randint(1, 4)
        dash = rng.random() < 0.25
        text = f"{bld}-{unit}-{floor}{room:02d}" if dash else f"{bld}栋{unit}单元{floor}{room:02d}"
        if text in seen:
            continue
        seen.add(text)
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.12:
            name = surname + rng.choice(CALLER_TITLES)
        else:
            name = surname + rng.choice(GIVEN_NAMES)
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"
        out.append(Household(name, text, int(phone) if rng.random() < 0.1 else phone, bld))
    return out


# ------------------------------------------------------------------ complaints
def pick_dates(rng: random.Random, n: int) -> list[dt.date]:
    """About n dates: each month gets its share by MONTH_WEIGHT (give or take two), Sundays fewer."""
    days = list(daterange(FIRST_DAY, LAST_DAY))
    months: dict[tuple[int, int], list[dt.date]] = {}
    for d in days:
        months.setdefault((d.year, d.month), []).append(d)
    total = sum(MONTH_WEIGHT[d.month] for d in days)
    out = []
    for (_, month), month_days in months.items():
        k = max(0, round(n * MONTH_WEIGHT[month] * len(month_days) / total) + rng.randint(-2, 2))
        weights = [0.7 if d.weekday() == 6 else 1.0 for d in month_days]
        out += rng.choices(month_days, weights=weights, k=k)
    return sorted(out)


def pick_kind(rng: random.Random, month: int) -> Kind:
    return rng.choices(KINDS, weights=[k.weight * season_factor(k.season, month) for k in KINDS])[0]


def new_complaint(received: dt.date, hh: Household, kind: Kind, channel: str, floor: int) -> dict:
    fill = {"bld": hh.building, "floor": floor}
    return {
        "received_on": received, "customer": hh.name, "unit": hh.unit, "phone": hh.phone,
        "channel": channel, "summary": kind.summary.format(**fill), "category": kind.category,
        "department": kind.department, "major": "否", "remedy": kind.remedy,
        "corrective_action": kind.corrective, "result_text": kind.result.format(**fill),
        "kind": kind, "remarks": None, "plants": [],
    }


def add_timeline(rng: random.Random, c: dict) -> None:
    """Full life of a complaint as if nothing were late; cut at LAST_DAY later."""
    r = c["received_on"]
    day = dt.timedelta
    c["verified_on"] = r + day(days=weighted(rng, [(0, 93), (1, 5), (2, 2)]))
    reply = r + day(days=weighted(rng, [(0, 30), (1, 30), (2, 17), (3, 11), (4, 5), (5, 4), (6, 3)]))
    reply = max(reply, c["verified_on"])
    c["appointment_on"] = None
    if rng.random() < 0.08:
        c["appointment_on"] = max(r + day(days=rng.randint(1, 3)), c["verified_on"])
        reply = min(reply, c["appointment_on"])
    c["replied_on"] = reply
    if c["corrective_action"]:
        c["action_due"] = reply + day(days=rng.randint(7, 30))
        if rng.random() < 0.08:
            c["completed_on"] = c["action_due"] + day(days=rng.randint(1, 10))
        else:
            c["completed_on"] = max(reply, c["action_due"] - day(days=rng.randint(0, 6)))
    else:
        c["action_due"] = None
        c["completed_on"] = reply + day(days=weighted(rng, [(0, 3), (1, 3), (2, 2), (3, 1), (5, 1)]))
    c["callback_on"] = c["completed_on"] + day(days=weighted(
        rng, [(1, 2), (2, 3), (3, 3), (4, 1), (5, 1), (7, 1)]))
    c["callback_by"] = rng.choice(CALLBACK_STAFF)
    c["callback_result"] = weighted(rng, CALLBACK_OK)
    c["satisfied"] = "是"
    if rng.random() < 0.07:
        c["remarks"] = rng.choice(REMARKS)


def kind_named(summary_start: str) -> Kind:
    return next(k for k in KINDS if k.summary.startswith(summary_start))


def generate_complaints(rng: random.Random, households: list[Household]) -> list[dict]:
    out, seen = [], set()
    for received in pick_dates(rng, N_RANDOM_COMPLAINTS):
        kind = pick_kind(rng, received.month)
        hh = rng.choice(households)
        # recurrences are planted, not accidental: no building-9 elevator complaints and no unit
        # complaining twice about the same kind of thing
        while (kind.category == "电梯" and hh.building == 9) or (hh.unit, kind.category) in seen:
            hh = rng.choice(households)
        seen.add((hh.unit, kind.category))
        out.append(new_complaint(received, hh, kind, weighted(rng, CHANNELS), rng.randint(2, 11)))
    leak_kind, elevator_kind = kind_named("卫生间天花板漏水"), kind_named("电梯按钮失灵")
    leak_hh = Household(LEAK_UNIT[1], LEAK_UNIT[0], LEAK_UNIT[2], 8)
    for i, (received, words) in enumerate(LEAKS, 1):
        c = new_complaint(received, leak_hh, leak_kind, "电话", 6)
        c.update(summary=words, corrective_action="" if i == 1 else leak_kind.corrective,
                 remedy="上门查看,检查楼上卫生间地漏" if i == 1 else leak_kind.remedy,
                 result_text="已修补楼上地漏周边" if i == 1 else leak_kind.result)
        c["plants"].append(f"recurring unit {LEAK_UNIT[0]}: leak {i} of 3")
        out.append(c)
    for i, (received, unit, words) in enumerate(ELEVATOR_9, 1):
        hh = Household(rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), unit,
                       rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99999999):08d}", 9)
        c = new_complaint(received, hh, elevator_kind, weighted(rng, CHANNELS), 5)
        c.update(summary=words)
        c["plants"].append(f"building 9 elevator complaint {i} of 4")
        out.append(c)
    out.sort(key=lambda c: c["received_on"])  # stable: same-day order is the generation order
    for c in out:
        add_timeline(rng, c)
    return out


# ------------------------------------------------------------------ numbering
GAP = {2026: 57}           # never registered
REPEAT = {2025: 98}        # staff gave the next complaint this number again


def assign_numbers(complaints: list[dict]) -> None:
    """TS-{year}-{seq:04d} in order of receipt, with the planted numbering slips."""
    counters = {2025: 0, 2026: 0}
    mismatch_done = repeat_done = False
    prev = None
    for c in complaints:
        year = c["received_on"].year
        if year == 2026 and not mismatch_done:     # first complaint of 2026, old habit
            mismatch_done = True
            counters[2025] += 1
            c["number"] = f"TS-2025-{counters[2025]:04d}"
            c["plants"].append("year mismatch: received in 2026, numbered in the 2025 sequence")
            prev = c
            continue
        if not repeat_done and counters[year] == REPEAT.get(year):
            repeat_done = True                     # the previous number given out again
            prev["plants"].append("duplicate number (same as the next row)")
            c["plants"].append("duplicate number (same as the row above)")
        else:
            counters[year] += 1
            if counters[year] == GAP.get(year):    # a number that was never registered
                counters[year] += 1
        c["number"] = f"TS-{year}-{counters[year]:04d}"
        prev = c
    for c in complaints:
        c["original_number"] = c["notice_number"] = c["number"]


def find(complaints: list[dict], number: str) -> dict:
    hits = [c for c in complaints if c["number"] == number]
    assert len(hits) >= 1, number
    return hits[-1]


# ------------------------------------------------------------------ "today" and planted state
def cut_at_last_day(c: dict) -> None:
    """Nothing after LAST_DAY has happened yet."""
    chain = ["verified_on", "replied_on", "completed_on", "callback_on"]
    for i, key in enumerate(chain):
        if c[key] is not None and c[key] > LAST_DAY:
            for later in chain[i:]:
                c[later] = None
            break


def set_status(c: dict) -> None:
    if c.get("status") == "作废":
        return
    c["result"] = c["result_text"] if c["completed_on"] else None
    if not c["replied_on"]:           # measures are decided when the department replies
        c["remedy"] = c["corrective_action"] = c["action_due"] = None
    if not c["callback_on"]:
        c["callback_by"] = c["callback_result"] = c["satisfied"] = None
    c["status"] = "已完成" if c["callback_on"] else "待回访" if c["completed_on"] else "处理中"


def candidates(complaints, lo, hi, used, need=("replied_on",), corrective=None):
    out = []
    for c in complaints:
        if c["plants"] or id(c) in used or not lo <= c["received_on"] <= hi:
            continue
        if any(c[k] is None for k in need):
            continue
        if corrective is not None and bool(c["corrective_action"]) != corrective:
            continue
        out.append(c)
    return out


def plant_late_state(rng: random.Random, complaints: list[dict]) -> None:
    used: set[int] = set()
    day = dt.timedelta

    def take(pool, k):
        chosen = rng.sample(pool, k)
        used.update(id(c) for c in chosen)
        return sorted(chosen, key=lambda c: c["received_on"])

    for c in take(candidates(complaints, dt.date(2026, 11, 5), dt.date(2026, 11, 20), used), 3):
        c["replied_on"] = c["completed_on"] = c["callback_on"] = None
        c["action_due"] = c["appointment_on"] = None
        c["plants"].append("no reply, 3-day reply deadline passed")
    for c in take(candidates(complaints, dt.date(2026, 11, 10), dt.date(2026, 11, 21), used), 2):
        c["appointment_on"] = c["received_on"] + day(days=2)
        c["replied_on"] = c["completed_on"] = c["callback_on"] = None
        c["action_due"] = None
        c["plants"].append("promised reply date (预约答复日期) passed without reply")
    for c in take(candidates(complaints, dt.date(2026, 10, 28), dt.date(2026, 11, 14), used,
                             need=("completed_on",)), 3):
        if c["completed_on"] > dt.date(2026, 11, 18):
            c["completed_on"] = dt.date(2026, 11, 18)
        c["callback_on"] = None
        c["plants"].append("handled, not called back, callback due")
    for c in take(candidates(complaints, dt.date(2026, 9, 15), dt.date(2026, 10, 31), used,
                             corrective=True), 3):
        c["action_due"] = min(c["action_due"], dt.date(2026, 11, 20))
        c["completed_on"] = c["callback_on"] = None
        c["plants"].append("corrective action past 预定完成日期, not completed")
    live = [c for c in complaints if c.get("status") != "作废"]
    for c in live[-4:]:
        c["notice_number"] = None
        c["plants"].append("newest: no notice number assigned yet")
    for c in live[-2:]:
        c["replied_on"] = c["completed_on"] = c["callback_on"] = c["action_due"] = None
        c["appointment_on"] = None
        c["plants"].append("not replied yet, reply deadline today or tomorrow")


def note_open_items(complaints: list[dict]) -> None:
    """List every open item as of AS_OF, also those that simply have not happened yet."""
    for c in complaints:
        if c.get("status") == "作废" or any(w in p for p in c["plants"]
                                              for w in ("reply", "replied", "not called back")):
            continue
        if c["replied_on"] is None:
            c["plants"].append("(as of 2026-11-26) not replied yet")
        elif c["completed_on"] and c["callback_on"] is None:
            c["plants"].append(f"(as of 2026-11-26) handled {c['completed_on']}, not called back yet")


def make_void_duplicate(complaints: list[dict], number: str) -> None:
    """The complaint before `number` was registered a second time and voided."""
    i = complaints.index(find(complaints, number))
    prev, c = complaints[i - 1], complaints[i]
    keep = {k: c[k] for k in ("number", "original_number", "plants")}
    c.clear()
    c.update({k: prev[k] for k in ("received_on", "customer", "unit", "phone", "channel", "summary",
                                   "category", "department")})
    c.update(keep, status="作废", remarks=f"与{prev['number']}重复登记,作废")
    c["plants"].append("voided (状态 作废)")


def make_void_withdrawn(complaints: list[dict], number: str) -> None:
    c = find(complaints, number)
    for key in ("verified_on", "replied_on", "action_due", "completed_on", "callback_on",
                "appointment_on", "remedy", "corrective_action", "callback_by", "callback_result",
                "satisfied", "notice_number"):
        c[key] = None
    c.update(status="作废", result=None, remarks="业主来电撤回投诉,作废")
    c["plants"].append("voided (状态 作废)")


def set_unsatisfied(c: dict, words: str) -> None:
    if c["callback_on"] is None:      # make sure the callback happened
        c["callback_on"] = c["completed_on"] + dt.timedelta(days=2)
        c["callback_by"] = CALLBACK_STAFF[0]
    c.update(callback_result=words, satisfied="否")
    c["plants"].append(f"unsatisfied callback ({words}), not reopened")


def plant_problems(rng: random.Random, complaints: list[dict]) -> None:
    leaks = [c for c in complaints if c["unit"] == LEAK_UNIT[0]]
    elevators = [c for c in complaints if any("building 9" in p for p in c["plants"])]
    set_unsatisfied(leaks[0], UNSATISFIED["leak"])
    set_unsatisfied(elevators[2], UNSATISFIED["elevator"])
    noise = [c for c in complaints if c["category"] == "噪音扰民" and not c["plants"]
             and c["received_on"].year == 2026 and c["received_on"].month in (9, 10)]
    set_unsatisfied(noise[0], UNSATISFIED["noise"])
    elevators[3]["major"] = "是"
    elevators[3]["remarks"] = "已报经理,约维保单位全面检修"

    make_void_duplicate(complaints, "TS-2025-0072")
    make_void_withdrawn(complaints, "TS-2026-0171")

    c = find(complaints, "TS-2025-0118")
    c["original_number"] = "TS-2025-0117"
    c["plants"].append("原件编号 TS-2025-0117 differs")
    c = find(complaints, "TS-2026-0126")
    c["notice_number"] = "TS-2026-0162"
    c["plants"].append("通知单编号 TS-2026-0162 differs")
    for number, typed, what in [("TS-2026-0087", "TS-2026-0087 ", "trailing blank in 编号"),
                                ("TS-2026-0133", "TS－2026－0133", "full-width dashes"),
                                ("TS-2026-0135", "TS-2026-135", "no zero padding")]:
        c = find(complaints, number)
        c["number"] = typed
        if what != "trailing blank in 编号":
            c["original_number"] = c["notice_number"] = typed
        c["plants"].append(what)
    c = find(complaints, "TS-2026-0150")
    c["appointment_on"] = "下周一"
    c["plants"].append('unreadable date: 预约答复日期 "下周一"')

    pool = [c for c in complaints if c["received_on"].year == 2026 and c["received_on"].month == 3
            and not c["plants"] and c["callback_on"]][:5]
    styles = [("received_on", "{y}-{m}-{d}"), ("verified_on", "{y}/{m:02d}/{d:02d}"),
              ("replied_on", "{y}.{m}.{d}"), ("completed_on", "{y}年{m}月{d}日"),
              ("callback_on", "{y}{m:02d}{d:02d}")]
    for c, (key, fmt) in zip(pool, styles):
        d = c[key]
        c[key] = fmt.format(y=d.year, m=d.month, d=d.day)
        c["plants"].append(f"readable date typed as text in {key}: {c[key]}")

    majors = [c for c in complaints if c.get("kind") and c["kind"].major and not c["plants"]]
    for c in rng.sample(majors, min(9, len(majors))):
        c["major"] = "是"
        c["remarks"] = rng.choice(["已报经理", "经理现场协调", "已报经理,由经理决定处理办法"])


def build_register(rng: random.Random) -> list[dict]:
    households = make_households(rng)
    complaints = generate_complaints(rng, households)
    assign_numbers(complaints)
    for c in complaints:
        cut_at_last_day(c)
    plant_problems(rng, complaints)
    plant_late_state(rng, complaints)
    for c in complaints:
        set_status(c)
    note_open_items(complaints)
    return complaints


# ------------------------------------------------------------------ register workbook
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=10)

BLANK_ROW = "blank row"
SEQ_ONLY = "row with only 序号"
BLANK_AFTER = {"2025年": "TS-2025-0048"}     # a blank row follows this number
SEQ_ONLY_AFTER = {"2026年": "TS-2026-0098"}  # a row with only 序号 follows this number


def sheet_rows(complaints: list[dict], sheet: str) -> list:
    year = int(sheet[:4])
    rows: list = []
    for c in complaints:
        received = c["received_on"]
        r_year = received.year if isinstance(received, dt.date) else int(str(received)[:4])
        if r_year != year:
            continue
        rows.append(c)
        if c["number"] == BLANK_AFTER.get(sheet):
            rows.append(BLANK_ROW)
        if c["number"] == SEQ_ONLY_AFTER.get(sheet):
            rows.append(SEQ_ONLY)
    return rows


def write_titles(ws, title: str, subtitle: str, ncols: int) -> None:
    last = get_column_letter(ncols)
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws["A2"] = subtitle
    ws["A2"].font = BODY_FONT
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")


def write_header(ws, row: int, columns) -> None:
    for col, (header, width, _) in enumerate(columns, 1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 30
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def write_cell(ws, row: int, col: int, value, fmt: str | None, wrap: bool) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.border, cell.font = BORDER, BODY_FONT
    cell.alignment = Alignment(vertical="top", wrap_text=wrap)
    if isinstance(value, dt.date):
        cell.number_format = fmt or ISO
    elif isinstance(value, int) and value > 10**9:
        cell.number_format = "0"          # a phone typed as a number


def write_register_sheet(ws, sheet: str, rows: list, planted: list) -> None:
    write_titles(ws, f"{OFFICE} 客户投诉登记表({sheet})", "填表人:客服中心    单位:管理处",
                 len(REGISTER_COLUMNS))
    write_header(ws, 3, REGISTER_COLUMNS)
    cn_fields = CN_FORMAT_FIELDS.get(sheet, ())
    row_no = 0
    for excel_row, item in enumerate(rows, 4):
        if item == BLANK_ROW:
            planted.append((sheet, excel_row, "", "a completely blank row inside the data"))
            continue
        row_no += 1
        if item == SEQ_ONLY:
            write_cell(ws, excel_row, 1, row_no, None, False)
            planted.append((sheet, excel_row, "", f"row with only 序号 = {row_no} filled"))
            continue
        values = dict(item, row_no=row_no)
        for col, (_, _, key) in enumerate(REGISTER_COLUMNS, 1):
            value = values.get(key)
            if value in ("", None):
                value = None
            fmt = CN_DATE if key in cn_fields else None
            write_cell(ws, excel_row, col, value, fmt, key in WRAP_FIELDS)
        for what in item["plants"]:
            planted.append((sheet, excel_row, item["number"], what))


def write_instructions(ws) -> None:
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(INSTRUCTIONS, 1):
        cell = ws.cell(row=i, column=1, value=line)
        cell.font = TITLE_FONT if i == 1 else BODY_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_register(path: Path, complaints: list[dict]) -> list:
    wb = Workbook()
    ws = wb.active
    ws.title = "填表说明"
    write_instructions(ws)
    planted: list = []
    for sheet in ("2025年", "2026年"):
        write_register_sheet(wb.create_sheet(sheet), sheet, sheet_rows(complaints, sheet), planted)
    for year, seq in GAP.items():
        planted.append((f"{year}年", "", f"TS-{year}-{seq:04d}", "gap: never registered, not voided"))
    save(wb, path)
    return planted


# ------------------------------------------------------------------ survey
SURVEY_ITEMS = ["供电管理", "供水管理", "消防治安管理", "卫生管理", "绿化管理", "公共设施管理",
                "维修服务", "服务态度"]
SURVEY_COLUMNS = ([("问卷编号", 11, "form"), ("楼栋房号", 14, "unit"), ("业主姓名", 10, "name"),
                   ("联系电话", 14, "phone"), ("调查日期", 12, "date")]
                  + [(item, 9, item) for item in SURVEY_ITEMS] + [("意见建议", 44, "comments")])
SURVEY_HEADERS = [h for h, _, _ in SURVEY_COLUMNS]
DISTRIBUTED = 240
RETURNED = 203
UNSAT_BASE = {"供电管理": 0.02, "供水管理": 0.04, "消防治安管理": 0.05, "卫生管理": 0.07,
              "绿化管理": 0.06, "公共设施管理": 0.12, "维修服务": 0.14, "服务态度": 0.06}
SURVEY_UNREADABLE = {12: ("卫生管理", "满"), 77: ("绿化管理", "?"), 141: ("服务态度", "很好")}
SURVEY_COMMENT_ONLY = 166          # index of the form with only a comment
COMMENT_THEMES = {
    "公共设施管理": ["电梯经常故障,希望彻底检修", "地下车库太暗,晚上停车不安全", "门禁老是坏,刷卡刷不开",
                 "小区路灯有几盏不亮", "健身器材坏了很久没人修", "9栋电梯三天两头停"],
    "维修服务": ["维修人员上门慢,报修要等好几天", "报修后没人跟进,打了好几次电话",
             "维修质量一般,修完没多久又坏", "希望公布维修收费标准"],
    "卫生管理": ["垃圾清运不及时,夏天味道大", "楼道卫生要加强", "垃圾分类点太脏"],
    "绿化管理": ["绿化修剪不及时,树枝挡窗户", "草坪打药要提前通知", "绿化带蚊虫多"],
    "消防治安管理": ["外来人员进出不登记", "电动车进楼道没人管", "夜间巡逻要加强"],
    "服务态度": ["前台服务态度有待提高", "客服电话经常打不通"],
    "供水管理": ["高峰期水压低", "停水要提前通知"],
}
GENERAL_COMMENTS = ["停车位太少,晚上回来没地方停", "希望增加儿童游乐设施", "建议公示物业费收支情况",
                    "总体还不错,继续保持", "保安很负责,点赞", "快递柜不够用", "希望多组织社区活动",
                    "停车位紧张,外来车辆要管", "物业费偏高", "保洁阿姨很辛苦,干得不错"]


def grade(rng: random.Random, p_unsat: float) -> str:
    if rng.random() < p_unsat:
        return "不满意"
    return "满意" if rng.random() < 0.66 else "基本满意"


def survey_comment(rng: random.Random, answers: dict) -> str | None:
    parts = []
    for item, text in answers.items():
        if text == "不满意" and item in COMMENT_THEMES and rng.random() < 0.6:
            parts.append(rng.choice(COMMENT_THEMES[item]))
    if rng.random() < 0.22:
        parts.append(rng.choice(GENERAL_COMMENTS))
    if not parts:
        return None
    return ";".join(dict.fromkeys(parts)) + rng.choice(["", "。", ""])


def build_survey(rng: random.Random) -> list[dict]:
    forms = sorted(rng.sample(range(1, DISTRIBUTED + 1), RETURNED))
    units = make_households(rng, RETURNED)
    out = []
    for i, (form, hh) in enumerate(zip(forms, units)):
        grumpy = 3.0 if rng.random() < 0.1 else 1.0
        answers = {item: grade(rng, UNSAT_BASE[item] * grumpy) for item in SURVEY_ITEMS}
        for item in SURVEY_ITEMS:
            if rng.random() < 0.02:
                answers[item] = None
        row = {"form": f"2026-{form:03d}", "unit": hh.unit.replace("-", "栋", 1).replace("-", "单元", 1)
               if "-" in hh.unit else hh.unit,
               "name": hh.name if rng.random() < 0.8 else None,
               "phone": str(hh.phone) if rng.random() < 0.65 else None,
               "date": dt.date(2026, 11, 2) + dt.timedelta(days=rng.randint(0, 16)),
               **answers, "comments": survey_comment(rng, answers), "plants": []}
        if i in SURVEY_UNREADABLE:
            item, text = SURVEY_UNREADABLE[i]
            row[item] = text
            row["plants"].append(f'unreadable answer in {item}: "{text}"')
        if i == SURVEY_COMMENT_ONLY:
            row.update({item: None for item in SURVEY_ITEMS})
            row["comments"] = "电梯经常故障,物业不作为,这张表不打分"
            row["plants"].append("form with only a comment (no valid answer)")
        out.append(row)
    return out


RECTIFY_COLUMNS = [("项目", 14, "item"), ("存在问题", 34, "problem"), ("责任部门", 10, "dept"),
                   ("整改期限", 12, "due"), ("状态", 8, "status"), ("完成日期", 12, "done")]
RECTIFY_HEADERS = [h for h, _, _ in RECTIFY_COLUMNS]
D = dt.date
RECTIFY_ROWS = [
    ("维修服务", "维修人员上门慢,报修后等待时间长", "工程部", D(2026, 12, 31), "进行中", None),
    ("公共设施管理", "地下车库照明不足", "工程部", D(2026, 11, 15), "进行中", None),
    ("卫生管理", "垃圾清运不及时", "保洁部", D(2026, 11, 30), "已完成", D(2026, 11, 20)),
    ("公共设施管理", "9栋电梯故障频繁", "工程部", D(2027, 1, 31), "进行中", None),
    ("消防治安管理", "门禁刷卡失灵,外来人员随意进出", "保安部", D(2026, 12, 15), "未开始", None),
    ("绿化管理", "绿化修剪不及时", "绿化组", D(2026, 11, 20), "已完成", D(2026, 11, 18)),
]


def write_survey(path: Path, forms: list[dict]) -> list:
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年调查"
    last = get_column_letter(len(SURVEY_COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = "阳光花园 2026年度业主意见调查统计表"
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    write_header(ws, 2, SURVEY_COLUMNS)
    planted = []
    for excel_row, form in enumerate(forms, 3):
        for col, (_, _, key) in enumerate(SURVEY_COLUMNS, 1):
            write_cell(ws, excel_row, col, form[key], None, key == "comments")
        for what in form["plants"]:
            planted.append(("2026年调查", excel_row, form["form"], what))
    ws2 = wb.create_sheet("整改跟踪")
    write_header(ws2, 1, RECTIFY_COLUMNS)
    for excel_row, values in enumerate(RECTIFY_ROWS, 2):
        for col, value in enumerate(values, 1):
            write_cell(ws2, excel_row, col, value, None, col == 2)
        if values[4] != "已完成" and values[3] < AS_OF:
            planted.append(("整改跟踪", excel_row, "", f"{values[1]}: past 整改期限 {values[3]}, {values[4]}"))
    save(wb, path)
    return planted


# ------------------------------------------------------------------ saving reproducibly
def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document and zip timestamps so reruns give identical bytes."""
    wb.properties.creator = wb.properties.lastModifiedBy = "客服中心"
    wb.properties.created = FIXED_TIMESTAMP
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


# ------------------------------------------------------------------ main
def generate(out_dir: Path) -> list:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    planted = write_register(out_dir / REGISTER_FILE, build_register(rng))
    planted += write_survey(out_dir / SURVEY_FILE, build_survey(random.Random(SEED + 1)))
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成阳光花园管理处的演示工作簿(虚构数据)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="输出文件夹(默认:本脚本所在的 workbooks/)")
    parser.add_argument("--list-planted", action="store_true",
                        help="列出故意设置的问题(工作表、行号、编号)")
    args = parser.parse_args(argv)
    planted = generate(args.out)
    print(f"已生成 {args.out / REGISTER_FILE} 和 {args.out / SURVEY_FILE}")
    if args.list_planted:
        for sheet, row, number, what in planted:
            print(f"{sheet}\t{row}\t{number}\t{what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
