"""The demo workbook generator (workbooks/make_demo.py): layout, sizes, determinism, planted list."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kefu.core.fields import REGISTER_FIELDS, SURVEY_FIELDS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "workbooks" / "make_demo.py"
REGISTER = "客户投诉登记表.xlsx"
SURVEY = "业主意见调查表.xlsx"

REGISTER_HEADERS = [
    "序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉方式", "原件编号", "投诉内容摘要",
    "类别", "责任部门", "通知单编号", "是否重大", "核实日期", "答复日期", "补救措施", "纠正措施",
    "预定完成日期", "完成日期", "处理结果", "回访日期", "回访人", "回访结果", "是否满意", "预约答复日期",
    "状态", "备注",
]
SURVEY_HEADERS = [
    "问卷编号", "楼栋房号", "业主姓名", "联系电话", "调查日期", "供电管理", "供水管理", "消防治安管理",
    "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度", "意见建议",
]
RECTIFY_HEADERS = ["项目", "存在问题", "责任部门", "整改期限", "状态", "完成日期"]


def run(out: Path, *extra: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *extra],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return done.stdout


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path, str]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    listing = run(first, "--list-planted")
    run(second)
    return first, second, listing


def values(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def header(path: Path, sheet: str, row: int) -> list:
    ws = load_workbook(path)[sheet]
    return [c.value for c in ws[row]]


def test_sheets(runs):
    out, _, _ = runs
    assert load_workbook(out / REGISTER).sheetnames == ["填表说明", "2025年", "2026年"]
    assert load_workbook(out / SURVEY).sheetnames == ["2026年调查", "整改跟踪"]


def test_headers(runs):
    out, _, _ = runs
    for sheet in ("2025年", "2026年"):
        assert header(out / REGISTER, sheet, 3) == REGISTER_HEADERS
    assert header(out / SURVEY, "2026年调查", 2) == SURVEY_HEADERS
    assert header(out / SURVEY, "整改跟踪", 1) == RECTIFY_HEADERS


def test_headers_are_builtin_aliases():
    register_aliases = {a for _, aliases in REGISTER_FIELDS.values() for a in aliases}
    survey_aliases = {a for _, aliases in SURVEY_FIELDS.values() for a in aliases}
    assert set(REGISTER_HEADERS) - {"序号"} <= register_aliases
    assert set(SURVEY_HEADERS) <= survey_aliases


def test_titles(runs):
    out, _, _ = runs
    wb = load_workbook(out / REGISTER)
    for sheet in ("2025年", "2026年"):
        ws = wb[sheet]
        assert ws["A1"].value == f"阳光花园管理处 客户投诉登记表({sheet})"
        assert ws.freeze_panes == "A4"
        assert "A1:AA1" in {str(r) for r in ws.merged_cells.ranges}


def test_sizes(runs):
    out, _, _ = runs
    wb = load_workbook(out / REGISTER)
    numbered = sum(1 for sheet in ("2025年", "2026年")
                   for row in wb[sheet].iter_rows(min_row=4, values_only=True) if row[1])
    assert 300 <= numbered <= 400
    forms = [row for row in load_workbook(out / SURVEY)["2026年调查"].iter_rows(min_row=3, values_only=True)
             if row[0]]
    assert 180 <= len(forms) <= 220


def test_deterministic(runs):
    first, second, _ = runs
    for name in (REGISTER, SURVEY):
        assert values(first / name) == values(second / name)
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_committed_workbooks_are_current(runs):
    out, _, _ = runs
    for name in (REGISTER, SURVEY):
        assert values(ROOT / "workbooks" / name) == values(out / name), f"rerun make_demo.py ({name})"


def test_planted_list_matches_readme(runs):
    _, _, listing = runs
    planted = [tuple(line.split("\t")) for line in listing.splitlines()[1:]]
    table = []
    for line in (ROOT / "workbooks" / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| (\S+) \| (\d*) \| `?([^|`]*?)`? *\| (.+) \|", line)
        if m and m.group(1) != "sheet":
            table.append(m.groups())
    assert [(s, r, n.strip(), w) for s, r, n, w in planted] == [
        (s, r, n.strip(), w) for s, r, n, w in table]


def test_planted_cells(runs):
    out, _, _ = runs
    wb = load_workbook(out / REGISTER)
    ws = wb["2026年"]
    assert ws["B137"].value == "TS－2026－0133"
    assert ws["B139"].value == "TS-2026-135"
    assert ws["B90"].value == "TS-2026-0087 "
    assert ws["L130"].value == "TS-2026-0162"
    assert ws["Y154"].value == "下周一"
    assert [c.value for c in ws[102]][0] == 99 and not any(c.value for c in ws[102][1:])
    numbers = [row[1] for row in ws.iter_rows(min_row=4, values_only=True) if row[1]]
    assert "TS-2026-0057" not in numbers and "TS-2026-0058" in numbers
    ws25 = wb["2025年"]
    assert not any(c.value for c in ws25[52])
    assert ws25["B102"].value == ws25["B103"].value == "TS-2025-0098"
    assert ws25["C4"].number_format == 'yyyy"年"m"月"d"日"'
