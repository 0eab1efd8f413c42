"""Numbering consistency: register number = notice number = original-document number, no gaps, no twins.

Numbers arrive normalised by the reader (``Complaint.number``); ``number_text`` is what was typed. A
number spelled with full-width dashes or blanks is the same number (a format warning at most). A number
without its zero padding (TS-2026-135) is a format warning and still takes its place in the sequence.
A voided (作废) number is consumed: it fills its place, and is still "present" for ``VANISHED``.
The rules are declared at the end (``kefu.core.rule.Rule``: after ``check``, which they name).
"""
from __future__ import annotations

from collections import Counter, defaultdict

from kefu.core.findings import Finding
from kefu.core.rule import Rule
from kefu.core.normalize import normalize_number
from kefu.core.number_pattern import CANONICAL, SEQ, YEAR, NumberPattern, number_pattern
from kefu.rules.renumbering import renumbered

# A run of missing numbers longer than this is reported once (a mistyped number, not lost complaints).
GAP_RUN_LIMIT = 20


def check(register, ctx) -> list[Finding]:
    """Column by column over the register: each pass is a comprehension or a C-level count, so 100k
    complaints cost a few passes, not one Python step per complaint per rule."""
    pattern = number_pattern(ctx.settings.numbering.pattern)
    yearly = ctx.settings.numbering.sequence_reset == "yearly"
    # a sheet without a number column: rules.coverage says these rules are 未检查, its rows are not 缺少编号
    findings = [_missing(c) for c in register.complaints
                if not c.number and not c.voided and (c.columns is None or _read_with(c.columns, MISSING))]
    numbered = [c for c in register.complaints if c.number]
    parsed = list(map(pattern.parse, [c.number for c in numbered]))   # (year, seq, canonical), None: does not fit
    for c, p in zip(numbered, parsed):
        findings.extend(_row_findings(c, p, pattern))
    # The place of a number in its sequence is its canonical text when the year in the number is the
    # sequence's year (the usual TS-{year}-{seq}), else (sequence year, seq); a number that does not fit
    # the pattern is its own place.
    by_text = yearly and pattern.has_year
    places: list[str | tuple[int | None, int]]
    if by_text:
        places = [p[CANONICAL] if p else c.number for c, p in zip(numbered, parsed)]
    else:
        places = [(_sequence_year(p, c, pattern, yearly), p[SEQ]) if p else c.number
                  for c, p in zip(numbered, parsed)]
    findings.extend(_twins(numbered, places))
    sequences: dict[int | None, dict[int, int | None]] = defaultdict(dict)  # year -> seq -> year in number
    for place, p in zip(places, parsed):
        if p is not None:   # its place is (sequence year, seq), or its canonical text when by_text
            sequences[place[0] if isinstance(place, tuple) else p[YEAR]].setdefault(p[SEQ], p[YEAR])
    for key in sorted(sequences, key=lambda y: (y is None, y)):
        findings.extend(_gaps(sequences[key], pattern))
    present = {p[CANONICAL] if p else c.number for c, p in zip(numbered, parsed)}   # as the pattern writes them
    seen = ctx.seen_numbers or {}
    corrected = renumbered(register, seen, ctx.seen_prints, present, pattern.canonical)   # renumbering.RENUMBERED
    numbered_sheets = {info.name for info in register.sheets if _read_with(info.columns, VANISHED)}
    findings.extend(_vanished(present | corrected.keys(), seen, numbered_sheets))
    return findings


def _row_findings(c, parsed, pattern: NumberPattern) -> list[Finding]:
    """``FORMAT``, the notice and original mismatches and ``YEAR_MISMATCH`` of one numbered row;
    the usual row (written right, all three numbers equal, the year right) costs three comparisons."""
    number = c.number
    out: list[Finding] = []
    if parsed is None or parsed[CANONICAL] != number or (c.number_text and c.number_text != number):
        out.extend(_format(c, parsed, pattern))
    if c.voided:
        return out
    if (c.notice_number and c.notice_number != number) or (c.original_number and c.original_number != number):
        out.extend(_mismatches(c, pattern))
    if parsed is not None and parsed[YEAR] is not None and c.received_on is not None \
            and parsed[YEAR] != c.received_on.year:
        out.extend(_year_mismatch(c, parsed))
    return out


