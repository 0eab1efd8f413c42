"""The Word report for the director, filled from templates/投诉分析报告.docx (docxtpl, autoescape=True)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from kefu.core.atomic import write_bytes_atomic
from kefu.core.errors import InputError
from kefu.core.safe_text import jinja_env
from kefu.core.settings import Settings
from kefu.outputs.docx_tokens import docx_bytes
from kefu.outputs.summary.charts import make_charts
from kefu.outputs.summary.text import (
    INCOMPLETE,
    callback,
    compared_label,
    days,
    empty_text,
    handling,
    key_rows,
    overview,
    pct,
    recurring_intro,
    signed,
    until_text,
)
from kefu.rules.analysis import change
from kefu.rules.office_analysis import SummaryRun

TEMPLATE = "投诉分析报告.docx"
RECURRING_SHOWN = 15
BREAKDOWNS = (("by_category", "按投诉类别", "类别", "category"),
              ("by_department", "按责任部门", "责任部门", "department"),
              ("by_channel", "按投诉方式", "投诉方式", "channel"),
              ("by_month", "按月份", "月份", None))


def breakdown_rows(counts: dict[str, int], total: int, month: bool = False) -> list[dict]:
    rows = []
    for name, n in counts.items():
        if month:
            y, m = name.split("-")
            name = f"{y}年{int(m)}月"
        rows.append({"name": name, "count": n, "share": pct(n / total if total else None)})
    rows.append({"name": "合计", "count": sum(counts.values()), "share": "100.0%" if total else "—"})
    return rows


def _numbers(numbers: list[str], limit: int = 12) -> str:
    shown = "、".join(numbers[:limit])
    return shown + (f" 等 {len(numbers)} 件" if len(numbers) > limit else "")


def context(run: SummaryRun, settings: Settings, images: dict) -> dict:
    o = run.overall
    cur, prev, yoy = o.current, o.previous, o.year_earlier
    period = run.period
    ctx = {
        "office": run.office, "period_label": period.label,
        "period_range": f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}"
                        + (f",{until_text(run.overall.current)}" if run.overall.current.ongoing else ""),
        "compiled_on": f"{run.as_of.year}年{run.as_of.month}月{run.as_of.day}日",
        "empty": cur.total == 0, "empty_text": empty_text(period.label), "notes": list(run.warnings),
    }
    if cur.total == 0:
        return ctx
    s = settings.summary
    ctx.update({
        "overview": overview(cur, None if period.kind == "year" else prev, yoy),
        "key_rows": key_rows(cur, prev, yoy),
        "prev_label": f"上期({compared_label(prev)})", "yoy_label": f"去年同期({compared_label(yoy)})",
        "chart_month": images.get("month"),
        "offices": [office_row(x) for x in run.offices] if run.compares_offices else [],
        "open_label": "目前未办结" if cur.ongoing else "期末未办结",
        "chart_offices": images.get("offices"),
        "breakdowns": [{"title": title, "column": column,
                        "rows": breakdown_rows(getattr(cur, attr), cur.total, month=attr == "by_month"),
                        "chart": images.get(chart) if chart else None}
                       for attr, title, column, chart in BREAKDOWNS],
        "handling": handling(cur),
        "callback_text": callback(cur) if cur.callback_expected else "本期尚无已办结、应回访的投诉。",
        "overdue_numbers": _numbers(cur.overdue_at_end),
        "recurring_intro": recurring_intro(o.recurring, s.recurring_unit_min, s.recurring_building_min),
        "recurring": [{"no": i, "title": f"{g.place} · {g.category}({_kind(g.kind)})", "count": g.count,
                       "numbers": _numbers(g.numbers, 6), "summary": g.summary, "suggestion": g.suggestion}
                      for i, g in enumerate(o.recurring[:RECURRING_SHOWN], start=1)],
        "recurring_more": (f"共 {len(o.recurring)} 项,上表列出次数最多的 {RECURRING_SHOWN} 项;完整清单见同名 Excel "
                           f"统计表的「反复出现的问题」工作表。" if len(o.recurring) > RECURRING_SHOWN else ""),
        "major_text": (f"本期重大投诉 {len(cur.major)} 件,按制度报办公室主任决定处理办法,处理结果如下。"
                       if cur.major else "本期没有重大投诉。"),
        "major": cur.major,
    })
    return ctx


def _kind(kind: str) -> str:
    return {"unit": "同一房号", "building": "同一楼栋", "similar": "内容相似"}[kind]


def office_row(o) -> dict:
    cur = o.current
    yoy = signed(change(cur.total, o.year_earlier.total)) if o.year_earlier.complete else INCOMPLETE
    return {"name": o.name, "total": cur.total, "yoy_change": yoy,
            "on_time": pct(cur.replied_on_time_rate), "avg_reply": days(cur.avg_days_to_reply),
            "open": len(cur.open_at_end), "overdue": len(cur.overdue_at_end),
            "callback": pct(cur.callback_rate), "satisfied": pct(cur.callback_satisfied_rate)}


def template_path(settings: Settings) -> Path:
    path = Path(settings.paths.templates) / TEMPLATE
    if not path.is_file():
        raise InputError(f"找不到报告模板《{path}》。请确认 config.ini [paths] templates 指向 kefu 的 templates "
                         f"文件夹,或运行 python templates/build_report_template.py 重新生成模板。")
    return path


def write_report(run: SummaryRun, settings: Settings, path: Path) -> Path:
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    template = template_path(settings)
    with tempfile.TemporaryDirectory(prefix="kefu-charts-") as folder:
        charts = make_charts(run, Path(folder)) if run.overall.current.total else {}
        doc = DocxTemplate(str(template))
        images = {k: InlineImage(doc, str(p), width=Cm(15.5)) for k, p in charts.items() if p}
        doc.render(context(run, settings, images), jinja_env(), autoescape=True)
        return write_bytes_atomic(path, docx_bytes(doc))
