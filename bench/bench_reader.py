"""How much does kefu's register reader cost on top of bare python-calamine?

    python bench/bench_reader.py                      # 100k rows, kefu vs the floor
    python bench/bench_reader.py --rows 10000
    python bench/bench_reader.py --stand-in openpyxl  # check the harness without kefu.read.register

The floor is bare python-calamine: open the workbook and turn every sheet into Python values
(``CalamineWorkbook.from_path(p)``, ``to_python()`` per sheet). kefu's reader does that and more
(find the header, map columns, type every cell into a Complaint), so it cannot be faster; the ratio
says how much the "more" costs. Both run in fresh processes in the same run, on the same file.
The register is generated (bench/make_big_register.py) when it is missing.
"""
from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(BENCH))

import harness  # noqa: E402
import make_big_register  # noqa: E402

# ------------------------------------------------------------------ contenders (run in the child)
# Imports go in the matching *_SETUP (untimed); the functions only do the work.

FLOOR_SETUP = "from python_calamine import CalamineWorkbook"


def calamine_floor(path: str) -> int:
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    rows = 0
    for name in wb.sheet_names:
        rows += len(wb.get_sheet_by_name(name).to_python())
    return rows


KEFU_SETUP = "from kefu.core.settings import load_settings; from kefu.read.register import read_register"


def kefu_reader(path: str, repo: str) -> int:
    from kefu.read.register import read_register
    from kefu.core.settings import load_settings
    reg = read_register(load_settings(None, base_dir=Path(repo)), path)
    return len(reg.complaints)


OPENPYXL_SETUP = "import openpyxl"


def openpyxl_read_only(path: str) -> int:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for ws in wb.worksheets:
        rows += len(list(ws.iter_rows(values_only=True)))
    wb.close()
    return rows


# ------------------------------------------------------------------ driver

def kefu_available() -> tuple[bool, str]:
    """(True, "") when kefu.read.register imports; (False, why) when it does not exist yet.

    Any other import failure (kefu.read.register exists but is broken) is raised, not hidden.
    """
    try:
        import kefu.read.register as register
    except ModuleNotFoundError as exc:
        if exc.name == "kefu.read.register":
            return False, "module kefu.read.register not found"
        raise
    if not hasattr(register, "read_register"):
        raise SystemExit("bench_reader: kefu.read.register has no read_register(); this bench expects "
                         "read_register(settings, path) returning an object with .complaints")
    return True, ""


def describe(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    sheets = sum(i.file_size for i in infos if i.filename.startswith("xl/worksheets/sheet"))
    total = sum(i.file_size for i in infos)
    return (f"{path.name}: {path.stat().st_size / 1e6:.1f} MB on disk, sheet XML {sheets / 1e6:.1f} MB "
            f"uncompressed ({total / 1e6:.1f} MB all parts)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="kefu's register reader against bare python-calamine.")
    ap.add_argument("--rows", type=int, default=100_000, help="register rows (default 100000)")
    ap.add_argument("--repeats", type=int, default=3, help="fresh processes per contender (default 3)")
    ap.add_argument("--file", type=Path, help="read this workbook instead of the synthetic one")
    ap.add_argument("--stand-in", choices=("openpyxl",),
                    help="measure openpyxl read_only instead of kefu (to check the harness)")
    args = ap.parse_args(argv)

    if args.stand_in is None:
        ok, why = kefu_available()
        if not ok:
            print(f"bench_reader: skipped, kefu's register reader is not there yet ({why}). "
                  f"Run with --stand-in openpyxl to check the bench itself.")
            return 0

    path = args.file or make_big_register.default_path(args.rows)
    if not path.exists():
        if args.file:
            print(f"bench_reader: no such file: {path}", file=sys.stderr)
            return 1
        t0 = time.perf_counter()
        make_big_register.generate(args.rows, path)
        print(f"generated {path} in {time.perf_counter() - t0:.1f} s")
    print(describe(path))
    print(f"python {sys.version.split()[0]}, {args.repeats} fresh process(es) each; "
          f"time = best, memory = max peak RSS (includes interpreter + imports)")

    floor = harness.measure(calamine_floor, str(path), setup=FLOOR_SETUP, repeats=args.repeats)
    if args.stand_in == "openpyxl":
        label = "openpyxl read_only (stand-in)"
        other = harness.measure(openpyxl_read_only, str(path), setup=OPENPYXL_SETUP,
                                repeats=args.repeats)
    else:
        label = "reader"
        other = harness.measure(kefu_reader, str(path), str(REPO), setup=KEFU_SETUP,
                                repeats=args.repeats)

    print()
    harness.print_table([("calamine floor", floor), (label, other)], floor)
    print(f"rows seen: floor {floor.result} (incl. title/header rows), {label} {other.result}")
    print()
    print(harness.ratio_line(label, other, floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