def _twins(numbered: list, places: list) -> list[Finding]:
    """``DUPLICATE`` for every complaint whose place another one holds too (counted in C)."""
    twice = {place for place, n in Counter(places).items() if n > 1}
    if not twice:
        return []
    holders: dict[object, list] = defaultdict(list)
    for c, place in zip(numbered, places):
        if place in twice:
            holders[place].append(c)
    return [f for group in holders.values() for f in _duplicates(group)]


def _sequence_year(parsed, c, pattern: NumberPattern, yearly: bool) -> int | None:
    if not yearly:
        return None
    if pattern.has_year:
        return parsed[YEAR]
    return c.received_on.year if c.received_on else None


def _label(c) -> str:
    return c.number_text or c.number


def _missing(c) -> Finding:
    return MISSING.finding(None, c.sheet, c.row,
                           f"第 {c.row} 行有投诉内容但没有编号,请按编号规则补上编号(核对通知单和投诉原件上的编号)。",
                           column=_col(c, "number"))


def _format(c, parsed, pattern: NumberPattern) -> list[Finding]:
    typed = c.number_text or c.number
    if parsed is None:
        return [FORMAT.finding(c.number, c.sheet, c.row,
                               f"编号「{typed}」不符合编号格式(应为 {pattern.example()} 这样的写法),"
                               f"无法排入流水号,请改正。", column=_col(c, "number"), severity="error")]
    problems = []
    if parsed[CANONICAL] != c.number:
        problems.append(f"流水号位数不对,应写作 {parsed[CANONICAL]}")
    if typed != c.number and normalize_number(typed) == c.number:
        problems.append("含有全角字符或多余空格")
    if not problems:
        return []
    return [FORMAT.finding(c.number, c.sheet, c.row,
                           f"编号「{typed}」{';'.join(problems)}。按 {parsed[CANONICAL]} 处理,请在登记表中改正写法。",
                    column=_col(c, "number"))]


def _year_mismatch(c, parsed) -> list[Finding]:
    if parsed[YEAR] is None or c.received_on is None or parsed[YEAR] == c.received_on.year:
        return []
    return [YEAR_MISMATCH.finding(c.number, c.sheet, c.row,
                                  f"编号 {c.number} 中的年份 {parsed[YEAR]} 与登记日期 {c.received_on.isoformat()} 的年份不一致,"
                                  f"请核对编号或登记日期。", column=_col(c, "number"))]


def _mismatches(c, pattern: NumberPattern) -> list[Finding]:
    if not c.number:
        return []
    out = []
    for field_name, rule, what in (("notice_number", NOTICE_MISMATCH, "处理通知单编号"),
                                   ("original_number", ORIGINAL_MISMATCH, "投诉原件编号")):
        other = getattr(c, field_name)
        if other and other != c.number and pattern.canonical(other) != pattern.canonical(c.number):
            out.append(rule.finding(c.number, c.sheet, c.row,
                                    f"{what}「{other}」与登记表编号 {c.number} 不一致。制度要求三者编号一致,"
                                    f"请核对后改正登记表或{what.replace('编号', '')}上的编号。",
                               column=_col(c, field_name)))
    return out


def _duplicates(holders: list) -> list[Finding]:
    out = []
    for c in holders:
        rows = [f"「{o.sheet}」第 {o.row} 行" for o in holders if o is not c]
        others = "、".join(rows[:5]) + (f" 等 {len(rows)} 行" if len(rows) > 5 else "")
        void = "(本行已作废,作废的编号不应再使用)" if c.voided else ""
        out.append(DUPLICATE.finding(c.number, c.sheet, c.row,
                                     f"编号 {c.number} 重复:与 {others} 相同{void}。每件投诉应有唯一编号,请核对后改正。",
                           column=_col(c, "number")))
    return out


