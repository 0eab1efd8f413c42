"""A notice belongs to its complaint: the week in the office (issue, duplicate, renumbering, renumbering
back, void and reissue), paper notices on a first run, two runs at once. Real registers, the archived
.docx read back with python-docx at every step, the register's bytes compared after every job."""
from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from conftest import SCRIPTS, complaint, run_cli, sha256, write_config, write_register
from kefu.core.errors import InputError
from kefu.jobs.daily_check import run_daily_check
from kefu.jobs.make_notices import make_notices, void_notice
from kefu.ledger import audit
from kefu.ledger.db import ledger_path
from kefu.outputs.docx_tokens import WORD_JOINER
from kefu.read.notice_files import archive_root
from kefu.rules.urgency import rule_title

DAY = dt.date(2026, 3, 3)
LI = dict(客户名称="李建华", 房号="2栋1单元301", 投诉内容摘要="厨房水管漏水,楼下天花板渗水", 责任部门="工程部",
          通知单编号="")
ZHAO = dict(客户名称="赵丽", 房号="5栋2单元1102", 投诉内容摘要="地库门禁损坏,夜间外来车辆随意进出", 责任部门="保安部",
            是否重大="是", 通知单编号="")


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace(WORD_JOINER, "")   # as it reads: dates glued with word joiners (issue 30)


class Office:
    """The register of the week, rewritten as the clerk types; every job checked to leave it unchanged."""

    def __init__(self, tmp_path: Path, settings_for):
        self.register = tmp_path / "客户投诉登记表.xlsx"
        self.settings_for, self.settings = settings_for, None

    def type_rows(self, *rows: tuple[str, dt.date, dict]) -> None:
        write_register(self.register, {"2026年": [complaint(n, day, **who) for n, day, who in rows]})
        self.settings = self.settings or self.settings_for(register=self.register)

    def job(self, fn, *args, **kwargs):
        before = sha256(self.register)
        try:
            return fn(self.settings, *args, **kwargs)
        finally:
            assert sha256(self.register) == before, "the register was changed"

    def in_force(self) -> dict[str, tuple[int, str]]:
        conn = sqlite3.connect(ledger_path(self.settings))
        try:
            rows = conn.execute("SELECT number, version, customer FROM notices_issued WHERE voided_at IS NULL "
                                "ORDER BY number, version").fetchall()
        finally:
            conn.close()
        return {number: (version, customer) for number, version, customer in rows}

    def conflicts(self, day: dt.date) -> list:
        return [f for f in self.job(run_daily_check, day).findings if f.rule == "notice.conflict"]


@pytest.fixture
def office(tmp_path, settings_for):
    return Office(tmp_path, settings_for)


def _renumbered_first_row(office: Office) -> Path:
    """Monday: 0209 for 李建华. Tuesday: 赵丽 typed as 0209 too (held). Wednesday: the first row renumbered."""
    office.type_rows(("TS-2026-0209", DAY, LI))
    (first,) = office.job(make_notices, DAY).issued
    assert first.name == "TS-2026-0209.docx" and "李建华" in text_of(first)
    office.type_rows(("TS-2026-0209", DAY, LI), ("TS-2026-0209", DAY + dt.timedelta(days=1), ZHAO))
    run = office.job(make_notices, DAY + dt.timedelta(days=1))
    assert run.issued == [] and "编号重复" in run.skipped[0][1] and run.conflicts == []
    assert office.conflicts(DAY + dt.timedelta(days=1)) == []    # one of the twins is still its complaint
    office.type_rows(("TS-2026-0210", DAY, LI), ("TS-2026-0209", DAY + dt.timedelta(days=1), ZHAO))
    return first


