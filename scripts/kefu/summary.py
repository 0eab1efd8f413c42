"""The half-year / year-end complaint analysis job: registers -> figures -> Word report + Excel + JSON.

``compile_summary`` is the one library function the script and the scheduler call.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import audit
from .analysis import Figures, figures_for
from .atomic import atomic_path, check_writable
from .periods import Period, previous, resolve_period, year_earlier
from .recurring import RecurringGroup, find_recurring
from .register import gc_paused, read_register
from .workdays import WorkCalendar

REPORT_FOLDER = "分析报告"


@dataclass
class OfficeAnalysis:
    name: str
    path: Path
    current: Figures
    previous: Figures
    year_earlier: Figures
    recurring: list[RecurringGroup]


@dataclass
class SummaryRun:
    period: Period
    as_of: dt.date
    office: str                                  # the office (or the company, when several)
    overall: OfficeAnalysis                      # all registers together
    offices: list[OfficeAnalysis]                # one per register (one entry when a single register)
    docx_path: Path | None = None
    xlsx_path: Path | None = None
    json_path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def compares_offices(self) -> bool:
        return len(self.offices) > 1


def office_name(path: Path) -> str:
    """阳光花园_客户投诉登记表.xlsx -> 阳光花园; 客户投诉登记表(滨江).xlsx -> 滨江."""
    stem = re.sub(r"(客户)?投诉登记表|登记表", "", Path(path).stem)
    stem = re.sub(r"^[\s_\-—·.()()《》【】\[\]]+|[\s_\-—·.()()《》【】\[\]]+$", "", stem)
    return stem or Path(path).stem


def analyse(name: str, path: Path, complaints, period: Period, settings, as_of: dt.date,
            calendar: WorkCalendar) -> OfficeAnalysis:
    current = figures_for(complaints, period, settings, as_of, calendar)
    return OfficeAnalysis(
        name, path, current,
        figures_for(complaints, previous(period), settings, as_of, calendar),
        figures_for(complaints, year_earlier(period), settings, as_of, calendar),
        find_recurring(current.complaints, settings))


def compile_summary(settings, as_of: dt.date, *, period: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, registers: list[Path] | None = None,
                    json_path: Path | None = None, progress: Callable[[str], None] | None = None,
                    ) -> SummaryRun:
    """Analyse the period and write the Word report, the Excel workbook and (optionally) JSON."""
    with gc_paused():   # 100k records, their figures and the documents: no full collections meanwhile
        return _compile_summary(settings, as_of, period, date_from, date_to, registers, json_path, progress)


def _compile_summary(settings, as_of, period, date_from, date_to, registers, json_path, progress) -> SummaryRun:
    say = progress or (lambda _msg: None)
    the_period = resolve_period(as_of, period, date_from, date_to)
    check_writable(Path(settings.paths.output))
    paths = [Path(p) for p in (registers or [settings.paths.register])]
    calendar = WorkCalendar.from_settings(settings)
    offices, everything, warnings = [], [], []
    for path in paths:
        say(f"读取《{path.name}》")
        register = read_register(settings, path)
        name = office_name(path) if len(paths) > 1 else settings.office.name
        offices.append(analyse(name, path, register.complaints, the_period, settings, as_of, calendar))
        everything.extend(register.complaints)
        undated = offices[-1].current.undated
        if undated:
            warnings.append(f"《{path.name}》中有 {undated} 件投诉的登记日期为空或无法识别,未计入统计,"
                            f"请运行每日检查查看并补正。")
    if len(offices) > 1:
        overall = analyse(settings.office.name, paths[0], everything, the_period, settings, as_of, calendar)
        overall.recurring = [g for o in offices for g in _tag(o)]
    else:
        overall = offices[0]
    fallback = calendar.fallback_warning()
    if fallback:
        warnings.append(fallback)
    run = SummaryRun(the_period, as_of, settings.office.name, overall, offices, warnings=warnings)
    if settings.privacy.mask:   # the report leaves the desk: no owner's name, phone or room in its texts
        names = {c.customer for c in everything if c.customer}
        for office in {id(o): o for o in [overall, *offices]}.values():
            mask_texts(office, names)

    from .summary_report import write_report
    from .summary_xlsx import write_workbook

    folder = Path(settings.paths.output) / REPORT_FOLDER
    base = f"投诉分析报告_{the_period.code}"
    if len(offices) > 1:
        base += "_各管理处对比"
    say("生成图表和 Word 报告")
    run.docx_path = write_report(run, settings, folder / f"{base}.docx")
    say("生成 Excel 统计表")
    run.xlsx_path = write_workbook(run, folder / f"{base}.xlsx")
    if json_path is not None:
        run.json_path = write_json(summary_json(run), Path(json_path))
    audit.record_run(settings, "summary", paths, [run.docx_path, run.xlsx_path, run.json_path],
                     {"complaints": overall.current.total})
    return run


def mask_texts(office: OfficeAnalysis, names: set[str]) -> None:
    """Scrub the texts copied from the register (summaries, outcomes) of one office's analysis."""
    from .opinions import scrub
    from .privacy import NameSet

    names = NameSet.of(names)
    for row in office.current.major:
        row["summary"], row["outcome"] = scrub(row["summary"], names), scrub(row["outcome"], names)
    for group in office.recurring:
        group.summary = scrub(group.summary, names)


