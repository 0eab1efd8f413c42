"""The notice job: real registers in tmp_path, real .docx opened with python-docx, real PDFs."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from conftest import REPO, complaint, loaded_notices, needs_soffice, run_cli, sha256, write_config, write_register
from kefu.core.errors import InputError, OutputError
from kefu.read.notice_files import archive_root, notice_path, safe_name
from kefu.outputs.notices.render import NoticeTemplate
from kefu.jobs.make_notices import check_template, make_notices
from kefu.core.workdays import WorkCalendar, reply_deadline

TEMPLATE = REPO / "templates" / "投诉处理通知单.docx"
AS_OF = dt.date(2026, 3, 6)
TRICKY = 'Pipe <burst> & "water" \'everywhere\' 😀 楼上漏水'


def full_row(number="TS-2026-0001", received=dt.date(2026, 3, 2), **extra) -> dict:
    extra.setdefault("通知单编号", "")   # a filled 通知单编号 is a paper notice: kefu issues none
    row = complaint(number, received, 客户名称="李秀英", 房号="5栋1单元1202", 联系电话="13900001111",
                    投诉方式="电话", 原件编号="YJ-0001", 投诉内容摘要=TRICKY, 类别="维修", 责任部门="工程部",
                    是否重大="是", 补救措施="先关总阀止水", 纠正措施="更换老化水管", 预定完成日期=dt.date(2026, 3, 10),
                    处理结果="已修复", 完成日期=dt.date(2026, 3, 9), 回访结果="业主表示满意")
    row.update(extra)
    return row


def texts(path: Path) -> str:
    """Every piece of text a reader sees on the notice (paragraphs and table cells)."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for r in table.rows:
            parts += [c.text for c in r.cells]
    return "\n".join(parts).replace("\u2060", "").replace("\xa0", " ")   # dates' word joiners unseen


@pytest.fixture
def office(tmp_path, settings_for):
    """(settings, register path) for a register with the given rows."""
    def make(rows, text=""):
        register = write_register(tmp_path / "客户投诉登记表.xlsx", {"2026年": rows})
        return settings_for(text, register=register), register
    return make


def test_every_field_of_a_complaint_is_printed_on_its_notice(office):
    settings, _ = office([full_row()])
    run = make_notices(settings, AS_OF)
    assert [p.name for p in run.issued] == ["TS-2026-0001.docx"]
    text = texts(run.issued[0])
    for value in ("阳光花园管理处", "客户投诉处理通知单", "TS-2026-0001", "2026年3月2日", "电话", "李秀英",
                  "5栋1单元1202", "13900001111", "YJ-0001", TRICKY, "维修", "工程部", "2026年3月5日",
                  "先关总阀止水", "更换老化水管", "2026年3月10日", "已修复", "2026年3月9日", "业主表示满意",
                  "2026年3月6日", "第 1 版", "抄报:经理", "☑ 重大"):
        assert value in text, value


def _as_text_cell(register: Path, text: str) -> None:
    """Store ``text`` as a text cell (as Excel does for '=...) wherever the register holds it."""
    import openpyxl
    wb = openpyxl.load_workbook(register)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == text:
                    cell.data_type = "s"
    wb.save(register)


def test_a_summary_beginning_with_equals_is_printed_as_typed(office):
    settings, register = office([full_row(投诉内容摘要="=SUM(A1)+1 楼道灯不亮 <3 & more")])
    _as_text_cell(register, "=SUM(A1)+1 楼道灯不亮 <3 & more")
    run = make_notices(settings, AS_OF)
    cell_texts = [c.text for t in Document(str(run.issued[0])).tables for r in t.rows for c in r.cells]
    assert "=SUM(A1)+1 楼道灯不亮 <3 & more" in cell_texts


def test_an_ordinary_complaint_is_not_addressed_to_the_manager(office):
    settings, _ = office([full_row(是否重大="否")])
    text = texts(make_notices(settings, AS_OF).issued[0])
    assert "抄报:经理" not in text
    assert "☐ 重大  ☑ 一般" in text


def _feedback_cell(path: Path) -> str:
    (cell,) = {c._tc: c for t in Document(str(path)).tables for r in t.rows for c in r.cells
               if "回访人" in c.text}.values()
    return cell.text


