"""The analysis as JSON (``compile_summary --json``): the figures of each office and the comparisons."""
from __future__ import annotations

from kefu.rules.analysis import Figures, change
from kefu.rules.office_analysis import OfficeAnalysis, SummaryRun


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def figures_json(f: Figures) -> dict:
    return {
        "period": {"from": f.period.start.isoformat(), "to": f.period.end.isoformat(), "label": f.period.label},
        "through": f.through.isoformat() if f.through else None, "ongoing": f.ongoing,
        "complete": f.complete, "data_from": f.data_from.isoformat() if f.data_from else None,
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
    return {"period": {"from": before.period.start.isoformat(), "to": before.period.end.isoformat(),
                       "label": before.period.label},
            "complete": before.complete, "total": before.total,
            "change": _r(change(current.total, before.total)) if before.complete else None}


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
