"""The command-line edge shared by the scripts. The library never imports this module.

``run(command)`` runs a click command and turns every error into one Chinese line on stderr with the
exit codes of DESIGN.md: 0 done, 1 input/config/output problem, 2 wrong usage. A traceback is printed
only with --verbose.
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path

import click

from kefu.core.dates import parse_date_text
from kefu.core.errors import KefuError, UsageError
from kefu.core.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "config.ini"


def _console_utf8() -> None:
    # A Windows console may be GBK: never let a character crash a job.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


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
    """Run a click command; return (and exit with) its exit code."""
    _console_utf8()
    argv = sys.argv[1:] if argv is None else argv
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
    sys.exit(code)
