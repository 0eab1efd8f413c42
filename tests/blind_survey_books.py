"""A survey year as the office has it in hand, written before reading kefu's survey reader (issue 29, blind).

Three files in one folder, laid out the way the sites write them (headers, date formats and quirks taken
from public samples and the sites' habits, not from kefu):

- 问卷星 "按文本" download (.xlsx): 序号, 提交答卷时间 (`2026/11/3 9:32:09`, text), 所用时间 (`85秒`), 来源,
  来源详情, 来自IP (`117.136.12.45(广东-深圳)`), then `N、题目` columns; a matrix question whose first row is
  headed `5、题目—行` and further rows `5、行`; a multiple choice joined with `┋` and `其他〖…〗`; unanswered `(空)`.
- 腾讯问卷 export (.csv, UTF-8 with BOM, every field quoted, a trailing comma on every line): 编号,
  开始答题时间, 结束答题时间, 答题时长 (plain seconds), 地理位置国家和地区/省/市, 用户类型, 用户标识, 昵称,
  自定义字段, `N.题目` columns (a multiple choice one column per option `N.题目:选项`), IP, UA, Referrer;
  the phone cell carries a leading tab (so Excel keeps the digits).
- The typed paper forms (tests/survey_books.py layout: title row, header row, one form a row).

Every answer is listed here once; the expected figures in tests/test_blind_survey.py are counted by hand
from these lists.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from survey_books import form, write_survey

WJX_NAME = "286412907_按文本_2026年阳光花园业主满意度调查_15_15.xlsx"
TENCENT_NAME = "13579246_202611121830452211.csv"
PAPER_NAME = "业主意见调查表.xlsx"

E = "(空)"

# ---------------------------------------------------------------- 问卷星 (按文本)
WJX_QUESTIONS = [
    "1、您的房号（如：3栋2单元501）",
    "2、您对小区电力供应及停电通知是否满意？",
    "3、您对小区供水水质、水压及停水通知是否满意？",
    "4、您对小区门岗值守、夜间巡逻和消防安全是否满意？",
    # matrix: first row carries the question text, the further rows only their own text
    "5、请您对以下方面作出评价—楼道保洁及垃圾清运",
    "5、绿化养护",
    "5、电梯、道闸等公共设施",
    "6、您对报修后维修人员上门及时性和维修质量是否满意？",
    "7、您对客服中心及管家的服务态度是否满意？",
    "8、您认为物业最需要改进的是哪些方面？",
    "9、您对物业还有哪些意见和建议？",
]
WJX_HEADERS = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", *WJX_QUESTIONS]

# 序号, submitted, seconds, source, source detail, IP, room, 8 item answers, multiple choice, comment
WJX_ROWS = [
    # 1: the desk's own test before posting the QR code (3 seconds) -> set aside as a test
    (1, "2026/11/2 8:15:31", "3秒", "链接", "https://v.wjx.cn/vm/Q8xYzAb.aspx", "113.108.77.10(广东-深圳)",
     "测试", ["非常满意"] * 8, "停车管理", "测试"),
    (2, "2026/11/3 9:32:09", "85秒", "微信", "N/A", "117.136.12.45(广东-深圳)", "10栋1单元201",
     ["非常满意", "满意", "满意", "满意", "非常满意", "满意", "一般", "满意"], "停车管理┋电梯运行", E),
    (3, "2026/11/3 10:05:44", "132秒", "微信", "N/A", "223.104.63.201(广东-深圳)", "10-2-702",
     ["满意", "满意", "一般", "满意", "满意", "不满意", "满意", "非常满意"], "电梯运行", "电梯经常停，希望尽快更换"),
    (4, "2026/11/3 12:47:10", "64秒", "手机提交", "N/A", "120.229.5.88(广东-深圳)", "11栋301",
     ["满意", "非常满意", "满意", "一般", "满意", "满意", "满意", "满意"], "环境卫生", E),
    (5, "2026/11/4 19:20:03", "97秒", "微信", "N/A", "117.136.40.7(广东-东莞)", "12栋2单元1101",
     ["不满意", "满意", "满意", "满意", "满意", "满意", "非常不满意", "不满意"], "维修服务┋其他〖停电不提前通知〗",
     "停电也不提前通知，报修打电话没人接"),
    # 6: 消防治安 answered with the "other" box -> an answer kefu cannot place (a finding, not counted)
    (6, "2026/11/5 20:11:56", "75秒", "微信", "N/A", "183.14.133.2(广东-深圳)", "13栋1单元402",
     ["满意", "满意", "其他〖没注意过〗", "满意", "满意", "满意", "满意", "满意"], "停车管理", E),
    (7, "2026/11/6 8:40:22", "58秒", "手机提交", "N/A", "117.136.12.99(广东-深圳)", "14栋2单元803",
     ["非常满意"] * 8, E, "辛苦了"),
    # 8 and 10: room left blank online; two different households, both counted
    (8, "2026/11/6 13:14:09", "143秒", "微信", "N/A", "14.150.2.36(广东-广州)", E,
     ["满意", "一般", "满意", "满意", "一般", "满意", "满意", "满意"], "绿化┋其他〖快递柜不够用〗", "草坪很久没修剪"),
    (9, "2026/11/7 9:02:48", "88秒", "微信", "N/A", "223.104.1.17(广东-深圳)", "16栋1单元602",
     ["满意", "满意", "不满意", "满意", "满意", "一般", "满意", "满意"], "停车管理", "外卖电动车乱停，陌生人随便进出"),
    (10, "2026/11/7 22:35:51", "71秒", "微信", "N/A", "117.136.8.250(广东-深圳)", E,
     ["满意", "满意", "满意", "满意", "满意", E, "满意", "满意"], E, E),
    (11, "2026/11/8 10:10:10", "92秒", "链接", "https://v.wjx.cn/vm/Q8xYzAb.aspx", "59.40.12.8(广东-深圳)",
     "17栋2单元1204", ["一般", "满意", "满意", "不满意", "满意", "满意", "一般", "满意"], "环境卫生",
     "垃圾桶满了没人清"),
    (12, "2026/11/9 16:22:37", "66秒", "微信", "N/A", "117.136.30.3(广东-深圳)", "18栋1单元301",
     ["满意", "满意", "满意", "满意", "满意", "满意", "满意", "非常满意"], E, E),
    (13, "2026/11/10 11:45:02", "79秒", "微信", "N/A", "223.104.9.9(广东-深圳)", "19栋2单元1002",
     ["非常满意", "满意", "满意", "满意", "满意", "满意", "满意", "一般"], "其他〖客服电话难打通〗", E),
    # 14: opened, nothing answered, submitted (21 seconds) -> set aside as empty
    (14, "2026/11/11 15:30:29", "21秒", "微信", "N/A", "117.136.77.1(广东-深圳)", E, [E] * 8, E, E),
    # 15: 3-2-501 = the paper form 2026-001 (3栋2单元501, 11-05); this later one counts, the paper one not
    (15, "2026/11/12 21:03:17", "110秒", "微信", "N/A", "120.229.88.16(广东-深圳)", "3-2-501",
     ["满意", "满意", "满意", "一般", "满意", "满意", "不满意", "满意"], "维修服务", "报修还是慢"),
]


def write_wjx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(WJX_HEADERS)
    for seq, submitted, used, source, detail, ip, room, answers, multi, comment in WJX_ROWS:
        ws.append([seq, submitted, used, source, detail, ip, room, *answers, multi, comment])
    wb.save(path)
    return path


# ---------------------------------------------------------------- 腾讯问卷
TENCENT_ITEM_QUESTIONS = [
    "2.您对小区供电及停电通知是否满意？",
    "3.您对小区供水情况是否满意？",
    "4.您对小区治安和消防管理是否满意？",
    "5.您对小区环境卫生（保洁、垃圾清运）是否满意？",
    "6.您对小区绿化养护是否满意？",
    "7.您对电梯、道闸等公共设施的管理是否满意？",
    "8.请为物业的维修服务打分（5星为非常满意）",
    "9.您对客服人员的服务态度是否满意？",
]
TENCENT_MULTI = "10.您希望物业重点改进哪些方面？（可多选）"
TENCENT_MULTI_OPTIONS = ["停车管理", "电梯运行", "环境卫生", "其他"]
TENCENT_HEADERS = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省",
                   "地理位置市", "用户类型", "用户标识", "昵称", "自定义字段", "1.您的房号（如3栋2单元501）",
                   *TENCENT_ITEM_QUESTIONS, *[f"{TENCENT_MULTI}:{o}" for o in TENCENT_MULTI_OPTIONS],
                   "11.您对物业还有什么意见或建议？", "12.您的联系电话（选填）", "IP", "UA", "Referrer"]
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.49"

# 编号, start, seconds, province, city, openid, nickname, room, 8 answers (维修服务 in stars), multi, comment,
# phone, IP
TENCENT_ROWS = [
    # 1: test right after publishing (5 seconds) -> set aside as a test
    (1, "2026-11-02 09:00:01", 5, "广东省", "深圳市", "oWx1A0test0000000000000001", "管理处小陈", "test",
     ["满意", "满意", "满意", "满意", "满意", "满意", "5", "满意"], ["停车管理"], "", "", "113.108.77.10"),
    (2, "2026-11-03 20:15:40", 82, "广东省", "深圳市", "oWx1A0aB3dE5fG7hI9kL1mN3", "阳光花园-王姐", "20栋1单元101",
     ["满意", "满意", "较满意", "满意", "满意", "较满意", "4", "满意"], ["停车管理"], "", "13912345678",
     "117.136.50.21"),
    # 3: 8栋1单元1202 answered again on 11-09 (row 7, as 8-1-1202) -> this earlier one set aside
    (3, "2026-11-04 08:30:12", 88, "广东省", "深圳市", "oWx1A0pQ2rS4tU6vW8xY0zA2", "老李", "8栋1单元1202",
     ["满意", "一般", "满意", "满意", "满意", "满意", "2", "一般"], [], "水压不稳，早上用水高峰没水", "13800138000",
     "223.104.66.3"),
    (4, "2026-11-05 12:00:00", 135, "广东省", "深圳市", "oWx1A0cD4eF6gH8iJ0kL2mN4", "Sunny", "21栋2单元502",
     ["较满意", "满意", "满意", "一般", "较满意", "满意", "5", ""], ["环境卫生"], "", "", "120.229.14.77"),
    (5, "2026-11-06 18:45:30", 71, "广东省", "深圳市", "oWx1A0eF5gH7iJ9kL1mN3oP5", "静待花开", "22栋1单元303",
     ["不满意", "满意", "满意", "满意", "满意", "不满意", "3", "较满意"], ["电梯运行"], "电梯经常停", "15012345678",
     "117.136.3.144"),
    (6, "2026-11-09 19:05:05", 105, "广东省", "深圳市", "oWx1A0pQ2rS4tU6vW8xY0zA2", "老李", "8-1-1202",
     ["满意", "较满意", "满意", "满意", "满意", "满意", "3", "满意"], [], "水压还是不稳", "13800138000",
     "223.104.66.3"),
    (7, "2026-11-10 21:10:10", 70, "广东省", "深圳市", "oWx1A0gH6iJ8kL0mN2oP4qR6", "Amy🌸", "23栋1单元801",
     ["满意", "满意", "满意", "满意", "一般", "满意", "4", "满意"], ["其他"], "", "", "183.14.29.60"),
    (8, "2026-11-11 07:55:00", 90, "广东省", "深圳市", "oWx1A0iJ7kL9mN1oP3qR5sT7", "张先生", "24栋2单元1601",
     ["满意", "满意", "不满意", "满意", "满意", "满意", "1", "不满意"], ["停车管理", "电梯运行"], "维修师傅叫了不来",
     "18612345678", "117.136.90.5"),
]


def write_tencent(path: Path) -> Path:
    buf = io.StringIO(newline="")

    def line(values):  # the site ends every line with a comma
        one = io.StringIO(newline="")
        csv.writer(one, quoting=csv.QUOTE_ALL, lineterminator="").writerow(values)
        buf.write(one.getvalue() + ",\r\n")

    line(TENCENT_HEADERS)
    for (number, start, seconds, province, city, openid, nick, room, answers, multi, comment, phone,
         ip) in TENCENT_ROWS:
        begin = dt.datetime.strptime(start, "%Y-%m-%d %H:%M:%S")
        end = begin + dt.timedelta(seconds=seconds)
        line([number, start, end.strftime("%Y-%m-%d %H:%M:%S"), seconds, "中国", province, city, "微信", openid,
              nick, "", room, *answers, *[o if o in multi else "" for o in TENCENT_MULTI_OPTIONS], comment,
              f"\t{phone}" if phone else "", ip, UA, "https://wj.qq.com/s2/13579246/ab12/"])
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return path


# ---------------------------------------------------------------- typed paper forms
PAPER_FORMS = [
    # 2026-001: 3栋2单元501 on 11-05; the same household answered online on 11-12 (问卷星 15) -> set aside
    form("2026-001", "3栋2单元501", dt.datetime(2026, 11, 5),
         ["满意", "满意", "基本满意", "满意", "满意", "满意", "不满意", "满意"], "报修后等了三天才有人来"),
    form("2026-002", "1栋1单元101", dt.datetime(2026, 11, 6), ["满意"] * 8),
    form("2026-003", "2栋1单元302", dt.datetime(2026, 11, 6),
         ["基本满意", "满意", "不满意", "满意", "基本满意", "满意", "基本满意", "满意"], "晚上有陌生人进出"),
    form("2026-004", "4栋2单元601", dt.datetime(2026, 11, 7),
         ["满意", "不满意", "满意", "基本满意", "满意", "不满意", "满意", "满意"], "水压小，电梯老坏"),
    form("2026-005", "5栋1单元1102", dt.datetime(2026, 11, 7),
         ["满意", "满意", "满意", None, "满意", "满意", "满意", "基本满意"]),
    form("2026-006", "6栋2单元202", dt.datetime(2026, 11, 8),
         ["不满意", "满意", "满意", "不满意", "满意", "满意", "不满意", "不满意"], "维修师傅态度差"),
    form("2026-007", "7栋1单元502", dt.datetime(2026, 11, 8),
         ["满意", "基本满意", "满意", "满意", "满意", "基本满意", "满意", "满意"]),
    form("2026-008", "9栋1单元904", dt.datetime(2026, 11, 9),
         ["满意", "满意", "满意", "满意", "不满意", "满意", None, "满意"]),
]


def write_paper(path: Path) -> Path:
    return write_survey(path, {"2026年调查": PAPER_FORMS})


def write_year(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {"wjx": write_wjx(folder / WJX_NAME), "tencent": write_tencent(folder / TENCENT_NAME),
            "paper": write_paper(folder / PAPER_NAME)}


# Everything personal the sites export; none of it may reach a report, the bulletin or the JSON.
IPS = sorted({r[5].split("(")[0] for r in WJX_ROWS} | {r[12] for r in TENCENT_ROWS})
NICKNAMES = sorted({r[6] for r in TENCENT_ROWS})
OPENIDS = sorted({r[5] for r in TENCENT_ROWS})
PHONES = sorted({r[11] for r in TENCENT_ROWS if r[11]})
SOURCE_DETAILS = ["https://v.wjx.cn/vm/Q8xYzAb.aspx"]
ROOMS = sorted({r[6] for r in WJX_ROWS if r[6] not in (E, "测试")} | {r[7] for r in TENCENT_ROWS if r[7] != "test"}
               | {f[1] for f in PAPER_FORMS})