def test_a_renumbered_first_row_holds_both_numbers_and_names_the_conflict(office):
    first = _renumbered_first_row(office)
    run = office.job(make_notices, DAY + dt.timedelta(days=2))
    assert run.issued == []                                     # no second notice for 李建华, none for 赵丽 yet
    (said,) = run.conflicts
    for part in ("通知单 TS-2026-0209", "李建华", "赵丽", "「2026年」第 4 行", "编号 TS-2026-0210", "改回 TS-2026-0209",
                 "--void TS-2026-0209"):
        assert part in said, part
    assert sorted(n for n, why in run.skipped if "不符" in why) == ["TS-2026-0209", "TS-2026-0210"]
    reprint = office.job(make_notices, DAY + dt.timedelta(days=2), numbers=["TS-2026-0209"], combined=True)
    assert reprint.reprinted == [] and reprint.combined is None and "不符" in reprint.skipped[0][1]
    (finding,) = office.conflicts(DAY + dt.timedelta(days=2))
    assert finding.number == "TS-2026-0209" and finding.severity == "error" and "李建华" in finding.message
    assert "李建华" in text_of(first) and "作废" not in text_of(first)


def test_renumbering_back_resolves_it_and_the_new_complaint_gets_its_own_notice(office):
    first = _renumbered_first_row(office)
    office.type_rows(("TS-2026-0209", DAY, LI), ("TS-2026-0211", DAY + dt.timedelta(days=1), ZHAO))
    run = office.job(make_notices, DAY + dt.timedelta(days=3))
    assert [p.name for p in run.issued] == ["TS-2026-0211.docx"] and run.conflicts == []
    assert "赵丽" in text_of(run.issued[0]) and "地库门禁损坏" in text_of(run.issued[0])
    assert "李建华" in text_of(first)
    assert office.conflicts(DAY + dt.timedelta(days=3)) == []
    assert office.in_force() == {"TS-2026-0209": (1, "李建华"), "TS-2026-0211": (1, "赵丽")}


def test_void_and_reissue_leaves_each_complaint_one_notice_with_its_own_details(office):
    first = _renumbered_first_row(office)
    with pytest.raises(Exception, match="原因"):
        office.job(void_notice, "TS-2026-0209", "  ", DAY + dt.timedelta(days=2))
    said = office.job(void_notice, "TS-2026-0209", "编号改为 TS-2026-0210", DAY + dt.timedelta(days=2))
    assert "已作废" in said and "\n" not in said
    stamped = text_of(first)
    assert "作废" in stamped and "2026年3月5日" in stamped and "编号改为 TS-2026-0210" in stamped
    assert "李建华" in stamped                                      # the archive still shows what was printed
    with pytest.raises(InputError, match="已于 .* 作废"):
        office.job(void_notice, "TS-2026-0209", "again", DAY + dt.timedelta(days=2))
    run = office.job(make_notices, DAY + dt.timedelta(days=2))
    assert sorted(p.name for p in run.issued) == ["TS-2026-0209-2.docx", "TS-2026-0210.docx"]
    docs = {p.name: text_of(p) for p in run.issued}
    assert "赵丽" in docs["TS-2026-0209-2.docx"] and "李建华" not in docs["TS-2026-0209-2.docx"]
    assert "李建华" in docs["TS-2026-0210.docx"] and "TS-2026-0210" in docs["TS-2026-0210.docx"]
    assert office.in_force() == {"TS-2026-0209": (2, "赵丽"), "TS-2026-0210": (1, "李建华")}
    assert office.conflicts(DAY + dt.timedelta(days=2)) == []
    again = office.job(make_notices, DAY + dt.timedelta(days=3))
    assert again.issued == [] and again.conflicts == []
    story = "\n".join(audit.history(office.settings, "TS-2026-0209", rule_title))
    assert "出具通知单第 1 版" in story and "第 1 版作废,原因:编号改为 TS-2026-0210" in story
    assert "出具通知单第 2 版" in story


def test_a_malformed_number_gets_no_notice_until_corrected_and_then_only_one(office):
    office.type_rows(("TS-2026-159", DAY, LI))
    run = office.job(make_notices, DAY)
    assert run.issued == [] and "TS-2026-0159" in run.skipped[0][1]
    office.type_rows(("TS-2026-0159", DAY, LI))
    assert [p.name for p in office.job(make_notices, DAY).issued] == ["TS-2026-0159.docx"]
    assert office.job(make_notices, DAY + dt.timedelta(days=1)).issued == []


