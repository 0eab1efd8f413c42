"""Which complaints the notice job issues for, which it prints again, and why it leaves the others.

A notice belongs to its complaint, not only to its number (``kefu.core.identity``):
- a number whose notice in force no longer matches its register row (``rules.notice_conflict``), and the
  number its complaint carries now, get nothing until the office renumbers back or voids the notice;
- a complaint holding a notice in force under another number gets no second one;
- a number without a notice in force, not of the numbering pattern (``numbering.FORMAT``), a duplicate, a row
  without a department get none until corrected;
- a complaint whose 通知单编号 is already filled (and that never had a notice in the ledger) has its paper notice:
  it is recorded in the ledger (``run.paper_new``, kind ``identity.PAPER``, no file) and from then on is a
  notice in force like a printed one; a run that names neither numbers nor received dates prints none, one
  that names it prints it as the next version (``run.paper_printed``);
- in a run that names neither numbers nor received dates, a complaint finished by then needs none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kefu.core.errors import InputError
from kefu.core.identity import fingerprint, found_again, is_paper
from kefu.core.normalize import normalize_number
from kefu.core.number_pattern import CANONICAL, number_pattern
from kefu.core.settings import Settings
from kefu.read.notice_files import archive_root, inside, notice_path
from kefu.rules import notice_conflict

CLOSED_WORDS = ("已完成", "已办结", "办结", "已处理", "已解决", "已关闭", "结案")


@dataclass
class LedgerState:
    """What the ledger says before a run plans anything."""
    latest: dict[str, tuple[int, str]]          # number -> (highest version ever, its file)
    force: dict[str, dict]                      # number -> notice in force
    conflicts: list = field(default_factory=list)
    held: dict[str, object] = field(default_factory=dict)     # number -> its Conflict
    by_print: dict[str, list[dict]] = field(default_factory=dict)   # summary fingerprint -> notices in force

    @classmethod
    def of(cls, register, issued: list[dict], latest: dict[str, tuple[int, str]]) -> "LedgerState":
        force = notice_conflict.in_force(issued)
        state = cls(latest, force, notice_conflict.conflicts(register, issued))
        for x in state.conflicts:
            for number in x.numbers:
                state.held.setdefault(number, x)
        for notice in force.values():
            if notice.get("fingerprint"):
                state.by_print.setdefault(notice["fingerprint"], []).append(notice)
        return state

    def elsewhere(self, c) -> dict | None:
        """The notice in force that ``c`` holds under another number, if any."""
        for notice in self.by_print.get(fingerprint(c.summary), ()):
            if notice["number"] != c.number and found_again(c, notice):
                return notice
        return None


def finished(c, as_of: dt.date) -> bool:
    if c.completed_on is not None:
        return c.completed_on <= as_of
    return bool(c.status) and "未" not in c.status and any(w in c.status for w in CLOSED_WORDS)


def select(register, numbers, date_from, date_to, pattern_text: str, run) -> list:
    """The complaints asked for that may have a notice (the others in ``run.skipped`` with why)."""
    active = register.active
    wanted = [normalize_number(n) for n in numbers if n and n.strip()]
    if wanted:
        known = {c.number for c in active}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise InputError(f"登记表中没有编号为 {'、'.join(unknown)} 的投诉(或已作废),本次没有生成任何通知单;"
                             f"请核对编号。")
    if wanted or date_from or date_to:
        picked = [c for c in active if c.number in wanted
                  or ((date_from or date_to) and c.received_on
                      and (date_from is None or c.received_on >= date_from)
                      and (date_to is None or c.received_on <= date_to))]
    else:
        picked = active
    rows_of: dict[str, list] = {}
    for c in active:
        if c.number:
            rows_of.setdefault(c.number, []).append(c)
    pattern = number_pattern(pattern_text)
    chosen = []
    for c in picked:
        why = _not_yet(c, rows_of, pattern)
        if why is None:
            chosen.append(c)
        elif why not in run.skipped:   # a twin number: said once, not once per row
            run.skipped.append(why)
    return chosen


def _not_yet(c, rows_of: dict[str, list], pattern) -> tuple[str, str] | None:
    if not c.number:
        return (f"「{c.sheet}」第 {c.row} 行", "没有编号,无法出通知单")
    if len(rows_of[c.number]) > 1:
        rows = "、".join(f"「{d.sheet}」第 {d.row} 行" for d in rows_of[c.number])
        return (c.number, f"编号重复({rows}),请先在登记表中改正")
    parsed = pattern.parse(c.number)
    if parsed is None or parsed[CANONICAL] != c.number:
        should = f"应写作 {parsed[CANONICAL]}" if parsed else f"应为 {pattern.example()} 这样的写法"
        return (c.number, f"编号格式不对({should}),请先在登记表中改正编号,改正后再出通知单")
    if not c.department:
        return (c.number, "未填责任部门")
    return None


def plan(settings: Settings, c, state: LedgerState, modes: tuple[bool, bool, bool], run):
    """(complaint, version, path, fresh) of a notice to write (fresh) or to print again; None to skip it.
    ``modes``: (reissue, reprint, named: complaints asked for by number or received date)."""
    reissue, reprint, named = modes
    if c.number in state.held:
        return run.skipped.append((c.number, "通知单与登记表不符(见上),改正之前不出也不重新打印这个编号的通知单"))
    issued = state.latest.get(c.number, (0, ""))[0]
    notice = state.force.get(c.number)
    if notice is not None and is_paper(notice):
        return _paper(settings, c, issued, named, run)
    if notice is not None and not reissue:
        return _filed(settings, c, notice["version"], notice["path"], run) if reprint else run.already.append(c.number)
    if notice is None:
        other = state.elsewhere(c)
        if other is not None:
            return run.skipped.append((c.number, f"这份投诉已有通知单 {other['number']},不再出第二份;如编号改过,"
                                                 f"请改回 {other['number']},或作废那份通知单后重出"))
        if not issued and c.notice_number:
            run.paper_new.append(c)          # recorded by the job before anything is written
            return _paper(settings, c, 1, named, run)
        if not issued and not named and finished(c, run.as_of):
            return run.finished.append(c.number)
    return _fresh(settings, c, issued + 1, reissue, run)


def _paper(settings: Settings, c, issued: int, named: bool, run):
    """A complaint holding a paper notice (version ``issued``): printed as the next version only when the
    run names it, else counted."""
    if not named:
        return run.paper.append(c.number)
    run.paper_printed.append((c.number, issued))
    return _fresh(settings, c, issued + 1, True, run)


def _fresh(settings: Settings, c, version: int, reissue: bool, run):
    path = notice_path(settings, c.number, c.received_on, version)
    if path.exists():
        if not reissue and version == 1:
            run.skipped.append((c.number, f"文件《{path.name}》已存在但台账中没有记录,未覆盖;"
                                          f"如需重出请加 --reissue"))
            return None
        while path.exists():
            version += 1
            path = notice_path(settings, c.number, c.received_on, version)
    return c, version, path, True


def _filed(settings: Settings, c, version: int, filed: str, run):
    """The filed document of a notice issued before, to print again; None (and why) when it is gone."""
    path = inside(archive_root(settings), Path(settings.paths.output) / filed)
    if not path.is_file():
        run.skipped.append((c.number, f"台账记录已出第 {version} 版,但存档文件《{filed}》不见了,无法重新打印;"
                                      f"如需重出请加 --reissue"))
        return None
    return c, version, path, False
