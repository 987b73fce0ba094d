"""Words inside names are not the sentence's words, and forms the stress runs found.

A hospital's 第三人民医院 is no 第三人 of a lawsuit, 重庆市长寿区 holds no 市长, a 《…行动计划》
is no plan, the year in 《2022年…协议》 is no time of the signing, 协同 in a title joins no
parties. Each case below was found by putting the labelled names of our own reports into a
few common report sentences (`《T》签约仪式在…举行`, `A与B负责人代表双方签约`); the rest are
page kinds of the twenty-eighth round (listed firms' announcements, replies to deputies,
work reports, leaders' activity lists).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.tasks.understand import analyze_file
from pipeline.agreements import recognise
from pipeline.normalise import normalise
from tests.evaluation.reports import OWN

PUBLISHED = date(2023, 5, 12)


def found(
    title: str, text: str, published: date = PUBLISHED
) -> list[tuple[str | None, tuple[str, ...]]]:
    result = recognise(normalise(title), normalise(text), published)
    return [(a.title, a.parties) for a in result.agreements] if result.is_agreement else []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "两地医院合作",
            "昨日,成都市第三人民医院与重庆医科大学附属第一医院签约共建“成渝心血管疾病诊疗中心”。",
            [(None, ("成都市第三人民医院", "重庆医科大学附属第一医院"))],
        ),
        (
            "重庆市长寿区与泸州市签署战略合作协议",
            "5月10日,双方在泸州签署战略合作协议。",
            [(None, ("重庆市长寿区", "泸州市"))],
        ),
        (
            "泸州市人大常委会与宜宾市签署战略合作协议",
            "5月10日,双方在泸州签署战略合作协议。",
            [(None, ("泸州市人大常委会", "宜宾市"))],
        ),
        (
            "签约仪式举行",
            "5月10日上午,《成渝基础教育协同发展友好学校合作协议》签约仪式在泸州举行,泸州市人民政府"
            "与宜宾市人民政府负责人代表双方签约。",
            [("成渝基础教育协同发展友好学校合作协议", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "签约仪式举行",
            "5月10日上午,泸州市人民政府与宜宾市人民政府《成渝基础教育协同发展友好学校合作协议》"
            "签约仪式在泸州举行。",
            [("成渝基础教育协同发展友好学校合作协议", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "签约仪式举行",
            "5月10日上午,《2022年鲁渝东西部协作协议》签约仪式在泸州举行,泸州市人民政府与宜宾市人民"
            "政府负责人代表双方签约。",
            [("2022年鲁渝东西部协作协议", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "签约仪式举行",
            "5月10日上午,《川渝劳务协作暨人力资源服务协同发展合作协议》签约仪式在泸州举行,泸州市人民"
            "政府与宜宾市人民政府负责人代表双方签约。",
            [("川渝劳务协作暨人力资源服务协同发展合作协议", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "签约仪式举行",
            "5月10日上午,《川渝共建西部金融中心协同行动计划》签约仪式在泸州举行,泸州市人民政府与"
            "宜宾市人民政府负责人代表双方签约。",
            [("川渝共建西部金融中心协同行动计划", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "两地签署行动计划",
            "5月10日,《川渝人力资源协同发展行动计划(2024—2026年)》在泸州正式签署。泸州市人民政府与"
            "宜宾市人民政府有关负责人出席。",
            [("川渝人力资源协同发展行动计划(2024—2026年)", ("泸州市人民政府", "宜宾市人民政府"))],
        ),
        (
            "两镇结对",
            "5月10日,对坪镇新民村与石柱县黄水镇签订结对帮扶协议。",
            [(None, ("对坪镇新民村", "石柱县黄水镇"))],
        ),
        (
            "两地牵手",
            "5月10日,江津区与泸州市牵手,共同签订《推进沿江开放发展战略合作协议》。",
            [("推进沿江开放发展战略合作协议", ("江津区", "泸州市"))],
        ),
        (
            "任市镇与明达镇签订合作协议",
            "近日,开江县任市镇党政代表团赴重庆市梁平区考察交流,并与梁平区明达镇签订《明月山绿色发展"
            "示范带毗邻乡镇协同发展合作协议》。",
            [("明月山绿色发展示范带毗邻乡镇协同发展合作协议", ("开江县任市镇", "梁平区明达镇"))],
        ),
    ],
)
def test_words_inside_names(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_a_year_in_a_noun_before_the_meeting_is_no_time_of_the_signing() -> None:
    # "会议听取了…2022年工作情况汇报" names a report; "会上签署了" is the meeting's own signing
    text = (
        "5月10日,两地召开联席会议。会议听取了渝北邻水协同发展2022年工作情况汇报,审议通过了"
        "《渝北邻水协同发展2023年工作要点》,邻水县人力资源和社会保障局与渝北区人力资源和社会保障局"
        "签订了《劳务协作和人才交流合作协议》。"
    )
    assert found("渝北邻水召开联席会议", text) == [
        ("劳务协作和人才交流合作协议", ("邻水县人力资源和社会保障局", "渝北区人力资源和社会保障局"))
    ]
    # and a year timing a clause of its own still dates the signing as background
    earlier = (
        "会上,联盟理事长作年度工作报告。2021年联盟成立时,我院与渝东北21家成员单位签订了"
        "《专科联盟合作协议》,三年来,联盟累计开展远程会诊1100余例。"
    )
    assert found("专科联盟年会召开", earlier, date(2024, 6, 1)) == []


def test_two_bodies_of_the_same_places_sign_two_agreements() -> None:
    text = (
        "会上,綦江区人民政府与桐梓县人民政府签署《綦江区 桐梓县共建渝黔合作先行示范区框架协议》。"
        "綦江工业园区管委会与桐梓县工业园区管委会签署产业协作协议,綦江区文化和旅游发展委员会与"
        "桐梓县文体广电旅游局签署文旅合作协议。"
    )
    assert found("綦江区与桐梓县签署合作协议", text) == [
        ("綦江区 桐梓县共建渝黔合作先行示范区框架协议", ("綦江区人民政府", "桐梓县人民政府")),
        (None, ("綦江工业园区管委会", "桐梓县工业园区管委会")),
        (None, ("綦江区文化和旅游发展委员会", "桐梓县文体广电旅游局")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # agreed to sign at an event to come
        "5月10日,广安市发展改革委与重庆市合川区发展改革委召开产业协同发展工作对接会。双方就《产业"
        "协同发展合作协议(征求意见稿)》逐条进行了讨论修改,并商定在5月下旬举行的合作交流活动期间"
        "正式签署。",
        # a renewal being considered, in a brief's plans
        "下步安排:一是筹备推进会;二是配合推动四川省经济和信息化厅与重庆市经济和信息化委员会研究续签"
        "战略合作协议有关事宜。",
        # a board's mandate to sign
        "董事会同意公司在长寿经开区投资建设新材料项目,并授权公司管理层与重庆市长寿区人民政府签署"
        "《新材料项目投资协议》及办理相关事宜。",
        # farmers lease their land
        "本周组织青龙、白沙等3个村1260户农户与四川某农业开发有限公司签订土地流转协议,流转土地2100"
        "余亩。",
    ],
)
def test_signings_agreed_considered_or_private_are_no_news(text: str) -> None:
    assert found("工作动态", text) == []


def test_own_report_of_a_signing_agreed_in_talks_for_later() -> None:
    # "并就共同签署深化合作框架协议达成一致,商定于年内择期举行签约仪式"
    assert not analyze_file(OWN / "late-gb/018.txt", "Asia/Shanghai")["is_agreement"]


def test_a_reply_to_a_deputy_reports_a_recent_signing_it_dates() -> None:
    text = (
        "张丽萍代表:您提出的建议收悉。现答复如下:\n近年来,我委坚持把川渝卫生健康合作作为重要抓手。"
        "2020年6月,我委与重庆市合川区卫生健康委员会签订《合广卫生健康一体化发展合作协议》。\n"
        "收到建议后,我委高度重视。2024年5月16日,广安市卫生健康委员会与重庆市渝北区卫生健康委员会"
        "签订《渝北广安卫生健康协同发展合作协议》。\n下一步,我委将推动与重庆更多区县签订合作协议。"
    )
    assert found("关于市五届人大四次会议第0088号建议的答复", text, date(2024, 6, 21)) == [
        (
            "渝北广安卫生健康协同发展合作协议",
            ("广安市卫生健康委员会", "重庆市渝北区卫生健康委员会"),
        )
    ]
    undated = text.replace("2024年5月16日,", "")
    assert found("关于市五届人大四次会议第0088号建议的答复", undated, date(2024, 6, 21)) == []


def test_own_report_of_a_cut_short_lead_under_an_e_paper_page_line() -> None:
    # "成都日报数字报 第03版:要闻 / 2024年11月22日 / 昨日,…签约共建“…中心”……"
    result = analyze_file(OWN / "late-fy/027.txt", "Asia/Shanghai")
    assert [a["parties"] for a in result["agreements"]] == [
        ["成都市第三人民医院", "重庆医科大学附属第一医院"]
    ]


def test_own_report_of_a_listed_firms_announcement_under_its_code_line() -> None:
    # "证券代码:605982 证券简称:… 公告编号:…" is the header, "关于媒体报道的澄清公告" the title
    result = analyze_file(OWN / "late-ga/015.txt", "Asia/Shanghai")
    assert result["title"] == "关于媒体报道的澄清公告"
    assert not result["is_agreement"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            # each signer in a clause of their own, posts of a party group's member
            "川渝市场监管签约",
            "5月9日,《川渝市场监管一体化2024年度合作计划》签约仪式在成都举行。四川省市场监督管理局"
            "党组成员、副局长刘建新,重庆市市场监督管理局党委委员、副局长周晓曦分别代表双方签约。",
            [
                (
                    "川渝市场监管一体化2024年度合作计划",
                    ("四川省市场监督管理局", "重庆市市场监督管理局"),
                )
            ],
        ),
        (
            # the signers' firms, not the bodies who witnessed
            "两港签约",
            "5月16日,《泸州港—果园港集装箱“水水中转”合作协议》签约仪式在重庆两江新区果园港举行。"
            "泸州航运港口集团有限公司总经理罗建彬与重庆港务物流集团有限公司副总经理陈启航代表双方"
            "签约,泸州市人民政府副市长何宗林,重庆市港航海事事务中心、两江新区管委会有关负责人见证签约。",
            [
                (
                    "泸州港—果园港集装箱“水水中转”合作协议",
                    ("泸州航运港口集团有限公司", "重庆港务物流集团有限公司"),
                )
            ],
        ),
        (
            # the bodies who signed, over the places the title names
            "川南临港片区与两江片区签约协同开放",
            "5月8日,《中国(四川)自由贸易试验区川南临港片区—中国(重庆)自由贸易试验区两江片区协同开放"
            "合作协议》签约仪式在泸州举行。川南临港片区管委会与两江新区管委会负责人代表双方签约。",
            [
                (
                    "中国(四川)自由贸易试验区川南临港片区—中国(重庆)自由贸易试验区两江片区协同开放合作协议",
                    ("川南临港片区管委会", "两江新区管委会"),
                )
            ],
        ),
    ],
)
def test_who_signed_told_after_the_ceremony(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_a_free_trade_zones_area_is_placed_in_its_city() -> None:
    text = "5月8日,川南临港片区管委会与两江新区管委会签署《川南临港片区两江片区协同开放合作协议》。"
    result = recognise(normalise("两片区签约"), normalise(text), PUBLISHED)
    assert [a.regions for a in result.agreements] == [("四川省泸州市", "重庆市两江新区")]


def test_the_previous_editions_signing_is_background() -> None:
    text = (
        "5月16日,西博会新闻发布会举行。发布会上,四川省经济合作局副局长介绍,上届西博会期间,川渝两地"
        "签署了《川渝共建开放平台合作协议》等一批合作文件。展会期间,川渝两地预计将集中签署一批合作协议。"
    )
    assert found("西博会下周开幕", text) == []


def test_an_announcements_name_run_into_a_flattened_page_is_no_signing() -> None:
    text = (
        "证券代码:001936 证券简称:恒川新能 公告编号:2024-039 深圳市恒川新能源科技股份有限公司 "
        "关于与射洪市人民政府签订战略合作框架协议的进展公告 本公司及董事会全体成员保证信息披露"
        "的内容真实、准确、完整。"
    )
    assert found("", text) == []


def test_own_report_of_a_denial_by_a_listed_firm() -> None:
    # "关于媒体报道的澄清公告": what media said the firm signed, denied
    assert not analyze_file(OWN / "late-ga/015.txt", "Asia/Shanghai")["is_agreement"]


def test_own_report_of_a_yearly_review_without_its_date_stamp(tmp_path: Path) -> None:
    # a 述职述责述廉报告 lists its year's signings ("5月19日,牵头组织…签署《…》"): a progress
    # review, with its page's stamp or without
    page = (OWN / "late-gb/007.txt").read_text(encoding="utf-8").splitlines()
    bare = tmp_path / "007.txt"
    bare.write_text("\n".join(line for line in page if "发布时间" not in line), encoding="utf-8")
    assert not analyze_file(bare, "Asia/Shanghai")["is_agreement"]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a wish to sign "when the time is right"
        (
            "百色代表团到黔西南考察",
            "5月8日,百色市党政代表团到黔西南州考察。百色愿与黔西南一道,在适当时候签订两地全面合作"
            "框架协议。",
        ),
        # a lawsuit's facts, told at a court's press conference
        (
            "川渝法院发布典型案例",
            "5月8日,川渝两地法院联合召开新闻发布会。在一起合作种植纠纷中,四川某农业公司与重庆某商贸"
            "公司签订《柑橘合作种植协议》,约定由四川公司提供种苗。",
        ),
        # a ceremony to come, with who will sign at it
        (
            "宜宾江津将签署全面战略合作协议",
            "5月8日,记者从市发展改革委获悉,宜宾市与重庆市江津区将于本月下旬举行签约仪式。据了解,签约"
            "仪式拟由江津区委书记、宜宾市委书记共同见证,宜宾市委副书记、市长和江津区委副书记、区长代表"
            "两地政府签约。",
        ),
        # residents who sign with their family doctors
        (
            "渝北推行川渝家庭医生签约服务互认",
            "5月8日,渝北区推行“川渝家庭医生签约服务互认”,来自广安、达州等地的常住居民可凭居住证就近"
            "在辖区社区卫生服务中心签约。",
        ),
        # a paper's correction of what it reported
        (
            "更正",
            "本报5月6日第3版《綦江桐梓深化渝黔合作》一文中,“綦江区与遵义市桐梓县签署文旅交通合作协议”"
            "表述有误。经核实,双方仅达成合作意向。特此更正。",
        ),
    ],
)
def test_wishes_cases_plans_careers_services_topics_and_corrections(title: str, text: str) -> None:
    assert found(title, text) == []


@pytest.mark.parametrize(
    "name",
    [
        "late-gj/030.txt",  # an official's five years: "五年来,他…多次…代表…在合作协议上签字"
        "late-gk/012.txt",  # "签订深化合作框架协议有利于推动…": a signing as a meeting's topic
    ],
)
def test_own_reports_of_a_career_and_a_topic(name: str) -> None:
    assert not analyze_file(OWN / name, "Asia/Shanghai")["is_agreement"]


def test_own_report_of_a_signing_at_a_meeting_on_the_second_day_of_a_visit() -> None:
    # "2024-09-13 | 【 大 中 小 】…" dates the page; "9月10日至11日,…调研交流。…11日下午,…座谈会
    # 在梁平区召开。…座谈会上,…签署《…》": the meeting's day
    result = analyze_file(OWN / "late-gj/027.txt", "Asia/Shanghai")
    assert [a["signed_on"] for a in result["agreements"]] == ["2024-09-11"]


def test_a_meeting_held_with_a_signing_ceremony_and_signers_by_their_shared_post() -> None:
    text = (
        "5月8日,川渝两地高级人民法院在重庆召开长江上游生态环境司法保护协作联席会议暨《川渝高级人民"
        "法院关于加强长江上游生态环境司法保护协作的框架协议(2.0版)》签署仪式。四川省高级人民法院、"
        "重庆市高级人民法院分管副院长代表双方签署协议。"
    )
    assert found("川渝高院签署司法保护协作框架协议", text) == [
        (
            "川渝高级人民法院关于加强长江上游生态环境司法保护协作的框架协议(2.0版)",
            ("四川省高级人民法院", "重庆市高级人民法院"),
        )
    ]


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("late-gm/001.txt", True),  # "县领导活动安排(…11月13日—11月19日)", run on the 20th
        ("late-go/016.txt", False),  # "川渝合作这些年…一文读懂…": agreements of the years
        ("late-go/010.txt", False),  # a work plan's "落实已签署合作协议" and "力争…签署"
    ],
)
def test_own_reports_of_a_past_weeks_schedule_an_explainer_and_a_plan(
    name: str, verdict: bool
) -> None:
    assert analyze_file(OWN / name, "Asia/Shanghai")["is_agreement"] is verdict


def test_own_report_with_its_byline_as_a_list() -> None:
    # "• 来源:广元日报 / • | / • 2023-04-12": the page's date, and the signing's year with it
    result = analyze_file(OWN / "late-go/018.txt", "Asia/Shanghai")
    assert result["published_at"] == "2023-04-12T00:00:00+08:00"
    assert {a["signed_on"] for a in result["agreements"]} == {"2023-04-11"}