@pytest.mark.parametrize("said, expected, shown", [
    ({"回访结果": "基本满意", "是否满意": "是"}, "☐ 满意    ☑ 基本满意    ☐ 不满意", ""),
    ({"回访结果": "仍漏水", "是否满意": "否"}, "☐ 满意    ☐ 基本满意    ☑ 不满意", "仍漏水"),
    ({"回访结果": "不太满意,噪音依旧"}, "☐ 满意    ☐ 基本满意    ☑ 不满意", "不太满意,噪音依旧"),
    ({"回访结果": "", "是否满意": "是"}, "☐ 满意    ☐ 基本满意    ☐ 不满意", ""),
    ({"回访结果": "", "是否满意": ""}, "☐ 满意    ☐ 基本满意    ☐ 不满意", ""),
])
def test_the_notice_ticks_the_box_of_the_known_satisfaction(office, said, expected, shown):
    settings, _ = office([full_row(**said)])
    feedback = _feedback_cell(make_notices(settings, AS_OF).issued[0])
    assert feedback.split("\n") == [shown, "", expected + "        回访人:__________"]


def test_the_shipped_template_renders_notices_of_every_grade_from_one_draft(office):
    """The boxes are printed values, not template conditions: one docxtpl render per run (~70 ms each)
    however many grades the notices show."""
    rows = [full_row(f"TS-2026-000{i}", **said) for i, said in enumerate(
        [{"回访结果": "满意"}, {"回访结果": "基本满意"}, {"是否满意": "否"}, {"回访结果": "", "是否满意": ""}], start=1)]
    settings, _ = office(rows)
    template = NoticeTemplate(Path(settings.paths.templates) / "投诉处理通知单.docx")
    assert "satisfaction" not in template.placeholders and "box_basic" not in template.structural
    ticked = [_feedback_cell(p).count("☑") for p in make_notices(settings, AS_OF).issued]
    assert ticked == [1, 1, 1, 0]


def test_an_office_template_with_the_old_satisfaction_conditions_still_ticks_the_box(tmp_path, office):
    """Templates built before the boxes were fields ask {% if satisfaction == '基本满意' %}☑{% else %}☐{% endif %}."""
    folder = tmp_path / "模板"
    shutil.copytree(REPO / "templates", folder)
    path = folder / "投诉处理通知单.docx"
    with zipfile.ZipFile(TEMPLATE) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for name, grade in (("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")):
        assert "{{ box_%s }}" % name in xml
        xml = xml.replace("{{ box_%s }}" % name, "{%% if satisfaction == '%s' %%}☑{%% else %%}☐{%% endif %%}" % grade)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    settings, _ = office([full_row(回访结果="基本满意")])
    settings = settings.with_values(paths={"templates": folder})
    assert "satisfaction" in NoticeTemplate(path).structural
    assert "☐ 满意    ☑ 基本满意    ☐ 不满意" in _feedback_cell(make_notices(settings, AS_OF).issued[0])


def test_a_line_break_in_the_summary_becomes_a_line_break_in_word(office):
    settings, _ = office([full_row(投诉内容摘要="第一行\n第二行")])
    text = texts(make_notices(settings, AS_OF).issued[0])
    assert "第一行\n第二行" in text


def test_the_reply_deadline_counts_working_days_when_the_office_says_so(office):
    received = dt.date(2026, 9, 30)   # the National Day holiday follows
    settings, _ = office([full_row(received=received)], "[deadlines]\nday_count = workdays\n")
    expected = reply_deadline(received, 3, WorkCalendar("workdays"))
    assert expected > received + dt.timedelta(days=3)
    text = texts(make_notices(settings, AS_OF).issued[0])
    assert f"{expected.year}年{expected.month}月{expected.day}日前" in text.replace("\n", "")


