"""Marks into a workbook open in Excel (through a fake of the xlwings calls), and the Excel buttons."""
from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

from conftest import REPO, sha256, write_config
from kefu.jobs import excel_buttons
from kefu.marking.live_excel import find_open_book
from kefu.core.findings import Finding
from kefu.marking.mark import mark_register
from kefu.core.settings import load_settings
from xlwings_fake import FakeApp, FakeBook, FakeSheet, FakeXlwings, NoExcel, sheet_from_workbook

DEMO = REPO / "workbooks" / "客户投诉登记表.xlsx"
AS_OF = dt.date(2026, 11, 26)
RED, YELLOW, BLUE = (0xFF, 0xB4, 0xB4), (0xFF, 0xE2, 0x8A), (0xC6, 0xE2, 0xFF)


@pytest.fixture
def office(tmp_path):
    """A kefu folder: config.ini, the demo register, and a fake Excel with the register open."""
    register = tmp_path / "workbooks" / DEMO.name
    register.parent.mkdir()
    shutil.copyfile(DEMO, register)
    settings = load_settings(write_config(tmp_path, register=register))
    sheets = [sheet_from_workbook(register, name) for name in ("填表说明", "2025年", "2026年")]
    book = FakeBook(str(register.parent / "." / register.name), sheets)   # Excel's spelling may differ
    app = FakeApp([FakeBook(str(tmp_path / "其他.xlsx"), [FakeSheet("Sheet1")]), book])
    return types.SimpleNamespace(settings=settings, register=register, book=book, app=app,
                                 xw=FakeXlwings([FakeApp(), app]), sheet=book.sheets["2026年"])


def findings_day1():
    return [Finding("reply.overdue", "error", "TS-2026-0201", "2026年", 205, "超过答复期限,至今未答复"),
            Finding("date.unreadable", "warning", "TS-2026-0150", "2026年", 154, "「下周一」无法识别为日期", "Y"),
            Finding("verify.late", "info", "TS-2025-0010", "2025年", 14, "核实晚于受理日", "N"),
            Finding("number.gap", "warning", "TS-2026-0057", None, None, "断号")]


# ------------------------------------------------------------------------------------------ finding the book
def test_the_open_register_is_found_by_its_full_path(office):
    live = find_open_book(office.register, office.xw)
    assert live is not None and live.book is office.book


def test_a_register_not_open_or_no_excel_means_no_live_book(office, tmp_path):
    assert find_open_book(tmp_path / "别的.xlsx", office.xw) is None
    assert find_open_book(office.register, NoExcel()) is None         # xlwings on Linux raises
    assert find_open_book(office.register, FakeXlwings([])) is None


# ------------------------------------------------------------------------------------------ marking live
def test_marks_go_into_the_open_workbook_and_the_file_is_untouched(office):
    digest = sha256(office.register)
    result = mark_register(office.settings, findings_day1(), as_of=AS_OF, excel=office.xw)
    assert result.mode == "excel" and result.backup is None
    assert sha256(office.register) == digest
    assert not (Path(office.settings.paths.data) / "backups").exists()
    sheet = office.sheet
    assert sheet.colors == {(205, 2): RED, (154, 25): YELLOW}
    assert office.book.sheets["2025年"].colors == {(14, 14): BLUE}
    assert sheet.notes[(154, 25)].startswith("【kefu】2026-11-26 检查:\n警告:「下周一」")
    assert "Excel" in result.summary_zh() and "未标记" in result.summary_zh()


def test_yesterdays_live_marks_are_replaced_and_staff_marks_kept(office):
    sheet = office.sheet
    sheet.colors[(205, 2)] = (255, 255, 0)             # the staff's own yellow on a cell kefu will mark
    sheet.colors[(10, 4)] = (255, 255, 0)              # and on another cell
    sheet.notes[(154, 25)] = "已电话联系业主"           # a staff note where kefu wants to write one
    mark_register(office.settings, findings_day1(), as_of=AS_OF, excel=office.xw)
    assert sheet.notes[(154, 25)] == "已电话联系业主" and sheet.colors[(154, 25)] == YELLOW

    day2 = [Finding("callback.due", "warning", "TS-2026-0190", "2026年", 194, "待回访", "U")]
    result = mark_register(office.settings, day2, as_of=AS_OF + dt.timedelta(days=1), excel=office.xw)
    assert sheet.colors == {(205, 2): (255, 255, 0), (10, 4): (255, 255, 0), (194, 21): YELLOW}
    assert sheet.notes == {(154, 25): "已电话联系业主", (194, 21): "【kefu】2026-11-27 检查:\n警告:待回访"}
    assert office.book.sheets["2025年"].colors == {} and office.book.sheets["2025年"].notes == {}
    assert result.removed == 3


def test_a_row_changed_in_the_open_workbook_is_not_marked(office):
    office.sheet.values[(205, 2)] = "TS-2026-0202"     # rows moved since the file was saved
    result = mark_register(office.settings, findings_day1(), as_of=AS_OF, excel=office.xw)
    assert (205, 2) not in office.sheet.colors
    assert any("第 205 行" in w for w in result.warnings)
    assert (154, 25) in office.sheet.colors


