"""Plain-text copies of a report in the shapes search indexes and reprints keep them.

A breadcrumb run into the headline, the page's <title> over it, HTML entities, zero-width
junk, full-width digits, dates in words, a headline broken inside its 《》, a reporter's
line, a bad copy's repeated paragraphs, a narrow e-paper column, a forum post's stamp, a
reprint's note of its first run, a closing source line, a department's masthead: each is read
as the plain copy is. The shapes are measured on all labelled reports by
bench/reports_robustness.py.
"""

from __future__ import annotations

import pytest

from pipeline.agreements import Analysis, recognise
from pipeline.normalise import normalise
from pipeline.page import Page, read_plain_text

LEAD = "5月16日,泸州市人民政府与重庆市永川区人民政府签署《泸永协同发展合作协议》。"
BODY = "根据协议,两地将在交通、产业等方面深化合作。"


def read(text: str) -> Page:
    return read_plain_text(text.encode("utf-8"))


def analysed(page: Page) -> Analysis:
    published = page.published_at.date() if page.published_at else None
    return recognise(
        page.norm_title, page.norm_text, published, site=page.site, site_address=page.site_address
    )


def test_a_breadcrumb_run_into_the_headline_leaves_the_headline() -> None:
    page = read(
        f"当前位置：首页 > 新闻中心 > 要闻动态 > 泸州永川签署协同发展合作协议\n{LEAD}\n{BODY}"
    )
    assert page.title == "泸州永川签署协同发展合作协议"


def test_a_breadcrumb_run_into_the_byline_keeps_the_date() -> None:
    crumb = "当前位置:首页 > 要闻 > 合江新闻网  2020-11-23  来源:合江县融媒体中心"
    text = f"{crumb}\n泸州永川签约\n{LEAD}"
    assert read(text).published_at is not None


def test_a_long_column_name_in_a_breadcrumb_is_no_headline() -> None:
    page = read(f"首页 > 专题 > 成渝地区双城经济圈建设专题报道\n泸州永川签约\n{LEAD}")
    assert page.title == "泸州永川签约"


def test_the_pages_title_over_its_headline_gives_the_headline() -> None:
    head = "西华大学与自贡市签订战略合作协议"
    page = read(f"{head}_要闻动态_某某市人民政府网\n{head}\n时间: 2017-08-19\n{LEAD}")
    assert page.title == head
    assert not page.text.startswith(head)  # the repeat is no paragraph


def test_html_entities_are_read_as_their_characters() -> None:
    page = read(f"&nbsp;&nbsp;巴南&#12289;温江签订合作协议\n&nbsp;&nbsp;{LEAD}")
    assert page.title == "巴南、温江签订合作协议"


def test_zero_width_junk_is_no_part_of_a_line() -> None:
    page = read(f"(资料\u200b图片仅供参\u200b考)\n泸州永\u200b川签约\n{LEAD}")
    assert page.title == "泸州永川签约"


def test_full_width_digits_date_a_byline() -> None:
    page = read(f"泸州永川签约\n发布时间：２０２４－０５－１６ １０:２０\n{LEAD}")
    assert page.published_at is not None and page.published_at.day == 16


def test_dates_in_words_order_events_as_digits_do() -> None:
    text = "二〇二〇年,重庆市招商投资局与四川省经合局签订了《成渝地区产业协同招商战略合作协议》。"
    assert normalise(text).startswith("2020年,")
    assert normalise("十二月三十一日下午") == "12月31日下午"
    assert normalise("《二〇二四年合作协议》") == "《二〇二四年合作协议》"  # a title as printed
    result = recognise("招商联席会议召开", normalise(text), None)
    assert not result.is_agreement  # the year said in words is still before the event


def test_titles_in_other_marks_are_titles() -> None:
    assert normalise("签署＜遂潼工会合作协议＞") == "签署《遂潼工会合作协议》"
    assert normalise("为落实〈行动计划〉,签署<<某某协议>>") == "为落实《行动计划》,签署《某某协议》"
    assert normalise("《关于〈A计划〉的意见》") == "《关于〈A计划〉的意见》"
    assert normalise("上一页 < 新闻 > 下一页") == "上一页 < 新闻 > 下一页"  # a pager, no title


