"""WeChat posts, e-paper pages and outlets abroad, as their copies are saved.

- A post's account line ("原创 重庆市人民医院 2023-05-19 20:10 发表于重庆") dates it, and its
  account is the body its "我院" is, else the body its closing credit names ("来源丨泸州市
  生态环境局" for its "我局"); a town's own post ("龙形发布") is where its "我镇" is.
- A post breaks its sentences into lines after a comma ("9月3日,\\n泸州·永川…签约仪式\\n在…
  举行。"): one sentence, which dates the signings listed under it; a list item's pair
  ("● A与B\\n签署《…》") is that item's, not the headline's; a list of earlier posts under a
  heading set between ornaments ("— 往期推荐 —") reports nothing of this page.
- "我院与…检察院…会签《重庆市大足区人民检察院 四川省资阳市安岳县人民检察院…协议》": the
  partner named in full is not the post's own body.
- An e-paper's page turn ("(上接第1版)") is no furniture before the story, a line it ends
  with ";" opens the story, and a 《 left at a line's end opens a title broken in two.
- Outlets abroad: "撰文:…" over "出版:2024-12-05 18:20 更新:…" is a byline. A photo's
  caption above the headline ("(图)…", "图为…") is no lead; kept in the body, it still
  dates the signing it shows ("图为3月26日,…签约现场").
"""

from __future__ import annotations

from datetime import datetime

from pipeline.page import read_plain_text
from tests.evaluation.reports import found_in_text as analysed


def test_a_posts_account_line_dates_it_and_is_the_body_it_writes_of() -> None:
    text = (
        "原创 重庆市人民医院 2023-05-19 20:10 发表于重庆\n\n"
        "川渝专科联盟再扩容!我院与泸州市人民医院签约\n\n点击蓝字 关注我们\n\n"
        "昨天上午,\n我院与泸州市人民医院\n签署专科联盟合作协议。\n\n▲签约现场\n\n"
        "根据协议,\n我院将每月派出专家\n赴泸州坐诊。\n"
    )
    page = read_plain_text(text.encode("utf-8"))
    assert page.published_at is not None
    assert page.published_at.replace(tzinfo=None) == datetime(2023, 5, 19, 20, 10)
    assert page.site == "重庆市人民医院"
    assert analysed(text) == [
        (None, ("我院", "泸州市人民医院"), ("重庆市", "四川省泸州市"), "2023-05-18")
    ]


def test_a_towns_own_post_places_its_town_and_villages() -> None:
    found = analysed(
        "原创 龙形发布 2022-03-11 20:40 发表于重庆\n\n"
        "跨省结亲!我镇与船山区老池镇签署合作协议\n\n"
        "3月10日,\n龙形·老池毗邻乡镇一体化发展座谈会\n在我镇召开。\n\n"
        "会上,\n我镇与遂宁市船山区老池镇\n签署《龙形老池毗邻乡镇一体化发展合作协议》。\n\n"
        "随后,\n我镇石盘村与老池镇红旗村\n签订结对共建协议。\n"
    )
    assert [regions for _, _, regions, _ in found] == [
        ("重庆市潼南区龙形镇", "四川省遂宁市船山区老池镇"),
        ("重庆市潼南区", "四川省遂宁市船山区"),
    ]


def test_a_posts_closing_credit_names_its_own_body() -> None:
    found = analysed(
        "原创 泸州生态环境 2024-03-15 19:02 发表于四川\n\n"
        "赤水河共护!我局与江津区生态环境局签署联防联治协议\n\n"
        "3月14日,\n赤水河流域川渝跨界生态环境保护联席会议\n在泸州市合江县召开。\n\n"
        "会上,\n我局与重庆市江津区生态环境局共同签署\n《赤水河流域跨界生态环境联防联治合作协议》。\n\n"
        "同日,\n泸州市合江生态环境局与重庆市江津区生态环境局\n签订《赤水河合江—江津段联合巡河协议》。\n\n"
        "来源丨泸州市生态环境局\n编辑丨何 玲\n审核丨唐 勇\n\n往期推荐\n"
        "◆ 泸州启动2024年大气污染防治攻坚行动\n◆ 第一季度全市空气质量通报\n"
        "◆ 泸州开展世界水日宣传活动\n◆ 赤水河流域生态环境保护条例施行一周年\n\n"
        "阅读原文\n分享 收藏 在看\n"
    )
    assert [(regions, day) for _, _, regions, day in found] == [
        (("四川省泸州市", "重庆市江津区"), "2024-03-14"),
        (("四川省泸州市合江县", "重庆市江津区"), "2024-03-14"),
    ]