def test_column_mode_in_the_open_workbook_writes_kefus_column_as_text(office):
    settings = office.settings.with_values(marking={"mode": "column"})
    findings = [Finding("reply.overdue", "error", "TS-2026-0201", "2026年", 205, "=1+1 摘要")]
    mark_register(settings, findings, as_of=AS_OF, excel=office.xw)
    sheet = office.sheet
    assert sheet.values[(3, 28)] == "kefu检查"
    assert sheet.values[(205, 28)] == "严重:=1+1 摘要" and not sheet.formulas
    assert sheet.notes == {}
    mark_register(settings, [], as_of=AS_OF, excel=office.xw)
    assert (205, 28) not in sheet.values and (3, 28) not in sheet.values and sheet.colors == {}


def test_an_open_register_is_marked_live_even_though_excel_holds_its_lock_file(office):
    (office.register.parent / f"~${office.register.name}").write_text("x", encoding="utf-8")
    result = mark_register(office.settings, findings_day1(), as_of=AS_OF, excel=office.xw)
    assert result.mode == "excel" and result.marked


def test_without_excel_the_file_is_marked(office):
    result = mark_register(office.settings, findings_day1(), as_of=AS_OF, excel=NoExcel())
    assert result.mode == "file" and result.backup.is_file()


# ------------------------------------------------------------------------------------------ buttons
@pytest.fixture
def button(office, monkeypatch):
    """The button workbook in the kefu folder (beside config.ini), calling through the fake."""
    monkeypatch.delenv(excel_buttons.ENV_CONFIG, raising=False)
    folder = Path(office.settings.source).parent
    caller = FakeBook(str(folder / "kefu按钮.xlsm"), [FakeSheet("kefu")])
    office.app.books.append(caller)
    caller.app = office.app
    office.xw.caller_book = caller
    return caller


def test_the_check_and_mark_button_marks_the_open_register_and_shows_a_summary(office, button, monkeypatch):
    from kefu.jobs import mark_register as job

    def run_daily_check(settings, as_of, *, json_path=None, progress=None):
        return types.SimpleNamespace(findings=findings_day1(), register=None, as_of=as_of)
    monkeypatch.setattr(job, "run_daily_check", run_daily_check)
    text = excel_buttons.check_and_mark(office.xw)
    title, shown = office.app.alerts[-1]
    assert title == "kefu - 检查并标记" and shown == text
    assert "共发现 4 条问题" in text and "已在《客户投诉登记表.xlsx》中标记 3 个单元格" in text
    assert office.sheet.colors[(205, 2)] == RED
    assert button.sheets["kefu"].values[(1, 1)] == text


def test_the_notices_button_makes_notices_and_says_so(office, button):
    text = excel_buttons.make_notices(office.xw)
    assert office.app.alerts[-1] == ("kefu - 生成通知单", text)
    made = list((Path(office.settings.paths.output)).rglob("*.docx"))
    assert made and text.startswith(f"生成通知单 {len(made)} 份。")
    assert ".docx" not in text and "通知单”文件夹" in text


def test_the_callback_list_button_makes_the_list(office, button):
    text = excel_buttons.make_callback_list(office.xw)
    assert office.app.alerts[-1][0] == "kefu - 生成回访清单"
    assert "没有完成" not in text and "内部出错" not in text, text
    assert list(Path(office.settings.paths.output).rglob("*.docx"))


def test_a_kefu_error_is_shown_in_excel_not_raised(office, button, monkeypatch):
    office.register.unlink()
    text = excel_buttons.make_callback_list(office.xw)
    assert text.startswith("没有完成:") and "找不到" in text
    assert office.app.alerts[-1][1] == text


def test_an_unexpected_error_is_a_message_box_too(office, button, monkeypatch):
    monkeypatch.setattr(excel_buttons, "_callback_list", lambda *a: 1 / 0)
    text = excel_buttons.make_callback_list(office.xw)
    assert "内部出错" in text and "ZeroDivisionError" in text


def test_config_is_found_through_the_environment_variable(office, tmp_path_factory, monkeypatch):
    tmp_path = tmp_path_factory.mktemp("elsewhere")
    elsewhere = FakeBook(str(tmp_path / "按钮.xlsm"), [FakeSheet("Sheet1")], office.app)
    office.xw.caller_book = elsewhere
    assert "找不到 kefu 的 config.ini" in excel_buttons.make_callback_list(office.xw)
    monkeypatch.setenv(excel_buttons.ENV_CONFIG, str(office.settings.source))
    assert "没有完成" not in excel_buttons.make_callback_list(office.xw)
    monkeypatch.setenv(excel_buttons.ENV_CONFIG, str(tmp_path / "nope.ini"))
    assert "KEFU_CONFIG" in excel_buttons.make_callback_list(office.xw)
