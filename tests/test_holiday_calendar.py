"""Working days from the State Council's notice saved in the 节假日 folder: precedence (config.ini, notices,
chinese-calendar, fallback), the daily check across a year chinese-calendar does not know, the line saying
which source each year used, the folder and its README, and a broken notice as one Chinese line."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from conftest import REPO, complaint, run_cli, sha256, write_config, write_register
from kefu.core.holiday_folder import README_TEXT
from kefu.core.holiday_notices import parse_notice
from kefu.core.settings import load_settings
from kefu.core.workdays import WorkCalendar, reply_deadline
from kefu.jobs.daily_check import run_daily_check
from kefu.jobs.scheduler import Scheduler
from kefu.outputs.findings.console import render_console

D = dt.date
WORKDAYS = "[deadlines]\nday_count = workdays\n"
NOTICE_NAME = "2027年放假通知.txt"
# A notice for 2027 as the State Council writes them (the real one is not out yet): the weekdays are 2027's.
# 春节 2月6日-12日; make-up working days on Sunday 1月31日 and Saturday 2月13日.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府,国务院各部委、各直属机构:

经国务院批准,现将2027年元旦、春节放假调休日期的具体安排通知如下。

一、元旦:1月1日(周五)至3日(周日)放假,共3天。

二、春节:2月6日(农历正月初一、周六)至12日(周五)放假调休,共7天。1月31日(周日)、2月13日(周六)上班。

国务院办公厅
2026年11月20日
"""
AS_OF = D(2027, 2, 20)
# Received the day before 春节, answered on the make-up Saturday; received the Friday before the make-up Sunday,
# answered the Wednesday after it.
REFERENCE_2026 = (REPO / "tests" / "fixtures" / "holiday-notices" / "2026.txt").read_text(encoding="utf-8")
ROWS = [complaint("TS-2027-0001", D(2027, 2, 5), 责任部门="工程部", 答复日期=D(2027, 2, 13)),
        complaint("TS-2027-0002", D(2027, 1, 29), 责任部门="保洁部", 答复日期=D(2027, 2, 3))]


def office(tmp_path, text=WORKDAYS, notice: str | None = NOTICE_2027, encoding="utf-8"):
    register = write_register(tmp_path / "workbooks" / "客户投诉登记表.xlsx", {"2027年": ROWS})
    config = write_config(tmp_path, text, register=register)
    if notice is not None:
        (tmp_path / "节假日").mkdir()
        (tmp_path / "节假日" / NOTICE_NAME).write_bytes(notice.encode(encoding))
    return register, config


def replies_found(findings):
    return sorted((f.rule, f.number) for f in findings if f.rule.startswith("reply."))


# ---------------------------------------------------------------- the daily check across 2027's 春节


def test_a_reply_on_the_make_up_saturday_is_on_time_with_the_notice_and_late_without_it(tmp_path):
    register, config = office(tmp_path / "with")
    digest = sha256(register)
    with_notice = run_daily_check(load_settings(config), AS_OF)
    # 2-5 + 3 working days: 2-13 (Saturday, 上班), 2-15, 2-16; 1-29 + 3: 1-31 (Sunday, 上班), 2-1, 2-2
    assert replies_found(with_notice.findings) == [("reply.late", "TS-2027-0002")]
    late = next(f for f in with_notice.findings if f.rule == "reply.late")
    assert "答复期限 2027-02-02" in late.message and "晚了 1 个工作日" in late.message
    assert with_notice.calendar.fallback_warning() is None
    assert sha256(register) == digest

    register, config = office(tmp_path / "without", notice=None)
    without = run_daily_check(load_settings(config), AS_OF)
    # weekends and fixed holidays only: 2-5 + 3 = 2-10, so 2-13 is late; 1-29 + 3 = 2-3, on time
    assert replies_found(without.findings) == [("reply.late", "TS-2027-0001")]
    late = next(f for f in without.findings if f.rule == "reply.late")
    assert "答复期限 2027-02-10" in late.message
    assert "2027 年的工作日按周末和固定节日" in without.calendar.fallback_warning()


