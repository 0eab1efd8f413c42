"""The analysis job end to end: Word report, Excel workbook with charts, JSON, several offices, the script."""
from __future__ import annotations

import datetime as dt
import json
import warnings

import openpyxl
import pytest
from docx import Document

from conftest import complaint, needs_soffice, run_cli, sha256, write_config, write_register
from kefu.jobs.compile_summary import compile_summary, office_name

D = dt.date
AS_OF = D(2026, 7, 6)


def _rows() -> list[dict]:
    rows = []
    # 2025H1: 4 complaints, 2025H2: 2, 2026H1: 6 (+1 voided)
    for i, day in enumerate([D(2025, 1, 9), D(2025, 2, 9), D(2025, 3, 9), D(2025, 4, 9)], start=1):
        rows.append(complaint(f"TS-2025-{i:04d}", day, 类别="维修", 责任部门="工程部"))
    for i, day in enumerate([D(2025, 8, 1), D(2025, 12, 31)], start=5):
        rows.append(complaint(f"TS-2025-{i:04d}", day, 类别="卫生", 责任部门="保洁部"))
    done = {"答复日期": None, "完成日期": None}
    rows += [
        complaint("TS-2026-0001", D(2026, 1, 3), 房号="5栋1单元1202", 类别="维修", 责任部门="工程部", 投诉方式="电话",
                  投诉内容摘要="卫生间天花板漏水", 答复日期=D(2026, 1, 4), 完成日期=D(2026, 1, 8),
                  回访日期=D(2026, 1, 10), 回访结果="满意", 客户名称="王建国", 联系电话="13812345678"),
        complaint("TS-2026-0002", D(2026, 2, 14), 房号="5栋1单元1202", 类别="维修", 责任部门="工程部", 投诉方式="来访",
                  投诉内容摘要="厕所顶上一直滴水", 答复日期=D(2026, 2, 20), 完成日期=D(2026, 3, 1),
                  回访日期=D(2026, 3, 3), 回访结果="不满意", 客户名称="王建国", 联系电话="13812345678"),
        complaint("TS-2026-0003", D(2026, 3, 8), 房号="2栋1单元101", 类别="安全", 责任部门="保安部", 投诉方式="电话",
                  投诉内容摘要="=HYPERLINK(\"http://x\",\"门禁\") 坏了 <急> & 需处理", 是否重大="是",
                  处理结果="更换门禁主板", 答复日期=D(2026, 3, 9), 完成日期=D(2026, 3, 12), 客户名称="李四"),
        complaint("TS-2026-0004", D(2026, 4, 1), 房号="2栋2单元302", 类别="安全", 责任部门="保安部", 投诉方式="微信",
                  投诉内容摘要="陌生人尾随进楼", 答复日期=D(2026, 4, 2)),
        complaint("TS-2026-0005", D(2026, 5, 2), 房号="2栋3单元803", 类别="安全", 投诉方式="",
                  投诉内容摘要="夜间没有保安巡逻"),
        complaint("TS-2026-0006", D(2026, 6, 30), 房号="8栋1单元101", 类别="", 投诉内容摘要="草坪很久没修剪", **done),
        complaint("TS-2026-0007", D(2026, 6, 1), 状态="作废"),
    ]
    return rows


@pytest.fixture
def office(tmp_path):
    register = write_register(tmp_path / "客户投诉登记表.xlsx", {"2025年": _rows()[:6], "2026年": _rows()[6:]})
    _formula_text_as_typed(register)
    config = write_config(tmp_path, register=register)
    from kefu.core.settings import load_settings
    return load_settings(config), register, config