def test_notices_are_filed_by_the_year_and_month_received(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002", dt.date(2026, 4, 1))])
    run = make_notices(settings, AS_OF)
    root = archive_root(settings)
    assert sorted(p.relative_to(root).as_posix() for p in run.issued) == [
        "2026/03/TS-2026-0001.docx", "2026/04/TS-2026-0002.docx"]


def test_complaints_without_a_department_or_number_get_no_notice(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002", 责任部门=""), full_row("", 投诉内容摘要="无编号")])
    run = make_notices(settings, AS_OF)
    assert [p.stem for p in run.issued] == ["TS-2026-0001"]
    reasons = dict(run.skipped)
    assert reasons["TS-2026-0002"] == "未填责任部门"
    assert any("没有编号" in why for _, why in run.skipped)


def test_duplicate_numbers_get_no_notice_until_corrected(office):
    settings, _ = office([full_row(), full_row()])
    run = make_notices(settings, AS_OF)
    assert run.issued == []
    assert len(run.skipped) == 1 and "编号重复" in run.skipped[0][1]   # one line for the number, not one per row


def test_voided_complaints_get_no_notice(office):
    settings, _ = office([full_row(状态="作废")])
    assert make_notices(settings, AS_OF).issued == []


def test_running_twice_issues_nothing_new(office):
    settings, _ = office([full_row()])
    first = make_notices(settings, AS_OF)
    before = sha256(first.issued[0])
    second = make_notices(settings, AS_OF + dt.timedelta(days=1))
    assert second.issued == [] and second.reprinted == [] and second.already == ["TS-2026-0001"]
    assert second.summary_zh() == "没有新的通知单需要生成(已出过的 1 份未重复生成,如需再打印加 --pdf 或 --combined)。"
    assert sha256(first.issued[0]) == before
    assert len(list(archive_root(settings).rglob("*.docx"))) == 1


def test_reissue_writes_a_second_version_and_keeps_the_first(office):
    settings, _ = office([full_row()])
    first = make_notices(settings, AS_OF).issued[0]
    before = sha256(first)
    again = make_notices(settings, AS_OF, reissue=True)
    assert [p.name for p in again.issued] == ["TS-2026-0001-2.docx"]
    assert "第 2 版" in texts(again.issued[0])
    assert sha256(first) == before
    third = make_notices(settings, AS_OF, numbers=["ts-2026-0001"], reissue=True)
    assert [p.name for p in third.issued] == ["TS-2026-0001-3.docx"]
    rows = loaded_notices(settings)["issued_notices"]
    assert [(r["number"], r["version"], r["path"]) for r in rows] == [
        ("TS-2026-0001", 1, "通知单/2026/03/TS-2026-0001.docx"),
        ("TS-2026-0001", 2, "通知单/2026/03/TS-2026-0001-2.docx"),
        ("TS-2026-0001", 3, "通知单/2026/03/TS-2026-0001-3.docx")]
    assert rows[1]["sha256"] == sha256(again.issued[0])


def test_a_file_already_in_the_archive_is_never_overwritten(office):
    settings, _ = office([full_row()])
    target = notice_path(settings, "TS-2026-0001", dt.date(2026, 3, 2), 1)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"scanned by hand")
    run = make_notices(settings, AS_OF)
    assert run.issued == [] and "未覆盖" in run.skipped[0][1]
    assert target.read_bytes() == b"scanned by hand"
    assert [p.name for p in make_notices(settings, AS_OF, reissue=True).issued] == ["TS-2026-0001-2.docx"]


def test_a_number_like_a_path_cannot_write_outside_the_output_folder(office, tmp_path):
    settings, _ = office([full_row("TS/2026/../x"), full_row("..\\..\\evil", dt.date(2026, 3, 3))])
    run = make_notices(settings, AS_OF)     # numbers against the pattern: no notice until corrected
    assert run.issued == [] and all("编号格式不对" in why for _, why in run.skipped)
    settings, _ = office([full_row("TS/2026/../1"), full_row("TS/2026/../2", dt.date(2026, 3, 3))],
                         "[numbering]\npattern = TS/{year}/../{seq}\n")
    run = make_notices(settings, AS_OF)
    output = Path(settings.paths.output).resolve()
    assert len(run.issued) == 2
    for path in run.issued:
        assert output in path.resolve().parents
        assert path.resolve().parent == output / "通知单" / "2026" / "03"
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".docx"]
    assert all(output in p.resolve().parents for p in written)
    assert safe_name("TS/2026/../x") == "TS_2026_x"
    assert safe_name("CON") == "_CON"


