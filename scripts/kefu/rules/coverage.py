"""column.missing: a rule that could not run because the register has no column it needs.

A rule without its column finds nothing, and "0 found" would read as an all-clear. So every field below
that a sheet lacks is one ``column.missing`` finding (severity error, no number or row, the sheet named)
that names the field, the rules it disables and the ``[columns]`` line to add; the outputs put it first
and never print a count for a disabled rule.

``NEEDS`` is read from the rules' code: ``rules.replies`` skips a sheet without 答复日期 (reply.*) and
checks 核实日期 only where there is one (verify.late); a callback is owed only after a 完成日期
(callbacks.callback.due via followup); an owner is unsatisfied only by 回访结果 / 是否满意, in the
register or in the callback-records workbook (callback.unsatisfied); ``rules.numbering`` compares the
notice and original numbers only where those columns exist. Rules that only act on a date staff
wrote when it applied (预约答复日期, 预定完成日期) are not listed: their blank column is no silence.
A register without a number column is still read (issue 27): every ``number.*`` rule is then 未检查, and
``rules.numbering`` neither lists its rows as 缺少编号 nor its numbers as vanished. callback.due also needs
somewhere a callback is written (回访日期 / 回访结果 / 是否满意, or the callback workbook): without it,
every finished complaint would be "owed" a callback.
"""
from __future__ import annotations

from kefu.core.fields import REGISTER_FIELDS
from kefu.core.findings import Finding
from kefu.read.mapping import suggestions
from kefu.rules.urgency import rule_title

# (fields any one of which lets the rules run, the rules they enable)
NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("replied_on",), ("reply.overdue", "reply.late", "reply.due_soon")),
    (("completed_on",), ("callback.due",)),
    (("callback_on", "callback_result", "satisfied"), ("callback.due",)),
    (("number",), ("number.missing", "number.format", "number.duplicate", "number.gap", "number.year_mismatch",
                   "number.vanished")),
    (("callback_result", "satisfied"), ("callback.unsatisfied",)),
    (("verified_on",), ("verify.late",)),
    (("notice_number",), ("number.notice_mismatch",)),
    (("original_number",), ("number.original_mismatch",)),
)
RULE = "column.missing"
# fields whose rules the callback-records workbook stands in for
_CALLBACK_SOURCES = frozenset({"callback_on", "callback_result", "satisfied"})


def check(register, ctx) -> list[Finding]:
    has_callback_sheet = bool(ctx.extra.get("callback_records"))
    findings = []
    for fields, rules in NEEDS:
        if has_callback_sheet and set(fields) <= _CALLBACK_SOURCES:
            continue   # the callback-records workbook says whether and how owners were called back
        lacking = [info for info in register.sheets if not set(fields) & set(info.columns)]
        if lacking:
            findings.append(_finding(fields, rules, lacking, len(register.sheets)))
    return findings


def disabled_rules(findings) -> dict[str, str]:
    """rule id -> the Chinese field name(s) whose column is missing, from the column.missing findings."""
    out: dict[str, str] = {}
    for f in findings:
        if f.rule == RULE:
            for rule in f.disables:
                out.setdefault(rule, field_names(_fields_of(rule)))
    return out


def field_names(fields) -> str:
    return "”或“".join(REGISTER_FIELDS[f][1][0] for f in fields)


def _fields_of(rule: str) -> tuple[str, ...]:
    return next(fields for fields, rules in NEEDS if rule in rules)


def _finding(fields, rules, lacking: list, sheets: int) -> Finding:
    where = "登记表中" if len(lacking) == sheets else f"工作表「{'」「'.join(i.name for i in lacking)}」中"
    names = "、".join(f"【{rule_title(r)}】" for r in rules)
    missing = [f for f in REGISTER_FIELDS if f not in lacking[0].columns]
    guess = suggestions(REGISTER_FIELDS, missing, lacking[0].unused).get(fields[0])
    if fields[0] == "number" and guess is None:
        guess = next(((letter, text) for letter, text in lacking[0].unused if "序号" in text), None)
    line = f"{fields[0]} = {guess[1]}(“{guess[1]}”在 {guess[0]} 列,请确认)" if guess else f"{fields[0]} = 贵处的列名"
    if fields[0] == "number" and guess and "序号" in guess[1]:
        line += ";只有当序号就是贵处的投诉编号时才这样写"
    message = (f"{where}没有找到“{field_names(fields)}”列,{names}未检查。请在登记表中加上该列,"
               f"或在 config.ini 的 [columns] 中写明贵处使用的列名,例如:{line}")
    if set(fields) <= _CALLBACK_SOURCES:
        message += ";也可以把回访结果记在回访记录工作簿中(config.ini [paths] callback_records)。"
    return Finding(RULE, "error", None, lacking[0].name, None, message, field=fields[0], disables=rules)
