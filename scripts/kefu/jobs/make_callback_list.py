"""The job behind make_callback_list.py: the day's callback list in Word, and its rows in 回访记录.xlsx.

Who is on the list (see ``kefu.rules.followup`` for the definitions):
1. unsatisfied owners nobody sent back for handling — at the top, flagged 不满意;
2. owners owed a callback (completed, not called back since), most overdue first;
3. 定期回访: owners who complained in the previous period (``[callbacks] regular_every``) and were not
   called back in the current one.
An owner already in 回访记录.xlsx with a row still empty (no 回访日期, 回访结果 or 是否满意) is not appended
again: the list shows them as still owed, with the days since that row was listed (已列出N天仍未回访).
The list is staff-facing and carries phones; it is grouped by ``[callbacks] group_by``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kefu.core.atomic import atomic_path, check_writable, removed_on_failure
from kefu.core.errors import InputError, where
from kefu.core.number_pattern import canonical_number
from kefu.core.safe_text import jinja_env
from kefu.core.settings import Settings
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.outputs.callbacks.sheet import append_rows, listed_pairs
from kefu.outputs.docx_tokens import docx_bytes
from kefu.read.callback_records import CallbackRecord, read_callback_records
from kefu.read.register import read_register
from kefu.rules.context import RuleContext
from kefu.rules.followup import NO_BUILDING, NO_STAFF, FollowUp, follow_ups, group_name, owner_key, regular_visits

TEMPLATE_NAME = "回访清单.docx"
FOLDER = "回访清单"
KIND_ZH = {"unsatisfied": "不满意", "overdue": "超期回访", "due": "待回访", "regular": "定期回访"}
_ORDER = {"unsatisfied": 0, "overdue": 1, "due": 2, "regular": 3}


@dataclass(frozen=True)
class ListRow:
    kind: str                  # unsatisfied | overdue | due | regular
    follow: FollowUp
    late_days: int = 0         # days past the callback due date (kind overdue)
    group: str = ""
    first_listed: dt.date | None = None   # listed before in 回访记录.xlsx, that row still empty
    listed_days: int = 0       # days since first_listed

    @property
    def complaint(self):
        return self.follow.complaint

    def flag(self) -> str:
        still = f",已列出{self.listed_days}天仍未回访" if self.listed_days else ""
        if self.kind == "overdue":
            return f"超期{self.late_days}天{still}"
        if self.kind == "due":
            return f"{self.follow.due_on:%m-%d}前回访{still}"
        return KIND_ZH[self.kind] + still

    def done(self) -> str:
        """What was done, and for an unsatisfied owner what they said last time."""
        c = self.complaint
        text = c.result or c.remedy or c.corrective_action
        cb = self.follow.unsatisfied
        if cb is not None:
            said = ",".join(t for t in (cb.result, cb.satisfied) if t)
            text = (text + "\n" if text else "") + f"上次回访({cb.on:%m-%d}):{said}"
        return text


@dataclass
class CallbackListRun:
    as_of: dt.date
    docx: Path
    records: Path
    rows: list[ListRow]
    added: int                               # rows added to the callback-records workbook
    still_listed: int = 0                    # owners whose earlier row is still empty (not added again)
    warnings: list[str] = field(default_factory=list)
    settled: int = 0                         # empty rows marked: the register records their callback

    def count(self, *kinds: str) -> int:
        return sum(1 for r in self.rows if r.kind in kinds)

    def summary(self) -> str:
        lines = [f"回访清单({self.as_of}):共 {len(self.rows)} 户。不满意 {self.count('unsatisfied')} 户,"
                 f"待回访 {self.count('due', 'overdue')} 户(其中已超期 {self.count('overdue')} 户),"
                 f"定期回访 {self.count('regular')} 户。",
                 f"Word 清单:{self.docx}",
                 f"回访记录表:{self.records}(新增 {self.added} 行"
                 + (f";{self.still_listed} 户以前已列入、仍未填回访结果,未重复添加" if self.still_listed else "")
                 + (f";{self.settled} 行已在登记表中记了回访,已在“登记表回访”列注明(行保留)" if self.settled else "")
                 + ",请在其中填写回访结果)"]
        return "\n".join(lines + self.warnings)


def select_rows(register, ctx) -> list[ListRow]:
    """The rows of the day's list, in print order (grouped, unsatisfied first in each group)."""
    cfg = ctx.settings.callbacks
    items = follow_ups(register, ctx)
    rows = []
    for f in items:
        if f.unsatisfied is not None:
            rows.append(ListRow("unsatisfied", f))
        elif f.owed:
            late = ctx.calendar.days_between(f.due_on, ctx.as_of) if ctx.as_of > f.due_on else 0
            rows.append(ListRow("overdue" if late else "due", f, late))
    listed = {owner_key(r.complaint) for r in rows}
    rows += [ListRow("regular", f) for f in regular_visits(items, ctx.as_of, cfg.regular_every, listed)]
    records = ctx.callback_records or {}
    rows = [_placed(r, group_name(r.follow, cfg.group_by), records, ctx.as_of) for r in rows]
    rows.sort(key=_sort_key)
    return rows


def _placed(r: ListRow, group: str, records, as_of: dt.date) -> ListRow:
    """The row in its group, with the day it was first listed when its row in the sheet is still empty."""
    open_rows = [rec.listed_on for rec in records.get(r.complaint.number, ())
                 if rec.listed_on and not rec.typed and rec.listed_on <= as_of]
    first = min(open_rows) if open_rows else None
    return ListRow(r.kind, r.follow, r.late_days, group, first, (as_of - first).days if first else 0)


