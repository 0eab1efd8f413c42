"""Benchmark: the complaint analysis (compile_summary) on a 100k-row register vs bare calamine's read.

    python bench/bench_summary.py [--rows 100000] [--period 2026] [--repeat 1]

Both are timed in the same run, each in a fresh subprocess (imports included), and the ratio
summary / calamine is printed. Goal: <= 3x. The register is generated with xlsxwriter (constant_memory)
into bench/data/ (git-ignored) when missing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"

HEADERS = ["序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉方式", "原件编号", "投诉内容摘要", "类别",
           "责任部门", "通知单编号", "是否重大", "核实日期", "答复日期", "补救措施", "纠正措施", "预定完成日期",
           "完成日期", "处理结果", "回访日期", "回访人", "回访结果", "是否满意", "预约答复日期", "状态", "备注"]
TOPICS = [
    ("维修", "工程部", ["{room}{top}{leak}", "{room}{leak}", "楼上{room}{leak}到我家", "{pipe}{leak}", "电梯{broken}",
                      "楼道灯{dark}", "下水道堵塞", "门窗关不严"]),
    ("卫生", "保洁部", ["垃圾清运不及时", "楼道有异味", "地下车库卫生差", "垃圾桶满了没人倒"]),
    ("安全", "保安部", ["陌生人进入小区", "门禁{broken}", "夜间巡逻不到位", "电动车楼道充电"]),
    ("服务", "客服中心", ["客服态度差", "电话无人接听", "报修后无人上门"]),
    ("绿化", "绿化组", ["草坪修剪不及时", "树枝挡住窗户", "绿化带有蚊虫"]),
    ("停车", "保安部", ["车位被占", "道闸{broken}", "外来车辆乱停"]),
]
WORDS = {"room": ["卫生间", "厕所", "洗手间", "厨房", "阳台"], "top": ["天花板", "顶上", "吊顶", ""],
         "leak": ["漏水", "渗水", "滴水", "一直漏水", "严重渗水"], "pipe": ["水管", "暖气管", "热水器管道"],
         "broken": ["坏了", "故障", "失灵", "经常坏"], "dark": ["不亮", "坏了", "闪烁"]}
CHANNELS = ["电话", "来访", "微信", "书面", "电话", "来访"]


def make_register(path: Path, rows: int, seed: int = 7) -> Path:
    """A register of ``rows`` complaints received 2025-01-01..2026-12-31 (typed dates, Chinese text)."""
    import xlsxwriter

    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("登记表")
    ws.write_row(0, 0, ["阳光花园管理处 客户投诉登记表"])
    ws.write_row(1, 0, HEADERS)
    start = dt.date(2025, 1, 1)
    seq = {2025: 0, 2026: 0}
    days = sorted(start + dt.timedelta(days=rnd.randrange(730)) for _ in range(rows))
    for i, received in enumerate(days):
        r = i + 2
        seq[received.year] += 1
        number = f"TS-{received.year}-{seq[received.year]:05d}"
        category, department, templates = rnd.choice(TOPICS)
        summary = rnd.choice(templates).format(**{k: rnd.choice(v) for k, v in WORDS.items()})
        unit = f"{rnd.randint(1, 40)}栋{rnd.randint(1, 4)}单元{rnd.randint(1, 32)}{rnd.randint(1, 4):02d}"
        replied = received + dt.timedelta(days=rnd.choice([0, 1, 1, 2, 3, 4, 6]))
        completed = replied + dt.timedelta(days=rnd.choice([0, 1, 3, 7, 15]))
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, number)
        ws.write_datetime(r, 2, dt.datetime.combine(received, dt.time()), date_fmt)
        ws.write_string(r, 3, rnd.choice("王李张刘陈杨赵黄周吴") + rnd.choice(["建国", "芳", "伟", "秀英", "磊"]))
        ws.write_string(r, 4, unit)
        ws.write_string(r, 5, f"13{rnd.randint(100000000, 999999999)}")
        ws.write_string(r, 6, rnd.choice(CHANNELS))
        ws.write_string(r, 7, number)
        ws.write_string(r, 8, summary)
        ws.write_string(r, 9, category)
        ws.write_string(r, 10, department)
        ws.write_string(r, 11, number)
        ws.write_string(r, 12, "是" if rnd.random() < 0.005 else "否")
        ws.write_datetime(r, 13, dt.datetime.combine(received, dt.time()), date_fmt)
        ws.write_datetime(r, 14, dt.datetime.combine(replied, dt.time()), date_fmt)
        ws.write_string(r, 15, "已安排维修")
        if rnd.random() < 0.9:
            ws.write_datetime(r, 18, dt.datetime.combine(completed, dt.time()), date_fmt)
            ws.write_string(r, 19, "已处理完毕")
            if rnd.random() < 0.8:
                ws.write_datetime(r, 20, dt.datetime.combine(completed + dt.timedelta(days=2), dt.time()), date_fmt)
                ws.write_string(r, 21, "小陈")
                ws.write_string(r, 22, rnd.choice(["满意", "满意", "基本满意", "不满意"]))
    wb.close()
    tmp.replace(path)
    return path


CALAMINE = """
import sys, time
t0 = time.perf_counter()
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
n = sum(len(wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names)
print(time.perf_counter() - t0, n)
"""

SUMMARY = """
import sys, time, datetime as dt
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from kefu.settings import load_settings
from kefu.summary import compile_summary
settings = load_settings(sys.argv[2])
run = compile_summary(settings, dt.date(2027, 1, 10), period=sys.argv[3])
print(time.perf_counter() - t0, run.overall.current.total, len(run.overall.recurring))
"""


def _child(code: str, *args) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                         encoding="utf-8", check=True)
    return out.stdout.split()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--period", default="2026")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    register = DATA / f"summary_register_{args.rows}.xlsx"
    if not register.exists():
        t = time.perf_counter()
        make_register(register, args.rows)
        print(f"generated {register.name} in {time.perf_counter() - t:.1f}s")
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as folder:
        config = Path(folder) / "config.ini"
        config.write_text(f"[paths]\nregister = {register}\noutput = {folder}/output\ndata = {folder}/data\n"
                          f"logs = {folder}/logs\ntemplates = {REPO / 'templates'}\n", encoding="utf-8")
        floor, full = [], []
        for _ in range(args.repeat):
            seconds, cells = _child(CALAMINE, register)
            floor.append(float(seconds))
            seconds, total, groups = _child(SUMMARY, REPO / "scripts", config, args.period)
            full.append(float(seconds))
    best_floor, best_full = min(floor), min(full)
    print(json.dumps({"rows": args.rows, "period": args.period, "in_period": int(total),
                      "recurring_groups": int(groups)}, ensure_ascii=False))
    print(f"calamine read (floor): {best_floor:.2f}s   ({cells} rows incl. title/header)")
    print(f"compile_summary:       {best_full:.2f}s")
    print(f"ratio:                 {best_full / best_floor:.2f}x   (goal <= 3x)")


if __name__ == "__main__":
    main()
