"""读取登记表和调查表,显示读到了什么(用于核对 kefu 是否正确理解贵处的表格)。

    python scripts/read_workbooks.py [--config config.ini] [--verbose]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.cli import config_option, run, settings_from, verbose_option  # noqa: E402
from kefu.read.inventory import describe_workbooks  # noqa: E402


@click.command(name="read_workbooks", help=__doc__)
@config_option
@verbose_option
def main(config_path, verbose):
    settings = settings_from(config_path)
    text, problems = describe_workbooks(settings)
    if text:
        click.echo(text)
    for problem in problems[1:]:
        click.echo(f"错误:{problem}", err=True)
    if problems:
        raise problems[0]   # the edge prints it like every other error: one line, exit code 1
    return 0


if __name__ == "__main__":
    run(main)