def _sort_key(r: ListRow):
    c = r.complaint
    when = c.completed_on or c.received_on or dt.date.min
    return (r.group in (NO_BUILDING, NO_STAFF), r.group, _ORDER[r.kind], -r.late_days, when, c.number)


def make_callback_list(settings: Settings, as_of: dt.date, *, progress: Callable[[str], None] | None = None) -> CallbackListRun:
    """Write output/回访清单/回访清单_<as_of>.docx and append its rows to the callback-records workbook."""
    say = progress or (lambda _msg: None)
    template = Path(settings.paths.templates) / TEMPLATE_NAME
    if not template.is_file():
        raise InputError(f"找不到 Word 模板{where(template)}。请运行 python templates/build_callback_template.py "
                         f"重新生成,或检查 config.ini 中 [paths] templates。")
    target = Path(settings.paths.output) / FOLDER / f"回访清单_{as_of.isoformat()}.docx"
    check_writable(Path(settings.paths.output))   # before anything is added to the callback-records workbook
    ledger.require_writable(settings)   # a locked or full ledger: said before any output is written
    say("读取登记表和回访记录")
    register = read_register(settings)
    records_path = Path(settings.paths.callback_records)
    ctx = RuleContext.create(settings, as_of, callback_records=read_callback_records(settings, records_path))
    rows = select_rows(register, ctx)
    say(f"写入回访记录表({len(rows)} 行)")
    settled = settled_rows(register, ctx.callback_records)
    added = append_rows(records_path, [sheet_row(r) for r in rows if r.first_listed is None], as_of, settled,
                        listed_pairs(ctx.callback_records or {}))
    say("生成 Word 回访清单")
    warnings = [w for w in (ctx.calendar.fallback_warning(), _no_completion(register)) if w]
    with removed_on_failure() as written:
        written.add(render_list(template, target, list_context(settings, as_of, rows)))
        audit.record_run(settings, "callback_list", [register.path], [target, records_path],
                         {"rows": len(rows), "added": added},
                         {canonical_number(settings, r.complaint.number): [] for r in rows
                          if r.first_listed is None}, as_of=as_of)    # listed again while owed: once in the history
    still = sum(1 for r in rows if r.first_listed is not None and r.first_listed < as_of)
    return CallbackListRun(as_of, target, records_path, rows, added, still, warnings, len(settled))


def settled_rows(register, records: Mapping[str, list[CallbackRecord]]) -> dict[tuple[str, int], str]:
    """(sheet, row) -> note, for rows of 回访记录.xlsx still empty and unmarked whose callback the register
    records (回访日期, 回访结果 or 是否满意 typed there): no longer owed."""
    open_numbers = {n for n, recs in records.items() if any(not r.typed and not r.settled for r in recs)}
    if not open_numbers:
        return {}
    out = {}
    for c in register.active:
        if c.number in open_numbers and (c.callback_on or c.callback_result or c.satisfied):
            when = f"({c.callback_on})" if c.callback_on else ""
            for r in records[c.number]:
                if not r.typed and not r.settled:
                    out[(r.sheet, r.row)] = f"登记表已记回访{when},不用再回访"
    return out


def _no_completion(register) -> str:
    """A register without a 完成日期 column cannot say who is owed a callback: said, never "0 户"."""
    if any("completed_on" in info.columns for info in register.sheets):
        return ""
    return ("登记表中没有找到“完成日期”列,无法判断哪些投诉已处理完成、应当回访:待回访未检查(清单中只有不满意和定期回访)。"
            "请在 config.ini 的 [columns] 中写明,例如:completed_on = 贵处的列名。")


def sheet_row(r: ListRow) -> dict:
    c = r.complaint
    return {"类型": KIND_ZH[r.kind], "编号": c.number_text or c.number, "业主姓名": c.customer, "房号": c.unit,
            "联系电话": c.phone, "投诉内容": c.summary, "处理情况": r.done(), "完成日期": c.completed_on}


def list_context(settings: Settings, as_of: dt.date, rows: list[ListRow]) -> dict:
    from docxtpl import RichText

    groups: dict[str, list[dict]] = {}
    for i, r in enumerate(rows, start=1):
        c = r.complaint
        urgent = r.kind in ("unsatisfied", "overdue")
        flag = RichText()
        flag.add(f"【{r.flag()}】", bold=urgent, color="C00000" if urgent else "595959", size=17)
        groups.setdefault(r.group, []).append({
            "index": i, "number": c.number_text or c.number, "flag": flag, "customer": c.customer,
            "unit": c.unit, "phone": c.phone, "summary": c.summary, "done": r.done(),
            "completed": f"{c.completed_on:%Y-%m-%d}" if c.completed_on else ""})
    count = lambda *kinds: sum(1 for r in rows if r.kind in kinds)  # noqa: E731
    return {"office": settings.office.name, "date": f"{as_of:%Y年%m月%d日}", "total": len(rows),
            "n_unsatisfied": count("unsatisfied"), "n_due": count("due", "overdue"),
            "n_overdue": count("overdue"), "n_regular": count("regular"),
            "groups": [{"name": name, "count": len(items), "rows": items} for name, items in groups.items()]}


def render_list(template: Path, target: Path, context: dict) -> Path:
    from docxtpl import DocxTemplate

    with atomic_path(target) as tmp:
        doc = DocxTemplate(str(template))
        doc.render(context, jinja_env(), autoescape=True)
        tmp.write_bytes(docx_bytes(doc))   # numbers and dates never break across lines
    return target
