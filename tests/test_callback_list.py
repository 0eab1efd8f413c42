"""The callback list job: Word list, callback-records workbook, round trip into the daily check."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from conftest import complaint, needs_soffice, run_cli, sha256, write_config, write_register
from kefu.core.errors import OutputError
from kefu.core.settings import load_settings
from kefu.outputs.cell_fit import lines_points, text_lines
from kefu.jobs.make_callback_list import make_callback_list
from kefu.outputs import cell_fit
from kefu.read.callback_records import callback_context
from kefu.read.register import read_register
from kefu.rules import callbacks as rule
from kefu.rules.context import RuleContext

D = dt.date
TODAY = D(2026, 3, 20)


@pytest.fixture
def office(tmp_path):
    """office(rows, text) -> Settings of an office folder in tmp_path with that register."""
    def make(rows, text=""):
        register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx", {"2026年": rows})
        return load_settings(write_config(tmp_path, text, register=register))
    return make


def table_rows(path):
    """The data rows of every table of the Word list, as lists of cell texts (header rows dropped)."""
    out = []
    for table in docx.Document(str(path)).tables:
        out += [[c.text for c in row.cells] for row in table.rows[1:]]
    return out


def listed_numbers(path):
    return [row[1].split("\n")[0] for row in table_rows(path)]


def sheet_rows(settings):
    ws = openpyxl.load_workbook(settings.paths.callback_records).active
    header = [c.value for c in ws[1]]
    return ws, header, [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def type_result(settings, number, **values):
    """Staff type a callback result into the row of ``number`` in 回访记录.xlsx (as Excel would save it)."""
    ws, header, _rows = sheet_rows(settings)
    wb = ws.parent
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, header.index("编号") + 1).value == number:
            for name, value in values.items():
                ws.cell(r, header.index(name) + 1, value)
    wb.save(settings.paths.callback_records)


def rule_findings(settings, as_of):
    ctx = RuleContext.create(settings, as_of, **callback_context(settings))
    return rule.check(read_register(settings), ctx)


def test_an_owner_completed_five_days_ago_is_on_the_list_and_one_called_back_is_not(office):
    settings = office([
        complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15), 客户名称="王建国", 联系电话="13812345678",
                  投诉内容摘要="卫生间天花板漏水", 处理结果="更换防水层"),
        complaint("TS-2026-0002", D(2026, 3, 10), 完成日期=D(2026, 3, 15), 回访日期=D(2026, 3, 16), 是否满意="满意"),
        complaint("TS-2026-0003", D(2026, 3, 18)),   # not completed yet
    ])
    run = make_callback_list(settings, TODAY)
    assert run.docx.name == "回访清单_2026-03-20.docx" and run.docx.parent.name == "回访清单"
    (row,) = table_rows(run.docx)
    assert row[1] == "TS-2026-0001\n【超期2天】"
    assert row[2:8] == ["王建国", "3栋2单元501", "13812345678", "卫生间天花板漏水", "更换防水层", "2026-03-15"]
    assert row[8:] == ["", "", "", "", ""]            # 回访方式 回访结果 是否满意 业主签字 回访人
    _ws, _h, rows = sheet_rows(settings)
    assert [(r["编号"], r["类型"], r["联系电话"], r["回访结果"]) for r in rows] == [
        ("TS-2026-0001", "超期回访", "13812345678", None)]
    assert rows[0]["清单日期"].date() == TODAY
    assert "共 1 户" in run.summary() and "超期 1 户" in run.summary()


def test_results_typed_into_the_sheet_are_read_back_by_the_next_daily_check(office):
    settings = office([complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15)),
                       complaint("TS-2026-0002", D(2026, 3, 10), 完成日期=D(2026, 3, 15))])
    make_callback_list(settings, TODAY)
    assert sorted(f.number for f in rule_findings(settings, TODAY)) == ["TS-2026-0001", "TS-2026-0002"]
    type_result(settings, "TS-2026-0001", 回访日期=TODAY, 回访方式="电话", 回访结果="已修好,=业主表示感谢", 是否满意="满意")
    found = rule_findings(settings, TODAY + dt.timedelta(days=1))
    assert [(f.rule, f.number) for f in found] == [("callback.due", "TS-2026-0002")]
    run = make_callback_list(settings, TODAY + dt.timedelta(days=1))
    assert listed_numbers(run.docx) == ["TS-2026-0002"]
    _ws, _h, rows = sheet_rows(settings)   # old rows kept, typed results untouched, the owed one not again
    assert [(r["编号"], r["清单日期"].date(), r["回访结果"]) for r in rows] == [
        ("TS-2026-0001", TODAY, "已修好,=业主表示感谢"), ("TS-2026-0002", TODAY, None)]
    assert rows[0]["是否满意"] == "满意" and rows[0]["回访日期"].date() == TODAY


def test_making_the_list_twice_a_day_adds_no_duplicate_rows(office):
    settings = office([complaint("TS-2026-0001", D(2026, 3, 10), 完成日期=D(2026, 3, 15))])
    assert make_callback_list(settings, TODAY).added == 1
    assert make_callback_list(settings, TODAY).added == 0
    assert len(sheet_rows(settings)[2]) == 1


def test_an_unsatisfied_owner_is_at_the_top_and_flagged_until_handled_again(office):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3)),
            complaint("TS-2026-0002", D(2026, 3, 10), 完成日期=D(2026, 3, 12), 回访日期=D(2026, 3, 13),
                      回访结果="仍漏水", 是否满意="否", 处理结果="补胶")]
    run = make_callback_list(office(rows), TODAY)
    first, second = table_rows(run.docx)
    assert first[1] == "TS-2026-0002\n【不满意】" and "上次回访(03-13):仍漏水,否" in first[6]
    assert second[1].startswith("TS-2026-0001")
    rows[1]["状态"] = "重新处理"
    run = make_callback_list(office(rows), TODAY + dt.timedelta(days=1))
    assert listed_numbers(run.docx) == ["TS-2026-0001"]


def test_regular_visits_appear_at_the_configured_rhythm(office):
    rows = [complaint("TS-2026-0001", D(2026, 2, 10), 完成日期=D(2026, 2, 12), 回访日期=D(2026, 2, 13), 是否满意="满意",
                      房号="8栋803"),
            complaint("TS-2026-0002", D(2026, 3, 2), 完成日期=D(2026, 3, 4), 回访日期=D(2026, 3, 5), 是否满意="满意",
                      房号="2栋302"),
            complaint("TS-2025-0090", D(2025, 12, 20), 完成日期=D(2025, 12, 22), 回访日期=D(2025, 12, 23),
                      是否满意="满意", 房号="9栋101")]
    quarterly = office(rows, "[callbacks]\nregular_every = quarter\n")
    # in Q1: the owner who complained in Q4 2025 (called back then, not since Q1 began)
    assert listed_numbers(make_callback_list(quarterly, D(2026, 3, 31)).docx) == ["TS-2025-0090"]
    run = make_callback_list(quarterly, D(2026, 4, 2))
    assert sorted(listed_numbers(run.docx)) == ["TS-2026-0001", "TS-2026-0002"]
    assert all(r[1].endswith("【定期回访】") for r in table_rows(run.docx))
    type_result(quarterly, "TS-2026-0001", 回访日期=D(2026, 4, 2), 回访结果="无新问题", 是否满意="满意")
    assert listed_numbers(make_callback_list(quarterly, D(2026, 4, 3)).docx) == ["TS-2026-0002"]
    monthly = office(rows, "[callbacks]\nregular_every = month\n")
    assert listed_numbers(make_callback_list(monthly, D(2026, 4, 2)).docx) == ["TS-2026-0002"]
    never = office(rows, "[callbacks]\nregular_every = none\n")
    assert table_rows(make_callback_list(never, D(2026, 4, 2)).docx) == []


def test_the_list_is_grouped_by_building_when_configured(office):
    rows = [complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3), 房号="5栋1单元1202"),
            complaint("TS-2026-0002", D(2026, 3, 1), 完成日期=D(2026, 3, 3), 房号="3栋2单元501"),
            complaint("TS-2026-0003", D(2026, 3, 1), 完成日期=D(2026, 3, 3), 房号="3栋1单元101")]
    run = make_callback_list(office(rows, "[callbacks]\ngroup_by = building\n"), TODAY)
    document = docx.Document(str(run.docx))
    headings = [p.text for p in document.paragraphs if "户)" in p.text and "共" in p.text and "栋" in p.text]
    assert headings == ["3栋(共 2 户)", "5栋(共 1 户)"]
    assert [len(t.rows) - 1 for t in document.tables] == [2, 1]


def test_workbook_text_reaches_word_and_excel_as_text(office, tmp_path):
    settings = office([complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3),
                                 投诉内容摘要="电梯异响 <夜间> & 停靠不平", 处理结果="placeholder")])
    wb = openpyxl.load_workbook(settings.paths.register)   # a summary typed as '=SUM(A1) in Excel: a text cell
    ws = wb.active
    cell = ws.cell(3, 20)
    assert ws.cell(2, 20).value == "处理结果"
    cell.value = "=SUM(A1)"
    cell.data_type = "s"
    wb.save(settings.paths.register)
    run = make_callback_list(settings, TODAY)
    (row,) = table_rows(run.docx)
    assert row[5] == "电梯异响 <夜间> & 停靠不平" and row[6] == "=SUM(A1)"
    with zipfile.ZipFile(settings.paths.callback_records) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml
    _ws, _h, rows = sheet_rows(settings)
    assert rows[0]["处理情况"] == "=SUM(A1)"


def test_making_the_list_leaves_the_register_unchanged(office):
    settings = office([complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3))])
    before = sha256(settings.paths.register)
    make_callback_list(settings, TODAY)
    make_callback_list(settings, TODAY + dt.timedelta(days=1))
    assert sha256(settings.paths.register) == before


def test_a_callback_sheet_open_in_excel_is_not_written_and_no_list_is_made(office):
    settings = office([complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3))])
    make_callback_list(settings, TODAY)
    before = sha256(settings.paths.callback_records)
    lock = settings.paths.callback_records.with_name("~$回访记录.xlsx")
    lock.write_bytes(b"x")
    with pytest.raises(OutputError, match="正在 Excel 中打开"):
        make_callback_list(settings, TODAY + dt.timedelta(days=1))
    assert sha256(settings.paths.callback_records) == before
    assert not (settings.paths.output / "回访清单" / "回访清单_2026-03-21.docx").exists()
    assert not [p for p in settings.paths.callback_records.parent.iterdir() if p.name.startswith(".kefu-")]


def test_an_empty_day_says_so_in_word(office):
    run = make_callback_list(office([complaint("TS-2026-0001", D(2026, 3, 18))]), TODAY)
    texts = [p.text for p in docx.Document(str(run.docx)).paragraphs]
    assert "今日没有需要回访的业主。" in texts and table_rows(run.docx) == []


def test_script_prints_a_chinese_summary_and_fails_in_one_line(tmp_path):
    register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx",
                              {"2026年": [complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3))]})
    config = write_config(tmp_path, register=register)
    done = run_cli("make_callback_list", "--config", config, "--as-of", "2026-03-20")
    assert done.returncode == 0, done.stderr
    assert "共 1 户" in done.stdout and "回访清单_2026-03-20.docx" in done.stdout
    bad = run_cli("make_callback_list", "--config", config, "--as-of", "2026-13-01")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    register.unlink()
    missing = run_cli("make_callback_list", "--config", config, "--as-of", "2026-03-20")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and "客户投诉登记表.xlsx" in missing.stderr


@needs_soffice
def test_the_word_list_converts_to_a_pdf(office, tmp_path):
    from kefu.outputs.pdf import convert

    settings = office([complaint("TS-2026-0001", D(2026, 3, 1), 完成日期=D(2026, 3, 3))])
    run = make_callback_list(settings, TODAY)
    (pdf,) = convert([run.docx], "pdf", tmp_path / "pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_two_days_of_lists_leave_one_row_per_owner_and_the_second_shows_them_still_owed(office):
    settings = office([complaint("TS-2026-%04d" % i, D(2026, 3, 2), 完成日期=D(2026, 3, 16), 客户名称=f"业主{i}",
                                 房号=f"{i}栋101") for i in range(1, 6)])
    first = make_callback_list(settings, TODAY)
    assert first.added == 5 and "已列出" not in "".join(r[1] for r in table_rows(first.docx))
    type_result(settings, "TS-2026-0003", 回访日期=TODAY, 回访结果="已修好", 是否满意="满意")
    second = make_callback_list(settings, D(2026, 3, 23))   # Monday: listed three days before
    assert second.added == 0 and second.still_listed == 4
    _ws, _h, rows = sheet_rows(settings)
    assert sorted(r["编号"] for r in rows) == ["TS-2026-%04d" % i for i in range(1, 6)]   # one row each
    flags = {row[1].split("\n")[0]: row[1].split("\n", 1)[1] for row in table_rows(second.docx)}
    assert sorted(flags) == ["TS-2026-0001", "TS-2026-0002", "TS-2026-0004", "TS-2026-0005"]
    assert all(flag.endswith(",已列出3天仍未回访】") for flag in flags.values()), flags
    assert "4 户以前已列入、仍未填回访结果,未重复添加" in second.summary()


def test_an_owner_called_back_unsatisfied_gets_a_new_row_for_the_next_callback(office):
    rows = [complaint("TS-2026-0001", D(2026, 3, 2), 完成日期=D(2026, 3, 16))]
    settings = office(rows)
    make_callback_list(settings, TODAY)
    type_result(settings, "TS-2026-0001", 回访日期=TODAY, 回访结果="仍漏水", 是否满意="不满意")
    run = make_callback_list(settings, D(2026, 3, 23))
    assert run.added == 1 and table_rows(run.docx)[0][1] == "TS-2026-0001\n【不满意】"
    _ws, _h, sheet = sheet_rows(settings)
    assert [(r["编号"], r["是否满意"]) for r in sheet] == [("TS-2026-0001", "不满意"), ("TS-2026-0001", None)]


def test_a_row_whose_callback_the_register_records_is_marked_and_kept(office):
    rows = [complaint("TS-2026-%04d" % i, D(2026, 3, 2), 完成日期=D(2026, 3, 16), 客户名称=f"业主{i}",
                      房号=f"{i}栋101") for i in range(1, 4)]
    settings = office(rows)
    make_callback_list(settings, TODAY)
    rows[1].update(回访日期=D(2026, 3, 21), 是否满意="满意")          # typed in the register, not in the workbook
    write_register(Path(settings.paths.register), {"2026年": rows})
    run = make_callback_list(settings, D(2026, 3, 23))
    assert run.settled == 1 and "1 行已在登记表中记了回访" in run.summary()
    ws, header, sheet = sheet_rows(settings)
    assert [(r["编号"], r["登记表回访"]) for r in sheet] == [
        ("TS-2026-0001", None), ("TS-2026-0002", "登记表已记回访(2026-03-21),不用再回访"), ("TS-2026-0003", None)]
    note = ws.cell(3, header.index("登记表回访") + 1)           # wrapped in its column, its row as tall (issue 30)
    width = ws.column_dimensions[note.column_letter].width
    assert note.alignment.wrap_text and ws.row_dimensions[3].height >= cell_fit.lines_points(
        cell_fit.text_lines(note.value, width))
    records = Path(settings.paths.callback_records)
    before = records.stat().st_mtime_ns
    again = make_callback_list(settings, D(2026, 3, 23))   # nothing to add or mark: the workbook is not rewritten
    assert again.settled == 0 and again.added == 0 and records.stat().st_mtime_ns == before


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _rows_xml(path):
    import re
    xml = _parts(path)["xl/worksheets/sheet1.xml"].decode()
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)".*?</row>', xml)}


def test_a_day_edits_only_its_rows_and_a_day_with_nothing_leaves_the_workbook_byte_identical(office):
    from python_calamine import CalamineWorkbook
    rows = [complaint("TS-2026-%04d" % i, D(2026, 3, 2), 完成日期=D(2026, 3, 16), 客户名称=f"业主{i}",
                      房号=f"{i}栋101") for i in range(1, 5)]
    settings = office(rows)
    records = Path(settings.paths.callback_records)
    make_callback_list(settings, TODAY)                                # rows 2-5, written by openpyxl (new book)
    with zipfile.ZipFile(records, "a") as zf:                          # something openpyxl would drop
        zf.writestr("customXml/item1.xml", "<office-kept/>")
    before_parts, before_rows = _parts(records), _rows_xml(records)
    rows[1].update(回访日期=D(2026, 3, 21), 是否满意="满意")               # settled in the register
    long_text = "楼上卫生间漏水,天花板大面积发霉,已反映三次,维修师傅来看过两次仍未修好,业主要求尽快彻底处理" * 2
    rows.append(complaint("TS-2026-0005", D(2026, 3, 5), 完成日期=D(2026, 3, 20), 客户名称="新业主",
                          投诉内容摘要=long_text))
    write_register(Path(settings.paths.register), {"2026年": rows})
    run = make_callback_list(settings, D(2026, 3, 23))
    assert (run.added, run.settled) == (1, 1)
    after_parts, after_rows = _parts(records), _rows_xml(records)
    assert after_parts["customXml/item1.xml"] == b"<office-kept/>"
    assert {n for n in after_parts if after_parts[n] != before_parts.get(n)} <= {"xl/worksheets/sheet1.xml",
                                                                                  "xl/styles.xml"}
    assert [r for r in before_rows if before_rows[r] != after_rows[r]] == [3]   # only the settled row changed
    assert sorted(after_rows) == [1, 2, 3, 4, 5, 6]
    _ws, _h, sheet = sheet_rows(settings)                              # openpyxl reads it
    assert [(r["编号"], r["登记表回访"]) for r in sheet][1:] == [
        ("TS-2026-0002", "登记表已记回访(2026-03-21),不用再回访"), ("TS-2026-0003", None), ("TS-2026-0004", None),
        ("TS-2026-0005", None)]
    assert sheet[4]["清单日期"].date() == D(2026, 3, 23) and sheet[4]["完成日期"].date() == D(2026, 3, 20)
    assert _ws.cell(3, 3).font.color.rgb.endswith("808080")
    column = _h.index("投诉内容") + 1                                   # the appended row is as tall as its text
    cell = _ws.cell(6, column)
    assert cell.value == long_text and cell.alignment.wrap_text
    width = _ws.column_dimensions[get_column_letter(column)].width
    assert _ws.row_dimensions[6].height >= lines_points(text_lines(long_text, width)) > lines_points(1)
    table = CalamineWorkbook.from_path(str(records)).get_sheet_by_name("回访记录").to_python()
    assert [r[2] for r in table[1:]] == ["TS-2026-%04d" % i for i in range(1, 6)]
    digest = sha256(records)
    again = make_callback_list(settings, D(2026, 3, 24))               # nothing new to add or mark
    assert (again.added, again.settled) == (0, 0) and sha256(records) == digest


@needs_soffice
def test_a_callback_workbook_saved_by_libreoffice_takes_the_days_rows_and_libreoffice_reads_them_back(office, tmp_path,
                                                                                                      monkeypatch):
    """Staff open 回访记录.xlsx in WPS/LibreOffice, type results and save it; the next list appends into the file
    as that program wrote it (shared strings, its own styles), and the program reads every row back."""
    from python_calamine import CalamineWorkbook

    from kefu.outputs.pdf import convert
    rows = [complaint("TS-2026-%04d" % i, D(2026, 3, 2), 完成日期=D(2026, 3, 16), 客户名称=f"业主{i}")
            for i in range(1, 4)]
    settings = office(rows)
    records = Path(settings.paths.callback_records)
    make_callback_list(settings, TODAY)
    type_result(settings, "TS-2026-0001", 回访结果="已修好")
    resaved = convert([records], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo1")[0]
    records.write_bytes(resaved.read_bytes())
    rows.append(complaint("TS-2026-0004", D(2026, 3, 5), 完成日期=D(2026, 3, 20), 客户名称="新业主"))
    write_register(Path(settings.paths.register), {"2026年": rows})
    from kefu.outputs.callbacks import sheet
    monkeypatch.setattr(sheet, "_load", lambda path: pytest.fail("rebuilt by openpyxl, not edited in place"))
    run = make_callback_list(settings, D(2026, 3, 23))
    assert run.added == 1
    back = convert([records], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo2")[0]   # LibreOffice opens it
    table = CalamineWorkbook.from_path(str(back)).get_sheet_by_name("回访记录").to_python()
    header = table[0]
    numbers = [r[header.index("编号")] for r in table[1:] if r[header.index("编号")]]
    assert numbers == ["TS-2026-0001", "TS-2026-0002", "TS-2026-0003", "TS-2026-0004"]
    assert table[1][header.index("回访结果")] == "已修好"      # what staff typed is still there
