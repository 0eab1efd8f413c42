"""Sentences of the analysis report, written from the figures (本期共受理投诉 N 件,同比增长 x% ...)."""
from __future__ import annotations

from kefu.rules.analysis import BLANK, Figures, change


def pct(rate: float | None, digits: int = 1) -> str:
    return "—" if rate is None else f"{rate * 100:.{digits}f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


INCOMPLETE = "数据不完整"


def until_text(cur: Figures) -> str:
    """截至期末, or 截至 2026-12-03(期间未结束) for a period not over yet."""
    return f"截至 {cur.through.isoformat()}(期间未结束)" if cur.ongoing and cur.through else "截至期末"


def coverage_text(before: Figures) -> str:
    """2025年上半年数据不完整,登记表自 2025年6月起: a period the register does not fully cover."""
    start = before.data_from
    since = f",登记表自 {start.year}年{start.month}月起" if start else ""
    return f"{before.period.label}{INCOMPLETE}{since}"


def trend(current: int, before: Figures | None, word: str) -> str:
    """同比增长 25.0% / 环比下降 10.0% / 同比持平 / 上年同期无投诉记录 / 数据不完整, 不计算增减."""
    if before is None:
        return ""
    if not before.complete:
        return f"{word}不计算({coverage_text(before)})"
    if before.total == 0:
        return f"{word}无法计算({before.period.label}无投诉记录)" if current else f"{word}持平(均为 0 件)"
    rate = change(current, before.total)
    if not rate:                     # 0 (None only for a total of 0, said above)
        return f"{word}持平({before.period.label} {before.total} 件)"
    direction = "增长" if rate > 0 else "下降"
    return f"{word}{direction} {abs(rate) * 100:.1f}%({before.period.label} {before.total} 件)"


def _top(breakdown: dict[str, int], total: int, n: int = 3) -> str:
    items = [(k, v) for k, v in breakdown.items() if k != BLANK][:n]
    return "、".join(f"{k} {v} 件(占 {v / total * 100:.1f}%)" for k, v in items)


def overview(cur: Figures, prev: Figures | None, yoy: Figures | None) -> list[str]:
    """Opening sentences: totals with 同比/环比, what complaints were about, how they were handled."""
    comparisons = [t for t in (trend(cur.total, yoy, "同比"), trend(cur.total, prev, "环比")) if t]
    until = until_text(cur) if cur.ongoing else ""
    out = [f"本期({cur.period.label}){until}共受理投诉 {cur.total} 件"
           + ("," + ",".join(comparisons) if comparisons else "") + "。"]
    top = _top(cur.by_category, cur.total)
    if top:
        out.append(f"按类别看,投诉主要集中在{top}。")
    busiest = max(cur.by_month.items(), key=lambda kv: kv[1]) if cur.by_month else None
    if busiest and busiest[1] and len(cur.by_month) > 1:
        y, m = busiest[0].split("-")
        out.append(f"受理最多的月份是 {y} 年 {int(m)} 月({busiest[1]} 件)。")
    out.append(handling(cur))
    if cur.callback_expected:
        out.append(callback(cur))
    return out


def handling(cur: Figures) -> str:
    parts = []
    if cur.reply_due:
        parts.append(f"应答复的 {cur.reply_due} 件中,按期答复 {cur.replied_on_time} 件,按时答复率 "
                     f"{pct(cur.replied_on_time_rate)}")
    if cur.avg_days_to_reply is not None:
        parts.append(f"平均 {days(cur.avg_days_to_reply)} 天答复")
    if cur.avg_days_to_complete is not None:
        parts.append(f"平均 {days(cur.avg_days_to_complete)} 天处理完成")
    text = ",".join(parts) + "。" if parts else ""
    if cur.open_at_end:
        text += f"{until_text(cur)}仍有 {len(cur.open_at_end)} 件未办结,其中 {len(cur.overdue_at_end)} 件已超期。"
    else:
        text += f"{until_text(cur)},本期投诉均已办结。"
    return text


def callback(cur: Figures) -> str:
    text = f"已办结的 {cur.callback_expected} 件中回访 {cur.called_back} 件,回访率 {pct(cur.callback_rate)}"
    if cur.callback_answered:
        text += f";回访中表示满意 {cur.callback_satisfied} 件,满意率 {pct(cur.callback_satisfied_rate)}"
    return text + "。"


def recurring_intro(groups: list, threshold_unit: int, threshold_building: int) -> str:
    if not groups:
        return (f"本期未发现反复出现的问题(同一房号同类投诉未达 {threshold_unit} 次,"
                f"同一楼栋同类投诉未达 {threshold_building} 次,也没有内容相似的多件投诉)。")
    kinds: dict[str, int] = {}
    for g in groups:
        kinds[g.kind] = kinds.get(g.kind, 0) + 1
    parts = []
    if kinds.get("unit"):
        parts.append(f"同一房号反复投诉同类问题 {kinds['unit']} 处")
    if kinds.get("building"):
        parts.append(f"同一楼栋同类问题集中 {kinds['building']} 处")
    if kinds.get("similar"):
        parts.append(f"内容相似的投诉 {kinds['similar']} 组")
    return ("本期发现" + "、".join(parts) + "。按制度要求,建议组织有关部门深入探讨、找出解决办法,防止重复发生。"
            "各项的跟进建议如下表。")


def empty_text(label: str) -> str:
    return (f"本期({label})没有受理投诉(登记表中没有登记日期在本期内、且未作废的投诉),"
            f"因此本报告不含统计表和图表。")


def signed(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{'+' if rate > 0 else ''}{rate * 100:.1f}%"


def points(cur: float | None, before: float | None) -> str:
    """Change of a rate in percentage points."""
    if cur is None or before is None:
        return "—"
    diff = (cur - before) * 100
    return f"{'+' if diff > 0 else ''}{diff:.1f} 个百分点"


def compared_label(before: Figures) -> str:
    """The heading of a comparison column: 2025年上半年, or 2025年上半年(数据不完整)."""
    return before.period.label + ("" if before.complete else f"({INCOMPLETE})")


def key_rows(cur: Figures, prev: Figures, yoy: Figures) -> list[dict]:
    def row(name, get, show, compare):
        return {"name": name, "cur": show(get(cur)), "prev": show(get(prev)), "yoy": show(get(yoy)),
                "prev_change": compare(get(cur), get(prev)) if prev.complete else INCOMPLETE,
                "yoy_change": compare(get(cur), get(yoy)) if yoy.complete else INCOMPLETE,
                "raw": (get(cur), get(prev), get(yoy))}

    count = lambda v: str(v)  # noqa: E731
    rel = lambda a, b: signed(change(a, b))  # noqa: E731
    return [
        row("受理投诉(件)", lambda f: f.total, count, rel),
        row("按时答复率", lambda f: f.replied_on_time_rate, pct, points),
        row("平均答复用时(天)", lambda f: f.avg_days_to_reply, days, rel),
        row("平均完成用时(天)", lambda f: f.avg_days_to_complete, days, rel),
        row("目前未办结(件)" if cur.ongoing else "期末未办结(件)", lambda f: len(f.open_at_end), count, rel),
        row("其中超期(件)", lambda f: len(f.overdue_at_end), count, rel),
        row("重大投诉(件)", lambda f: len(f.major), count, rel),
        row("回访率", lambda f: f.callback_rate, pct, points),
        row("回访满意率", lambda f: f.callback_satisfied_rate, pct, points),
    ]
