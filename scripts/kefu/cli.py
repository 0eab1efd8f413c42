"""The command-line edge shared by the scripts. The library never imports this module.

``run(command)`` runs a click command and turns every error into one Chinese line on stderr with the
exit codes of docs/contracts.md: 0 done, 1 input/config/output problem, 2 wrong usage. A traceback is printed
only with --verbose.
"""
from __future__ import annotations

import datetime as dt
import gc
import gettext
import importlib
import inspect
import logging
import sys
import traceback
import unicodedata
from pathlib import Path

import click

from kefu.core.atomic import os_reason
from kefu.core.dates import parse_date_text
from kefu.core.errors import KefuError, UsageError
from kefu.core.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "config.ini"

# click's own messages (it asks gettext for each, msgid = the English text of click 8.4, pinned in
# requirements.txt), in the Chinese staff read. A msgid missing here stays English: add it.
CLICK_ZH = {
    "Usage:": "用法:", "Options": "选项", "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误:{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看用法。",
    "Missing argument": "缺少参数", "Missing option": "缺少选项", "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数:{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效:{message}",
    "Invalid value: {message}": "值无效:{message}",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "No such command {name!r}.": "没有 {name!r} 这个命令。",
    "Did you mean {possibility}?": "您是想用 {possibility} 吗?",
    "(Did you mean one of: {possibilities}?)": "(您是想用其中之一吗:{possibilities}?)",
    "Got unexpected extra argument ({args})": "多了一个无法识别的参数({args})",
    "Got unexpected extra arguments ({args})": "多了几个无法识别的参数({args})",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不用写值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要写 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值,只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值,给了 {len} 个。",
    "Invalid start character for option ({option})": "选项的开头字符无效({option})",
    "Choose from:\n\t{choices}": "可选:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选范围内,可选:{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出允许的范围({range})。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值,可写:{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件,应为文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹,应为文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 无法运行。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}:{message}",
    "default: {default}": "默认:{default}", "env var: {var}": "环境变量:{var}",
    "(dynamic)": "(动态)", "deprecated": "已停用",
    "Aborted!": "已取消。", "unknown error": "未知错误",
    "Do you want to continue?": "是否继续?", "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误:两次输入不一致。",
    "Error: invalid input": "错误:输入无效", "Press any key to continue...": "按任意键继续……",
}
_CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                  "click.types", "click.termui", "click.utils")


class _ClickChinese(gettext.NullTranslations):
    """A gettext catalogue of click's msgids (a dict: no .mo file to build or ship)."""

    def gettext(self, message: str) -> str:
        return CLICK_ZH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


def install_click_chinese() -> None:
    """Make click speak Chinese. Each click module binds ``_ = gettext.gettext`` (the process-wide
    default domain, whose language comes from LANG/LANGUAGE, unset on an office PC), so the catalogue is
    bound in those modules by name; kefu itself does not use gettext."""
    zh = _ClickChinese()
    for name in _CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            setattr(module, "_", zh.gettext)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", zh.ngettext)
    setattr(click.formatting, "term_len", display_len)   # options and their help line up under Chinese metavars


def display_len(text: str, /) -> int:
    """Columns ``text`` takes in a console: a Chinese character takes two (click counts one)."""
    plain = click.unstyle(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in plain)


_METAVARS = {"text": "文字", "integer": "整数", "integer range": "整数", "float": "数字",
             "float range": "数字", "file": "文件", "directory": "文件夹", "path": "路径"}


def chinese_metavars(command: click.Command) -> None:
    """Options whose value is shown by click's type name (TEXT, INTEGER RANGE, FILE) show it in Chinese."""
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            name = "file" if isinstance(param.type, click.Path) and not param.type.dir_okay else param.type.name
            if name in _METAVARS:
                param.metavar = _METAVARS[name]


def keep_lines(help_text: str | None) -> str | None:
    """Help whose paragraphs keep the lines they were written with: click re-wraps a paragraph (joining
    the example lines into one and putting spaces between Chinese words) unless its first line is \\b."""
    if not help_text:
        return help_text
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b\n") else "\b\n" + p for p in paragraphs if p.strip())