def test_a_headline_broken_inside_its_title_is_one_headline() -> None:
    text = (
        "毕节市人民政府门户网站\n首页 > 新闻中心 > 毕节要闻\n"
        "毕节昭通签署《乌蒙山区毕节昭通协同发展\n"
        "合作框架协议》\n发布时间:2024-06-19 11:20 来源:毕节日报\n"
        "6月18日,毕节市人民政府与昭通市人民政府在昭通市签署合作框架协议。"
    )
    page = read(text)
    assert page.title == "毕节昭通签署《乌蒙山区毕节昭通协同发展合作框架协议》"
    [agreement] = analysed(page).agreements
    assert agreement.title == "乌蒙山区毕节昭通协同发展合作框架协议"


def test_an_outlets_reporter_line_is_a_byline() -> None:
    text = (
        "2025-03-19 07:12  来源:川观新闻\n川观新闻记者 罗文静\n3月18日,川渝生态环境保护联席会议"
        "在重庆召开。会上,四川省生态环境厅与重庆市生态环境局围绕落实《生态环境保护规划》,共同签署"
        "《川渝跨界河流联防联控合作协议》。"
    )
    page = read(text)
    assert "罗文静" not in page.title
    [agreement] = analysed(page).agreements
    assert agreement.parties == ("四川省生态环境厅", "重庆市生态环境局")


def test_a_bad_copys_repeated_paragraphs_are_read_once() -> None:
    page = read(f"泸州永川签约\n{LEAD}\n{BODY}\n{LEAD}\n{BODY}")
    assert page.text.count(LEAD) == 1


def test_page_furniture_is_no_headline() -> None:
    for furniture in (
        "重庆大学 四川大学 西南政法大学",
        "四川工会网",
        "扫一扫分享",
        "华龙网-新重庆客户端",
    ):
        assert read(f"{furniture}\n泸州永川签约\n{LEAD}").title == "泸州永川签约", furniture


def test_a_narrow_columns_indented_first_line_goes_on() -> None:
    # an e-paper column of 18 characters; the paragraph's first line has an indent and digits
    text = """成都日报 数字报
2022年11月10日 星期四
第06版:区域
新都铜梁携手
推进教育协同发展
  本报讯(记者 刘洁)11月9日,成都市新
都区教育局与重庆市铜梁区教育委员会在
铜梁签署《新都区 铜梁区教育高质量协同
发展合作框架协议》,双方将在学校结对、
教师研修、课程共建、学生研学等方面开
展全方位合作。
  根据协议,两地将推动20所中小学
“一对一”结对,每年互派骨干教师不少于
30人次,联合开发巴蜀文化地方课程,并
共建川渝基础教育质量监测数据平台。
  签约仪式上,两地还为首批8对结对
学校授牌。
上一篇 下一篇
"""
    [agreement] = analysed(read(text)).agreements
    assert agreement.parties == ("成都市新都区教育局", "重庆市铜梁区教育委员会")


@pytest.mark.parametrize(
    ("text", "site", "address", "regions"),
    [
        (  # a local paper: its place
            "大足日报 2022年09月15日 星期四\n第02版:综合新闻\n区人民医院牵手简阳市人民医院\n"
            "本报讯 9月13日,区人民医院与四川省简阳市人民医院签订紧密型医联体合作协议。"
            "安岳县人民医院有关负责人参加了活动。",
            None,
            "大足",
            ("重庆市大足区", "四川省成都市简阳市"),
        ),
        (  # a court's site: its body, who 我院 is
            "隆昌市人民法院\n首页  法院概况  审判动态\n当前位置:首页 > 审判动态\n"
            "隆昌荣昌法院签署司法协作协议\n"
            "3月15日,我院与重庆市荣昌区人民法院签署《司法协作框架协议》。",
            "隆昌市人民法院",
            None,
            ("四川省内江市隆昌市", "重庆市荣昌区"),
        ),
    ],
)
def test_a_mastheads_place_or_body_places_the_sites_parties(
    text: str, site: str | None, address: str | None, regions: tuple[str, ...]
) -> None:
    page = read(text)
    assert (page.site, page.site_address) == (site, address)
    [agreement] = analysed(page).agreements
    assert agreement.regions == regions


