"""The scheduler driven by an injected clock: no sleeping, real ledger, real reminder files."""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import docx
import pytest

from conftest import REPO, complaint, needs_soffice, run_cli, sha256, write_config, write_register
from kefu.jobs.runner import make_scheduler, run_once
from kefu.jobs.registry import Job, JobResult
from kefu.jobs.scheduler import AlreadyRunning, InstanceLock
from kefu.core.settings import load_settings
from kefu.jobs.timetable import Trigger, is_due, last_due
from kefu.core.workdays import WorkCalendar

T = dt.datetime
CAL = WorkCalendar("workdays")


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Recorder:
    """Fake jobs that record when they ran; ``fail`` makes a job raise."""

    def __init__(self):
        self.runs: list[tuple[str, dt.datetime]] = []
        self.fail: set[str] = set()

    def job(self, name: str, trigger: Trigger) -> Job:
        def run(settings, now):
            self.runs.append((name, now))
            if name in self.fail:
                raise RuntimeError(f"{name} 模拟故障")
            return JobResult(f"{name} ok")
        return Job(name, f"任务{name}", trigger, run)

    def count(self, name: str) -> int:
        return sum(1 for n, _ in self.runs if n == name)


@pytest.fixture
def settings(tmp_path):
    return load_settings(write_config(tmp_path, "[schedule]\nreminder_format = txt\n"))


def scheduler_with(settings, recorder, clock, triggers: dict[str, Trigger]):
    jobs = {name: recorder.job(name, trigger) for name, trigger in triggers.items()}
    return make_scheduler(settings, clock=clock, jobs=jobs)


DAILY = Trigger("daily", dt.time(8, 30), workdays_only=True)


def test_a_failing_job_does_not_stop_the_others_and_runs_again_at_its_next_time(settings):
    rec, clock = Recorder(), Clock(T(2026, 11, 23, 8, 31))   # a Monday
    rec.fail.add("broken")
    s = scheduler_with(settings, rec, clock, {"broken": DAILY, "daily_check": DAILY})
    outcomes = s.tick()
    assert {(o.job, o.ok) for o in outcomes} == {("broken", False), ("daily_check", True)}
    clock.now = T(2026, 11, 23, 9, 0)
    assert s.tick() == []                      # not retried every minute
    clock.now = T(2026, 11, 24, 8, 30)
    s.tick()
    assert rec.count("broken") == 2 and rec.count("daily_check") == 2
    reminder = settings.paths.output / "今日提醒_2026-11-23.txt"
    text = reminder.read_text(encoding="utf-8")
    assert "任务broken运行失败:broken 模拟故障" in text and "logs/kefu.log" in text


def test_the_failure_is_logged_with_its_traceback(settings, tmp_path):
    from kefu.core.logs import setup_logging

    log_path = setup_logging(settings)
    rec, clock = Recorder(), Clock(T(2026, 11, 23, 8, 31))
    rec.fail.add("broken")
    scheduler_with(settings, rec, clock, {"broken": DAILY}).tick()
    log = log_path.read_text(encoding="utf-8")
    assert "job broken failed" in log and "Traceback" in log and "RuntimeError: broken 模拟故障" in log


def test_after_the_pc_was_off_three_days_each_missed_job_runs_exactly_once(settings):
    rec, clock = Recorder(), Clock(T(2026, 11, 20, 9, 0))   # Friday
    triggers = {"daily_check": DAILY, "callback_list": Trigger("daily", dt.time(8, 40), workdays_only=True),
                "notices": Trigger("interval", minutes=60), "monthly_summary": Trigger("monthly")}
    s = scheduler_with(settings, rec, clock, triggers)
    s.tick()
    before = {name: rec.count(name) for name in triggers}
    # Off from Friday evening to Wednesday 10:00 (Mon and Tue missed); the monthly job of 1 Dec not yet due.
    clock.now = T(2026, 11, 25, 10, 0)
    s2 = scheduler_with(settings, rec, clock, triggers)   # a restart: state comes from the ledger
    s2.tick()
    s2.tick()
    after = {name: rec.count(name) - before[name] for name in triggers}
    assert after == {"daily_check": 1, "callback_list": 1, "notices": 1, "monthly_summary": 0}
    clock.now = T(2026, 12, 3, 10, 0)   # off over 1 December: the monthly job catches up once
    scheduler_with(settings, rec, clock, triggers).tick()
    assert rec.count("monthly_summary") - before["monthly_summary"] == 1


