"""每日检查:核对编号(缺号、重号、格式、与通知单/原件编号是否一致),找出超期未答复的投诉,
生成检查结果表 output/检查结果/检查结果_YYYY-MM-DD.xlsx。

    python scripts/daily_check.py [--config config.ini] [--as-of 2026-11-26] [--json 结果.json] [--quiet] [--mark]
    python scripts/daily_check.py --history TS-2026-0012    # 查看一条投诉的历史(检查、通知单、回访清单)

发现问题不算出错(退出码 0);登记表或配置无法使用时退出码 1;命令写错时退出码 2。
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.ledger.audit import history  # noqa: E402
from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402
from kefu.jobs.daily_check import run_daily_check  # noqa: E402
from kefu.outputs.findings.console import render_console  # noqa: E402
from kefu.rules.numbering import VANISHED  # noqa: E402
from kefu.rules.urgency import rule_title  # noqa: E402


@click.command(name="daily_check", help=__doc__)
@config_option
@as_of_option
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="另外把检查结果写成 JSON 文件")
@click.option("--quiet", is_flag=True, help="不显示检查结果(只生成文件)")
@click.option("--mark", is_flag=True, help="检查后在登记表中标出有问题的单元格(先备份,见 README)")
@click.option("--history", "number", default=None, metavar="编号",
              help="不做检查,只显示这条投诉的历史:哪几次检查读到或发现问题、出过的通知单、回访清单、何时消失")
@verbose_option
def main(config_path, as_of, json_path, quiet, mark, number, verbose):
    as_of_date = parse_as_of(as_of)
    settings = settings_from(config_path)
    if number is not None:
        name = (lambda rule: f"{rule_title(rule)}({rule})") if verbose else rule_title
        lines = history(settings, number, name, vanished=VANISHED.id)
        click.echo(f"投诉 {number} 的记录:" if lines else f"台账中没有投诉 {number} 的记录(还没有运行过每日检查,或编号有误)。")
        for line in lines:
            click.echo(f"  {line}")
        return 0
    progress = (lambda text: click.echo(f"… {text}", err=True)) if verbose else None
    result = run_daily_check(settings, as_of_date, json_path=json_path, progress=progress)
    if not quiet:
        click.echo(render_console(result, verbose))
    if mark:
        from kefu.jobs.mark_register import mark_after_check   # marking loads openpyxl: only --mark needs it
        click.echo(mark_after_check(settings, result).summary_zh())
    return 0


if __name__ == "__main__":
    run(main)
