"""The daily check as Chinese console text: overdue list first, then counts per rule, then the rest."""
from __future__ import annotations

import unicodedata

from kefu.core.findings import SEVERITY_ZH
from kefu.rules.coverage import MISSING
from kefu.rules.daily import DailyResult
from kefu.rules.replies import OVERDUE
from kefu.rules.urgency import disabled_rules, rule_title

REST_LIMIT = 30   # per rule in "the rest"; the findings workbook has them all


def render_console(result: DailyResult, verbose: bool = False) -> str:
    """The console text; rule ids only with ``verbose``, staff read the Chinese names (titles)."""
    places = result.register.by_place
    lines = [_title(result)]
    lines += _not_checked(result)
    lines += [f"!! {w}" for w in result.warnings]
    lines += _overdue(result, places)
    lines += _counts(result, verbose)
    lines += _rest(result)
    lines += _mapping(result)
    if result.outputs:
        lines.append("")
        lines += [f"检查结果已保存:{p}" for p in result.outputs]
    return "\n".join(lines)


def _title(result: DailyResult) -> str:
    reg = result.register
    voided = len(reg.complaints) - len(reg.active)
    return (f"每日检查 {result.as_of.isoformat()}  登记表《{reg.path.name}》共 {len(reg.complaints)} 条"
            f"(作废 {voided} 条)")


def _not_checked(result: DailyResult) -> list[str]:
    """``coverage.MISSING`` first: the rules that did not run, so that no silence reads as an all-clear."""
    missing = [f for f in result.findings if f.rule == MISSING.id]
    if not missing:
        return []
    return ["", "【未能检查】以下规则因登记表缺少所需的列而没有运行,结果中不会有这几类问题:"] + \
        [f"  !! {f.message}" for f in missing]


def _mapping(result: DailyResult) -> list[str]:
    lines = result.mapping
    if not lines:
        return []
    return ["", "【首次检查这份登记表:kefu 对各列的理解如下,请核对;如有不对,请在 config.ini 的 [columns] 中写明】"] + lines


def _overdue(result: DailyResult, places) -> list[str]:
    """The headline: ``replies.OVERDUE``, with owner, department and days waiting."""
    overdue = [f for f in result.findings if f.rule == OVERDUE.id]
    unit = result.calendar.unit
    disabled = disabled_rules(result.findings)
    if OVERDUE.id in disabled:
        return ["", f"【{OVERDUE.title}】未检查:登记表中没有找到“{disabled[OVERDUE.id]}”列,"
                    f"无法判断哪些投诉{OVERDUE.title}(见上方【未能检查】)。"]
    lines = ["", f"【{OVERDUE.title}】{len(overdue)} 件" + ("" if overdue else f",没有{OVERDUE.title}的投诉。")]
    if not overdue:
        return lines
    lines.append(f"  {_pad('编号', 16)}{_pad('业主', 10)}{_pad('责任部门', 12)}已等待")
    majors = []
    for f in overdue:
        c = places.get((f.sheet, f.row))
        waiting = result.calendar.days_between(c.received_on, result.as_of) if c and c.received_on else "?"
        number = f.number or f"「{f.sheet}」第{f.row}行"
        mark = "  【重大,须上报经理/办公室主任】" if c is not None and c.major else ""
        if mark:
            majors.append(number)
        lines.append(f"  {_pad(number, 16)}{_pad((c.customer if c else '') or '—', 10)}"
                     f"{_pad((c.department if c else '') or '未填', 12)}{waiting} {unit}{mark}")
    if majors:
        lines.append(f"  重大投诉超期 {len(majors)} 件:{'、'.join(majors)},请立即上报经理/办公室主任。")
    return lines


def _counts(result: DailyResult, verbose: bool) -> list[str]:
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    lines = ["", "【各类问题数量】"]
    if not counts:
        return lines + ["  未发现问题。"]
    disabled = disabled_rules(result.findings)
    width = max(_width(rule_title(r)) for r in [*counts, *disabled]) + 2
    lines += [f"  {_pad(rule_title(rule), width)}{count:>5}" + (f"  ({rule})" if verbose else "")
              for rule, count in counts.items()]
    lines += [f"  {_pad(rule_title(rule), width)}未检查" + (f"  ({rule})" if verbose else "") for rule in disabled]
    return lines


def _rest(result: DailyResult) -> list[str]:
    rest = [f for f in result.findings if f.rule not in (OVERDUE.id, MISSING.id)]
    if not rest:
        return []
    lines, shown = ["", "【其他问题】"], dict[str, int]()
    for f in rest:
        shown[f.rule] = shown.get(f.rule, 0) + 1
        if shown[f.rule] > REST_LIMIT:
            continue
        where = f"「{f.sheet}」第 {f.row} 行 " if f.sheet and f.row else ""
        if f.number and f.number not in f.message:
            where += f"{f.number} "
        lines.append(f"  [{SEVERITY_ZH.get(f.severity, f.severity)}·{rule_title(f.rule)}] {where}{f.message}")
    for rule, n in shown.items():
        if n > REST_LIMIT:
            lines.append(f"  ……{rule_title(rule)}另有 {n - REST_LIMIT} 条,见检查结果表。")
    return lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Left-justify for a console where Chinese characters take two columns."""
    return text + " " * max(1, width - _width(text))
