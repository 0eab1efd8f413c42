"""Questionnaire exports laid out the way 问卷星 and 腾讯问卷 write them, for the survey tests.

问卷星 (wjx): one row per answer sheet; 序号, 提交答卷时间 (``2026/11/3 9:32:09``), 所用时间 (``85秒``), 来源,
来源详情, 来自IP (``117.136.x.x(广东-深圳)``), then one column per question headed ``N、题目``; a matrix
question's first row ``6、题目—卫生管理``, its further rows ``6、绿化管理``; a multiple choice joined with ┋,
an "other" answer ``其他〖…〗``, an unanswered question ``(空)``. The 按序号 download holds option numbers
(1 = the first option) and splits a multiple choice into one 0/1 column per option, ``7(电梯)``.
腾讯问卷: 编号, 开始答题时间, 结束答题时间, 答题时长 (seconds), 地理位置…, 用户类型, 用户标识, 昵称,
自定义字段, then ``N.题目`` (a matrix row or a multiple choice's option ``N.题目:选项``, options written with
their letter ``A.非常满意``), then IP, UA, Referrer; a phone cell may start with a tab (seen in real files).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

EMPTY_FULL = "\uff08\u7a7a\uff09"   # (空) as 问卷星 writes it, full width
ITEMS = ["供电管理", "供水管理", "消防治安管理", "卫生管理", "绿化管理", "公共设施管理", "维修服务", "服务态度"]

WJX_SITE = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
WJX_QUESTIONS = ["1、您家的房号(如3栋2单元501):", "2、您的联系电话:", "3、您对小区供电管理是否满意?",
                 "4、您对小区供水管理是否满意?", "5、您对小区消防治安管理是否满意?",
                 "6、请您对以下方面进行评价—卫生管理", "6、绿化管理", "6、公共设施管理", "6、维修服务", "6、服务态度",
                 "7、您认为物业最需要改进的方面?", "8、您对物业管理还有哪些意见和建议?"]
WJX_HEADER = WJX_SITE + WJX_QUESTIONS


def wjx_row(number, submitted, seconds, unit, phone, answers, multi=EMPTY_FULL, comment=EMPTY_FULL):
    """One 问卷星 answer sheet (按文本); ``answers`` in the order of ITEMS, None for unanswered."""
    cells = [a if a is not None else EMPTY_FULL for a in answers]
    return [number, submitted, f"{seconds}秒", "微信", "https://open.weixin.qq.com/x", f"117.136.{number}.8(广东-深圳)",
            unit or EMPTY_FULL, phone or EMPTY_FULL, *cells, multi, comment]


def write_xlsx(path: Path, header: list, rows: list[list], sheet="Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, header: list, rows: list[list], encoding: str) -> Path:
    import csv
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


TENCENT_SITE = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省", "地理位置市",
                "用户类型", "用户标识", "昵称", "自定义字段"]
TENCENT_MATRIX = [f"3.您对以下服务的满意度:{item}" for item in ITEMS[:7]]
TENCENT_QUESTIONS = ["1.您的房号", "2.手机号码", *TENCENT_MATRIX, "4.请为客服人员的服务态度打分(5星最高)",
                     "5.您最希望改进的方面:电梯", "5.您最希望改进的方面:停车", "6.意见和建议"]
TENCENT_HEADER = TENCENT_SITE + TENCENT_QUESTIONS + ["IP", "UA", "Referrer"]


def tencent_row(number, start, end, seconds, nickname, unit, phone, matrix, stars, multi=("", ""), comment=""):
    return [number, start, end, seconds, "中国", "广东省", "深圳市", "微信", f"o86_0jq{number}XyZ", nickname, "",
            unit, f"\t{phone}" if phone else "", *matrix, stars, *multi, comment,
            f"183.14.{number % 250}.9", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0) MicroMessenger/8.0",
            "https://wj.qq.com/s2/1234567/abcd"]


def to_xls(xlsx: Path, out_dir: Path) -> Path:
    """The workbook saved as a real .xls (BIFF8) by LibreOffice with a profile of its own."""
    profile = Path(tempfile.mkdtemp(prefix="lo-kefu-"))
    try:
        subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "xls", "--outdir", str(out_dir), str(xlsx)],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(profile)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (xlsx.stem + ".xls")
