"""Reports say what their data covers: a period not over yet, a comparison the register does not cover,
advice that fits the category, a survey year without forms."""
from __future__ import annotations

import datetime as dt
import json
import re

import openpyxl
from docx import Document

from conftest import complaint, run_cli, write_config, write_register
from kefu.rules.recurring import suggest

D = dt.date


def _docx_text(path) -> str:
    doc = Document(path)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _office(tmp_path, days: list[dt.date]):
    rows = [complaint(f"TS-{d.year}-{i:04d}", d, 类别="维修", 责任部门="工程部", 答复日期=d, 完成日期=d)
            for i, d in enumerate(days, start=1)]
    register = write_register(tmp_path / "客户投诉登记表.xlsx", {"登记": rows})
    return write_config(tmp_path, register=register)


def _summary(tmp_path, config, period: str, as_of: str):
    done = run_cli("compile_summary", "--config", config, "--period", period, "--as-of", as_of,
                      "--json", tmp_path / "s.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = tmp_path / "output" / "分析报告" / f"投诉分析报告_{period}.docx"
    return done, _docx_text(report), json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))


def test_a_half_year_not_over_is_labelled_up_to_today_and_compared_with_the_same_span(tmp_path):
    days = [D(2025, 1, 10), D(2025, 7, 10), D(2025, 8, 10), D(2025, 12, 20),       # 12-20: after the span
            D(2026, 1, 5), D(2026, 6, 20), D(2026, 7, 8), D(2026, 11, 30)]         # 06-20: after the span
    config = _office(tmp_path, days)
    done, text, data = _summary(tmp_path, config, "2026H2", "2026-12-03")
    assert "截至 2026-12-03(期间未结束)" in done.stdout
    assert "2026-07-01 至 2026-12-31,截至 2026-12-03(期间未结束)" in text
    assert "本期(2026年下半年)截至 2026-12-03(期间未结束)共受理投诉 2 件" in text
    assert "截至期末" not in text
    # compared with 2025-07-01 – 2025-12-03 (2 complaints, not 3) and 2026-01-01 – 2026-06-05 (1, not 2)
    assert "同比持平(2025-07-01 至 2025-12-03 2 件)" in text
    assert "环比增长 100.0%(2026-01-01 至 2026-06-05 1 件)" in text
    assert (data["ongoing"], data["through"], data["complete"]) == (True, "2026-12-03", True)
    assert data["year_earlier"]["period"]["to"] == "2025-12-03" and data["year_earlier"]["total"] == 2
    assert data["previous"]["period"]["to"] == "2026-06-05" and data["previous"]["change"] == 1.0


def test_a_comparison_period_the_register_does_not_cover_is_marked_incomplete_without_a_percentage(tmp_path):
    days = [D(2025, 6, 3), D(2025, 6, 20), D(2025, 9, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    config = _office(tmp_path, days)
    done, text, data = _summary(tmp_path, config, "2026H1", "2026-11-26")
    assert "同比不计算(2025年上半年数据不完整,登记表自 2025年6月起)" in text
    assert "去年同期(2025年上半年(数据不完整))" in text
    assert not re.search(r"同比(增长|下降)", text) and "+50.0%" not in text    # 3 vs 2: no +50%
    assert "环比增长 200.0%(2025年下半年 1 件)" in text                      # 2025H2 is covered
    assert "截至期末" in text and "期间未结束" not in text                    # 2026H1 is over
    assert data["year_earlier"] == {"period": {"from": "2025-01-01", "to": "2025-06-30", "label": "2025年上半年"},
                                    "complete": False, "total": 2, "change": None}
    assert data["previous"]["complete"] is True and data["previous"]["change"] == 2.0
    book = openpyxl.load_workbook(tmp_path / "output" / "分析报告" / "投诉分析报告_2026H1.xlsx")
    overview = [[c.value for c in row] for row in book["概况"].iter_rows()]
    header = next(r for r in overview if r[0] == "指标")
    assert header[4] == "去年同期(2025年上半年(数据不完整))"
    assert all(r[5] == "数据不完整" for r in overview[overview.index(header) + 1:] if r[0] and r[1] is not None)


def test_the_period_itself_not_covered_by_the_register_is_said_in_a_note(tmp_path):
    config = _office(tmp_path, [D(2025, 6, 3), D(2025, 6, 20)])
    done, text, data = _summary(tmp_path, config, "2025H1", "2026-11-26")
    assert "登记表中最早的投诉登记于 2025年6月,2025年上半年的数据不完整" in done.stdout
    assert data["complete"] is False and data["data_from"] == "2025-06-01"


def test_follow_up_advice_fits_the_category_or_is_left_out():
    service = suggest("building", "1栋", "服务态度", 3, "客服中心")
    assert "设施" not in service and "服务规范培训" in service
    assert "设施专项排查" in suggest("building", "11栋", "维修", 4, "工程部")
    assert "巡查" in suggest("unit", "4栋1单元101", "噪音扰民", 3, "保安部")
    assert "收费依据" in suggest("similar", "2栋", "收费", 3, "财务部")
    assert suggest("building", "3栋", "其他", 3, "客服中心") == ""
    assert suggest("building", "3栋", "未填写", 3, "") == ""


def test_a_survey_year_without_forms_is_one_line_exit_1_and_no_files(tmp_path):
    import shutil

    from conftest import REPO
    for name in ("workbooks", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy2(REPO / "config.ini", tmp_path / "config.ini")
    done = run_cli("survey_report", "--config", tmp_path / "config.ini", "--year", "2020",
                      "--json", tmp_path / "s.json", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "错误:调查表《业主意见调查表.xlsx》中没有 2020 年的调查表(其中只有 2026 年的调查表),未生成任何文件。"
        "请用 --year 指定有调查表的年份,或先把 2020 年的调查结果录入调查表。"]
    assert not [p for p in (tmp_path / "output").rglob("*") if p.is_file()] and not (tmp_path / "s.json").exists()
