"""config.ini: defaults, validation and the one-line Chinese errors."""
from __future__ import annotations

import pytest

from conftest import REPO, complaint, run_cli, run_script, sha256, write_config, write_register
from kefu.core.errors import ConfigError
from kefu.core.settings import SCHEMA, load_settings


def test_the_shipped_config_is_valid_and_names_every_key():
    settings = load_settings(REPO / "config.ini")
    text = (REPO / "config.ini").read_text(encoding="utf-8")
    for section, keys in SCHEMA.items():
        assert f"[{section}]" in text
        for key in keys:
            assert f"\n{key} =" in text, f"config.ini lacks [{section}] {key}"
    assert settings.deadlines.reply_days == 3 and settings.numbering.pattern == "TS-{year}-{seq:04d}"


def test_paths_are_relative_to_the_config_folder(tmp_path):
    path = write_config(tmp_path, register=None)
    settings = load_settings(path)
    assert settings.paths.output == tmp_path / "output"
    assert settings.paths.register == tmp_path / "workbooks" / "客户投诉登记表.xlsx"


@pytest.mark.parametrize("text, words", [
    ("[deadlines]\nreply_days = 三天\n", ["[deadlines]", "reply_days", "整数"]),
    ("[deadlines]\nday_count = weekdays\n", ["day_count", "calendar", "workdays"]),
    ("[deadlines]\nreply_dayz = 3\n", ["未知的项", "reply_dayz", "reply_days"]),
    ("[deadline]\nreply_days = 3\n", ["未知的节", "[deadline]"]),
    ("[columns]\nsumary = 投诉事由\n", ["[columns]", "sumary", "summary"]),
    ("[numbering]\npattern = TS-{yr}-{seq}\n", ["pattern", "{seq}"]),
    ("[survey]\nsatisfied_grades = 很满意\n", ["很满意", "grades"]),
    ("[survey]\ntarget_rate = 120%\n", ["target_rate", "百分数"]),
    ("reply_days = 3\n[deadlines]\n", ["缺少节名"]),
])
def test_a_wrong_value_names_section_key_and_what_is_allowed(tmp_path, text, words):
    path = tmp_path / "config.ini"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    for word in words:
        assert word in str(err.value)


def test_a_config_saved_as_gbk_by_notepad_is_read(tmp_path):
    path = tmp_path / "config.ini"
    path.write_bytes("[office]\nname = 绿景苑管理处\n".encode("gbk"))
    assert load_settings(path).office.name == "绿景苑管理处"


def test_a_missing_config_file_is_one_chinese_line_and_exit_1(tmp_path):
    result = run_script("read_workbooks", "--config", tmp_path / "nowhere.ini")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "找不到配置文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_value_through_the_script_exits_1_without_traceback(tmp_path):
    register = write_register(tmp_path / "r.xlsx", {"s": [complaint("TS-2026-0001", "2026-03-05")]})
    config = write_config(tmp_path, "[deadlines]\nday_count = sometimes\n", register=register)
    result = run_cli("read_workbooks", "--config", config)
    assert result.returncode == 1
    assert "[deadlines] day_count = sometimes 无效" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0


def test_a_missing_column_through_the_script_exits_1_and_leaves_the_file(tmp_path):
    register = write_register(tmp_path / "r.xlsx", {"一月": [{"编号": "TS-2026-0001"}]},
                              headers=["编号", "客户名称", "房号", "投诉内容摘要", "责任部门"])
    before = sha256(register)
    result = run_cli("read_workbooks", "--config", write_config(tmp_path, register=register))
    assert result.returncode == 1
    assert "缺少必需的列:登记日期" in result.stderr and "「一月」" in result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(register) == before


def test_wrong_usage_exits_2():
    result = run_script("read_workbooks", "--no-such-option")
    assert result.returncode == 2 and "用法错误" in result.stderr


def test_verbose_shows_the_traceback_for_the_installer(tmp_path):
    result = run_cli("read_workbooks", "--config", tmp_path / "nowhere.ini", "--verbose")
    assert result.returncode == 1 and "Traceback" in result.stderr
