"""Held-out masking set (issue 28), written before reading kefu's masker.

Survey comments as owners type them into the 意见建议 box (paper forms keyed in by the desk, or pasted from
问卷星 / 12345 留言 style), about half with personal data, half clean but full of buildings, units, floors,
counts, money, years and dates.

Each entry:
  text      the comment as written in the workbook
  personal  exact substrings that must never reach the director's report or the committee's bulletin
  clean     exact phrases that, if the outputs quote the comment, must be there intact
  anchor    a distinctive, number-free fragment of the comment used only to tell whether it was quoted
  surname   (optional) surname-level mentions (陈女士): what a masked name 陈** still tells; reported, not asserted
  neutral   (optional) substrings that are neither personal nor required: reported, not asserted

Staff called by surname with a prefix (保安老陈, 维修工小王) are labelled personal, as the brief's examples ask;
the report prints them apart as "surname-level" so a reader can weigh them.

Decision on the office hotline: the 物业 service number printed on notices is not a person's; it is labelled
``neutral`` (masking it is not counted as damage, leaving it is not counted as a miss).
"""
from __future__ import annotations

# (respondent name, phone, room) for the form columns; comments follow in COMMENTS (same order)
COMMENTS: list[dict] = [
    # ---------------- personal ----------------
    dict(text="我是5栋的张秀英,家里卫生间天花板渗水两个月了,报修三次没人来,电话13812345678。",
         personal=["张秀英", "13812345678"], clean=[], anchor="卫生间天花板渗水"),
    dict(text="3栋501业主反映:楼上装修每天早上七点就开始砸墙,严重影响休息。",
         personal=["3栋501"], clean=[], anchor="开始砸墙"),
    dict(text="保安老陈晚上值班经常睡觉,外来车辆随便进出,希望加强管理。",
         personal=["老陈"], clean=[], anchor="值班经常睡觉"),
    dict(text="维修工小王态度很好,修水管又快又干净,点赞!",
         personal=["小王"], clean=[], anchor="修水管又快又干净"),
    dict(text="客服李婷接电话态度冷淡,问什么都说不知道。",
         personal=["李婷"], clean=[], anchor="问什么都说不知道"),
    dict(text="车位被占好几次了,我的车牌旁边那辆车主电话138-1234-5678一直不接,物业也不管。",
         personal=["138-1234-5678"], clean=[], anchor="一直不接"),
    dict(text="3-2-501楼上漏水到我家,已经找过物业两次,麻烦尽快协调。",
         personal=["3-2-501"], clean=[], anchor="尽快协调"),
    dict(text="501室门口堆放杂物占用消防通道,多次提醒不改。",
         personal=["501室"], clean=[], anchor="占用消防通道"),
    dict(text="12号楼2单元1103的住户养狗不拴绳,小孩子很害怕。",
         personal=["12号楼2单元1103"], clean=[], anchor="养狗不拴绳"),
    dict(text="五栋三单元602长期在阳台晾晒滴水,楼下衣服都弄脏了。",
         personal=["五栋三单元602"], clean=[], anchor="阳台晾晒滴水"),
    dict(text="刘桂兰阿姨一个人住,腿脚不便,希望物业多关照一下,有事请打她女儿电话 139 8765 4321。",
         personal=["刘桂兰", "139 8765 4321"], clean=[], anchor="腿脚不便"),
    dict(text="请联系王建国先生,他知道地下车库漏水的具体位置,手机15900001111。",
         personal=["王建国", "15900001111"], clean=[], anchor="具体位置"),
    dict(text="陈女士(8栋1202)反映热水器安装需要物业开具证明,办理太慢。",
         personal=["8栋1202"], surname=["陈女士"], clean=[], anchor="开具证明"),
    dict(text="物业管家周丽很负责,每次有问题都能及时回复,建议表扬。",
         personal=["周丽"], clean=[], anchor="建议表扬"),
    dict(text="有事可以加我微信 zhangwei_1988 详细沟通,小区东门垃圾站臭味太大。",
         personal=["zhangwei_1988"], clean=[], anchor="垃圾站臭味太大"),
    dict(text="住户赵志强家的空调外机噪音很大,晚上睡不着,我住他楼下。",
         personal=["赵志强"], clean=[], anchor="空调外机噪音"),
    dict(text="业主孙美华反映的门禁卡问题一直没解决,请给个答复:0755-86001234。",
         personal=["孙美华", "0755-86001234"], clean=[], anchor="门禁卡问题一直没解决"),
    dict(text="我家7栋2单元301,下水道反味严重,请派人看看。我姓黄,电话18688886666。",
         personal=["7栋2单元301", "18688886666"], clean=[], anchor="下水道反味严重"),
    dict(text="保洁员吴秀珍阿姨打扫得很认真,楼道一直很干净。",
         personal=["吴秀珍"], clean=[], anchor="打扫得很认真"),
    dict(text="10栋1801的业主在楼道里放电动车充电,太危险了,请物业处理。",
         personal=["10栋1801"], clean=[], anchor="放电动车充电"),
    # ---------------- clean ----------------
    dict(text="9栋电梯故障频繁,上个月困人两次。", personal=[], clean=["9栋电梯故障频繁"], anchor="困人两次"),
    dict(text="3号楼2单元门禁坏了三次,外卖员随便进出。", personal=[], clean=["3号楼2单元门禁坏了三次"],
         anchor="外卖员随便进出"),
    dict(text="2026年物业费涨了10%,服务却没有提升。", personal=[], clean=["2026年物业费涨了10%"],
         anchor="服务却没有提升"),
    dict(text="12楼以上水压不足,早晚用水高峰基本没水。", personal=[], clean=["12楼以上水压不足"],
         anchor="用水高峰基本没水"),
    dict(text="地下车库B2层灯坏了一半,晚上停车看不清。", personal=[], clean=["地下车库B2层灯坏了一半"],
         anchor="晚上停车看不清"),
    dict(text="6栋和7栋之间的绿化带很久没修剪了,蚊子特别多。", personal=[], clean=["6栋和7栋之间的绿化带"],
         anchor="蚊子特别多"),
    dict(text="快递柜只有2组,不够用,建议在11栋旁边再加一组。", personal=[], clean=["快递柜只有2组", "11栋旁边"],
         anchor="再加一组"),
    dict(text="停水要提前通知,8月15日停水只提前了1小时贴通知。", personal=[], clean=["8月15日停水只提前了1小时"],
         anchor="贴通知"),
    dict(text="2号楼1单元的楼道灯坏了快一个月了。", personal=[], clean=["2号楼1单元的楼道灯"], anchor="坏了快一个月"),
    dict(text="小区南门到5栋的路灯晚上不亮,老人走路不安全。", personal=[], clean=["南门到5栋的路灯"],
         anchor="老人走路不安全"),
    dict(text="电动车充电桩只有20个,远远不够,很多人飞线充电。", personal=[], clean=["充电桩只有20个"],
         anchor="飞线充电"),
    dict(text="4栋顶楼每次下大雨都漏水,希望尽快做防水。", personal=[], clean=["4栋顶楼每次下大雨都漏水"],
         anchor="尽快做防水"),
    dict(text="一期15栋到18栋的垃圾桶每天只清运一次,夏天很臭。", personal=[], clean=["一期15栋到18栋的垃圾桶"],
         anchor="夏天很臭"),
    dict(text="物业服务热线 0755-86000000 晚上打不通,夜间报修没人接。", personal=[],
         clean=["晚上打不通"], neutral=["0755-86000000"], anchor="夜间报修没人接"),
    dict(text="游泳池7月1日开放,水质要每天检测并公示。", personal=[], clean=["7月1日开放"], anchor="水质要每天检测"),
    dict(text="1栋一楼大堂的空调坏了,夏天进门像蒸笼。", personal=[], clean=["1栋一楼大堂的空调坏了"],
         anchor="进门像蒸笼"),
    dict(text="停车费一个月300元偏贵,周边小区才200元。", personal=[], clean=["一个月300元", "才200元"],
         anchor="停车费"),
    dict(text="13栋3单元外墙瓷砖脱落,楼下行人很危险。", personal=[], clean=["13栋3单元外墙瓷砖脱落"],
         anchor="行人很危险"),
    dict(text="儿童游乐区的滑梯有裂缝,2025年就反映过。", personal=[], clean=["2025年就反映过"],
         anchor="滑梯有裂缝"),
    dict(text="整体还不错,保安24小时巡逻,继续保持。", personal=[], clean=["24小时巡逻"], anchor="继续保持"),
]

