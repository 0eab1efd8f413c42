"""The folder of holiday notices beside config.ini ([deadlines] holiday_notices, default 节假日).

When the folder is missing, the first calendar that counts working days creates it with a README.txt telling
the office what to save there and how to check that kefu took it. The README is written as Notepad on any
Windows reads it (UTF-8 with BOM, CRLF). A folder that cannot be created (a read-only share) is no error:
the calendar carries on without notices, and the fallback warning still names the folder.
"""
from __future__ import annotations

import logging
from pathlib import Path

from kefu.core.atomic import write_bytes_atomic
from kefu.core.errors import OutputError

log = logging.getLogger("kefu.core.holiday_folder")

README_NAME = "README.txt"

README_TEXT = """\
这个文件夹存放国务院办公厅每年发布的放假通知,kefu 按工作日计算答复期限时用它
(config.ini 中 [deadlines] day_count = workdays;定时任务“只在工作日运行”也用它)。

每年国务院公布下一年的放假安排后(通常在 11 月或 12 月),请这样做:
1. 在中国政府网或任何新闻网站打开《国务院办公厅关于2027年部分节假日安排的通知》(年份换成下一年);
2. 从标题开始,把通知全文复制下来:标题里的年份,以及“一、元旦:……”“二、春节:……”各条都要有;
3. 用记事本新建一个文件,粘贴,保存到本文件夹。文件名随意(例如“2027年放假通知.txt”),
   扩展名为 .txt,编码选 UTF-8 或 ANSI(GBK)都可以;
4. 一年一个文件。通知如有调整,请直接改这一年的文件,不要另存第二个文件。本说明文件不会被当作通知。

怎样确认 kefu 读对了:运行一次每日检查(python scripts/daily_check.py),
看开头几行的“工作日计算:……”。例如“2027 年用《2027年放假通知.txt》”说明已经用上了这个文件;
“2027 年没有节假日数据”说明还没有读到这一年的通知。
如果通知里有 kefu 看不懂的句子、写的星期几与日历不符或找不到年份,每日检查会停下并给出一行错误,
写明文件名和那句话,请对照通知原文改正后再运行。

个别日期与通知不同时(例如本处另有安排),在 config.ini 的 [deadlines] extra_holidays(放假日)/
extra_workdays(上班日)中写明,它们优先于通知。
"""


def prepare_notice_folder(folder: Path) -> bool:
    """Create ``folder`` with its README.txt when it is missing; True when the folder exists afterwards."""
    folder = Path(folder)
    if folder.is_dir():
        return True
    try:
        folder.mkdir(parents=True)
        write_bytes_atomic(folder / README_NAME, README_TEXT.replace("\n", "\r\n").encode("utf-8-sig"))
    except (OSError, OutputError) as exc:   # read-only share, no permission: carry on without the folder
        log.warning("holiday notice folder %s not prepared: %s", folder, exc)
    return folder.is_dir()
