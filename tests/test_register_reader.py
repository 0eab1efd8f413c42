"""The register reader on workbooks laid out the ways offices keep them."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from conftest import complaint, needs_soffice, sha256, write_register
from kefu.core.errors import InputError
from kefu.outputs.pdf import convert
from kefu.read.register import read_register

D = dt.date


def test_reads_rows_beneath_a_merged_title_with_sheet_and_excel_row(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"2026年": [
        complaint("TS-2026-0001", D(2026, 3, 5), 责任部门="工程部"),
        complaint("TS-2026-0002", D(2026, 3, 6), 是否重大="是"),
    ]})
    register = read_register(settings_for(register=path))
    first, second = register.complaints
    assert (first.sheet, first.row, first.number, first.received_on) == ("2026年", 3, "TS-2026-0001", D(2026, 3, 5))
    assert first.department == "工程部" and first.phone == "13812345678" and not first.major
    assert (second.row, second.major) == (4, True)
    assert register.sheets[0].header_row == 2
    assert first.cell("received_on") == "C3"


def test_reads_every_sheet_and_skips_an_instructions_sheet(tmp_path, settings_for):
    path = write_register(
        tmp_path / "r.xlsx",
        {"2025年": [complaint("TS-2025-0001", D(2025, 12, 30))],
         "2026年": [complaint("TS-2026-0001", D(2026, 1, 2)), complaint("TS-2026-0002", D(2026, 1, 3))]},
        extra_sheets={"填表说明": [["填表说明"], ["1. 每件投诉登记一行"], ["2. 编号按 TS-年份-流水号"]]})
    register = read_register(settings_for(register=path))
    assert [(c.sheet, c.number) for c in register.complaints] == [
        ("2025年", "TS-2025-0001"), ("2026年", "TS-2026-0001"), ("2026年", "TS-2026-0002")]
    assert [s.name for s in register.skipped] == ["填表说明"]
    assert register.skipped[0].skipped_reason


def test_sheets_setting_limits_which_sheets_are_read(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {
        "2025年": [complaint("TS-2025-0001", D(2025, 12, 30))],
        "2026年": [complaint("TS-2026-0001", D(2026, 1, 2))]})
    register = read_register(settings_for("[register]\nsheets = 2026*\n", register=path))
    assert [c.number for c in register.complaints] == ["TS-2026-0001"]


def test_header_aliases_and_office_columns_map_to_fields(tmp_path, settings_for):
    headers = ["投诉编号", "受理日期", "业主姓名", "楼栋房号", "投诉事由", "处理部门", "回复日期"]
    path = write_register(tmp_path / "r.xlsx", {"登记": [
        {"投诉编号": "TS-2026-0001", "受理日期": D(2026, 5, 1), "业主姓名": "李梅", "楼栋房号": "5-1-1202",
         "投诉事由": "电梯异响", "处理部门": "工程部", "回复日期": D(2026, 5, 2)}]}, headers=headers, title=None)
    register = read_register(settings_for("[columns]\nsummary = 投诉事由\n", register=path))
    (c,) = register.complaints
    assert (c.customer, c.unit, c.summary, c.department, c.replied_on) == (
        "李梅", "5-1-1202", "电梯异响", "工程部", D(2026, 5, 2))


def test_headers_match_despite_blanks_line_breaks_and_full_width_forms(tmp_path, settings_for):
    headers = ["编 号", "登记\n日期", "客户名称(业主)", "联系电话*", "答复日期:"]
    path = write_register(tmp_path / "r.xlsx", {"s": [
        {"编 号": "TS-2026-0001", "登记\n日期": D(2026, 5, 1), "客户名称(业主)": "张三",
         "联系电话*": "13900001111", "答复日期:": D(2026, 5, 3)}]}, headers=headers)
    (c,) = read_register(settings_for(register=path)).complaints
    assert (c.number, c.customer, c.phone, c.replied_on) == ("TS-2026-0001", "张三", "13900001111", D(2026, 5, 3))


@pytest.mark.parametrize("typed, expected", [
    ("2026-3-5", D(2026, 3, 5)), ("2026/03/05", D(2026, 3, 5)), ("2026.3.5", D(2026, 3, 5)),
    ("2026年3月5日", D(2026, 3, 5)), ("20260305", D(2026, 3, 5)), (" 2026－03－05 ", D(2026, 3, 5)),
    (46086, D(2026, 3, 5)), ("2026-03-05 14:30", D(2026, 3, 5)), (dt.datetime(2026, 3, 5, 9, 0), D(2026, 3, 5)),
])
def test_dates_are_read_as_people_type_them(tmp_path, settings_for, typed, expected):
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", typed)]})
    (c,) = read_register(settings_for(register=path)).complaints
    assert c.received_on == expected


@pytest.mark.parametrize("number_format", ['yyyy"年"m"月"d"日"', "yyyy-mm-dd", 'm"月"d"日"'])
def test_date_cells_in_chinese_date_formats_are_dates(tmp_path, settings_for, number_format):
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", D(2026, 3, 5))]})
    wb = openpyxl.load_workbook(path)
    wb["s"]["C3"].number_format = number_format
    wb.save(path)
    (c,) = read_register(settings_for(register=path)).complaints
    assert c.received_on == D(2026, 3, 5)


def test_builtin_chinese_date_format_id_is_read_as_a_date(tmp_path, settings_for):
    """Format id 31 (yyyy"年"m"月"d"日" in Chinese Excel) is stored by id only; openpyxl reads a number."""
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", D(2026, 3, 5))]})
    _force_builtin_format(path, 31)
    (c,) = read_register(settings_for(register=path)).complaints
    assert c.received_on == D(2026, 3, 5)


@pytest.mark.parametrize("fmt_id", [31, 58, 57])
def test_a_date_in_a_text_column_in_a_builtin_chinese_format_reads_as_a_date(tmp_path, settings_for, fmt_id):
    """备注/处理结果 holding a real date cell in Chinese Excel's built-in format ids (27-36, 50-58).

    python-calamine 0.9+ reads those as dates; on Python 3.10 (calamine 0.8.3) kefu.read.calamine_compat writes the
    formats out before calamine reads the file, so the text is the same either way.
    """
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint(
        "TS-2026-0001", D(2026, 3, 5), 备注=D(2026, 3, 9), 处理结果=dt.datetime(2026, 3, 10, 14, 0))]})
    _force_builtin_format(path, fmt_id)
    (c,) = read_register(settings_for(register=path)).complaints
    assert (c.received_on, c.remarks, c.result) == (D(2026, 3, 5), "2026-03-09", "2026-03-10 14:00")


def _force_builtin_format(path, fmt_id: int) -> None:
    """Rewrite styles.xml so that every custom date format points at a built-in id instead."""
    import re
    import shutil
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/styles.xml":
                text = data.decode()
                text = re.sub(r'<numFmts.*?</numFmts>', "", text, flags=re.S)
                text = re.sub(r'numFmtId="1\d\d"', f'numFmtId="{fmt_id}"', text)
                data = text.encode()
            dst.writestr(item, data)
    shutil.move(tmp, path)


def test_an_unreadable_date_is_kept_and_named_by_sheet_and_cell(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"三月": [
        complaint("TS-2026-0001", "下周一"), complaint("TS-2026-0002", "2026-13-45")]})
    register = read_register(settings_for(register=path))
    assert [c.number for c in register.complaints] == ["TS-2026-0001", "TS-2026-0002"]
    assert register.complaints[0].received_on is None
    assert register.complaints[0].unreadable == {"received_on": "下周一"}
    f1, f2 = register.findings
    assert (f1.rule, f1.sheet, f1.row, f1.number) == ("date.unreadable", "三月", 3, "TS-2026-0001")
    assert "C3" in f1.message and "下周一" in f1.message
    assert "C4" in f2.message and "2026-13-45" in f2.message


def test_text_is_normalised_once_full_width_blanks_and_whole_numbers(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"s": [
        complaint("ＴＳ－２０２６－０００１ ", D(2026, 3, 5), 客户名称="  王五 ", 房号="３栋２０１",
                  联系电话=13812345678, 投诉方式="电话\u3000")]})
    (c,) = read_register(settings_for(register=path)).complaints
    assert c.number == "TS-2026-0001" and c.number_text == "ＴＳ－２０２６－０００１"
    assert (c.customer, c.unit, c.phone, c.channel) == ("王五", "3栋201", "13812345678", "电话")


def test_blank_rows_and_rows_with_only_a_running_number_are_skipped(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"s": [
        complaint("TS-2026-0001", D(2026, 3, 5)), {"序号": 2}, {}, complaint("TS-2026-0002", D(2026, 3, 6))]})
    register = read_register(settings_for(register=path))
    assert [(c.number, c.row) for c in register.complaints] == [("TS-2026-0001", 3), ("TS-2026-0002", 6)]


def test_voided_rows_are_kept_and_marked(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"s": [
        complaint("TS-2026-0001", D(2026, 3, 5), 状态="作废"),
        complaint("TS-2026-0002", D(2026, 3, 6), 备注="作废:重复登记"),
        complaint("TS-2026-0003", D(2026, 3, 7), 状态="已完成")]})
    register = read_register(settings_for(register=path))
    assert [c.voided for c in register.complaints] == [True, True, False]
    assert [c.number for c in register.active] == ["TS-2026-0003"]


def test_a_row_without_number_is_kept_for_the_numbering_check(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("", D(2026, 3, 5), 原件编号="", 通知单编号="")]})
    (c,) = read_register(settings_for(register=path)).complaints
    assert c.number == "" and c.customer == "王建国"


def test_a_register_missing_a_needed_column_lists_the_headers_found(tmp_path, settings_for):
    headers = ["序号", "编号", "客户名称", "房号", "投诉内容摘要", "责任部门"]
    path = write_register(tmp_path / "r.xlsx", {"一月": [{"编号": "TS-2026-0001", "客户名称": "王"}]},
                          headers=headers)
    with pytest.raises(InputError) as err:
        read_register(settings_for(register=path))
    message = str(err.value)
    assert "一月" in message and "登记日期" in message and "客户名称" in message and "r.xlsx" in message


def test_a_workbook_without_any_register_says_what_it_found(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {}, extra_sheets={"Sheet1": [[1, 2, 3], [4, 5, 6]]})
    with pytest.raises(InputError, match="没有找到投诉登记表"):
        read_register(settings_for(register=path))


def test_the_same_header_twice_is_refused_with_both_cells(tmp_path, settings_for):
    headers = ["编号", "登记日期", "客户名称", "编号"]
    path = write_register(tmp_path / "r.xlsx", {"s": [{"编号": "TS-2026-0001", "登记日期": D(2026, 1, 1)}]},
                          headers=headers)
    with pytest.raises(InputError, match="A2 和 D2"):
        read_register(settings_for(register=path))


def test_a_two_row_header_with_merged_group_cells(tmp_path, settings_for):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年"
    ws["A1"] = "客户投诉登记表"
    ws.merge_cells("A1:E1")
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "编号", "登记日期", "客户名称", "处理措施"
    for col in "ABC":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    ws["D3"], ws["E3"] = "补救措施", "纠正措施"
    ws.append(["TS-2026-0001", D(2026, 2, 3), "赵六", "更换水管", "加强巡检"])
    wb.save(tmp_path / "r.xlsx")
    (c,) = read_register(settings_for(register=tmp_path / "r.xlsx")).complaints
    assert (c.row, c.customer, c.remedy, c.corrective_action) == (4, "赵六", "更换水管", "加强巡检")


def test_a_table_that_starts_further_right_keeps_true_cell_references(tmp_path, settings_for):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C4"], ws["D4"], ws["E4"] = "编号", "登记日期", "客户名称"
    ws["C5"], ws["D5"], ws["E5"] = "TS-2026-0001", "明天", "钱七"
    wb.save(tmp_path / "r.xlsx")
    register = read_register(settings_for(register=tmp_path / "r.xlsx"))
    (c,) = register.complaints
    assert (c.row, c.customer) == (5, "钱七")
    assert "D5" in register.findings[0].message


def test_reading_leaves_the_register_byte_for_byte_unchanged(tmp_path, settings_for):
    path = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", D(2026, 3, 5))]})
    before = sha256(path), path.stat().st_mtime_ns
    read_register(settings_for(register=path))
    assert (sha256(path), path.stat().st_mtime_ns) == before


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "xlsx", "xlsm:Calc MS Excel 2007 VBA XML"])
def test_reads_registers_saved_by_libreoffice_including_legacy_xls_and_xlsm(tmp_path, settings_for, fmt):
    source = write_register(tmp_path / "src" / "r.xlsx", {"2026年": [
        complaint("TS-2026-0001", D(2026, 3, 5), 是否重大="是"), {"序号": 2},
        complaint("TS-2026-0002", "2026年3月6日", 状态="作废")]})
    (saved,) = convert([source], fmt, tmp_path / "lo")
    register = read_register(settings_for(register=saved))
    assert [(c.number, c.row, c.received_on, c.voided) for c in register.complaints] == [
        ("TS-2026-0001", 3, D(2026, 3, 5), False), ("TS-2026-0002", 5, D(2026, 3, 6), True)]
    assert register.complaints[0].major


def test_rows_are_typed_blank_rows_left_out_and_unreadable_dates_kept(tmp_path, settings_for):
    """Blank-looking rows, unreadable dates, booleans and numbers in text columns, spellings of numbers,
    and the same value in many rows."""
    rows = [complaint("TS-2026-0001", D(2026, 3, 5), 是否重大=True, 房号=1201.0, 责任部门="工程部"),
            {"编号": "", "登记日期": None, "客户名称": "   "},                      # blank-looking row
            complaint("ts－2026－0003 ", "2026年3月7日", 是否重大="否", 答复日期="下周", 责任部门="工程部"),
            complaint("TS-2026-0004", D(2026, 3, 8), 是否重大=False, 责任部门=" 工程部 ", 状态="作废"),
            complaint("TS-2026-0005", D(2026, 3, 8), 客户名称="ＡＢＣ物业", 责任部门="工程部")]
    path = write_register(tmp_path / "r.xlsx", {"2026年": rows})
    settings = settings_for(register=path)
    chunked = read_register(settings)
    got = [(c.row, c.number, c.number_text, c.received_on, c.major, c.unit, c.department, c.voided)
           for c in chunked.complaints]
    assert got == [(3, "TS-2026-0001", "TS-2026-0001", D(2026, 3, 5), True, "1201", "工程部", False),
                   (5, "TS-2026-0003", "ts－2026－0003", D(2026, 3, 7), False, "3栋2单元501", "工程部", False),
                   (6, "TS-2026-0004", "TS-2026-0004", D(2026, 3, 8), False, "3栋2单元501", "工程部", True),
                   (7, "TS-2026-0005", "TS-2026-0005", D(2026, 3, 8), False, "3栋2单元501", "工程部", False)]
    assert chunked.complaints[3].customer == "ABC物业"
    assert [(f.rule, f.row) for f in chunked.findings] == [("date.unreadable", 5)]


def test_a_boolean_beside_the_number_one_is_typed_by_its_own_type(tmp_path, settings_for):
    """True == 1 == 1.0 (one set entry, one dict key): a column holding both is typed cell by cell, and
    the next text column (类别, same kind) still types 1.0 as "1"."""
    path = write_register(tmp_path / "r.xlsx", {"2026年": [
        complaint("TS-2026-0001", D(2026, 3, 5), 房号=1.0, 投诉内容摘要=True, 是否重大=1, 类别=1.0),
        complaint("TS-2026-0002", D(2026, 3, 6), 房号=True, 投诉内容摘要=1, 是否重大=True, 类别=0.0),
        complaint("TS-2026-0003", D(2026, 3, 7), 房号=0, 投诉内容摘要=False, 是否重大=0, 类别=1.0),
        complaint("TS-2026-0004", D(2026, 3, 8), 房号=False, 投诉内容摘要=0.0, 是否重大=False, 类别=0.0)]})
    register = read_register(settings_for(register=path))
    assert [(c.unit, c.summary, c.major, c.category) for c in register.complaints] == [
        ("1", "是", True, "1"), ("是", "1", True, "0"), ("0", "否", False, "1"), ("否", "0", False, "0")]


def test_a_process_that_cannot_start_threads_still_reads_the_register(tmp_path, settings_for, monkeypatch):
    import concurrent.futures
    import threading

    def refuse(*_args, **_kwargs):
        raise RuntimeError("can't start new thread")

    path = write_register(tmp_path / "reg.xlsx", {"2026": [complaint("TS-2026-0001", dt.date(2026, 3, 5)),
                                                           complaint("TS-2026-0002", dt.date(2026, 3, 6))]})
    monkeypatch.setattr(threading.Thread, "start", refuse)
    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, "submit", refuse)
    reg = read_register(settings_for(register=path))
    assert [c.number for c in reg.complaints] == ["TS-2026-0001", "TS-2026-0002"]


def test_equal_cells_of_a_column_become_one_shared_value_typed_as_each_alone_would_be(tmp_path, settings_for):
    """The typing memo: a register repeats 已完成, 工程部 and dates thousands of times; each repeat is one
    object in memory. What is shared is only what is equal as typed: TRUE and 1 in one text column stay
    是 and 1, a date and a date-time of the same day stay one day each."""
    rows = [complaint(f"TS-2026-{n:04d}", D(2026, 3, 5), 责任部门="工程部", 状态="已完成", 备注=remark)
            for n, remark in enumerate([True, 1, "1", 1.0, " 1 ", "是"], start=1)]
    rows.append(complaint("TS-2026-0007", dt.datetime(2026, 3, 5, 9, 30), 责任部门=" 工程部 ", 状态="已完成"))
    register = read_register(settings_for(register=write_register(tmp_path / "r.xlsx", {"2026年": rows})))
    cs = register.complaints
    assert [c.remarks for c in cs] == ["是", "1", "1", "1", "1", "是", ""]
    assert {c.department for c in cs} == {"工程部"} and {c.received_on for c in cs} == {D(2026, 3, 5)}
    assert all(c.status is cs[0].status and c.department is cs[0].department for c in cs[:6])
    assert all(c.received_on is cs[0].received_on for c in cs[:6])