def test_the_source_of_each_year_is_said_once_in_the_console_json_and_the_summary_sheet(tmp_path):
    register, config = office(tmp_path)
    digest = sha256(register)
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF, "--json", tmp_path / "out.json")
    assert done.returncode == 0, done.stderr
    line = f"工作日计算:2027 年用《{NOTICE_NAME}》"
    assert done.stdout.splitlines()[1] == f"!! {line}" and done.stdout.count(line) == 1
    assert "节假日数据只到" not in done.stdout
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["warnings"] == [line]
    book = openpyxl.load_workbook(tmp_path / "output" / "检查结果" / "检查结果_2027-02-20.xlsx")
    summary = [c.value for row in book["汇总"].iter_rows() for c in row]
    assert summary.count(line) == 1
    assert sha256(register) == digest


def test_years_from_chinese_calendar_and_from_a_notice_are_named_apart(tmp_path):
    register, config = office(tmp_path)
    rows = [complaint("TS-2026-0001", D(2026, 12, 29), 责任部门="工程部", 答复日期=D(2026, 12, 30))]
    write_register(register, {"2026年": rows, "2027年": ROWS})
    result = run_daily_check(load_settings(config), AS_OF)
    assert result.warnings[0] == f"工作日计算:2026 年用 chinese-calendar 日历数据,2027 年用《{NOTICE_NAME}》"
    assert render_console(result).count(result.warnings[0]) == 1


def test_calendar_days_name_a_saved_notice_but_create_no_folder(tmp_path):
    _register, config = office(tmp_path, text="", notice=None)
    result = run_daily_check(load_settings(config), AS_OF)
    assert not (tmp_path / "节假日").exists()
    assert not [w for w in result.warnings if "工作日计算" in w]

    _register, config = office(tmp_path / "noticed", text="")
    result = run_daily_check(load_settings(config), AS_OF)
    assert result.warnings[0].startswith(f"工作日计算:2027 年用《{NOTICE_NAME}》(答复期限按日历天数计算")


# ---------------------------------------------------------------- a notice kefu cannot take


@pytest.mark.parametrize("wrong, quoted", [
    (NOTICE_2027.replace("1月1日(周五)", "1月1日(周四)"), "“1月1日(周四)”与日历不符:2027年1月1日是星期五"),
    (NOTICE_2027.replace("关于2027年", "关于").replace("现将2027年", "现将"), "找不到通知的年份"),
    (NOTICE_2027.replace("2月13日(周六)上班", "2月13日(周六)视情况上班"), "视情况上班”无法识别"),
], ids=["wrong weekday", "missing year", "unknown sentence"])
def test_a_broken_notice_stops_the_daily_check_with_one_line_naming_file_and_sentence(tmp_path, wrong, quoted):
    register, config = office(tmp_path, notice=wrong, encoding="gbk")
    digest = sha256(register)
    done = run_cli("daily_check", "--config", config, "--as-of", AS_OF)
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith(f"错误:《{NOTICE_NAME}》") and quoted in done.stderr
    assert not (tmp_path / "output" / "检查结果" / "检查结果_2027-02-20.xlsx").exists()
    assert sha256(register) == digest


# ---------------------------------------------------------------- the folder and its README


def test_counting_working_days_creates_the_folder_with_a_readme_once(tmp_path):
    register, config = office(tmp_path, notice=None)
    digest = sha256(register)
    run_daily_check(load_settings(config), AS_OF)
    readme = tmp_path / "节假日" / "README.txt"
    data = readme.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data   # as Notepad on any Windows reads it
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    assert text == README_TEXT and ".txt" in text and "UTF-8" in text and "工作日计算" in text
    readme.write_text("本处的说明", encoding="utf-8")
    run_daily_check(load_settings(config), AS_OF)
    assert readme.read_text(encoding="utf-8") == "本处的说明"        # an existing folder is left as it is
    assert [p.name for p in register.parent.iterdir()] == [register.name] and sha256(register) == digest