def test_lines_broken_after_a_comma_date_the_items_listed_under_them() -> None:
    found = analysed(
        "原创 泸州发布 2022-09-04 20:20\n\n"
        "泸州与永川签署战略合作框架协议 同步签约6项合作协议\n\n点击蓝字 关注我们\n\n"
        "9月3日,\n2022泸州·永川战略合作签约仪式\n在重庆市永川区举行。\n\n▲签约仪式现场\n\n"
        "仪式上,\n泸州市人民政府与重庆市永川区人民政府\n签署《泸州永川战略合作框架协议》。\n\n"
        "同日,\n两地部门、园区、院校\n签署合作协议6份。\n其中:\n\n"
        "● 泸州市经济和信息化局与永川区经济和信息化委员会\n签署《泸永产业协作协议》;\n\n"
        "● 泸州职业技术学院与重庆文理学院\n签署《泸永职业教育合作协议》。\n\n"
        "— 往期推荐 —\n🔥 我们与江津签订了《泸江文旅合作协议》\n🔥 泸州中秋国庆文旅活动一览\n"
    )
    titled = [(title, parties, day) for title, parties, _, day in found if title]
    assert titled == [
        ("泸州永川战略合作框架协议", ("泸州市人民政府", "重庆市永川区人民政府"), "2022-09-03"),
        ("泸永产业协作协议", ("泸州市经济和信息化局", "永川区经济和信息化委员会"), "2022-09-03"),
        ("泸永职业教育合作协议", ("泸州职业技术学院", "重庆文理学院"), "2022-09-03"),
    ]


def test_a_partner_named_in_full_is_not_the_posts_own_body() -> None:
    found = analysed(
        "原创 大足检察 2022-08-19 18:30 发表于重庆\n\n"
        "检察协作 | 我院与四川安岳县检察院会签协作框架协议\n\n"
        "8月18日,\n我院与四川省资阳市安岳县人民检察院\n跨区域检察协作座谈会在我院召开。\n\n"
        "会上,\n我院检察长与安岳县检察院检察长\n"
        "会签《重庆市大足区人民检察院 四川省资阳市安岳县人民检察院检察协作框架协议》。\n"
    )
    assert [regions for _, _, regions, _ in found] == [("重庆市大足区", "四川省资阳市安岳县")]


def test_an_epaper_page_going_on_from_page_one() -> None:
    found = analysed(
        "广安日报 2023年10月31日 星期二 第02版:要闻\n\n"
        "(上接第1版)会上,广安市人民政\n府与重庆市渝北区人民政府签署了《\n"
        "深化广安渝北全方位合作框架协议》;\n广安经济技术开发区与重庆空港经\n"
        "济区管委会签署了《产业协同发展合\n作协议》。\n"
        "　　根据框架协议,双方将在川渝高\n竹新区建设、轨道交通互联、产业链\n"
        "协同招商、公共服务共享等方面加强\n合作,共同推动渝北广安同城化发展。\n"
    )
    assert [(title, parties, regions) for title, parties, regions, _ in found] == [
        (
            "深化广安渝北全方位合作框架协议",
            ("广安市人民政府", "重庆市渝北区人民政府"),
            ("四川省广安市", "重庆市渝北区"),
        ),
        (
            "产业协同发展合作协议",
            ("广安经济技术开发区", "重庆空港经济区管委会"),
            ("四川省广安市", "重庆市渝北区"),
        ),
    ]


def test_an_outlet_abroads_byline_and_a_caption_above_the_headline() -> None:
    hk = read_plain_text(
        "香港01\n中国观察\n科学园与成都高新区签备忘录 助港初创进军西部市场\n撰文:陈颖岚\n"
        "出版:2024-12-05 18:20 更新:2024-12-05 18:24\n"
        "香港科技园公司今日(5日)与成都高新技术产业开发区管理委员会在科学园签署合作备忘录。\n".encode()
    )
    assert hk.published_at is not None and hk.published_at.date().isoformat() == "2024-12-05"
    text = (
        "(图)马中总商会总会长(前排左三)与重庆市贸促会副会长(前排右三)交换备忘录。\n"
        "南洋商报\n财经 > 企业\n马中总商会重庆贸促会签MoU\n2024-08-27 17:45\n"
        "(巴生27日讯)马来西亚中国总商会与中国国际贸易促进委员会重庆市委员会周一(26日)在巴生"
        "签署合作备忘录,双方将在商贸信息交流、企业配对等方面合作。\n"
    )
    page = read_plain_text(text.encode("utf-8"))
    assert page.title == "马中总商会重庆贸促会签MoU"
    assert [day for _, _, _, day in analysed(text)] == ["2024-08-26"]
    captioned = (
        "图为3月26日,四川省体育局与重庆市体育局在重庆签约现场。记者 彭莉 摄\n"
        "川渝体育部门签署合作协议\n2021-03-29 07:12 来源:四川日报\n"
        "近日,川渝两地体育部门在重庆召开体育合作联席会议。会上,四川省体育局与重庆市体育局"
        "签署了《川渝体育产业协同发展合作协议》。\n"
    )
    assert [day for _, _, _, day in analysed(captioned)] == ["2021-03-26"]
