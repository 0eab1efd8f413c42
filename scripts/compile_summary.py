"""生成半年/年终投诉分析报告(Word + Excel),报送办公室主任。

    python scripts/compile_summary.py                      # 上一个已结束的半年
    python scripts/compile_summary.py --period 2026H1      # 2026H2、2026(全年)、2026Q3、2026-11 也可以
    python scripts/compile_summary.py --from 2026-03-01 --to 2026-05-31
    python scripts/compile_summary.py --register 东区.xlsx --register 西区.xlsx   # 多个管理处对比
"""
from __future__ import annotations

import datetime as dt
import glob
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402
from kefu.core.errors import InputError, UsageError  # noqa: E402
from kefu.jobs.compile_summary import compile_summary  # noqa: E402


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text} 不是有效日期,应写成 2026-01-01 这样的格式。") from None


def expand_registers(values: tuple[str, ...]) -> list[Path] | None:
    """--register may be given several times, each a file or a glob (东区*.xlsx)."""
    if not values:
        return None
    paths: list[Path] = []
    for value in values:
        if any(ch in value for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(value) if not Path(p).name.startswith("~$"))
            if not found:
                raise InputError(f"--register {value} 没有匹配到任何文件。")
            paths.extend(found)
        else:
            paths.append(Path(value))
    return list(dict.fromkeys(paths))


@click.command(name="compile_summary", help=__doc__)
@config_option
@as_of_option
@click.option("--period", default=None, help="分析期间:2026H1、2026H2、2026、2026Q3、2026-11(默认:上一个已结束的半年)")
@click.option("--from", "date_from", default=None, metavar="YYYY-MM-DD", help="自定义期间的起始日期")
@click.option("--to", "date_to", default=None, metavar="YYYY-MM-DD", help="自定义期间的结束日期")
@click.option("--register", "registers", multiple=True, help="登记表文件(可多次指定或用通配符,用于各管理处对比)")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="另存统计数字为 JSON 文件")
@verbose_option
def main(config_path, as_of, period, date_from, date_to, registers, json_path, verbose):
    settings = settings_from(config_path)
    say = (lambda msg: click.echo(msg, err=True)) if verbose else None
    result = compile_summary(settings, parse_as_of(as_of), period=period,
                             date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                             registers=expand_registers(registers), json_path=json_path, progress=say)
    cur = result.overall.current
    until = f"截至 {cur.through.isoformat()}(期间未结束)" if cur.ongoing else ""
    click.echo(f"{result.period.label}{until}:共受理投诉 {cur.total} 件。")
    click.echo(f"Word 报告:{result.docx_path}")
    click.echo(f"Excel 统计表:{result.xlsx_path}")
    if result.json_path:
        click.echo(f"JSON:{result.json_path}")
    for note in result.warnings:
        click.echo(f"注意:{note}")
    return 0


if __name__ == "__main__":
    run(main)
