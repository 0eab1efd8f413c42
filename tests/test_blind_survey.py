"""Issue 29 "Must show", blind: a survey year from a 问卷星 text download, a 腾讯问卷 CSV and typed paper forms
(tests/blind_survey_books.py), written before reading kefu's survey reader. Every expected figure below is
counted by hand from the answer lists in blind_survey_books.py, by DESIGN "Satisfaction":

- satisfied: paper 满意/基本满意 ([survey] satisfied_grades); 问卷星 非常满意/满意; 腾讯 满意/较满意 and 4-5 stars;
  not satisfied: 一般, 不满意, 非常不满意, 1-3 stars; blank ((空) or empty) and unplaceable (其他〖没注意过〗) are
  not valid answers of that item.
- set aside (5 forms): 问卷星 序号1 (3秒, test, row 2), 问卷星 序号14 (all (空), row 15), 腾讯 编号1 (5 s, test,
  row 2), 腾讯 编号3 (8栋1单元1202, again as 8-1-1202 on 11-09, row 4), paper 2026-001 (3栋2单元501 on 11-05,
  again online as 3-2-501 on 11-12, row 3). The household rule keeps the latest form.
- counted: paper 2026-002..008 = 7, 问卷星 序号2..13 and 15 = 13, 腾讯 编号2,4,5,6,7,8 = 6; 7 + 13 + 6 = 26.
"""
from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest

from blind_survey_books import (IPS, NICKNAMES, OPENIDS, PAPER_NAME, PHONES, ROOMS, SOURCE_DETAILS,
                                TENCENT_NAME, WJX_NAME, write_year)
from conftest import docx_lines, run_cli, sha256, write_config
from kefu.outputs.docx_tokens import WORD_JOINER

ITEMS = ["供电管理", "供水管理", "消防治安管理", "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度"]

RETURNED = 26          # 7 paper + 13 问卷星 + 6 腾讯
DISTRIBUTED = 40       # [survey] distributed below
RETURN_RATE = Fraction(26, 40)   # = 0.65

# satisfied / valid per item, as paper + 问卷星 + 腾讯 (counted from the lists, forms set aside left out)
ITEM_COUNTS = {
    # paper 6/7 (2026-006 不满意); wjx 11/13 (序号5 不满意, 序号11 一般); tencent 5/6 (编号5 不满意)
    "供电管理": (6 + 11 + 5, 7 + 13 + 6),          # 22/26
    # paper 6/7 (2026-004 不满意); wjx 12/13 (序号8 一般); tencent 6/6 (编号3 一般 is set aside)
    "供水管理": (6 + 12 + 6, 7 + 13 + 6),          # 24/26
    # paper 6/7 (2026-003 不满意); wjx 10/12 (序号3 一般, 序号9 不满意; 序号6 其他〖没注意过〗 not valid);
    # tencent 5/6 (编号8 不满意)
    "消防治安管理": (6 + 10 + 5, 7 + 12 + 6),      # 21/25
    # paper 5/6 (2026-006 不满意; 2026-005 blank); wjx 10/13 (序号4 一般, 序号11 不满意, 序号15 一般);
    # tencent 5/6 (编号4 一般)
    "卫生管理": (5 + 10 + 5, 6 + 13 + 6),          # 20/25
    # paper 6/7 (2026-008 不满意); wjx 12/13 (序号8 一般); tencent 5/6 (编号7 一般)
    "绿化管理": (6 + 12 + 5, 7 + 13 + 6),          # 23/26
    # paper 6/7 (2026-004 不满意); wjx 10/12 (序号3 不满意, 序号9 一般; 序号10 (空)); tencent 5/6 (编号5 不满意)
    "公共设施管理": (6 + 10 + 5, 7 + 12 + 6),      # 21/25
    # paper 5/6 (2026-006 不满意; 2026-008 blank); wjx 9/13 (序号2 一般, 序号5 非常不满意, 序号11 一般,
    # 序号15 不满意); tencent stars 4,5,3,3,4,1 -> 3/6
    "维修服务": (5 + 9 + 3, 6 + 13 + 6),           # 17/25
    # paper 6/7 (2026-006 不满意); wjx 11/13 (序号5 不满意, 序号13 一般); tencent 4/5 (编号8 不满意; 编号4 blank)
    "服务态度": (6 + 11 + 4, 7 + 13 + 5),          # 21/25
}
# overall: (22+24+21+20+23+21+17+21) / (26+26+25+25+26+25+25+25) = 169/203
OVERALL = Fraction(169, 203)   # = 0.83251...

