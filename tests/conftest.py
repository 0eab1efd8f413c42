"""Shared test helpers: build registers in tmp_path, hash files, run scripts as staff would."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import io
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"

HEADERS = ["序号", "编号", "登记日期", "客户名称", "房号", "联系电话", "投诉方式", "原件编号",
           "投诉内容摘要", "类别", "责任部门", "通知单编号", "是否重大", "核实日期", "答复日期",
           "补救措施", "纠正措施", "预定完成日期", "完成日期", "处理结果", "回访日期", "回访人",
           "回访结果", "是否满意", "预约答复日期", "状态", "备注"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def complaint(number: str, received: dt.date | str | None, **fields) -> dict:
    """A register row as a dict of header text -> value; unspecified headers stay empty."""
    row = {"编号": number, "登记日期": received, "客户名称": fields.pop("客户名称", "王建国"),
           "房号": fields.pop("房号", "3栋2单元501"), "联系电话": fields.pop("联系电话", "13812345678"),
           "投诉内容摘要": fields.pop("投诉内容摘要", "卫生间天花板漏水"),
           "原件编号": fields.pop("原件编号", number), "通知单编号": fields.pop("通知单编号", number)}
    row.update(fields)
    return row


def write_register(path: Path, sheets: dict[str, list[dict]], *, headers=HEADERS, title: str | None =
                   "阳光花园管理处 客户投诉登记表", extra_sheets: dict[str, list[list]] | None = None) -> Path:
    """Write a register laid out as offices keep it: merged title row, header row, data rows."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in (extra_sheets or {}).items():
        ws = wb.create_sheet(name)
        for values in rows:
            ws.append(values)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if title:
            ws.cell(1, 1, title)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.append(list(headers))
        for i, row in enumerate(rows, start=1):
            values = [row.get(h, "") for h in headers]
            if "序号" in headers:
                values[headers.index("序号")] = row.get("序号", i)
            ws.append([None if v == "" else v for v in values])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_config(folder: Path, text: str = "", *, register: Path | None = None,
                 survey: Path | None = None) -> Path:
    """A config.ini in ``folder`` whose [paths] point at the given workbooks, plus extra text."""
    lines = ["[paths]"]
    if register is not None:
        lines.append(f"register = {register}")
    if survey is not None:
        lines.append(f"survey = {survey}")
    lines += ["output = output", "data = data", "logs = logs", f"templates = {REPO / 'templates'}", ""]
    path = folder / "config.ini"
    body = "\n".join(lines) + "\n" + text
    path.write_text(body, encoding="utf-8")
    return path


def loaded_notices(settings) -> dict:
    """What the daily check loads for the notice rules (``ledger.notices.notice_context``), on a ledger
    connection of its own."""
    from kefu.ledger import db as ledger
    from kefu.ledger.notices import notice_context

    conn = ledger.connect(settings)
    try:
        return notice_context(conn, settings)
    finally:
        conn.close()


def run_script(name: str, *args, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``scripts/<name>.py`` as staff would; returns the finished process (text output)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(SCRIPTS / f"{name}.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd or REPO, env=env,
                          timeout=timeout)


def run_cli(name: str, *args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``run_script``'s twin in this process (no interpreter to start, nothing to import again: about a
    second less a run): the script's own click command through ``kefu.cli.call``, the function its
    ``run`` exits with, in ``cwd``, with sys.argv set and stdout/stderr captured. Warnings reach stderr
    under the interpreter's default filters, as they would in the script's process; the working
    folder, sys.argv, the unraisable-exception hook and the "kefu" log handlers are as before afterwards.
    A test of what only a real process shows (a kill, a lock held by another process, the script's
    own exit, its imports) uses ``run_script``."""
    from kefu.cli import _quiet_unraisable, call

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with _process_state_kept(), warnings.catch_warnings(record=True) as caught:
        _default_warning_filters()
        os.chdir(cwd or REPO)
        sys.argv = [str(SCRIPTS / f"{name}.py"), *argv]
        sys.unraisablehook = _quiet_unraisable
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = call(script_command(name), argv)
        for w in caught:
            err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line))
    return subprocess.CompletedProcess([sys.executable, str(SCRIPTS / f"{name}.py"), *argv], code,
                                       out.getvalue(), err.getvalue())


_COMMANDS: dict[str, object] = {}


def script_command(name: str):
    """The click command of ``scripts/<name>.py`` (its ``main``), the script loaded once as a module."""
    if name not in _COMMANDS:
        spec = importlib.util.spec_from_file_location(f"kefu_script_{name}", SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _COMMANDS[name] = module.main
    return _COMMANDS[name]


def _default_warning_filters() -> None:
    """The filters of a ``python script.py`` process (no -W, no -X dev), in place of pytest's."""
    warnings.resetwarnings()
    for action, category in (("ignore", ResourceWarning), ("ignore", ImportWarning),
                             ("ignore", PendingDeprecationWarning), ("ignore", DeprecationWarning)):
        warnings.filterwarnings(action, category=category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")


@contextlib.contextmanager
def _process_state_kept():
    """What a run changes in the process that the next test must not inherit."""
    cwd, argv, hook = os.getcwd(), sys.argv, sys.unraisablehook
    logger = logging.getLogger("kefu")
    handlers, level = list(logger.handlers), logger.level
    try:
        yield
    finally:
        os.chdir(cwd)
        sys.argv, sys.unraisablehook = argv, hook
        for handler in [h for h in logger.handlers if h not in handlers]:
            logger.removeHandler(handler)
            handler.close()
        logger.setLevel(level)


@pytest.fixture
def settings_for(tmp_path):
    """settings_for(register=..., text=...) -> validated Settings for a config in tmp_path."""
    from kefu.core.settings import load_settings

    def make(text: str = "", **paths) -> "object":
        return load_settings(write_config(tmp_path, text, **paths))
    return make


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The hostile corpus (tests/hostile_corpus.py), one per session, each case built when first used."""
    from hostile_corpus import Corpus
    return Corpus(tmp_path_factory.mktemp("corpus"))


def soffice_available() -> bool:
    from kefu.outputs.pdf import find_soffice
    return find_soffice() is not None


_NO_SOFFICE = not soffice_available()


def needs_soffice(test):
    """A test that runs LibreOffice (seconds a start): skipped without it, and slow (the full run)."""
    return pytest.mark.slow(pytest.mark.skipif(_NO_SOFFICE, reason="LibreOffice not installed")(test))


# ------------------------------------------------------------------ reading back a Word file kefu wrote
NO_BREAK_HYPHEN = "<w:noBreakHyphen/>"   # a number or date kept whole is written with no-break hyphens
WORD_JOINER = "\u2060"                  # and a date in Chinese with zero-width word joiners (no-break spaces)


def docx_text(path) -> str:
    """Every piece of text in a .docx as it reads: body, tables, headers, footers (all XML parts of word/)."""
    import html
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    runs = ("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p.replace(NO_BREAK_HYPHEN, "<w:t>-</w:t>")))
            for p in parts)
    return html.unescape("".join(runs)).replace(WORD_JOINER, "").replace("\xa0", " ")


def docx_lines(path) -> str:
    """The .docx's paragraphs, table cells, headers and footers, one per line (python-docx), as it reads."""
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in d.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts).replace(WORD_JOINER, "")