# respondents for the form columns: (name, phone, room); rooms/phones/names here are personal too
RESPONDENTS: list[tuple[str, str, str]] = [
    ("张秀英", "13812345678", "5栋1602"), ("李国强", "13600001234", "3栋501"), ("何晓东", "13711112222", "2栋302"),
    ("马丽娟", "13922223333", "6栋1104"), ("郑伟", "13533334444", "1栋801"), ("冯志刚", "13344445555", "9栋1203"),
    ("郭海燕", "13155556666", "3-2-601"), ("林晓峰", "13066667777", "4栋501室"), ("罗春梅", "18977778888", "12号楼2单元903"),
    ("梁永红", "18888889999", "5栋3单元402"), ("宋玉珍", "18799990000", "8栋201"), ("王建国", "15900001111", "10栋701"),
    ("陈淑芬", "15811112222", "8栋1202"), ("韩磊", "15722223333", "7栋1501"), ("唐文斌", "15633334444", "11栋2302"),
    ("许丽萍", "15544445555", "13栋603"), ("孙美华", "15355556666", "14栋1001"), ("黄德明", "18688886666", "7栋2单元301"),
    ("曹雪琴", "15177778888", "6栋302"), ("邓建华", "15088889999", "15栋1102"),
    ("彭小燕", "18611112222", "16栋502"), ("曾庆林", "18522223333", "2栋1801"), ("萧红霞", "18433334444", "17栋802"),
    ("田振宇", "18344445555", "18栋1203"), ("董秀兰", "18255556666", "1栋1601"), ("袁志勇", "18166667777", "9栋402"),
    ("潘文静", "18077778888", "3栋702"), ("蔡明辉", "17788889999", "4栋1301"), ("蒋玉梅", "17699990000", "5栋201"),
    ("余海波", "17511112222", "12栋1701"), ("杜晓丽", "17322223333", "11栋601"), ("叶国华", "17233334444", "13栋1401"),
    ("程丽华", "17144445555", "14栋302"), ("魏春生", "17055556666", "15栋1902"), ("苏桂英", "19966667777", "16栋1101"),
    ("吕建平", "19877778888", "1栋2001"), ("丁美玲", "19788889999", "17栋402"), ("沈国栋", "19699990000", "2栋902"),
    ("任晓明", "19511112222", "18栋301"), ("姚翠英", "19322223333", "10栋1501"),
]
assert len(RESPONDENTS) == len(COMMENTS) == 40
