"""Workbooks touched by other programs (issue 19): error values, blank dates, formulas without a saved
result, the 1904 date system, absurd dates. Each is a finding or a warning naming sheet and cell; the
rest of the register is checked as usual and the register is never changed."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from conftest import complaint, run_cli, sha256, write_config, write_register
from kefu.core.settings import load_settings
from kefu.jobs.daily_check import run_daily_check
from kefu.read.register import read_register

D = dt.date
AS_OF = D(2026, 3, 9)
SHEET = "2026年"


def rows():
    return [complaint("TS-2026-0001", D(2026, 3, 2), 责任部门="工程部", 答复日期=D(2026, 3, 4)),
            complaint("TS-2026-0002", D(2026, 3, 2), 责任部门="保洁部"),          # overdue
            complaint("TS-2026-0003", D(2026, 3, 3), 责任部门="保安部"),          # overdue
            complaint("TS-2026-0004", D(2026, 3, 3), 责任部门="工程部"),          # overdue
            complaint("TS-2026-0005", D(2026, 3, 4), 责任部门="工程部")]          # overdue


def edited(tmp_path, edit, rows_=None, text=""):
    """A register (title row 1, header row 2, data from row 3; 编号 in B, 登记日期 in C) edited by ``edit(ws, wb)``."""
    path = write_register(tmp_path / "客户投诉登记表.xlsx", {SHEET: rows_ or rows()})
    wb = openpyxl.load_workbook(path)
    edit(wb[SHEET], wb)
    wb.save(path)
    config = write_config(tmp_path, text, register=path)
    return path, config, load_settings(config)


def by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_error_values_in_the_received_date_are_findings_naming_the_cell_and_the_rows_still_count(tmp_path):
    def errors(ws, _wb):
        for cell, value in (("C4", "#REF!"), ("C5", "#N/A"), ("C6", "#VALUE!"), ("C7", "#DIV/0!")):
            ws[cell] = value
            assert ws[cell].data_type == "e"
    path, config, settings = edited(tmp_path, errors)
    before = sha256(path)
    result = run_daily_check(settings, AS_OF)
    unreadable = {f.message.split(" ")[1]: f for f in by_rule(result, "date.unreadable")}
    assert set(unreadable) == {"C4", "C5", "C6", "C7"}, [f.message for f in by_rule(result, "date.unreadable")]
    for cell, word in (("C4", "#REF!"), ("C5", "#N/A"), ("C6", "#VALUE!"), ("C7", "#DIV/0!")):
        f = unreadable[cell]
        assert f.sheet == SHEET and f.row == int(cell[1:]) and word in f.message and "错误值" in f.message
        assert "答复期限无法检查" in f.message
    assert {f.number for f in unreadable.values()} == {"TS-2026-0002", "TS-2026-0003", "TS-2026-0004", "TS-2026-0005"}
    assert len(result.register.active) == 5                       # every complaint still counted
    assert not by_rule(result, "number.gap") and not by_rule(result, "number.missing")   # numbering still ran
    assert sha256(path) == before


def test_a_blank_received_date_on_a_row_with_content_is_a_finding(tmp_path):
    def blank(ws, _wb):
        ws["C4"] = None
    _path, _config, settings = edited(tmp_path, blank)
    result = run_daily_check(settings, AS_OF)
    [missing] = by_rule(result, "date.missing")
    assert (missing.sheet, missing.row, missing.number, missing.column) == (SHEET, 4, "TS-2026-0002", "C")
    assert "C4" in missing.message and "登记日期" in missing.message
    assert len(by_rule(result, "reply.overdue")) == 3


def test_one_ref_error_no_longer_hides_the_overdue_complaint_in_the_console(tmp_path):
    def one_error(ws, _wb):
        ws["C4"] = "#REF!"
    path, config, _settings = edited(tmp_path, one_error, rows()[:2])
    before = sha256(path)
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "C4" in done.stdout and "#REF!" in done.stdout, done.stdout
    assert sha256(path) == before


def test_formulas_without_a_saved_result_are_one_warning_per_column_not_false_missing_numbers(tmp_path):
    def formulas(ws, _wb):   # a register written by a program, never opened in Excel: no cached values
        for r in range(3, 8):
            ws[f"B{r}"] = f'="TS-2026-"&TEXT(A{r},"0000")'
        ws["O4"] = "=C4+1"
    path, _config, settings = edited(tmp_path, formulas)
    before = sha256(path)
    result = run_daily_check(settings, AS_OF)
    assert not by_rule(result, "number.missing"), [f.message for f in by_rule(result, "number.missing")]
    [numbers] = [w for w in result.warnings if "编号列" in w]
    assert "B 列" in numbers and "B3、B4、B5、B6、B7" in numbers and "Excel 或 WPS" in numbers and SHEET in numbers
    [replies] = [w for w in result.warnings if "答复日期列" in w]
    assert "O4" in replies
    assert sha256(path) == before


def test_a_long_list_of_formula_cells_is_abbreviated(tmp_path):
    many = [complaint(f"TS-2026-{i:04d}", D(2026, 3, 2), 答复日期=D(2026, 3, 3)) for i in range(1, 41)]

    def formulas(ws, _wb):
        for r in range(3, 43):
            ws[f"B{r}"] = f'="TS-2026-"&TEXT(A{r},"0000")'
    _path, _config, settings = edited(tmp_path, formulas, many)
    [warning] = run_daily_check(settings, AS_OF).warnings
    assert "B3、B4、B5、B6、B7 等 40 个单元格" in warning and "B8" not in warning


def test_dates_follow_the_1904_date_system_of_the_workbook(tmp_path):
    serial_1904 = (D(2026, 3, 2) - D(1904, 1, 1)).days

    def mac(ws, wb):
        wb.epoch = CALENDAR_MAC_1904
        ws["C3"] = serial_1904                 # a plain number, as a program writes it
        ws["C3"].number_format = "General"
        ws["C4"] = D(2026, 3, 2)               # a real date cell
    path, _config, settings = edited(tmp_path, mac, rows()[:2])
    before = sha256(path)
    register = read_register(settings)
    assert [c.received_on for c in register.complaints] == [D(2026, 3, 2), D(2026, 3, 2)]
    assert not register.findings and sha256(path) == before


@pytest.mark.parametrize("mode", ["calendar", "workdays"])
def test_an_absurd_received_date_is_a_date_finding_and_the_rest_is_checked(tmp_path, mode):
    def absurd(ws, _wb):
        ws["C4"] = dt.datetime(9999, 12, 31)
        ws["C5"] = dt.datetime(1900, 1, 1)
        ws["C6"] = "2150-01-01"
    path, config, _settings = edited(tmp_path, absurd, text=f"[deadlines]\nday_count = {mode}\n")
    settings = load_settings(config)
    result = run_daily_check(settings, AS_OF)
    unreadable = sorted(by_rule(result, "date.unreadable"), key=lambda f: f.row)
    assert [f.row for f in unreadable] == [4, 5, 6]
    assert all("不是合理的日期" in f.message and "1990" in f.message for f in unreadable)
    assert "9999-12-31" in unreadable[0].message
    checked = by_rule(result, "reply.overdue") + by_rule(result, "reply.due_soon")
    assert [f.number for f in checked] == ["TS-2026-0005"]         # the rest of the register is checked
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