def _gaps(seqs: dict[int, int | None], pattern: NumberPattern) -> list[Finding]:
    """Missing numbers between the first and the last of one sequence (never beyond)."""
    ordered = sorted(seqs)
    first, last = ordered[0], ordered[-1]
    span = f"{pattern.format(seqs[first], first)} 至 {pattern.format(seqs[last], last)}"
    out = []
    for before, after in zip(ordered, ordered[1:]):
        if after - before > 1:
            # the year written in a missing number: that of the number before it (matters for sequence_reset = never)
            out.extend(_gap_findings(seqs[before], before + 1, after - 1, span, pattern.format(seqs[last], last),
                                     pattern))
    return out


def _gap_findings(year, start: int, end: int, span: str, last: str, pattern: NumberPattern) -> list[Finding]:
    if end - start + 1 > GAP_RUN_LIMIT:
        return [GAP.finding(pattern.format(year, start), None, None,
                            f"{pattern.format(year, start)} 至 {pattern.format(year, end)} 共 {end - start + 1} 个编号"
                            f"都没有登记({span} 之间)。很可能是某个编号写错了(如 {last}),"
                            f"请先核对最大的编号。")]
    return [GAP.finding(pattern.format(year, seq), None, None,
                        f"编号 {pattern.format(year, seq)} 没有登记({span} 之间缺号)。如该编号已用掉但作废,"
                        f"请补登一行并在状态栏写“作废”;如漏登,请补登。")
            for seq in range(start, end + 1)]


def _read_with(columns, rule: Rule) -> bool:
    """The sheet (its field -> column letter) has a column the rule needs (``Rule.needs``)."""
    return any(f in columns for f in rule.needs)


def _vanished(present: set[str], seen: dict, read: set[str] | None = None) -> list[Finding]:
    """``read``: the sheets whose numbers were read this time; a number last seen on another sheet (missing
    from the workbook, renamed, not configured, without a number column now) is not said to be gone."""
    if not seen:
        return []
    out = []
    for number in sorted(seen.keys() - present):   # a set difference: only the few gone are sorted
        sheet, row, last_seen = _seen_where(seen[number])
        if read is not None and sheet and sheet not in read:
            continue
        where = f"上次({last_seen})在「{sheet}」第 {row} 行" if sheet else "以前"
        out.append(VANISHED.finding(number, None, None,
                                    f"编号 {number} {where}还在,现在登记表中找不到了。登记过的投诉不应删除:"
                                    f"请从备份恢复该行;如需取消,请在状态栏写“作废”。"))
    return out


def _seen_where(info) -> tuple[str | None, int | None, str]:
    """Ledger info may be a SeenNumber-like tuple (sheet, row, last_seen) or anything else."""
    try:
        sheet, row, last_seen = info
        return sheet, row, str(last_seen)
    except (TypeError, ValueError):
        return None, None, ""


def _col(c, field_name: str) -> str | None:
    return (c.columns or {}).get(field_name)


# A register without a number column is read (the other rules run): these are then 未检查 (rules.coverage).
MISSING = Rule("number.missing", "缺少编号", "error", needs=("number",), check=check)
# FORMAT: an error when the number does not fit the pattern at all
FORMAT = Rule("number.format", "编号格式", "warning", needs=("number",), check=check)
DUPLICATE = Rule("number.duplicate", "编号重复", "error", needs=("number",), check=check)
GAP = Rule("number.gap", "缺号", "warning", needs=("number",), check=check)
YEAR_MISMATCH = Rule("number.year_mismatch", "编号年份不符", "warning", needs=("number",), check=check)
NOTICE_MISMATCH = Rule("number.notice_mismatch", "通知单编号不符", "error", needs=("notice_number",), check=check)
ORIGINAL_MISMATCH = Rule("number.original_mismatch", "原件编号不符", "error", needs=("original_number",), check=check)
VANISHED = Rule("number.vanished", "编号消失", "error", needs=("number",), check=check)
RULES = (MISSING, FORMAT, DUPLICATE, GAP, YEAR_MISMATCH, NOTICE_MISMATCH, ORIGINAL_MISMATCH, VANISHED)
