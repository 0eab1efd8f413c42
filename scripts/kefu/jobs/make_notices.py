"""The notice job: 《客户投诉处理通知单》 for complaints that have a department, numbered and filed.

``make_notices`` is the one library function of the job (scripts/make_notices.py and the scheduler call
it). ``check_template`` lists the template's placeholders against the fields kefu fills, and
``notice_context`` (defined in kefu.ledger.notices) gives the daily check what was issued and filed (for
``kefu.rules.notices``).
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kefu.core.atomic import PREFIX as TEMP_PREFIX
from kefu.core.atomic import Written, check_writable, removed_on_failure, write_bytes_atomic
from kefu.core.errors import InputError, OutputError
from kefu.core.normalize import normalize_number
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.ledger import notices as notice_ledger
from kefu.outputs import pdf as libreoffice
from kefu.outputs.notices.fields import NOTICE_FIELDS, REQUIRED_FIELDS, notice_values
from kefu.outputs.notices.render import NoticeTemplate, combine
from kefu.read.notice_files import PRINT_DIR, archive_root, inside, notice_path, relative_to_output
from kefu.read.register import read_register

Progress = Callable[[int, int], None]


@dataclass
class NoticeRun:
    as_of: dt.date
    issued: list[Path] = field(default_factory=list)
    reprinted: list[Path] = field(default_factory=list)    # filed notices printed again (--pdf/--combined)
    already: list[str] = field(default_factory=list)        # numbers issued before, neither reissued nor printed
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (number or 第N行, Chinese reason)
    pdfs: list[Path] = field(default_factory=list)
    combined: Path | None = None
    combined_pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def summary_zh(self, output: Path | None = None) -> str:
        def show(p: Path) -> str:
            try:
                return Path(p).resolve().relative_to(Path(output).resolve()).as_posix() if output else str(p)
            except ValueError:
                return str(p)
        if not (self.issued or self.reprinted or self.combined):   # nothing new: one line (the hourly job logs it)
            return "".join([f"没有新的通知单需要生成(已出过的 {len(self.already)} 份未重复生成,如需再打印加 --pdf 或 "
                            f"--combined)"] + [f";{who}:{why}" for who, why in self.skipped]
                           + [f";注意:{w}" for w in self.warnings]) + "。"
        lines = [f"生成通知单 {len(self.issued)} 份" + (f",PDF {len(self.pdfs)} 份" if self.pdfs else "") + "。"]
        lines += [f"  · {show(p)}" for p in self.issued]
        if self.reprinted:
            lines.append(f"重新打印已出过的通知单 {len(self.reprinted)} 份(存档的原件,编号不变,未出新版):")
            lines += [f"  · {show(p)}" for p in self.reprinted]
        if self.already:
            lines.append(f"已出过的 {len(self.already)} 份未重复生成(如需再打印加 --pdf 或 --combined,"
                         f"如需出新版加 --reissue)。")
        if self.combined:
            lines.append(f"合并打印文件:{show(self.combined)}"
                         + (f"(PDF:{show(self.combined_pdf)})" if self.combined_pdf else ""))
        if self.skipped:
            lines.append(f"未生成 {len(self.skipped)} 份:")
            lines += [f"  · {who}:{why}" for who, why in self.skipped]
        lines += [f"注意:{w}" for w in self.warnings]
        return "\n".join(lines)


@dataclass
class TemplateCheck:
    path: Path
    placeholders: set[str]
    unknown: dict[str, str | None]      # placeholder -> closest known field (or None)
    missing: list[str]                  # required fields the template does not show

    @property
    def ok(self) -> bool:
        return not self.unknown

    def report_zh(self) -> str:
        known = sorted(self.placeholders & set(NOTICE_FIELDS))
        lines = [f"模板《{self.path.name}》共有 {len(self.placeholders)} 个占位符,"
                 f"其中 kefu 认识的 {len(known)} 个:" + "、".join(known) + "。"]
        for name, guess in sorted(self.unknown.items()):
            hint = f",是否应为 {{{{ {guess} }}}}({NOTICE_FIELDS[guess]})?" if guess else "。"
            lines.append(f"错误:未知的占位符 {{{{ {name} }}}}(kefu 不提供这个字段,打印时会是空白){hint}")
        for name in self.missing:
            lines.append(f"警告:模板中缺少必需的占位符 {{{{ {name} }}}}({NOTICE_FIELDS[name]})。")
        if self.ok and not self.missing:
            lines.append("模板检查通过。")
        return "\n".join(lines)


def template_path(settings: Settings) -> Path:
    return Path(settings.paths.templates) / settings.notices.template


def check_template(settings: Settings, path: Path | None = None) -> TemplateCheck:
    """The template's placeholders against NOTICE_FIELDS: unknown ones (typos) and missing required ones."""
    template = NoticeTemplate(path or template_path(settings))
    return _check(template)


