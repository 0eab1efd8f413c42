"""notice.missing / notice.orphan on real registers, with ledger and archive data as the job loads them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import complaint, loaded_notices, write_register
from kefu.jobs.make_notices import make_notices
from kefu.read.register import read_register
from kefu.rules.context import RuleContext
from kefu.rules.daily import run_rules
from kefu.rules.notices import check

AS_OF = dt.date(2026, 3, 6)


def _register(tmp_path, settings_for, rows):
    path = write_register(tmp_path / "登记表.xlsx", {"2026年": rows})
    settings = settings_for(register=path)
    return settings, read_register(settings)


def _findings(register, settings, **extra):
    return check(register, RuleContext.create(settings, AS_OF, **extra))


def test_nothing_is_checked_when_the_job_loaded_no_notice_data(tmp_path, settings_for):
    settings, register = _register(tmp_path, settings_for, [complaint("TS-2026-0001", dt.date(2026, 3, 2))])
    assert _findings(register, settings) == []


FIRST_ISSUED = [{"number": "TS-2026-0000", "version": 1, "path": "通知单/2026/03/TS-2026-0000.docx",
                 "sha256": "x", "issued_at": "2026-03-01T09:00:00"}]


def test_a_notice_number_with_no_notice_issued_or_filed_is_missing(tmp_path, settings_for):
    settings, register = _register(tmp_path, settings_for, [
        complaint("TS-2026-0000", dt.date(2026, 3, 1)),
        complaint("TS-2026-0001", dt.date(2026, 3, 2)),
        complaint("TS-2026-0002", dt.date(2026, 3, 2), 通知单编号=""),
    ])
    found = _findings(register, settings, issued_notices=FIRST_ISSUED, filed_notices=[])
    assert [(f.rule, f.number, f.sheet, f.row) for f in found] == [("notice.missing", "TS-2026-0001", "2026年", 4)]
    assert found[0].column == "L" and "TS-2026-0001" in found[0].message


def test_notices_made_by_hand_before_kefu_issued_its_first_are_not_missing(tmp_path, settings_for):
    settings, register = _register(tmp_path, settings_for, [
        complaint("TS-2026-0000", dt.date(2026, 2, 27)), complaint("TS-2026-0001", dt.date(2026, 3, 2))])
    assert _findings(register, settings, issued_notices=[], filed_notices=[]) == []
    found = _findings(register, settings, issued_notices=FIRST_ISSUED[:0] + [
        {**FIRST_ISSUED[0], "number": "TS-2026-0001"}], filed_notices=[])
    assert found == []   # 0000 was received 27 Feb, before kefu's first notice on 1 March


def test_an_issued_or_filed_notice_satisfies_the_register(tmp_path, settings_for):
    settings, register = _register(tmp_path, settings_for, [
        complaint("TS-2026-0001", dt.date(2026, 3, 2)), complaint("TS-2026-0002", dt.date(2026, 3, 2))])
    issued = [{"number": "TS-2026-0001", "version": 1, "path": "通知单/2026/03/TS-2026-0001.docx",
               "sha256": "x", "issued_at": "2026-03-06T08:00:00"}]
    filed = [{"path": "通知单/2026/03/TS-2026-0002.pdf", "key": "TS-2026-0002"}]
    assert _findings(register, settings, issued_notices=issued, filed_notices=filed) == []


def test_a_filed_notice_without_a_register_row_is_an_orphan(tmp_path, settings_for):
    settings, register = _register(tmp_path, settings_for, [
        complaint("TS-2026-0001", dt.date(2026, 3, 2), 通知单编号=""),
        complaint("TS-2026-0002", dt.date(2026, 3, 2), 通知单编号="", 状态="作废")])
    filed = [{"path": "通知单/2026/03/TS-2026-0001-2.docx", "key": "TS-2026-0001"},
             {"path": "通知单/2026/03/TS-2026-0002.docx", "key": "TS-2026-0002"},
             {"path": "通知单/2026/03/TS-2026-0099.docx", "key": "TS-2026-0099"}]
    found = _findings(register, settings, filed_notices=filed)
    assert [(f.rule, f.number, f.row) for f in found] == [("notice.orphan", "TS-2026-0099", None)]
    assert "通知单/2026/03/TS-2026-0099.docx" in found[0].message


def test_after_making_notices_the_daily_check_finds_them_and_an_orphan_once_the_row_is_gone(tmp_path, settings_for):
    rows = [complaint("TS-2026-0001", dt.date(2026, 3, 2), 责任部门="工程部", 通知单编号=""),
            complaint("TS-2026-0002", dt.date(2026, 3, 3), 责任部门="保洁部", 通知单编号="")]
    settings, _ = _register(tmp_path, settings_for, rows)
    make_notices(settings, AS_OF)
    context = loaded_notices(settings)
    assert [f["path"] for f in context["filed_notices"]] == [
        "通知单/2026/03/TS-2026-0001.docx", "通知单/2026/03/TS-2026-0002.docx"]
    assert [r["number"] for r in context["issued_notices"]] == ["TS-2026-0001", "TS-2026-0002"]
    register = read_register(settings)
    findings = run_rules(register, RuleContext.create(settings, AS_OF, **context))
    assert not [f for f in findings if f.rule.startswith("notice.")]

    write_register(Path(settings.paths.register), {"2026年": rows[:1]})   # the row was deleted
    findings = run_rules(read_register(settings), RuleContext.create(settings, AS_OF, **loaded_notices(settings)))
    assert [(f.rule, f.number) for f in findings if f.rule.startswith("notice.")] == [
        ("notice.orphan", "TS-2026-0002")]


def test_a_notice_file_name_is_read_by_the_numbering_pattern_not_the_last_hyphen(tmp_path, settings_for):
    settings, _ = _register(tmp_path, settings_for, [complaint("TS-2027-2509", dt.date(2027, 3, 2))])
    folder = Path(settings.paths.output) / "通知单" / "2027" / "03"
    folder.mkdir(parents=True)
    for name in ("TS-2027-2509.docx", "TS-2027-2509-2.docx", "TS-2027-0003.docx"):
        (folder / name).write_bytes(b"x")
    context = loaded_notices(settings)
    assert [f["key"] for f in context["filed_notices"]] == ["TS-2027-0003", "TS-2027-2509", "TS-2027-2509"]
    findings = run_rules(read_register(settings), RuleContext.create(settings, AS_OF, **context))
    assert [(f.rule, f.number) for f in findings if f.rule == "notice.orphan"] == [("notice.orphan", "TS-2027-0003")]
