"""Benchmark: 1,000 handling notices with make_notices' rendering path vs a floor from the same run.

    python bench/bench_notices.py [--count 1000] [--repeat 3] [--full]

floor : the template read once; per notice the field text (escaped) substituted into word/document.xml
        with str.replace, every part written with zipfile (ZIP_DEFLATED) to a file.
kefu  : NoticeTemplate.render (docxtpl-rendered skeleton + substitution, exactly docxtpl's output)
        + atomic write + sha256, as make_notices does per notice.
Also printed for reference: docxtpl rendering each notice by itself (on a sample), and with --full the
whole make_notices job over a register of --count complaints (register read, ledger rows).
Goal: kefu <= 2x floor per document.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from markupsafe import escape  # noqa: E402

from kefu.core.atomic import write_bytes_atomic  # noqa: E402
from kefu.outputs.notices.fields import NOTICE_FIELDS  # noqa: E402
from kefu.outputs.notices.render import NoticeTemplate  # noqa: E402

TEMPLATE = REPO / "templates" / "投诉处理通知单.docx"


def values_for(i: int) -> dict:
    v = {name: f"{NOTICE_FIELDS[name][:4]}{i}" for name in NOTICE_FIELDS}
    v.update(number=f"TS-2026-{i:04d}", summary=f"第{i}号:楼上漏水 <急> & \"马上\" 处理 😀",
             customer="李秀英", unit=f"{i % 20 + 1}栋1单元{i % 9 + 1}02", major=(i % 7 == 0))
    return v


def floor(count: int, folder: Path) -> float:
    with zipfile.ZipFile(TEMPLATE) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    start = time.perf_counter()
    for i in range(count):
        values = values_for(i)
        for info, data in entries:
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for name, value in values.items():
                    xml = xml.replace("{{ %s }}" % name, str(escape(str(value))))
        with zipfile.ZipFile(folder / f"{i:05d}.docx", "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in entries:
                out.writestr(info, xml.encode("utf-8") if info.filename == "word/document.xml" else data)
    return (time.perf_counter() - start) / count


def kefu_path(count: int, folder: Path) -> float:
    template = NoticeTemplate(TEMPLATE)          # read once, as make_notices does per run
    start = time.perf_counter()
    for i in range(count):
        data = template.render(values_for(i))
        write_bytes_atomic(folder / f"{i:05d}.docx", data)
        hashlib.sha256(data).hexdigest()
    return (time.perf_counter() - start) / count


def docxtpl_each(count: int, folder: Path) -> float:
    template = NoticeTemplate(TEMPLATE)
    start = time.perf_counter()
    for i in range(count):
        write_bytes_atomic(folder / f"{i:05d}.docx", template.render_docxtpl(values_for(i)))
    return (time.perf_counter() - start) / count


def full_job(count: int, base: Path) -> float:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import complaint, write_config, write_register
    from kefu.jobs.make_notices import make_notices
    from kefu.core.settings import load_settings
    day = dt.date(2026, 1, 1)
    rows = [complaint(f"TS-2026-{i:04d}", day + dt.timedelta(days=i % 300), 责任部门="工程部",
                      投诉内容摘要=f"第{i}号 漏水 <急> & 处理") for i in range(1, count + 1)]
    register = write_register(base / "登记表.xlsx", {"2026年": rows})
    settings = load_settings(write_config(base, register=register))
    start = time.perf_counter()
    run = make_notices(settings, dt.date(2026, 12, 31), date_from=day)   # the whole year, not just recent days
    assert len(run.issued) == count, run.skipped[:3]
    return (time.perf_counter() - start) / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    best_floor = best_kefu = float("inf")
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as tmp:
        for r in range(args.repeat):   # interleaved, best of N: both see the same machine load
            for name in ("floor", "kefu"):
                folder = Path(tmp) / f"{name}-{r}"
                folder.mkdir()
                if name == "floor":
                    best_floor = min(best_floor, floor(args.count, folder))
                else:
                    best_kefu = min(best_kefu, kefu_path(args.count, folder))
        sample = min(50, args.count)
        (Path(tmp) / "docxtpl").mkdir()
        each = docxtpl_each(sample, Path(tmp) / "docxtpl")
        print(f"notices: {args.count} (best of {args.repeat})")
        print(f"floor   (str.replace + zipfile)        : {best_floor * 1000:8.2f} ms/notice")
        print(f"kefu    (render + atomic write + sha256): {best_kefu * 1000:8.2f} ms/notice")
        print(f"ratio   kefu / floor                    : {best_kefu / best_floor:8.2f}x  (goal <= 2x)")
        print(f"docxtpl per notice (sample of {sample})     : {each * 1000:8.2f} ms/notice "
              f"= {each / best_floor:.1f}x floor")
        if args.full:
            (Path(tmp) / "full").mkdir()
            job = full_job(args.count, Path(tmp) / "full")
            print(f"make_notices whole job (read register, ledger): {job * 1000:8.2f} ms/notice "
                  f"= {job / best_floor:.1f}x floor")


if __name__ == "__main__":
    main()