def _formula_text_as_typed(path) -> None:
    """A summary typed as '=HYPERLINK(...' is text in the register (openpyxl would store a formula)."""
    wb = openpyxl.load_workbook(path)
    for row in wb["2026年"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    wb.save(path)


def _docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_report_states_totals_with_year_on_year_and_period_on_period_changes(office, tmp_path):
    settings, register, _ = office
    before = sha256(register)
    run = compile_summary(settings, AS_OF, period="2026H1", json_path=tmp_path / "s.json")
    assert sha256(register) == before
    text = _docx_text(run.docx_path)
    assert "本期(2026年上半年)共受理投诉 6 件" in text
    assert "同比增长 50.0%(2025年上半年 4 件)" in text
    assert "环比增长 200.0%(2025年下半年 2 件)" in text
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["period"] == {"from": "2026-01-01", "to": "2026-06-30", "label": "2026年上半年"}
    assert data["total"] == 6
    assert data["year_earlier"]["total"] == 4 and data["previous"]["total"] == 2
    for key in ("by_category", "by_department", "by_channel", "by_month"):
        assert sum(data[key].values()) == 6
    assert data["callback_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert data["callback_satisfied_rate"] == 0.5
    assert [m["number"] for m in data["major"]] == ["TS-2026-0003"]
    kinds = {(g["kind"], g["category"]) for g in data["recurring"]}
    assert ("unit", "维修") in kinds and ("building", "安全") in kinds


def test_the_report_carries_no_names_or_phones_and_keeps_markup_as_text(office):
    settings, _, _ = office
    run = compile_summary(settings, AS_OF, period="2026H1")
    text = _docx_text(run.docx_path)
    assert "王建国" not in text and "李四" not in text and "13812345678" not in text
    assert "5栋1单元1202" not in text and "5栋****" in text
    assert "<急> & 需处理" in text   # autoescape keeps the text after < and &
    assert "反复出现的问题" in text and "建议跟进" in text and "更换门禁主板" in text


def test_the_workbook_has_native_charts_and_tables_matching_the_json(office, tmp_path):
    settings, _, _ = office
    run = compile_summary(settings, AS_OF, period="2026H1", json_path=tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(run.xlsx_path)
    for sheet, key in (("按类别", "by_category"), ("按部门", "by_department"), ("按渠道", "by_channel"),
                       ("按月份", "by_month")):
        ws = wb[sheet]
        assert ws._charts, sheet
        table = {}
        for name, count, _share in ws.iter_rows(min_row=2, max_col=3, values_only=True):
            if name == "合计":
                assert count == data["total"]
                break
            table[name] = count
        assert table == data[key]
    cell = next(c for row in wb["重大投诉"].iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    recurring = wb["反复出现的问题"]
    assert recurring.max_row - 1 == len(data["recurring"])


def test_an_empty_period_gives_a_short_report_saying_so(office, tmp_path):
    settings, _, _ = office
    run = compile_summary(settings, AS_OF, period="2024H2", json_path=tmp_path / "s.json")
    text = _docx_text(run.docx_path)
    assert "没有受理投诉" in text
    assert "投诉分布" not in text and not Document(str(run.docx_path)).inline_shapes
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["total"] == 0 and data["replied_on_time_rate"] is None and data["recurring"] == []
    assert openpyxl.load_workbook(run.xlsx_path).sheetnames == ["概况"]


def test_charts_carry_chinese_labels_without_missing_glyphs(office, tmp_path):
    from kefu.outputs.summary.charts import make_charts

    settings, _, _ = office
    run = compile_summary(settings, AS_OF, period="2026H1")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        charts = make_charts(run, tmp_path)
    made = [p for p in charts.values() if p]
    assert len(made) == 4 and all(p.stat().st_size > 5000 for p in made)
    assert len(Document(str(run.docx_path)).inline_shapes) == 4


def test_several_registers_are_compared_office_by_office(office, tmp_path):
    settings, register, _ = office
    east = write_register(tmp_path / "东区_客户投诉登记表.xlsx", {"2026年": _rows()[6:]})
    west = write_register(tmp_path / "西区_客户投诉登记表.xlsx", {"2026年": _rows()[6:9]})
    run = compile_summary(settings, AS_OF, period="2026H1", registers=[east, west], json_path=tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [(o["name"], o["total"]) for o in data["offices"]] == [("东区", 6), ("西区", 3)]
    assert data["total"] == 9
    text = _docx_text(run.docx_path)
    assert "各管理处对比" in text and "东区 | 6" in text and "西区 | 3" in text
    ws = openpyxl.load_workbook(run.xlsx_path)["各管理处对比"]
    assert ws._charts and [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["东区", "西区"]
    assert office_name(tmp_path / "客户投诉登记表(滨江).xlsx") == "滨江"


def test_the_script_writes_json_and_reports_where_the_files_are(office, tmp_path):
    _settings, register, config = office
    before = sha256(register)
    out = tmp_path / "figures.json"
    done = run_cli("compile_summary", "--config", config, "--as-of", "2026-07-06", "--json", out)
    assert done.returncode == 0, done.stderr
    assert "共受理投诉 6 件" in done.stdout and "投诉分析报告_2026H1.docx" in done.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 6   # default: the last finished half-year
    assert sha256(register) == before


def test_a_bad_period_is_one_chinese_line_and_exit_2(office):
    _settings, _, config = office
    done = run_cli("compile_summary", "--config", config, "--period", "2026H3")
    assert done.returncode == 2
    assert "无法识别" in done.stderr and "Traceback" not in done.stderr


@needs_soffice
def test_the_report_converts_to_pdf(office, tmp_path):
    from kefu.outputs.pdf import convert

    settings, _, _ = office
    run = compile_summary(settings, AS_OF, period="2026H1")
    pdf = convert([run.docx_path], "pdf", tmp_path / "pdf")[0]
    assert pdf.stat().st_size > 20000


def test_offices_compared_in_a_running_half_year_count_what_is_open_now_not_at_its_end(office, tmp_path):
    settings, _register, _ = office
    east = write_register(tmp_path / "东区_客户投诉登记表.xlsx", {"2026年": _rows()[6:]})
    west = write_register(tmp_path / "西区_客户投诉登记表.xlsx", {"2026年": _rows()[6:9]})
    running = compile_summary(settings, dt.date(2026, 5, 20), period="2026H1", registers=[east, west])
    ws = openpyxl.load_workbook(running.xlsx_path)["各管理处对比"]
    assert "目前未办结" in [c.value for c in ws[1]] and "期末未办结" not in [c.value for c in ws[1]]
    assert "目前未办结" in _docx_text(running.docx_path) and "期末未办结" not in _docx_text(running.docx_path)
    over = compile_summary(settings, AS_OF, period="2026H1", registers=[east, west])
    assert "期末未办结" in [c.value for c in openpyxl.load_workbook(over.xlsx_path)["各管理处对比"][1]]
    assert "期末未办结" in _docx_text(over.docx_path)
