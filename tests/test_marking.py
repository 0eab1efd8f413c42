"""Marking the register file: only kefu's marks change, old marks are replaced, unsafe files refused."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import REPO, SCRIPTS, needs_soffice, run_cli, sha256, write_config
from kefu.core.errors import InputError, OutputError
from kefu.core.findings import Finding
from kefu.core.settings import load_settings
from kefu.jobs.mark_register import mark_after_check, run_and_mark
from kefu.marking import file as mark_file
from kefu.marking.mark import mark_register
from kefu.marking.snapshot import cell_formats, differences, take_snapshot
from kefu.read.register import read_register
from kefu.rules.context import RuleContext
from kefu.rules.daily import run_rules
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

DEMO = REPO / "workbooks" / "客户投诉登记表.xlsx"
AS_OF = dt.date(2026, 11, 26)
KEFU_RED, KEFU_YELLOW = "FFB4B4", "FFE28A"


@pytest.fixture
def office(tmp_path):
    """(settings, register path) for a copy of the demo register in its own folder."""
    register = tmp_path / "登记表" / DEMO.name
    register.parent.mkdir()
    shutil.copyfile(DEMO, register)
    return load_settings(write_config(tmp_path, register=register)), register


def rule_findings(settings, as_of=AS_OF):
    """Findings from kefu's own rules on the register (as the daily check will produce them)."""
    return run_rules(read_register(settings), RuleContext.create(settings, as_of))


def fill_rgb(cell) -> str | None:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else None


def values_outside(snapshot, columns: dict[str, set[int]] | None = None):
    columns = columns or {}
    return {s: {k: v for k, v in cells.items() if k[1] not in columns.get(s, set())}
            for s, cells in snapshot.values.items()}


# ------------------------------------------------------------------------------------------ only marks change
def test_marking_the_demo_register_changes_only_the_marked_cells(office):
    settings, register = office
    findings = rule_findings(settings)
    before = take_snapshot(register)
    result = mark_register(settings, findings, as_of=AS_OF, excel=False)

    after = take_snapshot(register)
    assert after.sheets == before.sheets == ["填表说明", "2025年", "2026年"]
    assert after.sheets_openpyxl == before.sheets_openpyxl
    assert after.values == before.values                 # every cell value, every sheet
    assert after.formats == before.formats               # number formats from the raw XML
    assert len(result.marked) == len({(f.sheet, f.row, f.column or "B") for f in findings if f.sheet and f.row})

    wb = openpyxl.load_workbook(register)
    unreadable = wb["2026年"]["Y154"]                     # date.unreadable names its column
    assert fill_rgb(unreadable) == KEFU_YELLOW
    assert unreadable.comment.author == "kefu"
    assert unreadable.comment.text.startswith("【kefu】2026-11-26")
    assert "下周一" in unreadable.comment.text
    marked = {(m.sheet, m.ref) for m in result.marked}
    for ws in wb.worksheets:                             # no fill or comment anywhere else
        for row in ws.iter_rows():
            for cell in row:
                if (ws.title, cell.coordinate) not in marked:
                    assert cell.comment is None
                    assert fill_rgb(cell) not in (KEFU_RED, KEFU_YELLOW, "C6E2FF")
    assert result.backup.is_file() and sha256(result.backup) == sha256(DEMO)
    assert "标记" in result.summary_zh()


def test_chinese_date_formats_survive_marking(office):
    settings, register = office
    mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    formats = cell_formats(register)["2025年"]
    assert formats[(4, 3)] == 'yyyy"年"m"月"d"日"'       # 登记日期 on sheet 2025年
    from python_calamine import CalamineWorkbook
    assert CalamineWorkbook.from_path(str(register)).get_sheet_by_name("2025年").to_python()[3][2] == dt.date(2025, 6, 1)