def _check(template: NoticeTemplate) -> TemplateCheck:
    names = set(template.placeholders)
    unknown: dict[str, str | None] = {n: (difflib.get_close_matches(n, NOTICE_FIELDS, n=1, cutoff=0.6) + [None])[0]
                                      for n in names - set(NOTICE_FIELDS)}
    missing = [n for n in REQUIRED_FIELDS if n not in template.on_page]
    return TemplateCheck(template.path, names, unknown, missing)


# ------------------------------------------------------------------------------------------ the job
def make_notices(settings: Settings, as_of: dt.date, *, numbers: Iterable[str] = (), date_from: dt.date | None = None,
                 date_to: dt.date | None = None, reissue: bool = False, pdf: bool = False,
                 combined: bool = False, progress: Progress | None = None) -> NoticeRun:
    """Issue notices. Default: every active complaint received in the last ``[notices] recent_days`` days
    that has a department and no notice issued yet (older ones were handled before kefu: pick them with
    ``numbers`` or ``date_from``).

    ``numbers`` / ``date_from``-``date_to`` (received date) pick complaints instead. An issued notice is
    never overwritten: ``reissue=True`` writes the next version (``<number>-2.docx``) and records it.
    Without it, ``pdf``/``combined`` print the chosen notices already issued again from their filed
    documents (same number, same file, no new version); the others are counted in ``run.already``.
    """
    run = NoticeRun(as_of)
    check_writable(Path(settings.paths.output))
    ledger.require_writable(settings, run.warnings)   # a locked or full ledger: said before any output is written
    if pdf and libreoffice.find_soffice() is None:   # say so before writing anything
        raise OutputError("没有找到 LibreOffice,无法转换为 PDF,本次没有生成任何通知单。请安装 LibreOffice(免费),"
                          "或去掉 --pdf 只生成 Word 文件。")
    template = NoticeTemplate(template_path(settings))
    run.warnings.extend(_template_warnings(template))
    register = read_register(settings)
    if not any("number" in info.columns for info in register.sheets):
        raise InputError(f"登记表《{register.path.name}》中没有找到“编号”列:通知单必须与登记表编号一致,本次没有生成"
                         f"任何通知单。如贵处有编号列,请在 config.ini 的 [columns] 中写明,例如:number = 贵处的列名。")
    if not numbers and date_from is None and date_to is None:
        date_from = as_of - dt.timedelta(days=settings.notices.recent_days)   # not the whole history
    chosen = _select(register, numbers, date_from, date_to, run)
    calendar = WorkCalendar.from_settings(settings)
    documents = _issue(settings, template, chosen, calendar, (reissue, pdf or combined), run, progress)
    warning = calendar.fallback_warning()
    if warning:
        run.warnings.append(warning)
    with removed_on_failure() as written:   # the notices themselves stay: the ledger recorded each one
        if combined and documents:
            run.combined = written.add(_write_combined(settings, as_of, documents))
        if pdf and (run.issued or run.reprinted):
            _convert_pdfs(settings, run, written)
        audit.record_run(settings, "notices", [register.path], run.issued + run.pdfs + [run.combined, run.combined_pdf],
                         {"issued": len(run.issued), "reprinted": len(run.reprinted), "skipped": len(run.skipped)},
                         as_of=as_of)
    return run


def _template_warnings(template: NoticeTemplate) -> list[str]:
    return [f"模板中的占位符 {{{{ {name} }}}} kefu 不认识,会打印成空白"
            + (f"(是否应为 {{{{ {guess} }}}}?)" if guess else "") + ";可用 --check-template 检查。"
            for name, guess in sorted(_check(template).unknown.items())]