CHANNELS = {  # channel -> (counted, set aside and why)
    "纸质": (7, {"duplicates": 1, "tests": 0, "empties": 0}),
    "问卷星": (13, {"duplicates": 0, "tests": 1, "empties": 1}),
    "腾讯": (6, {"duplicates": 1, "tests": 1, "empties": 0}),
}
# (file, row in that file, why) for every form set aside
SET_ASIDE = [
    (WJX_NAME, 2, "test"), (WJX_NAME, 15, "empty"), (TENCENT_NAME, 2, "test"), (TENCENT_NAME, 4, "duplicate"),
    (PAPER_NAME, 3, "duplicate"),
]
REASON = {"test": "测试", "empty": r"空白|未作答|没有作答|全部为空|均未", "duplicate": r"同一户|重复|同户"}


@pytest.fixture(scope="module")
def year_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("blind29")
    folder = tmp / "2026年满意度调查"
    files = write_year(folder)
    before = {k: sha256(p) for k, p in files.items()}
    write_config(tmp, "[office]\nname = 阳光花园管理处\n\n[survey]\ngrades = 满意, 基本满意, 不满意\n"
                 "satisfied_grades = 满意, 基本满意\ndistributed = 40\ntarget_rate = 90%\n", survey=folder)
    result = run_cli("survey_report", "--config", tmp / "config.ini", "--year", "2026", "--as-of", "2026-12-01",
                     "--json", tmp / "result.json", cwd=tmp)
    return {"tmp": tmp, "files": files, "before": before, "result": result,
            "out": tmp / "output" / "满意度调查"}


def _json(run):
    assert run["result"].returncode == 0, run["result"].stdout + run["result"].stderr
    return json.loads((run["tmp"] / "result.json").read_text(encoding="utf-8"))


def _docs(run) -> dict[str, str]:
    docs = {p.name: docx_lines(p) for p in sorted(run["out"].rglob("*.docx"))}
    assert docs, f"no Word file in {run['out']}"
    return docs


def _workbook_rows(run) -> dict[str, list[str]]:
    books = sorted(run["out"].rglob("*.xlsx"))
    assert books, f"no workbook in {run['out']}"
    sheets = {}
    for book in books:
        wb = openpyxl.load_workbook(book, read_only=True)
        for ws in wb.worksheets:
            sheets[f"{book.name}/{ws.title}"] = [
                " ".join("" if v is None else str(v) for v in row) for row in ws.iter_rows(values_only=True)]
        wb.close()
    return sheets


def test_run_succeeds_and_files_untouched(year_run):
    r = year_run["result"]
    assert r.returncode == 0, r.stdout + r.stderr
    assert {k: sha256(p) for k, p in year_run["files"].items()} == year_run["before"]


def test_returned_and_return_rate(year_run):
    data = _json(year_run)
    assert data["returned"] == RETURNED
    assert data["return_rate"] == pytest.approx(float(RETURN_RATE))


def test_item_rates_by_hand(year_run):
    data = _json(year_run)
    got = {item: data["item_rates"].get(item) for item in ITEMS}
    want = {item: float(Fraction(*ITEM_COUNTS[item])) for item in ITEMS}
    assert got == pytest.approx(want), {i: (got[i], ITEM_COUNTS[i]) for i in ITEMS}


