"""Write a large synthetic complaint register for benchmarks.

    python bench/make_big_register.py --rows 100000 --out bench/data/register_100k.xlsx

One sheet 投诉登记表: a title row merged across all columns (``--no-title`` to omit it), the 22-column
header the office uses, then one complaint per row. Numbers are TS-{year}-{seq:04d}, restarting each
year over 2024-2026 (at 100k rows a year holds ~33k complaints, so seq runs past 9999 — far more than an
office registers, which is the point of a stress file). Dates are real date cells; recent complaints are
still pending, so their reply/completion/callback cells are blank. Output is deterministic for a given
``--rows`` and ``--seed``. Written with xlsxwriter in constant_memory mode (rows streamed in order).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

import xlsxwriter

HEADERS = (
    "序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉方式", "原件编号", "投诉内容摘要",
    "类别", "责任部门", "通知单编号", "是否重大", "核实日期", "答复日期", "补救措施", "纠正措施",
    "预定完成日期", "完成日期", "处理结果", "回访日期", "回访结果",
)
TITLE = "××花园管理处客户服务中心 客户投诉登记表"
FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅文辉鹏飞海燕宇晨欣怡子涵浩然雨轩俊杰佳琪"
CHANNELS = ("电话", "电话", "电话", "来访", "来访", "书面", "微信", "业主群", "邮件", "网上报修")
CATEGORIES = {
    "维修": ("工程部", ("水管漏水", "电梯故障停运", "楼道灯不亮", "门禁无法刷卡", "天花板渗水", "下水道堵塞",
                       "外墙瓷砖脱落", "消防栓箱门损坏", "单元门闭门器失灵", "卫生间防水层渗漏")),
    "保洁": ("保洁部", ("楼道垃圾未及时清运", "垃圾桶满溢有异味", "电梯轿厢地面脏污", "地下车库积灰严重",
                       "楼梯扶手未擦拭", "小广告清理不及时")),
    "安保": ("保安部", ("外来人员随意进出", "夜间巡逻不到位", "快递员骑车进小区", "监控摄像头损坏",
                       "岗亭无人值守", "电动车楼道充电无人制止")),
    "绿化": ("绿化组", ("草坪枯黄无人养护", "树枝遮挡窗户", "绿化带被占用种菜", "修剪后枝叶未清理",
                       "喷洒农药未提前通知")),
    "停车": ("保安部", ("车位被他人占用", "地下车库照明不足", "道闸识别车牌失败", "消防通道被车辆堵塞",
                       "临时停车收费有异议")),
    "噪音": ("客服中心", ("邻居装修超时施工", "楼上夜间噪音扰民", "广场舞音响声音过大", "空调外机噪音大",
                         "水泵房运行噪音")),
    "收费": ("财务部", ("物业费账单金额有误", "公摊水电费偏高", "收费未开具发票", "滞纳金计算有异议",
                       "车位管理费收费标准不清")),
    "服务态度": ("客服中心", ("前台人员态度冷淡", "维修人员未按约定时间上门", "电话长时间无人接听",
                             "投诉后迟迟无人回复", "保安言语不文明")),
    "供水": ("工程部", ("停水未提前通知", "自来水发黄有杂质", "高层水压不足", "热水器进水阀漏水")),
    "供电": ("工程部", ("单元突然停电", "公共区域插座无电", "电表读数异常", "配电箱有焦糊味")),
}
CATEGORY_NAMES = tuple(CATEGORIES)
CATEGORY_WEIGHTS = (30, 14, 10, 6, 10, 9, 7, 6, 4, 4)
PLACES = ("{b}栋{u}单元", "{b}栋{u}单元{f}楼", "{b}栋电梯厅", "地下车库{z}区", "{b}号楼楼道", "小区东门",
          "小区南门", "中心花园", "{b}栋{u}单元{f}0{r}室", "会所", "{b}栋楼顶", "儿童游乐区")
DETAILS = ("已多次反映仍未解决", "影响老人小孩出行", "持续约一周", "昨晚开始出现", "雨天尤为严重",
           "业主情绪较激动", "涉及多户业主", "周末最为明显", "存在安全隐患", "已拍照留存")
REQUESTS = ("要求尽快处理", "要求给出书面答复", "希望物业加强管理", "要求赔偿损失", "要求上门查看",
            "希望尽快恢复", "要求公开处理结果")
REMEDIES = ("当日派维修人员上门临时处理", "已安排保洁员立即清理", "已联系相关业主协调", "已通知保安加强巡查",
            "已临时调整", "向业主解释说明并致歉", "已先行恢复使用")
CORRECTIVE = ("修订巡查制度,增加巡查频次", "对责任人员进行培训考核", "更换老化设备并建立维护台账",
              "调整作业时间安排", "完善交接班记录", "与供应商签订维保协议")
RESULTS = ("已处理完毕", "已修复", "已清理完成", "已协调解决", "已向业主解释,业主表示理解", "已更换新件",
           "已退还多收费用")
CALLBACKS = ("满意", "满意", "满意", "基本满意", "基本满意", "不满意")
CALLBACK_NOTES = ("", "", ",感谢及时处理", ",希望保持", ",处理速度偏慢", ",问题仍偶有发生")


def _name(rng: random.Random) -> str:
    roll = rng.random()
    surname = rng.choice(SURNAMES)
    if roll < 0.35:
        return surname + rng.choice(("先生", "女士"))
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _unit(rng: random.Random) -> str:
    b, u, f, r = rng.randint(1, 28), rng.randint(1, 4), rng.randint(1, 32), rng.randint(1, 4)
    return rng.choice((f"{b}栋{u}单元{f}0{r}", f"{b}-{u}-{f}0{r}", f"{b}栋{f}0{r}室"))


def _summary(rng: random.Random, issue: str) -> str:
    place = rng.choice(PLACES).format(b=rng.randint(1, 28), u=rng.randint(1, 4), f=rng.randint(1, 32),
                                      z=rng.choice("ABCD"), r=rng.randint(1, 4))
    parts = [place + issue]
    if rng.random() < 0.6:
        parts.append(rng.choice(DETAILS))
    if rng.random() < 0.6:
        parts.append(rng.choice(REQUESTS))
    text = ",".join(parts)
    if len(text) < 10:
        text += "," + rng.choice(REQUESTS)
    return text[:40]


def _number(year: int, seq: int) -> str:
    return f"TS-{year}-{seq:04d}"


def generate(rows: int, out: Path, *, seed: int = 20240101, title: bool = True,
             shared_strings: bool = False) -> Path:
    """Write the register to ``out`` and return it.

    ``shared_strings``: keep texts in xl/sharedStrings.xml as Excel does (xlsxwriter then holds the whole
    sheet in memory while writing), instead of inline in the sheet XML.
    """
    rng = random.Random(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": not shared_strings})
    ws = wb.add_worksheet("投诉登记表")
    title_fmt = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    head_fmt = wb.add_format({"bold": True, "align": "center", "border": 1, "bg_color": "#DDEBF7"})
    cn_date = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    iso_date = wb.add_format({"num_format": "yyyy-mm-dd"})
    widths = (6, 14, 14, 10, 12, 14, 8, 14, 40, 8, 10, 14, 6, 12, 12, 24, 26, 12, 12, 20, 12, 18)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)

    r = 0
    if title:
        ws.merge_range(0, 0, 0, len(HEADERS) - 1, TITLE, title_fmt)
        r = 1
    ws.write_row(r, 0, HEADERS, head_fmt)
    r += 1

    span_days = (LAST_DAY - FIRST_DAY).days + 1
    pending_from = int(rows * 0.97)  # the newest complaints are still open
    seq_by_year: dict[int, int] = {}
    for i in range(rows):
        received = FIRST_DAY + dt.timedelta(days=i * span_days // rows)
        year = received.year
        seq = seq_by_year[year] = seq_by_year.get(year, 0) + 1
        number = _number(year, seq)
        category = rng.choices(CATEGORY_NAMES, CATEGORY_WEIGHTS)[0]
        department, issues = CATEGORIES[category]
        channel = rng.choice(CHANNELS)
        major = rng.random() < 0.02
        pending = i >= pending_from or rng.random() < 0.01

        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, number)
        ws.write_datetime(r, 2, received, cn_date)
        ws.write_string(r, 3, _name(rng))
        ws.write_string(r, 4, _unit(rng))
        ws.write_string(r, 5, f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}")
        ws.write_string(r, 6, channel)
        if channel == "书面" or rng.random() < 0.5:
            ws.write_string(r, 7, number)
        ws.write_string(r, 8, _summary(rng, rng.choice(issues)))
        ws.write_string(r, 9, category)
        ws.write_string(r, 10, department)
        if rng.random() < 0.9:
            ws.write_string(r, 11, number)
        ws.write_string(r, 12, "是" if major else "否")
        ws.write_datetime(r, 13, received + dt.timedelta(days=rng.choice((0, 0, 0, 0, 1, 2))), iso_date)
        if not pending or rng.random() < 0.3:
            replied = received + dt.timedelta(days=rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 6)))
            ws.write_datetime(r, 14, replied, iso_date)
            ws.write_string(r, 15, rng.choice(REMEDIES))
        if major or rng.random() < 0.35:
            ws.write_string(r, 16, rng.choice(CORRECTIVE))
        due = received + dt.timedelta(days=rng.randint(3, 15))
        ws.write_datetime(r, 17, due, iso_date)
        if not pending:
            completed = due + dt.timedelta(days=rng.randint(-3, 4))
            ws.write_datetime(r, 18, completed, iso_date)
            ws.write_string(r, 19, rng.choice(RESULTS))
            if rng.random() < 0.92:
                ws.write_datetime(r, 20, completed + dt.timedelta(days=rng.randint(1, 7)), iso_date)
                ws.write_string(r, 21, rng.choice(CALLBACKS) + rng.choice(CALLBACK_NOTES))
        r += 1
    wb.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic complaint register (benchmark data).")
    ap.add_argument("--rows", type=int, default=100_000, help="complaint rows (default 100000)")
    ap.add_argument("--out", type=Path, help="output .xlsx (default bench/data/register_<rows>.xlsx)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--no-title", action="store_true", help="no merged title row above the header")
    ap.add_argument("--shared-strings", action="store_true",
                    help="texts in a shared-strings table, as Excel saves them (default: inline)")
    args = ap.parse_args(argv)
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    out = args.out or default_path(args.rows)
    t0 = time.perf_counter()
    generate(args.rows, out, seed=args.seed, title=not args.no_title, shared_strings=args.shared_strings)
    print(f"wrote {out} ({args.rows} rows, {out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    return 0


def default_path(rows: int) -> Path:
    name = f"register_{rows // 1000}k.xlsx" if rows % 1000 == 0 else f"register_{rows}.xlsx"
    return Path(__file__).resolve().parent / "data" / name


if __name__ == "__main__":
    sys.exit(main())
