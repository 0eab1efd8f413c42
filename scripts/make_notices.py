"""生成《客户投诉处理通知单》(Word,可选 PDF),按编号存档到 output/通知单/年/月/。

默认为最近 30 天(config.ini [notices] recent_days)登记、已填“责任部门”、还没有出过通知单的投诉各生成一份;已出过的不会重复生成。
加 --pdf 或 --combined 时,所选投诉中已出过的通知单按存档的原件再打印一份(编号不变,不出新版)。

    python scripts/make_notices.py                       # 新分派的投诉
    python scripts/make_notices.py --number TS-2026-0012 # 指定编号(可写多次)
    python scripts/make_notices.py --from 2026-03-01 --to 2026-03-31 --pdf --combined
    python scripts/make_notices.py --number TS-2026-0012 --pdf   # 再打印已出过的(存档原件转 PDF)
    python scripts/make_notices.py --number TS-2026-0012 --reissue   # 重出(生成 TS-2026-0012-2.docx)
    python scripts/make_notices.py --void TS-2026-0012 --reason 编号改为TS-2026-0013   # 作废已出的通知单
    python scripts/make_notices.py --check-template      # 检查在 Word 中修改过的模板

第一次运行:“通知单编号”已填写的投诉视为已有纸质通知单(记入台账,不生成文件),已办结的投诉不需要通知单,这两种都不生成
(可用 --number 指定生成:纸质的算第 1 版,打印成第 2 版)。纸质通知单也可用 --void 作废(只在台账中)。
通知单与登记表不符(编号改过、行被覆盖)时,涉及的编号先不生成,按提示把编号改回,或 --void 作废后重出。
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: E402

from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402
from kefu.core.errors import UsageError  # noqa: E402
from kefu.jobs.make_notices import check_template, make_notices, void_notice  # noqa: E402


def _date(text: str | None, option: str):
    if not text:
        return None
    try:
        return parse_as_of(text)
    except UsageError:
        raise UsageError(f"{option} {text} 不是有效日期,应写成 2026-03-01 这样的格式。") from None


@click.command(name="make_notices", help=__doc__)
@config_option
@as_of_option
@click.option("--number", "numbers", multiple=True, metavar="编号", help="只为这些编号生成(可写多次)")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="受理日期从这一天起")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="受理日期到这一天止")
@click.option("--reissue", is_flag=True, help="已出过的也重出一版(文件名加 -2、-3……,旧版保留)")
@click.option("--pdf", is_flag=True, help="同时转换为 PDF(需要安装 LibreOffice)")
@click.option("--combined", is_flag=True, help="另存一份包含本次全部通知单的文件,便于一次打印")
@click.option("--void", "void", metavar="编号", help="作废这个编号已出的通知单(须同时写 --reason),之后可重出")
@click.option("--reason", metavar="原因", help="作废的原因(与 --void 一起用)")
@click.option("--check-template", "check_only", is_flag=True, help="只检查模板中的占位符,不生成通知单")
@verbose_option
def main(config_path, as_of, numbers, date_from, date_to, reissue, pdf, combined, void, reason, check_only, verbose):
    settings = settings_from(config_path)
    if reason and not void:
        raise UsageError("--reason 只与 --void 一起用。")
    if void:
        click.echo(void_notice(settings, void, reason or "", parse_as_of(as_of)))
        return 0
    if check_only:
        result = check_template(settings)
        click.echo(result.report_zh())
        return 0 if result.ok else 1
    as_of_day = parse_as_of(as_of)
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if start and end and start > end:
        raise UsageError(f"--from {start} 晚于 --to {end}。")
    with Progress(TextColumn("生成通知单"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("notices", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = make_notices(settings, as_of_day, numbers=numbers, date_from=start, date_to=end,
                              reissue=reissue, pdf=pdf, combined=combined, progress=progress)
    click.echo(result.summary_zh(settings.paths.output))
    return 0


if __name__ == "__main__":
    run(main)
