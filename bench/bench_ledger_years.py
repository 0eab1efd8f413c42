"""Five simulated years of an office: ledger size and job start-up time per year.

    python bench/bench_ledger_years.py                      # 5 years x 260 working days x 10 complaints a day
    python bench/bench_ledger_years.py --years 2 --days 60  # quicker

Every simulated working day does to the ledger what the office's jobs do: the daily check records the
numbers seen (``ledger.seen_numbers``) and its run with the numbers whose flags changed (a complaint is
flagged while its reply is due and while its callback is owed, then cleared), make_notices records ten
notices with their identities, the callback list records its run. The flags and notices are synthetic
(no register is read on those days), the writes are the jobs' own functions.

At each year's end the report gives: the ledger's size; the start-up a job pays before its work (open
the ledger, with its integrity check, load the numbers seen and the notices issued), best of three; and
a real daily check over a register holding every complaint of those years, once with the ledger of all
the days run and once with a ledger one day old: the two stay close (the time grows with the register,
not with the days run). The goal: the ledger stays under ~10 MB after five years.

The office's dbstat shows where the bytes go: ``sqlite3 data/ledger.sqlite3 "SELECT name, SUM(pgsize) FROM dbstat
GROUP BY name"`` (when the sqlite3 shell has dbstat).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

import xlsxwriter  # noqa: E402

from kefu.core.identity import fingerprint  # noqa: E402
from kefu.core.settings import load_settings  # noqa: E402
from kefu.jobs.daily_check import _changed_flags, run_daily_check  # noqa: E402
from kefu.ledger import audit  # noqa: E402
from kefu.ledger import db as ledger  # noqa: E402
from kefu.ledger import notices as notice_ledger  # noqa: E402
from kefu.ledger.seen_numbers import load_seen, seen_changes, write_flags, write_seen  # noqa: E402

HEADERS = ("序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉内容摘要", "类别", "责任部门",
           "通知单编号", "答复日期", "完成日期", "回访日期", "回访结果")
SHEET, FIRST_ROW, START = "投诉登记表", 3, dt.date(2027, 1, 4)
ISSUES = ("水管漏水", "电梯故障停运", "楼道灯不亮", "门禁无法刷卡", "垃圾清运不及时", "夜间噪音", "车位被占")


def person(i: int) -> tuple[str, str, str]:
    """(customer, room, summary) of the i-th complaint, as the register holds them."""
    return f"业主{i % 997}", f"{i % 30 + 1}栋{i % 6 + 1}单元{i % 28 + 1:02d}01", f"{ISSUES[i % len(ISSUES)]}(第{i}件)"


def working_days(years: int, per_year: int) -> list[dt.date]:
    days, day = [], START
    while len(days) < years * per_year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def number(i: int, received: dt.date) -> str:
    return f"TS-{received.year}-{i % 100000:05d}"


def complaints(days: list[dt.date], per_day: int) -> list[tuple[str, dt.date, int]]:
    """(number, received, row) of every complaint, in the register's order."""
    out = []
    for d, day in enumerate(days):
        for k in range(per_day):
            i = d * per_day + k
            out.append((number(i, day), day, FIRST_ROW + i))
    return out


def write_register(path: Path, rows: list[tuple[str, dt.date, int]], as_of: dt.date) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws, date = wb.add_worksheet(SHEET), wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "××花园管理处 客户投诉登记表")
    ws.write_row(1, 0, HEADERS)
    for i, (num, received, row) in enumerate(rows):
        done = (as_of - received).days > 20
        ws.write_row(row - 1, 0, [i + 1, num])
        ws.write_datetime(row - 1, 2, dt.datetime.combine(received, dt.time()), date)
        customer, unit, summary = person(i)
        ws.write_row(row - 1, 3, [customer, unit, f"139{i:08d}"[:11], summary, "维修", "工程部", num])
        for col, later in ((10, 2), (11, 10), (12, 14)):
            if done:
                ws.write_datetime(row - 1, col, dt.datetime.combine(received + dt.timedelta(days=later), dt.time()), date)
        if done:
            ws.write(row - 1, 13, "满意")
    wb.close()


