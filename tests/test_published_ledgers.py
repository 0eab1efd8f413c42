"""Registers laid out like published ledgers (tests/published_ledgers.py), read with no [columns]: exactly
the planted findings, 未检查 (never 0) for what a layout cannot express, every sheet accounted for."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest

from conftest import needs_soffice, run_cli, sha256, write_config
from published_ledgers import ALWAYS_NOT_CHECKED, AS_OF, FSNEWS, FSNEWS_COLS, LAYOUTS, NUMBER_RULES, _write, renamed_sheet
from kefu.core.dates import to_date
from kefu.core.errors import InputError
from kefu.core.settings import load_settings
from kefu.jobs.daily_check import result_json, run_daily_check
from kefu.jobs.make_callback_list import make_callback_list
from kefu.jobs.make_notices import make_notices
from kefu.outputs.findings.console import render_console
from kefu.outputs.reminder import check_sections
from kefu.outputs.pdf import convert
from kefu.rules.urgency import disabled_rules, rule_title

D = dt.date


def _run(tmp_path, register, text=""):
    settings = load_settings(write_config(tmp_path, text, register=register))
    return run_daily_check(settings, AS_OF, json_path=tmp_path / "result.json"), settings


def _by_key(result, places) -> dict[str, list]:
    got: dict[str, list] = {}
    for f in result.findings:
        if f.rule != "column.missing":
            got.setdefault(f.rule, []).append(places.get((f.sheet, f.row), (f.sheet, f.row)))
    return {rule: sorted(keys, key=str) for rule, keys in got.items()}


def _assert_layout(result, places, layout):
    assert _by_key(result, places) == layout.expected
    disabled = disabled_rules(result.findings)
    assert set(disabled) == set(layout.not_checked) | set(ALWAYS_NOT_CHECKED)
    console = render_console(result)
    for rule in layout.not_checked:
        assert rule not in {f.rule for f in result.findings}
        assert any(line.strip().startswith(rule_title(rule)) and line.strip().endswith("未检查")
                   for line in console.splitlines()), rule
    if "reply.overdue" in layout.not_checked:
        assert "【超期未答复】未检查" in console and "【超期未答复】0 件" not in console
    assert sorted(f"{i.state}:{i.name}" for i in result.register.unaccounted) == sorted(layout.incomplete)
    for sheet, rows in layout.rows.items():
        assert next(i.rows for i in result.register.sheets if i.name == sheet) == rows


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_a_published_ledger_is_read_without_columns_and_gives_exactly_the_planted_findings(tmp_path, name):
    layout = LAYOUTS[name]
    register = tmp_path / "book" / "登记表.xlsx"
    places = layout.build(register)
    before = sha256(register)
    result, _settings = _run(tmp_path, register, layout.config)
    _assert_layout(result, places, layout)
    assert sha256(register) == before


def test_the_first_complaint_of_a_newest_first_sheet_is_never_swallowed_into_the_header(tmp_path):
    register = tmp_path / "r.xlsx"
    places = LAYOUTS["short_first_row"].build(register)
    result, _settings = _run(tmp_path, register, LAYOUTS["short_first_row"].config)
    info = result.register.sheets[0]
    assert info.header_row == 2 and info.headers["summary"] == "留言详情" and "department" not in info.columns
    assert places[("2026年", 3)] == "overdue_22"
    assert [f.row for f in result.findings if f.rule == "reply.overdue"] == [3]
    assert "【超期未答复】1 件" in render_console(result)


def test_of_two_number_columns_the_one_holding_the_pattern_is_the_number(tmp_path):
    register = tmp_path / "r.xlsx"
    LAYOUTS["hotline_detail"].build(register)
    info = _run(tmp_path, register)[0].register.sheets[0]
    assert info.headers["number"] == "办件编号" and ("C", "市级编号") in info.unused
    assert info.headers["customer"] == "来电人" and info.headers["summary"] == "诉求内容"


def test_a_person_or_an_id_is_never_the_summary_and_the_details_beat_the_title(tmp_path):
    register = tmp_path / "r.xlsx"
    LAYOUTS["message_board"].build(register)
    info = _run(tmp_path, register)[0].register.sheets[0]
    assert info.headers["summary"] == "留言详情" and info.headers["customer"] == "留言用户"
    assert info.headers["received_on"] == "留言时间" and info.headers["replied_on"] == "答复时间"
    assert "number" not in info.columns


def test_columns_under_headers_that_name_nothing_are_known_by_their_dates_and_departments(tmp_path):
    register = tmp_path / "r.xlsx"
    LAYOUTS["unnamed_date_column"].build(register)
    info = _run(tmp_path, register)[0].register.sheets[0]
    assert info.headers["received_on"] == "记录" and info.headers["department"] == "经办"
    assert info.headers["phone"] == "联络"


def test_a_callback_list_without_a_completion_column_says_not_checked(tmp_path):
    register = tmp_path / "r.xlsx"
    LAYOUTS["message_board"].build(register)
    settings = load_settings(write_config(tmp_path, register=register))
    run = make_callback_list(settings, AS_OF)
    assert any("待回访未检查" in w for w in run.warnings)


def test_without_a_number_column_number_rules_say_not_checked_with_the_line_that_enables_them(tmp_path):
    register = tmp_path / "r.xlsx"
    LAYOUTS["record_with_serial"].build(register)
    result, settings = _run(tmp_path, register)
    missing = [f for f in result.findings if f.rule == "column.missing" and f.field == "number"]
    assert len(missing) == 1 and set(missing[0].disables) == set(NUMBER_RULES)
    assert "number = 序号" in missing[0].message and "只有当序号就是贵处的投诉编号时" in missing[0].message
    with pytest.raises(InputError) as err:
        make_notices(settings, AS_OF)
    assert "没有找到“编号”列" in str(err.value) and "\n" not in str(err.value)


def test_without_a_callback_source_callback_due_is_not_checked_never_a_list_of_everyone(tmp_path):
    register = tmp_path / "r.xlsx"
    cols = ["number", "name", "phone", "received", "what", None, None, "replied", None, "replied"]
    headers = FSNEWS[:8] + [None, FSNEWS[9]]     # 完成时间 kept, 满意度评价 gone: nowhere to write a callback
    places = _write(register, [("2026年", [headers], ["late", "ok"], cols)])
    result, _settings = _run(tmp_path, register)
    assert "callback.due" in disabled_rules(result.findings)
    assert _by_key(result, places) == {"reply.late": ["late"]}


def test_a_renamed_sheet_is_said_first_everywhere_and_its_numbers_never_vanish(tmp_path):
    register = tmp_path / "book" / "登记表.xlsx"
    config = LAYOUTS["renamed_sheet"].config
    _write(register, [("2025年", [FSNEWS], ["ok"], FSNEWS_COLS), ("2026年", [FSNEWS], ["late", "twin1"], FSNEWS_COLS)])
    first, _settings = _run(tmp_path, register, config)
    assert not first.register.unaccounted and len(first.register.complaints) == 3
    renamed_sheet(register)      # the 2026 sheet is now 2026年度, with more rows
    result, settings = _run(tmp_path, register, config)
    assert not [f for f in result.findings if f.rule == "number.vanished"]
    console = render_console(result).splitlines()
    assert console[2] == "【工作表未检查,结果可能不完整】" and "「2026年」" in console[3] and "「2026年度」" in console[4]
    assert "可能不完整" in console[5]
    data = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert list(data)[:2] == ["as_of", "incomplete"] and "「2026年度」" in data["incomplete"][1]
    assert {s["sheet"]: s["state"] for s in data["sheets"]} == {"2025年": "read", "2026年": "missing",
                                                             "2026年度": "unlisted"}
    assert data == result_json(result)
    assert check_sections(result)[0].title == "工作表未检查(结果可能不完整)"
    assert result.warnings[:3] == data["incomplete"]
    summary = openpyxl.load_workbook(result.outputs[0], read_only=True)["汇总"]
    rows = [r for r in summary.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert [r[0] for r in rows] == ["工作表未检查"] * 3 and rows[0][2] == data["incomplete"][0]
    printed = openpyxl.load_workbook(result.outputs[0], read_only=True)["打印版"]   # what the clerk prints, too
    lines = [r[0] for r in printed.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert lines == [f"工作表未检查:{line}" for line in data["incomplete"]]
    texts = [str(c) for row in printed.iter_rows(values_only=True) for c in row if c]
    assert not [t for t in texts if t.startswith("注意") and t[3:] in data["incomplete"]]   # said once


def test_read_workbooks_shows_every_sheet_and_rows_that_add_up(tmp_path):
    register = tmp_path / "book" / "登记表.xlsx"
    renamed_sheet(register)
    config = write_config(tmp_path, LAYOUTS["renamed_sheet"].config, register=register)
    out = run_cli("read_workbooks", "--config", config, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "「2025年」表头下共 1 行:投诉 1 条、作废 0 条、空行 0 行" in out.stdout
    assert "工作表「2026年」:找不到" in out.stdout and "工作表「2026年度」:没有读取" in out.stdout
    assert out.stdout.index("找不到 config.ini") < out.stdout.index("工作表「2025年」")


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", ["petition_ledger", "hotline_detail", "short_first_row"])
def test_a_published_ledger_saved_by_libreoffice_is_read_the_same(tmp_path, name):
    layout = LAYOUTS[name]
    source = tmp_path / "src" / "登记表.xlsx"
    places = layout.build(source)
    (saved,) = convert([source], "xlsx", tmp_path / "lo")
    register = tmp_path / "book" / "登记表.xlsx"
    register.parent.mkdir()
    shutil.copy(saved, register)
    before = sha256(register)
    result, _settings = _run(tmp_path, register, layout.config)
    _assert_layout(result, places, layout)
    assert sha256(register) == before


@pytest.mark.parametrize("text, day", [("2026年2月4日12时", D(2026, 2, 4)), ("2026年2月4日9时30分", D(2026, 2, 4)),
                                       ("2026年2月4日上午", D(2026, 2, 4)), ("2026-3-5 10点", D(2026, 3, 5)),
                                       ("2026-3-5 下午3点半", D(2026, 3, 5)), ("2026年3月5日 晚上8:30", D(2026, 3, 5)),
                                       ("2026/3/5 9:05:00", D(2026, 3, 5))])
def test_date_times_as_offices_type_them_are_read(text, day):
    assert to_date(text) == day


def test_every_row_below_the_header_is_a_complaint_voided_blank_or_unreadable_and_they_add_up(tmp_path):
    register = tmp_path / "r.xlsx"
    headers = ["序号", "编号", "受理时间", "业主", "投诉内容", "状态", "答复日期"]
    rows = [[1, "TS-2026-0001", "2026年11月24日9时", "王建国", "漏水", None, D(2026, 11, 25)],
            [2, "TS-2026-0002", "2026年11月24日10时", "李梅", "电梯", "作废", None],
            [3], [],
            [5, "TS-2026-0003", "12时", "张强", "堆物", None, D(2026, 11, 25)],
            [6, "TS-2026-0004", D(2026, 11, 25), "赵敏", "噪音", None, D(2026, 11, 25)]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年"
    for values in [headers] + rows:
        ws.append(values)
    wb.save(register)
    result, _settings = _run(tmp_path, register)
    info = result.register.sheets[0]
    assert (info.rows - info.voided - info.unreadable, info.voided, info.blank, info.unreadable) == (2, 1, 2, 1)
    assert info.rows + info.blank == len(rows)
    unreadable = [f for f in result.findings if f.rule == "date.unreadable"]
    assert len(unreadable) == 1 and "C6" in unreadable[0].message and "「12时」" in unreadable[0].message


@pytest.mark.parametrize("headers, asked", [
    (["编号", "记录", "备查", "业主", "投诉内容", "答复日期"], "都像是“登记日期”"),      # two unnamed date columns
    (["办件编号", "市级编号", "受理日期", "业主", "投诉内容", "答复日期"], "都像是“编号”"),   # neither holds the pattern
])
def test_when_the_evidence_cannot_decide_the_one_clear_question_stays(tmp_path, headers, asked):
    register = tmp_path / "r.xlsx"
    first = headers[1] == "记录"
    cols = (["number", "received", "replied", "name", "what", "replied"] if first else
            [lambda c: f"BJ{c['i']:04d}", lambda c: f"SJ{c['i']:04d}", "received", "name", "what", "replied"])
    _write(register, [("2026年", [headers], ["late", "ok"], cols)])
    with pytest.raises(InputError) as err:
        _run(tmp_path, register)
    assert asked in str(err.value) and "[columns]" in str(err.value)


def test_the_half_year_analysis_of_a_register_not_read_whole_says_so(tmp_path):
    register = tmp_path / "book" / "登记表.xlsx"
    renamed_sheet(register)
    config = write_config(tmp_path, LAYOUTS["renamed_sheet"].config, register=register)
    out = run_cli("compile_summary", "--config", config, "--period", "2026H2", "--as-of", "2026-11-26",
                  cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "「2026年度」看起来是投诉登记表" in out.stdout and "统计数字)可能不完整" in out.stdout
