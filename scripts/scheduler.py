"""kefu 调度程序:按 config.ini [schedule] 的时间自动运行每日检查、通知单、回访清单、投诉分析等。

    python scripts/scheduler.py                    一直运行(关机期间错过的任务开机后补运行一次)
    python scripts/scheduler.py --once daily_check 只运行一个任务后退出(供 Windows 任务计划程序或 cron 使用)
    python scripts/scheduler.py --print-task       显示可直接粘贴的任务计划 / cron / systemd 设置
    python scripts/scheduler.py --list             显示各任务及运行时间
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.cli import DEFAULT_CONFIG, config_option, run, settings_from, verbose_option  # noqa: E402
from kefu.core.settings import JOB_NAMES  # noqa: E402
from kefu.jobs.runner import list_jobs, run_once, run_scheduler  # noqa: E402
from kefu.jobs.os_tasks import task_texts  # noqa: E402


@click.command(name="scheduler", help=__doc__)
@config_option
@click.option("--once", "once", type=click.Choice(JOB_NAMES), default=None, help="只运行这一个任务")
@click.option("--print-task", "print_task", is_flag=True, help="显示操作系统定时任务的设置")
@click.option("--list", "list_only", is_flag=True, help="显示各任务及其运行时间")
@verbose_option
def main(config_path, once, print_task, list_only, verbose):
    settings = settings_from(config_path)
    if print_task:
        click.echo(task_texts(settings, config_path or DEFAULT_CONFIG, Path(__file__)))
        return 0
    if list_only:
        click.echo(list_jobs(settings))
        return 0
    if once:
        outcome = run_once(settings, once)
        click.echo(outcome.summary, err=not outcome.ok)
        return 0 if outcome.ok else 1
    click.echo("kefu 调度程序已启动,按 Ctrl+C 停止。日志在 logs/kefu.log。")
    run_scheduler(settings)
    return 0


if __name__ == "__main__":
    run(main)
