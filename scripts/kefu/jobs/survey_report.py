"""The annual survey job: statistics, the director's report, the workbook, the owners' committee bulletin.

``make_survey_report`` is the one function the script and the scheduler call. It reads the survey
workbook (and the register, only to learn the names it must mask) and never writes to either.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kefu.core.atomic import check_writable, removed_on_failure, write_json
from kefu.core.errors import InputError, KefuError
from kefu.core.settings import Settings
from kefu.core.vocabulary import load_vocabulary
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.outputs.survey import channels, docs
from kefu.outputs.survey.charts import grade_chart, rate_chart
from kefu.outputs.survey.files import output_dir
from kefu.outputs.survey.workbook import write_workbook
from kefu.read.rectify_sheet import RectifySheet, read_rectifications
from kefu.read.register import read_register
from kefu.read.survey import read_survey
from kefu.rules.opinions import Opinions, common_opinions
from kefu.rules.survey_stats import SurveyStats, response_years, survey_stats


@dataclass
class SurveyRun:
    stats: SurveyStats
    opinions: Opinions
    rectify: RectifySheet
    rectify_rows: list[docs.RectifyRow]
    report: Path | None = None
    bulletin: Path | None = None
    workbook: Path | None = None
    json_path: Path | None = None
    notes: list[str] = field(default_factory=list)      # Chinese lines for the console

    @property
    def empty(self) -> bool:
        return self.stats.empty

    def to_json(self) -> dict:
        return self.stats.to_json()


def register_names(settings: Settings, notes: list[str]) -> set[str]:
    """Customer names in the register, to mask them if an owner's comment repeats one."""
    path = Path(settings.paths.register)
    if not path.is_file():
        return set()
    try:
        register = read_register(settings, path)
    except KefuError as exc:
        notes.append(f"提示:未能读取登记表中的姓名用于隐去个人信息({exc})。")
        return set()
    return {c.customer for c in register.complaints if c.customer}


def make_survey_report(settings: Settings, as_of: dt.date, *, year: int | None = None,
                       json_path: Path | None = None,
                       progress: Callable[[str], None] | None = None) -> SurveyRun:
    say = progress or (lambda _msg: None)
    check_writable(Path(settings.paths.output))
    ledger.require_writable(settings)
    say("读取调查表")
    survey = read_survey(settings)
    stats, responses = survey_stats(survey, settings, year)
    if year is not None and not responses:
        raise InputError(no_forms_text(survey, year))
    notes: list[str] = []
    names = register_names(settings, notes) | survey.private_names
    say("归纳业主意见")
    opinions = common_opinions(responses, settings, names=names, vocabulary=load_vocabulary(settings))
    rectify = read_rectifications(settings, survey.path, survey.books.get(survey.path))
    if not rectify.found:
        notes.append(f"提示:调查表中没有「{rectify.sheet_name}」工作表,整改方案只列出建议项目。")
    rows = docs.rectify_rows(stats, opinions, rectify, as_of, names)
    run = SurveyRun(stats, opinions, rectify, rows, notes=notes)
    if stats.undated:
        notes.append(f"提示:有 {stats.undated} 份调查表没有调查日期,工作表名中也没有年份,已计入本次统计。")
    folder = output_dir(settings)
    prefix = f"{stats.year}年度" if stats.year else ""
    with removed_on_failure() as written, tempfile.TemporaryDirectory(prefix="kefu-charts-") as tmp:
        say("生成报告")
        run.report = written.add(_report(settings, run, as_of, Path(tmp), folder / f"{prefix}满意度调查报告.docx"))
        if not stats.empty:
            say("生成业委会通报")
            run.bulletin = written.add(_bulletin(settings, run, as_of, Path(tmp), folder / f"{prefix}业委会通报.docx"))
            say("生成统计工作簿")
            run.workbook = written.add(write_workbook(folder / f"{prefix}满意度统计.xlsx", stats, opinions, rows,
                                                      settings.office.name, as_of, mask=settings.privacy.mask))
        else:
            notes.append("调查表中还没有有效的调查结果,只生成了简短的报告。")
        if json_path:
            run.json_path = written.add(write_json(Path(json_path), run.to_json()))
        outputs = [run.report, run.bulletin, run.workbook, run.json_path]
        audit.record_run(settings, "survey_report", survey.paths or [survey.path], outputs,
                         {"returned": stats.returned, "invalid": len(stats.invalid)})
    return run


def no_forms_text(survey, year: int) -> str:
    """One line for a year the survey workbook has no form of (nothing is written)."""
    years = sorted({y for y in response_years(survey.responses) if y is not None})
    held = f"其中只有 {'、'.join(map(str, years))} 年的调查表" if years else "其中还没有任何调查表"
    return (f"调查表《{Path(survey.path).name}》中没有 {year} 年的调查表({held}),未生成任何文件。"
            f"请用 --year 指定有调查表的年份,或先把 {year} 年的调查结果录入调查表。")


def _base_context(settings: Settings, run: SurveyRun, as_of: dt.date) -> dict:
    stats = run.stats
    return {"office": settings.office.name, "office_short": settings.office.name.removesuffix("管理处"),
            "year_text": f"{stats.year}年度" if stats.year else "", "date": f"{as_of.year}年{as_of.month}月{as_of.day}日",
            "empty": stats.empty, "overview": docs.overview(stats), "rates_text": docs.rates_text(stats),
            "items": docs.item_rows(stats), "rectify": run.rectify_rows,
            "rectify_text": docs.rectify_text(run.rectify_rows), "channels_text": channels.channels_text(stats),
            "method_text": channels.method_text(stats, settings.survey.satisfied_grades)}


def _charts(run: SurveyRun, tmp: Path) -> dict[str, Path | None]:
    if run.stats.empty:
        return {"rate_chart": None, "grade_chart": None}
    return {"rate_chart": rate_chart(run.stats, tmp / "rates.png"),
            "grade_chart": grade_chart(run.stats, tmp / "grades.png")}


def _report(settings: Settings, run: SurveyRun, as_of: dt.date, tmp: Path, out: Path) -> Path:
    from docxtpl import Listing

    stats = run.stats
    context = _base_context(settings, run, as_of) | {
        "buildings": [{"building": b.building, "returned": b.returned, "valid": b.valid,
                       "satisfied": b.satisfied, "rate": docs.percent(b.rate)} for b in stats.buildings],
        "weak_text": docs.weak_text(stats),
        "opinions_text": docs.opinions_text(run.opinions, phrases=True),
        "themes": docs.theme_rows(run.opinions, 3, Listing),
        "invalid": [{"sheet": v.sheet, "cell": v.cell or f"第{v.row}行", "item": v.item, "text": v.text}
                    for v in stats.invalid],
        "channels": channels.channel_rows(stats), "aside": channels.aside_rows(stats),
    }
    docs.render(Path(settings.paths.templates) / docs.REPORT_TEMPLATE, context, _charts(run, tmp), out)
    return out


def _bulletin(settings: Settings, run: SurveyRun, as_of: dt.date, tmp: Path, out: Path) -> Path:
    from docxtpl import Listing

    context = _base_context(settings, run, as_of) | {
        "opinions_text": docs.opinions_text(run.opinions, phrases=False),
        "themes": docs.theme_rows(run.opinions, 2, Listing, public=True),
    }
    drawn = tmp / "rates.png"      # the report's chart of the same figures: drawn once, used twice
    charts = {"rate_chart": drawn if drawn.is_file() else rate_chart(run.stats, tmp / "bulletin-rates.png")}
    docs.render(Path(settings.paths.templates) / docs.BULLETIN_TEMPLATE, context, charts, out)
    return out
