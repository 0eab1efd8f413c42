"""kefu.core.holiday_notices: the State Council's yearly holiday notices, checked against chinese-calendar where it
knows the year (2017 and 2026 as published, other years' wordings), and against the real weekdays for 2027."""
from __future__ import annotations

import datetime as dt
import re

import chinese_calendar
import pytest

from conftest import REPO
from kefu.core.errors import ConfigError
from kefu.core.holiday_notices import NoticeError, YearNotice, parse_notice, read_notice_file, read_notice_folder

REFERENCE = REPO / "tests" / "fixtures" / "holiday-notices"
D = dt.date


def reference(year: int) -> str:
    return (REFERENCE / f"{year}.txt").read_text(encoding="utf-8")


def days(year: int, *month_days: str) -> set[dt.date]:
    """days(2027, "0101", "0205-0212") -> the dates; a range includes both ends."""
    out = set()
    for text in month_days:
        first, _, last = text.partition("-")
        start = D(year, int(first[:2]), int(first[2:]))
        end = D(year, int(last[:2]), int(last[2:])) if last else start
        out |= {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}
    return out


def assert_matches_chinese_calendar(notice: YearNotice, year: int) -> None:
    """The weekdays off and the weekend working days of the year are exactly chinese-calendar's, and every
    date the notice names (also one of the year before) agrees with chinese-calendar."""
    every_day = [D(year, 1, 1) + dt.timedelta(days=i) for i in range((D(year + 1, 1, 1) - D(year, 1, 1)).days)]
    expected_off = {d for d in every_day if d.weekday() < 5 and chinese_calendar.is_holiday(d)}
    expected_work = {d for d in every_day if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    assert {d for d in notice.holidays if d.year == year and d.weekday() < 5} == expected_off
    assert {d for d in notice.workdays if d.year == year and d.weekday() >= 5} == expected_work
    assert_every_date_agrees_with_chinese_calendar(notice)


def assert_every_date_agrees_with_chinese_calendar(notice: YearNotice) -> None:
    assert all(chinese_calendar.is_holiday(d) for d in notice.holidays)
    assert all(chinese_calendar.is_workday(d) and d.weekday() >= 5 for d in notice.workdays)


# ---------------------------------------------------------------- the published notices


@pytest.mark.parametrize("year", [2017, 2026])
def test_reference_notice_matches_chinese_calendar(year):
    notice = read_notice_file(REFERENCE / f"{year}.txt")
    assert (notice.year, notice.source) == (year, f"{year}.txt")
    assert {d.year for d in notice.holidays | notice.workdays} == {year}
    assert_matches_chinese_calendar(notice, year)


def test_2017_wording_bu_xiu_and_with_the_weekend():
    notice = parse_notice(reference(2017))
    assert D(2017, 1, 2) in notice.holidays  # 1月2日(星期一)补休
    # 5月1日放假,与周末连休: the stated day only; the Saturday and Sunday before are days off anyway
    assert notice.holidays & days(2017, "0428-0502") == {D(2017, 5, 1)}
    assert notice.holidays >= days(2017, "1001-1008")  # the weekends inside a 放假 range are included
    assert notice.workdays == days(2017, "0122", "0204", "0401", "0527", "0930")


def test_2026_wording_lunar_text_in_brackets():
    notice = parse_notice(reference(2026), "2026.txt")
    assert notice.holidays >= days(2026, "0215-0223")
    assert notice.workdays == days(2026, "0104", "0214", "0228", "0509", "0920", "1010")
    assert len(notice.holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7


# Items as other years' notices worded them; chinese-calendar knows these years.
NOTICE_2023 = """国务院办公厅关于2023年部分节假日安排的通知
一、元旦:2022年12月31日至2023年1月2日放假调休,共3天。
二、春节:1月21日至27日放假调休,共7天。1月28日(星期六)、1月29日(星期日)上班。
三、清明节:4月5日放假,共1天。
四、劳动节:4月29日至5月3日放假调休,共5天。4月23日(星期日)、5月6日(星期六)上班。
五、端午节:6月22日至24日放假调休,共3天。6月25日(星期日)上班。
六、中秋节、国庆节:9月29日至10月6日放假调休,共8天。10月7日(星期六)、10月8日(星期日)上班。
"""
NOTICE_2024 = """国务院办公厅关于2024年部分节假日安排的通知
一、元旦:1月1日放假,与周末连休。
二、春节:2月10日至17日放假调休,共8天。2月4日(星期日)、2月18日(星期日)上班。鼓励各单位结合带薪年休假等制度落实,安排职工在除夕(2月9日)休息。
三、清明节:4月4日至6日放假调休,共3天。4月7日(星期日)上班。
四、劳动节:5月1日至5日放假调休,共5天。4月28日(星期日)、5月11日(星期六)上班。
五、端午节:6月10日放假,与周末连休。
六、中秋节:9月15日至17日放假调休,共3天。9月14日(星期六)上班。
七、国庆节:10月1日至7日放假调休,共7天。9月29日(星期日)、10月12日(星期六)上班。
"""
NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
一、元旦:1月1日(周三)放假1天,不调休。
二、春节:1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。1月26日(周日)、2月8日(周六)上班。
三、清明节:4月4日(周五)至6日(周日)放假,共3天。
四、劳动节:5月1日(周四)至5日(周一)放假调休,共5天。4月27日(周日)上班。
五、端午节:5月31日(周六)至6月2日(周一)放假,共3天。
六、国庆节、中秋节:10月1日(周三)至8日(周三)放假调休,共8天。9月28日(周日)、10月11日(周六)上班。
"""


@pytest.mark.parametrize("year, text", [(2023, NOTICE_2023), (2024, NOTICE_2024), (2025, NOTICE_2025)])
def test_other_years_wordings_match_chinese_calendar(year, text):
    notice = parse_notice(text)
    assert notice.year == year
    assert_matches_chinese_calendar(notice, year)


def test_advice_about_new_years_eve_is_not_a_day_off():
    assert D(2024, 2, 9) not in parse_notice(NOTICE_2024).holidays


# ---------------------------------------------------------------- New Year ranges


def test_new_year_range_into_the_notice_year_with_or_without_years():
    written = "国务院办公厅关于2019年部分节假日安排的通知\n" \
              "一、元旦:2018年12月30日至2019年1月1日放假调休,共3天。2018年12月29日(星期六)上班。\n"
    bare = "国务院办公厅关于2019年部分节假日安排的通知\n" \
           "一、元旦:12月30日(星期日)至1月1日(星期二)放假调休,共3天。12月29日(星期六)上班。\n"
    for text in (written, bare):
        notice = parse_notice(text)
        assert notice.holidays == {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)}
        assert notice.workdays == {D(2018, 12, 29)}
        assert_every_date_agrees_with_chinese_calendar(notice)


def test_december_31_to_january_2_without_years():
    notice = parse_notice("关于2023年部分节假日安排的通知\n一、元旦:12月31日至1月2日放假调休,共3天。\n")
    assert notice.holidays == {D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 2)}
    # the weekday written beside the date guards the year: 2022-12-31 was a Saturday, not a Friday
    with pytest.raises(NoticeError, match="与日历不符:2022年12月31日是星期六"):
        parse_notice("关于2023年部分节假日安排的通知\n一、元旦:12月31日(周五)至1月2日放假调休,共3天。\n")


def test_range_end_without_year_is_in_the_year_after_its_start():
    notice = parse_notice("关于2027年部分节假日安排的通知\n一、元旦:2027年12月31日至1月2日放假,共3天。\n")
    assert notice.holidays == {D(2027, 12, 31), D(2028, 1, 1), D(2028, 1, 2)}


# ---------------------------------------------------------------- a synthetic notice for 2027

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府,国务院各部委、各直属机构:

经国务院批准,现将2027年元旦、春节放假调休日期的具体安排通知如下。

一、元旦:1月1日(周五)至3日(周日)放假,共3天。

二、春节:2月5日(农历除夕、周五)至12日(农历正月初七、周五)放假调休,共8天。1月31日(周日)、2月20日(周六)上班。

节假日期间,各地区、各部门要妥善安排好值班和安全、保卫等工作。

国务院办公厅
2026年11月5日
"""


def test_synthetic_2027_notice():
    notice = parse_notice(NOTICE_2027, "2027.txt")
    assert notice == YearNotice(2027, frozenset(days(2027, "0101-0103", "0205-0212")),
                                frozenset(days(2027, "0131", "0220")), "2027.txt")


def test_dates_with_hao_spaces_dash_and_short_list():
    text = "关于2027年部分节假日安排的通知\n一、元旦:1月1号 (周五) — 1月3号 (周日) 放假 , 共 3 天 。\n" \
           "二、春节:2月5日至12日放假调休,共8天。1月31日(星期天)和2月20日(星期六)上班。\n"
    notice = parse_notice(text)
    assert notice.holidays == days(2027, "0101-0103", "0205-0212")
    assert notice.workdays == days(2027, "0131", "0220")
    list_with_day_only = "关于2027年部分节假日安排的通知\n二、春节:2月5日至12日放假调休。2月20日(周六)、21日(周日)上班。\n"
    assert parse_notice(list_with_day_only).workdays == days(2027, "0220-0221")


# ---------------------------------------------------------------- punctuation, encodings, copies

_FULL = str.maketrans({"(": "\uff08", ")": "\uff09", ":": "\uff1a", ",": "\uff0c", ";": "\uff1b"})
_FULL_DIGITS = {ord("0") + i: 0xFF10 + i for i in range(10)}


@pytest.mark.parametrize("year", [2017, 2026])
def test_full_width_and_half_width_punctuation_read_the_same(year):
    half = parse_notice(reference(year))
    full = reference(year).translate(_FULL)
    assert full != reference(year) and "(" not in full and ":" not in full
    assert parse_notice(full) == half
    assert parse_notice(full.translate(_FULL_DIGITS)) == half
    assert parse_notice(full.replace("\uff0c", "\u3000\uff0c\u3000")) == half
    spaced = full.replace("(", " (").replace(")", ") ").replace(",", " , ").replace("至", " 至 ")
    assert parse_notice(spaced.replace("\n", "\r\n")) == half


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_encodings_read_the_same(tmp_path, encoding):
    path = tmp_path / "放假通知.txt"
    path.write_bytes(reference(2026).encode(encoding))
    assert read_notice_file(path) == parse_notice(reference(2026), "放假通知.txt")


def test_gbk_copy_is_not_utf8(tmp_path):
    path = tmp_path / "2017.txt"
    path.write_bytes(reference(2017).encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_notice_file(path) == parse_notice(reference(2017), "2017.txt")


MESSY_2026 = ("首页 > 政策 > 最新政策\r\n2025年11月04日 17:02 来源:中国政府网\r\n"
              "国务院办公厅关于2026年部分节假日安排的通知\r\n"
              "各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\r\n"
              "一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。\r\n1月4日(周日)上班。\r\n"
              "二、春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、\r\n周一)放假调休,共9天。2月14日(周六)、"
              "2月28日(周六)上班。三、清明节:4月4日(周六)至6日(周一)放假,共3天。\r\n"
              "四、劳动节:5月1日(周五)至5日(周二)放假调休,共5天。5月9日(周六)上班。\r\n"
              "五、端午节:6月19日(周五)至21日(周日)放假,共3天。\r\n六、中秋节:9月25日(周五)至27日(周日)放假,共3天。\r\n"
              "七、国庆节:10月1日(周四)至7日(周三)放假调休,共7天。9月20日(周日)、10月10日(周六)上班。\r\n"
              "鼓励单位和个人结合落实带薪年休假等制度,实际形成较长假期。\r\n国务院办公厅\r\n2025年11月4日\r\n责任编辑:王某\r\n")


def test_a_messy_copy_from_a_news_page_reads_like_the_notice():
    assert parse_notice(MESSY_2026) == parse_notice(reference(2026))


def test_year_from_the_first_lines_when_the_title_has_none():
    text = NOTICE_2027.replace("关于2027年部分节假日安排的通知", "关于部分节假日安排的通知")
    text = "发布时间:2026年11月5日\n" + text  # a date's year is not the notice's year
    assert parse_notice(text).year == 2027


# ---------------------------------------------------------------- errors: one line, file name, the sentence

TITLE = "国务院办公厅关于2027年部分节假日安排的通知\n"
NEW_YEAR = "一、元旦:1月1日(周五)至3日(周日)放假,共3天。\n"


@pytest.mark.parametrize("text, quoted", [
    (TITLE + "一、元旦:1月1日(周三)至3日(周日)放假,共3天。\n", "“1月1日(周三)至3日(周日)放假,共3天。”"),
    ("国务院办公厅关于部分节假日安排的通知\n" + NEW_YEAR, "“国务院办公厅关于部分节假日安排的通知”"),
    (TITLE + NEW_YEAR + "二、春节:2月5日至12日放假调休,共8天。1月31日(周日)视情况另行安排。\n",
     "“1月31日(周日)视情况另行安排。”"),
    (TITLE + "一、元旦:1月1日(周五)至3日(周日)放假,共4天。\n", "“1月1日(周五)至3日(周日)放假,共4天。”"),
], ids=["wrong weekday", "missing year", "unknown sentence", "day count"])
def test_errors_are_one_line_with_the_file_name_and_the_sentence(tmp_path, text, quoted):
    path = tmp_path / "2027年放假通知.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NoticeError) as caught:
        read_notice_file(path)
    message = str(caught.value)
    assert "\n" not in message and "《2027年放假通知.txt》" in message and quoted in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ConfigError)


def test_wrong_weekday_message():
    with pytest.raises(NoticeError) as caught:
        parse_notice(TITLE + "一、元旦:1月1日(周三)至3日(周日)放假,共3天。\n", "2027年放假通知.txt")
    assert str(caught.value).startswith("《2027年放假通知.txt》中“1月1日(周三)”与日历不符:2027年1月1日是星期五")


@pytest.mark.parametrize("item, fragment", [
    ("一、元旦:1月6日放假,与周末连休。", "1月6日前后都不是周末"),
    ("一、元旦:另行通知。", "没有找到放假日期"),
    ("一、元旦:1月1日至3日放假。1月2日(周六)上班。", "2027年1月2日既是放假又是上班"),
    ("一、元旦:1月3日至1日放假。", "“1日”早于它前面的开始日期"),
    ("一、元旦:2月30日放假。", "“2月30日”不是日历上有的日期"),
    ("一、元旦:2025年1月1日放假。", "“2025年1月1日”的年份与通知的2027年不符"),
    ("一、元旦:3日放假。", "“3日”没有写月份"),
    ("一、元旦:1月1日放假,共三天。", "“共三天”无法识别"),
    ("一、元旦:共3天。", "“共3天”前面没有放假日期"),
    ("一、元旦:1月1日(周五)至3日(周日)放假,共3天。1月4日(周一)上斑。", "“1月4日(周一)上斑”无法识别"),
])
def test_other_mistakes_are_errors_not_guesses(item, fragment):
    with pytest.raises(NoticeError) as caught:
        parse_notice(TITLE + item + "\n", "x.txt")
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("text, fragment", [
    ("", "是空的"),
    (TITLE + "经国务院批准,现将2027年放假安排通知如下。\n", "没有找到放假安排"),
])
def test_a_file_that_is_no_notice_is_an_error(text, fragment):
    with pytest.raises(NoticeError, match=fragment):
        parse_notice(text, "x.txt")


def test_sentences_outside_the_items_are_ignored():
    text = NOTICE_2027.replace("节假日期间", "2月3日(周三)起,节假日期间")
    assert parse_notice(text) == parse_notice(NOTICE_2027)


# ---------------------------------------------------------------- the folder


def test_folder_reads_every_notice_and_skips_the_explanations(tmp_path):
    (tmp_path / "2017年放假安排.txt").write_text(reference(2017), encoding="utf-8")
    (tmp_path / "国务院通知.TXT").write_bytes(reference(2026).encode("gbk"))
    (tmp_path / "2027.txt").write_text(NOTICE_2027, encoding="utf-8-sig")
    (tmp_path / "README.txt").write_text("把国务院办公厅的放假通知全文存成 .txt 放在这里,一年一个文件。", encoding="utf-8")
    (tmp_path / "说明.txt").write_text("每年一个文件。", encoding="utf-8")
    (tmp_path / "通知.docx").write_bytes(b"PK\x03\x04")
    notices = read_notice_folder(tmp_path)
    assert sorted(notices) == [2017, 2026, 2027]
    assert notices[2026].source == "国务院通知.TXT"
    assert notices[2027] == parse_notice(NOTICE_2027, "2027.txt")


def test_two_files_for_one_year_name_both(tmp_path):
    (tmp_path / "a通知.txt").write_text(reference(2026), encoding="utf-8")
    (tmp_path / "b通知.txt").write_bytes(reference(2026).encode("gbk"))
    with pytest.raises(NoticeError) as caught:
        read_notice_folder(tmp_path)
    message = str(caught.value)
    assert "《a通知.txt》" in message and "《b通知.txt》" in message and "2026年" in message and "\n" not in message


def test_a_bad_file_in_the_folder_is_named(tmp_path):
    (tmp_path / "2027.txt").write_text(NOTICE_2027.replace("(周五)至3日", "(周四)至3日"), encoding="utf-8")
    with pytest.raises(NoticeError, match=re.escape("《2027.txt》中“1月1日(周四)”与日历不符")):
        read_notice_folder(tmp_path)


def test_missing_folder_is_empty(tmp_path):
    assert read_notice_folder(tmp_path / "节假日通知") == {}
