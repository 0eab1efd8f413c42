"""What staff read on the console is Chinese: click's own messages, --help (examples on their own lines),
rule names instead of rule ids."""
from __future__ import annotations

import ast
import re
import shutil

import openpyxl
import pytest

from conftest import REPO, SCRIPTS, run_cli, run_script

RULE_ID = re.compile(r"\b(?!config\.ini\b)[a-z]+\.[a-z_]+\b")   # config.ini is the file staff edit, not a rule id
CLICK_SCRIPTS = sorted(p.stem for p in SCRIPTS.glob("*.py") if "import click" in p.read_text(encoding="utf-8"))


def _docstring_lines(script: str) -> list[str]:
    doc = ast.get_docstring(ast.parse((SCRIPTS / f"{script}.py").read_text(encoding="utf-8")))
    return [line.strip() for line in doc.splitlines() if line.strip()]


@pytest.mark.parametrize("script", CLICK_SCRIPTS)
def test_help_keeps_each_line_of_the_scripts_description_and_speaks_chinese(script):
    done = run_script(script, "--help")      # the script itself, as staff start it: its imports, its exit
    assert done.returncode == 0, done.stderr
    shown = [line.strip() for line in done.stdout.splitlines()]
    examples = [line for line in _docstring_lines(script) if line.startswith("python scripts/")]
    assert examples, f"{script}: its help shows no example"
    for line in _docstring_lines(script):          # every line as written, examples one per line
        assert line in shown, f"{script}: {line!r} was re-wrapped"
    assert done.stdout.startswith(f"用法: {script} [选项]")
    assert "选项:" in shown and "显示本帮助并退出。" in done.stdout
    for english in ("Usage:", "Options:", "Show this message", "[OPTIONS]", " TEXT", " INTEGER"):
        assert english not in done.stdout


def test_the_offline_installer_help_keeps_its_lines_too():
    done = run_script("offline_install", "--help")
    assert done.returncode == 0, done.stderr
    shown = [line.strip() for line in done.stdout.splitlines()]
    assert all(line in shown for line in _docstring_lines("offline_install"))
    assert done.stdout.startswith("用法:") and "显示本帮助并退出" in done.stdout and "选项:" in shown
    assert not re.search(r"usage|options|show this help|WHEELS", done.stdout)
    wrong = run_script("offline_install", "upgrade")
    assert wrong.returncode == 2 and "用法错误:参数 step:'upgrade' 不在可选范围内" in wrong.stderr


def test_clicks_own_errors_are_one_chinese_line_with_exit_code_2():
    bad_year = run_cli("survey_report", "--year", "20x")
    assert bad_year.returncode == 2
    assert bad_year.stderr.strip() == "用法错误:'--year' 的值无效:'20x' 不是有效的数字。(用 --help 查看用法)"
    out_of_range = run_cli("survey_report", "--year", "1800")
    assert out_of_range.returncode == 2 and "超出允许的范围" in out_of_range.stderr
    unknown = run_cli("daily_check", "--colour")
    assert unknown.returncode == 2 and unknown.stderr.strip() == "用法错误:没有 '--colour' 这个选项。(用 --help 查看用法)"
    typo = run_cli("daily_check", "--quite")
    assert "您是想用 '--quiet' 吗?" in typo.stderr
    missing = run_cli("daily_check", "--as-of")
    assert missing.returncode == 2 and "选项 '--as-of' 后面需要写一个值。" in missing.stderr
    choice = run_cli("scheduler", "--once", "nothing")
    assert choice.returncode == 2 and "不在可选范围内" in choice.stderr
    for done in (bad_year, out_of_range, unknown, typo, missing, choice):
        assert len(done.stderr.strip().splitlines()) == 1
        assert not re.search(r"Invalid value|No such option|requires an argument|is not one of|Error", done.stderr)


@pytest.fixture
def demo_office(tmp_path):
    """The demo office (many kinds of findings at 2026-11-26): config.ini, workbooks/, templates/."""
    for name in ("workbooks", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy2(REPO / "config.ini", tmp_path / "config.ini")
    return tmp_path


def test_the_daily_check_names_rules_in_chinese_on_the_console_and_the_summary_sheet(demo_office):
    done = run_cli("daily_check", "--config", demo_office / "config.ini", "--as-of", "2026-11-26",
                      cwd=demo_office)
    assert done.returncode == 0, done.stderr
    text = "\n".join(line for line in done.stdout.splitlines() if "检查结果已保存" not in line)
    counts = text.split("【各类问题数量】")[1].split("【其他问题】")[0]
    assert len(counts.strip().splitlines()) >= 10                     # many kinds of findings ...
    assert "超期未答复" in counts and "回访不满意" in counts and "编号重复" in counts
    assert not RULE_ID.findall(text)                                  # ... and not one rule id
    book = openpyxl.load_workbook(demo_office / "output" / "检查结果" / "检查结果_2026-11-26.xlsx")
    summary = [str(c.value) for row in book["汇总"].iter_rows() for c in row if c.value is not None]
    assert "超期未答复" in summary and not [v for v in summary if RULE_ID.search(v)]
    assert not [name for name in book.sheetnames if RULE_ID.search(name)]
    verbose = run_cli("daily_check", "--config", demo_office / "config.ini", "--as-of", "2026-11-26",
                         "--verbose", cwd=demo_office)
    assert "(reply.overdue)" in verbose.stdout                        # the ids, for whoever asks