def test_the_half_year_job_fires_once_after_30_june(settings):
    rec, clock = Recorder(), Clock(T(2026, 6, 30, 23, 59))
    s = scheduler_with(settings, rec, clock, {"half_year_summary": Trigger("half_year", dt.time(8, 30))})
    s.tick()
    runs = []
    for day in range(1, 10):
        for hour in (8, 9, 17):
            clock.now = T(2026, 7, day, hour, 45)
            runs += s.tick()
    assert [(o.job, o.at) for o in runs] == [("half_year_summary", T(2026, 7, 1, 8, 45))]


def test_a_fresh_install_does_not_replay_old_reports(settings):
    rec, clock = Recorder(), Clock(T(2026, 11, 26, 9, 0))
    s = scheduler_with(settings, rec, clock, {"monthly_summary": Trigger("monthly"), "daily_check": DAILY})
    s.tick()
    assert [n for n, _ in rec.runs] == ["daily_check"]


@pytest.mark.parametrize("now, expected", [
    (T(2026, 10, 5, 9, 0), T(2026, 9, 30, 8, 30)),    # National Day holiday: last working day 30 Sep
    (T(2026, 10, 10, 9, 0), T(2026, 10, 10, 8, 30)),  # the make-up Saturday (调休) is a working day
    (T(2026, 11, 23, 8, 0), T(2026, 11, 20, 8, 30)),  # Monday before 08:30: last was Friday
])
def test_daily_jobs_follow_chinese_working_days(now, expected):
    assert last_due(DAILY, now, CAL.is_workday) == expected


def test_an_interval_job_is_due_once_per_interval():
    trig = Trigger("interval", minutes=30)
    assert is_due(trig, T(2026, 11, 26, 9, 31), T(2026, 11, 26, 9, 0), CAL.is_workday)
    assert not is_due(trig, T(2026, 11, 26, 9, 29), T(2026, 11, 26, 9, 0), CAL.is_workday)


def test_a_second_instance_is_refused(settings):
    with InstanceLock(settings):
        with pytest.raises(AlreadyRunning, match="已有一个 kefu 调度程序在运行"):
            with InstanceLock(settings):
                pass


def test_a_stale_lock_from_a_killed_scheduler_is_taken_over(settings, tmp_path):
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]);"
            "from kefu.core.settings import load_settings; from kefu.jobs.scheduler import InstanceLock;"
            "lock = InstanceLock(load_settings(sys.argv[2])).__enter__(); print('locked', flush=True);"
            "time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(REPO / "scripts"), str(settings.source)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning):
            InstanceLock(settings).__enter__()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while True:
            try:
                with InstanceLock(settings):
                    break
            except AlreadyRunning:
                assert time.monotonic() < deadline, "lock of a killed process was not released"
                time.sleep(0.05)
    finally:
        proc.kill()


def test_unknown_job_names_in_config_are_refused(tmp_path):
    from kefu.core.errors import ConfigError

    with pytest.raises(ConfigError, match="weekly_tea") as refused:
        load_settings(write_config(tmp_path, "[schedule]\njobs = daily_check, weekly_tea\n"))
    assert "[schedule] jobs" in str(refused.value) and "daily_check" in str(refused.value)


def test_print_task_gives_schtasks_with_catch_up_and_cron_lines(tmp_path):
    config = write_config(tmp_path)
    result = run_cli("scheduler", "--print-task", "--config", config)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "<StartWhenAvailable>true</StartWhenAvailable>" in out
    assert "schtasks /Create" in out and "--once daily_check" in out
    assert f'--config "{config.resolve()}"' in out
    assert "30 8 * * 1-5" in out and "Persistent=true" in out


def _task_xmls(out: str) -> dict[str, ET.Element]:
    """job name -> the parsed Task Scheduler XML printed for it."""
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    tasks = {}
    for chunk in out.split('<?xml version="1.0" ?>')[1:]:
        task = ET.fromstring(chunk[:chunk.index("</Task>") + len("</Task>")])
        args = task.find("t:Actions/t:Exec/t:Arguments", ns).text
        tasks[re.search(r"--once (\w+)", args).group(1)] = task
    return tasks