def test_a_complaint_renumbered_after_its_notice_gets_no_second_one(office):
    office.type_rows(("TS-2026-0209", DAY, LI))
    office.job(make_notices, DAY)
    office.type_rows(("TS-2026-0300", DAY, LI))     # the number changed, nothing else
    run = office.job(make_notices, DAY + dt.timedelta(days=1))
    assert run.issued == [] and len(run.conflicts) == 1 and "编号 TS-2026-0300" in run.conflicts[0]


# ---------------------------------------------------------------- the first run on an office's register
def test_the_first_run_leaves_paper_notices_and_finished_complaints_alone(office):
    done = dict(LI, 完成日期=DAY, 投诉内容摘要="电梯按钮失灵")
    office.type_rows(*[(f"TS-2026-{i:04d}", DAY, dict(LI, 通知单编号=f"TS-2026-{i:04d}", 投诉内容摘要=f"楼道灯不亮{i}"))
                       for i in (1, 2, 3)],
                     ("TS-2026-0004", DAY, done), ("TS-2026-0005", DAY, LI), ("TS-2026-0006", DAY, ZHAO))
    run = office.job(make_notices, DAY + dt.timedelta(days=1))
    assert [p.name for p in run.issued] == ["TS-2026-0005.docx", "TS-2026-0006.docx"]
    assert run.paper == ["TS-2026-0001", "TS-2026-0002", "TS-2026-0003"] and run.finished == ["TS-2026-0004"]
    assert "已有纸质通知单)的 3 份、已办结的 1 份不需要出通知单" in run.summary_zh()
    asked = office.job(make_notices, DAY + dt.timedelta(days=1), numbers=["TS-2026-0002"])
    assert [p.name for p in asked.issued] == ["TS-2026-0002-2.docx"]     # the paper one is version 1
    assert sorted(p.name for p in archive_root(office.settings).rglob("*.docx")) == [
        "TS-2026-0002-2.docx", "TS-2026-0005.docx", "TS-2026-0006.docx"]