def simulate_day(settings, register: Path, rows, d: int, per_day: int, day: dt.date) -> None:
    """One working day's ledger writes (see the module docstring)."""
    seen_now = rows[: (d + 1) * per_day]
    present = {num: (SHEET, row) for num, _received, row in seen_now}
    flagged: dict[str, list[str]] = dict.fromkeys(present, [])
    for num, received, _row in seen_now[-per_day * 15:]:
        age = (day - received).days
        if age <= 3:
            flagged[num] = ["reply.due_soon"]
        elif 10 <= age <= 14:
            flagged[num] = ["callback.due"]
    conn = ledger.connect(settings)
    try:
        seen = load_seen(conn, register)
        changes = seen_changes(register, present, day, seen)
        new = [n for n, _s, _r in changes.changed] if seen.latest else list(present)
        write_seen(conn, changes, {n: fingerprint(person(present[n][1] - FIRST_ROW)[2]) for n in new})
        changed = _changed_flags(flagged, seen, present, {})
        audit.insert_run(conn, audit.run_record("daily_check", [], [], {"findings": 1},
                                                {n: t.split(",") if t else [] for n, t in changed.items()}),
                         before_commit=lambda: write_flags(conn, register, changed))
        notice_ledger.ensure(conn)
        for num, received, row in seen_now[-per_day:]:
            customer, unit, summary = person(row - FIRST_ROW)
            notice_ledger.record(conn, num, 1, f"通知单/{received.year}/{received.month:02d}/{num}.docx", "0" * 64,
                                 identity={"received": received.isoformat(), "customer": customer, "unit": unit,
                                           "department": "工程部", "fingerprint": fingerprint(summary),
                                           "sheet": SHEET, "row": row})
        owed = {num: [] for num, received, _r in seen_now[-per_day * 15:] if (day - received).days == 10}
        audit.insert_run(conn, audit.run_record("callback_list", [], [], {"rows": len(owed)}, owed))
        audit.insert_run(conn, audit.run_record("notices", [], [], {"issued": per_day}))
    finally:
        conn.close()


def startup_seconds(settings, register: Path) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        conn = ledger.connect(settings)
        load_seen(conn, register)
        notice_ledger.issued(notice_ledger.ensure(conn))
        conn.close()
        best = min(best, time.perf_counter() - t)
    return best


def timed_check(settings, as_of: dt.date) -> float:
    t = time.perf_counter()
    run_daily_check(settings, as_of)
    return time.perf_counter() - t


def year_end(folder: Path, settings, register: Path, rows, day: dt.date) -> tuple[float, float]:
    """Seconds of a real daily check with the aged ledger, and with a ledger one day old (a copy)."""
    write_register(register, rows, day)
    data = Path(settings.paths.data)
    aged = folder / "aged"
    shutil.rmtree(aged, ignore_errors=True)
    shutil.copytree(data, aged)
    run_daily_check(settings, day)      # today's check (the day's flags were synthetic): untimed
    with_days = timed_check(settings, day)
    shutil.rmtree(data)
    run_daily_check(settings, day - dt.timedelta(days=1))
    fresh = timed_check(settings, day)
    shutil.rmtree(data)
    shutil.copytree(aged, data)
    return with_days, fresh


def _where_the_bytes_go(settings) -> None:
    conn = ledger.connect(settings)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except Exception:   # noqa: BLE001 - a SQLite without dbstat: nothing to show
        rows = []
    finally:
        conn.close()
    print("台账各表(MB):" + ",".join(f"{name} {size / 1e6:.2f}" for name, size in rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--days", type=int, default=260, help="working days a year")
    parser.add_argument("--per-day", type=int, default=10, help="new complaints a working day")
    args = parser.parse_args(argv)
    days = working_days(args.years, args.days)
    rows = complaints(days, args.per_day)
    with tempfile.TemporaryDirectory(prefix="kefu-ledger-years-") as tmp:
        folder = Path(tmp)
        register = folder / "客户投诉登记表.xlsx"
        (folder / "config.ini").write_text(
            f"[paths]\nregister = {register}\noutput = output\ndata = data\nlogs = logs\n"
            f"templates = {HERE.parent / 'templates'}\n[numbering]\npattern = TS-{{year}}-{{seq:05d}}\n", encoding="utf-8")
        settings = load_settings(folder / "config.ini")
        print(f"{'年':>2} {'投诉数':>7} {'台账 MB':>8} {'启动 ms':>8} {'每日检查 s(已运行全部天数)':>14} {'(台账仅一天)':>10}")
        started = time.perf_counter()
        for d, day in enumerate(days):
            simulate_day(settings, register, rows, d, args.per_day, day)
            if (d + 1) % args.days == 0:
                year = (d + 1) // args.days
                held = rows[: (d + 1) * args.per_day]
                aged, fresh = year_end(folder, settings, register, held, day)
                size = ledger.ledger_path(settings).stat().st_size / 1e6
                print(f"{year:>2} {len(held):>7} {size:>8.2f} {startup_seconds(settings, register) * 1000:>8.1f} "
                      f"{aged:>14.2f} {fresh:>10.2f}", flush=True)
        print(f"共用时 {time.perf_counter() - started:.0f} 秒。")
        _where_the_bytes_go(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
