"""One survey year from typed paper forms, a 问卷星 export and a 腾讯问卷 export, as the office has them.

Every figure below is counted by hand from the rows written here (the comments show the count), never
from kefu's own code.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from fractions import Fraction

import openpyxl
import pytest

from conftest import complaint, run_cli, sha256, write_config, write_register
from kefu.core.errors import InputError
from kefu.core.settings import load_settings
from kefu.jobs.survey_report import make_survey_report
from kefu.read.survey import read_survey
from kefu.rules.survey_stats import survey_stats
from survey_books import form, write_survey
from survey_exports_books import (EMPTY_FULL, ITEMS, TENCENT_HEADER, WJX_HEADER, tencent_row, to_xls, wjx_row,
                                  write_csv, write_xlsx)
from test_survey_report import docx_text

S, B, U = "满意", "基本满意", "不满意"
VS, OK, SO, VU = "非常满意", "满意", "一般", "非常不满意"
D = dt.date(2026, 11, 5)

PAPER = [
    form("Q01", "3栋1单元101", D, [S] * 8),                                   # P1: 8 of 8
    form("Q02", "3栋1单元102", D, [S, B, U, S, S, U, S, S]),                  # P2: same room as T2 (later)
    form("Q03", "5栋2单元301", dt.date(2026, 11, 2), [U, U, S, S, S, S, S, S]),  # P3: same room as W3 (later)
    form("Q04", "6栋1单元601", D, [S, None, S, S, "满", S, S, S], "电梯经常坏"),  # P4: 1 blank, 1 unreadable
]
WJX = [
    wjx_row(1, "2026/11/3 9:32:09", 85, "3栋1单元201", "13800000001",
            [VS, OK, SO, VS, OK, OK, U, VS], multi="电梯┋其他〖停车位太少〗"),      # W1
    wjx_row(2, "2026/11/3 10:01:00", 4, None, None, [VS] * 8),                 # W2: 4 seconds, a test
    wjx_row(3, "2026/11/4 20:15:30", 120, "5-2-301", None,
            [OK, OK, OK, SO, OK, "其他〖还行〗", OK, OK]),                        # W3: 其他〖还行〗 is no grade
    wjx_row(4, "2026/11/5 8:00:00", 60, None, None, [None] * 8),               # W4: every item blank
    wjx_row(5, "2026/11/6 12:00:00", 95, "7栋1单元701", "13800000005", [OK] * 7 + [None],
            comment="电梯经常坏,联系我13800000005"),                              # W5
    wjx_row(6, "2026/11/2 12:00:00", 100, None, "13800000001", [U] * 8),       # W6: W1's phone, earlier
]
TENCENT = [
    tencent_row(101, "2026-11-08 09:00:00", "2026-11-08 09:02:10", 130, "小狮子", "8栋1单元801", "13900000001",
                ["A.非常满意", "B.满意", "B.满意", "A.非常满意", "C.一般", "B.满意", "B.满意"], "5",
                multi=("电梯", ""), comment="楼道灯坏了,小狮子说过好几次"),        # T1
    tencent_row(102, "2026-11-09 19:30:00", "2026-11-09 19:32:30", 150, "山雾^O^", "3栋1单元102", "13900000002",
                ["D.不满意", "C.一般", "B.满意", "B.满意", "B.满意", "B.满意", "E.非常不满意"], "3",
                multi=("", "停车")),                                             # T2
    tencent_row(103, "2026-11-09 20:00:00", "2026-11-09 20:00:06", 6, "过眼烟云", "9栋1单元901", "13900000003",
                ["A.非常满意"] * 7, "5"),                                        # T3: 6 seconds, a test
]

# Counted: P1 P4 W1 W3 W5 T1 T2. Set aside: P2 (T2, same room), P3 (W3, same room), W6 (W1, same phone),
# W2 and T3 (tests), W4 (empty). (satisfied, valid) per item, satisfied = 非常满意/满意/基本满意/4–5 stars:
#            P1 P4 W1 W3 W5 T1 T2
# 供电管理    ✓  ✓  ✓  ✓  ✓  ✓  ✗   -> 6/7
# 供水管理    ✓  ·  ✓  ✓  ✓  ✓  ✗   -> 5/6   (P4 blank)
# 消防治安管理 ✓  ✓  ✗  ✓  ✓  ✓  ✓   -> 6/7
# 卫生管理    ✓  ✓  ✓  ✗  ✓  ✓  ✓   -> 6/7
# 绿化管理    ✓  ?  ✓  ✓  ✓  ✗  ✓   -> 5/6   (P4 "满" unreadable)
# 公共设施管理 ✓  ✓  ✓  ?  ✓  ✓  ✓   -> 6/6   (W3 其他〖还行〗 unreadable)
# 维修服务    ✓  ✓  ✗  ✓  ✓  ✓  ✗   -> 5/7
# 服务态度    ✓  ✓  ✓  ✓  ·  ✓5 ✗3  -> 5/6   (W5 blank)
BY_HAND = {"供电管理": (6, 7), "供水管理": (5, 6), "消防治安管理": (6, 7), "卫生管理": (6, 7), "绿化管理": (5, 6),
           "公共设施管理": (6, 6), "维修服务": (5, 7), "服务态度": (5, 6)}
SATISFIED, VALID = 44, 52


@pytest.fixture
def year(tmp_path):
    paper = write_survey(tmp_path / "业主意见调查表.xlsx", {"2026年调查": PAPER})
    wjx = write_xlsx(tmp_path / "386540716_按文本_2026年业主满意度调查_6_6.xlsx", WJX_HEADER, WJX)
    tencent = write_csv(tmp_path / "腾讯问卷_2026业主满意度.csv", TENCENT_HEADER, TENCENT, "utf-8-sig")
    config = write_config(tmp_path, "[survey]\ndistributed = 20\n", survey=f"{paper}, {wjx}, {tencent}")
    return load_settings(config), [paper, wjx, tencent]


def test_paper_and_online_forms_make_one_year_with_the_rates_counted_by_hand(year):
    settings, _ = year
    stats, counted = survey_stats(read_survey(settings), settings)
    assert {s.item: (s.satisfied, s.valid) for s in stats.items} == BY_HAND
    for s in stats.items:
        assert s.rate == float(Fraction(*BY_HAND[s.item]))
    assert (stats.satisfied, stats.valid) == (SATISFIED, VALID)
    assert stats.overall_rate == float(Fraction(SATISFIED, VALID))
    assert stats.returned == 7 and stats.return_rate == 7 / 20
    assert stats.blank == 2
    assert sorted((v.text, v.item) for v in stats.invalid) == [("其他〖还行〗", "公共设施管理"), ("满", "绿化管理")]
    channels = {c.channel: (c.read, c.returned, c.duplicates, c.tests, c.empties) for c in stats.channels}
    assert channels == {"纸质调查表": (4, 2, 2, 0, 0), "问卷星": (6, 3, 1, 1, 1), "腾讯问卷": (3, 2, 0, 1, 0)}
    assert [c.channel for c in stats.channels][0] == "纸质调查表"


def test_duplicates_and_test_submissions_are_set_aside_and_named(year):
    settings, _ = year
    stats, _ = survey_stats(read_survey(settings), settings)
    aside = {(a.response.channel, a.response.form_number): (a.reason, a.kept.form_number if a.kept else None, a.by)
             for a in stats.set_aside}
    assert aside == {("纸质调查表", "Q02"): ("duplicate", "102", "同一房号"),
                     ("纸质调查表", "Q03"): ("duplicate", "3", "同一房号"),
                     ("问卷星", "6"): ("duplicate", "1", "同一电话"),
                     ("问卷星", "2"): ("test", None, ""), ("问卷星", "4"): ("empty", None, ""),
                     ("腾讯问卷", "103"): ("test", None, "")}


def test_the_invalid_answer_names_its_cell_in_the_export(year):
    settings, _ = year
    stats, _ = survey_stats(read_survey(settings), settings)
    other = next(v for v in stats.invalid if v.item == "公共设施管理")
    # W3 is the third answer sheet (row 4); 6、公共设施管理 follows 6 site columns, 2 questions and 5 items: N
    assert (other.sheet, other.cell) == ("386540716_按文本_2026年业主满意度调查_6_6.xlsx", "N4")


def test_reports_show_channels_and_method_and_nothing_personal(year):
    settings, sources = year
    before = [sha256(p) for p in sources]
    run = make_survey_report(settings, dt.date(2026, 12, 1), json_path=sources[0].parent / "out.json")
    assert [sha256(p) for p in sources] == before
    report, bulletin = docx_text(run.report), docx_text(run.bulletin)
    for text in (report, bulletin):
        assert "纸质调查表 2 份、问卷星 3 份、腾讯问卷 2 份,合计 7 份" in text
        assert "只计最后填写的一份,另有 3 份未计入" in text
        assert "测试答卷 2 份、各项目均未作答的空白答卷 1 份" in text
        flat = re.sub(r"\s", "", text)
        private = ["117.136", "183.14", "广东-深圳", "Mozilla", "wj.qq.com", "o86_0jq", "小狮子", "山雾", "过眼烟云",
                   "13800000001", "13800000005", "13900000001", "13900000002", "3栋1单元201", "5-2-301",
                   "7栋1单元701", "8栋1单元801", "3栋1单元102", "1单元"]
        assert [p for p in private if p in text or p in flat] == []
    assert "《386540716_按文本_2026年业主满意度调查_6_6.xlsx》第 7 行" in report      # W6, named by place
    data = json.loads((sources[0].parent / "out.json").read_text(encoding="utf-8"))
    assert data["returned"] == 7 and data["overall_rate"] == SATISFIED / VALID
    assert [c["returned"] for c in data["channels"]] == [2, 3, 2]
    wb = openpyxl.load_workbook(run.workbook)
    rooms = [row[3] for row in wb["未计入的答卷"].iter_rows(min_row=2, values_only=True)]
    assert "3栋****" in rooms and "3栋1单元102" not in rooms                     # [privacy] mask = yes
    cells = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    assert [p for p in ("117.136", "小狮子", "13800000001", "13900000002", "o86_0jq") if p in cells] == []
    unmasked = make_survey_report(settings.with_values(privacy={"mask": False}), dt.date(2026, 12, 1))
    rooms = [row[3] for row in openpyxl.load_workbook(unmasked.workbook)["未计入的答卷"].iter_rows(
        min_row=2, values_only=True)]
    assert "3栋1单元102" in rooms


def test_a_gbk_csv_of_the_same_answers_reads_as_the_xlsx(tmp_path, settings_for):
    xlsx = write_xlsx(tmp_path / "按文本.xlsx", WJX_HEADER, WJX)
    csv = write_csv(tmp_path / "按文本.csv", WJX_HEADER, WJX, "gbk")
    a = read_survey(settings_for(survey=xlsx)).responses
    b = read_survey(settings_for(survey=csv)).responses
    assert [(r.answers, r.unit, r.phone, r.submitted_at, r.seconds, r.comments) for r in a] == \
           [(r.answers, r.unit, r.phone, r.submitted_at, r.seconds, r.comments) for r in b]
    w1 = b[0]
    assert (w1.submitted_at, w1.seconds, w1.channel) == (dt.datetime(2026, 11, 3, 9, 32, 9), 85, "问卷星")
    assert w1.answers["卫生管理"] == VS and w1.answers["维修服务"] == U
    assert w1.comments == "停车位太少"                          # the words of 其他〖…〗 join the opinions
    assert b[3].answers == {item: "" for item in ITEMS}        # (空) is blank


@pytest.mark.slow
def test_an_old_xls_download_reads_as_the_xlsx(tmp_path, settings_for):
    xlsx = write_xlsx(tmp_path / "问卷星.xlsx", WJX_HEADER, WJX)
    (tmp_path / "xls").mkdir()
    xls = to_xls(xlsx, tmp_path / "xls")
    a = read_survey(settings_for(survey=xlsx)).responses
    b = read_survey(settings_for(survey=xls)).responses
    assert [(r.answers, r.unit, r.phone, r.seconds, r.submitted_at) for r in a] == \
           [(r.answers, r.unit, r.phone, r.seconds, r.submitted_at) for r in b]


CODED_HEADER = WJX_HEADER[:-2] + ["7(电梯)", "7(停车)", "7(其他)", "8、您对物业管理还有哪些意见和建议?"]


def coded_row(number, seconds, codes, multi=(0, 0, 0), comment=EMPTY_FULL):
    return [number, "2026/11/10 9:00:00", f"{seconds}秒", "手机提交", "直接访问", "36.5.1.1(安徽-合肥)",
            f"{number}栋1单元101", "", *codes, *multi, comment]


def test_a_coded_download_follows_the_option_order_of_the_config(tmp_path, settings_for):
    rows = [coded_row(1, 50, [1, 2, 3, 1, 2, 2, 4, 5], (1, 0, 1)),   # 非常满意 满意 一般 非常满意 满意 满意 不满意 非常不满意
            coded_row(2, 70, [2, 2, 2, 2, 2, 2, -3, 7], (0, 1, 0))]  # -3 skipped; 7 is no option
    path = write_xlsx(tmp_path / "386540716_按序号_2026年业主满意度调查_2_2.xlsx", CODED_HEADER, rows)
    with pytest.raises(InputError, match="coded_options"):
        read_survey(settings_for(survey=path))
    settings = settings_for("[survey]\ncoded_options = 非常满意, 满意, 一般, 不满意, 非常不满意\n", survey=path)
    stats, _ = survey_stats(read_survey(settings), settings)
    # form 1: 5 of 8 satisfied (1,2,1,2,2); form 2: 6 valid (满意 ×6), -3 blank, 7 unreadable
    assert (stats.satisfied, stats.valid, stats.blank) == (11, 14, 1)
    assert [(v.item, v.text) for v in stats.invalid] == [("服务态度", "7(序号)")]


def test_a_header_that_could_be_two_items_asks_for_a_config_line(tmp_path, settings_for):
    header = WJX_SITE_AND(["1、您对电梯维修是否满意?", "2、您对小区供电管理是否满意?"])
    path = write_xlsx(tmp_path / "wjx.xlsx", header, [[1, "2026/11/3 9:32:09", "85秒", "微信", "", "1.1.1.1", OK, OK]])
    with pytest.raises(InputError, match=r"\[survey_columns\].*维修服务 = 1|公共设施管理 = 1"):
        read_survey(settings_for(survey=path))
    settings = settings_for("[survey_columns]\n维修服务 = 1\n", survey=path)
    assert read_survey(settings).items == ("供电管理", "维修服务")


def WJX_SITE_AND(questions):  # noqa: N802
    return ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", *questions]


def test_a_folder_holds_the_year_and_read_workbooks_shows_each_question(tmp_path):
    folder = tmp_path / "2026年满意度调查"
    folder.mkdir()
    write_survey(folder / "业主意见调查表.xlsx", {"2026年调查": PAPER})
    write_xlsx(folder / "问卷星_按文本.xlsx", WJX_HEADER, WJX)
    write_csv(folder / "腾讯问卷.csv", TENCENT_HEADER, TENCENT, "utf-8-sig")
    (folder / "~$业主意见调查表.xlsx").write_bytes(b"lock")
    register = write_register(tmp_path / "登记表.xlsx", {"2026年": [complaint("TS-2026-0001", dt.date(2026, 3, 1))]})
    config = write_config(tmp_path, survey=folder, register=register)
    done = run_cli("read_workbooks", "--config", config)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "网上问卷《问卷星_按文本.xlsx》(问卷星(按文本)):读到 6 份答卷" in out
    assert "卫生管理(卫生管理) ← L 列「6、请您对以下方面进行评价—卫生管理」" in out
    assert "意见建议(comments) ← R 列「8、您对物业管理还有哪些意见和建议?」" in out
    assert "未使用:F 列「来自IP」(问卷网站的系统字段,不读取)" in out
    assert "未使用:Q 列「7、您认为物业最需要改进的方面?」(多选题,不计入满意率)" in out
    assert "网上问卷《腾讯问卷.csv》(腾讯问卷):读到 3 份答卷" in out
    assert "服务态度(服务态度) ← U 列「4.请为客服人员的服务态度打分(5星最高)」" in out
    assert "共 13 份,调查项目 8 项" in out
    assert "13800000001" not in out and "117.136" not in out.replace("「来自IP」", "")


def test_read_workbooks_shows_the_survey_when_the_register_cannot_be_read(tmp_path):
    """An office that runs only the survey (or whose register path is wrong) still sees what was read from
    the survey; the register's problem is the one error line and the exit code is 1."""
    folder = tmp_path / "调查"
    folder.mkdir()
    write_xlsx(folder / "问卷星_按文本.xlsx", WJX_HEADER, WJX)
    config = write_config(tmp_path, survey=folder, register=tmp_path / "没有这个登记表.xlsx")
    done = run_cli("read_workbooks", "--config", config)
    assert done.returncode == 1
    assert "网上问卷《问卷星_按文本.xlsx》(问卷星(按文本)):读到 6 份答卷" in done.stdout
    assert done.stderr.count("错误:") == 1 and "没有这个登记表.xlsx" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_workbook_that_is_no_survey_names_the_survey_section(tmp_path, settings_for):
    path = write_xlsx(tmp_path / "别的表.xlsx", ["甲", "乙", "丙"], [[1, 2, 3]])
    with pytest.raises(InputError, match=r"\[survey_columns\]") as err:
        read_survey(settings_for(survey=path))
    assert "[columns]" not in str(err.value)


