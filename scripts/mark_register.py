"""在登记表中标出每日检查发现的问题:问题单元格按严重程度填色,并加上简短说明(批注或 kefu 专用列)。

先清除 kefu 上次做的标记,其他内容一律不动。登记表在 Excel 中打开且装有 xlwings 时,标记直接写入打开的
工作簿(不保存、不影响未保存的编辑);否则写入文件:先备份到 data/backups,写完逐格核对,
登记表正被打开或含有写入会丢失的内容(图表、图片、公式等)时拒绝写入并说明原因。

    python scripts/mark_register.py [--config config.ini] [--as-of 2026-11-26]
    python scripts/mark_register.py --dry-run              # 只列出将要标记的单元格
    python scripts/mark_register.py --from-json 检查结果.json # 标记已保存的检查结果
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402
from kefu.jobs.mark_register import run_and_mark  # noqa: E402
from kefu.marking.mark import findings_from_json, mark_register  # noqa: E402


@click.command(name="mark_register", help=__doc__)
@config_option
@as_of_option
@click.option("--dry-run", is_flag=True, help="只列出将要标记的单元格,不改动登记表")
@click.option("--from-json", "from_json", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="标记 daily_check.py --json 保存的检查结果,而不是现在重新检查")
@verbose_option
def main(config_path, as_of, dry_run, from_json, verbose):
    settings = settings_from(config_path)
    day = parse_as_of(as_of)
    if from_json:
        result = mark_register(settings, findings_from_json(from_json), as_of=day, dry_run=dry_run)
    else:
        _check, result = run_and_mark(settings, day, dry_run=dry_run)
    click.echo(result.summary_zh())
    return 0


if __name__ == "__main__":
    run(main)
