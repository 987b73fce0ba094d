"""Broadcast copies and firms' filings, as their pages are saved.

- A video's subtitles, as a subtitle file ("1" / "00:00:00,500 --> 00:00:03,900" / "9月13日
  上午") or with bracketed time codes ("[00:00:02] 四川省农业农村厅与…"), are the sentences
  they were cut from. A video page's metadata under its player ("宜宾新闻网 | 2022-11-25
  18:32 | 来源:…") dates it, as a radio script's slot ("《重庆新闻》广播稿 2022年3月8日
  12:00档") and a filing's "公告日期:2024-08-22" do theirs.
- A live report's "就在十几分钟前,…签署了《…》" happened that day.
- A bank's "本行" on its own site is the bank, where its footer's address is.
- "集团公司在达州分别与A、B签署": where, told between the firm and its partners, is no name.
- A listed firm's annual report ("2023年年度报告全文") lists contracts signed before it.
- "【解说】回望2020年,…签署《…》": a feature looking back. A paragraph in French or English
  ends at its own full stop: the Chinese line under it is no part of its sentence.
"""

from __future__ import annotations

from datetime import date

from pipeline.agreements import recognise
from pipeline.normalise import normalise
from tests.evaluation.reports import found_in_text as analysed


def test_a_videos_subtitle_file_is_read_as_its_sentences() -> None:
    cues = ["9月13日上午", "潼南区龙形镇与四川省遂宁市船山区老池镇", "签署了"]
    cues += ["《龙形老池毗邻地区一体化发展合作协议》", "两镇将共建花果走廊", "联合发展乡村旅游"]
    srt = "\n\n".join(
        f"{n}\n00:00:{2 * n:02d},000 --> 00:00:{2 * n + 2:02d},000\n{cue}"
        for n, cue in enumerate(cues, 1)
    )
    found = analysed(
        "潼南区融媒体中心 > 视频 > 潼南新闻\n龙形老池签约 毗邻两镇共建“花果走廊”\n"
        f"发布时间:2021-09-14 09:36  来源:潼南区融媒体中心\n\n[视频字幕]\n{srt}\n"
    )
    assert found == [
        (
            "龙形老池毗邻地区一体化发展合作协议",
            ("潼南区龙形镇", "四川省遂宁市船山区老池镇"),
            ("重庆市潼南区龙形镇", "四川省遂宁市船山区老池镇"),
            "2021-09-13",
        )
    ]


def test_bracketed_time_codes_and_a_video_pages_metadata_under_its_player() -> None:
    found = analysed(
        "视频加载中,请稍候……\n01:48\n"
        "[00:00:00] 今天(25日)\n[00:00:02] 重庆医科大学附属儿童医院与宜宾市妇幼保健院\n"
        "[00:00:06] 签订专科联盟合作协议\n[00:00:09] 宜宾市妇幼保健院正式成为专科联盟成员单位\n"
        "[00:00:13] 根据协议 重庆的专家将定期到宜宾坐诊\n[00:00:17] 开展查房和带教\n"
        "宜宾新闻网 | 2022-11-25 18:32 | 来源:宜宾广播电视台 | 记者:蒋雯 | 编辑:周萍\n分享到:\n"
    )
    assert [(parties, day) for _, parties, _, day in found] == [
        (("重庆医科大学附属儿童医院", "宜宾市妇幼保健院"), "2022-11-25")
    ]


def test_a_radio_scripts_slot_and_a_live_reports_minutes_ago() -> None:
    radio = analysed(
        "重庆之声 FM96.8\n《重庆新闻》广播稿  2022年3月8日 12:00档\n编辑:韩露  播音:雷鸣\n"
        "【口播】今天上午,四川省妇联和重庆市妇联在四川广安签署《川渝妇联深化合作协议》,"
        "两地将共建川渝巾帼创业孵化基地。\n"
    )
    assert [day for *_, day in radio] == ["2022-03-08"]
    live = analysed(
        "【直播回看】川渝两大国家级新区签约 共建内陆开放门户\n"
        "2024-03-22 11:48  来源:四川广播电视台新闻频道  视频时长 05:32\n"
        "主持人:观众朋友,上午好。我们马上连线在签约现场的记者。\n"
        "记者 罗静:就在十几分钟前,四川天府新区党工委管委会和重庆两江新区党工委管委会在这里"
        "正式签署了《两江新区天府新区共建内陆开放门户战略合作协议》。\n"
    )
    assert [day for *_, day in live] == ["2024-03-22"]