def _tag(office: OfficeAnalysis) -> list[RecurringGroup]:
    for g in office.recurring:
        if not g.place.startswith(office.name):
            g.place = f"{office.name} {g.place}"
    return office.recurring


# ---------------------------------------------------------------- JSON

def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def figures_json(f: Figures) -> dict:
    return {
        "period": {"from": f.period.start.isoformat(), "to": f.period.end.isoformat(), "label": f.period.label},
        "total": f.total,
        "by_category": f.by_category, "by_department": f.by_department,
        "by_channel": f.by_channel, "by_month": f.by_month,
        "replied_on_time_rate": _r(f.replied_on_time_rate),
        "replied": {"due": f.reply_due, "on_time": f.replied_on_time},
        "avg_days_to_reply": _r(f.avg_days_to_reply, 2),
        "avg_days_to_complete": _r(f.avg_days_to_complete, 2),
        "open_overdue": {"open": len(f.open_at_end), "overdue": len(f.overdue_at_end),
                         "open_numbers": f.open_at_end, "overdue_numbers": f.overdue_at_end},
        "major": f.major,
        "callback_rate": _r(f.callback_rate),
        "callback_satisfied_rate": _r(f.callback_satisfied_rate),
        "callback": {"expected": f.callback_expected, "called": f.called_back,
                     "answered": f.callback_answered, "satisfied": f.callback_satisfied},
        "undated": f.undated,
    }


def _compare(before: Figures, current: Figures) -> dict:
    from .analysis import change
    return {"period": {"from": before.period.start.isoformat(), "to": before.period.end.isoformat(),
                       "label": before.period.label},
            "total": before.total, "change": _r(change(current.total, before.total))}


def office_json(o: OfficeAnalysis) -> dict:
    data = figures_json(o.current)
    data["recurring"] = [g.as_dict() for g in o.recurring]
    data["previous"] = _compare(o.previous, o.current)
    data["year_earlier"] = _compare(o.year_earlier, o.current)
    return data


def summary_json(run: SummaryRun) -> dict:
    data = {"as_of": run.as_of.isoformat(), "office": run.office, **office_json(run.overall)}
    if run.compares_offices:
        data["offices"] = [{"name": o.name, "register": o.path.name, **office_json(o)} for o in run.offices]
    data["warnings"] = run.warnings
    return data


def write_json(data: dict, path: Path) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through kefu.atomic: ``write(tmp)`` fills a temporary file that then replaces ``path``."""
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)
