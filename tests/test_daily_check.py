"""The daily check job end to end: console, findings workbook, JSON, ledger, script exit codes."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest

from conftest import complaint, needs_soffice, run_cli, sha256, write_config, write_register
from kefu.jobs import daily_check
from kefu.ledger import db as ledger
from kefu.jobs.daily_check import run_daily_check
from kefu.outputs.findings.console import render_console
from kefu.outputs.pdf import convert
from kefu.core.settings import load_settings

D = dt.date
AS_OF = D(2026, 3, 9)


def sample_rows():
    return [
        complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部", 答复日期=D(2026, 3, 4)),
        complaint("TS－2026－0002", D(2026, 3, 2), 客户名称="李梅", 责任部门="保洁部"),            # overdue
        complaint("TS-2026-0003", D(2026, 3, 3), 客户名称="赵刚", 责任部门="保安部", 是否重大="是"),  # overdue, major
        complaint("TS-2026-0004", D(2026, 3, 3), 状态="作废"),
        complaint("TS-2026-0006", D(2026, 3, 8), 通知单编号="TS-2026-0007", 答复日期=D(2026, 3, 8)),
    ]


def make_job(tmp_path, rows=None, text="", sheet="2026年"):
    register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx", {sheet: rows or sample_rows()})
    config = write_config(tmp_path, text, register=register)
    return register, config, load_settings(config)


def test_the_check_writes_a_findings_workbook_sorted_by_urgency_with_a_summary_first(tmp_path):
    _register, _config, settings = make_job(tmp_path)
    result = run_daily_check(settings, AS_OF)
    path = tmp_path / "output" / "检查结果" / "检查结果_2026-03-09.xlsx"
    assert result.outputs == [path] and path.is_file()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "超期未答复", "通知单编号不符", "缺号", "编号格式"]
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
    assert ["检查日期", "2026-03-09"] == summary[1][:2]
    assert ["超期未答复", 2] == summary[summary.index(["问题类别", "数量"]) + 1][:2] and ["缺号", 1] in summary
    overdue = wb["超期未答复"]
    assert [c.value for c in overdue[1]][:3] == ["序号", "严重程度", "编号"]
    # the major complaint first, then the older one
    assert [(r[2].value, r[3].value, r[4].value) for r in overdue.iter_rows(min_row=2)] == [
        ("TS-2026-0003", "赵刚", "保安部"), ("TS-2026-0002", "李梅", "保洁部")]
    assert overdue.freeze_panes == "A2" and overdue.print_title_rows == "$1:$1"
    # fitToWidth left out means 1 (the schema's default): Excel and XlsxWriter write only other values
    assert overdue.page_setup.orientation == "landscape" and (overdue.page_setup.fitToWidth or 1) == 1
    assert overdue.page_setup.fitToHeight == 0 and overdue.page_setup.paperSize == 9   # as tall as needed, A4
    assert overdue.sheet_properties.pageSetUpPr.fitToPage
    margins = overdue.page_margins                      # the margins its printed pages were laid out with
    assert (margins.left, margins.right, margins.top, margins.bottom, margins.header) == (0.75, 0.75, 1, 1, 0.5)
    assert overdue.column_dimensions["H"].width >= 40
    assert not (path.parent / ".~kefu-").exists() and [p.name for p in path.parent.iterdir()] == [path.name]


def relative(target: str) -> str:
    """A relative link target as a path here: Excel (and XlsxWriter) store it with backslashes,
    ..\\workbooks\\x.xlsx, whatever the system; only the separator is changed, nothing is dropped."""
    return target.replace("\\", "/")


def test_each_finding_links_to_the_register_cell_on_the_right_sheet(tmp_path):
    register, _config, settings = make_job(tmp_path, sheet="投诉'登记")
    path = run_daily_check(settings, AS_OF).outputs[0]
    ws = openpyxl.load_workbook(path)["超期未答复"]
    link = ws["I2"].hyperlink
    assert link.location == "'投诉''登记'!O5"          # 答复日期 of row 5, sheet name quoted as Excel does
    assert (path.parent / relative(link.target)).resolve() == register.resolve()
    notice = openpyxl.load_workbook(path)["通知单编号不符"]["I2"].hyperlink
    assert notice.location == "'投诉''登记'!L7"
    gap = openpyxl.load_workbook(path)["缺号"]
    assert gap["C2"].value == "TS-2026-0005" and gap["I2"].hyperlink is None


def test_text_beginning_with_an_equals_sign_is_stored_as_text_not_a_formula(tmp_path):
    register, _config, settings = make_job(tmp_path)
    wb = openpyxl.load_workbook(register)
    cell = wb["2026年"]["I4"]               # 投诉内容摘要 of TS-2026-0002
    cell.value, cell.data_type = "=HYPERLINK(\"http://x\",\"点我\")", "s"
    wb.save(register)
    path = run_daily_check(settings, AS_OF).outputs[0]
    ws = openpyxl.load_workbook(path)["超期未答复"]
    (summary,) = [r[6] for r in ws.iter_rows(min_row=2) if r[2].value == "TS-2026-0002"]
    assert summary.value.startswith("=HYPERLINK") and summary.data_type == "s" and summary.quotePrefix


@needs_soffice
def test_libreoffice_opens_the_findings_workbook_and_keeps_the_cell_links(tmp_path):
    register, _config, settings = make_job(tmp_path)
    path = run_daily_check(settings, AS_OF).outputs[0]
    outdir = tmp_path / "output" / "转换"                 # same depth: relative links stay comparable
    xlsx, pdf = convert([path], "xlsx", outdir)[0], convert([path], "pdf", outdir)[0]
    assert pdf.stat().st_size > 1000
    link = openpyxl.load_workbook(xlsx)["超期未答复"]["I2"].hyperlink
    assert link.location == "'2026年'!O5"
    assert (outdir / link.target).resolve() == register.resolve()


def test_a_row_deleted_between_two_runs_has_vanished(tmp_path):
    register, _config, settings = make_job(tmp_path)
    run_daily_check(settings, D(2026, 3, 8))
    rows = sample_rows()
    rows[4]["状态"] = "作废"          # voiding is fine ...
    del rows[2]                       # ... deleting TS-2026-0003 is not
    write_register(register, {"2026年": rows})
    result = run_daily_check(settings, AS_OF)
    vanished = [f for f in result.findings if f.rule == "number.vanished"]
    assert [(f.number, f.row) for f in vanished] == [("TS-2026-0003", None)]
    assert "2026-03-08" in vanished[0].message and "第 5 行" in vanished[0].message


def test_a_damaged_ledger_is_rebuilt_with_a_warning_and_the_check_still_runs(tmp_path):
    _register, _config, settings = make_job(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ledger.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_daily_check(settings, AS_OF)
    assert any("台账" in w and "重新建立" in w for w in result.warnings)
    assert result.count("reply.overdue") == 2
    assert list((tmp_path / "data").glob("ledger.damaged-*.sqlite3"))
    assert "台账" in render_console(result)


def test_a_2027_date_warns_once_in_console_workbook_and_json(tmp_path):
    rows = [complaint("TS-2027-0001", D(2027, 2, 1), 责任部门="工程部")]
    _register, _config, settings = make_job(tmp_path, rows, text="[deadlines]\nday_count = workdays\n")
    result = run_daily_check(settings, D(2027, 2, 8), json_path=tmp_path / "out.json")
    assert result.count("reply.overdue") == 1
    source, warning = result.warnings
    assert source == "工作日计算:2027 年没有节假日数据(按周末和固定节日计算)"
    assert warning.startswith("注意:节假日数据只到 2026 年,2027 年") and f"《{tmp_path / '节假日'}》" in warning
    summary = [c.value for row in openpyxl.load_workbook(result.outputs[0])["汇总"].iter_rows() for c in row]
    for line in (source, warning):
        assert render_console(result).count(line) == 1 and summary.count(line) == 1
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["warnings"] == [source, warning]


def test_the_console_lists_overdue_first_with_owner_department_and_days_then_counts(tmp_path):
    _register, _config, settings = make_job(tmp_path)
    text = render_console(run_daily_check(settings, AS_OF))
    overdue, counts, rest = text.index("【超期未答复】2 件"), text.index("【各类问题数量】"), text.index("【其他问题】")
    assert overdue < counts < rest
    block = text[overdue:counts]
    assert "TS-2026-0003" in block and "赵刚" in block and "保安部" in block and "6 天" in block
    assert "李梅" in block and "7 天" in block and "重大" in block and "上报经理" in block
    assert "缺号" in text[counts:rest] and "TS-2026-0005" in text[rest:]


def test_the_rules_get_what_the_job_loaded_through_one_ledger_connection(tmp_path, monkeypatch):
    _register, _config, settings = make_job(tmp_path)
    run_daily_check(settings, D(2026, 3, 8))   # the ledger knows the register's numbers now
    given, connections = {}, []

    def rules(register, ctx):
        given["ctx"] = ctx
        return real_rules(register, ctx)

    def connect(*args, **kwargs):
        connections.append(args)
        return real_connect(*args, **kwargs)
    real_rules, real_connect = daily_check.run_rules, ledger.connect
    monkeypatch.setattr(daily_check, "run_rules", rules)
    monkeypatch.setattr(ledger, "connect", connect)
    run_daily_check(settings, AS_OF)
    ctx = given["ctx"]
    assert len(connections) == 1
    assert ctx.issued_notices == [] and ctx.filed_notices == [] and ctx.callback_records == {}
    assert "TS-2026-0003" in ctx.seen_numbers and ctx.rectifications is None


def expected_json():
    return [
        {"rule": "reply.overdue", "severity": "error", "number": "TS-2026-0003", "sheet": "2026年", "row": 5},
        {"rule": "reply.overdue", "severity": "error", "number": "TS-2026-0002", "sheet": "2026年", "row": 4},
        {"rule": "number.notice_mismatch", "severity": "error", "number": "TS-2026-0006", "sheet": "2026年", "row": 7},
        {"rule": "number.gap", "severity": "warning", "number": "TS-2026-0005", "sheet": None, "row": None},
        {"rule": "number.format", "severity": "warning", "number": "TS-2026-0002", "sheet": "2026年", "row": 4},
    ]


def test_the_script_runs_end_to_end_writes_the_expected_json_and_leaves_the_register_unchanged(tmp_path):
    register, config, _settings = make_job(tmp_path)
    before = sha256(register)
    out = tmp_path / "结果.json"
    proc = run_cli("daily_check", "--config", config, "--as-of", "2026-03-09", "--json", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-03-09"
    assert [{k: f[k] for k in ("rule", "severity", "number", "sheet", "row")} for f in data["findings"]] == expected_json()
    assert all(f["message"] for f in data["findings"])
    assert "【超期未答复】2 件" in proc.stdout
    assert sha256(register) == before
    quiet = run_cli("daily_check", "--config", config, "--as-of", "2026-03-09", "--quiet")
    assert (quiet.returncode, quiet.stdout) == (0, "")
    assert sha256(register) == before


def test_the_script_exits_1_with_one_chinese_line_when_the_register_is_missing(tmp_path):
    config = write_config(tmp_path, register=tmp_path / "没有这个文件.xlsx")
    proc = run_cli("daily_check", "--config", config, "--as-of", "2026-03-09")
    assert proc.returncode == 1
    assert "没有这个文件.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "output" / "检查结果").exists()


@pytest.mark.parametrize("args", [("--as-of", "2026-02-30"), ("--no-such-option",)])
def test_the_script_exits_2_on_wrong_usage(tmp_path, args):
    proc = run_cli("daily_check", *args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("threads", [True, False])
def test_an_output_file_open_elsewhere_is_reported_not_half_written(tmp_path, monkeypatch, threads):
    from concurrent.futures import ThreadPoolExecutor

    from kefu.ledger import audit
    from kefu.core.errors import OutputError
    from kefu.ledger.seen_numbers import load_seen

    _register, _config, settings = make_job(tmp_path)
    if not threads:
        monkeypatch.setattr(ThreadPoolExecutor, "submit", _no_thread)

    def refuse(src, dst):
        raise PermissionError(13, "locked")
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="Excel"):
        run_daily_check(settings, AS_OF, json_path=tmp_path / "结果.json")
    assert list(Path(tmp_path / "output" / "检查结果").iterdir()) == []
    # no run is recorded with a workbook that was not written, and no JSON is left beside it; the
    # numbers the check saw in the register are remembered all the same
    assert audit.runs(settings) == [] and not (tmp_path / "结果.json").exists()
    conn = ledger.connect(settings)
    assert "TS-2026-0001" in load_seen(conn, Path(settings.paths.register))
    conn.close()


def _no_thread(self, *args, **kwargs):
    raise RuntimeError("can't start new thread")


def test_an_overdue_survey_rectification_appears_in_the_daily_check(tmp_path):
    import openpyxl

    from kefu.core.settings import load_settings

    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [complaint("TS-2026-0001", AS_OF)]})
    survey = tmp_path / "调查表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "2026年调查"
    wb.active.append(["问卷编号", "供电管理", "供水管理"])
    ws = wb.create_sheet("整改跟踪")
    ws.append(["项目", "存在问题", "责任部门", "整改期限", "状态", "完成日期"])
    ws.append(["公共设施管理", "地下车库照明不足", "工程部", AS_OF - dt.timedelta(days=3), "整改中", None])
    wb.save(survey)
    settings = load_settings(write_config(tmp_path, register=register, survey=survey))
    result = run_daily_check(settings, AS_OF)
    (overdue,) = [f for f in result.findings if f.rule == "rectify.overdue"]
    assert (overdue.sheet, overdue.row, overdue.severity) == ("整改跟踪", 2, "warning")
    assert "地下车库照明不足" in overdue.message
    book = openpyxl.load_workbook(result.outputs[0])
    (ws,) = [book[name] for name in book.sheetnames if name != "汇总" and "整改" in name]
    link = ws.cell(2, 9).hyperlink
    assert link.target.endswith("调查表.xlsx") and link.location == "'整改跟踪'!D2"


def test_an_unwritable_output_folder_is_one_error_and_no_stray_tracebacks(tmp_path, capfd):
    import gc

    from kefu.core.errors import OutputError
    from kefu.outputs.findings.workbook import write_findings_workbook
    from kefu.read.register import read_register
    from kefu.core.settings import load_settings

    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [complaint("TS-2026-0001", AS_OF)]})
    settings = load_settings(write_config(tmp_path, register=register))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    findings = run_daily_check(settings, AS_OF).findings
    with pytest.raises(OutputError, match="not-a-folder"):
        write_findings_workbook(blocker / "检查结果.xlsx", findings, read_register(settings), AS_OF)
    gc.collect()
    assert "Exception ignored" not in capfd.readouterr().err


def test_findings_rows_are_tall_enough_to_print_the_whole_message(tmp_path):
    from kefu.outputs.findings.workbook import COLUMNS, display_width, row_height

    assert display_width("漏水ab") == 6
    assert row_height("短", "短") == 15
    long_message = "答复期限已过,请督促责任部门立即答复业主并填写答复日期。" * 4   # 112 characters, 224 units
    usable = dict(COLUMNS)["说明"] - 1
    assert row_height("短", long_message) == 15 * -(-224 // usable) > 15 * 3
    register, _config, settings = make_job(tmp_path)
    result = run_daily_check(settings, AS_OF)
    book = openpyxl.load_workbook(result.outputs[0])
    ws = book[[n for n in book.sheetnames if n != "汇总"][0]]
    message = ws.cell(2, 8).value
    assert ws.row_dimensions[2].height == row_height(ws.cell(2, 7).value or "", message) >= 15


def test_every_console_line_names_the_complaint_number(tmp_path):
    from kefu.outputs.findings.console import render_console

    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 答复日期=D(2026, 3, 6), 通知单编号="TS-2026-0001")]
    _register, _config, settings = make_job(tmp_path, rows)
    text = render_console(run_daily_check(settings, AS_OF))
    (late,) = [line for line in text.splitlines() if "逾期答复]" in line]
    assert "第 3 行 TS-2026-0001 " in late and "晚了 2 天" in late


def test_an_unreadable_register_leaves_a_damaged_ledger_for_the_run_that_can_say_so(tmp_path):
    """The ledger is opened while the register is read; a damaged one is rebuilt (with its warning)
    only by a run that goes on, so the warning is never lost with a failed run."""
    from kefu.core.errors import InputError

    register, _config, settings = make_job(tmp_path)
    (tmp_path / "data").mkdir()
    damaged = tmp_path / "data" / "ledger.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    register.write_bytes(b"not a workbook")
    with pytest.raises(InputError):
        run_daily_check(settings, AS_OF)
    assert damaged.read_bytes() == b"this is not a database" * 100
    assert not list((tmp_path / "data").glob("ledger.damaged-*"))
    write_register(register, {"2026年": sample_rows()})
    assert any("台账" in w and "重新建立" in w for w in run_daily_check(settings, AS_OF).warnings)


@pytest.mark.parametrize("register_ok", [True, False])
def test_the_register_error_comes_first_and_a_callback_records_error_otherwise(tmp_path, monkeypatch, register_ok):
    from kefu.core.errors import InputError

    register, _config, settings = make_job(tmp_path)
    run_daily_check(settings, D(2026, 3, 8))            # a healthy ledger: the other workbooks are read first

    def broken_records(_settings):
        raise InputError("回访记录表坏了")
    monkeypatch.setattr(daily_check, "callback_context", broken_records)
    if not register_ok:
        register.write_bytes(b"not a workbook")
    with pytest.raises(InputError) as raised:
        run_daily_check(settings, AS_OF)
    assert ("回访记录表坏了" in str(raised.value)) == register_ok


def test_without_a_thread_reading_and_recording_happen_one_after_the_other(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from kefu.ledger import audit

    _register, _config, settings = make_job(tmp_path)
    expected = run_daily_check(settings, D(2026, 3, 8))
    monkeypatch.setattr(ThreadPoolExecutor, "submit", _no_thread)
    result = run_daily_check(settings, D(2026, 3, 8))
    assert [f.to_json() for f in result.findings] == [f.to_json() for f in expected.findings]
    runs = audit.runs(settings)
    assert len(runs) == 2 and runs[0]["counts"] == runs[1]["counts"] and runs[1]["outputs"] == [str(p) for p in result.outputs]


@pytest.mark.parametrize("lock", ["~$客户投诉登记表.xlsx", ".~lock.客户投诉登记表.xlsx#"])
def test_a_register_open_in_excel_or_libreoffice_is_said_in_one_line_and_left_unchanged(tmp_path, lock):
    register, config, _settings = make_job(tmp_path)
    (register.parent / lock).write_bytes(b"\x0bclerk\x00" * 8)   # what the office program leaves beside it
    before = sha256(register)
    proc = run_cli("daily_check", "--config", config, "--as-of", "2026-03-09")
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stdout.splitlines() if "尚未保存的修改没有包括在内" in line]
    assert said == [f"!! 登记表《客户投诉登记表.xlsx》正在 Excel/WPS 中打开(发现锁文件《{lock}》):本次检查读的是"
                    f"上次保存的内容,尚未保存的修改没有包括在内;请先保存,再重新运行每日检查。"]
    assert "【超期未答复】2 件" in proc.stdout                  # the saved file is still checked
    assert sha256(register) == before


def test_without_a_lock_file_nothing_is_said_about_unsaved_edits(tmp_path):
    _register, _config, settings = make_job(tmp_path)
    result = run_daily_check(settings, AS_OF)
    assert not [w for w in result.warnings if "尚未保存" in w]