def test_a_builtin_chinese_date_format_keeps_its_id(office, tmp_path):
    """Excel stores 2025年6月1日 as built-in format 31, which openpyxl reads as General."""
    settings, register = office
    with zipfile.ZipFile(DEMO) as zin, zipfile.ZipFile(register, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/styles.xml":
                data = data.replace(b'numFmtId="165" fontId', b'numFmtId="31" fontId')
            zout.writestr(name, data)
    before = cell_formats(register)
    assert before["2025年"][(4, 3)] == "builtin#31"
    mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    assert cell_formats(register) == before


@needs_soffice
def test_marking_a_register_saved_by_libreoffice_changes_only_the_marked_cells(office, tmp_path):
    from kefu.outputs.pdf import convert
    settings, register = office
    converted = convert([register], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")[0]
    shutil.copyfile(converted, register)
    before = take_snapshot(register)
    result = mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    after = take_snapshot(register)
    assert result.marked
    assert (after.sheets, after.values) == (before.sheets, before.values)
    assert differences(before, after, {}) == []
    # LibreOffice writes the covered cells of a merged range (with format General); openpyxl does not.
    # Those are the only cells whose format entry disappears.
    merged = {(ws.title, r, c) for ws in openpyxl.load_workbook(register).worksheets
              for rng in ws.merged_cells.ranges for r, c in rng.cells}
    for sheet, cells in before.formats.items():
        for key in set(cells) - set(after.formats[sheet]):
            assert (sheet, *key) in merged and cells[key] == "General"
        assert {k: v for k, v in after.formats[sheet].items()} == {
            k: v for k, v in cells.items() if k in after.formats[sheet]}


def test_column_mode_writes_only_kefus_status_column_as_text(office):
    settings, register = office
    settings = settings.with_values(marking={"mode": "column"})
    findings = [Finding("reply.overdue", "error", "TS-2026-0201", "2026年", 205, "=HYPERLINK(\"x\") 未答复"),
                Finding("verify.late", "info", "TS-2026-0201", "2026年", 205, "核实晚了", "N"),
                Finding("number.gap", "warning", "TS-2026-0057", None, None, "断号")]
    before = take_snapshot(register)
    result = mark_register(settings, findings, as_of=AS_OF, excel=False)
    after = take_snapshot(register)
    ws = openpyxl.load_workbook(register)["2026年"]
    assert ws["AB3"].value == "kefu检查"                   # after the last header (AA = 备注)
    assert ws["AB205"].value.startswith("严重:=HYPERLINK")
    assert "提示:核实晚了" in ws["AB205"].value
    assert ws["AB205"].data_type == "s"
    sheet_xml = zipfile.ZipFile(register).read("xl/worksheets/sheet3.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    assert values_outside(after, {"2026年": {28}}) == values_outside(before)
    assert ws["B205"].comment is None and fill_rgb(ws["B205"]) == KEFU_RED
    assert len(result.plan.unplaced) == 1 and "断号" in result.summary_zh()


# ------------------------------------------------------------------------------------------ yesterday's marks
def test_marks_from_yesterday_are_replaced_and_staff_fills_and_comments_kept(office):
    settings, register = office
    wb = openpyxl.load_workbook(register)
    ws = wb["2026年"]
    staff_yellow = PatternFill(fill_type="solid", fgColor="FFFFFF00")
    ws["D10"].fill = staff_yellow                          # staff's own, kefu will mark it on day 1
    ws["E11"].fill = staff_yellow                          # staff's own, never marked
    ws["F12"].fill = PatternFill(fill_type="solid", fgColor="FF" + KEFU_RED)   # same colour as kefu's
    ws["G13"].comment = Comment("请找物业经理确认", "小王")
    wb.save(register)

    day1 = [Finding("reply.overdue", "error", "TS-2026-0006", "2026年", 10, "未答复", "D"),
            Finding("callback.due", "warning", "TS-2026-0008", "2026年", 12, "待回访"),
            Finding("verify.late", "info", "TS-2026-0009", "2026年", 13, "核实晚了", "G")]
    r1 = mark_register(settings, day1, as_of=AS_OF, excel=False)
    assert any("已有批注" in w for w in r1.warnings)
    day2 = [Finding("action.overdue", "warning", "TS-2026-0020", "2026年", 24, "整改超期", "S")]
    r2 = mark_register(settings, day2, as_of=AS_OF + dt.timedelta(days=1), excel=False)

    ws = openpyxl.load_workbook(register)["2026年"]
    assert fill_rgb(ws["D10"]) == "FFFF00" and ws["D10"].comment is None   # back to the staff's yellow
    assert fill_rgb(ws["E11"]) == "FFFF00"
    assert fill_rgb(ws["F12"]) == KEFU_RED                                   # not kefu's: kept
    assert fill_rgb(ws["B12"]) is None and ws["B12"].comment is None        # kefu's day-1 mark gone
    assert fill_rgb(ws["G13"]) is None
    assert ws["G13"].comment.text == "请找物业经理确认" and ws["G13"].comment.author == "小王"
    assert fill_rgb(ws["S24"]) == KEFU_YELLOW and "2026-11-27" in ws["S24"].comment.text
    kefu_comments = [c.coordinate for row in ws.iter_rows() for c in row
                     if c.comment is not None and c.comment.author == "kefu"]
    assert kefu_comments == ["S24"]
    assert r2.removed == 3


def test_kefu_comments_are_removed_even_when_the_ledger_is_lost(office):
    settings, register = office
    mark_register(settings, [Finding("callback.due", "warning", "x", "2026年", 12, "待回访")], as_of=AS_OF, excel=False)
    for f in (Path(settings.paths.data)).glob("ledger.sqlite3*"):
        f.unlink()
    mark_register(settings, [], as_of=AS_OF, excel=False)
    ws = openpyxl.load_workbook(register)["2026年"]
    assert ws["B12"].comment is None


# ------------------------------------------------------------------------------------------ refusals
def _register_with(tmp_path: Path, what: str) -> Path:
    """A small register made by xlsxwriter, plus a chart / image / formula / text box."""
    from conftest import HEADERS
    path = tmp_path / "登记表" / "客户投诉登记表.xlsx"
    path.parent.mkdir(exist_ok=True)
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("2026年")
    ws.write_row(0, 0, HEADERS)
    ws.write_row(1, 0, [1, "TS-2026-0001", "2026-03-02", "王建国"])
    ws.write_row(2, 0, [2, "TS-2026-0002", "2026-03-03", "李梅"])
    if what == "chart":
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": "='2026年'!$A$2:$A$3"})
        ws.insert_chart("D6", chart)
    elif what == "image":
        from test_register_safety import _png
        ws.insert_image("D6", _png(tmp_path))
    elif what == "formula":
        ws.write_formula("A5", "=SUM(A2:A3)", None, 3)
    elif what == "textbox":
        ws.insert_textbox("D6", "填表须知")
    book.close()
    return path


@pytest.mark.parametrize("what, reason", [("chart", "含有图表"), ("image", "含有图片"),
                                          ("formula", "含有公式(保存后缓存结果会被清空)"),
                                          ("textbox", "含有文本框等图形")])
def test_a_register_with_content_openpyxl_would_lose_is_refused_untouched(tmp_path, what, reason):
    register = _register_with(tmp_path, what)
    settings = load_settings(write_config(tmp_path, register=register))
    digest = sha256(register)
    with pytest.raises(InputError) as err:
        mark_register(settings, [Finding("reply.overdue", "error", "TS-2026-0001", "2026年", 2, "未答复")],
                      as_of=AS_OF, excel=False)
    assert reason in str(err.value) and "未改动" in str(err.value)
    assert sha256(register) == digest
    assert list(register.parent.iterdir()) == [register]       # no temp file, nothing beside it


def test_the_same_register_without_the_object_is_marked(tmp_path):
    register = _register_with(tmp_path, "none")
    settings = load_settings(write_config(tmp_path, register=register))
    result = mark_register(settings, [Finding("reply.overdue", "error", "TS-2026-0001", "2026年", 2, "未答复")],
                           as_of=AS_OF, excel=False)
    assert [m.ref for m in result.marked] == ["B2"]


@needs_soffice
def test_a_legacy_xls_register_is_refused_untouched(office, tmp_path):
    from kefu.outputs.pdf import convert
    settings, register = office
    xls = convert([register], "xls", tmp_path / "xls")[0]
    settings = load_settings(write_config(tmp_path, register=xls))
    digest = sha256(xls)
    with pytest.raises(InputError) as err:
        mark_register(settings, [Finding("reply.overdue", "error", "x", "2026年", 205, "未答复")],
                      as_of=AS_OF, excel=False)
    assert "旧版 .xls" in str(err.value) and sha256(xls) == digest


@pytest.mark.parametrize("lock", ["~$客户投诉登记表.xlsx", ".~lock.客户投诉登记表.xlsx#"])
def test_a_lock_file_beside_the_register_makes_it_refuse(office, lock):
    settings, register = office
    (register.parent / lock).write_bytes(b"\x00" * 165)
    digest = sha256(register)
    with pytest.raises(InputError) as err:
        mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    assert "锁文件" in str(err.value) and lock in str(err.value)
    assert sha256(register) == digest
    assert not (Path(settings.paths.data) / "backups").exists()


def test_a_difference_found_after_saving_leaves_the_register_as_it_was(office, monkeypatch):
    settings, register = office
    real_save = mark_file._save

    def damaging_save(wb, tmp):
        wb["2026年"]["I20"] = "被改动的摘要"          # something other than a mark
        real_save(wb, tmp)
    monkeypatch.setattr(mark_file, "_save", damaging_save)
    digest = sha256(register)
    with pytest.raises(OutputError) as err:
        mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    assert "I20" in str(err.value) and "登记表保持原样" in str(err.value)
    assert sha256(register) == digest
    assert [p.name for p in register.parent.iterdir()] == [register.name]


def test_a_mismatch_after_replacing_restores_the_backup(office, monkeypatch):
    settings, register = office
    digest = sha256(register)
    real = mark_file._sha256
    calls = []

    def flaky(path):
        calls.append(path)
        return "different" if len(calls) == 4 else real(path)   # the check after os.replace
    monkeypatch.setattr(mark_file, "_sha256", flaky)
    with pytest.raises(OutputError) as err:
        mark_register(settings, rule_findings(settings), as_of=AS_OF, excel=False)
    assert "已用备份" in str(err.value)
    assert sha256(register) == digest


# ------------------------------------------------------------------------------------------ killed mid-write
_CHILD = """
import sys, time, datetime as dt
from pathlib import Path
sys.path.insert(0, {scripts!r})
from kefu.marking import file as mark_file
from kefu.core.settings import load_settings
from kefu.marking.mark import mark_register
from kefu.core.findings import Finding

def slow_save(wb, tmp):
    import io
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    with open(tmp, "wb") as fh:
        fh.write(data[: len(data) // 2])
        fh.flush()
        Path({marker!r}).write_text("writing", encoding="utf-8")
        time.sleep(120)
        fh.write(data[len(data) // 2:])
mark_file._save = slow_save
settings = load_settings({config!r})
mark_register(settings, [Finding("reply.overdue", "error", "x", "2026年", 205, "未答复")],
              as_of=dt.date(2026, 11, 26), excel=False)
"""


@pytest.mark.slow    # a process killed with SIGKILL
def test_a_process_killed_while_writing_leaves_the_register_intact(office, tmp_path):
    settings, register = office
    digest = sha256(register)
    marker = tmp_path / "marker"
    code = _CHILD.format(scripts=str(SCRIPTS), marker=str(marker), config=str(settings.source))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if marker.exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), child.stderr.read().decode("utf-8", "replace")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert sha256(register) == digest                      # the register itself was never opened for writing
    leftovers = [p for p in register.parent.iterdir() if p != register]
    assert all(p.name.startswith(".~kefu-") for p in leftovers)   # at most the half-written temp file
    result = mark_register(settings, [Finding("reply.overdue", "error", "x", "2026年", 205, "未答复")],
                           as_of=AS_OF, excel=False)       # the next run works (lock released)
    assert [m.ref for m in result.marked] == ["B205"]


# ------------------------------------------------------------------------------------------ xlsm, wiring, script
def test_an_xlsm_register_keeps_its_vba(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "excel-made" / "macro01.xlsm"
    vba = zipfile.ZipFile(fixture).read("xl/vbaProject.bin")
    (tmp_path / "vbaProject.bin").write_bytes(vba)
    from conftest import HEADERS
    register = tmp_path / "登记表.xlsm"
    book = xlsxwriter.Workbook(register)
    ws = book.add_worksheet("2026年")
    ws.write_row(0, 0, HEADERS)
    ws.write_row(1, 0, [1, "TS-2026-0001", "2026-03-02"])
    book.add_vba_project(str(tmp_path / "vbaProject.bin"))
    book.close()
    settings = load_settings(write_config(tmp_path, register=register))
    mark_register(settings, [Finding("reply.overdue", "error", "TS-2026-0001", "2026年", 2, "未答复")],
                  as_of=AS_OF, excel=False)
    assert zipfile.ZipFile(register).read("xl/vbaProject.bin") == vba
    assert fill_rgb(openpyxl.load_workbook(register)["2026年"]["B2"]) == KEFU_RED


class _Checked:
    def __init__(self, findings, register=None):
        self.findings, self.register, self.as_of = findings, register, AS_OF


def test_mark_after_check_marks_the_findings_of_a_daily_result(office):
    settings, register = office
    findings = rule_findings(settings)
    result = mark_after_check(settings, _Checked(findings, read_register(settings)), excel=False)
    assert result.marked and result.as_of == AS_OF


def test_run_and_mark_dry_run_lists_and_changes_nothing(office):
    settings, register = office
    digest = sha256(register)
    _check, result = run_and_mark(settings, AS_OF, dry_run=True,
                                  check=lambda s, day: _Checked(rule_findings(s, day)))
    assert result.mode == "dry-run" and "2026年 Y154" in result.summary_zh()
    assert sha256(register) == digest


def test_the_script_marks_findings_saved_as_json(office, tmp_path):
    settings, register = office
    saved = tmp_path / "检查结果.json"
    saved.write_text(json.dumps({"as_of": "2026-11-26", "findings": [
        f.to_json() for f in rule_findings(settings)]}, ensure_ascii=False), encoding="utf-8")
    dry = run_cli("mark_register", "--config", settings.source, "--from-json", saved, "--dry-run")
    assert dry.returncode == 0 and "试运行" in dry.stdout
    done = run_cli("mark_register", "--config", settings.source, "--from-json", saved, "--as-of", "2026-11-26")
    assert done.returncode == 0, done.stderr
    assert "已在《客户投诉登记表.xlsx》中标记" in done.stdout
    (register.parent / f"~${register.name}").write_text("x", encoding="utf-8")
    refused = run_cli("mark_register", "--config", settings.source, "--from-json", saved)
    assert refused.returncode == 1 and "锁文件" in refused.stderr and "Traceback" not in refused.stderr


def test_daily_check_and_mark_end_to_end(office):
    pytest.importorskip("kefu.jobs.daily_check")
    settings, register = office
    before = take_snapshot(register)
    _check, result = run_and_mark(settings, AS_OF, excel=False)
    assert result.marked
    assert take_snapshot(register).values == before.values


def test_daily_check_with_mark_marks_the_register_it_checked(office):
    from conftest import run_cli

    settings, register = office
    before = sha256(register)
    result = run_cli("daily_check", "--mark", "--as-of", AS_OF.isoformat(), "--config", settings.source)
    assert result.returncode == 0, result.stderr
    assert "标记" in result.stdout and sha256(register) != before
    wb = openpyxl.load_workbook(register)
    assert fill_rgb(wb["2026年"]["Y154"]) == KEFU_YELLOW    # the unreadable date of the demo register
    backups = list((settings.paths.data / "backups").glob("*.xlsx"))
    assert len(backups) == 1 and sha256(backups[0]) == before
    from kefu.ledger import audit

    (run,) = audit.runs(settings, "mark_register")
    assert run["counts"]["marked"] >= 1 and str(register) in run["outputs"][0]
