"""Bench: the whole daily check on a 100k-row register against bare calamine reading the same file.

    python bench/bench_daily_check.py [--rows 100000] [--repeat 3]

Both are measured in the same run, each in its own fresh process (time = best of --repeat, memory = peak
RSS of the process). Prints the ratios; goal: time <= 2.5x and peak memory <= 1.5x the calamine floor (simple code, one
thread: the layout issue traded the earlier 1.5x for it).

Each daily check is the office's usual morning: yesterday's check has run (its ledger is restored before
every timed run), and today's finds the same register a day later.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

HEADERS = ["序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉方式", "原件编号", "投诉内容摘要", "类别",
           "责任部门", "通知单编号", "是否重大", "核实日期", "答复日期", "补救措施", "纠正措施", "预定完成日期",
           "完成日期", "处理结果", "回访日期", "回访人", "回访结果", "是否满意", "预约答复日期", "状态", "备注"]


def make_register(path: Path, rows: int, shared_strings: bool = False) -> None:
    """``shared_strings``: text in xl/sharedStrings.xml as Excel saves it (xlsxwriter then holds the sheet in
    memory while writing); else inline in the sheet XML, as xlsxwriter's constant_memory mode writes it."""
    import xlsxwriter

    rnd = random.Random(7)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("登记表")
    ws.write_row(0, 0, ["阳光花园管理处 客户投诉登记表"])
    ws.write_row(1, 0, HEADERS)
    start = dt.date(2016, 1, 1)
    per_year: dict[int, int] = {}
    for i in range(rows):
        received = start + dt.timedelta(days=i * 3650 // rows)
        per_year[received.year] = seq = per_year.get(received.year, 0) + 1
        number = f"TS-{received.year}-{seq:04d}"
        if rnd.random() < 0.01:
            number = number.replace("-", "－")
        if rnd.random() < 0.002:
            continue  # a gap
        replied = received + dt.timedelta(days=rnd.choice((0, 1, 2, 3, 3, 5)))
        values = [i + 1, number, received, f"业主{i % 997}", f"{i % 30 + 1}栋{i % 6 + 1}单元{i % 33 + 101}",
                  f"138{i:08d}", "电话", number, "卫生间天花板漏水,楼上住户装修导致", "维修服务", "工程部",
                  number, "是" if i % 500 == 0 else "否", received, replied if rnd.random() > 0.01 else None,
                  "已派师傅上门", "", None, replied, "已修复", replied + dt.timedelta(days=2), "张三", "满意",
                  "满意", None, "已完成", ""]
        r = i + 2
        for c, v in enumerate(values):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
            elif v is not None and v != "":
                ws.write(r, c, v)
    wb.close()


TODAY = dt.date(2026, 1, 20)


def child(kind: str, register: Path, folder: Path) -> dict:
    """One timed run, in a fresh process. The clock covers what the office's run covers: kefu's imports,
    reading config.ini and the job. The config is written by the parent (with the tests' helper, which
    imports pytest and openpyxl), so nothing the job needs is imported here before the clock starts."""
    config = folder / "config.ini"
    t0 = time.perf_counter()
    if kind == "calamine":
        from python_calamine import CalamineWorkbook
        book = CalamineWorkbook.from_path(str(register))
        n = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    else:   # "daily", or "yesterday" (untimed: the ledger the timed runs start from)
        from kefu.jobs.daily_check import run_daily_check
        from kefu.core.settings import load_settings
        settings = load_settings(config)
        result = run_daily_check(settings, TODAY if kind == "daily" else TODAY - dt.timedelta(days=1))
        n = len(result.findings)
    seconds = time.perf_counter() - t0
    return {"kind": kind, "seconds": seconds, "peak_mb": _peak_mb(), "n": n}


def _peak_mb() -> float:
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows
        import psutil
        return psutil.Process().memory_info().peak_wset / 2**20


def measure(kind: str, register: Path, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(register), str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shared-strings", action="store_true", help="text in a shared-strings table, as Excel saves it")
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        kind, register, folder = args.child
        print(json.dumps(child(kind, Path(register), Path(folder))))
        return
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as tmp:
        folder = Path(tmp)
        register = folder / "register.xlsx"
        make_register(register, args.rows, args.shared_strings)
        from conftest import write_config
        write_config(folder, register=register)
        measure("yesterday", register, folder)
        shutil.copytree(folder / "data", folder / "data-yesterday")
        runs = {"calamine": [], "daily": []}
        for _ in range(args.repeat):
            for kind in runs:
                if kind == "daily":
                    shutil.rmtree(folder / "data")
                    shutil.copytree(folder / "data-yesterday", folder / "data")
                runs[kind].append(measure(kind, register, folder))
        floor, job = (min(runs[k], key=lambda r: r["seconds"]) for k in ("calamine", "daily"))
        # each daily check against the floor run just before it: on a shared machine whose speed drifts
        # during the bench, a pair sees the same machine; the best-of ratio may pair a quiet minute with a busy one
        paired = sorted(d["seconds"] / c["seconds"] for c, d in zip(runs["calamine"], runs["daily"]))
        peak_floor = min(r["peak_mb"] for r in runs["calamine"])
        peak_job = min(r["peak_mb"] for r in runs["daily"])
        print(f"rows={args.rows} file={register.stat().st_size / 2**20:.1f} MB findings={job['n']}")
        print(f"bare calamine read: {floor['seconds']:.2f} s, peak {peak_floor:.0f} MB")
        print(f"daily check:        {job['seconds']:.2f} s, peak {peak_job:.0f} MB")
        print(f"time ratio {job['seconds'] / floor['seconds']:.2f}x (goal <= 2.5x), "
              f"memory ratio {peak_job / peak_floor:.2f}x (goal <= 1.5x)")
        print(f"paired time ratios {' '.join(f'{r:.2f}' for r in paired)}: median {median(paired):.2f}x")


if __name__ == "__main__":
    main()
