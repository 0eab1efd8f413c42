"""Ready-to-paste OS scheduler entries for this installation (Windows Task Scheduler, cron, systemd).

Every job of ``[schedule] jobs`` gets its own entry with its own time from ``[schedule]`` (the triggers of
``kefu.jobs.registry``), each running ``scheduler.py --once <job>``, and each with catch-up after the PC was
off: Task Scheduler's StartWhenAvailable, systemd's Persistent=true (cron has none: anacron or method one).
Task Scheduler and cron know no Chinese holidays: "working days" are Monday to Friday there; only the
long-running scheduler (method one) follows holidays and make-up working days (调休).
"""
from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

from kefu.core.settings import Settings
from kefu.jobs.registry import Job, enabled_jobs
from kefu.jobs.timetable import Trigger

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = "<Monday/><Tuesday/><Wednesday/><Thursday/><Friday/>"


class _Install:
    def __init__(self, python: str, script: Path, config: Path):
        self.python, self.script, self.config, self.workdir = python, script, config, config.parent

    def args(self, job: str) -> str:
        return f'"{self.script}" --once {job} --config "{self.config}"'

    def command(self, job: str) -> str:
        return f'"{self.python}" {self.args(job)}'


def task_texts(settings: Settings, config_path: Path, script: Path, python: str | None = None) -> str:
    install = _Install(python or sys.executable, Path(script).resolve(), Path(config_path).resolve())
    jobs = list(enabled_jobs(settings).values())
    names = "、".join(f"{job.name}({job.title})" for job in jobs)
    parts = [f"""\
== 方式一:让调度程序一直运行(开机自动启动;按中国法定节假日和调休运行,推荐)==
Windows:把下面这行保存为 kefu调度.bat,放进“启动”文件夹(Win+R 输入 shell:startup):
  "{install.python}" "{install.script}" --config "{install.config}"

以下方式二至四,每个任务({names})各设一项,时间取自 config.ini [schedule]。
注意:它们不认识节假日和调休,“工作日”按周一至周五;用了方式二至四就不要再用方式一(否则会运行两次)。

== 方式二:Windows 任务计划程序(错过的时间开机后尽快补运行:StartWhenAvailable)==
把每段 XML 分别保存为所写的文件名(用记事本另存为,编码选 UTF-8 或 Unicode 均可),再在“命令提示符”(管理员)中运行其下的 schtasks 命令。
"""]
    for job in jobs:
        parts.append(f"-- {job.title}({job.name}):{job.trigger.describe()} --\n"
                     f"保存为 kefu-{job.name}.xml,然后运行:\n"
                     f'  schtasks /Create /TN "kefu\\{job.name}" /XML "kefu-{job.name}.xml"\n\n'
                     + _task_xml(install, job))
    parts.append("== Linux / macOS:cron(crontab -e;关机期间错过的不会补运行,需要补运行请用 systemd 或方式一)==")
    for job in jobs:
        parts += [f"# {job.title}({job.name}):{job.trigger.describe()}",
                  f"{_cron(job.trigger)} cd \"{install.workdir}\" && {install.command(job.name)}"]
    parts.append("\n== Linux:systemd 定时器(Persistent=true:关机期间错过的开机后补运行)==")
    parts += [_systemd(install, job) for job in jobs]
    units = " ".join(f"kefu-{job.name}.timer" for job in jobs)
    parts.append(f"# 启用:systemctl --user daemon-reload && systemctl --user enable --now {units}")
    return "\n".join(parts) + "\n"


def _task_xml(install: _Install, job: Job) -> str:
    return f"""<?xml version="1.0" ?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Description>kefu {escape(job.title)}</Description></RegistrationInfo>
  <Triggers>
{_task_trigger(job.trigger)}
  </Triggers>
  <Settings>
    <StartWhenAvailable>true</StartWhenAvailable>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(install.python)}</Command>
      <Arguments>{escape(install.args(job.name))}</Arguments>
      <WorkingDirectory>{escape(str(install.workdir))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


def _task_trigger(trigger: Trigger) -> str:
    at = "00:00" if trigger.kind == "interval" else trigger.at.strftime("%H:%M")
    repeat = (f"      <Repetition><Interval>PT{trigger.minutes}M</Interval><Duration>P1D</Duration></Repetition>\n"
              if trigger.kind == "interval" else "")   # before StartBoundary, as Windows exports it
    if trigger.kind in ("daily", "interval"):
        when = (f"<ScheduleByWeek><DaysOfWeek>{_WEEKDAYS}</DaysOfWeek><WeeksInterval>1</WeeksInterval></ScheduleByWeek>"
                if trigger.workdays_only else "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>")
    else:
        day, months = _month_days(trigger)
        listed = "".join(f"<{_MONTHS[m - 1]}/>" for m in months)
        when = (f"<ScheduleByMonth><DaysOfMonth><Day>{day}</Day></DaysOfMonth>"
                f"<Months>{listed}</Months></ScheduleByMonth>")
    return (f"    <CalendarTrigger>\n{repeat}      <StartBoundary>2026-01-01T{at}:00</StartBoundary>\n"
            f"      {when}\n    </CalendarTrigger>")


def _month_days(trigger: Trigger) -> tuple[int, list[int]]:
    """(day of month, months) of a monthly, half-year or yearly trigger."""
    if trigger.kind == "monthly":
        return 1, list(range(1, 13))
    if trigger.kind == "half_year":
        return 1, [1, 7]
    return trigger.month_day[1], [trigger.month_day[0]]


def _cron(trigger: Trigger) -> str:
    weekdays = "1-5" if trigger.workdays_only else "*"
    if trigger.kind == "interval":
        if trigger.minutes < 60:
            return f"*/{trigger.minutes} * * * {weekdays}"
        hours = _hours(trigger.minutes)
        return f"0 {'*' if hours == 1 else f'*/{hours}'} * * {weekdays}"
    minute, hour = trigger.at.minute, trigger.at.hour
    if trigger.kind == "daily":
        return f"{minute} {hour} * * {weekdays}"
    day, months = _month_days(trigger)
    return f"{minute} {hour} {day} {'*' if len(months) == 12 else ','.join(map(str, months))} *"


def _hours(minutes: int) -> int:
    """An interval of an hour or more in whole hours (cron and systemd count minutes only below 60)."""
    return max(1, round(minutes / 60))


def _on_calendar(trigger: Trigger) -> str:
    days = "Mon..Fri " if trigger.workdays_only else ""
    if trigger.kind == "interval":
        if trigger.minutes < 60:
            return f"{days}*-*-* *:00/{trigger.minutes}:00"
        return f"{days}*-*-* 00/{_hours(trigger.minutes)}:00:00"
    at = trigger.at.strftime("%H:%M")
    if trigger.kind == "daily":
        return f"{days}*-*-* {at}:00"
    day, months = _month_days(trigger)
    month = "*" if len(months) == 12 else ",".join(f"{m:02d}" for m in months)
    return f"*-{month}-{day:02d} {at}:00"


def _systemd(install: _Install, job: Job) -> str:
    return f"""\
# ~/.config/systemd/user/kefu-{job.name}.service
[Unit]
Description=kefu {job.title}
[Service]
Type=oneshot
WorkingDirectory={install.workdir}
ExecStart={install.command(job.name)}

# ~/.config/systemd/user/kefu-{job.name}.timer
[Unit]
Description=kefu {job.title}定时器({job.trigger.describe()})
[Timer]
OnCalendar={_on_calendar(job.trigger)}
Persistent=true
[Install]
WantedBy=timers.target
"""
