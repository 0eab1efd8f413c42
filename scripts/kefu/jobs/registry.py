"""The jobs kefu can run on its own: one library function each, the same the scripts call.

Each entry names the job's Chinese title, when it runs by default (from ``[schedule]``), and a runner
``run(settings, now) -> JobResult``. The names are ``kefu.core.settings.JOB_NAMES``, the one list of
jobs that ``[schedule] jobs``, the scheduler, ``--once`` and ``--print-task`` read.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from kefu.core.settings import JOB_NAMES, Settings
from kefu.jobs.compile_summary import compile_summary
from kefu.jobs.daily_check import run_daily_check
from kefu.jobs.make_callback_list import make_callback_list
from kefu.jobs.make_notices import make_notices
from kefu.jobs.timetable import Trigger
from kefu.outputs.reminder import check_sections


@dataclass
class JobResult:
    summary: str                                  # one Chinese line for the log and the console
    notes: list[str] = field(default_factory=list)  # lines for the day's reminder
    value: Any = None                             # the job's own result (DailyResult for the daily check)
    part: Any = None                              # its part of the day's reminder (JSON), kept in the ledger


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    trigger: Trigger
    run: Callable[[Any, dt.datetime], JobResult]


def _daily_check(settings: Settings, now: dt.datetime) -> JobResult:
    result = run_daily_check(settings, now.date())
    counts = _count(result.findings)
    return JobResult(f"每日检查完成:{len(result.findings)} 条检查结果({counts})",
                     notes=list(getattr(result, "warnings", [])), value=result,
                     part=[section.to_json() for section in check_sections(result)])


def _notices(settings: Settings, now: dt.datetime) -> JobResult:
    run = make_notices(settings, now.date())
    return JobResult(run.summary_zh(settings.paths.output), notes=list(run.warnings), value=run)


def _callback_list(settings: Settings, now: dt.datetime) -> JobResult:
    run = make_callback_list(settings, now.date())
    return JobResult(run.summary(), value=run)


def _monthly_summary(settings: Settings, now: dt.datetime) -> JobResult:
    last_month = (now.date().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    run = compile_summary(settings, now.date(), period=last_month)
    return JobResult(f"{last_month} 月度投诉统计已生成:{run.docx_path.name if run.docx_path else ''}", value=run)


def _half_year_summary(settings: Settings, now: dt.datetime) -> JobResult:
    year = now.year if now.month >= 7 else now.year - 1
    period = f"{year}H1" if now.month >= 7 else f"{year}"   # after 30 June: H1; after 31 Dec: the year
    run = compile_summary(settings, now.date(), period=period)
    what = "上半年" if period.endswith("H1") else "全年"
    return JobResult(f"{year} 年{what}投诉分析已生成:{run.docx_path.name if run.docx_path else ''}",
                     notes=[f"{year} 年{what}投诉分析报告已生成,请审阅后报办公室主任。"], value=run)


def _survey_reminder(settings: Settings, now: dt.datetime) -> JobResult:
    note = (f"提醒:按《业主意见调查和回访制度》,客服中心每年至少进行一次业主意见调查。"
            f"{now.year} 年的调查请尽快安排(可用 python scripts/survey_report.py --blank-form 打印空白调查表)。")
    return JobResult("已提醒进行年度业主意见调查", notes=[note])


def _count(findings) -> str:
    counts = Counter(f.severity for f in findings)
    return f"严重 {counts.get('error', 0)},警告 {counts.get('warning', 0)},提示 {counts.get('info', 0)}"


def all_jobs(settings: Settings) -> dict[str, Job]:
    """Every job kefu knows, with its trigger from ``[schedule]``."""
    s = settings.schedule
    at = dt.time.fromisoformat(s.daily_check_at)
    cb_at = dt.time.fromisoformat(s.callback_list_at)
    month, day = (int(x) for x in s.survey_reminder_on.split("-"))
    jobs = [
        Job("daily_check", "每日检查", Trigger("daily", at, workdays_only=s.workdays_only), _daily_check),
        Job("notices", "处理通知单", Trigger("interval", minutes=s.notices_every_minutes,
                                          workdays_only=s.workdays_only), _notices),
        Job("callback_list", "回访清单", Trigger("daily", cb_at, workdays_only=s.workdays_only), _callback_list),
        Job("monthly_summary", "月度投诉统计", Trigger("monthly", at), _monthly_summary),
        Job("half_year_summary", "半年/年终投诉分析", Trigger("half_year", at), _half_year_summary),
        Job("survey_reminder", "年度满意度调查提醒", Trigger("yearly", at, month_day=(month, day)),
            _survey_reminder),
    ]
    assert tuple(job.name for job in jobs) == JOB_NAMES
    return {job.name: job for job in jobs}


def enabled_jobs(settings: Settings) -> dict[str, Job]:
    """The jobs ``[schedule] jobs`` switches on (checked against the known names in settings)."""
    known = all_jobs(settings)
    return {name: known[name] for name in settings.schedule.jobs}
