"""The survey's Word documents: the report to the director and the owners' committee bulletin.

Both are docxtpl templates in ``templates/`` (built by templates/build_survey_templates.py), rendered
with autoescape on. The bulletin leaves the office: it carries no name, phone number or room number —
every text taken from the workbook goes through ``opinions.scrub`` first, and it lists no cells.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kefu.core.atomic import atomic_path
from kefu.core.errors import OutputError
from kefu.core.privacy import NameSet
from kefu.core.safe_text import jinja_env
from kefu.outputs.docx_tokens import docx_bytes
from kefu.read.rectify_sheet import STATE_DONE, RectifySheet
from kefu.rules.opinions import Opinions, scrub
from kefu.rules.survey_stats import SurveyStats, percent

REPORT_TEMPLATE = "满意度调查报告.docx"
BULLETIN_TEMPLATE = "业委会通报.docx"
PROPOSED = "待落实"
TO_DECIDE = "待定"


@dataclass
class RectifyRow:
    item: str
    problem: str
    department: str
    deadline: str
    state: str


def rectify_rows(stats: SurveyStats, opinions: Opinions, sheet: RectifySheet | None, as_of: dt.date,
                 names=()) -> list[RectifyRow]:
    """The rectification plan: the sheet's rows with their state, then each weak item not yet in it."""
    rows = []
    tracked = set()
    names = NameSet.of(names)
    for rec in sheet.items if sheet else []:
        state = rec.state(as_of)
        if state == STATE_DONE and rec.completed_on:
            state = f"{STATE_DONE}({rec.completed_on:%m-%d})"
        rows.append(RectifyRow(rec.item, scrub(rec.problem, names), rec.department or TO_DECIDE,
                               f"{rec.deadline:%Y-%m-%d}" if rec.deadline else TO_DECIDE, state))
        tracked.add(rec.item)
    themes = {t.name: t for t in opinions.themes}
    for s in stats.below_target:
        if s.item in tracked:
            continue
        problem = f"满意率 {percent(s.rate)},低于目标 {percent(stats.target_rate, 0)}"
        theme = themes.get(s.item)
        if theme and theme.examples:
            problem += f";业主反映:{theme.examples[0]}"
        rows.append(RectifyRow(s.item, problem, TO_DECIDE, TO_DECIDE, PROPOSED))
    return rows


def _year_text(stats: SurveyStats) -> str:
    return f"{stats.year}年度" if stats.year else "本次"


def overview(stats: SurveyStats) -> str:
    if stats.empty:
        return (f"{_year_text(stats)}调查表中还没有收回的有效调查表(没有填写任何评价等级的记录),"
                f"暂无法统计满意率。请在调查表中录入回收的调查表后重新生成本报告。")
    sent = (f"共发出调查表 {stats.distributed} 份,收回有效调查表 {stats.returned} 份,"
            f"回收率 {percent(stats.return_rate)}。" if stats.distributed else
            f"收回有效调查表 {stats.returned} 份(config.ini 未填写发出份数,不计算回收率)。")
    answers = stats.valid + stats.blank + len(stats.invalid)
    text = (f"{_year_text(stats)}业主意见调查按管理处制度对供电、供水、消防治安、卫生、绿化、公共设施、"
            f"维修服务和服务态度八个方面进行。{sent}")
    return text + (f"全部调查表共 {answers} 个答案,其中有效答案 {stats.valid} 个,"
                   f"空白 {stats.blank} 个,无法识别 {len(stats.invalid)} 个;空白和无法识别的答案不计入满意率。")


def rates_text(stats: SurveyStats) -> str:
    grades = "、".join(sorted(stats.scale.satisfied, key=stats.scale.grades.index))
    return (f"总满意率为 {percent(stats.overall_rate)}(满意答案 {stats.satisfied} 个 / 有效答案 {stats.valid} 个),"
            f"满意率目标为 {percent(stats.target_rate, 0)}。评价为“{grades}”的计为满意。")


def weak_text(stats: SurveyStats) -> str:
    weak = stats.below_target
    if not weak:
        return f"各项目满意率均达到目标 {percent(stats.target_rate, 0)}。"
    names = "、".join(f"{s.item}({percent(s.rate)})" for s in weak)
    return f"以下 {len(weak)} 个项目的满意率低于目标 {percent(stats.target_rate, 0)},建议列为整改重点:{names}。"


def item_rows(stats: SurveyStats) -> list[dict]:
    out = []
    for s in stats.items:
        mark = "—" if s.rate is None else ("低于目标" if s.rate < stats.target_rate else "达标")
        out.append({"item": s.item, "valid": s.valid, "satisfied": s.satisfied, "rate": percent(s.rate),
                    "mark": mark})
    return out


def theme_rows(opinions: Opinions, per_theme: int, listing, *, public: bool = False) -> list[dict]:
    """Rows of the opinions table; ``public`` keeps to examples that needed no masking when possible."""
    rows = []
    for t in opinions.themes:
        examples = t.public_examples(per_theme) if public else t.examples[:per_theme]
        rows.append({"name": t.name, "count": t.count,
                     "examples": listing("\n".join(f"“{e}”" for e in examples))})
    return rows


def opinions_text(opinions: Opinions, *, phrases: bool) -> str:
    if not opinions.comments:
        return "本次调查表中没有业主填写意见或建议。"
    text = f"共有 {opinions.comments} 份调查表填写了意见或建议,按内容归纳如下(一条意见可能涉及多个类别)。"
    if phrases and opinions.phrases:
        text += "意见中出现较多的词语:" + "、".join(f"{w}({n})" for w, n in opinions.phrases[:10]) + "。"
    return text


def rectify_text(rows: list[RectifyRow]) -> str:
    if not rows:
        return "目前没有需要整改的项目。"
    proposed = sum(1 for r in rows if r.state == PROPOSED)
    done = sum(1 for r in rows if r.state.startswith(STATE_DONE))
    overdue = sum(1 for r in rows if r.state == "已逾期")
    return (f"整改项目共 {len(rows)} 项:已完成 {done} 项,逾期未完成 {overdue} 项,"
            f"待落实(尚未确定责任部门和期限)的建议项目 {proposed} 项。")


def render(template: Path, context: dict, images: Mapping[str, Path | None], out: Path) -> None:
    """Render a docxtpl template (autoescape) with images, saved atomically to ``out``."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    if not template.is_file():
        raise OutputError(f"找不到 Word 模板《{template.name}》(在 {template.parent})。"
                          f"请运行 python templates/build_survey_templates.py 重新生成模板。")
    tpl = DocxTemplate(str(template))
    full = dict(context)
    for key, path in images.items():
        full[key] = InlineImage(tpl, str(path), width=Mm(145)) if path else ""
    tpl.render(full, jinja_env(), autoescape=True)
    with atomic_path(out) as tmp:
        tmp.write_bytes(docx_bytes(tpl))   # numbers and dates never break across lines
