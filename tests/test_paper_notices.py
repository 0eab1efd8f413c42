"""Paper notices (纸质通知单): a complaint whose 通知单编号 is filled when make_notices first sees it has its
notice already. It is recorded in the ledger with what it was issued for (no file), and from then on the
protections of a notice in force apply to it: notice.conflict when its row is renumbered or overwritten,
no second notice for its complaint, a print only when asked with --number (the next version), --void in
the ledger only, --history. The scripts run in this process (conftest.run_cli); the register's bytes are
compared after every job."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from docx import Document

from conftest import complaint, loaded_notices, run_cli, sha256, write_config, write_register
from kefu.core.identity import fingerprint
from kefu.core.settings import load_settings
from kefu.jobs.daily_check import run_daily_check
from kefu.read.register import read_register
from kefu.rules.context import RuleContext
from kefu.rules.notices import check as notice_rules

DAY = dt.date(2026, 3, 3)
AS_OF = "2026-03-04"
LI = dict(客户名称="李建华", 房号="2栋1单元301", 投诉内容摘要="厨房水管漏水,楼下天花板渗水", 责任部门="工程部")
ZHAO = dict(客户名称="赵丽", 房号="5栋2单元1102", 投诉内容摘要="地库门禁损坏,夜间外来车辆随意进出", 责任部门="保安部")
WANG = dict(客户名称="王芳", 房号="1栋3单元602", 投诉内容摘要="楼道灯长期不亮", 责任部门="工程部")
NEW = dict(客户名称="孙强", 房号="7栋1单元201", 投诉内容摘要="电梯异响", 责任部门="工程部", 通知单编号="")


def text_of(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


class Office:
    """A register typed by the clerk, the scripts run as staff would, the register checked unchanged."""

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path
        self.register = tmp_path / "客户投诉登记表.xlsx"
        self.config = None

    def type_rows(self, *rows: tuple[str, dict]) -> None:
        write_register(self.register, {"2026年": [complaint(n, DAY, **who) for n, who in rows]})
        self.config = self.config or write_config(self.folder, register=self.register)

    @property
    def settings(self):
        return load_settings(self.config)

    def script(self, name: str, *args, code: int = 0) -> str:
        before = sha256(self.register)
        done = run_cli(name, "--config", self.config, "--as-of", AS_OF, *args, cwd=self.folder)
        assert sha256(self.register) == before, "the register was changed"
        said = done.stdout + done.stderr
        assert done.returncode == code and "Traceback" not in said and "内部出错" not in said, said
        return said

    def notices(self) -> list[dict]:
        conn = sqlite3.connect(self.folder / "data" / "ledger.sqlite3")
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute("SELECT * FROM notices_issued ORDER BY number, version")]
        finally:
            conn.close()

    def docx(self) -> list[str]:
        return sorted(p.name for p in (self.folder / "output").rglob("*.docx"))

    def findings(self, rule_prefix: str = "notice.") -> list:
        before = sha256(self.register)
        found = run_daily_check(self.settings, dt.date.fromisoformat(AS_OF)).findings
        assert sha256(self.register) == before
        return [f for f in found if f.rule.startswith(rule_prefix)]


@pytest.fixture
def office(tmp_path) -> Office:
    made = Office(tmp_path)
    made.type_rows(("TS-2026-0001", dict(LI, 通知单编号="TS-2026-0001")),
                   ("TS-2026-0002", dict(ZHAO, 通知单编号="TS-2026-0002")),
                   ("TS-2026-0003", dict(WANG, 通知单编号="TS-2026-0003")),
                   ("TS-2026-0004", NEW))
    return made


def test_the_first_run_records_the_paper_notices_with_their_identity_and_writes_none(office):
    said = office.script("make_notices")
    assert office.docx() == ["TS-2026-0004.docx"]
    assert "已有纸质通知单)的 3 份" in said and "纸质通知单 3 份本次记入台账" in said
    rows = {r["number"]: r for r in office.notices()}
    assert sorted(rows) == ["TS-2026-0001", "TS-2026-0002", "TS-2026-0003", "TS-2026-0004"]
    zhao = rows["TS-2026-0002"]
    assert (zhao["kind"], zhao["version"], zhao["path"], zhao["sha256"], zhao["voided_at"]) == ("paper", 1, "", "", None)
    assert (zhao["customer"], zhao["unit"], zhao["department"], zhao["received"], zhao["sheet"], zhao["row"]) == (
        "赵丽", "5栋2单元1102", "保安部", DAY.isoformat(), "2026年", 4)
    assert zhao["fingerprint"] == fingerprint(ZHAO["投诉内容摘要"])
    assert rows["TS-2026-0004"]["kind"] is None and rows["TS-2026-0004"]["path"].endswith("TS-2026-0004.docx")
    again = office.script("make_notices")
    assert "本次记入台账" not in again and "已有纸质通知单)的 3 份" in again and len(again.strip().splitlines()) == 1
    assert len(office.notices()) == 4 and office.docx() == ["TS-2026-0004.docx"]
    assert office.findings() == []        # no notice.missing, no orphan, no conflict for paper notices


def test_a_renumbered_paper_notice_row_is_a_conflict_naming_the_paper_notice(office):
    office.script("make_notices")
    office.type_rows(("TS-2026-0009", dict(LI, 通知单编号="TS-2026-0009")),      # 0001 renumbered
                     ("TS-2026-0002", dict(NEW, 客户名称="周敏", 房号="8栋101", 投诉内容摘要="垃圾未清运")),  # overwritten
                     ("TS-2026-0003", dict(WANG, 通知单编号="TS-2026-0003")), ("TS-2026-0004", NEW))
    found = {f.number: f for f in office.findings("notice.conflict")}
    assert sorted(found) == ["TS-2026-0001", "TS-2026-0002"]
    moved = found["TS-2026-0001"].message
    for part in ("纸质通知单 TS-2026-0001", "李建华", "编号 TS-2026-0009", "改回 TS-2026-0001",
                 "--void TS-2026-0001", "作废这份纸质通知单"):
        assert part in moved, part
    assert "纸质通知单 TS-2026-0002" in found["TS-2026-0002"].message and "周敏" in found["TS-2026-0002"].message
    said = office.script("make_notices")
    assert office.docx() == ["TS-2026-0004.docx"]         # neither number gets a notice while it lasts
    assert "纸质通知单 TS-2026-0001" in said and "本次记入台账" not in said
    assert [r["number"] for r in office.notices() if r["kind"] == "paper"] == [
        "TS-2026-0001", "TS-2026-0002", "TS-2026-0003"]


def test_a_paper_noticed_complaint_under_a_new_number_gets_no_second_notice(office):
    office.script("make_notices")
    office.script("make_notices", "--void", "TS-2026-0004", "--reason", "测试")    # 0004 free again
    office.type_rows(("TS-2026-0001", dict(LI, 通知单编号="TS-2026-0001")),
                     ("TS-2026-0002", dict(ZHAO, 通知单编号="TS-2026-0002")),
                     ("TS-2026-0004", dict(WANG, 通知单编号="")))                # 0003's complaint, renumbered
    said = office.script("make_notices")
    assert office.docx() == ["TS-2026-0004.docx"] and "纸质通知单 TS-2026-0003" in said
    assert "TS-2026-0004" in said and len([r for r in office.notices() if r["number"] == "TS-2026-0004"]) == 1


def test_number_prints_a_paper_notice_as_its_next_version_and_says_the_paper_one_existed(office):
    office.script("make_notices")
    said = office.script("make_notices", "--number", "TS-2026-0002")
    assert "TS-2026-0002 已有纸质通知单(台账第 1 版),按要求用 kefu 打印为第 2 版" in said
    assert office.docx() == ["TS-2026-0002-2.docx", "TS-2026-0004.docx"]
    (printed,) = (office.folder / "output").rglob("TS-2026-0002-2.docx")
    text = text_of(printed)
    assert "赵丽" in text and "地库门禁损坏" in text and "第 2 版" in text
    versions = [(r["version"], r["kind"], r["voided_at"]) for r in office.notices() if r["number"] == "TS-2026-0002"]
    assert versions == [(1, "paper", None), (2, None, None)]
    assert "已出过的 1 份未重复生成" in office.script("make_notices", "--number", "TS-2026-0002")
    assert office.docx() == ["TS-2026-0002-2.docx", "TS-2026-0004.docx"]
    story = office.script("daily_check", "--history", "TS-2026-0002")
    assert "纸质通知单(登记表“通知单编号”已填写)记入台账,作第 1 版" in story and "出具通知单第 2 版" in story
    assert office.findings() == []


def test_a_paper_notice_named_on_the_first_run_is_recorded_then_printed(office):
    said = office.script("make_notices", "--number", "TS-2026-0003")
    assert office.docx() == ["TS-2026-0003-2.docx"] and "已有纸质通知单(台账第 1 版)" in said
    assert [(r["version"], r["kind"]) for r in office.notices()] == [(1, "paper"), (2, None)]


def test_void_of_a_paper_notice_is_kept_in_the_ledger_with_no_file_to_stamp(office):
    office.script("make_notices")
    before = {p: sha256(p) for p in (office.folder / "output").rglob("*.docx")}
    said = office.script("make_notices", "--void", "TS-2026-0003", "--reason", "客户撤诉")
    assert "纸质通知单 TS-2026-0003(第 1 版)已在台账中作废" in said and "没有存档文件" in said
    assert "已加盖" not in said and len(said.strip().splitlines()) == 1
    assert {p: sha256(p) for p in (office.folder / "output").rglob("*.docx")} == before
    (row,) = [r for r in office.notices() if r["number"] == "TS-2026-0003"]
    assert row["kind"] == "paper" and row["voided_at"] and row["void_reason"] == "客户撤诉"
    assert "已于" in office.script("make_notices", "--void", "TS-2026-0003", "--reason", "again", code=1)
    story = office.script("daily_check", "--history", "TS-2026-0003")
    assert "纸质通知单第 1 版作废,原因:客户撤诉" in story
    office.script("make_notices")                   # voided: the number may be issued again, as the next version
    assert office.docx() == ["TS-2026-0003-2.docx", "TS-2026-0004.docx"]


PREVIOUS_NOTICES = """
CREATE TABLE notices_issued (number TEXT NOT NULL, version INTEGER NOT NULL, path TEXT NOT NULL,
    sha256 TEXT NOT NULL, issued_at TEXT NOT NULL, received TEXT, customer TEXT, unit TEXT, department TEXT,
    fingerprint TEXT, sheet TEXT, row INTEGER, voided_at TEXT, void_reason TEXT, PRIMARY KEY (number, version));
