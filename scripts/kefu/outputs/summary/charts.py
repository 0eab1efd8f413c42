"""PNG charts of the analysis report (matplotlib with a CJK font from kefu.outputs.charts)."""
from __future__ import annotations

from pathlib import Path

from kefu.core.safe_text import chart_label
from kefu.outputs.chart_style import CURRENT, DEPARTMENT, EARLIER, SERIES
from kefu.outputs.charts import pyplot
from kefu.rules.office_analysis import SummaryRun

COLOURS = list(SERIES)   # the palette of every chart, Word and Excel (outputs.chart_style)


def _save(fig, path: Path) -> Path:
    from matplotlib.ticker import MaxNLocator
    for ax in fig.axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True)) if ax.get_xlabel() == "投诉件数" else None
        ax.yaxis.set_major_locator(MaxNLocator(integer=True)) if ax.get_ylabel() == "投诉件数" else None
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return path


def month_chart(run: SummaryRun, path: Path) -> Path | None:
    """Complaints per month this period, with the same months a year earlier for comparison."""
    cur, yoy = run.overall.current, run.overall.year_earlier
    if not cur.total:
        return None
    plt = pyplot()
    labels = [f"{int(k.split('-')[1])}月" for k in cur.by_month]
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    xs = range(len(labels))
    bars = ax.bar(xs, list(cur.by_month.values()), color=CURRENT, label=f"本期({cur.period.label})")
    ax.bar_label(bars, fontsize=8)
    if yoy.total and yoy.complete and len(yoy.by_month) == len(labels):   # no line of a year not covered
        ax.plot(xs, list(yoy.by_month.values()), color=EARLIER, marker="o",
                label=f"去年同期({yoy.period.label})")
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("投诉件数")
    ax.set_title("各月受理投诉件数", fontsize=11)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def bar_chart(counts: dict[str, int], title: str, path: Path, colour: str = CURRENT) -> Path | None:
    """Horizontal bars, largest on top: every category, each on its own line (the picture grows)."""
    if not counts or not sum(counts.values()):
        return None
    plt = pyplot()
    items = list(counts.items())[::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.45 + 0.32 * len(items) + 0.6))
    bars = ax.barh(range(len(items)), [v for _, v in items], color=colour)
    ax.set_yticks(range(len(items)), [chart_label(k) for k, _ in items])
    ax.bar_label(bars, fontsize=8, padding=2)
    ax.set_xlabel("投诉件数")
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def pie_chart(counts: dict[str, int], title: str, path: Path) -> Path | None:
    if not counts or not sum(counts.values()):
        return None
    plt = pyplot()
    items = list(counts.items())
    if len(items) > 7:
        items = items[:6] + [("其他", sum(v for _, v in items[6:]))]
    fig, ax = plt.subplots(figsize=(6.4, 2.9))
    wedges, _texts, _pcts = ax.pie([v for _, v in items], autopct="%1.0f%%", startangle=90, counterclock=False,
                                   colors=COLOURS[:len(items)], pctdistance=0.75,
                                   textprops={"fontsize": 8, "color": "white"})
    ax.legend(wedges, [f"{chart_label(k)}({v} 件)" for k, v in items], loc="center left", bbox_to_anchor=(1.0, 0.5),
              fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11)
    ax.axis("equal")
    return _save(fig, path)


def offices_chart(run: SummaryRun, path: Path) -> Path | None:
    if not run.compares_offices:
        return None
    plt = pyplot()
    names = [chart_label(o.name) for o in run.offices]
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    width = 0.38
    xs = range(len(names))
    b1 = ax.bar([x - width / 2 for x in xs], [o.current.total for o in run.offices], width, color=CURRENT,
                label="本期")
    b2 = ax.bar([x + width / 2 for x in xs], [o.year_earlier.total for o in run.offices], width,
                color=EARLIER, label="去年同期")
    ax.bar_label(b1, fontsize=8)
    ax.bar_label(b2, fontsize=8)
    ax.set_xticks(list(xs), names, **_turned(names))
    ax.set_ylabel("投诉件数")
    ax.set_title("各管理处受理投诉件数", fontsize=11)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def _turned(names: list[str]) -> dict:
    """Tick labels under columns turned when they would not fit side by side: every one still shown."""
    room = 6.4 * 72 / max(len(names), 1)     # points of width per column
    widest = max((len(n) for n in names), default=0) * 9
    return {"rotation": 30, "ha": "right", "rotation_mode": "anchor"} if widest > room * 0.9 else {}


def make_charts(run: SummaryRun, folder: Path) -> dict[str, Path | None]:
    cur = run.overall.current
    return {
        "month": month_chart(run, folder / "month.png"),
        "category": bar_chart(cur.by_category, "按投诉类别", folder / "category.png"),
        "department": bar_chart(cur.by_department, "按责任部门", folder / "department.png", DEPARTMENT),
        "channel": pie_chart(cur.by_channel, "按投诉方式", folder / "channel.png"),
        "offices": offices_chart(run, folder / "offices.png"),
    }
