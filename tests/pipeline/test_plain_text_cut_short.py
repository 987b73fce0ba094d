"""Plain texts whose lines were cut at any width, reposts that space out words.

A repost or a forum copy breaks its lines wherever its box ended ("…重庆市开州区交通局共 /
同签署《…合作 / 协议》"), not at one column's width: two such lines are no headline set
in two, a byline under a headline as wide as the column is not joined to it, and a lead cut
into short lines is still the prose that makes a short line below it no headline. A tag
before a headline ("【转载】") is no furniture; words set apart by spaces are joined again.
Outlets abroad write their bylines their own way ("旺報 陳昱廷 2023年06月19日 04：10"), and a
saved text dated by nothing else is dated by its address line, as a crawled page by its URL.
A forum's repost: "[转帖] …" is its headline, "山城小驴 2023-06-11 22:47 来自手机" its byline.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.normalise import normalise
from pipeline.page import read_plain_text

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def page(text: str) -> tuple[str, str]:
    read = read_plain_text(text.encode("utf-8"))
    return read.norm_title, read.norm_text


def test_a_lead_cut_short_is_no_headline_set_in_two_lines() -> None:
    title, text = page(
        "首页 > 新闻中心 > 区县动态\n"
        "三地交通部门签署合作协议 交通一体化再提速\n"
        "2022-09-16 10:24 来源:达州日报\n"
        "本报讯(记者 王明)9月14日,三地交通一体化发展联席会议在开\n"
        "州区召开。会上,重庆\n"
        "市万州区交通局、达州市交通运输局、重庆市开州区交通局共\n"
        "同签署《交通一体化发展合作\n"
        "协议》。\n"
        "根据协议,三地将共同推进项目建设。\n"
    )
    assert title == "三地交通部门签署合作协议 交通一体化再提速"
    assert text.startswith("本报讯(记者 王明)9月14日")


def test_a_byline_is_not_joined_to_a_headline_as_wide_as_the_column() -> None:
    lines = [
        "川渝市场监管部门签署3项合作协议 共建一体化市场",
        "时间:2020-11-20 10:02:11 来源:四川日报 编辑:李想",
        "11月19日,四川省市场监督管理局、重庆市市场",
        "监督管理局在重庆召开联席会议,签署《川渝知识",
        "产权保护协作协议》《川渝计量一体化合作协议》,",
        "双方将建立知识产权侵权案件线索移送、联合执法机",
        "制,共同打击跨区域侵权假冒行为,推动计量技术规",
        "范互认、计量检定资源共享,加强食品安全协作.",
    ]
    title, text = page("\n".join(lines))
    assert title == "川渝市场监管部门签署3项合作协议 共建一体化市场"
    assert "时间" not in text and text.startswith("11月19日")


def test_a_tagged_headline_over_a_lead_cut_short() -> None:
    title, text = page(
        "【转载】长江赤水河交汇区域三地检察院会签协作框架协议\n"
        "2022-10-18 | 分类:法治 | 浏览(356)\n"
        "近日,重庆市江津区人民检察院、四川省合江县人民检察院、贵州省赤水市人民\n"
        "检察院在合江县召开检察协作座谈会,会签《长江赤\n"
        "水河交汇区域生态环境保护检察协作框架协议》。\n"
        "根据协议,三地检察机关将建立线索移送、信息共享、联合巡查\n"
        "、案件协查等机制。\n"
    )
    assert title == "【转载】长江赤水河交汇区域三地检察院会签协作框架协议"
    assert text.startswith("近日,重庆市江津区人民检察院")


def test_words_set_apart_by_spaces_are_joined_again() -> None:
    assert (
        normalise(
            "近日 , 合江县 白沙镇 与 重庆市 江津区 塘河镇 签订 《 川渝 毗邻 乡镇 合作 协议 》 。"
        )
        == "近日,合江县白沙镇与重庆市江津区塘河镇签订《川渝毗邻乡镇合作协议》。"
    )
    # a headline's one space, a list's few, and Latin words keep theirs
    assert normalise("万达开交通一体化再提速 三地交通部门签署合作协议") == (
        "万达开交通一体化再提速 三地交通部门签署合作协议"
    )
    assert normalise("西南交大 中国中铁 新都区 三方共建") == "西南交大 中国中铁 新都区 三方共建"
    # a table's row flattened into one line keeps its cells apart
    row = "电子项目 高新区 科技公司 食品项目 安岳县 食品公司 物流项目 乐至县 物流公司 合计"
    assert normalise(row) == row


def test_outlets_abroad_date_their_pages_in_their_own_bylines() -> None:
    lead = "重庆台商协会7日与重庆市璧山区人民政府签署战略合作协议,双方将在台资企业招商等方面合作。"
    for byline, day in [
        ("旺報 陳昱廷 2023年06月19日 04：10", "2023-06-19"),
        ("2022-09-08 21:06 聯合報／記者林宗翰／即時報導", "2022-09-08"),
        ("發佈/2024年10月16日 14:20", "2024-10-16"),
        ("2023/5/10 18:32(5/10 19:05 更新)", "2023-05-10"),
        ("撰文:陳俊傑 出版:2025-06-27 17:05 更新:2025-06-27 18:20", "2025-06-27"),
    ]:
        read = read_plain_text(f"重慶台商協會與璧山區簽戰略合作\n{byline}\n{lead}".encode())
        assert read.published_at is not None and read.published_at.date().isoformat() == day


def test_a_page_dated_by_nothing_but_its_address_line() -> None:
    text = (
        "www.dazu.gov.cn/zwxx_176/bmdt/202311/t20231108_12537420.html\n"
        "大足安岳携手打造石刻文化旅游品牌\n"
        "7日,大足区文化和旅游发展委员会与安岳县文化广播电视和旅游局在安岳签署合作协议。\n"
    )
    read = read_plain_text(text.encode())
    assert read.published_at is not None and read.published_at.date().isoformat() == "2023-11-08"
    linked = "成都重庆两地总工会签署合作协议\n10日,成都市总工会与重庆市总工会在成都签署合作协议。\n"
    read = read_plain_text(
        (linked + "本文链接:http://www.cdzgh.gov.cn/news/ghdt/2021/0611/12877.html\n").encode()
    )
    assert read.published_at is not None and read.published_at.date().isoformat() == "2021-06-11"
    # an address with no day in it dates nothing
    read = read_plain_text(
        (linked + "本文链接:https://news.njtc.edu.cn/info/1021/18456.htm").encode()
    )
    assert read.published_at is None


def test_full_stops_typed_as_dots_end_the_lead_above_a_title_broken_in_two() -> None:
    _, text = page(
        "荣昌论坛 › 荣昌新闻 › 本地资讯\n"
        "【转帖】清江镇牵手隆昌石碾镇 签下毗邻乡镇合作协议\n"
        "转自:荣昌发布\n"
        "3月14日上午,荣昌区清江镇与隆昌市石碾镇在清\n"
        "江镇便民服务中心举行川渝毗邻乡镇协同发展合作签\n"
        "约仪式.双方签订了《清江—石碾川渝毗邻乡镇协同\n"
        "发展合作协议》,将在基础设施互联互通等方面深化合作.\n"
    )
    assert text.startswith("3月14日上午,荣昌区清江镇")


def test_a_date_line_with_its_weekday_run_on() -> None:
    # a Hong Kong paper's page: "2025年3月18日星期二" under the headline
    read = read_plain_text((REPORTS / "late-ib" / "012.txt").read_bytes())
    assert read.published_at is not None and read.published_at.date().isoformat() == "2025-03-18"


def test_a_forum_repost_tagged_and_posted_from_a_phone() -> None:
    title, text = page(
        "重庆自驾游论坛 › 自驾资讯 › 查看帖子\n"
        "[转帖] 黔南州与河池市签订文旅合作协议 以后荔波南丹一条线玩\n"
        "山城小驴   2023-06-11 22:47   来自手机\n"
        "6月9日,贵州省黔南州文化广电旅游局与广西河池市文化广电和旅游局在荔波县签订合作框架协议。\n"
    )
    assert title == "[转帖] 黔南州与河池市签订文旅合作协议 以后荔波南丹一条线玩"
    assert text.startswith("6月9日")
