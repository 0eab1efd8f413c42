"""A rule that could not run because the register has no column it needs (``MISSING``, at the end).

A rule without its column finds nothing, and "0 found" would read as an all-clear. So for every rule
run that declares ``needs`` (``kefu.core.rule.Rule``: fields any one of which lets it run), a sheet that
has none of those fields is one ``MISSING`` finding (severity error, no number or row, the sheet named)
that names the field, the rules it disables (most urgent first) and the ``[columns]`` line to add; the
outputs put it first and never print a count for a disabled rule.

What each rule needs is read from its code: ``rules.replies`` skips a sheet without 答复日期 and checks
核实日期 only where there is one; a callback is owed only after a 完成日期 (via ``rules.followup``); an
owner is unsatisfied only by 回访结果 / 是否满意, in the register or in the callback-records workbook
(``callbacks.UNSATISFIED``: not asked for when that workbook has rows); ``rules.numbering`` compares the
notice and original numbers only where those columns exist. Rules that only act on a date staff wrote
when it applied (预约答复日期, 预定完成日期) need nothing: their blank column is no silence.
"""
from __future__ import annotations

from kefu.core.fields import REGISTER_FIELDS
from kefu.core.findings import Finding
from kefu.core.rule import REMINDER_NOT_CHECKED, Rule
from kefu.read.mapping import suggestions
from kefu.rules import callbacks


def check(register, ctx) -> list[Finding]:
    """One finding per group of rules (of ``ctx.rules``) that need the same fields, in the rules' order."""
    findings = []
    for fields, rules in needs(ctx.rules).items():
        if ctx.callback_records and callbacks.UNSATISFIED in rules:
            continue   # the callback-records workbook says whether owners were satisfied
        lacking = [info for info in register.sheets if not set(fields) & set(info.columns)]
        if lacking:
            findings.append(_finding(fields, rules, lacking, len(register.sheets)))
    return findings


def needs(rules) -> dict[tuple[str, ...], tuple[Rule, ...]]:
    """fields -> the rules (in the order given) that need one of them."""
    out: dict[tuple[str, ...], tuple[Rule, ...]] = {}
    for rule in rules:
        if rule.needs:
            out[rule.needs] = out.get(rule.needs, ()) + (rule,)
    return out


def field_names(fields) -> str:
    return "”或“".join(REGISTER_FIELDS[f][1][0] for f in fields)


def _finding(fields, rules: tuple[Rule, ...], lacking: list, sheets: int) -> Finding:
    where = "登记表中" if len(lacking) == sheets else f"工作表「{'」「'.join(i.name for i in lacking)}」中"
    names = "、".join(f"【{rule.title}】" for rule in rules)
    missing = [f for f in REGISTER_FIELDS if f not in lacking[0].columns]
    guess = suggestions(REGISTER_FIELDS, missing, lacking[0].unused).get(fields[0])
    line = f"{fields[0]} = {guess[1]}(“{guess[1]}”在 {guess[0]} 列,请确认)" if guess else f"{fields[0]} = 贵处的列名"
    message = (f"{where}没有找到“{field_names(fields)}”列,{names}未检查。请在登记表中加上该列,"
               f"或在 config.ini 的 [columns] 中写明贵处使用的列名,例如:{line}")
    return MISSING.finding(None, lacking[0].name, None, message, field=fields[0],
                           disables=tuple(rule.id for rule in rules))


MISSING = Rule("column.missing", "缺少列(规则未检查)", "error", director=REMINDER_NOT_CHECKED, check=check)
RULES = (MISSING,)
