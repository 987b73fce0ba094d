"""The body whose site published a page, and what it tells: where its 我校 or 公司 is."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.extract import extract_article, extract_plain_text
from pipeline.normalise import normalise

LEAD = "10月12日,我校与林芝市人民政府签署战略合作协议,双方将在地质灾害防治等领域开展合作。"


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            f"成都理工大学新闻网\n首页 | 理工要闻 | 综合新闻 | 学术动态\n"
            f"我校与林芝市签署协议\n{LEAD}",
            "成都理工大学",
        ),
        (
            f"我校与林芝市签署协议\n{LEAD}\n上一条:我校召开会议\n版权所有 成都理工大学党委宣传部",
            "成都理工大学",
        ),
        (
            f"{LEAD}\nCopyright © 2019 重庆渝港国际物流集团有限公司 版权所有 渝ICP备14005631号-1",
            "重庆渝港国际物流集团有限公司",
        ),
        (f"资阳日报\n我校与林芝市签署协议\n{LEAD}", None),  # a paper names no party's body
        # a breadcrumb line opening the text: its first step, or the masthead run into it
        (f"成都理工大学新闻网 > 理工要闻 > 正文\n我校与林芝市签署协议\n{LEAD}", "成都理工大学"),
        (
            f"当前位置:首页 > 新闻中心 > 要闻动态 > 成都理工大学新闻网\n"
            f"首页 | 理工要闻 | 综合新闻\n我校与林芝市签署协议\n{LEAD}",
            "成都理工大学",
        ),
    ],
)
def test_a_plain_texts_site_from_its_masthead_or_copyright_line(
    text: str, site: str | None
) -> None:
    assert extract_plain_text(text).site == site


def test_an_html_pages_site_from_its_metadata_or_title() -> None:
    body = f"<body><h1>我校与林芝市签署协议</h1><p>{LEAD * 3}</p></body>"
    meta = '<meta property="og:site_name" content="四川省骨科医院">'
    assert extract_article(f"<html><head>{meta}</head>{body}</html>").site == "四川省骨科医院"
    title = "<title>我校与林芝市签署协议-成都理工大学新闻网</title>"
    assert extract_article(f"<html><head>{title}</head>{body}</html>").site == "成都理工大学"
    assert extract_article(f"<html><head><title>签约</title></head>{body}</html>").site is None


def test_the_sites_body_is_where_its_own_party_is() -> None:
    text = normalise(f"{LEAD}学院负责人出席。")
    published = date(2023, 10, 13)
    found = recognise(normalise("我校与林芝市签署协议"), text, published, None, "成都理工大学")
    assert found.agreements[0].regions == ("四川省成都市", "西藏自治区林芝市")
    # A site of another kind than the party (a firm's page, 我校) says nothing about it.
    other = recognise(normalise("我校与林芝市签署协议"), text, published, None, "成都兴蓉集团")
    assert other.agreements[0].regions == ("西藏自治区林芝市",)


@pytest.mark.parametrize(
    ("footer", "site", "address", "region"),
    [
        (  # a school's footer: its name and address; a district of a municipality
            "重庆市第十八中学校  地址:重庆市沙坪坝区天星桥正街88号",
            "重庆市第十八中学校",
            "重庆市沙坪坝区天星桥正街88号",
            "重庆市沙坪坝区",
        ),
        (  # a firm named after its province: the address's city
            "版权所有:四川省蜀川能源投资集团有限责任公司  地址:四川省成都市锦江区毕升路168号",
            "四川省蜀川能源投资集团有限责任公司",
            "四川省成都市锦江区毕升路168号",
            "四川省成都市",
        ),
        (  # an address outside the place the name says is a branch's: the name's place
            "版权所有:成都兴蓉集团有限公司  地址:重庆市渝中区解放碑",
            "成都兴蓉集团有限公司",
            "重庆市渝中区解放碑",
            "四川省成都市",
        ),
    ],
)
def test_a_footers_address_places_the_sites_body(
    footer: str, site: str, address: str, region: str
) -> None:
    lead = LEAD.replace("我校", "公司") if "公司" in site else LEAD
    extracted = extract_plain_text(f"签署协议\n{lead}\n上一篇:其他新闻\n{footer}")
    assert (extracted.site, extracted.site_address) == (site, address)
    found = recognise(
        "签署协议", normalise(lead), date(2023, 10, 13), None, extracted.site, address
    )
    assert found.agreements[0].regions == (region, "西藏自治区林芝市")


def test_without_a_headline_the_title_is_the_leads_not_the_mastheads() -> None:
    text = (
        "重庆渝港国际物流集团有限公司\n网站首页 | 集团概况 | 新闻中心 | 联系我们\n"
        f"发布时间:2019-11-11\n{LEAD}"
    )
    extracted = extract_plain_text(text)
    assert extracted.title == "10月12日,我校与林芝市人民政府签署战略合作协议"
    assert extracted.published_at is not None and extracted.published_at.date() == date(
        2019, 11, 11
    )
    assert extracted.site == "重庆渝港国际物流集团有限公司"


@pytest.mark.parametrize(
    ("text", "title", "day"),
    [
        (  # an e-paper: masthead, a date line alone, the page line
            f"璧山报数字报\n2024年03月15日 星期五\n第01版:要闻 上一版 下一版\n"
            f"建行重庆市分行与我区签署战略合作协议\n{LEAD}",
            "建行重庆市分行与我区签署战略合作协议",
            date(2024, 3, 15),
        ),
        (  # a WeChat post: the account's name, the post's time and place, no headline
            f"城口发布\n2024-05-17 19:05 重庆\n{LEAD}",
            "10月12日,我校与林芝市人民政府签署战略合作协议",
            date(2024, 5, 17),
        ),
        (  # a portal: its menu, then its metadata above the headline
            "嘉陵江畔网 | 新闻 | 广元 | 区县 | 专题\n2019年06月12日 07:58 来源:广元日报\n"
            f"广元陇南签署7项合作协议\n{LEAD}",
            "广元陇南签署7项合作协议",
            date(2019, 6, 12),
        ),
        (  # a WeChat post: its account line dates it and is no headline
            "点击上方蓝字 关注巫山女性\n巫山女性 2024-05-10 17:30 发表于重庆\n"
            f"巫山巴东妇联携手 共护长江\n{LEAD}",
            "巫山巴东妇联携手 共护长江",
            date(2024, 5, 10),
        ),
        (  # share buttons are no headline; a lead that quotes first is the title
            f"德阳新闻网 | 德阳日报 | 德阳发布\n首页 > 德阳新闻\n"
            f" 分享到: 微信 微博 QQ空间   【大 中 小】\n2023-06-15 18:20  来源:德阳晚报\n{LEAD}",
            "10月12日,我校与林芝市人民政府签署战略合作协议",
            date(2023, 6, 15),
        ),
        (  # a masthead of two names, a breadcrumb
            f"开州区融媒体中心 | 开州网\n首页 > 开州新闻\n党政联席会议在开州召开\n{LEAD}",
            "党政联席会议在开州召开",
            None,
        ),
        (  # a masthead of the site's and the media centre's names
            f"秀山网  秀山土家族苗族自治县融媒体中心\n首页  秀山要闻  乡镇街道  部门动态\n"
            f"洪安镇与湘黔两镇签订合作协议\n{LEAD}",
            "洪安镇与湘黔两镇签订合作协议",
            None,
        ),
        (  # an outlet's line: its name, the date, the source
            f"开江融媒  2022-12-07  来源:开江县融媒体中心\n{LEAD}",
            "10月12日,我校与林芝市人民政府签署战略合作协议",
            date(2022, 12, 7),
        ),
        (  # an e-paper's masthead, date and page above the headline
            f"南充日报 2024年03月22日  第01版:要闻\n上一版  下一版\n市政府与建行签署协议\n{LEAD}",
            "市政府与建行签署协议",
            date(2024, 3, 22),
        ),
        (  # a PDF page: its number and section, then the paper's line
            f"2                 要闻\n四川日报 2022年8月27日 星期六   责编 刘晓 版式 陈涛\n"
            f"川渝签署跨界河流合作协议\n{LEAD}",
            "川渝签署跨界河流合作协议",
            date(2022, 8, 27),
        ),
        (  # a paper's date line with the lunar date
            f"泸州日报\n2022年12月16日 星期五  农历癸卯年九月初六\nA1 要闻\n"
            f"联席会议在江津召开\n{LEAD}",
            "联席会议在江津召开",
            date(2022, 12, 16),
        ),
        (  # a Hong Kong paper's date line
            f"香港文匯報 > 內地\n2024年5月17日(星期五)\n川港簽經貿合作備忘錄\n{LEAD}",
            "川港签经贸合作备忘录",
            date(2024, 5, 17),
        ),
        (  # a hospital's page: 发布者 before the time
            "医院首页 > 新闻中心\n我院与28家医院签约\n"
            f"发布者:党委宣传部 发布时间:2023-11-24\n{LEAD}",
            "我院与28家医院签约",
            date(2023, 11, 24),
        ),
        (  # a Traditional-script byline
            f"網站首頁 | 新聞中心\n內江永川簽署文旅合作協議\n"
            f"發布時間：2023-06-19 10:26:41  來源：內江日報\n{LEAD}",
            "内江永川签署文旅合作协议",
            date(2023, 6, 19),
        ),
        (  # a portal's masthead, column and date above the headline
            f"泸州新闻网 | 合江新闻 | 2025-06-23 09:30\n合江江津签署合作协议\n{LEAD}",
            "合江江津签署合作协议",
            date(2025, 6, 23),
        ),
        (  # an e-paper's date, weekday and page
            f"南充日报\n2024年10月25日 星期五  第01版:要闻  上一版  下一版  PDF下载\n"
            f"南充市党政代表团赴合川学习考察\n{LEAD}",
            "南充市党政代表团赴合川学习考察",
            date(2024, 10, 25),
        ),
        (  # a self-media post's time, place and kind
            f"安居和铜梁又签约了\n遂宁那些事儿\n2025-08-21 19:06 · 四川 · 自媒体创作者\n{LEAD}",
            "安居和铜梁又签约了",
            date(2025, 8, 21),
        ),
        (  # a paper's date, outlet and author
            f"大公文匯網 > 內地 > 正文\n渝港簽經貿合作備忘錄\n"
            f"2024-11-20 04:03:18  大公報  作者:記者 黃仲文\n{LEAD}",
            "渝港签经贸合作备忘录",
            date(2024, 11, 20),
        ),
        (  # a paper's date and dateline on one line
            "香港文匯報 > 內地 > 正文\n理大重大簽約\n"
            f"2024-05-16  香港文匯報訊(記者 孫世傑 重慶報道)\n{LEAD}",
            "理大重大签约",
            date(2024, 5, 16),
        ),
        (  # a blog: its name, then the post's title with its time
            f"一棵树的教育随笔_新浪博客\n首页 博文目录 图片 关于我\n正文 字体大小：大 中 小\n"
            f"见证两区教育牵手 (2021-11-20 21:33:05)\n{LEAD}",
            "见证两区教育牵手",
            date(2021, 11, 20),
        ),
        (  # no byline: the closing credit's day
            f"合川岳池签署同城化发展合作协议\n{LEAD}\n"
            "（重庆日报记者　黄一鸣　2025年3月21日　发自合川）\n【编辑：刘宏】",
            "合川岳池签署同城化发展合作协议",
            date(2025, 3, 21),
        ),
        (  # a company's menu, one item a line, pushes its headline down; the byline tells it
            "首页\n产品中心\n  陆上风电机组\n  海上风电机组\n  叶片与关键部件\n  风场运营服务\n"
            "解决方案\n新闻中心\n  企业新闻\n  行业动态\n投资者关系\n联系我们\n"
            "某风电与重庆綦江签署战略合作协议\n发布时间:2023-08-16 17:42  来源:品牌部\n" + LEAD,
            "某风电与重庆綦江签署战略合作协议",
            date(2023, 8, 16),
        ),
        (  # a headline set in two lines under a two-line masthead
            "西部(重庆)科学城 重庆高新区\n首页 走进高新区 新闻中心\n"
            "西部科学城重庆高新区管委会\n与重庆大学签署科技成果转化战略合作协议\n"
            "发布日期:2024-01-12  来源:重庆高新区融媒体中心\n" + LEAD,
            "西部科学城重庆高新区管委会与重庆大学签署科技成果转化战略合作协议",
            date(2024, 1, 12),
        ),
        (  # a TV station's video page: its length, day and time, then the source
            "重庆网络广播电视台 > 新闻\n"
            "视频时长 02:16  2024-05-16 19:41:02  来源:《重庆新闻联播》\n"
            "大足安岳携手共建石窟文化旅游目的地\n" + LEAD,
            "大足安岳携手共建石窟文化旅游目的地",
            date(2024, 5, 16),
        ),
        (  # a paper's day and time, its name and the reporter
            "对话|车企副总裁:在永川再投30亿\n2024-05-24 08:05  上游新闻  记者 吴静 周凯\n" + LEAD,
            "对话|车企副总裁:在永川再投30亿",
            date(2024, 5, 24),
        ),
        (  # an official document's long title, and its number not run into it
            "内江市人民政府办公室\n关于印发《内江市推动成渝地区双城经济圈建设2024年工作要点》的通知\n"
            "内府办发〔2024〕12号\n发布日期:2024-03-12\n" + LEAD,
            "关于印发《内江市推动成渝地区双城经济圈建设2024年工作要点》的通知",
            date(2024, 3, 12),
        ),
        (  # a WeChat post's account, day, time and the province it was posted from
            "大竹县人民医院 2025年06月10日 17:45 四川\n点击上方蓝字 关注我们\n\n"
            "重医附二院消化病专科联盟落户我院\n" + LEAD,
            "重医附二院消化病专科联盟落户我院",
            date(2025, 6, 10),
        ),
    ],
)
def test_mastheads_and_date_lines_of_saved_pages(text: str, title: str, day: date | None) -> None:
    extracted = extract_plain_text(text)
    assert extracted.title == title
    published = extracted.published_at
    assert (published.date() if published else None) == day


def test_an_e_papers_column_wrapped_lines_are_joined() -> None:
    column = (
        "　　本报讯 11月4日,成都东部新区与重庆两\n江新区在成都东部新区签署《成都东部新区 重庆\n"
        "两江新区协同创新发展合作协议》,双方将在航\n空航天、智能网联汽车等领域开展协同创新,共\n"
        "建成渝中线科创走廊,推动创新资源双向流动。\n　　同日,成都东进投资集团有限公司与重庆两\n"
        "江新区开发投资集团有限公司签署项目合作协议\n,双方将共同发起设立协同创新产业基金。\n"
    )
    body = extract_plain_text(f"两个新区签署合作协议\n{column}").text
    assert "《成都东部新区 重庆两江新区协同创新发展合作协议》" in body
    assert "重庆两江新区开发投资集团有限公司" in body
    assert len(body.splitlines()) == 2


def test_a_pdfs_lines_are_joined_though_digits_make_them_shorter() -> None:
    column = (
        "    本报讯(记者 张燕)26日,四川省生态\n环境厅与重庆市生态环境局在重庆签署《川渝\n"
        "跨界河流联防联控合作协议》。根据协议,双方\n将围绕琼江、铜钵河、大清流河等81条跨界河\n"
        "流,建立水质监测数据实时共享、突发水污染事\n件联合应急处置、跨界断面联合执法等机制,共\n"
        "同推动跨界河流水质持续改善。\n    据介绍,今年上半年,川渝跨界河流国控断\n"
        "面水质优良比例达到96%,较2020年提高8个百\n分点。\n"
    )
    body = extract_plain_text(f"2                 要闻\n川渝签署跨界河流合作协议\n{column}").text
    assert "四川省生态环境厅与重庆市生态环境局" in body
    assert "81条跨界河流,建立" in body and "提高8个百分点。" in body
    assert len(body.splitlines()) == 2


def test_a_forums_copy_cut_at_a_count_of_characters_is_joined() -> None:
    # Cut every 24 characters, digits and spaces counted like Han ones, so the lines' widths
    # on the page differ by more than a PDF's column allows.
    lead = (
        "达州讯 9月20日,达州市交通运输局与重庆市万州区交通运输委员会在万州签署《达万交通一体化"
        "发展合作协议》,双方将共同推动达万铁路扩能改造,加快G318线达州至万州段提档升级,开行"
        "达州至万州新田港铁水联运班列,推动达州东部经济走廊与万州新田港联动发展。"
    )
    lines = [lead[i : i + 24] for i in range(0, len(lead), 24)]
    body = extract_plain_text("达万签署交通合作协议\n" + "\n".join(lines)).text
    assert body == lead


def test_a_copy_cut_at_a_count_of_characters_joins_its_lines_with_digits() -> None:
    # Han lines fill the column by characters and by width alike; the line with the page's
    # time stamp fills it only by characters, so the cut "2\n1日" must be joined by that measure.
    lead = (
        "发布时间:2020-05-21 18:41:08四川省水利厅和重庆市水利局21日签署《成渝地区双城经济圈水利合作"
        "备忘录》,双方将共同建立两省市水利工作机制共商、项目共谋、生态共治、资源共享、文化共兴长效"
        "机制。根据合作备忘录内容,双方合作重心为水利项目规划、水利设施建设、水利建设市场监管、河流"
        "联防联控、水文信息共享、联合水利执行、水文化建设和水利人才队伍培养等方面。"
    )
    lines = [lead[i : i + 38] for i in range(0, len(lead), 38)]
    body = extract_plain_text("川渝水利部门签署备忘录\n" + "\n".join(lines)).text
    assert "水利局21日签署《成渝地区双城经济圈水利合作备忘录》" in body
    assert len(body.splitlines()) == 1


def test_a_list_sharing_a_width_is_not_taken_for_the_column() -> None:
    rows = "".join(
        f"{n}.《第{n}项合作协议》\n签约单位:甲市人民政府 乙区人民政府\n" for n in range(1, 6)
    )
    text = f"两地签约五项合作协议\n8月18日,两地集中签约合作项目,签约项目如下:\n{rows}"
    assert extract_plain_text(text).text.count("\n") == 10


def test_a_breadcrumb_as_wide_as_the_column_does_not_swallow_the_headline() -> None:
    column = "".join(
        "两地在交通、产业、生态等领域深化合作,推动签约项目落地见效,共同打造示范区。\n"
        for _ in range(4)
    )
    crumb = "首页 > 政务公开 > 法定主动公开内容 > 规划信息 > 年度总结"
    extracted = extract_plain_text(f"{crumb}\n荣昌区发展和改革委员会2022年工作总结\n{column}")
    assert extracted.title == "荣昌区发展和改革委员会2022年工作总结"


def test_a_traditional_reprint_is_read_as_in_simplified() -> None:
    # "巫溪發佈" is a WeChat account's name like "巫溪发布", not a headline. A .txt is read for
    # analysis only: it is given in Simplified, its language still told.
    text = (
        "巫溪發佈\n2024-05-17 19:05 重慶\n\n"
        "昨天,湖北省竹溪縣與我縣簽署《毗鄰地區生態保護協作框架協議》,攜手守護秦巴山區生態屏障。"
    )
    extracted = extract_plain_text(text)
    assert extracted.title == "昨天,湖北省竹溪县与我县签署《毗邻地区生态保护协作框架协议》"
    assert extracted.published_at is not None
    assert extracted.published_at.date() == date(2024, 5, 17)
    assert extracted.language == "zh-Hant"


def test_spaced_digits_in_an_e_papers_date_line() -> None:
    text = "綦江日报\n2020 年 12 月 10 日  星期四  第 1 版:要闻\n綦江桐梓签署合作协议\n" + LEAD
    assert extract_plain_text(text).published_at.date() == date(2020, 12, 10)  # type: ignore[union-attr]


def test_two_bodies_joined_by_a_verb_are_a_headline_not_a_masthead() -> None:
    text = (
        "重庆市中医院携手武胜县中医医院\n\n打造川渝合作示范医院 推进高水平医联体建设\n"
        "2023年04月04日13:25 | 来源:广安在线\n"
        "2月22日上午,重庆市中医院紧密型医联体川渝合作武胜示范医院签约授牌仪式在武胜举行。"
    )
    extracted = extract_plain_text(text)
    assert extracted.title == "重庆市中医院携手武胜县中医医院"
    assert extracted.site is None


def test_a_videos_captions_are_joined_into_sentences() -> None:
    captions = (
        "00:04 今天上午\n00:05 重庆市潼南区人民医院\n00:07 与四川省遂宁市中心医院\n"
        "00:10 在潼南区人民医院门诊楼会议室\n00:12 签署了\n00:13 《遂潼医疗协同发展合作协议》\n"
        "00:15 [画面:签约仪式现场]\n00:18 重庆市秀山县洪安镇\n00:19 湖南省花垣县边城镇\n"
    )
    text = extract_plain_text("潼南融媒\n发布时间:2022-09-15 17:42\n" + captions).text
    assert (
        "今天上午,重庆市潼南区人民医院与四川省遂宁市中心医院在潼南区人民医院门诊楼会议室签署了"
        "《遂潼医疗协同发展合作协议》" in text
    )
    assert "[画面:签约仪式现场]\n重庆市秀山县洪安镇、湖南省花垣县边城镇" in text


def test_an_accounts_name_then_its_microblog_posts_time() -> None:
    text = "四川人社\nV 2021-9-16 16:12 来自 微博 weibo.com\n#川渝人社合作# " + LEAD
    extracted = extract_plain_text(text)
    assert extracted.published_at is not None
    assert extracted.published_at.date() == date(2021, 9, 16)
    assert "来自" not in extracted.text


def test_an_interviews_first_question_under_the_headline_is_no_byline() -> None:
    text = (
        "专访|某局局长:三年签了21份协议\n原创 甜城内江 2023-06-19 18:42\n"
        "编者按:近日记者专访了局长。\n"
        "记者:两地在协议层面有哪些成果?\n局长:2020年8月,两地签署了合作协议。"
    )
    assert "记者:两地在协议层面有哪些成果?" in extract_plain_text(text).text


def test_a_headline_under_a_list_of_other_headlines() -> None:
    others = "".join(f"· 其他新闻标题第{n}条内容\n" for n in range(1, 6))
    text = f"热点推荐\n{others}财经 | 社会 | 科技\n川渝人社部门共签三年行动计划\n{LEAD}"
    assert extract_plain_text(text).title == "川渝人社部门共签三年行动计划"
