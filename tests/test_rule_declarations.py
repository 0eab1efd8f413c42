"""Each rule is declared once (kefu.core.rule.Rule), and everything else reads the declaration.

A rule id string is written in the library exactly once: in its own module's declaration. Every rule
id of DESIGN.md is declared, and the urgency order and titles staff read are those of the list.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from kefu.core.records import SheetInfo
from kefu.core.rule import REMINDER_SECTIONS, Rule
from kefu.read import register as reader
from kefu.rules import callbacks, coverage
from kefu.rules.daily import BY_ID, CHECKS, DAILY_RULES
from kefu.rules.urgency import RULE_ORDER, UNKNOWN_TITLE, disabled_rules, rule_title

REPO = Path(__file__).resolve().parents[1]
MODULES = tuple(sys.modules[check.__module__] for check in CHECKS) + (reader,)   # every module that declares rules

# today's urgency order and titles (what staff read; the findings-workbook sheet names): a new rule is
# added here too, at its place
EXPECTED = {
    "column.missing": "缺少列(规则未检查)",
    "reply.overdue": "超期未答复",
    "reply.due_soon": "即将到期",
    "appointment.overdue": "预约答复超期",
    "action.overdue": "纠正措施逾期",
    "rectify.overdue": "整改逾期",
    "callback.unsatisfied": "回访不满意",
    "callback.due": "待回访",
    "notice.conflict": "通知单与登记不符",
    "number.vanished": "编号消失",
    "number.duplicate": "编号重复",
    "number.missing": "缺少编号",
    "number.notice_mismatch": "通知单编号不符",
    "number.original_mismatch": "原件编号不符",
    "notice.missing": "通知单未出具",
    "notice.orphan": "通知单无登记",
    "number.year_mismatch": "编号年份不符",
    "number.gap": "缺号",
    "number.renumbered": "编号已改",
    "number.format": "编号格式",
    "reply.late": "逾期答复",
    "verify.late": "核实不及时",
    "date.unreadable": "日期无法识别",
    "date.order": "日期早于登记",
    "date.missing": "缺少登记日期",
}


# The findings table of the design notes (DESIGN.md, "Contracts other parts rely on"); the rules of LATER came later.
DESIGN_IDS = (
    "number.missing", "number.format", "number.duplicate", "number.gap", "number.year_mismatch",
    "number.notice_mismatch", "number.original_mismatch", "number.vanished", "reply.overdue", "reply.late",
    "reply.due_soon", "action.overdue", "callback.due", "callback.unsatisfied", "appointment.overdue",
    "verify.late", "date.unreadable", "notice.missing", "notice.orphan", "rectify.overdue", "column.missing",
)


def test_the_urgency_order_and_titles_are_as_before():
    assert {rule.id: rule.title for rule in DAILY_RULES} == EXPECTED
    assert [rule.id for rule in DAILY_RULES] == list(EXPECTED)
    assert list(RULE_ORDER) == list(EXPECTED)
    assert rule_title("reply.overdue") == "超期未答复" and rule_title("no.such") == UNKNOWN_TITLE


def test_every_rule_a_module_declares_is_listed_once():
    declared = [rule for module in MODULES for rule in module.RULES]
    assert sorted(r.id for r in declared) == sorted(r.id for r in DAILY_RULES)
    assert len(BY_ID) == len(DAILY_RULES)
    assert all(isinstance(r, Rule) for r in DAILY_RULES)
    for module in MODULES:
        for rule in module.RULES:
            assert rule.check is getattr(module, "check", None), rule.id   # the reader's: None
    assert [check.__module__ for check in CHECKS] == [
        "kefu.rules.coverage", "kefu.rules.replies", "kefu.rules.callbacks", "kefu.rules.rectify",
        "kefu.rules.notice_conflict", "kefu.rules.numbering", "kefu.rules.notices", "kefu.rules.renumbering",
        "kefu.rules.date_order"]


def test_what_the_director_reads_and_what_a_rule_needs():
    director = {rule.id: rule.director for rule in DAILY_RULES if rule.director}
    assert director == {
        "column.missing": REMINDER_SECTIONS[0], "reply.overdue": REMINDER_SECTIONS[1],
        "appointment.overdue": REMINDER_SECTIONS[1], "callback.unsatisfied": REMINDER_SECTIONS[2],
        "callback.due": REMINDER_SECTIONS[3], "action.overdue": REMINDER_SECTIONS[4],
        "rectify.overdue": REMINDER_SECTIONS[4]}
    needs = {rule.id: rule.requires for rule in DAILY_RULES if rule.requires}
    assert needs == {
        "reply.overdue": (("replied_on",),), "reply.late": (("replied_on",),), "reply.due_soon": (("replied_on",),),
        "callback.due": (("completed_on",), ("callback_on", "callback_result", "satisfied")),
        "callback.unsatisfied": (("callback_result", "satisfied"),),
        "verify.late": (("verified_on",),), "number.notice_mismatch": (("notice_number",),),
        "number.original_mismatch": (("original_number",),),
        **{f"number.{name}": (("number",),) for name in ("missing", "format", "duplicate", "gap", "year_mismatch",
                                                           "vanished")}}


LATER = ("date.missing", "notice.conflict", "number.renumbered", "date.order")


def test_every_rule_id_of_the_design_is_declared():
    assert set(DESIGN_IDS) | set(LATER) == set(BY_ID)


def test_a_rule_id_is_written_in_the_library_only_in_its_own_declaration():
    """Anywhere in scripts/ (code, docstrings, comments): once, in ``X = Rule("id", ...)`` of its module."""
    places: dict[str, list[str]] = {rule.id: [] for rule in DAILY_RULES}
    words = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, places)) + r")(?![\w])")
    for path in sorted((REPO / "scripts").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for rule_id in words.findall(line):
                places[rule_id].append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    for rule in DAILY_RULES:
        module = Path(*rule.check.__module__.split(".")) if rule.check else Path("kefu", "read", "register")
        own = f"scripts/{module.as_posix()}.py"
        assert len(places[rule.id]) == 1, "\n".join(places[rule.id])
        assert places[rule.id][0].startswith(own + ":") and f'Rule("{rule.id}", ' in places[rule.id][0]


def test_a_second_set_of_fields_is_needed_as_well_and_named_when_missing():
    """``needs_also``: callback.due needs a 完成日期 and a callback column; each set missing is one
    column.missing naming its own fields; the callback workbook stands in for the callback columns."""
    with pytest.raises(ValueError):
        Rule("x.y", "某规则", "warning", needs_also=("completed_on",))
    assert callbacks.DUE.requires == (("completed_on",), callbacks.CALLBACK_SOURCES)
    sheet = SheetInfo("2026年", 1, {"received_on": "A", "completed_on": "B"})
    register = SimpleNamespace(sheets=[sheet])
    ctx = SimpleNamespace(rules=(callbacks.DUE,), callback_records={}, as_of=dt.date(2026, 1, 1))
    (missing,) = coverage.check(register, ctx)
    assert missing.disables == (callbacks.DUE.id,) and missing.field == "callback_on"
    assert "回访记录工作簿" in missing.message
    assert disabled_rules([missing]) == {callbacks.DUE.id: coverage.field_names(callbacks.CALLBACK_SOURCES)}
    assert coverage.check(register, SimpleNamespace(rules=(callbacks.DUE,), callback_records={"TS-1": []})) == []