def test_a_folder_that_cannot_be_created_is_no_error_and_the_warning_names_it(tmp_path):
    blocked = tmp_path / "只读" / "节假日"
    (tmp_path / "只读").write_text("a file where a folder would have to be", encoding="utf-8")
    register, config = office(tmp_path, text=WORKDAYS + f"holiday_notices = {blocked}\n", notice=None)
    result = run_daily_check(load_settings(config), AS_OF)
    assert replies_found(result.findings) == [("reply.late", "TS-2027-0001")]
    assert f"《{blocked}》文件夹" in result.calendar.fallback_warning()


# ---------------------------------------------------------------- precedence, calendar by calendar


def test_config_ini_wins_over_the_notice_which_wins_over_chinese_calendar(tmp_path):
    notice = parse_notice(NOTICE_2027, NOTICE_NAME)
    calendar = WorkCalendar("workdays", extra_holidays={D(2027, 2, 13)}, notices={2027: notice})
    assert not calendar.is_workday(D(2027, 2, 13))                  # config.ini says off, the notice 上班
    assert calendar.is_workday(D(2027, 1, 31)) and not calendar.is_workday(D(2027, 2, 8))
    assert calendar.is_workday(D(2027, 3, 1)) and not calendar.is_workday(D(2027, 3, 6))   # the rest: weekdays
    assert calendar.fallback_years == set()
    assert calendar.year_sources() == {2027: f"用《{NOTICE_NAME}》(另有 config.ini 中补充的 1 天)"}
    # a 2026 notice without 清明节 makes Monday 2026-04-06 a working day although chinese-calendar says off
    without_qingming = (REFERENCE_2026.split("三、清明节")[0]
                        + "四、劳动节" + REFERENCE_2026.split("四、劳动节")[1])
    own = WorkCalendar("workdays", notices={2026: parse_notice(without_qingming, "2026.txt")})
    assert own.is_workday(D(2026, 4, 6)) and not WorkCalendar("workdays").is_workday(D(2026, 4, 6))
    assert reply_deadline(D(2027, 2, 5), 3, calendar) == D(2027, 2, 17)


def test_a_notice_for_next_year_also_names_the_last_days_of_this_one():
    text = ("国务院办公厅关于2028年部分节假日安排的通知\n"
            "一、元旦:2027年12月31日(周五)至2028年1月2日(周日)放假,共3天。\n")
    calendar = WorkCalendar("workdays", notices={2028: parse_notice(text, "2028.txt")})
    assert not calendar.is_workday(D(2027, 12, 31)) and calendar.is_workday(D(2027, 12, 30))
    assert calendar.fallback_years == {2027}


def test_the_scheduler_runs_on_the_make_up_saturday_and_reads_a_notice_saved_while_it_runs(tmp_path):
    _register, config = office(tmp_path, text="", notice=None)
    scheduler = Scheduler(load_settings(config), {})
    try:
        assert not scheduler.workday_calendar(D(2027, 2, 12)).is_workday(D(2027, 2, 13))
        (tmp_path / "节假日" / NOTICE_NAME).write_text(NOTICE_2027, encoding="utf-8")
        assert not scheduler.workday_calendar(D(2027, 2, 12)).is_workday(D(2027, 2, 13))   # the same day
        calendar = scheduler.workday_calendar(D(2027, 2, 13))
        assert calendar.is_workday(D(2027, 2, 13)) and not calendar.is_workday(D(2027, 2, 8))
        (tmp_path / "节假日" / NOTICE_NAME).write_text(NOTICE_2027.replace("(周六)上班", "(周五)上班"),
                                                     encoding="utf-8")
        assert scheduler.workday_calendar(D(2027, 2, 14)) is calendar    # a broken notice: the day before's
    finally:
        scheduler.state.close()
