"""Meetings that sign many agreements, and the bodies that sign them, as pages list them.

- A list a sentence introduces ("会上,七区县共签署合作协议6项,其中:") is the story's own,
  bulleted or not; a table may give the signatories first and the document last
  ("四川大学 重庆大学 《…合作协议》"); pairs named before their count ("A与B、C与D等6对…
  部门,分别签署了…") each signed; each side's bodies may be listed apart by a comma
  ("荣昌区安富街道、峰高街道,泸县福集镇、玉蟾街道和龙马潭区胡市镇共同签订"); "三乡镇" are
  the three towns named before, not a town of that name.
- What a meeting of an earlier year signed ("2024年推进会上,…签署了《…》等11项协议") is
  background; students each signing their training contract sign no cooperation.
- "学院党委书记某与…代表双方签订" under "我院与…签约仪式" is 我院's.
"""

from __future__ import annotations

from tests.evaluation.reports import found_in_text as analysed


def test_a_bulleted_list_the_story_introduces() -> None:
    found = analysed(
        "明月山绿色发展示范带推进会在梁平召开\n2024-04-19 08:30 来源:梁平区融媒体中心\n\n"
        "4月18日,明月山绿色发展示范带2024年推进会在梁平区召开。"
        "会上,七区县共签署合作协议6项,其中:\n"
        "· 梁平区人民政府与开江县人民政府签署《梁平开江农文旅融合发展合作协议》;\n"
        "· 垫江县人民政府与大竹县人民政府签署《垫江大竹医疗卫生服务协同合作协议》;\n"
        "· 达川区与梁平区就共建明月山百里竹海森林康养旅游环线签订合作协议。\n"
    )
    assert [(title, parties) for title, parties, _, _ in found] == [
        ("梁平开江农文旅融合发展合作协议", ("梁平区人民政府", "开江县人民政府")),
        ("垫江大竹医疗卫生服务协同合作协议", ("垫江县人民政府", "大竹县人民政府")),
        (None, ("达川区", "梁平区")),
    ]


def test_a_table_of_signatories_then_documents() -> None:
    found = analysed(
        "成渝地区双城经济圈高校联盟2024年年会举行\n2024-11-25 09:00 来源:重庆大学新闻网\n\n"
        "11月24日,成渝地区双城经济圈高校联盟2024年年会在重庆大学举行。会上,联盟成员高校集中签署"
        "合作协议,签约情况如下:\n签约高校 协议名称\n"
        "四川大学 重庆大学 《川渝高水平研究型大学协同创新合作协议》\n"
        "西南交通大学 重庆交通大学 《共建山地轨道交通联合研究中心协议》\n"
    )
    assert [(parties, regions) for _, parties, regions, _ in found] == [
        (("四川大学", "重庆大学"), ("四川省成都市", "重庆市")),
        (("西南交通大学", "重庆交通大学"), ("四川省成都市", "重庆市")),
    ]


def test_pairs_named_before_their_count() -> None:
    found = analysed(
        "川渝6对毗邻市区签署联合执法协议\n2024-03-29 来源:重庆日报\n\n"
        "3月28日,深化川渝生态环境保护合作联席会议第五次会议在重庆召开。会议见证了毗邻地区签约:"
        "泸州市生态环境局与永川区生态环境局、广安市生态环境局与合川区生态环境局等6对毗邻市区生态"
        "环境部门,分别签署了跨界流域生态环境联合执法协议。\n"
    )
    assert [parties for _, parties, _, _ in found] == [
        ("泸州市生态环境局", "永川区生态环境局"),
        ("广安市生态环境局", "合川区生态环境局"),
    ]


def test_each_sides_bodies_listed_apart_and_towns_counted() -> None:
    river = analysed(
        "川渝五镇街共护濑溪河\n2024-05-30 来源:泸州日报\n\n"
        "5月29日,濑溪河跨界流域川渝镇街联防联治推进会在泸县召开。会上,荣昌区安富街道、峰高街道,"
        "泸县福集镇、玉蟾街道和龙马潭区胡市镇共同签订《濑溪河跨界流域联防联治协议》。\n"
    )
    assert [parties for _, parties, _, _ in river] == [
        ("荣昌区安富街道", "峰高街道", "泸县福集镇", "玉蟾街道", "龙马潭区胡市镇")
    ]
    towns = analysed(
        "大巴山川渝三乡镇签约 携手打造毗邻文旅走廊\n2024-05-21 来源:城口县人民政府\n\n"
        "5月20日,岚天乡、东安镇与四川省万源市八台镇在岚天乡召开大巴山川渝毗邻乡镇文旅协同发展"
        "座谈会。会上,三乡镇共同签订《大巴山川渝毗邻乡镇文旅协同发展合作协议》。\n"
    )
    assert [parties for _, parties, _, _ in towns] == [("岚天乡", "东安镇", "四川省万源市八台镇")]


def test_what_an_earlier_meeting_signed_and_students_contracts() -> None:
    found = analysed(
        "2025年巴蜀文化旅游走廊建设推进会召开\n2025-04-23 07:10 来源:重庆日报\n\n"
        "4月22日,2025年巴蜀文化旅游走廊建设推进会在合川召开。会上,四川省文化和旅游厅与重庆市文化"
        "和旅游发展委员会签署《2025年巴蜀文化旅游走廊建设合作协议》。\n"
        "2024年推进会上,川渝两地签署了《巴蜀文化旅游走廊文旅消费互惠合作协议》等11项协议,全年两地"
        "互送游客超过1.2亿人次。\n"
    )
    assert [title for title, *_ in found] == ["2025年巴蜀文化旅游走廊建设合作协议"]
    students = analysed(
        "学校举行2025级农村订单定向医学生签约仪式\n2025-09-16 来源:川北医学院\n\n"
        "9月15日,学校2025级农村订单定向医学生签约仪式在顺庆校区举行。\n"
        "仪式上,280名定向医学生分别与学校和生源地县级卫生健康行政部门签订《四川省农村订单定向"
        "医学生免费培养协议书》。\n"
    )
    assert students == []


def test_a_college_signing_for_its_own_site() -> None:
    found = analysed(
        "四川工程职业技术学院\n新闻中心 > 学院新闻\n\n"
        "我院与东方汽轮机有限公司签订现代学徒制校企合作协议\n"
        "发布时间:2024-06-04\n\n6月3日,我院与东方汽轮机有限公司现代学徒制校企合作签约仪式在东汽公司"
        "举行。学院党委书记冯世强,东方汽轮机有限公司副总经理郭晓明等出席仪式。\n"
        "冯世强与郭晓明代表双方签订现代学徒制校企合作协议。\n"
    )
    assert [parties for _, parties, _, _ in found] == [("我院", "东方汽轮机有限公司")]
