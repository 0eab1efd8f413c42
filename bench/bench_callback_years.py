"""Years of callback lists: make_callback_list's time on 1 and 5 years of 回访记录.xlsx rows.

    python bench/bench_callback_years.py                  # 1 and 5 years, ~2,340 listed rows a year
    python bench/bench_callback_years.py --years 1 3 5 --repeats 5

An office folder per size: a register of every complaint of those years (9 a working day; each completed
10 days after it came in, called back 14 days after, answered 满意) and the callback-records workbook the
daily lists would have left: one row per complaint, listed the day after completion; three in four settled
in the register (kefu's 登记表回访 note, greyed), one in four called back in the workbook itself (回访日期,
是否满意 typed, the register's callback cells empty). The day measured is a morning of the last year:
yesterday's completions are added, the callbacks the register recorded yesterday are marked, the rows
listed but not yet called back stay owed. The workbook is put back before each timed run.

floor : bare python-calamine reading the register and the callback workbook (what any job must read).
job   : make_callback_list for that morning (register, workbook, Word list, ledger).
Goal: the job's time grows with what is owed, not with the rows ever listed: the 5-year ratio stays close
to the 1-year one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
import xlsxwriter  # noqa: E402

HEADERS = ("序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉内容摘要", "类别", "责任部门",
           "通知单编号", "答复日期", "完成日期", "处理结果", "回访日期", "是否满意")
START, PER_DAY = dt.date(2022, 1, 3), 9
ISSUES = ("水管漏水", "电梯故障停运", "楼道灯不亮", "门禁无法刷卡", "垃圾清运不及时", "夜间噪音", "车位被占")


def complaints(years: int) -> list[tuple[int, str, dt.date]]:
    """(i, number, received) of every complaint over ``years`` of working days."""
    out, day, per_year = [], START, 260
    days = []
    while len(days) < years * per_year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    for d, received in enumerate(days):
        for k in range(PER_DAY):
            i = d * PER_DAY + k
            out.append((i, f"TS-{received.year}-{i % 10000:04d}", received))
    return out


def write_register(path: Path, rows, as_of: dt.date) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws, date = wb.add_worksheet("投诉登记表"), wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "××花园管理处 客户投诉登记表")
    ws.write_row(1, 0, HEADERS)
    for r, (i, num, received) in enumerate(rows, start=2):
        ws.write_row(r, 0, [i + 1, num])
        ws.write_datetime(r, 2, dt.datetime.combine(received, dt.time()), date)
        ws.write_row(r, 3, [f"业主{i % 997}", f"{i % 30 + 1}栋{i % 6 + 1}单元{i % 28 + 1:02d}01", f"139{i:08d}",
                            f"{ISSUES[i % len(ISSUES)]}(第{i}件)", "维修", "工程部", num])
        for col, later in ((10, 2), (11, 10), (13, 14)):
            on = received + dt.timedelta(days=later)
            if on < as_of and not (col == 13 and i % 4 == 0):   # one in four: called back in the workbook
                ws.write_datetime(r, col, dt.datetime.combine(on, dt.time()), date)
        if received + dt.timedelta(days=10) < as_of:
            ws.write(r, 12, "已修复")
        if received + dt.timedelta(days=14) < as_of and i % 4:
            ws.write(r, 14, "满意")
    wb.close()


def write_records(path: Path, rows, as_of: dt.date) -> int:
    """The workbook the earlier lists left (written with kefu's own sheet code); how many rows."""
    from kefu.outputs.callbacks import sheet

    wb, ws, header, cols = sheet._new_book()
    settled, r = {}, header
    for i, num, received in rows:
        listed = received + dt.timedelta(days=11)
        if listed >= as_of:
            continue
        r += 1
        sheet._write_row(ws, r, cols, {"清单日期": listed, "类型": "待回访", "编号": num, "业主姓名": f"业主{i % 997}",
                                       "投诉内容": f"{ISSUES[i % len(ISSUES)]}(第{i}件)", "处理情况": "已修复",
                                       "完成日期": received + dt.timedelta(days=10)})
        called = received + dt.timedelta(days=14)
        if i % 4 == 0 and called < as_of:
            sheet._write_row(ws, r, cols, {"回访日期": called, "是否满意": "满意"})
        elif called < as_of - dt.timedelta(days=1):      # yesterday's callbacks are marked this morning
            settled[r] = f"登记表已记回访({called}),不用再回访"
    sheet._mark_settled(ws, header, cols, settled)
    wb.save(path)
    return r - header


def make_office(folder: Path, years: int) -> tuple[Path, dt.date, int]:
    """(config.ini, the morning measured, rows in the workbook) of a fresh office folder."""
    rows = complaints(years)
    as_of = rows[-1][2] + dt.timedelta(days=1)
    (folder / "workbooks").mkdir(parents=True)
    register, records = folder / "workbooks" / "客户投诉登记表.xlsx", folder / "workbooks" / "回访记录.xlsx"
    write_register(register, rows, as_of)
    listed = write_records(records, rows, as_of)
    shutil.copyfile(records, folder / "回访记录.pristine.xlsx")
    config = folder / "config.ini"
    config.write_text(f"[paths]\nregister = {register}\ncallback_records = {records}\noutput = output\n"
                      f"data = data\nlogs = logs\ntemplates = {REPO / 'templates'}\n", encoding="utf-8")
    return config, as_of, listed


def floor(folder: str) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for name in ("客户投诉登记表.xlsx", "回访记录.xlsx"):
        wb = CalamineWorkbook.from_path(str(Path(folder) / "workbooks" / name))
        for sheet in wb.sheet_names:
            cells += len(wb.get_sheet_by_name(sheet).to_python())
    return cells


def job(config: str, as_of: str) -> tuple[int, int]:
    from kefu.core.settings import load_settings
    from kefu.jobs.make_callback_list import make_callback_list

    run = make_callback_list(load_settings(Path(config)), dt.date.fromisoformat(as_of))
    return run.added, run.settled


def _restore(folder: Path) -> str:
    return (f"import shutil; shutil.copyfile({str(folder / '回访记录.pristine.xlsx')!r}, "
            f"{str(folder / 'workbooks' / '回访记录.xlsx')!r})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as tmp:
        for years in args.years:
            folder = Path(tmp) / f"{years}y"
            config, as_of, listed = make_office(folder, years)
            base = harness.measure(floor, str(folder), repeats=args.repeats)
            mine = harness.measure(job, str(config), as_of.isoformat(), repeats=args.repeats,
                                   setup=_restore(folder) + "\nimport kefu.jobs.make_callback_list")
            print(f"{years} year(s): {listed} rows in 回访记录.xlsx, morning {as_of}, (added, marked) = {mine.result}")
            harness.print_table([("floor", base), ("job", mine)], base)
            print(harness.ratio_line("job", mine, base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
