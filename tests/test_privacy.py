"""Personal data (PIPL): outputs that leave the desk carry no owner's name or phone; the ledger no phone.

Public outputs: the owners'-committee bulletin, the director's analysis report and workbook, the survey
report and workbook, the findings JSON messages. Staff-facing outputs (notices, callback list) keep
names and phones: they are checked to still carry them, so the scan cannot pass by reading nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import openpyxl
import pytest

from conftest import complaint, docx_text, write_config, write_register
from kefu.core.settings import load_settings
from survey_books import form, write_survey

AS_OF = dt.date(2026, 7, 3)
OWNERS = [("王建国", "3栋2单元501", "13812345678"), ("欧阳娜娜", "5栋1单元1202", "13987654321"),
          ("李秀英", "8栋3单元702", "15012345678"), ("张伟", "2栋1单元301", "0755-83216789")]
RESPONDENTS = [("孙丽华", "6栋1单元101", "13600003333"), ("赵磊", "1栋2单元1203", "13700002222")]
NAMES = [o[0] for o in OWNERS + RESPONDENTS]
PHONES = [o[2] for o in OWNERS + RESPONDENTS]


def phone_pattern(phone: str) -> re.Pattern:
    """The phone's digits with any separators between them (138-1234-5678, 138 1234 5678...)."""
    digits = re.sub(r"\D", "", phone)
    return re.compile(r"[\s\-.]?".join(digits))


def leaks(text: str) -> list[str]:
    found = [n for n in NAMES if n in text]
    return found + [p for p in PHONES if phone_pattern(p).search(text)]


def xlsx_text(path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    rows = []
    for i, (name, unit, phone) in enumerate(OWNERS * 2, start=1):   # twice: recurring at the same unit
        rows.append(complaint(f"TS-2026-{i:04d}", dt.date(2026, 3, i), 客户名称=name, 房号=unit, 联系电话=phone,
                              投诉内容摘要=f"{name}反映卫生间漏水,电话{phone}", 责任部门="工程部", 类别="维修",
                              完成日期=dt.date(2026, 3, i + 2), 是否重大="是" if i == 1 else ""))
    register = write_register(root / "登记表.xlsx", {"2026年": rows})
    headers = ["问卷编号", "楼栋房号", "业主姓名", "联系电话", "调查日期", "供电管理", "供水管理", "消防治安管理",
               "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度", "意见建议"]
    forms = []
    for i, (name, unit, phone) in enumerate(RESPONDENTS + OWNERS[:2], start=1):
        f = form(f"Q{i:03d}", unit, dt.date(2026, 6, 8), ["满意"] * 6 + ["不满意", "满意"],
                 f"我是{name},电话 {phone[:3]} {phone[3:7]} {phone[7:]},{unit}电梯维修太慢")
        forms.append(f[:2] + [name, phone] + f[2:])
    survey = write_survey(root / "调查表.xlsx", {"2026年调查": forms}, headers=headers,
                          rectify=[["维修服务", f"{OWNERS[0][0]}反映电梯维修慢", "工程部", dt.date(2026, 8, 1),
                                    "整改中", None]])
    config = write_config(root, "[survey]\ndistributed = 10\n[privacy]\nmask = yes\n",
                          register=register, survey=survey)
    return load_settings(config), root


@pytest.fixture(scope="module")
def outputs(office):
    from kefu.jobs.make_callback_list import make_callback_list
    from kefu.jobs.daily_check import run_daily_check
    from kefu.jobs.make_notices import make_notices
    from kefu.jobs.compile_summary import compile_summary
    from kefu.jobs.survey_report import make_survey_report

    settings, root = office
    run_daily_check(settings, AS_OF, json_path=root / "findings.json")
    notices = make_notices(settings, AS_OF, date_from=dt.date(2026, 1, 1))
    callbacks = make_callback_list(settings, AS_OF)
    summary = compile_summary(settings, AS_OF, period="2026H1")
    survey = make_survey_report(settings, AS_OF)
    return {"public": {"bulletin": docx_text(survey.bulletin), "survey report": docx_text(survey.report),
                       "survey workbook": xlsx_text(survey.workbook),
                       "analysis report": docx_text(summary.docx_path),
                       "analysis workbook": xlsx_text(summary.xlsx_path),
                       "findings JSON": "\n".join(f["message"] for f in json.loads(
                           (root / "findings.json").read_text(encoding="utf-8"))["findings"])},
            "staff": {"notices": "".join(docx_text(p) for p in notices.issued),
                      "callback list": docx_text(callbacks.docx)}}


@pytest.mark.parametrize("name", ["bulletin", "survey report", "survey workbook", "analysis report",
                                  "analysis workbook", "findings JSON"])
def test_no_public_output_names_an_owner_or_their_phone(outputs, name):
    text = outputs["public"][name]
    assert len(text) > 50          # the scan reads real content
    assert leaks(text) == []


def test_the_bulletin_names_no_room_either(outputs):
    text = outputs["public"]["bulletin"]
    rooms = [unit for _n, unit, _p in OWNERS + RESPONDENTS]
    assert [u for u in rooms if u in text or u.split("单元")[-1] + "室" in text] == []
    assert not re.search(r"\d+单元\d+", text)


def test_staff_lists_keep_names_and_phones(outputs):
    for name in ("notices", "callback list"):
        text = outputs["staff"][name]
        assert OWNERS[0][0] in text and OWNERS[0][2] in text, name


def test_the_ledger_stores_no_phone_number(office, outputs):
    from kefu.ledger.db import ledger_path

    settings, _ = office
    conn = sqlite3.connect(ledger_path(settings))
    try:
        tables = [t for t, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert {"job_runs", "run_numbers", "seen_numbers", "notices_issued"} <= set(tables)
        dump = "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))
    finally:
        conn.close()
    assert "TS-2026-0001" in dump
    assert [p for p in PHONES if phone_pattern(p).search(dump)] == []


def test_the_bulletin_stays_anonymous_even_without_masking(office, outputs):
    from kefu.jobs.survey_report import make_survey_report

    settings, _ = office
    run = make_survey_report(settings.with_values(privacy={"mask": "no"}), AS_OF)
    text = docx_text(run.bulletin)
    assert "满意" in text and leaks(text) == []