def test_the_daily_check_finds_the_rectify_sheet_in_a_survey_folder(tmp_path, settings_for):
    from kefu.jobs.daily_check import _rectifications

    folder = tmp_path / "调查"
    folder.mkdir()
    write_csv(folder / "a腾讯问卷.csv", TENCENT_HEADER, TENCENT, "utf-8-sig")
    write_xlsx(folder / "b问卷星.xlsx", WJX_HEADER, WJX)
    write_survey(folder / "c业主意见调查表.xlsx", {"2026年调查": PAPER},
                 rectify=[["维修服务", "上门慢", "工程部", dt.date(2026, 12, 31), "进行中", None]])
    sheet = _rectifications(settings_for(survey=folder))
    assert sheet.found and sheet.path.name == "c业主意见调查表.xlsx" and [r.item for r in sheet.items] == ["维修服务"]


def test_times_durations_grades_and_rooms_as_the_sites_write_them():
    from kefu.read.survey_exports import duration_seconds, submitted_at
    from kefu.rules.survey_household import phone_key, unit_key
    from kefu.rules.survey_scale import grade_by_meaning

    assert submitted_at("2026/11/3 9:32:09") == dt.datetime(2026, 11, 3, 9, 32, 9)
    assert submitted_at("02-Sep-2020 07:44:08") == dt.datetime(2020, 9, 2, 7, 44, 8)     # a real 腾讯问卷 CSV
    assert submitted_at("2026-11-03") == dt.datetime(2026, 11, 3) and submitted_at("昨天") is None
    assert [duration_seconds(t) for t in ("85秒", "1分25秒", "15", "130.0", "", "很久")] == [85, 85, 15, 130, None, None]
    assert [grade_by_meaning(a) for a in ("非常满意", "较满意", "基本满意", "一般", "比较不满意", "4分", "★★★★★",
                                          "5星", "其他〖还行〗", "6", "满")] == \
           ["非常满意", "较满意", "基本满意", "一般", "比较不满意", "4", "5", "5", None, None, None]
    assert unit_key("3栋2单元501") == unit_key("3-2-501") == unit_key("3 栋 2 单元 0501") != unit_key("3栋501")
    assert unit_key("1栋A单元501") != unit_key("1栋B单元501") and unit_key("501") == ""
    assert phone_key("\t138 0000 0001") == "13800000001" and phone_key("无") == ""