def test_an_unknown_number_is_one_line_and_exit_1(tmp_path):
    register = write_register(tmp_path / "客户投诉登记表.xlsx", {"2026年": [complaint("TS-2026-0001", DAY, **LI)]})
    config = write_config(tmp_path, register=register)
    done = run_cli("make_notices", "--config", config, "--as-of", "2026-03-04", "--number", "TS-2026-9999",
                   cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    said = (done.stdout + done.stderr).strip()
    assert "TS-2026-9999" in said and len(said.splitlines()) == 1 and "Traceback" not in said


# ---------------------------------------------------------------- two runs at once
def test_two_runs_at_once_issue_one_notice_per_complaint_and_never_fail_inside(tmp_path):
    rows = [complaint(f"TS-2026-{i:04d}", DAY, **dict(LI, 投诉内容摘要=f"第{i}件:厨房水管漏水")) for i in range(1, 13)]
    register = write_register(tmp_path / "客户投诉登记表.xlsx", {"2026年": rows})
    config = write_config(tmp_path, register=register)
    before = sha256(register)
    args = [sys.executable, str(SCRIPTS / "make_notices.py"), "--config", str(config), "--as-of", "2026-03-04"]
    procs = [subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", env={**__import__("os").environ, "PYTHONIOENCODING": "utf-8"})
             for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert "内部出错" not in out + err and "Traceback" not in out + err
        assert p.returncode in (0, 1), out + err
        if p.returncode == 1:
            assert "另一次生成通知单" in out + err and len((out + err).strip().splitlines()) == 1
    assert any(p.returncode == 0 for p in procs)
    files = sorted(p.name for p in (tmp_path / "output" / "通知单").rglob("*.docx"))
    assert files == [f"TS-2026-{i:04d}.docx" for i in range(1, 13)]
    conn = sqlite3.connect(tmp_path / "data" / "ledger.sqlite3")
    try:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT number) FROM notices_issued").fetchone() == (12, 12)
    finally:
        conn.close()
    assert sha256(register) == before


# ---------------------------------------------------------------- date order
def test_a_reply_completion_or_callback_before_receipt_is_reported_with_its_cell(office):
    office.type_rows(("TS-2026-0001", DAY, dict(LI, 答复日期=dt.date(2026, 3, 1))),
                     ("TS-2026-0002", DAY, dict(ZHAO, 答复日期=DAY, 完成日期=dt.date(2026, 2, 3),
                                                回访日期=dt.date(2025, 3, 5))),
                     ("TS-2026-0003", DAY, dict(LI, 投诉内容摘要="噪音", 答复日期=DAY, 完成日期=DAY)))
    found = [f for f in office.job(run_daily_check, DAY + dt.timedelta(days=5)).findings if f.rule == "date.order"]
    assert sorted((f.number, f.column) for f in found) == [("TS-2026-0001", "O"), ("TS-2026-0002", "S"),
                                                           ("TS-2026-0002", "U")]
    (reply,) = [f for f in found if f.number == "TS-2026-0001"]
    assert "「2026年」单元格 O3:答复日期 2026-03-01 早于登记日期 2026-03-03" in reply.message
    assert rule_title("date.order") == "日期早于登记"


# ---------------------------------------------------------------- a number corrected in place
def _count(office: Office, table: str) -> int:
    conn = sqlite3.connect(ledger_path(office.settings))
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_number_corrected_in_place_is_said_once_as_a_renumbering_and_never_as_lost(office):
    replied = dict(答复日期=DAY)          # nothing falls due in the days below: no flag changes by itself
    rows = [("TS-2026-0001", DAY, dict(LI, **replied)), ("TS-2026-159", DAY, dict(ZHAO, **replied)),
            ("TS-2026-0003", DAY, dict(LI, 投诉内容摘要="噪音", **replied))]
    office.type_rows(*rows)
    office.job(run_daily_check, DAY)
    office.type_rows(rows[0], ("TS-2026-0002", DAY, dict(ZHAO, **replied)), rows[2])     # corrected in place
    said = {f.rule: f for f in office.job(run_daily_check, DAY + dt.timedelta(days=1)).findings}
    assert "number.vanished" not in said
    assert said["number.renumbered"].number == "TS-2026-0002"
    assert "编号 TS-2026-0159 已在「2026年」第 4 行改为 TS-2026-0002" in said["number.renumbered"].message
    sizes = []
    for day in range(2, 6):
        rules = {f.rule for f in office.job(run_daily_check, DAY + dt.timedelta(days=day)).findings}
        assert not rules & {"number.vanished", "number.renumbered"}, day
        sizes.append(_count(office, "run_numbers"))
    assert len(set(sizes)) == 1                        # days without change add nothing to the history
    story = audit.history(office.settings, "TS-2026-159", rule_title)
    assert "编号已在登记表中改为 TS-2026-0002" in story[-1] and not any("找不到" in line for line in story)
    assert not any("找不到" in line for line in audit.history(office.settings, "TS-2026-0001", rule_title))
    office.type_rows(rows[0], rows[2])                                       # now a row really deleted
    gone = [f for f in office.job(run_daily_check, DAY + dt.timedelta(days=7)).findings
            if f.rule in ("number.vanished", "number.renumbered")]
    assert [(f.rule, f.number) for f in gone] == [("number.vanished", "TS-2026-0002")]


# ---------------------------------------------------------------- a ledger of an earlier kefu
OLD_SCHEMA = """
CREATE TABLE job_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, job TEXT NOT NULL,
                       inputs TEXT NOT NULL, outputs TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE run_numbers (run_id INTEGER NOT NULL REFERENCES job_runs (id), number TEXT NOT NULL,
                          rules TEXT NOT NULL, PRIMARY KEY (run_id, number));
CREATE TABLE seen_numbers (register TEXT NOT NULL, number TEXT NOT NULL, sheet TEXT, row INTEGER,
                           first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (register, number));
CREATE TABLE seen_checks (register TEXT PRIMARY KEY, day TEXT NOT NULL);
CREATE TABLE notices_issued (number TEXT NOT NULL, version INTEGER NOT NULL, path TEXT NOT NULL,
                             sha256 TEXT NOT NULL, issued_at TEXT NOT NULL, PRIMARY KEY (number, version));
"""


def _old_ledger(office: Office, days: int) -> Path:
    """A ledger as kefu kept it before: a run_numbers row per complaint per daily check."""
    from kefu.ledger.seen_numbers import register_key
    path = ledger_path(office.settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    key = register_key(office.register)
    for day in range(days):
        stamp = f"2026-03-{day + 3:02d}T08:30:00"
        run = conn.execute("INSERT INTO job_runs (at, job, inputs, outputs, counts) VALUES (?, 'daily_check', '[]', "
                           "'[]', '{}')", (stamp,)).lastrowid
        conn.executemany("INSERT INTO run_numbers VALUES (?, ?, ?)",
                         [(run, "TS-2026-0001", ""), (run, "TS-2026-0002", "reply.overdue" if day >= 3 else "")])
    conn.executemany("INSERT INTO seen_numbers VALUES (?, ?, '2026年', ?, '2026-03-03', '')",
                     [(key, "TS-2026-0001", 3), (key, "TS-2026-0002", 4)])
    conn.execute("INSERT INTO seen_checks VALUES (?, ?)", (key, f"2026-03-{days + 2:02d}"))
    conn.execute("INSERT INTO notices_issued VALUES ('TS-2026-0001', 1, '通知单/2026/03/TS-2026-0001.docx', 'x', "
                 "'2026-03-03T09:00:00')")
    conn.commit()
    conn.close()
    return path


def test_an_old_ledger_is_upgraded_in_place_with_a_backup_beside_it(office):
    office.type_rows(("TS-2026-0001", DAY, dict(LI, 答复日期=DAY)), ("TS-2026-0002", DAY, ZHAO))
    path = _old_ledger(office, 30)
    assert _count(office, "run_numbers") == 60
    before = audit.history(office.settings, "TS-2026-0002", rule_title)   # upgrades on first use
    (backup,) = path.parent.glob("ledger.before-upgrade-*.sqlite3")
    old = sqlite3.connect(backup)
    try:
        assert old.execute("SELECT COUNT(*) FROM run_numbers").fetchone()[0] == 60     # the backup is as it was
    finally:
        old.close()
    assert _count(office, "run_numbers") == 3             # 0001 first seen; 0002 first seen, then overdue
    assert any("发现问题 超期未答复" in line for line in before) and "已读到" in before[0]
    office.job(run_daily_check, dt.date(2026, 4, 2))
    assert len(list(path.parent.glob("ledger.before-upgrade-*"))) == 1          # upgraded once
    rows = _count(office, "run_numbers")
    office.job(run_daily_check, dt.date(2026, 4, 3))
    assert _count(office, "run_numbers") == rows
    assert office.in_force() == {"TS-2026-0001": (1, None)}   # the old notice kept, now with identity columns


def test_the_integrity_check_is_spared_only_while_the_ledger_is_as_kefu_left_it(office, monkeypatch):
    from kefu.ledger import db
    office.type_rows(("TS-2026-0001", DAY, LI))
    office.job(run_daily_check, DAY)
    path = ledger_path(office.settings)
    assert path.with_name(path.name + ".checked").is_file()
    assert db._files_note(path) == db._read_note(path)          # the next start skips the full read
    path.write_bytes(path.read_bytes()[:4096] + b"\0" * (path.stat().st_size - 4096))   # damaged since
    result = office.job(run_daily_check, DAY + dt.timedelta(days=1))
    assert list(path.parent.glob("ledger.damaged-*.sqlite3")) or any("台账" in w for w in result.warnings)