def test_print_task_sets_up_every_scheduled_job_with_its_own_time_and_catch_up_in_each_method(tmp_path):
    config = write_config(tmp_path, "[schedule]\njobs = daily_check, notices, callback_list, monthly_summary, "
                                    "half_year_summary, survey_reminder\ndaily_check_at = 07:50\n"
                                    "callback_list_at = 09:15\nnotices_every_minutes = 30\n"
                                    "survey_reminder_on = 10-15\n")
    result = run_cli("scheduler", "--print-task", "--config", config)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    jobs = ("daily_check", "notices", "callback_list", "monthly_summary", "half_year_summary", "survey_reminder")
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    tasks = _task_xmls(out)
    assert sorted(tasks) == sorted(jobs)
    for name, task in tasks.items():
        assert task.find("t:Settings/t:StartWhenAvailable", ns).text == "true", name
        assert f'schtasks /Create /TN "kefu\\{name}" /XML "kefu-{name}.xml"' in out
    start = {n: t.find("t:Triggers/t:CalendarTrigger/t:StartBoundary", ns).text[-8:-3] for n, t in tasks.items()}
    assert start == {"daily_check": "07:50", "notices": "00:00", "callback_list": "09:15",
                     "monthly_summary": "07:50", "half_year_summary": "07:50", "survey_reminder": "07:50"}
    assert tasks["notices"].find("t:Triggers/t:CalendarTrigger/t:Repetition/t:Interval", ns).text == "PT30M"
    months = tasks["half_year_summary"].find("t:Triggers/t:CalendarTrigger/t:ScheduleByMonth/t:Months", ns)
    assert [m.tag.split("}")[1] for m in months] == ["January", "July"]
    cron = {re.search(r"--once (\w+)", line).group(1): line.split(" cd ")[0]
            for line in out.splitlines() if " cd " in line and "--once" in line}
    assert cron == {"daily_check": "50 7 * * 1-5", "notices": "*/30 * * * 1-5", "callback_list": "15 9 * * 1-5",
                    "monthly_summary": "50 7 1 * *", "half_year_summary": "50 7 1 1,7 *",
                    "survey_reminder": "50 7 15 10 *"}
    timers = dict(re.findall(r"kefu-(\w+)\.timer\n\[Unit\]\n.*\n\[Timer\]\nOnCalendar=(.*)\nPersistent=true", out))
    assert timers == {"daily_check": "Mon..Fri *-*-* 07:50:00", "notices": "Mon..Fri *-*-* *:00/30:00",
                      "callback_list": "Mon..Fri *-*-* 09:15:00", "monthly_summary": "*-*-01 07:50:00",
                      "half_year_summary": "*-01,07-01 07:50:00", "survey_reminder": "*-10-15 07:50:00"}


def test_print_task_leaves_out_the_jobs_the_schedule_does_not_run(tmp_path):
    config = write_config(tmp_path, "[schedule]\njobs = daily_check, callback_list\n")
    out = run_cli("scheduler", "--print-task", "--config", config).stdout
    assert sorted(_task_xmls(out)) == ["callback_list", "daily_check"]
    assert "--once notices" not in out and "--once monthly_summary" not in out


def _demo_like_register(tmp_path):
    return write_register(tmp_path / "登记表.xlsx", {"2026年": [
        complaint("TS-2026-0001", dt.date(2026, 11, 16), 责任部门="工程部"),
        complaint("TS-2026-0002", dt.date(2026, 11, 20), 责任部门="保洁部", 答复日期=dt.date(2026, 11, 21)),
    ]})


def test_once_daily_check_runs_the_check_and_leaves_the_reminder(tmp_path):
    register = _demo_like_register(tmp_path)
    before = sha256(register)
    config = write_config(tmp_path, register=register)
    result = run_cli("scheduler", "--once", "daily_check", "--config", config)
    assert result.returncode == 0, result.stderr
    assert "每日检查完成" in result.stdout
    reminders = list((tmp_path / "output").glob("今日提醒_*.docx"))
    assert len(reminders) == 1
    text = "\n".join(p.text for p in docx.Document(reminders[0]).paragraphs)
    assert "今日提醒" in text and "TS-2026-0001" in text    # overdue since 19 Nov
    assert sha256(register) == before


def test_once_with_a_broken_register_is_one_chinese_line_and_exit_1(tmp_path):
    bad = tmp_path / "登记表.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = run_cli("scheduler", "--once", "daily_check", "--config", write_config(tmp_path, register=bad))
    assert result.returncode == 1
    assert "每日检查运行失败" in result.stderr and "Traceback" not in result.stderr


@needs_soffice
@pytest.mark.skipif(not __import__("shutil").which("pdfinfo"), reason="poppler-utils not installed")
def test_the_reminder_for_the_demo_register_is_one_page(tmp_path):
    import shutil

    from kefu.outputs.pdf import convert

    register = tmp_path / "客户投诉登记表.xlsx"
    shutil.copyfile(REPO / "workbooks" / "客户投诉登记表.xlsx", register)
    settings = load_settings(write_config(tmp_path, register=register))
    outcome = run_once(settings, "daily_check", clock=lambda: T(2026, 11, 26, 8, 30))
    assert outcome.ok, outcome.summary
    reminder = tmp_path / "output" / "今日提醒_2026-11-26.docx"
    text = "\n".join(p.text for p in docx.Document(reminder).paragraphs)
    assert "超期未答复" in text and "TS-2026-0198" in text and text.count("TS-2026-0198 投诉 TS-2026-0198") == 0
    (pdf,) = convert([reminder], "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