"""


def test_a_ledger_of_the_previous_schema_gets_the_kind_column_in_place(office):
    path = office.folder / "data" / "ledger.sqlite3"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.executescript(PREVIOUS_NOTICES)
    conn.execute("INSERT INTO notices_issued (number, version, path, sha256, issued_at, customer) VALUES "
                 "('TS-2026-0004', 1, '通知单/2026/03/TS-2026-0004.docx', 'x', '2026-03-03T09:00:00', '孙强')")
    conn.commit()
    conn.close()
    said = office.script("make_notices")
    assert office.docx() == [] and "纸质通知单 3 份本次记入台账" in said
    rows = {r["number"]: r for r in office.notices()}
    assert rows["TS-2026-0004"]["kind"] is None and rows["TS-2026-0004"]["customer"] == "孙强"   # kept, printed
    assert {n for n, r in rows.items() if r["kind"] == "paper"} == {"TS-2026-0001", "TS-2026-0002", "TS-2026-0003"}


def test_paper_records_neither_start_kefus_notices_nor_count_as_missing_or_orphan(tmp_path, settings_for):
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [
        complaint("TS-2026-0001", DAY), complaint("TS-2026-0002", DAY + dt.timedelta(days=1))]})
    settings = settings_for(register=register)
    paper = [{"number": "TS-2026-0001", "version": 1, "path": "", "sha256": "", "kind": "paper",
              "issued_at": "2026-03-01T09:00:00"}]
    context = RuleContext.create(settings, DAY, issued_notices=paper, filed_notices=[])
    assert notice_rules(read_register(settings), context) == []      # a paper record is not kefu's first notice
    printed = {"number": "TS-2026-0009", "version": 1, "path": "通知单/2026/03/TS-2026-0009.docx", "sha256": "x",
               "kind": "", "issued_at": "2026-03-01T09:00:00"}
    context = RuleContext.create(settings, DAY, issued_notices=paper + [printed], filed_notices=[])
    found = notice_rules(read_register(settings), context)
    assert [(f.rule, f.number) for f in found] == [("notice.missing", "TS-2026-0002")]   # 0001: its paper notice
    assert loaded_notices(settings)["filed_notices"] == []
