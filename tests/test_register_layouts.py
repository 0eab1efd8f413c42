"""The office's own register on the first try: grouped headers, the words offices use, no [columns]."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from docx import Document

from conftest import HEADERS, complaint, needs_soffice, run_cli, sha256, write_config, write_register
from register_layouts import AS_OF, EXPECTED, LAYOUTS, grouped_two_rows
from kefu.core.errors import InputError
from kefu.core.settings import load_settings
from kefu.jobs.daily_check import run_daily_check
from kefu.outputs.findings.console import render_console
from kefu.outputs.pdf import convert
from kefu.outputs.reminder import write_reminder
from kefu.read.register import read_register

ALLOWED = set(EXPECTED) | {"column.missing"}


def _check(tmp_path, register, text=""):
    settings = load_settings(write_config(tmp_path, text, register=register))
    return run_daily_check(settings, AS_OF, json_path=tmp_path / "result.json"), settings


def _assert_planted(result):
    by_rule: dict[str, list] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f.number)
    assert set(by_rule) <= ALLOWED, by_rule
    for rule, numbers in EXPECTED.items():
        assert sorted(by_rule.get(rule, [])) == numbers, rule
    assert len(result.register.complaints) == 5


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_office_layout_is_read_without_columns_and_finds_exactly_the_planted_complaints(tmp_path, layout):
    register = LAYOUTS[layout](tmp_path / "book" / "登记表.xlsx")
    before = sha256(register)
    result, _settings = _check(tmp_path, register)
    _assert_planted(result)
    assert sha256(register) == before


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_grouped_header_saved_by_libreoffice_as_xls_or_ods_is_read_the_same(tmp_path, fmt):
    source = grouped_two_rows(tmp_path / "src" / "登记表.xlsx")
    (saved,) = convert([source], fmt, tmp_path / "lo")
    before = sha256(saved)
    result, _settings = _check(tmp_path, saved)
    _assert_planted(result)
    info = result.register.sheets[0]
    assert info.headers["received_on"] == "受理/日期" and info.headers["callback_on"] == "回访/日期"
    assert info.columns["replied_on"] == "K"
    assert sha256(saved) == before


def test_a_column_missing_from_one_sheet_only_names_that_sheet(tmp_path):
    result, _settings = _check(tmp_path, LAYOUTS["layout_changed_midyear"](tmp_path / "book" / "r.xlsx"))
    notice = [f for f in result.findings if f.rule == "column.missing" and f.field == "notice_number"]
    assert len(notice) == 1 and notice[0].sheet == "2026年10-11月"
    assert notice[0].message.startswith("工作表「2026年10-11月」中没有找到“通知单编号”列,【通知单编号不符】未检查")
    assert [i.header_row for i in result.register.sheets] == [1, 3]


def test_grouped_columns_are_named_parent_and_child_and_the_time_never_replaces_the_date(tmp_path, settings_for):
    register = read_register(settings_for(register=LAYOUTS["grouped_two_rows"](tmp_path / "r.xlsx")))
    info = register.sheets[0]
    assert info.header_row == 3
    assert info.headers == {
        "number": "编号", "received_on": "受理/日期", "received_time": "受理/时间", "customer": "投诉人/姓名",
        "unit": "投诉人/房号", "phone": "投诉人/电话", "summary": "投诉内容", "department": "处理情况/责任部门",
        "notice_number": "处理情况/通知单号", "replied_on": "处理情况/答复日期", "result": "处理情况/处理结果",
        "callback_on": "回访/日期", "callback_result": "回访/情况", "satisfied": "回访/是否满意"}
    assert info.unused == [("A", "序号")]
    first = register.complaints[0]
    assert (first.row, first.received_on, first.received_time) == (4, dt.date(2026, 11, 10), "09:30")


def test_separate_date_and_time_columns_are_both_read(tmp_path, settings_for):
    register = read_register(settings_for(register=LAYOUTS["date_and_time_columns"](tmp_path / "r.xlsx")))
    c = register.complaints[1]
    assert (c.received_on, c.received_time, c.replied_on, c.replied_time) == (
        dt.date(2026, 11, 10), "14:05", dt.date(2026, 11, 20), "17:00")


def test_a_time_only_column_beside_a_date_column_never_becomes_the_received_date(tmp_path, settings_for):
    headers = ["编号", "登记时间", "投诉日期", "答复日期"]
    rows = [{"编号": "TS-2026-0001", "登记时间": dt.time(9, 30), "投诉日期": dt.date(2026, 11, 10)}]
    path = write_register(tmp_path / "r.xlsx", {"s": rows}, headers=headers)
    register = read_register(settings_for(register=path))
    assert register.sheets[0].columns["received_on"] == "C"
    assert register.complaints[0].received_on == dt.date(2026, 11, 10) and not register.findings


def test_dates_without_a_year_take_the_one_year_of_the_title_else_they_are_unreadable(tmp_path, settings_for):
    path = LAYOUTS["dates_without_year"](tmp_path / "r.xlsx")
    register = read_register(settings_for(register=path))
    assert register.sheets[0].year == 2026
    assert [c.received_on for c in register.complaints][:3] == [
        dt.date(2026, 11, 10), dt.date(2026, 11, 10), dt.date(2026, 11, 24)]
    rows = [complaint("TS-2026-0001", "11月10日")]
    two_years = write_register(tmp_path / "two.xlsx", {"2025-2026年": rows}, title="2025年、2026年投诉登记")
    register = read_register(settings_for(register=two_years))
    assert register.complaints[0].received_on is None
    assert [f.rule for f in register.findings] == ["date.unreadable"]
    assert "11月10日" in register.findings[0].message and "年份" in register.findings[0].message


def test_an_unrecognised_reply_header_is_said_first_everywhere_and_never_as_zero_overdue(tmp_path):
    register = grouped_two_rows(tmp_path / "book" / "登记表.xlsx", reply_header="办理回音日")
    result, settings = _check(tmp_path, register)
    data = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    missing = [f for f in data["findings"] if f["rule"] == "column.missing" and f["field"] == "replied_on"]
    assert len(missing) == 1
    f = missing[0]
    assert (f["severity"], f["number"], f["row"], f["sheet"]) == ("error", None, None, "2026年")
    assert f["disables"] == ["reply.overdue", "reply.due_soon", "reply.late"]   # most urgent first
    assert "答复日期" in f["message"] and "【超期未答复】" in f["message"]
    assert "replied_on = 处理情况/办理回音日" in f["message"]
    assert data["findings"][0]["rule"] == "column.missing"
    summary = openpyxl.load_workbook(result.outputs[0], read_only=True)["汇总"]
    rows = [[v for v in row] for row in summary.iter_rows(values_only=True)]
    assert rows[1][0] == "未能检查" and "“答复日期”列" in rows[1][2]   # right under the title
    assert ("超期未答复", "未检查") in [tuple(r[:2]) for r in rows]
    assert not [r for r in rows if r[0] == "超期未答复" and r[1] == 0]
    console = render_console(result)
    first_block = console.split("\n\n")[1]
    assert first_block.startswith("【未能检查】") and "“答复日期”列" in first_block
    assert "【超期未答复】未检查" in console
    assert "0 件" not in console and "没有超期未答复" not in console
    for fmt in ("txt", "docx"):
        settings = settings.with_values(schedule={"reminder_format": fmt})
        out = write_reminder(settings, AS_OF, result, [], [])
        if fmt == "txt":
            lines = out.read_text(encoding="utf-8").splitlines()
        else:
            lines = [p.text for p in Document(str(out)).paragraphs]
        first = [line.strip(" ·") for line in lines[1:] if line.strip()][:2]   # after the title
        assert first[0].startswith(("【未能检查", "未能检查")), lines[:4]
        assert first[1].startswith("登记表中没有找到“答复日期”列,【超期未答复】、【即将到期】、【逾期答复】未检查")
        assert any(line.strip(" ·") == "未检查超期未答复:登记表中没有找到“答复日期”列。" for line in lines)


def test_the_first_daily_check_of_a_register_shows_the_mapping_once(tmp_path):
    register = grouped_two_rows(tmp_path / "book" / "登记表.xlsx")
    first, _ = _check(tmp_path, register)
    assert "处理情况/答复日期" in render_console(first) and "【首次检查这份登记表" in render_console(first)
    second, _ = _check(tmp_path, register)
    assert "【首次检查这份登记表" not in render_console(second)


def test_read_workbooks_shows_each_field_its_column_and_header_and_the_columns_lines_to_paste(tmp_path):
    register = grouped_two_rows(tmp_path / "book" / "登记表.xlsx", reply_header="办理回音日")
    config = write_config(tmp_path, register=register)
    done = run_cli("read_workbooks", "--config", config)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert "    登记日期(received_on) ← C 列「受理/日期」" in out
    assert "    回访日期(callback_on) ← M 列「回访/日期」" in out
    assert "    未使用的列:A「序号」、K「处理情况/办理回音日」" in out
    assert "      replied_on = 处理情况/办理回音日    ← 答复日期:可能是 K 列「处理情况/办理回音日」" in out
    assert "      completed_on = 贵处的列名    ← 完成日期" in out
    # the suggested line, pasted into [columns], settles it
    config = write_config(tmp_path, "[columns]\nreplied_on = 处理情况/办理回音日\n", register=register)
    result, _ = _check(tmp_path, register, "[columns]\nreplied_on = 处理情况/办理回音日\n")
    _assert_planted(result)
    assert not [f for f in result.findings if f.rule == "column.missing" and f.field == "replied_on"]


def test_columns_takes_a_grouped_header_as_parent_slash_child(tmp_path, settings_for):
    top = ["编号", "登记日期", "跟进", None]
    sub = [None, None, "日期", "情况"]
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(top), ws.append(sub)
    ws.merge_cells("C1:D1"), ws.merge_cells("A1:A2"), ws.merge_cells("B1:B2")
    ws.append(["TS-2026-0001", dt.date(2026, 11, 1), dt.date(2026, 11, 5), "满意"])
    wb.save(path)
    register = read_register(settings_for("[columns]\ncallback_on = 跟进/日期\ncallback_result = 跟进/情况\n",
                                          register=path))
    assert register.sheets[0].columns == {"number": "A", "received_on": "B", "callback_on": "C",
                                          "callback_result": "D"}
    assert register.complaints[0].callback_on == dt.date(2026, 11, 5)


def test_a_columns_line_that_fits_several_grouped_columns_asks_for_parent_slash_child(tmp_path, settings_for):
    path = grouped_two_rows(tmp_path / "r.xlsx")
    with pytest.raises(InputError, match=r"callback_on 所写的列名同时符合.*C3.*M3.*callback_on = 受理/日期"):
        read_register(settings_for("[columns]\ncallback_on = 日期\n", register=path))


def test_two_headers_that_mean_one_field_are_one_error_naming_both_and_the_line_that_settles_it(
        tmp_path, settings_for):
    headers = ["编号", "投诉时间", "来访时间", "回复时间"]
    path = write_register(tmp_path / "r.xlsx", {"s": [{"编号": "TS-2026-0001"}]}, headers=headers)
    with pytest.raises(InputError, match=r"「投诉时间」\(B2\)和「来访时间」\(C2\)都像是“登记日期”.*received_on = 投诉时间"):
        read_register(settings_for(register=path))
    settled = read_register(settings_for("[columns]\nreceived_on = 投诉时间\n", register=path))
    assert settled.sheets[0].columns["received_on"] == "B"


def test_a_header_that_could_be_two_fields_is_one_error_naming_it(tmp_path, settings_for):
    headers = ["编号", "登记日期", "答复及回访日期"]
    path = write_register(tmp_path / "r.xlsx", {"s": [{"编号": "TS-2026-0001"}]}, headers=headers)
    with pytest.raises(InputError, match=r"「答复及回访日期」\(C2\)看不出是“答复日期”还是“回访日期”.*replied_on = 答复及回访日期"):
        read_register(settings_for(register=path))


def test_exact_aliases_win_over_the_matcher(tmp_path, settings_for):
    headers = [*HEADERS, "回复业主时间"]
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", dt.date(2026, 11, 1))]},
                          headers=headers)
    info = read_register(settings_for(register=path)).sheets[0]
    assert info.columns["replied_on"] == "O" and info.columns["replied_time"] == "AB"
