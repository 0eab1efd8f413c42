"""The documented matcher of header words (kefu.read.header_words): the headers offices really write."""
from __future__ import annotations

import pytest

from kefu.read.header_words import meaning
from kefu.read.table import header_key

# header as written -> the field(s) it names by meaning
MEANINGS = {
    # received (a 时间 header is the time; the reader takes it as the date when there is no date column)
    "受理时间": ("received_time",), "投诉时间": ("received_time",), "来访时间": ("received_time",),
    "接访日期": ("received_on",), "接待日期": ("received_on",), "来电日期": ("received_on",),
    # issue 27: the words of published ledgers; a date or time with no event is the date received
    "留言时间": ("received_time",), "接件时间": ("received_time",), "来电时间": ("received_time",),
    "信访日期": ("received_on",), "日期": ("received_on",), "时间": ("received_time",),
    "2026年2月4日12时": (),
    # reply
    "回复时间": ("replied_time",), "反馈日期": ("replied_on",), "回复业主日期": ("replied_on",),
    "投诉答复日期": ("replied_on",),
    # callback
    "回访时间": ("callback_time",), "回访意见": ("callback_result",), "回访记录": ("callback_result",),
    "回访人员": ("callback_by",), "回访是否满意": ("satisfied",), "满意程度": ("satisfied",),
    # other dates
    "办结日期": ("completed_on",), "投诉处理完成日期": ("completed_on",), "调查核实时间": ("verified_on",),
    "预约回复时间": ("appointment_on",), "整改期限": ("action_due",),
    # people, places, phones, content, departments
    "投诉人姓名": ("customer",), "住户": ("customer",), "业主房号": ("unit",), "住址": ("unit",),
    "楼栋单元": ("unit",), "投诉人电话": ("phone",), "业主联系方式": ("phone",), "手机号码": ("phone",),
    "投诉事由": ("summary",), "投诉问题": ("summary",), "诉求内容": ("summary",),
    "承办部门": ("department",), "处理班组": ("department",), "责任单位": ("department",),
    "问题类别": ("category",), "来访方式": ("channel",), "投诉渠道": ("channel",),
    # numbers
    "编  号": ("number",), "投诉登记编号": ("number",), "通知单号": ("notice_number",),
    "原件编号": ("original_number",), "来函编号": ("original_number",),
    # the rest
    "是否重大投诉": ("major",), "处理进度": ("status",), "备　注": ("remarks",),
    "补救办法": ("remedy",), "纠正措施": ("corrective_action",), "处理结果": ("result",),
    # issue 27: a person is never the summary, an id is no field, a reply's text is the result
    "诉求人": ("customer",), "信访人": ("customer",), "来电人": ("customer",), "留言用户": ("customer",),
    "问题ID": (), "工单ID": (), "办件编号": ("number",), "市级编号": ("number",),
    "留言详情": ("summary",), "留言标题": ("summary",), "答复意见": ("result",), "回复内容": ("result",),
    "办理结果": ("result",), "办理时限": (), "答复期限": (), "随访人员": ("callback_by",),
    "被投诉人": (), "被投诉方": (), "投诉事实": ("summary",),
}
NOTHING = ["序号", "情况", "填报时间", "接待人", "受理人", "月份", "投诉件数", "已答复件数"]


@pytest.mark.parametrize("header", sorted(MEANINGS))
def test_the_words_offices_use_name_their_field(header):
    assert meaning(header_key(header)) == MEANINGS[header]


@pytest.mark.parametrize("header", NOTHING)
def test_headers_that_name_no_field_by_themselves_are_left_alone(header):
    assert meaning(header_key(header)) == ()


def test_a_header_naming_two_events_is_ambiguous():
    assert meaning(header_key("答复及回访日期")) == ("replied_on", "callback_on")


def test_line_breaks_blanks_and_full_width_brackets_do_not_change_the_meaning():
    assert meaning(header_key("回复\n业主日期（三日内）")) == ("replied_on",)
    assert meaning(header_key("承 办 部 门")) == ("department",)
