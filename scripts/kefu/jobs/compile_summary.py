"""The half-year / year-end complaint analysis job: registers -> figures -> Word report + Excel + JSON.

``compile_summary`` is the one library function the script and the scheduler call.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from kefu.core.atomic import check_writable, removed_on_failure, write_json
from kefu.core.periods import resolve_period
from kefu.core.privacy import NameSet
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.outputs.summary.as_json import summary_json
from kefu.outputs.summary.report import write_report
from kefu.outputs.summary.workbook import write_workbook
from kefu.read.register import read_register
from kefu.rules.office_analysis import OfficeAnalysis, SummaryRun, analyse, office_name
from kefu.rules.opinions import scrub
from kefu.rules.recurring import RecurringGroup

REPORT_FOLDER = "分析报告"


def compile_summary(settings: Settings, as_of: dt.date, *, period: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, registers: list[Path] | None = None,
                    json_path: Path | None = None, progress: Callable[[str], None] | None = None,
                    ) -> SummaryRun:
    """Analyse the period and write the Word report, the Excel workbook and (optionally) JSON."""
    say = progress or (lambda _msg: None)
    the_period = resolve_period(as_of, period, date_from, date_to)
    _writable(settings)
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
        starts = [o.current.data_from for o in offices if o.current.data_from is not None]
        overall = analyse(settings.office.name, paths[0], everything, the_period, settings, as_of, calendar,
                          max(starts) if starts else None)
        overall.recurring = [g for o in offices for g in _tag(o)]
    else:
        overall = offices[0]
    fallback = calendar.fallback_warning()
    coverage = None if overall.current.complete else coverage_warning(overall.current)
    warnings += [note for note in (coverage, fallback) if note]
    run = SummaryRun(the_period, as_of, settings.office.name, overall, offices, warnings=warnings)
    if settings.privacy.mask:   # the report leaves the desk: no owner's name, phone or room in its texts
        names = {c.customer for c in everything if c.customer}
        for office in {id(o): o for o in [overall, *offices]}.values():
            mask_texts(office, names)

    folder = Path(settings.paths.output) / REPORT_FOLDER
    base = f"投诉分析报告_{the_period.code}"
    if len(offices) > 1:
        base += "_各管理处对比"
    with removed_on_failure() as written:
        say("生成图表和 Word 报告")
        run.docx_path = written.add(write_report(run, settings, folder / f"{base}.docx"))
        say("生成 Excel 统计表")
        run.xlsx_path = written.add(write_workbook(run, folder / f"{base}.xlsx"))
        if json_path is not None:
            run.json_path = written.add(write_json(Path(json_path), summary_json(run)))
        audit.record_run(settings, "summary", paths, written.paths, {"complaints": overall.current.total})
    return run


def coverage_warning(current) -> str:
    """A note for a period the register does not fully cover (it starts after the period began)."""
    start = current.data_from
    return (f"登记表中最早的投诉登记于 {start.year}年{start.month}月,{current.period.label}的数据不完整,"
            f"统计只含 {start.year}年{start.month}月起的投诉。")


def _writable(settings: Settings) -> None:
    """The output folder and the ledger (not locked, not full): said before any output is written."""
    check_writable(Path(settings.paths.output))
    ledger.require_writable(settings)


def mask_texts(office: OfficeAnalysis, names: set[str]) -> None:
    """Scrub the texts copied from the register (summaries, outcomes) of one office's analysis."""
    known = NameSet.of(names)
    for row in office.current.major:
        row["summary"], row["outcome"] = scrub(row["summary"], known), scrub(row["outcome"], known)
    for group in office.recurring:
        group.summary = scrub(group.summary, known)


def _tag(office: OfficeAnalysis) -> list[RecurringGroup]:
    for g in office.recurring:
        if not g.place.startswith(office.name):
            g.place = f"{office.name} {g.place}"
    return office.recurring


