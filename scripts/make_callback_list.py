"""生成当天的业主回访清单(Word),并把同样的行加入《回访记录.xlsx》供填写回访结果。

    python scripts/make_callback_list.py [--config config.ini] [--as-of 2026-03-20] [--verbose]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.jobs.make_callback_list import make_callback_list  # noqa: E402
from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402


@click.command(name="make_callback_list", help=__doc__)
@config_option
@as_of_option
@verbose_option
def main(config_path, as_of, verbose):
    settings = settings_from(config_path)
    day = parse_as_of(as_of)
    progress = (lambda msg: click.echo(f"… {msg}", err=True)) if verbose else None
    result = make_callback_list(settings, day, progress=progress)
    click.echo(result.summary())
    return 0


if __name__ == "__main__":
    run(main)
