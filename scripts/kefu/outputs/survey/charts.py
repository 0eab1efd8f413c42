"""The survey report's charts (PNG, Chinese labels): rate per item against the target, grade shares."""
from __future__ import annotations

from pathlib import Path

from kefu.outputs.charts import pyplot
from kefu.rules.survey_stats import SurveyStats

_BLUE, _RED, _GREY = "#4472C4", "#C0504D", "#7F7F7F"
_GRADE_COLOURS = ["#2E75B6", "#9DC3E6", "#FFD966", "#F4B183", "#C00000"]


def rate_chart(stats: SurveyStats, path: Path) -> Path:
    """Horizontal bars: satisfaction rate of each item, the target as a dashed line."""
    plt = pyplot()
    items = [s for s in stats.items if s.rate is not None][::-1]
    fig, ax = plt.subplots(figsize=(7.2, 0.36 * max(len(items), 3) + 1.0), dpi=150)
    rates = [(s.rate or 0.0) * 100 for s in items]   # items have a rate
    colours = [_RED if (s.rate or 0.0) < stats.target_rate else _BLUE for s in items]
    bars = ax.barh([s.item for s in items], rates, color=colours, height=0.6)
    for bar, rate in zip(bars, rates):
        ax.text(bar.get_width() + 0.8, bar.get_y() + bar.get_height() / 2, f"{rate:.1f}%",
                va="center", fontsize=9)
    target = stats.target_rate * 100
    ax.axvline(target, color=_GREY, linestyle="--", linewidth=1)
    ax.text(target, len(items) - 0.35, f"目标 {target:g}%", color=_GREY, fontsize=8, ha="right")
    ax.set_xlim(0, 108)
    ax.set_xlabel("满意率(%)")
    ax.set_title("各项目满意率(红色为低于目标的项目)", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, plt, path)


def grade_chart(stats: SurveyStats, path: Path) -> Path:
    """Stacked horizontal bars: share of each grade among an item's valid answers."""
    plt = pyplot()
    items = [s for s in stats.items if s.valid][::-1]
    fig, ax = plt.subplots(figsize=(7.2, 0.36 * max(len(items), 3) + 1.4), dpi=150)
    left = [0.0] * len(items)
    grades = stats.scale.grades
    colours = _colours(len(grades))
    for grade, colour in zip(grades, colours):
        shares = [s.distribution[grade] / s.valid * 100 for s in items]
        label = f"{grade}分" if stats.scale.numeric else grade
        ax.barh([s.item for s in items], shares, left=left, color=colour, height=0.6, label=label)
        for i, share in enumerate(shares):
            if share >= 7:
                ax.text(left[i] + share / 2, i, f"{share:.0f}%", va="center", ha="center", fontsize=7.5)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("占有效答案的比例(%)")
    ax.set_title("各项目评价等级分布", fontsize=11)
    ax.legend(ncol=len(grades), loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False, fontsize=8.5)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, plt, path)


def _colours(n: int) -> list[str]:
    if n <= 1:
        return _GRADE_COLOURS[:1]
    return [_GRADE_COLOURS[round(i * (len(_GRADE_COLOURS) - 1) / (n - 1))] for i in range(n)]


def _save(fig, plt, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
