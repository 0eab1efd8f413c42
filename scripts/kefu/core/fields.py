"""The fields kefu knows, with the header texts offices use for them.

Each field: kind (how a cell becomes a value) and built-in aliases. ``[columns]`` in config.ini adds an
office's own header for a field. Headers are compared after ``normalize_header``.
"""
from __future__ import annotations

# kind: "text" | "date" | "time" | "phone" | "flag" | "number" | "grade"
REGISTER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("number", ("编号", "投诉编号", "登记编号", "投诉登记编号")),
    "received_on": ("date", ("登记日期", "受理日期", "投诉日期", "来访日期", "接待日期")),
    # A separate time column (受理日期 + 受理时间): read, never taken for the date. When a sheet has only
    # the time column of an event, the reader takes it as that event's date (it then holds dates).
    "received_time": ("time", ("受理时间",)),
    "customer": ("text", ("客户名称", "业主姓名", "投诉人", "姓名", "客户姓名", "业主")),
    "unit": ("text", ("房号", "房间号", "楼栋房号", "地址", "楼号房号")),
    "phone": ("phone", ("联系电话", "电话", "联系方式", "手机", "手机号")),
    "channel": ("text", ("投诉方式", "来源", "渠道", "投诉渠道", "方式")),
    "original_number": ("number", ("原件编号", "原始编号", "来函编号", "投诉文件编号", "原件号")),
    "summary": ("text", ("投诉内容摘要", "投诉内容", "内容摘要", "投诉性质", "投诉性质或内容摘要")),
    "category": ("text", ("类别", "投诉类别", "分类")),
    "department": ("text", ("责任部门", "处理部门", "责任班组")),
    "notice_number": ("number", ("通知单编号", "处理通知单编号", "通知单号")),
    "major": ("flag", ("是否重大", "重大投诉", "重大")),
    "verified_on": ("date", ("核实日期", "调查核实日期")),
    "replied_on": ("date", ("答复日期", "回复日期")),
    "replied_time": ("time", ("答复时间",)),
    "remedy": ("text", ("补救措施",)),
    "corrective_action": ("text", ("纠正措施",)),
    "action_due": ("date", ("预定完成日期", "计划完成日期", "纠正措施完成期限")),
    "completed_on": ("date", ("完成日期", "处理完成日期")),
    "result": ("text", ("处理结果",)),
    "callback_on": ("date", ("回访日期",)),
    "callback_time": ("time", ("回访时间",)),
    "callback_by": ("text", ("回访人",)),
    "callback_result": ("text", ("回访结果", "回访情况", "回访意见")),
    "satisfied": ("text", ("是否满意", "满意度")),
    "appointment_on": ("date", ("预约答复日期", "预约日期", "预约答复时间")),
    "status": ("text", ("状态", "处理状态")),
    "remarks": ("text", ("备注",)),
}

# A sheet is a register when its header row names these, and the number or a table's worth of fields
# (a register without a number column is read and checked as far as it goes: read.register).
REGISTER_REQUIRED = ("received_on",)
# time field -> the date field it stands in for when a sheet has no date column of that event
TIME_OF = {"received_time": "received_on", "replied_time": "replied_on", "callback_time": "callback_on"}

SURVEY_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("供电管理", ("供电",)),
    ("供水管理", ("供水",)),
    ("消防治安管理", ("消防治安", "治安消防", "消防", "治安")),
    ("卫生管理", ("卫生", "清洁卫生", "保洁")),
    ("绿化管理", ("绿化",)),
    ("公共设施管理", ("公共设施", "公共设施设备")),
    ("维修服务", ("维修",)),
    ("服务态度", ("态度",)),
)
ITEM_NAMES = tuple(name for name, _ in SURVEY_ITEMS)

SURVEY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "form_number": ("number", ("问卷编号", "调查表编号", "表号", "编号")),
    "unit": ("text", ("房号", "房间号", "楼栋房号", "地址")),
    "respondent": ("text", ("业主姓名", "姓名", "被调查人")),
    "phone": ("phone", ("联系电话", "电话", "联系方式")),
    "surveyed_on": ("date", ("日期", "调查日期", "填表日期", "回收日期")),
    **{name: ("grade", (name,) + aliases) for name, aliases in SURVEY_ITEMS},
    "comments": ("text", ("意见建议", "意见和建议", "意见", "建议", "其他意见")),
}
SURVEY_REQUIRED = ITEM_NAMES
