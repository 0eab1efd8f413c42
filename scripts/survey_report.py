"""业主意见调查统计:生成给主任的调查报告、统计工作簿(含图表)和给业主委员会的通报。

    python scripts/survey_report.py [--config config.ini] [--year 2026] [--as-of 2026-12-01] [--json 结果.json]
    python scripts/survey_report.py --blank-form      # 只生成空白调查表(Word),供打印发放

文件保存在 output/满意度调查/ 中。调查表和登记表只读取,不会被修改。
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click  # noqa: E402

from kefu.cli import as_of_option, config_option, parse_as_of, run, settings_from, verbose_option  # noqa: E402
from kefu.outputs.survey.channels import channels_text  # noqa: E402
from kefu.outputs.survey.form import make_blank_form  # noqa: E402
from kefu.jobs.survey_report import make_survey_report  # noqa: E402
from kefu.rules.survey_stats import percent  # noqa: E402


@click.command(name="survey_report", help=__doc__)
@config_option
@as_of_option
@click.option("--year", type=click.IntRange(1990, 2100), default=None,
              help="统计哪一年的调查(默认:调查表中最近的一年)")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="另存统计结果为 JSON 文件")
@click.option("--blank-form", is_flag=True, help="只生成空白调查表(Word)")
@verbose_option
def main(config_path, as_of, year, json_path, blank_form, verbose):
    settings = settings_from(config_path)
    if blank_form:
        path = make_blank_form(settings)
        click.echo(f"已生成空白调查表:{path}")
        return 0
    result = make_survey_report(settings, parse_as_of(as_of), year=year, json_path=json_path,
                                progress=(lambda msg: click.echo(f"……{msg}", err=True)) if verbose else None)
    stats = result.stats
    for note in result.notes:
        click.echo(note)
    if not result.empty:
        click.echo(f"回收 {stats.returned} 份,回收率 {percent(stats.return_rate)},总满意率 {percent(stats.overall_rate)}。")
        if channels_text(stats):
            click.echo(channels_text(stats))
        if stats.set_aside:
            click.echo(f"未计入 {len(stats.set_aside)} 份(同一户重复、测试或空白答卷),已列在报告附表和统计工作簿中。")
        if stats.below_target:
            click.echo("低于目标的项目:" + "、".join(f"{s.item}({percent(s.rate)})" for s in stats.below_target))
        if stats.invalid:
            click.echo(f"有 {len(stats.invalid)} 个答案无法识别,已列在报告附表中。")
    for path in (result.report, result.bulletin, result.workbook, result.json_path):
        if path:
            click.echo(f"已生成:{path}")
    return 0


if __name__ == "__main__":
    run(main)
