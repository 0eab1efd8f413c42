"""The benchmark tools work (not how fast anything is: tests never assert on wall time)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import bench_reader  # noqa: E402
import harness  # noqa: E402
import make_big_register  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402


@pytest.fixture(scope="module")
def small_register(tmp_path_factory) -> Path:
    # 2000 rows over 3 years: a few hundred a year, enough to see the yearly restart.
    return make_big_register.generate(2000, tmp_path_factory.mktemp("bench") / "reg.xlsx")


def test_register_layout(small_register):
    wb = CalamineWorkbook.from_path(str(small_register))
    assert len(wb.sheet_names) == 1
    sheet = wb.get_sheet_by_name(wb.sheet_names[0])
    rows = sheet.to_python()
    assert sheet.merged_cell_ranges == [((0, 0), (0, 21))]  # title above the header
    assert tuple(rows[1]) == make_big_register.HEADERS and len(rows[1]) == 22
    data = rows[2:]
    assert len(data) == 2000
    numbers = [r[1] for r in data]
    assert len(set(numbers)) == len(numbers)
    assert [n for n in numbers if n.endswith("-0001")] == ["TS-2024-0001", "TS-2025-0001", "TS-2026-0001"]
    for r in data:
        assert isinstance(r[2], dt.date) and r[1][3:7] == str(r[2].year)
        assert 10 <= len(r[8]) <= 40
    assert any(r[14] == "" for r in data) and any(isinstance(r[14], dt.date) for r in data)


def test_register_is_deterministic(tmp_path):
    a = make_big_register.generate(50, tmp_path / "a.xlsx", seed=7)
    b = make_big_register.generate(50, tmp_path / "b.xlsx", seed=7)
    rows = lambda p: CalamineWorkbook.from_path(str(p)).get_sheet_by_index(0).to_python()  # noqa: E731
    assert rows(a) == rows(b)


def test_register_without_title(tmp_path):
    path = make_big_register.generate(5, tmp_path / "r.xlsx", title=False)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == make_big_register.HEADERS


def test_measure_snippet_reports_result_and_memory():
    m = harness.measure("_result = len(bytearray(150 * 2**20))", setup="import os", repeats=2)
    seconds, peak_mb = m
    assert seconds >= 0 and m.result == str(150 * 2**20)
    assert peak_mb >= 150  # the child's own peak, measured inside it


def test_measure_function(small_register):
    m = harness.measure(bench_reader.calamine_floor, str(small_register),
                        setup=bench_reader.FLOOR_SETUP, repeats=1)
    assert m.result == "2002"


def test_child_failure_is_reported():
    with pytest.raises(harness.BenchError, match="ZeroDivisionError"):
        harness.run_once("1 / 0")


def test_table_and_ratio_line():
    floor, other = harness.Measurement(2.0, 100.0), harness.Measurement(3.0, 150.0)
    assert harness.ratio_line("reader", other, floor) == \
        "reader: 3.00 s / 2.00 s = 1.50x time, 150 MB / 100 MB = 1.50x memory"
    table = harness.format_table([("floor", floor), ("reader", other)], floor)
    assert "1.00x" in table and "1.50x" in table


def test_bench_reader_stand_in(small_register, capsys):
    assert bench_reader.main(["--file", str(small_register), "--repeats", "1",
                              "--stand-in", "openpyxl"]) == 0
    out = capsys.readouterr().out
    assert "openpyxl read_only (stand-in): " in out and "x memory" in out


def test_bench_reader_without_kefu_reader(small_register, capsys):
    if bench_reader.kefu_available()[0]:
        pytest.skip("kefu.register exists now")
    assert bench_reader.main(["--file", str(small_register)]) == 0
    assert "skipped" in capsys.readouterr().out
