"""Functions the office's Excel buttons call through xlwings RunPython.

In the button workbook's VBA (see README, 「在 Excel 中用按钮运行」):

    Sub 检查并标记(): RunPython "import kefu.jobs.excel_buttons as b; b.check_and_mark()": End Sub

Each function finds config.ini (the ``KEFU_CONFIG`` environment variable, else beside the workbook
that holds the button or up to three folders above it), runs one job and shows its Chinese summary in
an Excel message box. Every error becomes a message box too, never a Python traceback window.
``xw`` is the xlwings module; tests pass a fake with the same few calls.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Callable

from kefu.core.errors import ConfigError, KefuError
from kefu.core.settings import Settings, load_settings
from kefu.jobs.make_callback_list import make_callback_list as make_callback_list_job
from kefu.jobs.make_notices import make_notices as make_notices_job
from kefu.jobs.mark_register import run_and_mark
from kefu.marking import live_excel as excel_live

ENV_CONFIG = "KEFU_CONFIG"
CONFIG_NAME = "config.ini"
MESSAGE_SHEET = "kefu"      # if the button workbook has this sheet, messages are also written to A1
MAX_ALERT_CHARS = 900       # Excel's MsgBox shows about 1,024 characters
log = logging.getLogger("kefu.jobs.excel_buttons")


def check_and_mark(xw=None) -> str:
    """Button 「检查并标记」: run the daily check and mark the findings in the register."""
    return _button(xw, "检查并标记", _check_and_mark)


def make_notices(xw=None) -> str:
    """Button 「生成通知单」: handling notices for newly assigned complaints."""
    return _button(xw, "生成通知单", _notices)


def make_callback_list(xw=None) -> str:
    """Button 「生成回访清单」: today's callback list."""
    return _button(xw, "生成回访清单", _callback_list)


def find_config(workbook: Path | None, environ=os.environ) -> Path:
    named = environ.get(ENV_CONFIG, "").strip()
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"环境变量 {ENV_CONFIG} 指向的配置文件《{path}》不存在,请检查。")
        return path
    if workbook is not None:
        folder = Path(workbook).resolve().parent
        for candidate in [folder, *list(folder.parents)[:3]]:
            if (candidate / CONFIG_NAME).is_file():
                return candidate / CONFIG_NAME
    raise ConfigError(f"找不到 kefu 的 config.ini:请把按钮工作簿放在 kefu 文件夹里(与 config.ini 同一文件夹),"
                      f"或设置环境变量 {ENV_CONFIG} 指向 config.ini。")


# ------------------------------------------------------------------------------------------ the jobs
def _check_and_mark(settings: Settings, today: dt.date, xw) -> str:
    result, marked = run_and_mark(settings, today, excel=xw)
    return f"检查完成,共发现 {len(result.findings)} 条问题。\n" + marked.summary_zh()


def _notices(settings: Settings, today: dt.date, xw) -> str:
    run = make_notices_job(settings, today)
    lines = [line for line in run.summary_zh(settings.paths.output).splitlines()
             if not line.startswith("  · ")]   # a message box cannot list hundreds of files
    if run.issued:
        lines.insert(1, f"文件在《{Path(settings.paths.output)}》的“通知单”文件夹中,按年/月存放。")
    return "\n".join(lines)


def _callback_list(settings: Settings, today: dt.date, xw) -> str:
    return make_callback_list_job(settings, today).summary()


# ------------------------------------------------------------------------------------------ plumbing
def _button(xw, title: str, job: Callable, today: dt.date | None = None) -> str:
    xw = xw if xw is not None else excel_live.load_xlwings()
    book = _caller(xw)
    try:
        settings = load_settings(find_config(_fullname(book)))
        text = job(settings, today or dt.date.today(), xw)
    except KefuError as exc:
        text = f"没有完成:{exc}"
    except Exception as exc:  # noqa: BLE001 - a bug must still end in a message box, not a traceback
        log.exception("button %s failed", title)
        text = (f"kefu 内部出错({type(exc).__name__}: {exc})。请在命令行运行对应的脚本并加 --verbose,"
                "把显示的内容发给负责安装的同事。")
    show(book, text, f"kefu - {title}")
    return text


def _caller(xw):
    if xw is None:
        return None
    try:
        return xw.Book.caller()
    except Exception as exc:  # noqa: BLE001 - not called from Excel (a test, the console)
        log.info("no calling workbook: %s", exc)
        return None


def _fullname(book) -> Path | None:
    try:
        return Path(book.fullname) if book is not None and book.fullname else None
    except Exception:  # noqa: BLE001
        return None


def show(book, text: str, title: str) -> None:
    """A message box in the calling Excel; also A1 of a sheet named kefu when the workbook has one."""
    if book is None:
        log.info("%s: %s", title, text)
        return
    short = text if len(text) <= MAX_ALERT_CHARS else text[:MAX_ALERT_CHARS] + "\n……(其余见命令行输出或日志)"
    try:
        if MESSAGE_SHEET in [s.name for s in book.sheets]:
            book.sheets[MESSAGE_SHEET].range("A1").value = "'" + text if text[:1] in "=+-@" else text
        book.app.alert(short, title=title)
    except Exception as exc:  # noqa: BLE001 - Excel busy or closed: the job itself is done
        log.warning("cannot show the message in Excel: %s", exc)
