"""The day's reminder: a one-page digest for the director (今日提醒_YYYY-MM-DD.docx or .txt)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.atomic import atomic_path, write_text
from kefu.core.rule import REMINDER_SECTIONS
from kefu.core.safe_text import xml_safe
from kefu.core.settings import Settings
from kefu.ledger.job_state import RunFailure
from kefu.read.register import Register
from kefu.rules.coverage import MISSING
from kefu.rules.daily import BY_ID, DailyResult
from kefu.rules.followup import scrub
from kefu.rules.replies import OVERDUE
from kefu.rules.urgency import disabled_rules

WEEKDAYS = "一二三四五六日"
MAX_LINES = 12  # per section, so that the digest stays one page


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    more: int = 0

    def to_json(self) -> dict:
        return {"title": self.title, "lines": list(self.lines), "more": self.more}

    @classmethod
    def from_json(cls, data: dict) -> "Section":
        return cls(str(data["title"]), [str(x) for x in data.get("lines", [])], int(data.get("more", 0)))


def check_sections(daily_result: DailyResult) -> list[Section]:
    """The daily check's part of the reminder (the sections with something in them): each rule's findings
    in the section its declaration names (``Rule.director``), sections in ``REMINDER_SECTIONS`` order.

    The scheduler keeps them in the ledger (as ``Section.to_json``), so that any later run of the day
    (in this process or another) rebuilds the reminder with them."""
    findings = daily_result.findings
    found: dict[str, list] = {title: [] for title in REMINDER_SECTIONS}
    for f in findings:
        rule = BY_ID.get(f.rule)
        if rule is not None and rule.director is not None:
            found[rule.director].append(f)
    disabled = disabled_rules(findings)
    sections = []
    for title, listed in found.items():
        if title == MISSING.director:   # in full: what to add to the register or config.ini
            sections.append(Section(title, [f.message for f in listed]))
        elif title == OVERDUE.director:
            sections.append(_overdue_section(title, listed, disabled))
        else:
            sections.append(_section(title, listed))
    sections.append(_major_section(daily_result.register))
    return [s for s in sections if s.lines]


def build_sections(check: list[Section] | DailyResult | None, failures, notes: list[str], *,
                   check_expected: bool = True) -> list[Section]:
    """The digest's sections: the daily check's part, the day's failures (standing, then fixed), notes.

    ``check``: the check's sections (or its DailyResult); None when no check succeeded today, and then
    the first line says why: the check failed (see 运行失败), or has not run yet (when ``check_expected``).
    ``failures``: RunFailure (or plain text: a standing failure)."""
    if isinstance(check, DailyResult):
        check = check_sections(check)
    failures = [f if isinstance(f, RunFailure) else RunFailure("", str(f)) for f in failures]
    standing = [f for f in failures if f.fixed_at is None]
    sections = list(check or []) + [
        Section("运行失败", [f.message for f in standing]),
        Section("已解决的运行失败", [_fixed_line(f) for f in failures if f.fixed_at is not None]),
        Section("其他提醒", list(notes)),
    ]
    if check is None:
        if any(f.job in ("daily_check", "") for f in standing):
            sections.insert(0, Section("注意", ["今天的每日检查没有完成,以下内容可能不全,请查看“运行失败”。"]))
        elif check_expected:
            sections.insert(0, Section("注意", ["今天的每日检查还没有运行,以下内容不含检查结果。"]))
    return [s for s in sections if s.lines]


def _fixed_line(f: RunFailure) -> str:
    what = f.message.split("(详见日志")[0]
    when = f"{f.at:%H:%M} " if f.at else ""
    return f"{when}{what};{f.fixed_at:%H:%M} 重新运行成功,已解决。"


def _overdue_section(title: str, findings, disabled: dict[str, str]) -> Section:
    section = _section(title, findings)
    if OVERDUE.id in disabled:   # never an empty list that reads as "none overdue"
        section.lines.insert(0, f"未检查{OVERDUE.title}:登记表中没有找到“{disabled[OVERDUE.id]}”列。")
    return section


def _line(f) -> str:
    """The first sentence of a finding, with its number in front unless the sentence names it."""
    sentences = [part.strip() for part in f.message.split("。") if part.strip()]
    text = ""
    for sentence in sentences:   # enough sentences to say what is wrong, not the instructions
        text = f"{text},{sentence}" if text else sentence
        if len(text) >= 25:
            break
    text = text.replace("【重大投诉,须上报经理/办公室主任】", "【重大】")
    if f.number and f.number not in text:
        text = f"{f.number} {text}"
    return text + "。"


def _section(title: str, findings) -> Section:
    lines = [_line(f) for f in findings]
    return Section(title, lines[:MAX_LINES], max(0, len(lines) - MAX_LINES))


def _major_section(register: Register) -> Section:
    open_major = [c for c in register.complaints
                  if c.major and not c.voided and not c.completed_on]
    # scrubbed: phone-like digits masked (the section is kept in the ledger, which holds no phone numbers)
    lines = [f"{c.number} {scrub(c.summary, 30)}(责任部门:{c.department or '未分派'})" for c in open_major]
    return Section("重大投诉(未办结,须报经理/主任)", lines[:MAX_LINES], max(0, len(lines) - MAX_LINES))


def write_reminder(settings: Settings, day: dt.date, check, failures, notes: list[str], *,
                   check_expected: bool = True) -> Path:
    """Write the day's reminder (see ``build_sections`` for ``check``, ``failures`` and ``check_expected``)."""
    sections = build_sections(check, failures, notes, check_expected=check_expected)
    fmt = settings.schedule.reminder_format
    out = Path(settings.paths.output) / f"今日提醒_{day.isoformat()}.{fmt}"
    title = f"{settings.office.name} 今日提醒 {day.year}年{day.month}月{day.day}日(星期{WEEKDAYS[day.weekday()]})"
    if fmt == "txt":
        return write_text(out, _as_text(title, sections))
    return _write_docx(out, title, sections)


def _as_text(title: str, sections: list[Section]) -> str:
    lines = [title, ""]
    if not sections:
        lines.append("今天没有需要特别提醒的事项。")
    for s in sections:
        lines.append(f"【{s.title}】")
        lines += [f"  · {line}" for line in s.lines]
        if s.more:
            lines.append(f"  另有 {s.more} 条,见检查结果表。")
        lines.append("")
    return "\n".join(lines) + "\n"


def _write_docx(out: Path, title: str, sections: list[Section]) -> Path:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    for section in doc.sections:                       # A4, as offices in China print
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(1.6)
        section.left_margin = section.right_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    style.paragraph_format.space_after = Pt(1)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    doc.add_heading(title, level=1)
    if not sections:
        doc.add_paragraph("今天没有需要特别提醒的事项。")
    for s in sections:
        doc.add_heading(s.title, level=2)
        for line in s.lines:
            doc.add_paragraph(xml_safe(line), style="List Bullet")
        if s.more:
            doc.add_paragraph(f"另有 {s.more} 条,见检查结果表。")
    with atomic_path(out) as tmp:
        doc.save(str(tmp))
    return out
