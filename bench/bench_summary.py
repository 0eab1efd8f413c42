"""Benchmark: the complaint analysis (compile_summary) on a 100k-row register vs bare calamine's read.

    python bench/bench_summary.py [--rows 100000] [--period 2026] [--repeat 1]

Both are timed in the same run, each in a fresh subprocess (imports included), and the ratio
summary / calamine is printed. Goal: <= 3x. The register is the one every bench shares
(bench/make_big_register.py: 2024-2026, so a 2026 or 2026H1 period has a year before it for 同比 and
a period before it for 环比), generated into bench/data/ (git-ignored) when missing.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import make_big_register  # noqa: E402

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
from kefu.core.settings import load_settings
from kefu.jobs.compile_summary import compile_summary
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
    register = make_big_register.default_path(args.rows)
    if not register.exists():
        t = time.perf_counter()
        make_big_register.generate(args.rows, register)
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
