"""Ready-to-paste OS scheduler entries for this installation (Windows Task Scheduler, cron, systemd)."""
from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape


def task_texts(settings, config_path: Path, script: Path, python: str | None = None) -> str:
    python = python or sys.executable
    config = Path(config_path).resolve()
    script = Path(script).resolve()
    at = settings.schedule.daily_check_at
    hour, minute = at.split(":")
    workdir = config.parent
    xml = _task_xml(python, script, config, workdir, at)
    return f"""\
== 方式一:让调度程序一直运行(开机自动启动)==
Windows:把下面这行保存为 kefu调度.bat,放进“启动”文件夹(Win+R 输入 shell:startup):
  "{python}" "{script}" --config "{config}"

== 方式二:由 Windows 任务计划程序每天运行一次(错过的时间开机后尽快补运行)==
1. 把下面的 XML 保存为 kefu每日检查.xml(编码 UTF-16 或 UTF-8 均可);
2. 在“命令提示符”(管理员)中运行:
  schtasks /Create /TN "kefu每日检查" /XML "kefu每日检查.xml"
   (XML 中的 StartWhenAvailable = “如果过了计划开始时间,立即启动任务”)

{xml}
== Linux / macOS:cron(crontab -e)==
{int(minute)} {int(hour)} * * 1-5 cd "{workdir}" && "{python}" "{script}" --once daily_check --config "{config}"

== Linux:systemd 定时器(Persistent=true 开机后补运行)==
# ~/.config/systemd/user/kefu-daily.service
[Unit]
Description=kefu 每日检查
[Service]
Type=oneshot
WorkingDirectory={workdir}
ExecStart="{python}" "{script}" --once daily_check --config "{config}"

# ~/.config/systemd/user/kefu-daily.timer
[Unit]
Description=kefu 每日检查定时器
[Timer]
OnCalendar=Mon..Fri *-*-* {at}:00
Persistent=true
[Install]
WantedBy=timers.target
# 启用:systemctl --user enable --now kefu-daily.timer
"""


def _task_xml(python: str, script: Path, config: Path, workdir: Path, at: str) -> str:
    args = escape(f'"{script}" --once daily_check --config "{config}"')
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><Description>kefu 每日检查</Description></RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2026-01-01T{at}:00</StartBoundary>
      <ScheduleByWeek><DaysOfWeek><Monday/><Tuesday/><Wednesday/><Thursday/><Friday/></DaysOfWeek>
        <WeeksInterval>1</WeeksInterval></ScheduleByWeek>
    </CalendarTrigger>
  </Triggers>
  <Settings>
    <StartWhenAvailable>true</StartWhenAvailable>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(python)}</Command>
      <Arguments>{args}</Arguments>
      <WorkingDirectory>{escape(str(workdir))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""