def _console_utf8() -> None:
    # A Windows console may be GBK: never let a character crash a job.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)   # a TextIOWrapper's (not a replaced stream's)
        try:
            if reconfigure is not None:
                reconfigure(errors="replace")
        except ValueError:
            pass


def _quiet_unraisable(unraisable) -> None:
    """An error Python can only report while it cleans up (a zip file closed on a full disk, at exit):
    the log gets it, staff have had their one line already."""
    logging.getLogger("kefu").warning("ignored during clean-up: %s: %r", unraisable.err_msg or "",
                                      unraisable.exc_value)


def config_option(func):
    return click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help="配置文件路径(默认:程序目录下的 config.ini)")(func)


def verbose_option(func):
    return click.option("--verbose", is_flag=True, help="出错时显示详细的技术信息")(func)


def as_of_option(func):
    return click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                        help="按哪一天检查(默认:今天)")(func)


def settings_from(config_path: Path | None) -> Settings:
    return load_settings(config_path or DEFAULT_CONFIG)


def parse_as_of(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    day = parse_date_text(text)   # every form the register accepts: 2026-11-26, 2026/11/26, 2026年11月26日 …
    if not isinstance(day, dt.date):
        raise UsageError(f"--as-of {text} 不是有效日期,应写成 2026-11-26 或 2026年11月26日 这样的格式。")
    return day


def run(command: click.Command, argv: list[str] | None = None) -> int:
    """Run a click command as the process: exit with its exit code (see ``call``)."""
    sys.unraisablehook = _quiet_unraisable
    code = call(command, sys.argv[1:] if argv is None else argv)
    _leave_quickly()
    sys.exit(code)


def call(command: click.Command, argv: list[str]) -> int:
    """Run a click command and return its exit code: every error becomes one Chinese line on stderr.
    It neither exits nor touches the garbage collector, so the tests call a script's command through
    it in their own process (``run`` is the process's edge around it)."""
    _console_utf8()
    install_click_chinese()
    command.help = keep_lines(command.help)
    command.options_metavar = "[选项]"
    chinese_metavars(command)
    verbose = "--verbose" in argv
    try:
        result = command.main(args=argv, prog_name=command.name, standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:  # --help
        code = exc.exit_code
    except click.UsageError as exc:
        click.echo(f"用法错误:{exc.format_message()}(用 --help 查看用法)", err=True)
        code = 2
    except click.Abort:
        click.echo("已取消。", err=True)
        code = 1
    except KefuError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"错误:{exc}", err=True)
        code = exc.exit_code
    except OSError as exc:   # a file kefu could not write or read that no job turned into a sentence
        logging.getLogger("kefu").exception("file error")
        if verbose:
            traceback.print_exc()
        place = f"《{exc.filename}》" if exc.filename else ""
        click.echo(f"错误:读写文件{place}时出错({os_reason(exc)}),已有文件都保持原样。"
                   f"请检查磁盘空间和文件夹的写入权限后重新运行。", err=True)
        code = 1
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        code = 1
    except Exception as exc:  # a bug of kefu: still one line for staff, details with --verbose and in the log
        logging.getLogger("kefu").exception("unexpected error")
        if verbose:
            traceback.print_exc()
        click.echo(f"错误:kefu 内部出错({type(exc).__name__}: {exc})。请加 --verbose 重新运行,"
                   f"并把显示的内容发给负责安装的同事。", err=True)
        code = 1
    return code


def _leave_quickly() -> None:
    """The process ends now: what the run built is moved out of the collector's sight, so that the
    interpreter's shutdown collections do not walk every object (about 0.1 s of a 0.7 s office run)
    only to free memory the system takes back anyway. Every output is closed by now; atexit handlers
    and the flushing of streams still run. Only here, at the edge, as the process exits: no job and no
    library function touches the collector."""
    gc.freeze()
