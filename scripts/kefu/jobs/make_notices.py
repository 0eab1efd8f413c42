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
from kefu.core.errors import InputError, OutputError, UsageError
from kefu.core.identity import complaint_identity, is_paper
from kefu.core.normalize import normalize_number
from kefu.core.settings import Settings
from kefu.core.workdays import WorkCalendar
from kefu.jobs import notice_select
from kefu.ledger import audit
from kefu.ledger import db as ledger
from kefu.ledger import notices as notice_ledger
from kefu.ledger.notice_lock import notice_writer
from kefu.outputs import pdf as libreoffice
from kefu.outputs.notices.fields import NOTICE_FIELDS, REQUIRED_FIELDS, notice_values
from kefu.outputs.notices.render import NoticeTemplate, combine
from kefu.outputs.notices.void_stamp import stamp_void
from kefu.read.notice_files import PRINT_DIR, archive_root, inside, relative_to_output
from kefu.read.register import read_register
from kefu.rules import notice_conflict

Progress = Callable[[int, int], None]


@dataclass
class NoticeRun:
    as_of: dt.date
    issued: list[Path] = field(default_factory=list)
    reprinted: list[Path] = field(default_factory=list)    # filed notices printed again (--pdf/--combined)
    already: list[str] = field(default_factory=list)        # numbers issued before, neither reissued nor printed
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (number or 第N行, Chinese reason)
    reprinted_numbers: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)      # rules.notice_conflict messages: held until resolved
    paper: list[str] = field(default_factory=list)          # 通知单编号 filled: the paper notice exists
    paper_new: list = field(default_factory=list)           # complaints whose paper notice this run records
    paper_printed: list[tuple[str, int]] = field(default_factory=list)   # (number, paper version) asked for
    finished: list[str] = field(default_factory=list)       # finished before any notice: none needed
    pdfs: list[Path] = field(default_factory=list)
    combined: Path | None = None
    combined_pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def _not_needed(self) -> str:
        parts = [f"通知单编号已填写(已有纸质通知单)的 {len(self.paper)} 份" if self.paper else "",
                 f"已办结的 {len(self.finished)} 份" if self.finished else ""]
        said = "、".join(p for p in parts if p)
        recorded = (f";纸质通知单 {len(self.paper_new)} 份本次记入台账(编号改动时会提示,不会再出第二份)"
                    if self.paper_new else "")
        return f"{said}不需要出通知单(如需用 kefu 打印,加 --number 编号){recorded}" if said else recorded[1:]

    def _paper_printed(self) -> list[str]:
        return [f"{number} 已有纸质通知单(台账第 {version} 版),按要求用 kefu 打印为第 {version + 1} 版。"
                for number, version in self.paper_printed]

    def summary_zh(self, output: Path | None = None) -> str:
        def show(p: Path) -> str:
            try:
                return Path(p).resolve().relative_to(Path(output).resolve()).as_posix() if output else str(p)
            except ValueError:
                return str(p)
        if not (self.issued or self.reprinted or self.combined):   # nothing new: one line (the hourly job logs it)
            return "".join([f"没有新的通知单需要生成(已出过的 {len(self.already)} 份未重复生成,如需再打印加 --pdf 或 "
                            f"--combined)"] + ([f";{self._not_needed()}"] if self._not_needed() else [])
                           + [f";通知单与登记不符:{c}" for c in self.conflicts]
                           + [f";{who}:{why}" for who, why in self.skipped]
                           + [f";注意:{w}" for w in self.warnings]) + "。"
        lines = [f"生成通知单 {len(self.issued)} 份" + (f",PDF {len(self.pdfs)} 份" if self.pdfs else "") + "。"]
        lines += [f"  · {show(p)}" for p in self.issued]
        lines += self._paper_printed()
        if self.reprinted:
            lines.append(f"重新打印已出过的通知单 {len(self.reprinted)} 份(存档的原件,编号不变,未出新版):")
            lines += [f"  · {show(p)}" for p in self.reprinted]
        if self.already:
            lines.append(f"已出过的 {len(self.already)} 份未重复生成(如需再打印加 --pdf 或 --combined,"
                         f"如需出新版加 --reissue)。")
        if self._not_needed():
            lines.append(self._not_needed() + "。")
        if self.combined:
            lines.append(f"合并打印文件:{show(self.combined)}"
                         + (f"(PDF:{show(self.combined_pdf)})" if self.combined_pdf else ""))
        if self.conflicts:
            lines.append(f"通知单与登记表不符 {len(self.conflicts)} 处(改正之前这些编号不出通知单):")
            lines += [f"  · {c}" for c in self.conflicts]
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
    that has a department, no notice yet, no filled 通知单编号 and is not finished (older ones were handled
    before kefu: pick them with ``numbers`` or ``date_from``). A filled 通知单编号 is a paper notice: recorded
    in the ledger the first time (``run.paper_new``, no file), printed as the next version only when asked
    for. What is held and why: ``kefu.jobs.notice_select``. One run writes at a time (``ledger.notice_lock``).

    ``numbers`` / ``date_from``-``date_to`` (received date) pick complaints instead; a number the register
    does not hold is an InputError. An issued notice is never overwritten: ``reissue=True`` writes the
    next version (``<number>-2.docx``) and records it. Without it, ``pdf``/``combined`` print the chosen
    notices already issued again from their filed documents (same number, same file, no new version).
    """
    run = NoticeRun(as_of)
    check_writable(Path(settings.paths.output))
    ledger.require_writable(settings, run.warnings)   # a locked or full ledger: said before any output is written
    if pdf and libreoffice.find_soffice() is None:   # say so before writing anything
        raise OutputError("没有找到 LibreOffice,无法转换为 PDF,本次没有生成任何通知单。请安装 LibreOffice(免费),"
                          "或去掉 --pdf 只生成 Word 文件。")
    template = NoticeTemplate(template_path(settings))
    run.warnings.extend(_template_warnings(template))
    with notice_writer(settings):
        register = read_register(settings)
        if not any("number" in info.columns for info in register.sheets):
            raise InputError(f"登记表《{register.path.name}》中没有找到“编号”列:通知单必须与登记表编号一致,本次没有生成"
                             f"任何通知单。如贵处有编号列,请在 config.ini 的 [columns] 中写明,例如:number = 贵处的列名。")
        named = bool(numbers) or date_from is not None or date_to is not None   # asked for by number or date
        if not named:
            date_from = as_of - dt.timedelta(days=settings.notices.recent_days)   # not the whole history
        chosen = notice_select.select(register, numbers, date_from, date_to, settings.numbering.pattern, run)
        calendar = WorkCalendar.from_settings(settings)
        documents = _issue(settings, template, (register, chosen), calendar,
                           (reissue, pdf or combined, named), run, progress)
        warning = calendar.fallback_warning()
        if warning:
            run.warnings.append(warning)
        with removed_on_failure() as written:   # the notices themselves stay: the ledger recorded each one
            if combined and documents:
                run.combined = written.add(_write_combined(settings, as_of, documents))
            if pdf and (run.issued or run.reprinted):
                _convert_pdfs(settings, run, written)
            audit.record_run(settings, "notices", [register.path],
                             run.issued + run.pdfs + [run.combined, run.combined_pdf],
                             {"issued": len(run.issued), "reprinted": len(run.reprinted), "skipped": len(run.skipped),
                              "paper": len(run.paper), "paper_recorded": len(run.paper_new),
                              "finished": len(run.finished), "conflicts": len(run.conflicts)},
                             dict.fromkeys(run.reprinted_numbers, [audit.REPRINT]), as_of=as_of)
    return run


def void_notice(settings: Settings, number: str, reason: str, as_of: dt.date) -> str:
    """作废: mark the notices in force of ``number`` void (the ledger keeps them, with the day and the
    reason) and stamp their filed documents; the number may then be issued again. Returns the Chinese line."""
    reason, number = " ".join((reason or "").split()), normalize_number(number or "")
    if not reason:
        raise UsageError("作废通知单须写明原因,例如:--void TS-2026-0209 --reason 编号改为TS-2026-0210。")
    check_writable(Path(settings.paths.output))
    ledger.require_writable(settings)
    with notice_writer(settings):
        conn = notice_ledger.ensure(ledger.connect(settings))
        try:
            rows = [r for r in notice_ledger.issued(conn) if r["number"] == number]
            live = [r for r in rows if not r["voided_at"]]
            if not live:
                raise InputError(f"通知单 {number} 已于 {rows[-1]['voided_at'][:10]} 作废,无需再作废。" if rows else
                                 f"台账中没有出过编号为 {number} 的通知单,无法作废;请核对编号。")
            digests, stamped, gone = _stamp(settings, [r for r in live if not is_paper(r)], as_of, reason)
            digests.update({r["version"]: r["sha256"] for r in live if is_paper(r)})
            notice_ledger.void(conn, number, reason, digests)
            audit.insert_run(conn, audit.run_record("notices", [], stamped, {"voided": len(live)},
                                                    {number: [audit.VOID]}))
        finally:
            conn.close()
    return (_voided_zh(number, live, reason) + (f"存档文件《{'》《'.join(gone)}》不见了,只在台账中作废。" if gone else "")
            + f"现在可以重新为登记表中编号 {number} 的投诉出通知单(make_notices.py --number {number})。")


def _voided_zh(number: str, live: list[dict], reason: str) -> str:
    """What was voided: the printed versions (their filed documents stamped) and the paper one (ledger only)."""
    printed = "、".join(f"第 {r['version']} 版" for r in live if not is_paper(r))
    paper = "、".join(f"第 {r['version']} 版" for r in live if is_paper(r))
    parts = [f"通知单 {number}({printed})已作废" if printed else "",
             f"纸质通知单 {number}({paper})已在台账中作废" if paper else ""]
    done = "、".join(p for p in parts if p) + f",原因:{reason};"
    if printed:
        done += "存档文件已加盖“作废”字样,台账保留记录。"
    if paper:
        done += "纸质通知单没有存档文件可加盖“作废”字样(请在纸质原件上注明作废),台账保留记录。"
    return done


def _stamp(settings: Settings, live: list[dict], as_of: dt.date, reason: str):
    """Stamp 作废 on the filed documents of ``live``: (version -> new sha256, files stamped, files gone)."""
    digests, stamped, gone = {}, [], []
    for row in live:
        path = inside(archive_root(settings), Path(settings.paths.output) / row["path"])
        if not path.is_file():
            digests[row["version"]] = row["sha256"]
            gone.append(row["path"])
            continue
        data = stamp_void(path.read_bytes(), as_of, reason)
        stamped.append(write_bytes_atomic(path, data))
        digests[row["version"]] = hashlib.sha256(data).hexdigest()
    return digests, stamped, gone


def _template_warnings(template: NoticeTemplate) -> list[str]:
    return [f"模板中的占位符 {{{{ {name} }}}} kefu 不认识,会打印成空白"
            + (f"(是否应为 {{{{ {guess} }}}}?)" if guess else "") + ";可用 --check-template 检查。"
            for name, guess in sorted(_check(template).unknown.items())]


def _issue(settings: Settings, template: NoticeTemplate, picked: tuple, calendar: WorkCalendar,
           modes: tuple[bool, bool, bool],
           run: NoticeRun, progress: Progress | None) -> list[bytes]:
    """Write and record the notices of the chosen complaints that are due (or reissued), take the filed
    ones to print again (``modes``: reissue, reprint, named); their documents, in order."""
    register, chosen = picked
    conn = notice_ledger.ensure(ledger.connect(settings, run.warnings))
    documents: list[bytes] = []
    try:
        state = notice_select.LedgerState.of(register, notice_ledger.issued(conn), notice_ledger.latest(conn))
        run.conflicts = [notice_conflict.message(x) for x in state.conflicts]
        plan = [p for p in (notice_select.plan(settings, c, state, modes, run) for c in chosen) if p]
        for complaint in run.paper_new:      # the paper notices first: in force from now on
            notice_ledger.record_paper(conn, complaint.number, complaint_identity(complaint))
        for done, (complaint, version, path, fresh) in enumerate(plan, start=1):
            if fresh:
                data = template.render(notice_values(complaint, settings, calendar, run.as_of, version))
                write_bytes_atomic(path, data)
                notice_ledger.record(conn, complaint.number, version, relative_to_output(settings, path),
                                     hashlib.sha256(data).hexdigest(), identity=complaint_identity(complaint))
                run.issued.append(path)
            else:
                data = path.read_bytes()
                run.reprinted.append(path)
                run.reprinted_numbers.append(complaint.number)
            documents.append(data)
            if progress:
                progress(done, len(plan))
    finally:
        conn.close()
    return documents


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