def test_an_export_of_another_questionnaire_is_refused_with_its_questions(tmp_path, settings_for):
    header = WJX_SITE_AND(["1、您的年级?", "2、您每天运动多久?"])
    path = write_xlsx(tmp_path / "别的问卷.xlsx", header, [[1, "2026/11/3 9:32:09", "85秒", "微信", "", "1.1.1.1", "大一", "1小时"]])
    with pytest.raises(InputError, match="没有一题能对应到八个调查项目.*「1、您的年级\\?」.*survey_columns"):
        read_survey(settings_for(survey=path))


def test_paths_survey_takes_several_files_and_min_seconds_zero_keeps_quick_answers(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[paths]\nsurvey = a.xlsx\uff0c b.csv;\n  c\n[survey]\nmin_seconds = 0\n", encoding="utf-8")
    settings = load_settings(config)
    assert [p.name for p in settings.paths.survey_sources] == ["a.xlsx", "b.csv", "c"]
    assert settings.paths.survey == tmp_path / "a.xlsx"
    moved = settings.with_values(paths={"survey": tmp_path / "d.xlsx"}).paths      # a copy names one file
    assert moved.survey_sources == (tmp_path / "d.xlsx",)
    wjx = write_xlsx(tmp_path / "wjx.xlsx", WJX_HEADER, WJX)
    quick = load_settings(write_config(tmp_path, "[survey]\nmin_seconds = 0\n", survey=wjx))
    stats, _ = survey_stats(read_survey(quick), quick)
    assert sum(c.tests for c in stats.channels) == 0 and stats.channels[0].returned == 4   # W2 counts now


def test_numbers_in_a_file_not_named_by_its_download_are_not_guessed(tmp_path, settings_for):
    rows = [coded_row(1, 50, [1, 2, 3, 1, 2, 2, 4, 5])]
    path = write_xlsx(tmp_path / "满意度调查(下载).xlsx", CODED_HEADER, rows)      # renamed: no 按序号
    with pytest.raises(InputError, match="看不出是问卷星“按序号”下载的选项序号,还是 1–5 分的打分"):
        read_survey(settings_for(survey=path))
    points = settings_for("[survey]\ncoded_options = 1, 2, 3, 4, 5\n", survey=path)
    stats, _ = survey_stats(read_survey(points), points)
    assert (stats.satisfied, stats.valid) == (2, 8)          # read as points: only the 4 and the 5