def test_a_forum_posts_stamp_dates_it() -> None:
    page = read(
        "德阳论坛 › 德阳新闻 › 查看内容\n[转帖] 德阳与重庆大学签约\n"
        "发表于 2020-11-23 09:12 | 只看该作者 | 倒序浏览\n"
        "本月20日,德阳市人民政府与重庆大学在德阳签署《全面合作框架协议》。"
    )
    assert page.published_at is not None and page.published_at.date().isoformat() == "2020-11-23"
    assert [a.signed_on for a in analysed(page).agreements] == ["2020-11-20"]


def test_a_reprints_note_of_its_first_run_stays_in_the_body_and_dates_its_yesterday() -> None:
    page = read(
        "文旅资讯 | 大足安岳签署文旅协同发展协议\n2022-11-28 16:05:12   编辑:小文\n"
        "原文来源:重庆日报 2022年11月24日\n"
        "昨日,重庆市大足区与四川省资阳市安岳县签署《石刻文化旅游协同发展合作协议》。"
    )
    assert "原文来源" in page.text
    assert [a.signed_on for a in analysed(page).agreements] == ["2022-11-23"]


def test_a_closing_source_line_and_an_e_paper_menu_date_a_text() -> None:
    closing = read(f"{LEAD}\n{BODY}\n来源:四川省妇联 2023-08-04")
    assert closing.published_at is not None
    assert closing.published_at.date().isoformat() == "2023-08-04"
    menu = read(f"凉山日报数字报\n往期回顾 | 版面导航 | 2024年04月26日 星期五\n泸永签约\n{LEAD}")
    assert menu.published_at is not None
    assert menu.published_at.date().isoformat() == "2024-04-26"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (f"{LEAD}\n{BODY}\n重庆日报 2023年8月6日 第1版\n责任编辑:黄蓉", "2023-08-06"),  # page line
        (f"{LEAD}\n{BODY}\n编辑 陈 静\n2022年08月17日 星期三", "2022-08-17"),  # a date closing
        (  # a byline led by the site's address
            f"泸永签约\nhttp://www.example.com.cn\u30002022年8月19日\u3000来源:德阳日报\n{LEAD}",
            "2022-08-19",
        ),
    ],
)
def test_a_papers_page_line_a_closing_date_and_an_address_led_byline_date_a_text(
    text: str, day: str
) -> None:
    page = read(text)
    assert page.published_at is not None and page.published_at.date().isoformat() == day


def test_a_departments_masthead_is_no_headline_and_names_the_site() -> None:
    page = read(
        "四川省教育厅\n首页 > 教育资讯 > 厅内动态\n川渝黔三省市签署职业教育协同发展合作框架协议\n"
        "11月3日,会上,我厅与重庆市教育委员会、贵州省教育厅联合签署《川渝黔职业教育协同发展合作框架"
        "协议》。"
    )
    assert page.title == "川渝黔三省市签署职业教育协同发展合作框架协议"
    assert page.site == "四川省教育厅"
    (found,) = analysed(page).agreements
    assert found.regions == ("四川省", "重庆市", "贵州省")


def test_the_city_of_a_county_level_citys_portal_is_that_city() -> None:
    page = read(
        "隆昌市人民政府\n首页 | 政务公开 | 政务服务\n"
        "市人民医院与荣昌区人民医院签订医疗协作框架协议\n"
        "5月16日,市人民医院与重庆市荣昌区人民医院在荣昌签订《川渝毗邻地区医疗协作框架协议》。\n"
        "主办:隆昌市人民政府办公室\n地址:四川省内江市隆昌市金鹅街道南关路"
    )
    (found,) = analysed(page).agreements
    assert found.regions == ("四川省内江市隆昌市", "重庆市荣昌区")