def _issue(settings: Settings, template: NoticeTemplate, chosen: list, calendar: WorkCalendar, modes: tuple[bool, bool],
           run: NoticeRun, progress: Progress | None) -> list[bytes]:
    """Write and record the notices of ``chosen`` that are due (or reissued), take the filed ones to print
    again (``modes``: reissue, reprint); their documents, in order."""
    conn = notice_ledger.ensure(ledger.connect(settings, run.warnings))
    documents: list[bytes] = []
    try:
        latest = notice_ledger.latest(conn)
        plan = [p for p in (_plan(settings, c, latest, modes, run) for c in chosen) if p]
        for done, (complaint, version, path, fresh) in enumerate(plan, start=1):
            if fresh:
                data = template.render(notice_values(complaint, settings, calendar, run.as_of, version))
                write_bytes_atomic(path, data)
                notice_ledger.record(conn, complaint.number, version, relative_to_output(settings, path),
                                     hashlib.sha256(data).hexdigest())
                run.issued.append(path)
            else:
                data = path.read_bytes()
                run.reprinted.append(path)
            documents.append(data)
            if progress:
                progress(done, len(plan))
    finally:
        conn.close()
    return documents


def _select(register, numbers, date_from, date_to, run: NoticeRun) -> list:
    active = register.active
    wanted = [normalize_number(n) for n in numbers if n and n.strip()]
    if wanted or date_from or date_to:
        known = {c.number for c in active}
        for n in wanted:
            if n not in known:
                run.warnings.append(f"登记表中没有编号为 {n} 的投诉(或已作废),未生成。")
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
    chosen = []
    for c in picked:
        if not c.number:
            run.skipped.append((f"「{c.sheet}」第 {c.row} 行", "没有编号,无法出通知单"))
        elif len(rows_of[c.number]) > 1:
            rows = "、".join(f"「{d.sheet}」第 {d.row} 行" for d in rows_of[c.number])
            twin = (c.number, f"编号重复({rows}),请先在登记表中改正")
            if twin not in run.skipped:   # said once for the number, not once per row
                run.skipped.append(twin)
        elif not c.department:
            run.skipped.append((c.number, "未填责任部门"))
        else:
            chosen.append(c)
    return chosen


def _plan(settings: Settings, c, latest: dict[str, tuple[int, str]], modes: tuple[bool, bool], run: NoticeRun):
    """(complaint, version, path, fresh) of a notice to write (fresh) or to print again; None to skip it."""
    reissue, reprint = modes
    issued, filed = latest.get(c.number, (0, ""))
    if issued and not reissue:
        return _filed(settings, c, issued, filed, run) if reprint else run.already.append(c.number)
    version = issued + 1
    path = notice_path(settings, c.number, c.received_on, version)
    if path.exists():
        if not reissue:
            run.skipped.append((c.number, f"文件《{path.name}》已存在但台账中没有记录,未覆盖;"
                                          f"如需重出请加 --reissue"))
            return None
        while path.exists():
            version += 1
            path = notice_path(settings, c.number, c.received_on, version)
    return c, version, path, True


def _filed(settings: Settings, c, version: int, filed: str, run: NoticeRun):
    """The filed document of a notice issued before, to print again; None (and why) when it is gone."""
    path = inside(archive_root(settings), Path(settings.paths.output) / filed)
    if not path.is_file():
        run.skipped.append((c.number, f"台账记录已出第 {version} 版,但存档文件《{filed}》不见了,无法重新打印;"
                                      f"如需重出请加 --reissue"))
        return None
    return c, version, path, False


def _write_combined(settings: Settings, as_of: dt.date, documents: list[bytes]) -> Path:
    folder = Path(settings.paths.output) / PRINT_DIR
    path, n = folder / f"通知单合并-{as_of.isoformat()}.docx", 1
    while path.exists():
        n += 1
        path = folder / f"通知单合并-{as_of.isoformat()}-{n}.docx"
    return write_bytes_atomic(path, combine(documents))


def _convert_pdfs(settings: Settings, run: NoticeRun, written: Written) -> None:
    """One LibreOffice batch for every notice of the run (and the combined file); each PDF checked."""
    sources = list(run.issued) + list(run.reprinted) + ([run.combined] if run.combined else [])
    output = Path(settings.paths.output)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-pdf-", dir=output) as tmp:
        staged = []
        for i, src in enumerate(sources):   # unique names: notices of different months may share a stem
            staged.append(Path(tmp) / f"{i:05d}.docx")
            shutil.copyfile(src, staged[-1])
        made = libreoffice.convert(staged, "pdf", Path(tmp) / "pdf")
        for src, pdf in zip(sources, made):
            data = pdf.read_bytes()
            if not data.startswith(b"%PDF"):
                raise OutputError(f"LibreOffice 生成的《{src.stem}.pdf》不是有效的 PDF,请用 Word 打开该通知单检查。")
            target = written.add(write_bytes_atomic(src.with_suffix(".pdf"), data))
            if src == run.combined:
                run.combined_pdf = target
            else:
                run.pdfs.append(target)