def test_a_filings_date_line_and_its_supplementary_agreement() -> None:
    found = analysed(
        "首页 > 数据中心 > 个股公告 > 恒锻精密(605233)\n"
        "恒锻精密:关于与重庆市大足区人民政府签署投资协议之补充协议的公告\n"
        "公告日期:2024-08-22   查看PDF原文\n"
        "证券代码:605233        证券简称:恒锻精密        公告编号:2024-052\n"
        "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏。\n"
        "重要内容提示:\n"
        "● 2024年8月20日,公司与重庆市大足区人民政府签署了《高端锻件西南生产基地项目投资协议之"
        "补充协议》,对原协议约定的项目投资规模进行调整。项目须于2025年12月31日前建成投产。\n"
    )
    assert [(title, day) for title, _, _, day in found] == [
        ("高端锻件西南生产基地项目投资协议之补充协议", "2024-08-20")
    ]


def test_a_banks_own_site_and_a_firm_signing_where_it_is() -> None:
    bank = analysed(
        "四川蜀嘉银行 | 本行动态\n首页 > 关于我们 > 本行动态\n"
        "本行与眉山市东坡区人民政府签署金融助力乡村振兴战略合作协议\n2022-06-29   字号:大 中 小\n"
        "6月28日,本行与眉山市东坡区人民政府在东坡区签署《金融助力乡村振兴战略合作协议》。\n"
        "此次与东坡区签约,是本行深耕县域、服务乡村振兴的又一具体举措。\n"
        "版权所有 四川蜀嘉银行股份有限公司  地址:四川省乐山市市中区嘉定北路88号\n"
    )
    assert [(parties, regions) for _, parties, regions, _ in bank] == [
        (("本行", "眉山市东坡区人民政府"), ("四川省乐山市", "四川省眉山市东坡区"))
    ]
    firm = analysed(
        "川东燃气集团分别与通川区、万州区签署天然气综合利用项目合作协议\n时间:2021-09-16\n"
        "9月14日,川东燃气集团在达州分别与达州市通川区人民政府、重庆市万州区人民政府签署天然气"
        "综合利用项目合作协议。\n"
    )
    assert [parties for _, parties, _, _ in firm] == [
        ("川东燃气集团", "达州市通川区人民政府"),
        ("川东燃气集团", "重庆市万州区人民政府"),
    ]


def test_an_annual_reports_contracts_are_no_news() -> None:
    assert (
        analysed(
            "重庆宏渝机电股份有限公司2023年年度报告全文\n第六节 重要事项\n"
            "十五、重大合同及其履行情况\n4、其他重大合同\n√适用 □不适用\n"
            "(1)2021年8月23日,公司与重庆市璧山区人民政府签署了《新能源汽车电驱系统产业化项目投资"
            "协议》,计划总投资12亿元。报告期内,项目一期已建成投产。\n"
            "(2)2022年4月15日,公司与自贡市人民政府签署了《战略合作框架协议》。报告期内,该协议"
            "正常履行中。\n"
        )
        == []
    )


def test_a_feature_looking_back_and_a_paragraph_in_french_above_the_chinese() -> None:
    back = recognise(
        normalise("双城记·这一年丨川渝通办从“能办”到“好办”"),
        normalise(
            "【解说】这一年,川渝通办事项清单不断扩容。\n【解说】回望2020年,川渝两地政务服务管理"
            "部门签署《川渝通办合作协议》,开启了两地政务服务协同的新篇章。"
        ),
        None,
    )
    assert back.agreements == ()
    french = recognise(
        normalise("Signature d'une lettre d'intention"),
        normalise(
            "Le 15/05/2025, le Consul général de France à Chengdu et le vice-président de "
            "l'Université du Guizhou ont signé à Guiyang une lettre d'intention.\n"
            "法国驻成都总领事馆与贵州大学签署法语教学合作意向书\n2025年5月15日,法国驻成都总领事"
            "在贵阳与贵州大学副校长共同签署《关于法语教学与学生交流合作的意向书》。"
        ),
        date(2025, 5, 16),
    )
    assert [(a.parties, a.regions) for a in french.agreements] == [
        (("法国驻成都总领事馆", "贵州大学"), ("贵州省贵阳市",))
    ]
