"""The register and the notice archive agree: ``MISSING`` (a notice never issued) and ``ORPHAN`` (a filed
notice with no register row), declared at the end.

Reads ``ctx.issued_notices`` (ledger rows: number, version, path, ...) and ``ctx.filed_notices`` (files in
output/通知单: path relative to output, key) as given by ``kefu.ledger.notices.notice_context``. Does nothing
when neither is there (the job did not load them). ``MISSING`` only concerns complaints received since kefu
issued its first notice: older ones were handled on paper before kefu was installed. A paper notice in
the ledger (纸质通知单, recorded by make_notices: no file) satisfies its complaint and is never an orphan
(only files are), and recording it does not make kefu's first notice (it was written by hand).
"""
from __future__ import annotations

import datetime as dt

from kefu.core.findings import Finding
from kefu.core.identity import is_paper
from kefu.core.rule import Rule
from kefu.read.notice_files import ARCHIVE_DIR, safe_name


def check(register, ctx) -> list[Finding]:
    issued, filed = ctx.issued_notices, ctx.filed_notices
    if issued is None and filed is None:
        return []
    issued, filed = issued or [], filed or []
    return _missing(register, issued, filed) + _orphans(register, filed)


def _filed_keys(filed) -> set[str]:
    keys = set()
    for f in filed:
        keys.add(f["key"])
        keys.add(f["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0])   # the stem itself
    return keys


def managed_since(issued) -> dt.date | None:
    """The day kefu issued its first notice (paper ones recorded are not kefu's): notices before it were made
    by hand and are not checked."""
    days = [dt.datetime.fromisoformat(row["issued_at"]).date() for row in issued
            if row.get("issued_at") and not is_paper(row)]
    return min(days) if days else None


def _missing(register, issued, filed) -> list[Finding]:
    since = managed_since(issued)
    if since is None:
        return []
    issued_numbers = {row["number"] for row in issued}
    filed_keys = _filed_keys(filed)
    out = []
    for c in register.active:
        wanted = c.notice_number
        if c.received_on is None or c.received_on < since:
            continue
        if not wanted or wanted in issued_numbers or safe_name(wanted) in filed_keys:
            continue
        out.append(MISSING.finding(
            c.number or None, c.sheet, c.row,
            f"登记表写了通知单编号 {wanted},但 kefu 没有出过这份通知单,{ARCHIVE_DIR} 文件夹中也没有。"
            f"请用 make_notices.py --number {wanted} 生成,或把手写通知单扫描存档。",
            column=_column(c, "notice_number")))
    return out


def _orphans(register, filed) -> list[Finding]:
    if not filed:
        return []   # nothing filed: no need to know every number of the register
    known = set()
    for c in register.complaints:          # a voided row still owns its number
        for number in (c.number, c.notice_number):
            if number:
                known.add(safe_name(number))
    out = []
    for f in filed:
        stem = f["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if f["key"] in known or stem in known:
            continue
        out.append(ORPHAN.finding(
            f["key"], None, None,
            f"通知单文件《{f['path']}》在登记表中找不到对应的编号 {f['key']}。"
            f"请核对登记表是否漏登或编号写错;如是误存的文件,请移出 {ARCHIVE_DIR} 文件夹。"))
    return out


def _column(c, field_name: str) -> str | None:
    return c.columns.get(field_name) if c.columns else None


MISSING = Rule("notice.missing", "通知单未出具", "warning", check=check)
ORPHAN = Rule("notice.orphan", "通知单无登记", "warning", check=check)
RULES = (MISSING, ORPHAN)