def test_a_folder_pattern_leading_out_of_the_archive_is_refused(office):
    settings, _ = office([full_row()], "[notices]\nfolder_pattern = ../../{year}\n")
    with pytest.raises(OutputError, match="输出文件夹之外"):
        make_notices(settings, AS_OF)
    assert not any(Path(settings.paths.output).parent.rglob("*.docx"))


def test_numbers_and_received_dates_pick_the_complaints(office):
    rows = [full_row(), full_row("TS-2026-0002", dt.date(2026, 3, 20)), full_row("TS-2026-0003", dt.date(2026, 4, 2))]
    settings, _ = office(rows)
    with pytest.raises(InputError, match="登记表中没有编号为 TS-2026-0099 的投诉"):   # nothing written
        make_notices(settings, AS_OF, numbers=["TS-2026-0003", "TS-2026-0099"])
    assert not archive_root(settings).exists()
    run = make_notices(settings, AS_OF, numbers=["TS-2026-0003"])
    assert [p.stem for p in run.issued] == ["TS-2026-0003"]
    run = make_notices(settings, AS_OF, date_from=dt.date(2026, 3, 10), date_to=dt.date(2026, 3, 31))
    assert [p.stem for p in run.issued] == ["TS-2026-0002"]


def test_the_register_is_unchanged_by_making_notices(office):
    settings, register = office([full_row()])
    before = sha256(register)
    make_notices(settings, AS_OF, combined=True)
    assert sha256(register) == before