def test_a_title_broken_by_line_ends_in_the_body_is_one_title() -> None:
    page = read(
        "四川日报 2022年09月21日 第03版\n川渝市场监管协作再升级\n"
        "本报成都9月20日电 当日,川渝市场监管联席会议在成都召开。会上,四川省市场监督管理局与"
        "重庆市市场监督管理局签署了《川渝市场监管\n执法协作\n框架协议》和《川渝计量协作备忘录》。"
    )
    titles = [a.title for a in analysed(page).agreements]
    assert titles == ["川渝市场监管执法协作框架协议", "川渝计量协作备忘录"]


def test_where_a_body_is_from_its_branch_its_seat_or_its_name() -> None:
    page = read(
        "成都日报 2023年08月25日 第03版\n银政合作\n"
        "昨日,四川铁骑力士实业有限公司与重庆市秀山土家族苗族自治县人民政府签署战略合作协议。"
        "四川铁骑力士实业有限公司总部位于四川省绵阳市。\n"
        "签约现场,成都银行重庆分行与潼南区农业农村委员会签订《金融助力乡村振兴合作协议》。\n"
        "同日,电子科技大学与璧山区人民政府签订《校地合作协议》,"
        "电子科技大学璧山研究院与璧山高新区管委会签订《共建联合实验室协议》。"
    )
    regions = {a.parties[0]: a.regions for a in analysed(page).agreements}
    assert regions["四川铁骑力士实业有限公司"] == ("四川省绵阳市", "重庆市秀山土家族苗族自治县")
    assert regions["成都银行重庆分行"] == ("重庆市", "重庆市潼南区")
    assert regions["电子科技大学"] == ("四川省成都市", "重庆市璧山区")


def test_a_unit_of_the_sites_hospital_is_where_the_hospital_is() -> None:
    page = read(
        "遂宁市中心医院\n医院概况 新闻中心 科室导航\n发布时间:2022年9月16日\n"
        "前天,重庆医科大学附属儿童医院与我院呼吸专科联盟签约暨授牌仪式在我院举行。"
        "仪式上,重庆医科大学附属儿童医院副院长与我院院长分别代表双方签署《呼吸专科联盟合作协议》。"
        "随后,重庆医科大学附属儿童医院呼吸中心与我院呼吸内科签订了远程会诊协议。"
    )
    found = [(a.parties, a.regions) for a in analysed(page).agreements]
    assert found == [
        (("重庆医科大学附属儿童医院", "我院"), ("重庆市", "四川省遂宁市")),
        (("重庆医科大学附属儿童医院呼吸中心", "我院呼吸内科"), ("重庆市", "四川省遂宁市")),
    ]


def test_a_reprints_closing_note_with_its_reporter_dates_its_yesterday() -> None:
    page = read(
        "重庆热线 > 资讯 > 本地\n川渝签署政务数据共享应用合作协议\n2022-12-12 10:21 来源:重庆日报\n"
        "昨日,重庆市大数据应用发展管理局与四川省大数据中心在重庆签署《川渝政务数据共享应用合作协议》。\n"
        "(本文原载于2022年12月9日《重庆日报》第3版,记者 杨骏)\n相关推荐:"
    )
    (found,) = analysed(page).agreements
    assert found.signed_on == "2022-12-08"


def test_a_portals_menu_and_its_departments_by_level_place_their_own_side() -> None:
    # "走进桐梓" in a county portal's menu: 我县 and 县人民医院 are 桐梓's; "团县委" is a
    # county's youth league
    page = read(
        "首页 | 走进桐梓 | 政务公开 | 政务服务\n当前位置:首页 > 新闻动态 > 桐梓要闻\n"
        "我县与重庆市綦江区签订毗邻地区协同发展合作框架协议\n发布时间:2023-05-19 09:46\n"
        "座谈会上,我县与綦江区签订《桐梓·綦江毗邻地区协同发展合作框架协议》。同日,团县委与共青团"
        "重庆市綦江区委员会签订《青年发展合作协议》。"
    )
    regions = [a.regions for a in analysed(page).agreements]
    assert regions == [("贵州省遵义市桐梓县", "重庆市綦江区")] * 2
