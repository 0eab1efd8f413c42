"""Shared test helpers: build registers in tmp_path, hash files, run scripts as staff would."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
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


@pytest.fixture
def settings_for(tmp_path):
    """settings_for(register=..., text=...) -> validated Settings for a config in tmp_path."""
    from kefu.core.settings import load_settings

    def make(text: str = "", **paths) -> "object":
        return load_settings(write_config(tmp_path, text, **paths))
    return make


def soffice_available() -> bool:
    from kefu.outputs.pdf import find_soffice
    return find_soffice() is not None


needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice not installed")