def test_progress_is_reported_per_notice(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002")])
    calls = []
    make_notices(settings, AS_OF, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_the_combined_file_holds_every_notice_on_its_own_page(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002"), full_row("TS-2026-0003")])
    run = make_notices(settings, AS_OF, combined=True)
    assert run.combined is not None and run.combined.parent.name == "通知单打印"
    text = texts(run.combined)
    for n in ("TS-2026-0001", "TS-2026-0002", "TS-2026-0003"):
        assert n in text
    xml = zipfile.ZipFile(run.combined).read("word/document.xml").decode()
    assert xml.count("<w:pageBreakBefore/>") == 2
    assert xml.count("客户投诉处理通知单") == 3


def test_docx_files_hold_no_half_written_temp_files(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002")])
    make_notices(settings, AS_OF, combined=True)
    assert not [p for p in Path(settings.paths.output).rglob("*") if p.name.startswith(".~")]


# ---------------------------------------------------------------- rendering equals docxtpl
def _edited_template(tmp_path: Path) -> Path:
    """The shipped template as staff might edit it: a header, a filter, a condition on a text field."""
    doc = Document(str(TEMPLATE))
    doc.sections[0].header.paragraphs[0].text = "{{ office_name }} 通知单 {{ number }}"
    doc.add_paragraph("{{ summary|upper }}")
    doc.add_paragraph("{% if remedy %}已有补救措施:{{ remedy }}{% endif %}")
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    return path


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


@pytest.mark.parametrize("summary", [TRICKY, "=cmd|' /C calc'!A0", "tab\there\nnew line", ""])
def test_fast_rendering_writes_what_docxtpl_writes(tmp_path, summary):
    template = NoticeTemplate(_edited_template(tmp_path))
    assert "summary" in template.structural and "major" in template.structural
    values = {name: f"<{name}> & 'v'" for name in template.placeholders}
    values.update(summary=summary, major=True, remedy="")
    fast, reference = (zipfile.ZipFile(io.BytesIO(b)) for b in (template.render(values),
                                                                  template.render_docxtpl(values)))
    assert fast.namelist() == reference.namelist()
    for name in fast.namelist():
        a, b = fast.read(name), reference.read(name)
        if name.endswith(".xml") or name.endswith(".rels"):
            a, b = _c14n(a), _c14n(b)
        assert a == b, name


# ---------------------------------------------------------------- --check-template
def _typo_template(tmp_path: Path) -> Path:
    src = zipfile.ZipFile(TEMPLATE)
    path = tmp_path / "typo.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ number }}", b"{{ numbr }}")
            out.writestr(info, data)
    return path


def test_check_template_names_a_typo_and_the_missing_required_field(tmp_path, settings_for):
    check = check_template(settings_for(), _typo_template(tmp_path))
    assert check.unknown == {"numbr": "number"}
    assert check.missing == ["number"]
    assert not check.ok
    report = check.report_zh()
    assert "{{ numbr }}" in report and "{{ number }}" in report


def test_the_shipped_template_passes_the_check(settings_for):
    check = check_template(settings_for())
    assert check.ok and check.missing == []
    assert "major" in check.placeholders and "summary" in check.placeholders


def test_the_template_builder_reproduces_the_shipped_template(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("builder", REPO / "templates" / "build_notice_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    built = builder.build(tmp_path / "built.docx")
    shipped = zipfile.ZipFile(TEMPLATE).read("word/document.xml")
    assert _c14n(zipfile.ZipFile(built).read("word/document.xml")) == _c14n(shipped)


# ---------------------------------------------------------------- PDF
def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    import re
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@needs_soffice
def test_a_pdf_batch_has_one_page_per_notice(office):
    rows = [full_row(), full_row("TS-2026-0002", 是否重大="否"),
            full_row("TS-2026-0003", 投诉内容摘要="电梯经常停运," * 12)]
    settings, _ = office(rows)
    run = make_notices(settings, AS_OF, pdf=True, combined=True)
    assert [p.suffix for p in run.pdfs] == [".pdf"] * 3
    for docx, pdf in zip(run.issued, run.pdfs):
        assert pdf == docx.with_suffix(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert _pages(pdf) == 1
    assert _pages(run.combined_pdf) == 3


def test_without_libreoffice_pdf_gives_a_chinese_message(office, monkeypatch):
    import kefu.outputs.pdf
    monkeypatch.setattr(kefu.outputs.pdf, "find_soffice", lambda: None)
    settings, _ = office([full_row()])
    with pytest.raises(OutputError, match="没有找到 LibreOffice"):
        make_notices(settings, AS_OF, pdf=True)
    assert not archive_root(settings).exists()      # nothing half done: a later run issues them all


# ---------------------------------------------------------------- the script
def test_the_script_issues_then_reports_nothing_new(tmp_path):
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [full_row(), full_row("TS-2026-0002")]})
    before = sha256(register)
    config = write_config(tmp_path, register=register)
    first = run_cli("make_notices", "--config", config, "--as-of", "2026-03-06", "--combined")
    assert first.returncode == 0, first.stderr
    assert "生成通知单 2 份" in first.stdout and "通知单/2026/03/TS-2026-0001.docx" in first.stdout
    assert "合并打印文件" in first.stdout
    second = run_cli("make_notices", "--config", config, "--as-of", "2026-03-06")
    assert second.returncode == 0
    assert second.stdout.splitlines() == ["没有新的通知单需要生成(已出过的 2 份未重复生成,如需再打印加 --pdf 或 --combined)。"]
    third = run_cli("make_notices", "--config", config, "--number", "TS-2026-0002", "--reissue")
    assert third.returncode == 0 and "TS-2026-0002-2.docx" in third.stdout
    assert sha256(register) == before
    db = sqlite3.connect(tmp_path / "data" / "ledger.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM notices_issued").fetchone()[0] == 3


def test_the_script_check_template_exits_1_on_a_typo(tmp_path):
    typo = _typo_template(tmp_path)
    config = write_config(tmp_path, f"[notices]\ntemplate = {typo}\n")
    result = run_cli("make_notices", "--config", config, "--check-template")
    assert result.returncode == 1
    assert "未知的占位符 {{ numbr }}" in result.stdout and "是否应为 {{ number }}" in result.stdout
    good = run_cli("make_notices", "--config", write_config(tmp_path), "--check-template")
    assert good.returncode == 0 and "模板检查通过" in good.stdout


def test_the_script_refuses_a_bad_date_with_exit_2(tmp_path):
    config = write_config(tmp_path, register=write_register(tmp_path / "r.xlsx", {"2026年": [full_row()]}))
    result = run_cli("make_notices", "--config", config, "--from", "2026-13-01")
    assert result.returncode == 2 and "--from" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_the_script_names_a_missing_template_in_chinese(tmp_path):
    config = write_config(tmp_path, "[notices]\ntemplate = 不存在.docx\n",
                          register=write_register(tmp_path / "r.xlsx", {"2026年": [full_row()]}))
    result = run_cli("make_notices", "--config", config)
    assert result.returncode == 1 and "通知单模板" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- printing again what was issued
def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_soffice
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_and_combined_after_a_normal_run_print_the_filed_notices_with_their_numbers_and_no_new_version(office):
    settings, register = office([full_row(), full_row("TS-2026-0002", 是否重大="否")])
    first = make_notices(settings, AS_OF)
    filed = {p: sha256(p) for p in first.issued}
    again = make_notices(settings, AS_OF, pdf=True, combined=True)
    assert again.issued == [] and again.reprinted == first.issued
    assert [p.name for p in again.pdfs] == ["TS-2026-0001.pdf", "TS-2026-0002.pdf"]
    for docx_path, pdf in zip(first.issued, again.pdfs):
        assert pdf == docx_path.with_suffix(".pdf") and docx_path.stem in _pdf_text(pdf)
    combined = _pdf_text(again.combined_pdf)
    assert "TS-2026-0001" in combined and "TS-2026-0002" in combined and _pages(again.combined_pdf) == 2
    assert {p: sha256(p) for p in first.issued} == filed                     # the filed documents themselves
    names = sorted(p.name for p in archive_root(settings).rglob("*") if p.is_file())
    assert names == ["TS-2026-0001.docx", "TS-2026-0001.pdf", "TS-2026-0002.docx", "TS-2026-0002.pdf"]
    assert [(r["number"], r["version"]) for r in loaded_notices(settings)["issued_notices"]] == [
        ("TS-2026-0001", 1), ("TS-2026-0002", 1)]                           # nothing new in the ledger
    assert "重新打印已出过的通知单 2 份" in again.summary_zh()


def test_a_reprint_picks_notices_by_number_or_received_dates(office):
    settings, _ = office([full_row(), full_row("TS-2026-0002", received=dt.date(2026, 3, 4)),
                          full_row("TS-2026-0003", received=dt.date(2026, 3, 5))])
    make_notices(settings, AS_OF)
    by_number = make_notices(settings, AS_OF, numbers=["TS-2026-0002"], combined=True)
    assert [p.name for p in by_number.reprinted] == ["TS-2026-0002.docx"] and by_number.issued == []
    assert "TS-2026-0002" in texts(by_number.combined) and "TS-2026-0003" not in texts(by_number.combined)
    by_dates = make_notices(settings, AS_OF, date_from=dt.date(2026, 3, 4), date_to=dt.date(2026, 3, 5),
                            combined=True)
    assert [p.name for p in by_dates.reprinted] == ["TS-2026-0002.docx", "TS-2026-0003.docx"]
    assert not [p for p in archive_root(settings).rglob("*-2.docx")]


def test_a_reprint_of_a_notice_whose_file_was_removed_says_so(office):
    settings, _ = office([full_row()])
    (issued,) = make_notices(settings, AS_OF).issued
    issued.unlink()
    run = make_notices(settings, AS_OF, combined=True)
    assert run.reprinted == [] and run.combined is None
    assert "存档文件《通知单/2026/03/TS-2026-0001.docx》不见了" in run.skipped[0][1]


def test_the_hourly_job_with_nothing_new_logs_one_line(office):
    from kefu.jobs.runner import run_once

    rows = [full_row("TS-2026-%04d" % i) for i in range(1, 17)]
    settings, _ = office(rows)
    clock = lambda: dt.datetime(2026, 3, 6, 9, 0)   # noqa: E731
    assert run_once(settings, "notices", clock=clock).ok
    outcome = run_once(settings, "notices", clock=lambda: dt.datetime(2026, 3, 6, 10, 0))
    assert outcome.ok and outcome.summary == "没有新的通知单需要生成(已出过的 16 份未重复生成,如需再打印加 --pdf 或 --combined)。"
    log = (settings.paths.logs / "kefu.log").read_text(encoding="utf-8")
    assert "已出过通知单" not in log and log.count("没有新的通知单需要生成") == 1