def test_overall_rate_by_hand(year_run):
    data = _json(year_run)
    assert data["overall_rate"] == pytest.approx(float(OVERALL))


def test_channel_breakdown(year_run):
    data = _json(year_run)
    channels = data["channels"]
    for key, (counted, aside) in CHANNELS.items():
        match = [c for c in channels if key in c["channel"]]
        assert len(match) == 1, (key, channels)
        c = match[0]
        assert c["returned"] == counted, (key, c)
        for field, n in aside.items():
            assert c.get(field) == n, (key, field, c)
    assert sum(c["returned"] for c in channels) == RETURNED


def test_set_aside_named_in_workbook(year_run):
    sheets = _workbook_rows(year_run)
    aside = [name for name in sheets if "未计入" in name]
    assert aside, list(sheets)
    rows = [r for r in sheets[aside[0]][1:] if r.strip()]
    # one row a form set aside: 2 tests, 1 empty, 2 duplicates (beside a title/header row or two)
    assert len(SET_ASIDE) <= len(rows) <= len(SET_ASIDE) + 2, rows
    for why, n in (("test", 2), ("empty", 1), ("duplicate", 2)):
        assert len([r for r in rows if re.search(REASON[why], r)]) >= n, (why, rows)
    # the paper form set aside is named by its number
    assert any("2026-001" in r for r in rows), rows


def test_set_aside_named_in_report(year_run):
    docs = _docs(year_run)
    report = [t for name, t in docs.items() if "通报" not in name]
    assert report, list(docs)
    text = "\n".join(report)
    for file, row, why in SET_ASIDE:
        assert Path(file).stem[:8] in text, file
        assert re.search(rf"第\s*{row}\s*行", text), (file, row)
    assert "测试" in text and re.search(REASON["duplicate"], text)
    # channel breakdown in the report
    for key, (counted, _) in CHANNELS.items():
        assert re.search(rf"{key}[\s\S]{{0,40}}?(?<!\d){counted}(?!\d)", text), (key, counted)


def _report_table_rows(run) -> list[list[str]]:
    rows = []
    for path in sorted(run["out"].rglob("*.docx")):
        if "通报" in path.name:
            continue
        for table in docx.Document(str(path)).tables:
            rows.extend([c.text.replace(WORD_JOINER, "") for c in row.cells] for row in table.rows)
    return rows


def test_unplaceable_answer_named_by_cell(year_run):
    # 问卷星 序号6 is row 7 (header row 1); 消防治安 is the 10th column (序号 提交答卷时间 所用时间 来源 来源详情
    # 来自IP 房号 Q2 Q3 Q4) = J -> cell J7
    rows = _report_table_rows(year_run)
    assert any(WJX_NAME in " ".join(r) and "J7" in r and "其他〖没注意过〗" in " ".join(r) for r in rows), rows
    assert _json(year_run)["invalid"] == 1


def test_other_boxes_join_the_opinions(year_run):
    # 其他〖快递柜不够用〗 (问卷星 序号8) and 其他〖客服电话难打通〗 (序号13, no comment of its own) become opinions
    text = "\n".join(_docs(year_run).values())
    assert "快递柜不够用" in text and "客服电话难打通" in text


def test_nothing_personal_in_reports_and_bulletin(year_run):
    docs = _docs(year_run)
    data_text = (year_run["tmp"] / "result.json").read_text(encoding="utf-8")
    for name, text in {**docs, "result.json": data_text}.items():
        for secret in IPS + NICKNAMES + OPENIDS + PHONES + SOURCE_DETAILS:
            assert secret not in text, (name, secret)
        assert not re.search(r"\(广东-", text), name
        for room in ROOMS:
            assert room not in text, (name, room)


def test_no_ip_nickname_phone_in_statistics_workbook(year_run):
    for sheet, rows in _workbook_rows(year_run).items():
        text = "\n".join(rows)
        for secret in IPS + NICKNAMES + OPENIDS + PHONES + SOURCE_DETAILS:
            assert secret not in text, (sheet, secret)
