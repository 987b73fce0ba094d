"""Signings as real reports phrase them (issue 11's classes), in sentences written here.

Each case is one phenomenon the rules missed on real reports: ceremonies, clauses with no
named subject, people signing for their bodies, counts that are the news, chained titles,
back-references, plain text that opens with its lead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pactwatch.tasks.understand import analyze_file
from pipeline.agreements import recognise
from pipeline.normalise import normalise
from pipeline.page import read_plain_text

PUBLISHED = date(2025, 6, 20)


def found(title: str, text: str) -> list[tuple[str | None, tuple[str, ...]]]:
    result = recognise(normalise(title), normalise(text), PUBLISHED)
    return [(a.title, a.parties) for a in result.agreements] if result.is_agreement else []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "校地合作再深化",
            "6月18日下午,西华大学与宜宾市叙州区人民政府全面深化合作协议签约仪式在叙州区行政中心"
            "举行。双方将在人才培养、科技攻关等方面开展合作。",
            [(None, ("西华大学", "宜宾市叙州区人民政府"))],
        ),
        (
            "川渝水利合作",
            "6月18日,四川省水利厅与重庆市水利局签署《水利战略合作协议》。随后,《川渝共建幸福河湖"
            "合作协议》和《川渝水利综合监督一体化合作框架协议》同步签署。",
            [
                ("水利战略合作协议", ("四川省水利厅", "重庆市水利局")),
                ("川渝共建幸福河湖合作协议", ("四川省水利厅", "重庆市水利局")),
                ("川渝水利综合监督一体化合作框架协议", ("四川省水利厅", "重庆市水利局")),
            ],
        ),
        (
            "三地协同发展",
            "6月18日,阆中市与苍溪县、南部县签订了《区域协同发展规划合作框架协议》等3个合作框架"
            "协议。\n《区域协同发展交通合作框架协议》提出,加快构建综合立体交通走廊。\n"
            "《区域协同发展城市合作框架协议》明确,共同提升城市品质。",
            [
                ("区域协同发展规划合作框架协议", ("阆中市", "苍溪县", "南部县")),
                ("区域协同发展交通合作框架协议", ("阆中市", "苍溪县", "南部县")),
                ("区域协同发展城市合作框架协议", ("阆中市", "苍溪县", "南部县")),
            ],
        ),
        (  # 希望 inside a company's name is no hope; a ceremony attended after a meeting
            "职教代表团赴成都考察",
            "3月28日,随团出席安顺市党政代表团与四川德康集团的座谈会及签约仪式,安顺学院与"
            "四川希望教育集团签订了合作协议。",
            [(None, ("安顺学院", "四川希望教育集团"))],
        ),
        (  # a joint document named after its signatories, whatever its noun
            "川渝警务合作",
            "6月18日,警务合作领导小组第一次联席会议召开。会上,川渝两地公安机关共同签署了"
            "《四川省公安厅重庆市公安局服务成渝地区双城经济圈建设22条》。",
            [
                (
                    "四川省公安厅重庆市公安局服务成渝地区双城经济圈建设22条",
                    ("四川省公安厅", "重庆市公安局"),
                )
            ],
        ),
        (
            "遂潼携手",
            "6月18日,遂宁市人民政府与重庆市潼南区人民政府在潼南举行《遂潼一体化发展合作协议》"
            "签署仪式。",
            [("遂潼一体化发展合作协议", ("遂宁市人民政府", "重庆市潼南区人民政府"))],
        ),
        (
            "遂宁市与潼南区签署合作协议",
            "6月18日,两地召开联席会议。会上签署了《遂潼交通互联互通合作协议》。",
            [("遂潼交通互联互通合作协议", ("遂宁市", "潼南区"))],
        ),
        (
            "川渝关工委深化合作",
            "6月8日,四川省关工委、重庆市关工委在成都联合召开工作座谈会,并签署《川渝关工委"
            "工作合作框架协议》。",
            [("川渝关工委工作合作框架协议", ("四川省关工委", "重庆市关工委"))],
        ),
        (
            "两地公安深化警务合作",
            "会上,四川省公安厅副厅长王某、重庆市公安局副局长李某代表双方签署合作框架协议。",
            [(None, ("四川省公安厅", "重庆市公安局"))],
        ),
        (
            "泸州与永川签署合作协议",
            "6月18日,泸州市与重庆市永川区召开合作座谈会,签署《泸永合作框架协议》《泸永交通合作协议》"
            "《泸永教育合作协议》。",
            [
                ("泸永合作框架协议", ("泸州市", "重庆市永川区")),
                ("泸永交通合作协议", ("泸州市", "重庆市永川区")),
                ("泸永教育合作协议", ("泸州市", "重庆市永川区")),
            ],
        ),
    ],
)
def test_signing_phrasings(title: str, text: str, expected: list[object]) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("市领导见证", "6月18日,达州市与重庆市万州区举行合作座谈会,市委书记张某见证签约。"),
        ("代表双方签约", "达州市市长张某与万州区区长李某代表双方签约。"),
        (  # a joint task list that is no document, then the agreements signed with it
            "联席会议召开",
            "6月18日,达州市与万州区第三次联席会议在万州召开。会上,两地签署了《达万一体化"
            "发展重点任务清单》和5个专项合作协议。",
        ),
        (
            "一口气签约",
            "6月18日,达州市与重庆市开州区召开联席会议,一口气签署了8个专项合作协议。",
        ),
    ],
)
def test_ceremonies_and_counts_are_signings(title: str, text: str) -> None:
    assert recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "合作成效显著",
            "自两地签订《全面战略合作协议》以来,双方在交通、产业等领域合作成效明显。",
        ),
        ("五年成果", "五年来,川渝两地各部门累计签署合作协议252份。"),
        (
            "合同纠纷一审民事判决书",
            "原告诉称,2019年3月,原告与被告在签订《战略合作协议》后,被告未按约定支付款项。"
            "被告辩称不应承担责任。本院审理查明,双方于2019年3月签订《战略合作协议》。",
        ),
        (
            "两地深化协作",
            "双方在座谈时表示,力争在签署《友好城市关系协议》的同时,一并签署农业合作协议。",
        ),
        (
            "联席会议召开",
            "2021年,两地举行联席会议。2020年,重庆市招商投资局与四川省经合局签订了《产业协同招商"
            "战略合作协议》。2021年,两地将继续推进合作。会议总结了2021年工作。",
        ),
        (  # a month of a past year dates the signing as background
            "川渝交通合作联席会议召开",
            "6月18日,川渝交通合作联席会议在重庆召开。2021年5月,四川省交通运输厅与重庆市交通局"
            "签署了《川渝交通一体化合作协议》。会议总结了协议实施以来的进展。",
        ),
        (  # ... even when the clause names no party
            "合作成效",
            "2022年,双方又签署了文旅合作协议。今年,双方共同举办了多场活动。",
        ),
        (
            "泸州与江津举行座谈",
            "6月18日,泸州市党政代表团到江津区考察。双方表示,将尽快签署合作协议。",
        ),
        (  # 签约 with people: residents, singers, graduates; a bank's credit line
            "家庭医生签约服务",
            "今年以来全市家庭医生签约服务覆盖率达到75%。各区县与居民签订服务协议。",
        ),
        ("歌手签约新公司", "6月18日,歌手张某与某娱乐公司正式签约,双方签订了为期五年的经纪合约。"),
        ("银行授信", "6月18日,某银行与某公司签订授信协议,授信额度10亿元。"),
        ("会谈", "6月18日,宜宾市与永川区举行会谈。双方一致同意,下一步签署战略合作协议。"),
        (  # earlier, undated: background to a meeting
            "两地召开联席会议",
            "6月18日,泸州市与永川区召开联席会议。此前,双方签署了《泸永合作框架协议》。",
        ),
        (
            "推进会召开",
            "6月18日,两地召开合作推进会。前期,泸州市与永川区签订了战略合作协议,进展顺利。",
        ),
        ("合作成效", "泸州市与永川区签署战略合作协议一年来,两地合作成效明显。"),
        (
            "合作一周年",
            "6月18日,在泸州市与永川区签署战略合作协议一周年之际,两地召开总结会。",
        ),
        (  # a ceremony announced, not held
            "签约仪式下周举行",
            "记者6月18日获悉,宜宾市与江津区战略合作协议签约仪式将于下周在宜宾举行。",
        ),
        (  # a ceremony scheduled, not held
            "宜宾与西南交大将签署全面战略合作协议",
            "6月12日获悉,宜宾市人民政府与西南交通大学全面战略合作签约仪式定于6月18日在宜宾举行。",
        ),
        (  # the gathering it ends in is announced
            "记者从市发展改革委获悉",
            "明天,自贡市与重庆市永川区将在自贡举行合作交流会暨签约仪式。届时,两地政府将签署"
            "《自贡永川深化合作框架协议》。",
        ),
        (  # a firm's business contract, signed at a ceremony
            "公司成功签约污水处理厂EPC总承包项目",
            "9月12日,公司与项目业主重庆璧山水务发展有限公司举行合同签约仪式,公司副总经理与业主方"
            "代表签订施工总承包合同。",
        ),
        (  # a round-up opened in an earlier clause, counted in words
            "川渝合作这一年",
            "一年来,川渝两地签署合作协议上百份,合作领域不断拓展。",
        ),
        (  # the document word heads another noun: a bank deposit
            "协议存款",
            "某银行推出协议存款产品,与企业客户签订协议存款合同,利率上浮。",
        ),
        (  # people, however counted, are no party to a cooperation agreement
            "人才招聘会",
            "6月18日,达州市举行人才招聘会,现场与120名高校毕业生签订就业协议。",
        ),
        (
            "家庭医生",
            "6月18日,开州区人民医院家庭医生团队与辖区300户居民签订家庭医生服务协议。",
        ),
        ("协议签署一周年", "6月18日,泸州市与永川区战略合作协议签署一周年座谈会召开。"),
        ("协议将签署", "泸州市与永川区战略合作协议将于下月签署。"),
        (  # litigants: what they signed is a fact of the case
            "合同纠纷案",
            "原告某公司与被告某公司签订《合作协议》,约定共同开发项目。后被告未履行义务,"
            "原告诉至法院。",
        ),
        (  # narrative past without a date
            "三年之变",
            "三年前,遂宁市与潼南区签署了《推进遂宁潼南一体化发展合作协议》。如今,两地公交线路"
            "已开通12条。",
        ),
        ("合作起点", "当年,内江市与荣昌区签订了《合作框架协议》,开启了两地合作的新篇章。"),
        (  # a period "since" before the clause makes it a round-up of the past
            "建设成效",
            "成渝地区双城经济圈建设以来,川渝两省市签署了《川渝合作共建协议》等一批协议。",
        ),
        ("回眸", "彼时,达州市与万州区签署了战略合作协议,约定共建统筹发展示范区。"),
        ("一份协议", "时任泸州市市长张某与永川区区长李某签署了全面合作协议。"),
        (  # a plan right before a passive name
            "部署会",
            "6月18日,会议要求,要加快推动《川渝毗邻地区合作协议》签署。",
        ),
    ],
)
def test_back_references_counts_and_cases_are_not_signings(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


def test_parties_named_together_or_by_who_attends() -> None:
    # One subject naming two places stands for both; the attendees name a passive signing.
    assert found(
        "集中签约",
        "6月18日,川渝两地商务部门在成都举行合作推进会,现场签署了8个专项合作协议。",
    ) == [(None, ("川渝两地商务部门",))]
    assert found(
        "协议签署",
        "6月18日,《川渝地区检察机关协作框架协议》在重庆正式签署。四川省人民检察院与重庆市"
        "人民检察院负责人出席。",
    ) == [("川渝地区检察机关协作框架协议", ("四川省人民检察院", "重庆市人民检察院"))]


@pytest.mark.parametrize(
    ("title", "text", "titles"),
    [
        ("签约", "6月18日,泸州市与永川区签署了两地《交通合作协议》。", ["交通合作协议"]),
        (
            "签约",
            "6月18日,泸州市与永川区签订了战略合作框架协议《泸永协同发展合作框架协议》。",
            ["泸永协同发展合作框架协议"],
        ),
        (
            "签约",
            "6月18日,泸州市与永川区签订《交通合作协议》,《教育合作协议》等2份协议。",
            ["交通合作协议", "教育合作协议"],
        ),
        (
            "签约",
            "6月18日,泸州市与永川区签署了包括《交通合作协议》《教育合作协议》在内的5个协议。",
            ["交通合作协议", "教育合作协议"],
        ),
        (
            "签约",
            "6月18日,《交通合作协议》《教育合作协议》在泸州签署。泸州市与永川区负责人出席。",
            ["交通合作协议", "教育合作协议"],
        ),
        (  # named after the fact, as this event's document
            "签约",
            "6月18日,泸州市与永川区签署战略合作协议。根据双方签订的《泸永合作框架协议》,"
            "双方将共建产业园。",
            ["泸永合作框架协议"],
        ),
        (
            "泸州永川签署《泸永合作框架协议》",
            "6月18日,泸州市与永川区签署战略合作协议。双方将共建产业园。",
            ["泸永合作框架协议"],
        ),
        (  # ... but not an earlier one
            "签约",
            "6月18日,泸州市与永川区签署战略合作协议。根据双方2020年签订的《泸永合作框架协议》,"
            "双方已共建产业园。",
            [None],
        ),
        (  # past the comma the sentence is about B, which was not signed here
            "签约",
            "6月18日,泸州市与永川区签署《交通合作协议》,《教育合作协议》同时启动修订。",
            ["交通合作协议"],
        ),
        (  # the page's layout broke the title over two lines
            "签约",
            "6月18日,泸州市与永川区签署《泸永江融合发展\n示范区合作协议》。",
            ["泸永江融合发展示范区合作协议"],
        ),
        (  # named just after an untitled signing
            "签约",
            "6月18日,泸州市与永川区签署战略合作协议。根据《泸永战略合作协议》,双方将共建产业园。",
            ["泸永战略合作协议"],
        ),
        (  # a plan named after the signing is no name of it
            "签约",
            "6月18日,泸州市与永川区签署战略合作协议。根据《成渝地区双城经济圈建设规划纲要》,"
            "双方将共建产业园。",
            [None],
        ),
        (  # the documents of an unnamed signing listed after it
            "签约",
            "6月18日,泸州市与永川区签署了三份协议,分别是《交通合作协议》《文旅合作协议》"
            "《产业合作协议》。",
            ["交通合作协议", "文旅合作协议", "产业合作协议"],
        ),
        (
            "签约",
            "6月18日,泸州市与永川区签署了以下协议:《交通合作协议》、《文旅合作协议》。",
            ["交通合作协议", "文旅合作协议"],
        ),
        (  # ... or on the lines below it
            "签约",
            "6月18日,泸州市与永川区签署了三份协议。\n1.《交通合作协议》\n2.《文旅合作协议》",
            ["交通合作协议", "文旅合作协议"],
        ),
        (  # prose about another document in the next paragraph is no list
            "签约",
            "6月18日,泸州市与永川区签署了合作协议。\n《川渝合作示范区建设方案》提出,两地将共建园区。",
            [None],
        ),
        (  # a colon after the counted documents
            "签约",
            "6月18日,泸州市与永川区签署了2个协议:《交通合作协议》、《文旅合作协议》。",
            ["交通合作协议", "文旅合作协议"],
        ),
        (  # a line introducing the list
            "签约",
            "6月18日,泸州市与永川区签署合作协议。\n协议包括:\n1.《交通合作协议》\n2.《文旅合作协议》",
            ["交通合作协议", "文旅合作协议"],
        ),
        (  # one of the others explained after 其中
            "签约",
            "6月18日,泸州市与永川区签署了《交通合作协议》等2个协议,其中《文旅合作协议》明确,…",
            ["交通合作协议", "文旅合作协议"],
        ),
    ],
)
def test_titles_as_reports_write_them(title: str, text: str, titles: list[str | None]) -> None:
    assert [t for t, _ in found(title, text)] == titles


def test_subjects_without_dateline_topic_or_count() -> None:
    assert found("签约", "本报泸州6月18日讯 泸州市与永川区今天签署战略合作框架协议。") == [
        (None, ("泸州市", "永川区"))
    ]
    assert found("签约", "6月18日,泸州市与永川区就共建产业园区签订合作协议。") == [
        (None, ("泸州市", "永川区"))
    ]
    assert found("签约", "6月18日,泸州市与永川区战略合作协议在泸州正式签署。") == [
        (None, ("泸州市", "永川区"))
    ]


@pytest.mark.parametrize(
    ("title", "text", "parties"),
    [
        (  # a delegation's visit names both sides
            "两地法院签署协议",
            "6月18日,永川区法院院长张某带队一行13人到东坡法院考察调研。随后,两地法院共同"
            "签订了《司法协作框架协议》。",
            ("永川区法院", "东坡法院"),
        ),
        (  # slogans listed with 、 are no parties; the ceremony's own subject is
            "两地共青团签约",
            "为进一步围绕中心、服务大局,6月18日,共青团内江市委与共青团荣昌区委助力双城经济圈"
            "建设青年行动合作协议签约仪式在内江举行。",
            ("共青团内江市委", "共青团荣昌区委"),
        ),
        (  # a place inside a firm's name stays
            "签约",
            "6月18日,重庆两江新区管委会与格力电器(重庆)有限公司签署战略合作协议。",
            ("重庆两江新区管委会", "格力电器(重庆)有限公司"),
        ),
        (  # each clause names whom its signatory represents
            "签约",
            "6月18日,泸州市副市长张某代表泸州市人民政府,永川区副区长李某代表永川区人民政府"
            "签署合作协议。",
            ("泸州市人民政府", "永川区人民政府"),
        ),
        (  # the same in one list
            "签约",
            "6月18日,张某代表泸州市人民政府、李某代表永川区人民政府签署合作协议。",
            ("泸州市人民政府", "永川区人民政府"),
        ),
        (  # the reporter's count is no part of the names
            "签约",
            "6月18日,永川区与泸州市、内江市、自贡市等4个城市签署合作协议。",
            ("永川区", "泸州市", "内江市", "自贡市"),
        ),
        (  # a counted group is one party, not one per side
            "签约",
            "6月18日,四川省教育厅与重庆市教育委员会以及两地20所高校签署合作协议。",
            ("四川省教育厅", "重庆市教育委员会", "两地20所高校"),
        ),
        (  # a clause of purpose is no subject; the leader's body is
            "妇联互访",
            "为助力成渝地区双城经济圈建设,6月16日,永川区妇联党组书记、主席张某率队赴内江"
            "交流,并与内江市妇联签订框架协议。",
            ("永川区妇联", "内江市妇联"),
        ),
        (  # a list closed by 等 before the conjunction
            "签约",
            "6月18日,安顺市教育局、安顺学院、平坝区等与德康集团签订了合作协议。",
            ("安顺市教育局", "安顺学院", "平坝区", "德康集团"),
        ),
        (  # the parties' roles in the contract are no part of their names
            "签约",
            "6月18日,甲方泸州市人民政府与乙方永川区人民政府签署合作协议。",
            ("泸州市人民政府", "永川区人民政府"),
        ),
        (  # a dash joins partners in a ceremony's name
            "签约",
            "6月18日,重庆大学—宜宾市校地合作协议签约仪式举行。",
            ("重庆大学", "宜宾市"),
        ),
        (  # the organisers of the meeting, not "…主办的科技" as a name
            "签约",
            "6月18日,由四川省科技厅和重庆市科技局主办的科技合作大会在成都召开,会上签署了合作协议。",
            ("四川省科技厅", "重庆市科技局"),
        ),
        (  # "双方" named by the officials who attend
            "签约",
            "6月18日,双方签署合作协议。四川省科技厅厅长张某、重庆市科技局局长李某出席。",
            ("四川省科技厅", "重庆市科技局"),
        ),
        (  # the signatories of one signing, told again, are no second agreement
            "签约",
            "6月18日,宜宾学院与宜宾市翠屏区签署校地合作协议,宜宾学院党委书记张某、翠屏区委"
            "书记李某代表双方签字。",
            ("宜宾学院", "宜宾市翠屏区"),
        ),
        (  # the bodies represented, stated in the clause before the topic and the verb
            "签约",
            "7月5日,甲公司主要负责人与乙公司主要负责人分别代表金川集团和宏大集团,围绕矿山采掘"
            "等业务签署合作框架协议。",
            ("金川集团", "宏大集团"),
        ),
        (  # "签署了该协议" tells the signing again, with no new party
            "签约",
            "6月4日,重庆北部新区管委会与格力电器(重庆)有限公司签署了战略合作协议。北部新区管委会"
            "委员、经开区管委会副主任王某作为授权代表签署了该协议。",
            ("重庆北部新区管委会", "格力电器(重庆)有限公司"),
        ),
        (  # one side named by a post, the other by the document; witnesses are no parties
            "省校签约",
            "6月18日,在湖南省省长张某、江西省省长李某见证下,校长王某、江西省副省长赵某分别"
            "代表双方签署《江西省人民政府 中南大学战略合作协议》。",
            ("江西省人民政府", "中南大学"),
        ),
    ],
)
def test_parties_from_visits_ceremonies_and_document_names(
    title: str, text: str, parties: tuple[str, ...]
) -> None:
    assert [p for _, p in found(title, text)] == [parties]


def test_a_signing_nobody_is_named_for_stays_below_the_threshold() -> None:
    result = recognise("签约", normalise("6月18日,现场签署了合作协议。"), PUBLISHED)
    assert not result.is_agreement and 0 < result.score < 0.5


def test_plain_text_opening_with_its_lead_keeps_the_signing() -> None:
    text = (
        "本报讯 6月18日,泸州市人民政府与重庆市江津区人民政府签署《推进沿江开放发展战略合作协议》,"
        "双方将共建长江上游航运物流中心。\n双方还将在产业、文旅等领域深化合作。\n"
    )
    page = read_plain_text(text.encode("utf-8"))
    assert "签署《推进沿江开放发展战略合作协议》" in page.norm_text
    result = recognise(page.norm_title, page.norm_text, None)
    assert [a.title for a in result.agreements] == ["推进沿江开放发展战略合作协议"]
    assert result.agreements[0].signed_on == "06-18"


def test_furniture_before_the_headline_is_skipped() -> None:
    text = "本报首页 版面概览\n往期回顾\n泸州江津签署沿江开放合作协议\n6月18日,两地签署协议。\n"
    page = read_plain_text(text.encode("utf-8"))
    assert page.title == "泸州江津签署沿江开放合作协议"
    assert page.norm_text.startswith("6月18日")


class _BrokenTagger:
    def run(self, text: str) -> list[tuple[str, str]]:
        raise RuntimeError("model exploded")


def test_a_tagger_failure_falls_back_to_the_rules_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from pipeline.agreements import entities

    text = "6月18日,泸州市人民政府与重庆市江津区人民政府签署《沿江开放发展战略合作协议》。"
    monkeypatch.setattr(entities, "_tagger", lambda: _BrokenTagger())
    result = recognise("", normalise(text), PUBLISHED)
    assert [a.parties for a in result.agreements] == [("泸州市人民政府", "重庆市江津区人民政府")]
    assert "tagger failed" in caplog.text


def test_the_tagger_names_bodies_the_rules_cannot_delimit() -> None:
    from pipeline.agreements import entities

    assert entities.bodies("中科院上海光学精密机械研究所就深化合作促进激光产业发展") == [
        "中科院上海光学精密机械研究所"
    ]
    assert entities.bodies("") == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "本报成都6月1日讯 6月1日下午,两地召开合作座谈会。会上,省经济合作局局长张某与"
            "省投资促进局局长李某代表双方签署合作框架协议。",
            "2025-06-01",
        ),
        ("甘肃日报兰州6月1日讯 会见后,甘肃省人民政府与中核集团签署战略合作协议。", "2025-06-01"),
        ("四川日报成都6月2日讯 昨日,成都市与德阳市签署《成德同城化交通合作协议》。", "2025-06-01"),
        ("华龙网6月8日讯 今年以来,两江新区与万州区签署《对口协同工作协议》。", None),
    ],
)
def test_a_signing_without_its_own_date_takes_its_occasion_or_dateline(
    text: str, day: str | None
) -> None:
    (found,) = recognise("", normalise(text), PUBLISHED).agreements
    assert found.signed_on == day


def test_a_month_of_this_year_within_half_a_year_is_news() -> None:
    text = "今年5月,四川省交通运输厅与重庆市交通局签署了《川渝交通一体化合作协议》。"
    assert found("川渝交通合作", text) == [
        ("川渝交通一体化合作协议", ("四川省交通运输厅", "重庆市交通局"))
    ]


def test_an_earlier_signing_dated_days_before_is_still_news() -> None:
    text = (
        "6月18日,绵阳与广元签署《加快推动绵广协同发展合作协议》。此前,在6月12日,绵阳还与遂宁"
        "签署了《加快推动绵遂区域协同发展合作协议》。"
    )
    assert [title for title, _ in found("绵广签约", text)] == [
        "加快推动绵广协同发展合作协议",
        "加快推动绵遂区域协同发展合作协议",
    ]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "6月24日,泸州市生态环境局分别与江津区、永川区生态环境局签署《生态环境保护合作框架"
            "协议》。",
            [("泸州市生态环境局", "江津区生态环境局"), ("泸州市生态环境局", "永川区生态环境局")],
        ),
        (  # an adverb before 分别与 is no part of the first name
            "6月18日,舟山市普陀区还分别与万源市白果坪村、桅杆坪村签订结对帮扶协议。",
            [("舟山市普陀区", "万源市白果坪村"), ("舟山市普陀区", "桅杆坪村")],
        ),
        (  # "两地" are the others' places, not the subject's own
            "6月18日,永川代表团前往奉节、彭水交流。期间,永川高新区管委会分别与两地教委签订了"
            "合作协议。",
            # each place by its name as a county, as the labels write it
            [("永川高新区管委会", "奉节县教委"), ("永川高新区管委会", "彭水县教委")],
        ),
    ],
)
def test_one_agreement_with_each_party_signed_with_respectively(
    text: str, pairs: list[tuple[str, ...]]
) -> None:
    assert [p for _, p in found("签约", text)] == pairs


def test_several_documents_signed_respectively_stay_together() -> None:
    text = "6月18日,泸州市分别与江津区、永川区签署《交通合作协议》《文旅合作协议》。"
    assert [p for _, p in found("签约", text)] == [("泸州市", "江津区", "永川区")] * 2


def test_a_second_clause_without_subject_takes_the_first_clauses() -> None:
    text = (
        "4月12日,会上江北区分别与香港贸易发展局、德国重庆商会签订战略合作协议,与北京重庆企业"
        "商会签订战略合作协议。"
    )
    result = recognise("签约", normalise(text), PUBLISHED)
    assert [(a.parties, a.regions) for a in result.agreements] == [
        (("江北区", "香港贸易发展局"), ("重庆市江北区", "香港特别行政区")),
        (("江北区", "德国重庆商会"), ("重庆市江北区",)),  # a body abroad is not in 重庆
        (("江北区", "北京重庆企业商会"), ("重庆市江北区", "北京市")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "7月30日,泰国北碧府代表团一行到访凉山。双方举行了座谈。今年3月,凉山州与北碧府签署了"
        "《友好交流意向书》。",
        "7月30日,永川区代表团到访泸州。今年4月,泸州市与永川区签署了战略合作协议,两地合作"
        "进入快车道。",
        "7月30日,永川区代表团到访泸州。上个月,泸州市与永川区签订了《泸永合作协议》。",
        "7月30日,永川区代表团到访泸州。前不久,两地签订了《泸永合作协议》。",
    ],
)
def test_a_signing_well_before_the_reported_visit_is_background(text: str) -> None:
    assert not recognise("代表团到访", normalise(text), date(2025, 7, 31)).is_agreement


def test_a_signing_on_the_visit_or_in_a_round_up_is_news() -> None:
    visit = "7月30日,永川区代表团到访泸州。7月29日,泸州市与永川区签订了《泸永合作协议》。"
    (found,) = recognise("到访", normalise(visit), date(2025, 7, 31)).agreements
    assert found.signed_on == "2025-07-29"
    round_up = (
        "今年以来,泸州与重庆已签下不少于30个合作协议。\n●5月27日,泸州市经济和信息化局与"
        "重庆市永川区经济和信息化委员会签署《制造业合作协议》。"
    )
    (found,) = recognise("签约", normalise(round_up), date(2025, 7, 31)).agreements
    assert found.signed_on == "2025-05-27"


def test_a_month_without_its_day_dates_nothing() -> None:
    text = (
        "7月30日,双方召开座谈会。会后,泸州市与永川区签订了《泸永合作协议》。今年7月,泸州市与"
        "江津区签订了《泸江合作协议》。"
    )
    result = recognise("签约", normalise(text), date(2025, 7, 31))
    assert [(a.title, a.signed_on) for a in result.agreements] == [
        ("泸永合作协议", "2025-07-30"),
        ("泸江合作协议", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "6月18日,泸州市与永川区双方互换了《泸永合作协议》文本。",
            ("泸永合作协议", ("泸州市", "永川区")),
        ),
        ("6月18日,泸州市与永川区在协议上签字盖章。", (None, ("泸州市", "永川区"))),
        (
            "6月18日,泸州市与永川区完成了《泸永合作协议》的签署。",
            ("泸永合作协议", ("泸州市", "永川区")),
        ),
        ("6月18日,泸州市与永川区续签了战略合作协议。", (None, ("泸州市", "永川区"))),
        (
            "6月18日,西南医科大学附属医院与永川区人民医院正式签约,组建专科联盟。",
            (None, ("西南医科大学附属医院", "永川区人民医院")),
        ),
        (
            "6月18日,泸州市与永川区达成战略合作,双方代表在合作协议上签字。",
            (None, ("泸州市", "永川区")),
        ),
    ],
)
def test_less_common_ways_of_signing(text: str, expected: tuple[object, ...]) -> None:
    assert found("签约", text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "6月18日,泸州市与永川区签订了落实《泸永战略合作协议》的《泸永交通合作协议》。",
        "6月18日,泸州市与永川区依据《成渝地区双城经济圈建设规划纲要》签订了《泸永交通合作协议》。",
        "6月18日,泸州市与永川区在《泸永战略合作协议》签署一周年之际,签订了《泸永交通合作协议》。",
        "6月18日,泸州市与永川区签订了《泸永交通合作协议》和《泸永战略合作协议》补充协议。",
        "6月18日,泸州市与永川区签署了《泸永交通合作协议》,这是继《泸永战略合作协议》之后两地"
        "签署的又一重要协议。",
        "6月18日,泸州市与永川区签署了《泸永交通合作协议》。近年来,两地先后签署了《泸永战略合作"
        "协议》《泸永人才合作协议》。",
    ],
)
def test_documents_named_around_a_signing_are_not_signed(text: str) -> None:
    assert [t for t, _ in found("签约", text)] == ["泸永交通合作协议"]


def test_towns_named_under_their_county_once() -> None:
    text = (
        "4月17日,交流会在燕窝镇举行。四川省武胜县万隆镇、宝箴塞镇负责人参加了仪式。燕窝镇与"
        "万隆镇、宝箴塞镇分别签订了《战略合作框架协议》。"
    )
    result = recognise("签约", normalise(text), PUBLISHED)
    # 燕窝镇's county is never named: of the two towns so named, one is in 川渝 (合川区)
    assert [(a.parties, a.regions) for a in result.agreements] == [
        (("燕窝镇", "万隆镇"), ("重庆市合川区燕窝镇", "四川省广安市武胜县万隆镇")),
        (("燕窝镇", "宝箴塞镇"), ("重庆市合川区燕窝镇", "四川省广安市武胜县宝箴塞镇")),
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # the meeting's day is spoken ("上周五"); the document's alias is no other document
            "上周五,安岳县与潼南区召开座谈会。会上,安岳县人民政府与潼南区人民政府签署《安岳潼南"
            "柠檬产业协同发展合作协议》(以下简称《协议》)。两地负责人分别代表两地政府在《协议》"
            "上签字。",
            date(2023, 6, 5),
            [
                (
                    "安岳潼南柠檬产业协同发展合作协议",
                    ("安岳县人民政府", "潼南区人民政府"),
                    "2023-06-02",
                )
            ],
        ),
        (  # a Hong Kong paper's dateline in 【】
            "【香港文汇报讯】(记者 郑德文 成都报道)四川省商务厅与香港贸易发展局昨日在成都签署"
            "《关于深化川港经贸合作的谅解备忘录》。",
            date(2024, 5, 17),
            [
                (
                    "关于深化川港经贸合作的谅解备忘录",
                    ("四川省商务厅", "香港贸易发展局"),
                    "2024-05-16",
                )
            ],
        ),
        (  # the ceremony names the parties in full, the signing by their short names
            "昨(21)日,南充市人民政府与中国建设银行股份有限公司四川省分行(以下简称建行四川省分行)"
            "战略合作协议签约仪式在南充举行。副市长杨丽与建行四川省分行副行长孙伟分别代表双方签署"
            "《金融支持南充加快发展战略合作协议》。",
            date(2024, 3, 22),
            [
                (
                    "金融支持南充加快发展战略合作协议",
                    ("南充市人民政府", "中国建设银行股份有限公司四川省分行"),
                    "2024-03-21",
                )
            ],
        ),
    ],
)
def test_one_signing_told_twice_by_other_names(
    text: str, published: date, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    found = recognise("签约", normalise(text), published).agreements
    assert [(a.title, a.parties, a.signed_on) for a in found] == expected


def test_numbered_signings_of_one_city_with_two_universities_are_two() -> None:
    text = (
        "6月9日,我市举行校地合作推进会。1.内江市人民政府与四川大学签署《深化市校合作框架协议》;"
        "2.内江市人民政府与西南交通大学签署战略合作协议;3.威远县人民政府与成都理工大学签署"
        "技术合作协议。"
    )
    found = recognise("校地合作推进会", normalise(text), date(2023, 6, 10)).agreements
    assert [a.parties for a in found] == [
        ("内江市人民政府", "四川大学"),
        ("内江市人民政府", "西南交通大学"),
        ("威远县人民政府", "成都理工大学"),
    ]


def test_a_deputy_secretary_and_head_signs_for_the_government() -> None:
    text = (
        "4月26日,梁平区党政代表团到大竹县考察。会上,梁平区委副书记、区长刘某与大竹县委副书记、"
        "县长何某代表双方签约,签署了《明月山绿色发展示范带梁平大竹协同发展合作协议》。"
        "梁平工业园区管委会与大竹经开区签订《园区合作共建协议》,共建梁平—大竹产业协作园。"
        "两地农业农村部门签订了"
        "《现代农业协同发展合作协议》。"
    )
    found = recognise("梁平大竹签约", normalise(text), date(2022, 4, 27)).agreements
    assert [a.parties for a in found] == [
        ("梁平区", "大竹县"),
        ("梁平工业园区管委会", "大竹经开区"),
        # 大竹经开区 lies in 大竹: no third place; the places by their fullest names
        ("梁平区农业农村部门", "大竹县农业农村部门"),
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # people sign for the bodies the ceremony names in full, then by short names
            "川渝携手 共建渝东南区域医疗高地——我院与重庆市黔江中心医院签署合作协议",
            "9月15日,四川省医学科学院·四川省人民医院(以下简称“省医院”)与重庆市黔江中心医院合作"
            "签约仪式在黔江举行。省医院院长与黔江中心医院院长分别代表双方签署了《医疗合作框架协议》。",
            [
                (
                    ("四川省医学科学院·四川省人民医院", "重庆市黔江中心医院"),
                    ("四川省成都市", "重庆市黔江区"),  # a province's hospital is in its capital
                )
            ],
        ),
        (  # bodies that sign themselves are as the signing sentence writes them
            "梁平大竹签约",
            "4月26日,代表团一行先后来到大竹经济技术开发区(以下简称“大竹经开区”)考察。"
            "梁平工业园区管委会与大竹经开区签订《园区合作共建协议》。",
            [(("梁平工业园区管委会", "大竹经开区"), ("重庆市梁平区", "四川省达州市大竹县"))],
        ),
        (  # the plural the signers stand for: their places' governments
            "巫山巴东携手守护长江",
            "12月5日,巫山县副县长向某、巴东县副县长谭某分别代表两县人民政府签署《长江三峡生态环境"
            "保护联防联控合作协议》。",
            [
                (
                    ("巫山县人民政府", "巴东县人民政府"),
                    ("重庆市巫山县", "湖北省恩施土家族苗族自治州巴东县"),
                )
            ],
        ),
    ],
)
def test_who_signed_by_short_names_and_for_whom(
    title: str, text: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    found = recognise(normalise(title), normalise(text), date(2023, 12, 6)).agreements
    assert [(a.parties, a.regions) for a in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        (  # after a project-signing intro, the items name documents on their own lines
            "4月18日,联席会议在荣昌召开。会上举行了合作项目集中签约,具体如下:\n"
            "签约项目:《内荣现代农业高新技术产业示范区2024年共建协议》\n"
            "签约单位:内江市农业农村局 荣昌区农业农村委员会\n"
            "签约项目:生猪种业联合攻关合作协议\n签约单位:内江师范学院 重庆市畜牧科学院"
        ),
        (  # numbered item lines announce the list themselves
            "4月18日,联席会议在荣昌召开。会上举行了集中签约仪式,共签署合作协议2项。\n"
            "签约项目一:《内荣现代农业高新技术产业示范区2024年共建协议》\n"
            "签约单位:内江市农业农村局、荣昌区农业农村委员会\n"
            "签约项目二:生猪种业联合攻关合作协议\n签约单位:内江师范学院、重庆市畜牧科学院"
        ),
    ],
)
def test_a_list_of_signing_items_and_their_units(text: str) -> None:
    found = recognise("内荣联席会议召开", normalise(text), date(2024, 4, 19)).agreements
    assert [(a.title, a.parties) for a in found] == [
        (
            "内荣现代农业高新技术产业示范区2024年共建协议",
            ("内江市农业农村局", "荣昌区农业农村委员会"),
        ),
        (None, ("内江师范学院", "重庆市畜牧科学院")),
    ]


def test_a_plural_body_is_each_place_named_with_it() -> None:
    text = (
        "12月15日,泸永江融合发展示范区联席会议在江津召开,泸州市、永川区、江津区有关负责同志"
        "出席。会上,三地相关单位集中签署了2项合作协议:\n"
        "①三地政府签署《泸永江融合发展示范区2023年合作框架协议》;\n"
        "②三地医疗保障部门签署《泸永江医疗保障一体化合作协议》。\n"
        "同日,成都、德阳、眉山、资阳四市人力资源社会保障部门签署《成德眉资人力资源协同发展"
        "合作协议》。"
    )
    found = recognise("联席会议召开", normalise(text), date(2022, 12, 16)).agreements
    assert [a.parties for a in found] == [
        ("泸州市政府", "永川区政府", "江津区政府"),  # 江津 and 江津区 are one place
        ("泸州市医疗保障部门", "永川区医疗保障部门", "江津区医疗保障部门"),
        tuple(f"{city}人力资源社会保障部门" for city in ("成都市", "德阳市", "眉山市", "资阳市")),
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the headline lists the signers, spaced; the body's "代表本单位" names none
            "西南交大 中国中铁 新都区三方共建轨道交通产业创新中心",
            "6月26日,三方在新都举行合作签约仪式,三方负责人分别代表本单位签署合作协议。",
            [(None, ("西南交大", "中国中铁", "新都区"))],
        ),
        (
            "四川省发改委 重庆市发展改革委签署深化区域协同合作协议",
            "3月17日,双方主要负责同志代表两委签署了《2022年区域协同重点任务合作协议》。",
            [("2022年区域协同重点任务合作协议", ("四川省发改委", "重庆市发展改革委"))],
        ),
        (  # 曾 is a surname here, not "once"; the area after the court is the title's topic
            "两院签署司法协作框架协议",
            "3月15日,曾某某与张某分别代表两院签署了《重庆市大足区人民法院 四川省安岳县人民法院"
            "川渝毗邻地区司法协作框架协议》。",
            [
                (
                    "重庆市大足区人民法院 四川省安岳县人民法院川渝毗邻地区司法协作框架协议",
                    ("重庆市大足区人民法院", "四川省安岳县人民法院"),
                )
            ],
        ),
        (  # the summary's one named side is the same city as each listed signing's
            "央企入川对接会举行",
            "6月15日,成都市政府与2家央企签署战略合作协议。成都市人民政府分别与中国建筑集团有限"
            "公司、中国中铁股份有限公司签署战略合作协议。",
            [
                (None, ("成都市人民政府", "中国建筑集团有限公司")),
                (None, ("成都市人民政府", "中国中铁股份有限公司")),
            ],
        ),
    ],
)
def test_signers_named_elsewhere_than_the_signing(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    found = recognise(normalise(title), normalise(text), date(2024, 6, 27)).agreements
    assert [(a.title, a.parties) for a in found] == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # a homonym (five cities have a 朝阳区) the lead names in full
            "九龙坡区与朝阳区签署友好合作框架协议",
            "9月5日,吉林省长春市朝阳区党政代表团来我区考察交流。两区举行座谈会,并签署"
            "《友好合作框架协议》。",
            [(("九龙坡区", "朝阳区"), ("重庆市九龙坡区", "吉林省长春市朝阳区"))],
        ),
        (  # a town after its province; the short telling and the titled one are one
            "安稳镇与贵州松坎镇签订渝黔边界协同发展合作协议",
            "5月15日,綦江区安稳镇与贵州省遵义市桐梓县松坎镇召开联席会议,两镇签订《渝黔边界"
            "安稳·松坎协同发展合作协议》。",
            [
                (
                    ("綦江区安稳镇", "贵州省遵义市桐梓县松坎镇"),
                    ("重庆市綦江区安稳镇", "贵州省遵义市桐梓县松坎镇"),
                )
            ],
        ),
        (  # list items "A与B签署《…》", the count's subject no party; a province beside
            # its own county is none of the places
            "两江新区天府新区联席会议召开",
            "6月29日,联席会议在成都召开。会上,两个新区有关部门和单位签署了2项合作协议:\n"
            "1.重庆两江新区管理委员会与四川天府新区管理委员会签署《两江新区天府新区协同发展合作"
            "协议》;\n2.两江新区科技创新局与天府新区科技创新和人才局签署《两江天府科技创新协同"
            "发展合作协议》。",
            [
                (
                    ("重庆两江新区管理委员会", "四川天府新区管理委员会"),
                    ("重庆市两江新区", "四川省成都市天府新区"),
                ),
                (
                    ("两江新区科技创新局", "天府新区科技创新和人才局"),
                    ("重庆市两江新区", "四川省成都市天府新区"),
                ),
            ],
        ),
    ],
)
def test_places_told_twice_and_lists_told_plainly(
    title: str, text: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    found = recognise(normalise(title), normalise(text), date(2024, 9, 6)).agreements
    assert [(a.parties, a.regions) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        (  # a visit over two days; the meeting's day given alone
            "6月26日至27日,市党政代表团赴宜宾学习考察。26日下午,代表团考察了三江新区。27日下午,"
            "两市合作交流座谈会召开。会上,昭通市人民政府与宜宾市人民政府签署《深化协同发展战略合作"
            "框架协议》。",
            date(2024, 6, 28),
            "2024-06-27",
        ),
        (  # the lead's "昨日", far before the meeting's signing
            "本报讯 昨日,第三届推进会在利川召开。州长讲话。区长表示愿加强对接。会议审议了行动方案。"
            "与会者交流了经验。会上,利川市与万州区签订文旅融合合作协议。",
            date(2023, 10, 20),
            "2023-10-19",
        ),
    ],
)
def test_the_meetings_day_dates_the_signing_at_it(text: str, published: date, day: str) -> None:
    found = recognise("推进会召开", normalise(text), published).agreements
    assert [a.signed_on for a in found] == [day]


def test_an_ecological_compensation_agreement_between_provinces_some_day_before() -> None:
    text = (
        "中新网昆明11月3日电 (记者 胡远)记者3日从云南省生态环境厅获悉,云南、四川两省生态环境厅"
        "日前在成都签署《金沙江流域横向生态保护补偿协议》。"
    )
    found = recognise("川滇签署补偿协议", normalise(text), date(2022, 11, 3)).agreements
    assert [(a.parties, a.signed_on) for a in found] == [
        (("云南省生态环境厅", "四川省生态环境厅"), None)  # 日前: not the report's day
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # two groups of places, each with its count and kind (in digits)
            "6月19日,泸州、宜宾、自贡、内江4市市场监管局与重庆市永川区、江津区2区市场监管局"
            "共同签署《川南渝西地区市场监管一体化合作协议》。",
            [
                (
                    "泸州市市场监管局", "宜宾市市场监管局", "自贡市市场监管局", "内江市市场监管局",
                    "重庆市永川区市场监管局", "江津区市场监管局",
                )
            ],
        ),
        (  # two cities respectively with two counties: the first with the first
            "6月9日,济南、青岛两市分别与重庆市城口县、巫溪县签署结对协作协议。",
            [("济南市", "重庆市城口县"), ("青岛市", "巫溪县")],
        ),
    ],
)  # fmt: skip
def test_groups_of_places_sign_with_each_other(text: str, expected: list[tuple[str, ...]]) -> None:
    assert [p for _, p in found("签约", text)] == expected


def test_a_years_chronicle_reports_its_dated_signings_of_that_year() -> None:
    text = (
        "1月\n1月12日 区委全体会议召开。\n2月\n2月14日 荣昌区人民政府与内江市人民政府在内江签署"
        "《内江荣昌现代农业高新技术产业示范区建设合作协议》。\n3月\n3月9日 荣昌区与隆昌市召开联席"
        "会议,审议《隆昌荣昌协同发展2022年工作要点》。\n11月\n11月8日 荣昌区与四川省泸州市泸县签订"
        "《荣昌泸县毗邻地区合作发展框架协议》。"
    )
    found = recognise("2022年荣昌区大事记", normalise(text), date(2023, 3, 10)).agreements
    assert [(a.title, a.signed_on) for a in found] == [
        ("内江荣昌现代农业高新技术产业示范区建设合作协议", "2022-02-14"),
        ("荣昌泸县毗邻地区合作发展框架协议", "2022-11-08"),
    ]
    # the same entries under another headline are history
    assert recognise("荣昌区情", normalise(text), date(2023, 3, 10)).agreements == ()


def test_an_occasion_told_yesterday_dates_the_signing_at_it() -> None:
    page = read_plain_text(
        "开江融媒  2022-12-07  来源:开江县融媒体中心\n\n"
        "昨日,重庆大学附属三峡医院与开江县人民医院紧密型医疗协作签约暨揭牌仪式在县人民医院举行。"
        "仪式上,双方签署《紧密型医疗协作框架协议》。".encode()
    )
    assert page.published_at is not None and page.published_at.date() == date(2022, 12, 7)
    published = page.published_at.date()
    found = recognise(page.norm_title, page.norm_text, published).agreements
    # the kind of signing told after a party ("紧密型医疗协作") is no part of its name;
    # 三峡医院 is in 万州 (bodies.toml), though named after the municipality
    assert [(a.parties, a.regions, a.signed_on) for a in found] == [
        (
            ("重庆大学附属三峡医院", "开江县人民医院"),
            ("重庆市万州区", "四川省达州市开江县"),
            "2022-12-06",
        )
    ]


@pytest.mark.parametrize(
    ("text", "site", "expected"),
    [
        (  # 高滩镇: one in 邻水县 (the site's), one in 陕西; "毗邻乡镇" is the title's topic
            "3月26日,高滩镇与重庆市渝北区茨竹镇举行签约仪式。高滩镇党委书记周某、茨竹镇党委书记"
            "刘某分别代表两镇在《高滩镇 茨竹镇毗邻乡镇协同发展合作协议》上签字。",
            "邻水新闻网",
            [(("高滩镇", "茨竹镇"), ("四川省广安市邻水县高滩镇", "重庆市渝北区茨竹镇"))],
        ),
        (  # without the site, 高滩镇 is the one in 川渝
            "3月26日,高滩镇与茨竹镇签订《毗邻乡镇协同发展合作协议》。",
            None,
            [(("高滩镇", "茨竹镇"), ("四川省广安市邻水县高滩镇", "重庆市渝北区茨竹镇"))],
        ),
        (  # 洪安镇: 秀山's (the article names it), not 龙泉驿区's; "三镇" are the towns named
            "日前,秀山县洪安镇、湖南省花垣县边城镇、贵州省松桃县迓驾镇召开联席会议,三镇共同签订"
            "《边区三镇联防联治合作协议》。",
            None,
            [
                (
                    ("秀山县洪安镇", "湖南省花垣县边城镇", "贵州省松桃县迓驾镇"),
                    (
                        "重庆市秀山土家族苗族自治县洪安镇",
                        "湖南省湘西土家族苗族自治州花垣县边城镇",
                        "贵州省铜仁市松桃苗族自治县迓驾镇",
                    ),
                )
            ],
        ),
        (  # villages are placed at their county; 大竹镇 is 万源市's, not 大竹县
            "6月5日,舟山市工商联与万源市草坝镇寨坝村、大竹镇营盘村签订了结对帮扶协议。",
            None,
            [
                (
                    ("舟山市工商联", "万源市草坝镇寨坝村", "大竹镇营盘村"),
                    ("浙江省舟山市", "四川省达州市万源市"),
                )
            ],
        ),
    ],
)
def test_towns_found_by_name(
    text: str, site: str | None, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    result = recognise("签约", normalise(text), PUBLISHED, None, site)
    assert [(a.parties, a.regions) for a in result.agreements] == expected


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (
            "6月18日,泸州市党政代表团赴永川区学习考察,双方签署了《泸永合作协议》。",
            ("泸州市", "永川区"),
        ),
        (
            "6月18日,泸州市考察团到访西南大学,校地双方签署《战略合作协议》。",
            ("泸州市", "西南大学"),
        ),
        (
            "6月18日,泸州市长张某会见了华为公司副总裁李某一行,双方签署了《战略合作协议》。",
            ("泸州", "华为公司"),
        ),
    ],
)
def test_a_delegation_or_its_hosts_name_both_sides(text: str, parties: tuple[str, ...]) -> None:
    assert [p for _, p in found("考察", text)] == [parties]


def test_who_visited_whom_is_no_evidence_of_an_untitled_signing() -> None:
    text = "6月18日,泸州市党政代表团赴永川区学习考察,双方签署了合作协议。"
    result = recognise("考察", normalise(text), PUBLISHED)
    assert not result.is_agreement
    assert 0.4 < result.score < 0.5  # still in the inbox, below the threshold


def test_an_undated_signing_in_a_question_and_answer_page_is_background() -> None:
    explainer = (
        "问:川渝两地在社保方面有哪些合作?\n答:川渝两地人社部门签署了《社保关系转移接续合作协议》,"
        "实现了养老保险关系转移网上办理。"
    )
    assert not recognise("区域合作问答", normalise(explainer), PUBLISHED).is_agreement
    press = "问:此次签约有何意义?\n答:今天,泸州市与永川区签署了《泸永合作协议》。"
    assert recognise("答记者问", normalise(press), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "川渝检察协作不断深化",
            "川渝检察协作不断深化。四川省人民检察院与重庆市人民检察院签署了《检察协作框架协议》,"
            "建立了联席会议机制。目前,两地已联合办理案件100余件。",
        ),
        (
            "成渝地区双城经济圈建设五周年:交通互联成效显著",
            "五年来,川渝交通互联互通取得明显成效。四川省交通运输厅与重庆市交通局签订"
            "《交通一体化发展合作协议》,共同推进37个重大项目。",
        ),
        (
            "【奋进新征程】医疗协作惠民生",
            "近年来,我市医疗卫生事业快速发展。市人民医院与重庆医科大学附属第一医院签订合作协议,"
            "组建医联体,已有20余名专家下沉坐诊。",
        ),
        (
            "2024年工作总结",
            "一年来,我局认真贯彻落实上级决策部署。与重庆市永川区农业农村委签订《农业合作协议》,"
            "联合举办农产品展销会3场。",
        ),
    ],
)
def test_a_signing_told_without_its_day_in_a_progress_review_is_background(
    title: str, text: str
) -> None:
    assert not recognise(title, normalise(text), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("川渝合作走深走实", "记者从市发改委获悉,泸州市与永川区签署了《全面深化战略合作协议》。"),
        ("两地合作成效显著", "6月18日,泸州市与永川区签署了《全面深化战略合作协议》。"),
        ("川渝合作不断深化", "本报讯 泸州市与永川区签署了《全面深化战略合作协议》。"),
        (
            "泸永合作结硕果",
            "近年来,泸州与永川合作不断深化。今天上午,泸州市与永川区签署了《全面深化战略合作协议》。",
        ),
        # Furniture, not a review: "往期回顾" above the lead; the signing follows its ceremony.
        (
            "往期回顾",
            "近日,区域协同发展签约仪式在燕窝镇举行。燕窝镇负责人作了致辞,燕窝镇与万隆镇签订了"
            "《区域一体化协同发展战略合作框架协议》。",
        ),
        (
            "川渝检察机关签署协作协议",
            "四川省人民检察院与重庆市人民检察院签署了《检察协作框架协议》。",
        ),
    ],
)
def test_a_review_headline_over_a_dated_or_reported_signing_is_news(title: str, text: str) -> None:
    assert recognise(title, normalise(text), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    "text",
    [
        "6月18日,《泸永江融合发展合作协议》由泸州市与永川区共同签署。",
        "6月18日,《泸永江融合发展合作协议》已由泸州市与永川区正式签署。",
        # The ceremony names the document, the next sentence who signed it.
        "6月18日,《泸永江融合发展合作协议》签约仪式在泸州举行。泸州市与永川区签署协议。",
    ],
)
def test_a_document_named_apart_from_who_signed_it(text: str) -> None:
    found = recognise("泸永合作迈出新步伐", normalise(text), PUBLISHED).agreements
    expected = [("泸永江融合发展合作协议", ("泸州市", "永川区"))]
    assert [(a.title, a.parties) for a in found] == expected


def test_a_document_to_be_signed_by_named_parties_is_not_signed() -> None:
    text = "6月18日,《泸永江融合发展合作协议》将由泸州市与永川区共同签署。"
    assert not recognise("泸永合作", normalise(text), PUBLISHED).is_agreement


def test_a_fragment_naming_one_side_is_the_same_signing_told_again() -> None:
    text = "与永川区签订合作协议。6月18日,泸州市与永川区签订全面战略合作协议。"
    found = recognise("", normalise(text), PUBLISHED).agreements
    assert [(a.parties, a.signed_on) for a in found] == [(("泸州市", "永川区"), "2025-06-18")]


def test_a_date_after_the_subject_is_no_part_of_a_name() -> None:
    text = "泸州市政府与永川区政府6月18日在泸州签订了合作协议。"
    found = recognise("泸永合作", normalise(text), PUBLISHED).agreements
    assert [a.parties for a in found] == [("泸州市政府", "永川区政府")]


def test_partners_listed_with_commas_back_to_the_pair_that_opens_the_list() -> None:
    text = (
        "最近几天,雅安与四川农业大学,成都中医药大学,四川旅游学院,电子科技大学信息与软件工程学院"
        "四所高校签署战略合作协议。"
    )
    found = recognise("签约", normalise(text), PUBLISHED).agreements
    assert [a.parties for a in found] == [
        ("雅安", "四川农业大学", "成都中医药大学", "四川旅游学院", "电子科技大学信息与软件工程学院")
    ]
    # A comma before a place or a purpose is no list.
    text = "6月18日,泸州市与永川区,在泸州签署《合作协议》。"
    assert [a.parties for a in recognise("签约", normalise(text), PUBLISHED).agreements] == [
        ("泸州市", "永川区")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "6月18日,泸州市人民政府与永川区人民政府通过视频方式“云签约”《泸永合作协议》。",
            [("泸永合作协议", ("泸州市人民政府", "永川区人民政府"))],
        ),
        (  # a jointly signed plan, by a counted collective of both places
            "6月18日,川渝两地12个部门联合签署《川渝两地协同发展行动方案》。",
            [("川渝两地协同发展行动方案", ("川渝两地12个部门",))],
        ),
        (  # the leaders sign for their places
            "6月18日,泸州市与永川区结为友好城市,双方市长签署了友好城市协议书。",
            [(None, ("泸州市", "永川区"))],
        ),
    ],
)
def test_signings_told_in_passing_forms(text: str, expected: list[object]) -> None:
    found = recognise("合作", normalise(text), PUBLISHED).agreements
    assert [(a.title, a.parties) for a in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021年,泸州市与永川区签署《泸永全面战略合作协议》。6月18日,泸州市与永川区签署"
        "《泸永江融合发展示范区共建协议》。",
        "6月18日,泸州市与永川区签署《泸永江融合发展示范区共建协议》。两地于2021年5月签署"
        "《泸永全面战略合作协议》,此次签约标志着合作进入新阶段。",
    ],
)
def test_without_a_publication_date_a_signing_given_a_year_beside_a_yearless_one_is_earlier(
    text: str,
) -> None:
    found = recognise("泸永签约", normalise(text), None).agreements
    assert [a.title for a in found] == ["泸永江融合发展示范区共建协议"]


def test_a_year_inside_a_meetings_name_dates_no_signing() -> None:
    text = (
        "4月12日,2023年全国重庆商会会长会议在重庆市江北区开幕,会上江北区与香港贸易发展局"
        "签订战略合作协议。"
    )
    found = recognise("签约", normalise(text), None).agreements
    assert [a.parties for a in found] == [("江北区", "香港贸易发展局")]


@pytest.mark.parametrize(
    "text",
    [
        "6月18日,泸州市与永川区签 署《泸永合作协议》。",  # anti-copy spacing
        "6月18日,泸州市与永川区签署&nbsp;《泸永合作协议》。",  # an entity from the source
        "6月18日,泸州市与\n永川区签署了《泸永合作协议》。",  # the page's line breaks
        "6月18日,泸州市\n与永川区签署了《泸永合作协议》。",
    ],
)
def test_layout_and_junk_inside_a_signing_sentence(text: str) -> None:
    found = recognise("泸永合作", normalise(text), PUBLISHED).agreements
    assert [(a.title, a.parties) for a in found] == [("泸永合作协议", ("泸州市", "永川区"))]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("泸州永川签署合作协议", ("泸州", "永川")),
        ("泸州·永川合作座谈会召开", ("泸州", "永川")),
        ("【泸州】泸州市永川区签订战略合作协议", ("泸州市", "永川区")),
        ("泸州牵手永川共建示范区", ("泸州", "永川")),
        ("重庆市永川区召开座谈会 双方签约", ("重庆市永川区",)),  # one place, not two
    ],
)
def test_a_subjectless_signing_takes_the_places_its_headline_opens_with(
    headline: str, expected: tuple[str, ...]
) -> None:
    found = recognise(headline, normalise("6月18日,会上,双方签署了《泸永合作协议》。"), PUBLISHED)
    assert [a.parties for a in found.agreements][:1] == ([expected] if len(expected) > 1 else [])


def test_an_anniversary_headline_is_a_review_of_an_earlier_signing() -> None:
    text = (
        "2020年6月,泸州与永川签署《全面战略合作协议》。五年来,两地在交通、产业等领域合作成效显著。"
    )
    assert not recognise(
        "泸州与永川签约五周年 合作结出累累硕果", normalise(text), None
    ).is_agreement


def test_a_list_of_signings_after_the_events_intro() -> None:
    text = (
        "6月18日,泸永合作推进会在泸州举行,会上集中签约8个合作项目。签约项目如下:\n"
        "1.泸州市交通运输局与永川区交通局《交通互联互通合作协议》\n"
        "2.泸州市文旅局、永川区文旅委:《文化旅游合作协议》"
    )
    found = recognise("泸永合作推进会举行", normalise(text), PUBLISHED).agreements
    assert [(a.title, a.parties) for a in found] == [
        ("交通互联互通合作协议", ("泸州市交通运输局", "永川区交通局")),
        ("文化旅游合作协议", ("泸州市文旅局", "永川区文旅委")),
    ]
    lead = "6月18日,泸永合作推进会在泸州举行,会上集中签约8个合作项目。"
    round_up = text.replace(lead, "今年以来,").replace(
        "签约项目如下", "我市累计签约项目30个,部分如下"
    )
    assert not recognise("我市招商引资成效显著", normalise(round_up), PUBLISHED).is_agreement


def test_a_back_reference_naming_the_parties_gives_their_signing_its_title() -> None:
    text = (
        "日前,内江市与自贡市、资阳市分别签署区域协同发展合作协议。据了解,根据6月16日内江与"
        "自贡共同签署的《内自同城化发展合作协议》,双方将在交通、产业等方面开展合作。"
        "此前,在6月9日,内江还与资阳签署了《内资区域协同发展合作协议》。"
    )
    result = recognise(normalise("内江与自贡、资阳签订合作协议"), normalise(text), PUBLISHED)
    assert sorted((a.title or "", a.parties, a.signed_on) for a in result.agreements) == [
        ("内自同城化发展合作协议", ("内江市", "自贡市"), "2025-06-16"),
        # the lead's telling names 内江 and 资阳 in full
        ("内资区域协同发展合作协议", ("内江市", "资阳市"), "2025-06-09"),
    ]


def test_a_back_reference_dated_earlier_names_another_document() -> None:
    text = (
        "6月18日,内江市与自贡市签署合作协议。根据2021年内江与自贡共同签署的《内自合作备忘录》,"
        "双方已建成多个合作项目。"
    )
    assert found("内江自贡签约", text) == [(None, ("内江市", "自贡市"))]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a task in a plan
            "广安市交通三年行动方案",
            "(五)深化交通合作机制。推动市交通运输局与重庆市渝北区、长寿区交通主管部门签署交通合作"
            "协议,建立省际交通项目联合推进制度。",
        ),
        (  # a condition in a policy
            "若干政策措施(征求意见稿)",
            "一、对成都市各区(市)县与德阳、眉山相关县(市、区)签订产业合作协议,共建产业协作园区的,"
            "给予最高500万元奖励。",
        ),
        (  # the plan stated before the partners
            "动力电池博览会9月举办",
            "此外,宜宾市拟与重庆市永川区、贵州省遵义市签署动力电池产业协同发展合作协议。",
        ),
        (  # a family doctor's residents
            "签约家庭医生,守护全家健康",
            "不少老年居民当场与家庭医生团队签约,领取了健康服务包。\n如何签约?\n"
            "1. 携带身份证到辖区社区卫生服务中心签约;",
        ),
        (  # a period's round-up
            "川渝生态环境合作协议实施中期评估会召开",
            "6月18日,评估会在重庆召开。协议签署两年多来,四川省生态环境厅与重庆市生态环境局又先后签署了"
            "《川渝跨界河流联防联控"
            "合作协议》《川渝固废联合监管合作协议》等专项协议18项。",
        ),
        (  # as old as the anniversary's signing
            "专家团队回访叙永",
            "6月18日,重医附二院专家团队来到叙永县人民医院回访。一年前的今天,双方在叙永签署《专科联盟"
            "合作协议》。签约当天,重医附二院与叙永县人民医院还同步签订了《远程医疗协作协议》。",
        ),
        (  # a work report's review of the year
            "邻水县人民政府",
            "2025年邻水县人民政府工作报告\n一、2024年工作回顾\n主动对接重庆主城都市区,与重庆市渝北区、"
            "长寿区等毗邻区县签署合作协议31项,其中与渝北区签署的《渝北邻水公共服务共建共享合作协议》"
            "已落地见效。",
        ),
        (  # an interview recalls signings
            "专访内江市经济合作局局长",
            "记者:两地在协议层面有哪些成果?\n黄立新:今年3月,在荣昌举办的畜牧产业对接活动上,内江市"
            "农业农村局与荣昌区农业农村委签订了《内荣动物疫病联防联控协议》。",
        ),
        (  # a sidebar's headlines are other stories
            "李庄古镇端午龙舟赛开赛",
            "6月18日,龙舟赛在李庄古镇开赛,18支队伍同场竞技。\n24小时热点\n"
            "1 宜宾泸州签署《长江上游川南段航运协同发展合作协议》\n"
            "2 宜宾三江新区与重庆永川高新区签署产业合作协议\n",
        ),
        (  # a groundbreaking after the page's furniture; the agreement is last year's
            "中恒智造集团",
            "首页 集团概况 新闻动态\n项目在江津珞璜开工\n发布时间:2025-06-18\n"
            "6月16日,中恒智能装备产业园项目开工仪式在重庆市江津区珞璜镇举行。\n"
            "2025年1月,中恒智造集团与重庆市江津区人民政府签订《中恒智能装备产业园项目投资合作协议》。",
        ),
    ],
)
def test_signings_that_are_tasks_conditions_other_senses_or_background(
    title: str, text: str
) -> None:
    assert found(title, text) == []


def test_the_lead_past_the_page_furniture_dates_the_signing() -> None:
    text = (
        "上一版 下一版 本版标题导航 往期回顾\n推进会在开州召开\n三地又签下合作单\n"
        "本报讯 5月16日,万达开示范区推进会在重庆市开州区召开。会议总结回顾示范区建设进展。"
        "推进会上,三地又签署了一批新的合作协议。会议通报,三地累计签署合作协议128项。"
        "交通项目加快推进。推进会现场,万州区发展改革委、达州市发展改革委共同签署了"
        "《万达开清洁能源产业协同发展合作协议》。"
    )
    result = recognise("达州日报", normalise(text), PUBLISHED)
    assert [(a.title, a.signed_on) for a in result.agreements] == [
        ("万达开清洁能源产业协同发展合作协议", "2025-05-16")
    ]


def test_a_headlines_short_names_are_the_parties_the_lead_spells_out() -> None:
    text = (
        "8月18日下午,甘肃省人民政府与中国核工业集团有限公司全面深化战略合作协议签署活动在兰州举行。"
        "省委书记出席并致辞。会议介绍了合作情况。双方回顾了合作历程。"
        "程晓波、顾军分别代表双方签署《全面深化战略合作协议》。"
    )
    assert found("省政府与中核集团举行全面深化战略合作协议签署活动", text) == [
        ("全面深化战略合作协议", ("甘肃省人民政府", "中国核工业集团有限公司"))
    ]


def test_departments_of_the_same_two_places_sign_their_own_agreements() -> None:
    text = (
        "6月18日,江津区—合江县合作推进会在合江县召开,两地相关部门集中签订3项合作协议。"
        "江津区生态环境局与合江县生态环境局签订《跨界河流水污染联防联控合作协议》。"
        "江津区交通局与合江县交通运输局签订《江津合江交通互联互通合作协议》。"
        "江津区卫生健康委员会与合江县卫生健康局签订医疗卫生协作协议,推动检查检验结果互认。"
    )
    assert [parties for _, parties in found("江津合江签订3项部门合作协议", text)] == [
        ("江津区生态环境局", "合江县生态环境局"),
        ("江津区交通局", "合江县交通运输局"),
        ("江津区卫生健康委员会", "合江县卫生健康局"),
    ]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # the future opening the sentence governs its signing
            "宜宾昭通共商川滇合作",
            "6月18日,昭通市党政代表团来宜考察。双方商定尽快起草合作框架协议;待条件成熟后,两市交通、"
            "商务、文旅等部门再分别签订专项合作协议。",
        ),
        (  # one side signing with nobody named
            "园区举行大学生主播签约仪式",
            "6月18日下午,蜀播产业园第三期签约仪式在园区直播中心举行,园区负责人颁发了证书。",
        ),
        (  # a legal question site
            "签了战略合作框架协议,对方不履行能起诉吗?",
            "问题描述:我们公司和重庆一家企业签了一份框架协议。\n律师解答:框架协议如果只写了原则性"
            "条款、具体事项另行签订协议,一般认定为意向性文件。",
        ),
    ],
)
def test_signings_to_come_one_sided_or_in_legal_advice(title: str, text: str) -> None:
    assert found(title, text) == []


def test_a_plan_with_its_time_and_place_before_the_verb_is_not_a_signing() -> None:
    text = (
        "6月18日,宜宾昭通区域合作座谈会在昭通召开。经充分协商,双方商定,将于今年下半年在宜宾正式"
        "签署《宜宾市人民政府 昭通市人民政府深化区域合作框架协议》。"
    )
    assert found("宜宾昭通两地召开区域合作座谈会", text) == []


def test_a_jointly_signed_work_plan_is_one_of_the_documents() -> None:
    text = (
        "6月18日,川渝生态环境联席会议在重庆召开。会上,四川省生态环境厅与重庆市生态环境局签署了"
        "《嘉陵江流域跨界水体联合执法协议》《川渝毗邻地区大气污染联防联控工作方案》。"
    )
    assert [t for t, _ in found("川渝生态环境联席会议召开", text)] == [
        "嘉陵江流域跨界水体联合执法协议",
        "川渝毗邻地区大气污染联防联控工作方案",
    ]


def test_preliminary_work_and_an_adverb_are_no_earlier_time_nor_a_party() -> None:
    text = (
        "6月18日,两地合作推进会在内江召开。会上,永川区交通局与内江市交通运输局签署《永川内江交通"
        "互联互通合作协议》,将加快推进高速公路前期工作;永川区文化和旅游发展委员会与内江市文化广电"
        "旅游局签署《永川内江文化旅游融合发展合作协议》。"
    )
    assert found("永川内江一口气签署2个合作协议", text) == [
        ("永川内江交通互联互通合作协议", ("永川区交通局", "内江市交通运输局")),
        (
            "永川内江文化旅游融合发展合作协议",
            ("永川区文化和旅游发展委员会", "内江市文化广电旅游局"),
        ),
    ]
    assert recognise(
        normalise("永川内江一口气签署6个合作协议"), "6月18日,两地签署了6个合作协议。", PUBLISHED
    ).agreements[0].parties == ("永川", "内江")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # put off
            "关于延期举行铜梁区与安居区合作签约仪式的通知",
            "原定于6月28日上午在铜梁区会议中心举行的“铜梁区—安居区协同发展合作签约仪式”,因防汛"
            "形势严峻,延期举行。区级部门拟签署的4个专项合作协议,将在签约仪式举行时一并签署。",
        ),
        (  # to be held next month
            "眉山南川深化对接",
            "6月14日,眉山市党政代表团赴南川考察。双方商定,争取于下月在南川举行签约仪式。",
        ),
    ],
)
def test_a_ceremony_put_off_or_to_come_is_not_a_signing(title: str, text: str) -> None:
    assert found(title, text) == []


def test_a_list_of_titles_with_their_parties_on_the_line_below() -> None:
    text = (
        "6月18日,南充—合川合作推进会举行,活动现场共签约合作项目12个。\n签约项目(部分):\n"
        "1.《南充市 合川区嘉陵江流域协同发展合作框架协议》\n南充市人民政府—重庆市合川区人民政府\n"
        "2.嘉陵江水上旅游航线联合开发项目\n"
        "3.《西华师范大学 重庆师范大学教育科研合作备忘录》\n西华师范大学—重庆师范大学\n"
    )
    assert found("南充合川合作推进会举行", text) == [
        ("南充市 合川区嘉陵江流域协同发展合作框架协议", ("南充市人民政府", "重庆市合川区人民政府")),
        ("西华师范大学 重庆师范大学教育科研合作备忘录", ("西华师范大学", "重庆师范大学")),
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the two sides of a visit, said to be so
            "我校赴遂宁市船山区开展校地合作交流",
            "6月18日,校长李明杰带队赴遂宁市船山区开展校地合作交流。座谈会上,校地双方签署了战略合作"
            "框架协议。",
            [(None, ("我校", "遂宁市船山区"))],
        ),
        (  # an investment settling in a zone
            "又一新能源大项目签约落户资阳",
            "6月16日,浙江恒锂新能源科技有限公司年产10万吨锂电池正极材料项目签约落户资阳高新区。",
            [(None, ("浙江恒锂新能源科技有限公司", "资阳高新区"))],
        ),
        (  # signed online
            "基地落子万州",
            "6月5日上午,四川恒瑞达科技有限公司与重庆万州经济技术开发区以视频连线方式完成“云签约”。",
            [(None, ("四川恒瑞达科技有限公司", "重庆万州经济技术开发区"))],
        ),
        (  # an MoU, its parties in the headline
            "成都银行 × 重庆大学签署 MoU",
            "5月20日,张明与李华分别代表双方在 MoU 上签字。",
            [(None, ("成都银行", "重庆大学"))],
        ),
    ],
)
def test_signings_told_as_visits_settlements_online_or_in_english(
    title: str, text: str, expected: list[object]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a court's judgment
            "四川丰泽公司、永丰村联合社合同纠纷二审民事判决书",
            "上诉人四川丰泽生态农业开发有限公司因合同纠纷一案,不服一审判决提起上诉。本院经审理查明:"
            "2024年3月12日,丰泽公司与永丰联合社签订《乡村旅游项目合作协议》。",
        ),
        (  # a review: a year and no day is then, whatever meeting it names
            "三年携手 万达开“一家亲”结出累累硕果",
            "三年前的7月,一场跨越川渝省界的签约,让三地联系更加紧密。\n2022年7月,在达州举行的示范区"
            "建设推进会上,万州区与达州市、开州区签署了《万达开川渝统筹发展示范区建设合作协议》。",
        ),
        (  # the lead dates its own event without a year: a signing given a year is another's
            "学校与重庆市涪陵区召开校地合作推进会",
            "11月24日,西南石油大学与涪陵区校地合作推进会在涪陵召开。\n2019年11月,西南石油大学与"
            "涪陵区人民政府签署《西南石油大学 涪陵区人民政府战略合作框架协议》。",
        ),
    ],
)
def test_without_a_publication_date_judgments_and_reviews_tell_earlier_signings(
    title: str, text: str
) -> None:
    result = recognise(normalise(title), normalise(text), None)
    assert not result.is_agreement, result.agreements


def test_without_a_publication_date_a_year_without_its_day_dates_history() -> None:
    old = "2020年,渝北区与邻水县签署了《川渝高竹新区合作共建协议》,明确新区的建设模式。"
    assert not recognise("", normalise(old), None).is_agreement
    recent = (
        "今年5月,泸州市与永川区签署了《泸永合作框架协议》。6月18日,两地又签署了《泸永交通协议》。"
    )
    assert [a.title for a in recognise("", normalise(recent), None).agreements] == [
        "泸永合作框架协议",
        "泸永交通协议",
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # named in the headline
            "玄滩镇与来苏镇结对共建",
            "6月18日,两镇签署了《川渝毗邻乡镇结对共建合作书》。",
            [("川渝毗邻乡镇结对共建合作书", ("玄滩镇", "来苏镇"))],
        ),
        (  # named in the sentence after, of the kind the plural says
            "川渝体育部门签署战略合作框架协议",
            "6月18日,川渝两地体育部门签署了战略合作框架协议。根据框架协议,四川省体育局与重庆市体育局"
            "将在竞技体育等方面开展合作。",
            [(None, ("四川省体育局", "重庆市体育局"))],
        ),
    ],
)
def test_a_plural_subject_takes_the_pair_named_around_it(
    title: str, text: str, expected: list[object]
) -> None:
    assert found(title, text) == expected


def test_a_list_of_titles_each_with_its_signatories() -> None:
    text = (
        "6月18日,两地合作交流座谈会在叙州区召开。座谈会后,两地举行合作项目集中签约。\n签约项目:\n"
        "1.《江津叙州文化旅游发展合作协议》,签约单位:江津区文化和旅游发展委员会、叙州区文化体育和旅游局;\n"
        "2.《江津叙州交通互联互通合作协议》,签约单位:江津区交通局、叙州区交通运输局。\n"
    )
    assert found("江津叙州现场签约2个合作项目", text) == [
        ("江津叙州文化旅游发展合作协议", ("江津区文化和旅游发展委员会", "叙州区文化体育和旅游局")),
        ("江津叙州交通互联互通合作协议", ("江津区交通局", "叙州区交通运输局")),
    ]


def test_a_list_of_bare_titles_with_their_signatories_on_the_line_below() -> None:
    text = (
        "6月18日,两地合作推进会在大足召开,两地共签署2项合作协议。\n签约项目如下:\n"
        "《安岳大足石刻保护合作协议》\n签约单位:安岳县文物保护中心  大足石刻研究院\n"
        "《安岳大足柠檬产业协作协议》\n签约单位:安岳县农业农村局  大足区农业农村委员会\n"
        "会后,与会人员参观了宝顶山景区。"
    )
    # The count is of the two documents named, not a third agreement.
    assert found("安岳大足签署2项合作协议", text) == [
        ("安岳大足石刻保护合作协议", ("安岳县文物保护中心", "大足石刻研究院")),
        ("安岳大足柠檬产业协作协议", ("安岳县农业农村局", "大足区农业农村委员会")),
    ]


def test_documents_named_after_a_count_are_of_the_count() -> None:
    text = (
        "6月18日,两市联席会议在陇南召开。会上,两市政府签署《广元陇南深化区域合作框架协议》,两市"
        "交通运输、文化旅游等部门签署了2个专项合作协议。\n根据广元市交通运输局与陇南市交通运输局签署"
        "的《广元陇南交通互联互通合作协议》,双方将加快推进高速公路建设。两市文化旅游部门签署的"
        "《广元陇南文化旅游协同发展合作协议》提出,将联合打造精品旅游线路。"
    )
    # The departments' count stays beside them, untitled: the labels keep such a group.
    assert [t for t, _ in found("广元陇南签署3项合作协议", text) if t] == [
        "广元陇南深化区域合作框架协议",
        "广元陇南交通互联互通合作协议",
        "广元陇南文化旅游协同发展合作协议",
    ]
    earlier = text.replace("根据广元市", "根据去年广元市")
    assert "广元陇南交通互联互通合作协议" not in [t for t, _ in found("", earlier)]
    projects = text.replace("签署了2个专项合作协议", "签约项目2个")  # projects, no documents
    assert "广元陇南交通互联互通合作协议" not in [t for t, _ in found("", projects)]


def test_a_count_by_named_departments_stays_beside_the_named_document() -> None:
    text = (
        "4月20日,会上,两地签署了《吴兴区 恩阳区东西部协作框架协议》。两地人社、教育部门还现场"
        "签署了4个专项合作协议。"
    )
    assert len(found("吴兴恩阳签约", text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        # a cooperation document about labour and jobs is no employment contract
        "6月18日,四川省总工会与重庆市总工会签署《川渝工会服务新就业形态劳动者合作协议》。",
        # 自贡 opens the clause: no "自…以来"
        "6月18日,自贡市经济和信息化局与重庆市永川区经济和信息化委员会签署《自贡永川装备制造产业"
        "协作协议》,推动两地开展配套协作。",
    ],
)
def test_signed_whatever_words_the_title_or_subject_opens_with(text: str) -> None:
    assert len(found("", text)) == 1


def test_one_side_told_again_is_the_same_signing() -> None:
    text = (
        "6月8日,重庆港务物流集团与广西北部湾国际港务集团有限公司在南宁签署战略合作协议。北部湾港"
        "集团总经理韦海峰出席签约仪式并代表双方签字。"
    )
    assert found("", text) == [(None, ("重庆港务物流集团", "广西北部湾国际港务集团有限公司"))]


def test_a_headlines_second_part_names_the_pair() -> None:
    text = "日前,会上,两市交通部门签署了《交通互联互通合作协议》。"
    assert found("川甘携手 广元陇南签署合作协议", text) == [
        ("交通互联互通合作协议", ("广元", "陇南"))
    ]


def test_a_plural_subject_takes_as_many_bodies_of_its_kind_named_before() -> None:
    text = (
        "6月18日,三地市场监管协作联席会议在贵阳召开。四川省市场监管局局长邓某,重庆市市场监管局"
        "局长吴某,贵州省市场监管局局长罗某出席会议。会上,三省(市)市场监管局共同签署《川渝黔市场监管"
        "一体化协作工作方案》。"
    )
    assert found("", text) == [
        (
            "川渝黔市场监管一体化协作工作方案",
            ("四川省市场监管局", "重庆市市场监管局", "贵州省市场监管局"),
        )
    ]


def test_counted_partners_some_named_sign_one_agreement_each() -> None:
    text = (
        "6月18日,专科联盟成立大会暨签约仪式举行。随后,我院与28家成员医院分别签订专科联盟合作协议,"
        "昭通市第一人民医院、毕节市第一人民医院等成员医院院长先后上台签约。"
    )
    assert found("", text) == [
        (None, ("我院", "昭通市第一人民医院")),
        (None, ("我院", "毕节市第一人民医院")),
    ]


def test_a_signing_without_a_date_told_after_a_dated_one_shares_its_day() -> None:
    text = (
        "6月12日至13日,北海市党政代表团来南充考察。12日下午,两市合作交流座谈会在南充召开。\n"
        "13日上午,南充市人民政府与北海市人民政府签署《深化西部陆海新通道合作框架协议》。南充市"
        "商务局与北海市商务局签署商贸流通合作协议。"
    )
    result = recognise(normalise(""), normalise(text), PUBLISHED)
    assert [a.signed_on for a in result.agreements] == ["2025-06-13", "2025-06-13"]


def test_a_zone_across_borders_stands_for_the_places_it_spans() -> None:
    text = (
        "9月22日,万达开川渝统筹发展示范区联席会议在开州召开,万州区、达州市、开州区负责同志出席。"
        "会上,三地交通运输部门签署《万达开交通运输一体化发展合作备忘录》。"
    )
    result = recognise(normalise(""), normalise(text), PUBLISHED.replace(month=9, day=23))
    (agreement,) = result.agreements
    assert sorted(agreement.regions) == ["四川省达州市", "重庆市万州区", "重庆市开州区"]


@pytest.mark.parametrize(
    "text",
    [
        "3月16日,毕业生双选会举行,毕业生小刘在现场与一家永川汽配企业签订了三方协议。",
        "12月18日晚,成都星河传媒有限公司2024年度新人签约仪式在成都举行。公司与12名新人歌手现场签约。",
    ],
)
def test_students_and_singers_signing_are_no_cooperation(text: str) -> None:
    assert not recognise("", normalise(text), PUBLISHED).is_agreement


def test_a_group_of_places_body_is_each_places_body() -> None:
    text = "3月29日,川渝两省市卫生健康委员会签署《深化川渝卫生健康一体化发展合作协议》。"
    assert found("", text) == [
        ("深化川渝卫生健康一体化发展合作协议", ("四川省卫生健康委员会", "重庆市卫生健康委员会"))
    ]


def test_pairs_signing_respectively_and_a_firms_signing_beside_its_citys() -> None:
    text = (
        "6月7日,会上,青州市王府街道与中益乡、青州市弥河镇与黄水镇分别签订结对帮扶协议。\n"
        "6月7日,成都市与宜宾市签署合作协议。成都产业投资集团与宜宾临港经开区管委会签署了共建"
        "装备制造产业园合作协议。"
    )
    assert [parties for _, parties in found("", text)] == [
        ("青州市王府街道", "中益乡"),
        ("青州市弥河镇", "黄水镇"),
        ("成都市", "宜宾市"),
        ("成都产业投资集团", "宜宾临港经开区管委会"),
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # a digest's third item, days after its first
            "",
            "一、县委常委会召开会议\n6月11日,县委常委会召开会议,传达学习全国两会精神。\n"
            "三、邻水渝北教育协同发展再添新举措\n6月14日,县教育科技局与重庆市渝北区教育委员会在渝北区"
            "共同签约《邻水—渝北教育协同发展合作备忘录》。",
            [("邻水—渝北教育协同发展合作备忘录", ("县教育科技局", "重庆市渝北区教育委员会"))],
        ),
        (  # 携手签约 with nothing named but what follows
            "",
            "6月8日晚,开幕式上,大足区文化和旅游发展委员会与安岳县文化广播电视和旅游局携手签约,双方将"
            "在石窟保护研究等方面开展合作。",
            [(None, ("大足区文化和旅游发展委员会", "安岳县文化广播电视和旅游局"))],
        ),
        (  # 签约共建 a named aim
            "",
            "本周三(6月18日),区政府与中国电信重庆分公司签约共建“数字璧山”。",
            [(None, ("区政府", "中国电信重庆分公司"))],
        ),
        (  # 共签, 互签
            "",
            "6月3日,四川省人社厅与重庆市人社局在成都共签《川渝人力资源协同发展行动计划》。",
            [("川渝人力资源协同发展行动计划", ("四川省人社厅", "重庆市人社局"))],
        ),
        (  # a plural subject: the places the lead names, as many as it says
            "明月山绿色发展示范带联席会议召开",
            "6月16日,联席会议在梁平召开。梁平区、垫江县和达川区、大竹县等四区县负责同志出席。\n"
            "一、听取了示范带2023年建设工作情况报告。\n二、四区县共同签署了《明月山生态环境共保联治公约》。",
            [("明月山生态环境共保联治公约", ("梁平区", "垫江县", "达川区", "大竹县"))],
        ),
    ],
)
def test_signings_in_digests_agendas_and_other_words(
    title: str, text: str, expected: list[object]
) -> None:
    assert found(title, text) == expected


def test_a_joint_appeal_and_an_alliances_charter_signed_by_bodies_named_one_by_one() -> None:
    text = (
        "6月8日,巫山县妇联主席黄某带队赴巴东县交流。巴东县妇联主席谭某陪同。\n"
        "会上,两地妇联互签《巫山巴东巾帼携手共护长江倡议书》。"
    )
    assert found("", text) == [("巫山巴东巾帼携手共护长江倡议书", ("巫山县妇联", "巴东县妇联"))]
    charter = "6月8日,会上,四川大学图书馆、重庆大学图书馆共同签署了《川渝高校图书馆联盟章程》。"
    assert found("", charter) == [("川渝高校图书馆联盟章程", ("四川大学图书馆", "重庆大学图书馆"))]


def test_a_graduates_employment_agreement_named_before_its_verb_is_no_cooperation() -> None:
    text = "6月8日,用人单位与毕业生达成意向后,可现场办理《毕业生就业协议书》签订手续。"
    assert not recognise("", normalise(text), PUBLISHED).is_agreement


def test_a_headlines_own_body_is_the_one_the_lead_names_in_full() -> None:
    text = (
        "6月6日,达州市中心医院与重庆医科大学附属第二医院心血管内科专科联盟签约仪式在我院举行。"
        "谭某、陈某代表双方签字。"
    )
    assert found("我院与重医附二院心血管专科联盟正式签约", text) == [
        (None, ("达州市中心医院", "重庆医科大学附属第二医院心血管内科专科联盟"))
    ]


def test_two_bureaus_named_in_full_before() -> None:
    text = (
        "6月8日,重庆市大足区医疗保障局(以下简称“大足区医保局”)与四川省资阳市安岳县医疗保障局"
        "(以下简称“安岳县医保局”)在安岳县召开座谈会。会上,两局签署《大足安岳医疗保障协同发展合作协议》。"
    )
    ((title, parties),) = found("", text)
    assert title == "大足安岳医疗保障协同发展合作协议"
    assert len(parties) == 2 and all(p.endswith("局") for p in parties)


def test_a_ceremony_names_its_parties_before_any_document_name() -> None:
    text = "6月8日,公司与雅安市名山区人民政府茶旅融合发展战略合作协议签约仪式在蒙顶山举行。"
    assert found("", text) == [(None, ("公司", "雅安市名山区人民政府"))]


def test_bodies_referred_to_again_are_the_same_signing() -> None:
    text = (
        "6月8日,成都银行与川投集团签署全面战略合作协议。根据协议,该行与集团签署合作协议后将在"
        "产业金融等方面开展合作。"
    )
    assert found("", text) == [(None, ("成都银行", "川投集团"))]


def test_a_place_named_inside_a_zone_across_borders() -> None:
    # 西部科学城 spans 重庆 and 成都; 重庆高新区 is no region of its own: the city runs it
    text = "6月8日,西部科学城重庆高新区管委会与重庆大学签署合作协议。"
    result = recognise("", normalise(text), PUBLISHED)
    assert result.agreements[0].regions[0] == "重庆市"


def test_a_zone_is_its_citys_unless_it_is_a_national_new_area() -> None:
    text = (
        "6月8日,成都高新区管委会与宜宾三江新区管委会签署合作协议。"
        "同日,两江新区管委会与天府新区成都管委会签署合作协议。"
    )
    result = recognise("", normalise(text), PUBLISHED)
    assert [a.regions for a in result.agreements] == [
        ("四川省成都市", "四川省宜宾市"),
        ("重庆市两江新区", "四川省成都市天府新区"),
    ]


def test_a_copy_cut_before_its_signing_sentence_keeps_the_headlines_signing() -> None:
    lead = (
        "6月18日上午,泸州市党政代表团来永川考察。代表团一行先后参观了永川高新区等地。泸州市委"
        "书记表示,泸州与永川山水相连、人缘相亲,两地合作基础好、潜力大"
    )
    assert found("泸州市与永川区签署战略合作框架协议", lead) == [(None, ("泸州市", "永川区"))]
    # Whole, the same text tells no signing: the headline alone is not trusted then.
    assert found("泸州市与永川区签署战略合作框架协议", lead + "。") == []
    assert found("泸州市与永川区将签署战略合作框架协议", lead) == []


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a press invitation lists what the ceremony will sign
            "关于邀请参加遂潼一体化发展重点合作事项签约仪式的采访通知",
            "签约仪式将于6月22日上午在遂宁举行。一、活动内容\n(一)遂宁市人民政府、重庆市潼南区人民政府"
            "签署《遂潼一体化发展重点合作事项协议》;",
        ),
        (  # a government's work report names the year's agreements
            "2025年广安市政府工作报告",
            "各位代表:现在,我代表市人民政府向大会报告工作,请予审议。与重庆各区县签署合作协议56份,"
            "其中与渝北区签署《川渝高竹新区共建合作协议》。",
        ),
        (  # after a signing told as history, "此后" goes on with history
            "从“一家亲”到“一盘棋”",
            "2020年,两省市政府签署《深化川渝合作战略合作协议》。此后,两地发展改革部门签署《成渝地区"
            "双城经济圈产业协同发展合作协议》。",
        ),
    ],
)
def test_notices_work_reports_and_histories_report_no_signing(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


def test_documents_enumerated_one_by_one_after_a_count() -> None:
    text = (
        "6月10日,第四次川渝农业农村合作联席会议召开。四川省农业农村厅厅长、重庆市农业农村委员会"
        "主任出席。会上,两地农业农村部门签署了两项合作文件:一是《川渝共建国家现代农业产业园合作"
        "协议》,双方将联合创建产业园;二是《川渝动物疫病联防联控合作备忘录》。"
    )
    bureaus = ("四川省农业农村厅", "重庆市农业农村委员会")
    assert found("", text) == [
        ("川渝共建国家现代农业产业园合作协议", bureaus),
        ("川渝动物疫病联防联控合作备忘录", bureaus),
    ]


def test_that_day_after_an_earlier_month_is_the_days_signing() -> None:
    text = (
        "6月12日,邻水县市场监督管理局与重庆市渝北区市场监督管理局召开联合执法协作推进会。协议文本"
        "于5月底最终定稿,当日双方正式签订"
        "《川渝高竹新区市场监管联合执法协作协议》。"
    )
    result = recognise("", normalise(text), PUBLISHED)
    assert [a.signed_on for a in result.agreements] == ["2025-06-12"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # a firm's project settles in a zone, 正式
            "",
            "6月8日,重庆鑫驰新能源科技有限公司年产10GWh储能电池项目正式签约入驻璧山高新区。",
            [(None, ("重庆鑫驰新能源科技有限公司", "璧山高新区"))],
        ),
        (  # the day before the reported fair is the same news
            "兰西两市在蓉签署年度合作事项协议",
            "6月18日,兰州城市推介会在成都举行。此前一天,兰州市人民政府与西宁市人民政府在成都签署"
            "《兰西城市群协同发展重点合作事项协议》。",
            [("兰西城市群协同发展重点合作事项协议", ("兰州市人民政府", "西宁市人民政府"))],
        ),
    ],
)
def test_projects_settling_and_the_day_before(
    title: str, text: str, expected: list[object]
) -> None:
    assert found(title, text) == expected


def test_a_pair_of_places_by_its_abbreviation() -> None:
    text = (
        "6月8日,荣隆两地召开联席会议。▲双方代表签署《荣隆现代农业高新技术产业示范区共建合作协议》。"
    )
    result = recognise(normalise("荣隆两地召开协同发展联席会议"), normalise(text), PUBLISHED)
    assert sorted(result.agreements[0].regions) == ["四川省内江市隆昌市", "重庆市荣昌区"]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a tender: the winner will sign
            "南充市第三人民医院关于遴选银医合作银行的公告",
            "合作期限:3年,自《银医合作协议》签订之日起计算。中选银行应在中选通知书发出之日起15日内"
            "与我院签订《银医合作协议》。",
        ),
        (  # a year since a signing, and what followed
            "隆荣一体化:一年间,从“签下协议”到“跑出加速度”",
            "去年5月27日,隆昌市与重庆市荣昌区签署《推进隆荣一体化发展合作协议》。今年3月,两地人社"
            "部门还签订了《隆荣劳务协作框架协议》。",
        ),
        (  # a proposal and its reply
            "关于推动万达开医疗卫生协作的提案及办理答复",
            "建议:一是推动区卫生健康委与达州市卫生健康委、开江县卫生健康局签订医疗卫生协作协议。",
        ),
    ],
)
def test_tenders_spans_since_a_signing_and_proposals_report_no_signing(
    title: str, text: str
) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # texts exchanged, the pair in the headline
            "泸州与遵义互换合作协议文本",
            "3月11日,泸州市与遵义市在泸州召开赤水河流域协同发展座谈会。会上,两市互换了"
            "《赤水河流域生态环境保护协作协议》文本。",
            [("赤水河流域生态环境保护协作协议", ("泸州市", "遵义市"))],
        ),
        (  # "于近日会签": the time after the parties is no part of them
            "关于印发《川渝毗邻地区公共资源交易一体化工作方案》的通知",
            "四川省公共资源交易服务中心、重庆市公共资源交易监督管理局于近日会签了《川渝毗邻地区"
            "公共资源交易一体化工作方案》,现印发给你们,请遵照执行。",
            [
                (
                    "川渝毗邻地区公共资源交易一体化工作方案",
                    ("四川省公共资源交易服务中心", "重庆市公共资源交易监督管理局"),
                )
            ],
        ),
    ],
)
def test_texts_exchanged_and_plans_countersigned(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_a_signing_named_as_what_was_witnessed_after_talks_takes_their_day() -> None:
    text = (
        "10月23日至24日,南充市党政代表团赴重庆市合川区学习考察。24日上午,两地举行会谈。"
        "周国平对代表团一行表示欢迎。张文斌感谢合川区给予的热情接待。"
        "会谈结束后,两地领导共同见证了南充市人民政府与合川区人民政府《嘉陵江流域协同发展战略合作"
        "协议》及交通、文旅等5个专项合作协议的签署。"
    )
    result = recognise("南充市党政代表团赴合川学习考察", normalise(text), date(2024, 10, 25))
    (agreement,) = result.agreements
    assert agreement.title == "嘉陵江流域协同发展战略合作协议"
    assert agreement.parties == ("南充市人民政府", "合川区人民政府")
    assert agreement.signed_on == "2024-10-24"


def test_presidents_exchanging_texts_sign_for_their_universities() -> None:
    text = (
        "11月25日,西南石油大学校长严小川一行来校访问,与我校举行校际合作会谈。"
        "会谈结束后,唐泽锋与严小川交换了两校战略合作协议文本。"
    )
    result = recognise("我校与西南石油大学举行校际合作会谈", normalise(text), PUBLISHED)
    assert result.is_agreement


def test_a_plural_of_agencies_is_the_bodies_named_in_full_before() -> None:
    text = (
        "4月11日,万达开川渝统筹发展示范区建设2024年第一次联席会议在重庆市开州区召开。达州市发展和"
        "改革委员会、重庆市万州区发展和改革委员会、开州区发展和改革委员会主要负责同志参加会议。"
        "会上,三地发改部门会签了《万达开川渝统筹发展示范区2024年重点工作方案》。"
    )
    assert found("万达开三地发改部门会签2024年重点工作方案", text) == [
        (
            "万达开川渝统筹发展示范区2024年重点工作方案",
            ("达州市发展和改革委员会", "重庆市万州区发展和改革委员会", "开州区发展和改革委员会"),
        )
    ]


def test_places_sharing_one_kind_of_body_are_each_such_a_body() -> None:
    text = (
        "5月30日,綦江区生态环境局与贵州省遵义市习水县、桐梓县生态环境局在綦江区赶水镇召开川黔跨界"
        "流域生态环境保护联席会议。会上,三区县生态环境部门共同签署《綦习桐跨界流域生态环境联防联控"
        "合作协议》。"
    )
    [(_, parties)] = found("川黔三区县签署跨界流域联防联控协议", text)
    assert parties == ("綦江区生态环境局", "贵州省遵义市习水县生态环境局", "桐梓县生态环境局")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a business contract, then its signatories "代表双方签字"
            "公司签订梁平区双桂湖片区道路及配套工程EPC总承包合同",
            "5月10日,四川华西筑城建设有限公司与重庆市梁平区城市建设投资(集团)有限公司在梁平举行签约"
            "仪式,双方签订梁平区双桂湖片区道路及配套工程EPC总承包合同,合同金额12.6亿元。公司董事长"
            "刘建明与梁平城投集团董事长黄涛代表双方签字。",
        ),
        (  # a plan opens the clause of the signing
            "江津区党政代表团来宜考察",
            "5月14日至15日,重庆市江津区党政代表团来宜考察。双方商定,由两地发展改革部门牵头,尽快"
            "共同编制《宜宾市 江津区产业协作框架协议》,力争在今年下半年举行的川南渝西融合发展座谈会"
            "期间正式签署。",
        ),
        (  # taxpayers sign for themselves
            "顺庆区税务局:“川渝通办”跑出办税加速度",
            "顺庆区税务局在办税服务厅设置“川渝通办”专窗,纳税人可通过电子税务局在线签订《委托扣款"
            "协议书》(即税库银三方协议),实现税款跨省实时划缴。",
        ),
    ],
)
def test_contracts_plans_and_taxpayers_report_no_cooperation(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


def test_a_photo_caption_above_the_story_shows_the_leads_event() -> None:
    text = (
        "图为成都市新都区与广汉市轨道交通装备产业协作签约现场。\n"
        "6月18日,成德同城化轨道交通装备产业链供需对接会在广汉市举行。来自两地的60余家企业参加。"
    )
    result = recognise("", normalise(text), PUBLISHED)
    (agreement,) = result.agreements
    assert agreement.parties == ("成都市新都区", "广汉市")
    assert agreement.signed_on == "2025-06-18"


def test_towns_heading_the_headline_are_named_as_the_lead_writes_them() -> None:
    text = (
        "6月2日,潼南区龙形镇与遂宁市安居区磨溪镇毗邻镇一体化发展交流会在龙形镇召开。两镇党委、"
        "政府主要负责人参加会议。会上,两镇分别介绍了镇情。《龙形磨溪毗邻镇一体化发展合作协议》"
        "在会上完成签署。"
    )
    result = recognise("龙形镇磨溪镇携手推进毗邻镇一体化发展", normalise(text), PUBLISHED)
    (agreement,) = result.agreements
    assert agreement.parties == ("潼南区龙形镇", "遂宁市安居区磨溪镇")
    assert agreement.regions == ("重庆市潼南区龙形镇", "四川省遂宁市安居区磨溪镇")


def test_a_universitys_headline_school_is_the_one_the_lead_names() -> None:
    text = (
        "4月18日,四川轻化工大学与重庆市荣昌区人民政府校地合作签约仪式在荣昌区行政中心举行。"
        "副校长黄建军、荣昌区副区长杨晓红分别代表双方签署合作协议。"
    )
    assert found("学校与重庆市荣昌区人民政府签署校地合作协议", text) == [
        (None, ("四川轻化工大学", "重庆市荣昌区人民政府"))
    ]


def test_a_headline_with_one_town_and_two_counted_tells_the_two_signings() -> None:
    text = (
        "近日,邻水县坛同镇分别与重庆市渝北区茨竹镇、大湾镇签订《毗邻乡镇一体化协同发展合作框架"
        "协议》,三镇将在基础设施互联等方面深化合作。"
    )
    assert found("坛同镇与渝北两镇签订协同发展协议", text) == [
        ("毗邻乡镇一体化协同发展合作框架协议", ("邻水县坛同镇", "重庆市渝北区茨竹镇")),
        ("毗邻乡镇一体化协同发展合作框架协议", ("邻水县坛同镇", "大湾镇")),
    ]


def test_signers_for_streets_and_zone_committees_told_short_are_the_same_signing() -> None:
    streets = (
        "近日,九龙坡区杨家坪街道党工委书记一行赴成都市武侯区玉林街道考察交流。其间,两街道签订《川渝"
        "超大城市基层治理结对共建协议》,杨家坪街道党工委书记刘静与玉林街道党工委书记何勇分别代表双方"
        "签字。"
    )
    result = recognise("杨家坪街道与成都玉林街道结对共建", normalise(streets), PUBLISHED)
    (agreement,) = result.agreements
    assert agreement.parties == ("杨家坪街道", "玉林街道")
    assert agreement.regions == ("重庆市九龙坡区杨家坪街道", "四川省成都市武侯区玉林街道")
    zones = (
        "4月23日,重庆经济技术开发区管理委员会与宜宾临港经济技术开发区管理委员会在南岸区签署《共建"
        "成渝产业协作园战略合作框架协议》。重庆经开区管委会副主任范琳与临港经开区管委会副主任唐宏代表"
        "双方签约。"
    )
    headline = "重庆经开区与宜宾临港经开区签约共建成渝产业协作园"
    result = recognise(headline, normalise(zones), PUBLISHED)
    assert [a.title for a in result.agreements] == ["共建成渝产业协作园战略合作框架协议"]


def test_a_plans_span_of_years_in_a_title_dates_no_report() -> None:
    """Undated text: the years of 《…(2025—2027年)》 are no stand-in for the report's day."""
    text = (
        "14日上午,四川省生态环境厅与重庆市生态环境局在重庆召开2025年川渝生态环境保护联席会议,"
        "共同签署了《嘉陵江流域横向生态保护补偿协议(2025—2027年)》。根据《嘉陵江流域横向生态保护"
        "补偿协议(2025—2027年)》,两地每年各出资1亿元。"
    )
    assert recognise("川渝签署生态补偿协议", normalise(text), None).is_agreement


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # spoken: "签了《…》"
            "安居和铜梁又签约了",
            "前天(6月18日),遂宁市安居区和重庆市铜梁区在铜梁区签了《安居铜梁毗邻地区融合发展合作协议》。",
            [("安居铜梁毗邻地区融合发展合作协议", ("遂宁市安居区", "重庆市铜梁区"))],
        ),
        (  # a court's site lists its judgments; the story is a signing between courts
            "成都铁路运输中级法院与重庆市第三中级人民法院签署环境资源审判协作协议",
            "近日,成都铁路运输中级法院与重庆市第三中级人民法院在成都签署《长江上游川渝段环境资源审判"
            "协作框架协议》。\n【裁判文书】\n"
            "(2021)川71民终112号 某环保公司与某化工公司环境污染责任纠纷二审民事判决书",
            [
                (
                    "长江上游川渝段环境资源审判协作框架协议",
                    ("成都铁路运输中级法院", "重庆市第三中级人民法院"),
                )
            ],
        ),
        (  # a jointly signed working mechanism
            "合江江津签约共治跨界河流",
            "签约现场,合江县河长制办公室与江津区河长制办公室同步签署了《塘河跨界河流联合巡河工作机制》。",
            [("塘河跨界河流联合巡河工作机制", ("合江县河长制办公室", "江津区河长制办公室"))],
        ),
        (  # people sign for the bodies the ceremony named
            "学校与重庆市綦江区人民政府签署校地战略合作协议",
            "6月13日,西南石油大学与重庆市綦江区人民政府校地战略合作签约仪式在綦江举行。随后,学校"
            "副校长与綦江区副区长分别代表双方签署校地战略合作协议。",
            [(None, ("西南石油大学", "重庆市綦江区人民政府"))],
        ),
    ],
)
def test_spoken_signings_court_sites_mechanisms_and_ceremonies_names(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_initialled_drafts_and_plans_in_the_clause_before_are_no_signing() -> None:
    initialled = "座谈会上,两区政府代表草签了《大渡口区 彭山区协同发展合作框架协议(草案)》。"
    assert not recognise("两区座谈", normalise(initialled), PUBLISHED).is_agreement
    asked = "很多读者留言问:川渝两地到底签了多少合作协议?今天就来简单聊一聊。"
    assert not recognise("川渝合作协议知多少", normalise(asked), PUBLISHED).is_agreement
    planned = (
        "袁志明:今年的关键词是“落实”。另一方面,计划在4月举行的内江—重庆经贸合作推介会上,与大足区"
        "签署《内江大足五金产业协作合作协议》,目前协议文本已基本商定。"
    )
    assert not recognise("访谈", normalise(planned), PUBLISHED).is_agreement


def test_a_regions_government_and_a_hong_kong_university_are_placed() -> None:
    text = "4月11日,自治区人民政府与中国东方航空集团有限公司在南宁签署战略合作协议。"
    result = recognise("自治区人民政府与东航签署战略合作协议", normalise(text), PUBLISHED)
    assert result.agreements[0].regions == ("广西壮族自治区",)
    hk = "香港理工大学与重庆大学15日在重庆签署合作协议,双方将共建联合实验室。"
    result = recognise("理大重大签约", normalise(hk), PUBLISHED)
    assert result.agreements[0].regions == ("香港特别行政区", "重庆市")


def test_a_schools_site_names_its_school_for_the_school() -> None:
    text = (
        "4月22日,重庆师范大学与四川省遂宁市教育合作签约仪式在遂宁举行。仪式上,学校与遂宁市教育和体育局"
        "签署《基础教育高质量发展合作协议》。"
    )
    result = recognise(
        "学校与遂宁市教育和体育局签署合作协议", normalise(text), PUBLISHED, site="重庆师范大学"
    )
    assert result.agreements[0].parties == ("重庆师范大学", "遂宁市教育和体育局")


def test_a_work_summary_tells_its_years_signings_as_background() -> None:
    text = (
        "(三)川渝合作走深走实。3月15日,与泸州市经济和信息化局签署《泸永江融合发展示范区2023年工业"
        "协同发展合作协议》;全年与内江市经信部门签署合作备忘录3份。"
    )
    title = "永川区经济和信息化委员会2023年工作总结和2024年工作计划"
    assert not recognise(normalise(title), normalise(text), None).is_agreement
    meeting = (
        "1月10日,大竹县石河镇召开2023年度工作总结暨表彰大会。会上,大竹县石河镇与重庆市垫江县沙坪镇"
        "签订《川渝毗邻乡镇协同发展合作协议》。"
    )
    title = "石河镇召开2023年度工作总结大会"
    assert recognise(normalise(title), normalise(meeting), date(2024, 1, 12)).is_agreement


def test_pairs_listed_one_after_another_each_sign_on_the_spot() -> None:
    text = (
        "12月9日,川渝区县结对合作推进活动在重庆举行,16对川渝区县签署结对合作协议。其中,德阳市旌阳区"
        "与重庆市渝北区、绵阳市涪城区与重庆市北碚区、遂宁市船山区与重庆市合川区在主会场现场签约。"
    )
    result = recognise("16对川渝区县结对合作协议集中签约", normalise(text), date(2021, 12, 10))
    assert [a.parties for a in result.agreements] == [
        ("德阳市旌阳区", "重庆市渝北区"),
        ("绵阳市涪城区", "重庆市北碚区"),
        ("遂宁市船山区", "重庆市合川区"),
    ]


def test_a_signing_list_laid_out_as_a_table() -> None:
    text = (
        "11月24日,资大文旅融合发展示范区建设推进会在重庆市大足区召开。会上,两地相关单位现场签订4项"
        "合作协议(详见下表)。\n序号 协议名称 甲方 乙方\n"
        "1 资大文旅融合发展示范区旅游市场一体化监管合作协议 资阳市文化广播电视和旅游局 "
        "重庆市大足区文化和旅游发展委员会\n"
        "2 安岳石刻与大足石刻联合保护研究合作协议 安岳县文物保护中心 大足石刻研究院\n"
        "会议强调,资阳与大足山水相连。"
    )
    assert found("资阳大足集中签约4项文旅合作协议", text) == [
        (None, ("资阳市文化广播电视和旅游局", "重庆市大足区文化和旅游发展委员会")),
        (None, ("安岳县文物保护中心", "大足石刻研究院")),
    ]


def test_students_each_signing_an_internship_agreement_is_no_cooperation() -> None:
    text = "实习前,每名学生均与学院、实习单位签订了三方实习协议,并购买了实习责任保险。"
    assert not recognise("我院学生赴重庆开展岗位实习", normalise(text), PUBLISHED).is_agreement


def test_our_institute_and_a_headline_under_the_schools_masthead() -> None:
    page = read_plain_text(
        "重庆市巴蜀中学校\n首页  学校概况  新闻动态\n我校与广安市前锋区签订合作办学协议\n"
        "发布时间:2021-06-04\n6月3日下午,我校与四川省广安市前锋区人民政府合作办学签约仪式在前锋区"
        "举行。仪式上,周小舟与唐永红签订合作办学协议。".encode()
    )
    assert page.title == "我校与广安市前锋区签订合作办学协议"
    result = recognise(page.norm_title, page.norm_text, date(2021, 6, 4))
    assert result.agreements[0].parties == ("我校", "四川省广安市前锋区人民政府")
    text = "1月9日,我所与四川省眉山市丹棱县人民政府院地合作签约仪式在丹棱县举行。双方签署合作协议。"
    result = recognise("我所与丹棱县签署院地合作协议", normalise(text), date(2026, 1, 12))
    assert result.agreements[0].parties[0] == "我所"


def test_counted_pairs_named_after_the_verb_each_sign() -> None:
    text = (
        "同时,两地12对毗邻区县人社部门分别签署劳务协作协议,其中包括广安市人力资源和社会保障局与"
        "重庆市渝北区人力资源和社会保障局、达州市人力资源和社会保障局与重庆市万州区人力资源和社会保障局等。"
    )
    assert found("12对毗邻区县同步签约", text) == [
        (None, ("广安市人力资源和社会保障局", "重庆市渝北区人力资源和社会保障局")),
        (None, ("达州市人力资源和社会保障局", "重庆市万州区人力资源和社会保障局")),
    ]


def test_ruoergai_is_a_place_not_an_if_and_a_cut_title_still_signs() -> None:
    text = (
        "会上,若尔盖县林业和草原局与玛曲县林业和草原局还签订了《川甘毗邻草原防火联防协议》。\n"
        "会后,成都市医疗保障局与资阳市医疗保障局还签订了《成资医保"
    )
    assert found("川甘毗邻地区生态保护联席会议召开", text) == [
        ("川甘毗邻草原防火联防协议", ("若尔盖县林业和草原局", "玛曲县林业和草原局")),
        (None, ("成都市医疗保障局", "资阳市医疗保障局")),
    ]


def test_a_sister_city_defined_is_no_signing() -> None:
    text = (
        "国际友好城市是指一个国家的城市与另一个国家的城市之间,经双方政府正式签署《建立友好城市关系"
        "协议书》而建立的联谊与合作关系。"
    )
    assert not recognise("成都的友好城市有哪些", normalise(text), PUBLISHED).is_agreement


def test_a_comment_on_the_signing_and_an_academy_of_social_sciences() -> None:
    text = (
        "昨日(6月18日),西南医科大学与重庆市江津区人民政府签署校地全面合作协议。这是学校继与泸州市"
        "江阳区签署校地合作协议后,首次与重庆市区县政府签署全面合作协议。"
    )
    result = recognise("关于我校与江津区签署合作协议的通报", normalise(text), date(2025, 6, 19))
    assert [a.parties for a in result.agreements] == [("西南医科大学", "重庆市江津区人民政府")]
    academies = "11月24日,重庆社会科学院与四川省社会科学院签署《川渝社科期刊协同发展合作协议》。"
    result = recognise("川渝两地社科院签署合作协议", normalise(academies), date(2022, 11, 25))
    assert result.agreements[0].regions == ("重庆市", "四川省")


def test_a_notice_of_a_ceremony_to_hold_lists_what_will_be_signed() -> None:
    page = read_plain_text(
        "广安市人民政府办公室\n关于举办广安市与重庆市渝北区深化合作签约仪式的通知\n"
        "经市政府同意,定于2022年11月16日上午9:30举行广安市与重庆市渝北区深化合作签约仪式。"
        "现将有关事项通知如下:\n一、签约事项\n(一)广安市人民政府与重庆市渝北区人民政府签署《广安渝北"
        "深化合作共建川渝高竹新区战略合作协议》;".encode()
    )
    assert page.title == "关于举办广安市与重庆市渝北区深化合作签约仪式的通知"
    assert not recognise(page.norm_title, page.norm_text, date(2022, 11, 10)).is_agreement


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        (  # towns' health centres and schools are their towns'
            "6月8日,开江县讲治镇中心卫生院与重庆市开州区大德镇卫生院在讲治镇签订川渝基层医疗卫生"
            "协作协议。",
            ("四川省达州市开江县讲治镇", "重庆市开州区大德镇"),
        ),
        (  # four towns, then their count and kind
            "6月18日,大足区高升镇、荣昌区盘龙镇、四川省资阳市安岳县龙台镇、内江市隆昌市云顶镇四镇党委"
            "共同签订《川渝毗邻四镇党建联盟共建协议》。",
            (
                "重庆市大足区高升镇",
                "重庆市荣昌区盘龙镇",
                "四川省资阳市安岳县龙台镇",
                "四川省内江市隆昌市云顶镇",
            ),
        ),
        (  # the towns' party committees, named in full before
            "6月18日,中共城口县巴山镇委员会与中共万源市皮窝乡委员会在巴山镇举行川渝党建联建签约仪式,"
            "两地党委签订党建联建协议。",
            ("重庆市城口县巴山镇", "四川省达州市万源市皮窝乡"),
        ),
    ],
)
def test_bodies_of_towns_are_placed_at_their_towns(text: str, regions: tuple[str, ...]) -> None:
    result = recognise("毗邻乡镇签约", normalise(text), PUBLISHED)
    assert result.agreements[0].regions == regions


def test_schools_that_must_sign_by_a_date_have_not_signed() -> None:
    text = "根据工作安排,各结对学校须于今年10月底前签订结对帮扶协议,并报两地教育行政部门备案。"
    assert not recognise("川渝结对学校名单公布", normalise(text), PUBLISHED).is_agreement


def test_a_ceremony_put_off_in_the_headline_is_not_held() -> None:
    title = "永川区与江阳区签约仪式延期举行"
    text = "原定于3月19日举行的永川区与泸州市江阳区深化合作签约仪式,因故延期举行,具体时间另行通知。"
    assert not recognise(title, normalise(text), date(2024, 3, 18)).is_agreement
    flat = title + "2024-03-18 17:42 来源:永川区融媒体中心本网讯 " + text
    assert not recognise("", normalise(flat), date(2024, 3, 18)).is_agreement


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # passive, three bodies with long names
            "泸永江文旅协同发展",
            "会上,《泸永江融合发展示范区文化旅游协同发展合作协议》由泸州市文化广播电视和旅游局、重庆市"
            "永川区文化和旅游发展委员会、重庆市江津区文化和旅游发展委员会共同签署。",
            [
                (
                    "泸永江融合发展示范区文化旅游协同发展合作协议",
                    (
                        "泸州市文化广播电视和旅游局",
                        "重庆市永川区文化和旅游发展委员会",
                        "重庆市江津区文化和旅游发展委员会",
                    ),
                )
            ],
        ),
        (  # signed online, "in both venues at once"
            "大足安岳“云签约”",
            "6月5日,重庆市大足区人民政府与四川省资阳市安岳县人民政府以视频连线方式举行“云签约”,"
            "《大足安岳石刻文化旅游协同发展合作协议》在两地会场同步完成签署。",
            [
                (
                    "大足安岳石刻文化旅游协同发展合作协议",
                    ("重庆市大足区人民政府", "四川省资阳市安岳县人民政府"),
                )
            ],
        ),
        (  # the cities' heads sign on the document
            "汉中陇南两市深化区域合作框架协议签字仪式举行",
            "6月10日,汉中市人民政府与陇南市人民政府深化区域合作框架协议签字仪式在汉中举行。汉中市委"
            "副书记、市长和陇南市委副书记、市长分别在《汉中市人民政府 陇南市人民政府深化区域合作"
            "框架协议》上签字。",
            [
                (
                    "汉中市人民政府 陇南市人民政府深化区域合作框架协议",
                    ("汉中市人民政府", "陇南市人民政府"),
                )
            ],
        ),
    ],
)
def test_passive_online_and_on_the_document_signings(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "学院举行2024届毕业生就业签约仪式",
            "6月5日下午,学院2024届毕业生就业签约仪式在图书馆报告厅举行。仪式上,186名毕业生与用人单位"
            "现场签订就业协议。",
        ),
        (
            "川渝政协座谈",
            "双方商定,下半年在成都召开川渝政协联席会议,届时签署《川渝政协助推成渝地区双城经济圈建设合作"
            "协议》。",
        ),
    ],
)
def test_graduates_signing_jobs_and_a_signing_at_a_meeting_to_come(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


def test_a_signing_list_as_a_markdown_table_with_its_signatories_in_one_column() -> None:
    text = (
        "11月7日,三地联席会议在永川召开。会上,三地相关部门集中签订2项合作协议。\n"
        "| 序号 | 协议名称 | 签约单位 |\n| --- | --- | --- |\n"
        "| 1 | 《三地医疗卫生协同发展合作协议》 | 泸州市卫生健康委员会、永川区卫生健康委员会、"
        "江津区卫生健康委员会 |\n"
        "| 2 | 《三地就业服务合作协议》 | 泸州市人力资源和社会保障局 | 永川区人力资源和社会保障局 |"
    )
    assert found("三地集中签约2项合作协议", text) == [
        (
            "三地医疗卫生协同发展合作协议",
            ("泸州市卫生健康委员会", "永川区卫生健康委员会", "江津区卫生健康委员会"),
        ),
        ("三地就业服务合作协议", ("泸州市人力资源和社会保障局", "永川区人力资源和社会保障局")),
    ]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (  # a plan issued: its tasks say what is to be signed
            "某市人民政府办公室关于印发《某市融入成渝地区双城经济圈实施方案》的通知",
            "| 2 | 与重庆市相关部门签订产业协作合作协议,建立协同招商机制 | 市经济合作局 |",
        ),
        (  # "当时" after a time told before
            "两地合作五年记",
            "回头看,两地的合作始于2021年5月。当时,江津区与宜宾市签订了《川南渝西协同发展合作协议》。",
        ),
        (  # a tally that names one of its documents
            "三年签署合作协议42份",
            "此后,渝北区与邻水县先后签署《高竹新区建设合作协议》等各类合作协议42份。",
        ),
        (  # a project's groundbreaking; its signing months before
            "从签约到开工仅用百天",
            "6月5日,某智能装备项目在永川高新区开工建设。\n今年2月26日,永川高新区管委会与成都某智能装备"
            "有限公司签署《某智能装备项目合作协议》。",
        ),
        (  # a party plenary's communiqué sums up the half year
            "中国共产党某县第十五届委员会第五次全体会议公报",
            "全会认为,上半年全县与大竹县、邻水县等区县新签订专项合作协议5份。",
        ),
        (  # a signing once a draft is approved
            "联席会议纪要",
            "会议同意由梁平区牵头起草《生态环境联防联治合作协议》,审议通过后由七区县共同签署。",
        ),
    ],
)
def test_signings_that_are_tasks_tallies_or_told_as_then(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), date(2024, 6, 6)).is_agreement


def test_a_leaders_roll_names_the_pairs_whose_signings_the_leader_attended() -> None:
    text = (
        "率代表团赴江阳区考察,出席永川区人民政府与江阳区人民政府战略合作签约仪式,双方签署《永川区 "
        "江阳区深化融合发展战略合作框架协议》。\n会见重庆文理学院党委书记一行。随后,见证区政府与"
        "重庆文理学院签署《区校全面战略合作协议》。"
    )
    parties = [p for _, p in found("区长活动", text)]
    assert not any(q.startswith(("出席", "见证")) for p in parties for q in p)
    assert ("区政府", "重庆文理学院") in parties


def test_people_read_from_who_attended_sign_for_the_ceremonys_bodies() -> None:
    text = (
        "4月19日,甲医科大学附属儿童医院与达州市中心医院签约仪式在我院举行。甲医科大学附属"
        "儿童医院副院长陈某、医务部主任余某,我院院长邓某等出席仪式。\n仪式上,陈某与邓某分别代表双方"
        "签署《儿科专科联盟合作协议》。"
    )
    assert found("两院共建儿科专科联盟", text) == [
        ("儿科专科联盟合作协议", ("甲医科大学附属儿童医院", "达州市中心医院"))
    ]


def test_three_sides_are_the_three_bodies_listed_before() -> None:
    text = (
        "6月9日,泸州市人民政府、重庆市永川区人民政府、重庆市江津区人民政府在永川举行联席会议,三方共同"
        "签署《融合发展示范区共建合作协议》。"
    )
    assert found("三地签署示范区共建协议", text) == [
        (
            "融合发展示范区共建合作协议",
            ("泸州市人民政府", "重庆市永川区人民政府", "重庆市江津区人民政府"),
        )
    ]


def test_a_partner_known_by_its_brand_and_a_government_before_xiaodi() -> None:
    text = "6月18日,万丰航空工业有限公司与航空工业成飞在成都签署战略合作协议。"
    assert found("两企签署战略合作协议", text) == [(None, ("万丰航空工业有限公司", "航空工业成飞"))]
    text = (
        "11月8日,重庆文理学院与合江县人民政府校地合作签约仪式在合江县举行。周某与刘某分别代表双方"
        "签署《重庆文理学院 合江县人民政府校地合作框架协议》。"
    )
    result = found("学校与合江县签署校地合作框架协议", text)
    assert result[0][1] == ("重庆文理学院", "合江县人民政府")


def test_a_college_is_at_its_schools_place_and_is_not_the_school() -> None:
    text = (
        "6月18日,计算机科学与工程学院与重庆长安汽车股份有限公司智能化研究院签署《联合实验室共建"
        "协议》。"
    )
    result = recognise(
        "计算机学院与长安汽车共建实验室", normalise(text), PUBLISHED, site="电子科技大学"
    )
    assert "四川省成都市" in result.agreements[0].regions
    text = (
        "6月18日,我校与南江县人民政府校地合作协议签约仪式在南江县举行。\n签约仪式上,我校大气科学学院"
        "与南江县气象局签订《共建气象防灾减灾科研实践基地协议》。"
    )
    result = recognise(
        "我校与南江县签署校地合作协议", normalise(text), PUBLISHED, site="某信息工程大学"
    )
    assert len(result.agreements) == 2


def test_the_headlines_signing_beside_a_ceremony_and_a_project_signed_at_it() -> None:
    title = "高新区管委会与重庆大学签署科技成果转化战略合作协议"
    text = (
        "1月11日,双方在金凤实验室举行签约仪式。\n仪式上,重庆高新区科技创新局与重庆大学科学技术发展"
        "研究院签署《科技成果转化项目对接服务协议》。"
    )
    parties = [p for _, p in found(title, text)]
    assert ("高新区管委会", "重庆大学") in parties
    assert ("重庆高新区科技创新局", "重庆大学科学技术发展研究院") in parties


def test_our_school_on_a_hijacked_site_is_where_its_footer_address_is() -> None:
    text = "6月18日,我校与开江县人民政府校地合作协议签约仪式在开江县举行。双方签署合作协议。"
    result = recognise(
        "某某官网与开江县签署校地合作协议",
        normalise(text),
        PUBLISHED,
        site_address="重庆市万州区天星路666号",
    )
    assert "重庆市万州区" in result.agreements[0].regions


def test_today_in_a_lead_after_its_background() -> None:
    text = (
        "作为全国首个跨省域共建的新区,高竹新区近年来不断探索改革。今天,渝北区与邻水县在新区召开共建"
        "推进会,双方签署5项合作协议。\n在今天的推进会上,渝北区与邻水县签署《高竹新区产业协同发展"
        "合作协议》等5项合作协议。"
    )
    result = recognise("高竹新区再签5项合作协议", normalise(text), date(2025, 3, 18))
    assert {a.signed_on for a in result.agreements} == {"2025-03-18"}


def test_partners_abroad_a_high_school_and_a_town_named_with_its_document() -> None:
    text = (
        "6月18日,白沙镇与意大利维泰博省巴尼奥雷焦镇友好交流协议签约仪式以视频连线方式举行。\n"
        "当天,我校与新西兰奥克兰马西高中在校区举行缔结姊妹学校签约仪式,两校校长代表双方签署"
        "姊妹学校合作协议。"
    )
    parties = [p for _, p in found("外事签约两则", text)]
    assert ("白沙镇", "意大利维泰博省巴尼奥雷焦镇") in parties
    assert ("我校", "新西兰奥克兰马西高中") in parties


# Signings whose sentence names no one, or names them clauses away (2026-12-06 sets).
@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the two places of the lead, for 两地 signing a named document
            "区党政代表团赴内江考察交流",
            "6月9日至10日,重庆市荣昌区党政代表团赴四川省内江市考察交流。代表团一行考察了产业园。"
            "10日上午,推进座谈会在内江召开。座谈会上,两地签署了《内荣生猪产业协同发展合作协议》。",
            [("内荣生猪产业协同发展合作协议", ("重庆市荣昌区", "四川省内江市"))],
        ),
        (  # 双方还签署: the sides of the signing just told
            "川渝广电签署合作协议",
            "6月18日,四川广播电视台与重庆广播电视集团在成都签署《川渝广电视听战略合作协议》。"
            "双方还签署了《川渝网络视听内容联合出品合作备忘录》。",
            [
                ("川渝广电视听战略合作协议", ("四川广播电视台", "重庆广播电视集团")),
                ("川渝网络视听内容联合出品合作备忘录", ("四川广播电视台", "重庆广播电视集团")),
            ],
        ),
        (  # 三院检察长代表各院: the three named together before
            "赤水河检察协作",
            "近日,四川省古蔺县人民检察院、贵州省仁怀市人民检察院、云南省威信县人民检察院在古蔺县召开座谈会。"
            "会上,三院检察长代表各院会签《赤水河流域检察公益诉讼协作协议》。",
            [
                (
                    "赤水河流域检察公益诉讼协作协议",
                    ("四川省古蔺县人民检察院", "贵州省仁怀市人民检察院", "云南省威信县人民检察院"),
                )
            ],
        ),
        (  # the subject clauses before its verb, laws named in between
            "川渝数字政府推进会召开",
            "会上,重庆市大数据应用发展管理局与四川省大数据中心依据《中华人民共和国数据安全法》和"
            "《川渝政务数据共享管理暂行办法》,签署了《川渝政务服务协同创新合作协议》。",
            [("川渝政务服务协同创新合作协议", ("重庆市大数据应用发展管理局", "四川省大数据中心"))],
        ),
        (  # what they did first at the meeting; the 和 inside both names
            "巴蜀文化旅游走廊建设联席会议召开",
            "会上,四川省文化和旅游厅与重庆市文化和旅游发展委员会审议通过了《2025年工作要点》,"
            "签署了《川渝文旅市场联合执法协作协议》。",
            [
                (
                    "川渝文旅市场联合执法协作协议",
                    ("四川省文化和旅游厅", "重庆市文化和旅游发展委员会"),
                )
            ],
        ),
        (  # 两镇 after "A与B召开座谈会": the pair again
            "两镇签订合作协议",
            "近日,隆昌市石燕桥镇与荣昌区清江镇在清江镇召开座谈会,两镇签订了《毗邻地区一体化发展合作协议》。",
            [("毗邻地区一体化发展合作协议", ("隆昌市石燕桥镇", "荣昌区清江镇"))],
        ),
        (  # a counted list keeps its first
            "三省边城签协议",
            "6月18日,重庆市秀山土家族苗族自治县、贵州省松桃苗族自治县、湖南省花垣县三县在洪安镇召开"
            "联席会议,并签署《渝黔湘三省边区协同发展合作协议》。",
            [
                (
                    "渝黔湘三省边区协同发展合作协议",
                    ("重庆市秀山土家族苗族自治县", "贵州省松桃苗族自治县", "湖南省花垣县"),
                )
            ],
        ),
        (  # 三方: the bodies listed a few sentences up, sharing one post
            "琼江流域联席会议召开",
            "6月5日,联席会议在潼南区召开。资阳市安岳生态环境局、重庆市潼南区生态环境局、重庆市铜梁区"
            "生态环境局分管负责人及相关科室负责人参加会议。会议通报了水质状况。去年以来,三地联合巡河12次。"
            "会上,三方签署了《琼江流域跨界水污染联防联治协议》。",
            [
                (
                    "琼江流域跨界水污染联防联治协议",
                    ("资阳市安岳生态环境局", "重庆市潼南区生态环境局", "重庆市铜梁区生态环境局"),
                )
            ],
        ),
        (  # 《A》暨《B》: two documents
            "广安渝北签约",
            "会上,广安市人民政府与重庆市渝北区人民政府签署了《高竹新区年度深化合作协议》暨"
            "《高竹新区生态环境联防联治协议》。",
            [
                ("高竹新区年度深化合作协议", ("广安市人民政府", "重庆市渝北区人民政府")),
                ("高竹新区生态环境联防联治协议", ("广安市人民政府", "重庆市渝北区人民政府")),
            ],
        ),
        (  # two documents of one sentence, other parties: two signings
            "我市与嘉兴市签署深化合作框架协议",
            "会上,广安市与嘉兴市签署深化合作框架协议,广安经开区管委会与嘉兴经开区管委会签署园区共建合作协议。",
            [
                (None, ("广安市", "嘉兴市")),
                (None, ("广安经开区管委会", "嘉兴经开区管委会")),
            ],
        ),
        (  # 双方代表现场签约: the headline's agreement
            "华西医院与黔江区中心医院签订专科联盟协议",
            "授牌仪式后,双方代表现场签约。根据协议,华西医院将通过远程会诊帮扶黔江区中心医院。",
            [(None, ("华西医院", "黔江区中心医院"))],
        ),
        (  # 完成签约, the document named as it comes into force
            "一周要闻回顾",
            "6月18日,万源市与重庆市城口县在城口县完成签约,《万源城口大巴山生态环境联防联控合作协议》正式生效。",
            [("万源城口大巴山生态环境联防联控合作协议", ("万源市", "重庆市城口县"))],
        ),
        (  # a title's parties past its 及, the subject a plural
            "专科共建",
            "座谈会上,郑国华与刘晓东分别代表两院在《重庆市人民医院 广安市人民医院心血管及神经"
            "疾病专科联盟合作协议》上签字。",
            [
                (
                    "重庆市人民医院 广安市人民医院心血管及神经疾病专科联盟合作协议",
                    ("重庆市人民医院", "广安市人民医院"),
                )
            ],
        ),
        (  # a coordination document is cooperation, 劳动 in its name or not
            "川渝人社部门签署合作协议",
            "4月20日,四川省人力资源和社会保障厅与重庆市人力资源和社会保障局签署《川渝劳动保障监察执法协作协议》。",
            [
                (
                    "川渝劳动保障监察执法协作协议",
                    ("四川省人力资源和社会保障厅", "重庆市人力资源和社会保障局"),
                )
            ],
        ),
        (  # one document signed with each of three partners: an agreement with each
            "旌阳区与成都三区(市)签署毗邻区域协同发展合作协议",
            "会上,旌阳区分别与成都市青白江区、新都区、彭州市签署《成德同城化毗邻区域协同发展合作协议》。",
            [
                ("成德同城化毗邻区域协同发展合作协议", ("旌阳区", "成都市青白江区")),
                ("成德同城化毗邻区域协同发展合作协议", ("旌阳区", "新都区")),
                ("成德同城化毗邻区域协同发展合作协议", ("旌阳区", "彭州市")),
            ],
        ),
        (  # who signed told by their posts: the bodies of the headline, 广安中院 one of them
            "我院与广安中院签署司法协作框架协议",
            "6月18日,我院与四川省广安市中级人民法院在广安召开座谈会。我院院长孙华,广安中院院长"
            "杨建明出席并代表两院签署《川渝司法协作框架协议》。",
            [("川渝司法协作框架协议", ("我院", "四川省广安市中级人民法院"))],
        ),
        (  # two heads signing for two schools are no pair of bodies
            "我校与成都七中签署友好学校合作协议",
            "双方举行友好学校合作协议签约仪式,校长王建川与成都七中校长郑慧明代表两校签署"
            "《成渝基础教育友好学校合作协议》。",
            [("成渝基础教育友好学校合作协议", ("我校", "成都七中"))],
        ),
        (  # people with their posts sign for their bodies; a bare 区 is the page's district
            "璧山区与中国电建成都院深化合作",
            "座谈会后,区委副书记、区长付建平与成都院党委副书记、总经理韩志刚签署战略合作框架协议。",
            [(None, ("区人民政府", "成都院"))],
        ),
        (  # the sentence's own pair, not the headline's short forms
            "綦江法院与桐梓法院签订司法协作框架协议",
            "近日,重庆市綦江区人民法院与贵州省桐梓县人民法院在綦江召开座谈会,并签订《渝黔毗邻地区"
            "司法协作框架协议》。",
            [("渝黔毗邻地区司法协作框架协议", ("重庆市綦江区人民法院", "贵州省桐梓县人民法院"))],
        ),
        (  # a task list and a declaration signed jointly are documents
            "遂潼签署重点任务清单",
            "会上,遂宁市人民政府与重庆市潼南区人民政府共同签署了《遂潼一体化发展先行区2024年重点"
            "任务清单》。",
            [
                (
                    "遂潼一体化发展先行区2024年重点任务清单",
                    ("遂宁市人民政府", "重庆市潼南区人民政府"),
                )
            ],
        ),
    ],
)
def test_who_signed_told_clauses_or_sentences_away(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "双方商定,将在明年初召开的两区第五次联席会议上正式签署《两区共建内陆开放门户重点任务清单》。",
        "双方约定,各自履行审批程序后,择期在大足举行签约仪式正式签约。",
        "双方一致同意,待各自履行审议程序后,于今年下半年正式签署《荣昌区 永川区一体化发展"
        "合作协议》。",
        "各区县要于5月底前签订年度协作协议。",
        "去年6月18日,资阳市与重庆市大足区签署《资大文旅合作协议》。双方代表在协议上签字的那一刻,"
        "标志着两地合作驶入快车道。",
        "9月4日,说唱歌手某某与成都某文化传媒有限公司签署了为期五年的全约经纪合作协议。",
        "会议通报了三地已签署协议的进展:\n1.《万达开交通一体化发展合作协议》(2021年签署),5个项目已开工;\n"
        "2.《万达开生态环境联防联治合作协议》(2022年签署),断面水质达标率100%。",
    ],
)
def test_signings_to_come_remembered_or_private(text: str) -> None:
    assert found("两地座谈交流", text) == []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # partners one per line under the signing sentence, signed by the person's body
            "专科联盟签约",
            "11月20日,专科联盟签约仪式在广安举行。我院党委常委、副院长刘宏与以下2家医院负责人分别签订"
            "专科联盟合作协议:\n广安市人民医院\n达州市中心医院\n根据协议,我院将通过专家坐诊帮助联盟医院。",
            [(None, ("我院", "广安市人民医院")), (None, ("我院", "达州市中心医院"))],
        ),
        (  # pairs one per line, each a signing of the document the sentence above names
            "川渝医院结对签约",
            "6月8日,卫生健康合作推进会在重庆召开。会上,各医院院长依次登台,分别签署专科联盟合作协议。"
            "结对医院名单如下:\n四川大学华西医院—重庆市璧山区人民医院\n四川省肿瘤医院—重庆市黔江中心医院\n"
            "按照协议,结对医院将在学科共建等方面开展合作。",
            [
                (None, ("四川大学华西医院", "重庆市璧山区人民医院")),
                (None, ("四川省肿瘤医院", "重庆市黔江中心医院")),
            ],
        ),
        (  # a numbered list of documents signed by the intro's signatories
            "内江荣昌签署合作文件",
            "签约仪式上,内江市人民政府与重庆市荣昌区人民政府签署了以下合作文件:\n1.《内荣现代农业高新技术"
            "产业示范区共建协议》;\n2.《内江荣昌生猪产业链协同发展合作协议》。\n根据合作文件,两地将共同发展。",
            [
                (
                    "内荣现代农业高新技术产业示范区共建协议",
                    ("内江市人民政府", "重庆市荣昌区人民政府"),
                ),
                ("内江荣昌生猪产业链协同发展合作协议", ("内江市人民政府", "重庆市荣昌区人民政府")),
            ],
        ),
        (  # the signatories told in the sentence after
            "公共资源交易一体化",
            "3月2日上午,《成渝地区双城经济圈公共资源交易一体化合作协议》在成都签署。签约双方为四川省"
            "公共资源交易中心和重庆市公共资源交易中心。",
            [
                (
                    "成渝地区双城经济圈公共资源交易一体化合作协议",
                    ("四川省公共资源交易中心", "重庆市公共资源交易中心"),
                )
            ],
        ),
        (  # three signers one per line, then "三方代表…签字"
            "研究院落户荣昌",
            "6月18日,食品产业协同发展大会在荣昌召开。签约代表:\n自贡市人民政府副市长 邱志远\n"
            "重庆市荣昌区人民政府副区长 蒋学文\n四川轻化工大学副校长 罗成林\n"
            "三方代表在《共建川渝食品产业技术研究院合作协议》上签字。",
            [
                (
                    "共建川渝食品产业技术研究院合作协议",
                    ("自贡市人民政府", "重庆市荣昌区人民政府", "四川轻化工大学"),
                )
            ],
        ),
        (  # the departments counted named in the signing sentence itself
            "三地交通部门签约",
            "同日,三地交通部门签署《万达开交通互联互通合作协议》,万州区交通局、达州市交通运输局、开州区"
            "交通局负责人代表各方签字。",
            [
                (
                    "万达开交通互联互通合作协议",
                    ("万州区交通局", "达州市交通运输局", "开州区交通局"),
                )
            ],
        ),
        (  # special agreements of departments are other documents than the framework
            "南充合川签署合作协议",
            "会上,南充市人民政府与重庆市合川区人民政府签署《嘉陵江流域协同发展合作协议》。南充市生态环境局"
            "与合川区生态环境局、南充市水务局与合川区水利局分别签署专项合作协议。",
            [
                ("嘉陵江流域协同发展合作协议", ("南充市人民政府", "重庆市合川区人民政府")),
                (None, ("南充市生态环境局", "合川区生态环境局")),
                (None, ("南充市水务局", "合川区水利局")),
            ],
        ),
        (  # a university by its short name; the district's head signs for the district
            "綦江区与重大签署校地战略合作协议",
            "1月9日,綦江区与重大举行校地战略合作签约仪式。区委副书记、区长冉林与向志宏代表双方签署战略"
            "合作协议。",
            [(None, ("綦江区", "重大"))],
        ),
        (  # a document that took effect once its signatories signed it
            "渝黔交通牵手",
            "近日,一份《綦江区 桐梓县交通互联互通合作协议》经綦江区交通局、"
            "桐梓县交通运输局负责人签字后正式生效。",
            [("綦江区 桐梓县交通互联互通合作协议", ("綦江区交通局", "桐梓县交通运输局"))],
        ),
    ],
)
def test_who_signed_told_in_lists_short_names_and_other_sentences(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "投资推介会筹备工作会召开",
            "会议通报了推介会筹备进展。拟签约合作协议清单如下:\n"
            "《内江荣昌现代农业示范区共建协议》 签约方:内江市人民政府、重庆市荣昌区人民政府\n"
            "《川南渝西物流枢纽联动发展合作协议》 签约方:内江市发展和改革委员会、"
            "永川区发展和改革委员会\n会议要求,各牵头单位要抓紧对接协议文本。",
        ),
        (
            "双选会举行",
            "学校提醒毕业生,签约前要认真阅读协议条款,仔细核对用人单位信息。",
        ),
        (
            "成渝地区双城经济圈府际合作协议的类型与实施机制研究",
            "[摘要] 府际合作协议是推动成渝地区双城经济圈建设的重要制度工具。\n[关键词] 合作协议\n"
            "此后,川渝两地各级政府及其部门密集签署合作协议。",
        ),
        (
            "延期举行的通知",
            "请各有关单位继续做好《四川大学 宜宾市人民政府深化全面合作协议》文本会签和"
            "配套项目准备工作。",
        ),
        (
            "会议要求",
            "会议要求,各结对医院要结合受援医院实际制定帮扶方案,并于年内分别签订对口帮扶协议。",
        ),
    ],
)
def test_lists_to_sign_requests_and_papers_report_no_signing(title: str, text: str) -> None:
    assert found(title, text) == []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the hand on the document, no 签
            "两地文旅合作",
            "6月18日下午,纳溪区人民政府与綦江区人民政府负责人在《纳溪綦江文旅融合发展合作协议》上"
            "郑重落笔。",
            [("纳溪綦江文旅融合发展合作协议", ("纳溪区人民政府", "綦江区人民政府"))],
        ),
        (  # the texts exchanged: a document named, or the ceremony of exchanging it
            "两校结为友好学校",
            "6月18日,成都市武侯区实验小学与重庆市渝中区人和街小学“川渝友好学校”缔结仪式举行。"
            "两校校长互换《友好学校协议书》。",
            [("友好学校协议书", ("成都市武侯区实验小学", "重庆市渝中区人和街小学"))],
        ),
        (
            "石刻保护合作",
            "6月18日,安岳县人民政府与大足区人民政府在宝顶山举行《石刻文化保护利用合作协议》文本"
            "互换仪式。",
            [("石刻文化保护利用合作协议", ("安岳县人民政府", "大足区人民政府"))],
        ),
        (  # an agreement coming into force at the ceremony
            "两大陆港按下启动键",
            "6月18日,随着青白江区人民政府与沙坪坝区人民政府负责人共同按下启动键,"
            "《国际铁路港协同发展合作协议》正式生效。",
            [("国际铁路港协同发展合作协议", ("青白江区人民政府", "沙坪坝区人民政府"))],
        ),
        (  # concluded at talks
            "两地会谈",
            "6月18日,南充市人民政府与合川区人民政府举行会谈。会谈中,双方达成《嘉陵江流域生态环境"
            "联防联治合作协议》。",
            [("嘉陵江流域生态环境联防联治合作协议", ("南充市人民政府", "合川区人民政府"))],
        ),
        (  # the signatories told only in the story's last line
            "两地文旅部门签约",
            "6月18日,渝鄂毗邻地区文旅协作座谈会召开。会上,两地文旅部门签订了《共建民族风情"
            "文旅走廊合作协议》。\n与会人员观看了宣传片。\n当天,与会人员考察了景区。\n"
            "双方交流了暑期营销工作。\n据悉,此次签约的双方为石柱土家族自治县文化和旅游发展"
            "委员会、利川市文化和旅游局。",
            [
                (
                    "共建民族风情文旅走廊合作协议",
                    ("石柱土家族自治县文化和旅游发展委员会", "利川市文化和旅游局"),
                )
            ],
        ),
        (  # "两会": two associations, named in the closing credit
            "川渝两会签署合作协议",
            "6月18日,川渝律师行业座谈会在重庆召开。会上,两会签署《川渝律师行业协同发展合作"
            "框架协议》。\n(四川省律师协会 重庆市律师协会 供稿)",
            [("川渝律师行业协同发展合作框架协议", ("四川省律师协会", "重庆市律师协会"))],
        ),
        (  # "三地X部门": each place of the headline's fused name
            "泸永江三地签署医保合作协议",
            "6月18日,医疗保障工作联席会议在永川召开。会上,三地医保部门共同签署《医疗保障一体化"
            "合作协议》。",
            [
                (
                    "医疗保障一体化合作协议",
                    ("泸州市医保部门", "永川区医保部门", "江津区医保部门"),
                )
            ],
        ),
        (  # the bodies joined by a middle dot in the ceremony's name
            "签约仪式举行",
            "6月18日,安岳县人民政府·大足石刻研究院石窟寺保护利用合作协议签约仪式在安岳县举行。",
            [(None, ("安岳县人民政府", "大足石刻研究院"))],
        ),
        (  # a headline line naming one side by a byname: the body's pair told again
            "乡村振兴资讯网",
            "“天下第一村”牵手南街村 两地签订乡村振兴结对共建协议\n6月18日,江阴市华西村与临颍县"
            "南街村在南街村签订乡村振兴结对共建协议。",
            [(None, ("江阴市华西村", "临颍县南街村"))],
        ),
        (  # a count of places in a headline line sums up the signings told after
            "武陵都市报",
            "湘黔渝三县签署边区协同发展合作协议\n本报讯 6月18日,湘黔渝边区协同发展联席会议在秀山"
            "召开。秀山县、松桃县、花垣县签署《边区生态环境联防联治合作协议》和《边城旅游一体化发展"
            "合作协议》。",
            [
                ("边区生态环境联防联治合作协议", ("秀山县", "松桃县", "花垣县")),
                ("边城旅游一体化发展合作协议", ("秀山县", "松桃县", "花垣县")),
            ],
        ),
        (  # one body's second signing, with another body of the same place
            "荣昌区与四川轻化工大学签约",
            "6月18日,区长刘斌与四川轻化工大学校长邱晓东分别代表荣昌区人民政府和四川轻化工大学签署战略"
            "合作协议。签约仪式上,四川轻化工大学还与荣昌高新区管委会签订了共建陶瓷新材料研究院协议。",
            [
                (None, ("荣昌区人民政府", "四川轻化工大学")),
                (None, ("四川轻化工大学", "荣昌高新区管委会")),
            ],
        ),
        (  # "双方" after a ceremony of a pair with a nickname ("A与B“姊妹医院”签约仪式")
            "区市县新闻",
            "本报讯 6月18日,岳池县人民医院与重庆市合川区人民医院“姊妹医院”签约仪式在岳池举行。"
            "双方签署合作协议,将在学科共建等方面开展合作。",
            [(None, ("岳池县人民医院", "重庆市合川区人民医院"))],
        ),
        (  # 就业 opens no topic: "公共就业服务机构" is a body
            "三地人社部门签约",
            "同时,三地公共就业服务机构签订《劳务协作框架协议》。",
            [("劳务协作框架协议", ("三地公共就业服务机构",))],
        ),
        (  # a pair before 结成; a party gives way to the 川渝…交流会 it held
            "飞龙镇与龙市镇签订合作协议",
            "6月18日,武胜县飞龙镇与重庆市合川区龙市镇川渝毗邻乡镇合作交流会在飞龙镇召开,两镇签订"
            "《毗邻地区合作协议》。\n交流会上,飞龙镇新石村与龙市镇大庙村结成“川渝友好村”,并签订"
            "村级结对共建协议。",
            [
                ("毗邻地区合作协议", ("武胜县飞龙镇", "重庆市合川区龙市镇")),
                (None, ("飞龙镇新石村", "龙市镇大庙村")),
            ],
        ),
        (  # bodies named with 和 inside their names, signing as "两地文旅部门"
            "石刻文旅合作",
            "日前,重庆市大足区文化和旅游发展委员会与安岳县文化广播电视和旅游局在安岳县举行石刻文化"
            "旅游合作推进会。两地文旅部门主要负责人在《石刻文化旅游协同发展合作协议》上郑重落笔。",
            [
                (
                    "石刻文化旅游协同发展合作协议",
                    ("重庆市大足区文化和旅游发展委员会", "安岳县文化广播电视和旅游局"),
                )
            ],
        ),
        (  # a town's name in a title, before the area it is about
            "两镇签订毗邻合作协议",
            "近日,荣昌区清升镇与四川省隆昌市石燕桥镇召开交流会,双方签订《清升镇 石燕桥镇毗邻地区"
            "一体化发展合作协议》。",
            [("清升镇 石燕桥镇毗邻地区一体化发展合作协议", ("清升镇", "石燕桥镇"))],
        ),
        (  # a group's count in the headline line sums up the signings named
            "川东北资讯网",
            "万达开三地集中签约15个合作协议\n6月18日,联席会议在开州区召开。会上,三地相关部门集中"
            "签署合作协议。其中,达州市交通运输局与万州区交通局签署《交通运输一体化发展合作协议》。",
            [("交通运输一体化发展合作协议", ("达州市交通运输局", "万州区交通局"))],
        ),
        (  # "《X》由A和B签署" after the plural that signed it
            "经信部门签约",
            "6月18日,两地中小企业服务机构同步签署了《中小企业公共服务平台协同服务合作协议》。\n"
            "《中小企业公共服务平台协同服务合作协议》由四川省中小企业发展促进中心和重庆市中小企业"
            "发展服务中心签署,双方将实现资源互通。",
            [
                (
                    "中小企业公共服务平台协同服务合作协议",
                    ("四川省中小企业发展促进中心", "重庆市中小企业发展服务中心"),
                )
            ],
        ),
        (  # the occasion's count ("本次推进会共签约…7个") sums up
            "港航推进会",
            "6月18日,港航物流推进会在泸州召开。会上,集团与重庆港务物流集团有限公司签署《港航物流"
            "战略合作协议》。据悉,本次推进会共签约合作协议和项目7个。",
            [("港航物流战略合作协议", ("集团", "重庆港务物流集团有限公司"))],
        ),
        (  # a county outside 川渝 by its short name, listed after another of its province
            "川滇三县签订协议",
            "6月18日,叙永县与云南威信、镇雄签署《赤水河上游跨界流域联防联控合作协议》。",
            [("赤水河上游跨界流域联防联控合作协议", ("叙永县", "云南威信", "镇雄"))],
        ),
    ],
)
def test_signings_told_without_a_signing_verb_and_signatories_told_later(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("书画笔会举行", "笔会上,两地书法家挥毫落笔,创作了《嘉陵秋色》等作品。"),
        (
            "两地会谈",
            "会谈中,双方就《毗邻地区协同发展合作协议》文本达成一致,将按程序审定后择期签署。",
        ),
        ("外贸形势分析", "随着《区域全面经济伙伴关系协定》正式生效,四川外贸迎来新机遇。"),
        (  # a modal before the topic of the signing: "并适时就…签订"
            "联席会议召开",
            "6月18日,川渝生态环境保护合作联席会议在重庆召开。四川省生态环境厅与重庆市生态环境局"
            "主要负责同志出席。会议明确,两地将推进14项合作事项,并适时就共建川渝生态环境科研平台"
            "签订专项合作协议。",
        ),
        (  # a job fair: students sign for their jobs
            "职教中心",
            "川渝毗邻地区职业院校2025届毕业生就业双选会在我校举行326名学生现场签约",
        ),
        (  # people signing for themselves at a ceremony: students, volunteers
            "我市举行定向医学生签约仪式",
            "6月18日,南充市2025年农村订单定向免费医学生签约仪式在川北医学院举行。各县卫生健康局"
            "负责人与132名定向医学生逐一签订《定向就业协议书》。",
        ),
        (
            "大学生志愿者签约服务西部",
            "仪式上,志愿者代表与服务单位代表签订《大学生志愿服务西部计划志愿者服务协议》。",
        ),
        (
            "框架协议有法律效力吗",
            "在政企合作中,双方往往先签订战略合作框架协议,再签订具体的项目合同。\n"
            "案例:甲公司与某区政府签订《战略合作框架协议》,约定甲公司在该区投资建设物流园区。",
        ),
        (  # residents' service contracts, counted
            "黔江区启动家庭医生签约服务日活动",
            "启动仪式上,区卫生健康委为10支优秀家庭医生团队授牌,城西街道社区卫生服务中心家庭医生团队"
            "现场与辖区居民签订家庭医生签约服务协议320余份。全区各乡镇卫生院、社区卫生服务中心同步开展"
            "家庭医生签约服务集中宣传活动。",
        ),
        (  # a file photo's caption of last year's signing
            "梁平大竹召开合作协议签署一周年推进会",
            "资料图:去年6月9日,梁平区与大竹县签约现场。",
        ),
        (  # a draft to be signed when the time is right
            "川渝知识产权协作协议文本基本成型",
            "6月13日,四川省市场监督管理局与重庆市市场监督管理局在成都召开协作座谈会,专题研究"
            "《川渝知识产权保护协作协议(送审稿)》。\n会议原则同意送审稿的主要内容,要求两局有关处室"
            "进一步修改完善,分别按程序报各自局党组审定后,择机举行签署仪式。",
        ),
        (  # a leader's speech reviews last year's signings
            "在全市推进成渝地区双城经济圈建设工作会议上的讲话(摘要)",
            "过去一年,全市上下抢抓重大机遇。我们坚持把合作协议作为重要抓手,先后与重庆市荣昌区签署了"
            "《内江荣昌现代畜牧业协同发展合作协议》,与大足区签署了《内江大足文化旅游协同发展合作协议》。",
        ),
    ],
)
def test_brushwork_drafts_treaties_and_made_up_cases_report_no_signing(
    title: str, text: str
) -> None:
    assert found(title, text) == []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the meeting's count after the documents it names is no document of its own
            "三地签署系列合作文件",
            "上周四,三地党政联席会议在开州区召开。会上,万州区、达州市、开州区共同签署《万达开"
            "天然气综合利用产业协作协议》。此次会议共签署各类合作文件10份。根据产业协作协议,三地"
            "将共建天然气化工产业园,联合开发宣汉、开州卤水锂钾资源。",
            [("万达开天然气综合利用产业协作协议", ("万州区", "达州市", "开州区"))],
        ),
        (  # an untitled document, then by another verb a titled one: two documents
            "集团与重庆港务物流集团签署战略合作协议",
            "宜宾港(集团)有限公司与重庆港务物流集团有限公司日前在重庆签署战略合作协议,并同步签订"
            "《宜宾港—果园港集装箱班轮合作协议》。",
            [
                (None, ("宜宾港(集团)有限公司", "重庆港务物流集团有限公司")),
                (
                    "宜宾港—果园港集装箱班轮合作协议",
                    ("宜宾港(集团)有限公司", "重庆港务物流集团有限公司"),
                ),
            ],
        ),
        (
            "生猪项目落户秀山",
            "昨天,秀山土家族苗族自治县人民政府与四川铁骑力士实业有限公司签署战略合作协议,同时签订"
            "《秀山生猪全产业链项目投资协议》。",
            [
                (None, ("秀山土家族苗族自治县人民政府", "四川铁骑力士实业有限公司")),
                (
                    "秀山生猪全产业链项目投资协议",
                    ("秀山土家族苗族自治县人民政府", "四川铁骑力士实业有限公司"),
                ),
            ],
        ),
        (  # the title told only where the terms are
            "江北郫都深化结对合作",
            "会后,江北区人民政府与郫都区人民政府签署深化全面合作协议;江北区商务委员会与郫都区商务局"
            "签订共建消费地标合作备忘录。\n根据《江北区 郫都区深化全面合作协议》,双方将联合举办"
            "消费节。",
            [
                ("江北区 郫都区深化全面合作协议", ("江北区人民政府", "郫都区人民政府")),
                (None, ("江北区商务委员会", "郫都区商务局")),
            ],
        ),
        (  # a document signed at the meeting, told by its terms
            "川渝签署生态环境合作文件",
            "6月18日,四川省生态环境厅与重庆市生态环境局召开联席会议,双方签署《川渝跨界河流联防联控"
            "合作协议》。会上同时签署的《川渝固体废物跨省转移合作机制》明确,审批时限压缩至5个工作日。",
            [
                ("川渝跨界河流联防联控合作协议", ("四川省生态环境厅", "重庆市生态环境局")),
                ("川渝固体废物跨省转移合作机制", ("四川省生态环境厅", "重庆市生态环境局")),
            ],
        ),
        (  # the departments of the fields listed, counted: as written
            "自贡江津签约",
            "6月18日,自贡市与重庆市江津区在江津签署全面战略合作框架协议,两地发展改革、交通、文化旅游、"
            "商务等4个部门同步签订专项合作协议。",
            [
                (None, ("自贡市", "重庆市江津区")),
                (None, ("两地发展改革、交通、文化旅游、商务等4个部门",)),
            ],
        ),
        (  # "该县" is the county told before, not part of the town's name
            "毗邻镇签约",
            "近年来,邻水县推动毗邻乡镇深度融合。6月18日,该县高滩镇与重庆市渝北区茨竹镇签订《高滩茨竹"
            "毗邻镇协同发展合作协议》。",
            [("高滩茨竹毗邻镇协同发展合作协议", ("高滩镇", "重庆市渝北区茨竹镇"))],
        ),
        (  # whose firms they are is no party
            "港航企业签约",
            "6月17日,四川港航投资集团有限责任公司与重庆港务物流集团有限公司签署《港航物流一体化发展"
            "战略合作协议》。次日,双方所属企业四川泸州港务有限责任公司与重庆果园港国际物流有限公司签订了"
            "《泸州港—果园港集装箱航线合作协议》。",
            [
                (
                    "港航物流一体化发展战略合作协议",
                    ("四川港航投资集团有限责任公司", "重庆港务物流集团有限公司"),
                ),
                (
                    "泸州港—果园港集装箱航线合作协议",
                    ("四川泸州港务有限责任公司", "重庆果园港国际物流有限公司"),
                ),
            ],
        ),
        (  # a headline line naming the places of the bodies that signed the titled document
            "两大世界遗产地牵手",
            "乐山大足签署石窟寺保护利用合作协议\n本周二,乐山市与重庆市大足区文旅合作交流活动在大足区"
            "举行。活动中,乐山大佛景区管理委员会与大足石刻研究院签署《石窟寺保护利用合作协议》。",
            [("石窟寺保护利用合作协议", ("乐山大佛景区管理委员会", "大足石刻研究院"))],
        ),
        (  # a short name given in brackets does not end the list of titles
            "川渝文旅部门签约",
            "会上,四川省文化和旅游厅与重庆市文化和旅游发展委员会签署《深化川渝文化旅游市场执法协作"
            "协议》(以下简称《执法协作协议》)和《巴蜀文化旅游走廊“一票通”合作备忘录》。",
            [
                (
                    "深化川渝文化旅游市场执法协作协议",
                    ("四川省文化和旅游厅", "重庆市文化和旅游发展委员会"),
                ),
                (
                    "巴蜀文化旅游走廊“一票通”合作备忘录",
                    ("四川省文化和旅游厅", "重庆市文化和旅游发展委员会"),
                ),
            ],
        ),
        (  # "我县" before the towns of a list is whose they are
            "三镇签约",
            "3月26日,长寿区云台镇分别与我县柑子镇、八耳镇签订了《毗邻乡镇协同发展框架协议》。",
            [
                ("毗邻乡镇协同发展框架协议", ("长寿区云台镇", "柑子镇")),
                ("毗邻乡镇协同发展框架协议", ("长寿区云台镇", "八耳镇")),
            ],
        ),
        (  # people named alone sign for the places the lead made them heads of
            "两地签署合作框架协议",
            "4月9日至10日,湖北省来凤县委书记向东海,县委副书记、县长田仁杰率来凤县党政代表团来我县"
            "考察交流。酉阳自治县委书记杨光明,县委副书记、县长冉启胜陪同考察。\n代表团一行先后考察了"
            "桃花源景区、龚滩古镇、酉州古城以及酉阳工业园区。\n10日下午,两地座谈会召开。座谈会上,"
            "田仁杰与冉启胜代表两县签署《酉阳来凤跨省毗邻地区协同发展合作框架协议》。",
            [("酉阳来凤跨省毗邻地区协同发展合作框架协议", ("湖北省来凤县", "酉阳自治县"))],
        ),
        (  # several people by their bodies' posts, listed with commas
            "川滇黔警务协作",
            "会上,泸州市公安局党委书记、局长何建军,云南省昭通市公安局党委书记、局长李明华,"
            "贵州省毕节市公安局党委书记、局长吴晓峰共同签署《川滇黔三省交界地区警务协作框架协议》。",
            [
                (
                    "川滇黔三省交界地区警务协作框架协议",
                    ("泸州市公安局", "云南省昭通市公安局", "贵州省毕节市公安局"),
                )
            ],
        ),
        (  # 和 and 及 inside the names of the bodies the title and the posts name
            "渝港签署文化旅游交流合作备忘录",
            "推介会上,重庆市文化和旅游发展委员会主任刘斌与香港特别行政区政府文化体育及旅游局常任秘书长"
            "陈婉仪代表双方签署《重庆市文化和旅游发展委员会与香港特别行政区政府文化体育及旅游局关于深化"
            "文化旅游交流合作的备忘录》。",
            [
                (
                    "重庆市文化和旅游发展委员会与香港特别行政区政府文化体育及旅游局关于深化文化旅游交流"
                    "合作的备忘录",
                    ("重庆市文化和旅游发展委员会", "香港特别行政区政府文化体育及旅游局"),
                )
            ],
        ),
        (  # what the ceremony is for is no part of the second hospital's name
            "两院共建跨省医联体",
            "9月12日,川北医附院与陇南一院紧密型医联体签约仪式在甘肃陇南举行。川北医附院副院长李勇与"
            "马晓红代表双方签约。",
            [(None, ("川北医附院", "陇南一院"))],
        ),
        (  # a firm's announcement: the day between the parties, the formal one to come
            "关于与宜宾市叙州区人民政府签署投资合作框架协议的公告",
            "1.本次签署的《锂电池负极材料项目投资合作框架协议》为框架性约定,项目具体内容以双方后续"
            "签署的正式《项目投资协议》为准。\n重庆渝鑫新材料股份有限公司(以下简称“公司”)于2025年6月"
            "19日与宜宾市叙州区人民政府(以下简称“叙州区政府”)在四川省宜宾市签署了《锂电池负极材料"
            "项目投资合作框架协议》。",
            [
                (
                    "锂电池负极材料项目投资合作框架协议",
                    ("重庆渝鑫新材料股份有限公司", "宜宾市叙州区人民政府"),
                )
            ],
        ),
        (  # a count of bodies signs as written
            "三地教育部门签署协同发展协议",
            "会上,万州区教委、达州市教育局、开州区教委共同签署《万达开教育协同发展合作协议》;三地18所"
            "中小学签订《万达开中小学发展联盟合作协议》。",
            [
                ("万达开教育协同发展合作协议", ("万州区教委", "达州市教育局", "开州区教委")),
                ("万达开中小学发展联盟合作协议", ("三地18所中小学",)),
            ],
        ),
        (  # people named alone, their bodies' posts told in the attendance sentence
            "万达开三地文旅部门签署一体化发展合作协议",
            "6月15日,文化旅游一体化发展推进会在开州区召开。万州区文化旅游委党委书记、主任谭晓东,"
            "开州区文化旅游委主任邓丽,达州市文化广播电视和旅游局党组书记、局长熊开文出席会议。\n"
            "会上,谭晓东、邓丽、熊开文代表三方签署《万达开文化旅游一体化发展合作协议》。",
            [
                (
                    "万达开文化旅游一体化发展合作协议",
                    ("万州区文化旅游委", "开州区文化旅游委", "达州市文化广播电视和旅游局"),
                )
            ],
        ),
        (  # the provinces' memo, signed for them by their departments' heads: one document
            "我省与四川省签署交通合作备忘录",
            "会上,我省与四川省签署《深化甘川两省交通基础设施互联互通合作备忘录》,省交通运输厅厅长"
            "孙国庆与四川省交通运输厅厅长李万成分别代表两省签署备忘录。",
            [("深化甘川两省交通基础设施互联互通合作备忘录", ("我省", "四川省"))],
        ),
        (  # a print copy's hard wraps, mid-name and mid-verb
            "大足安岳签署石刻文化旅游协同发展合作协议",
            "本报讯(记者 周晓岚)5月9日,重庆市大足\n区文化和旅游发展委员会与四川省安岳县文化广播"
            "电视和\n旅游局在宝顶山游客中心签\n署《大足安岳石刻文化旅游协\n同发展合作协议》。根据协议,两地将"
            "围绕石刻保护\n研究等方面开展合作。",
            [
                (
                    "大足安岳石刻文化旅游协同发展合作协议",
                    ("重庆市大足区文化和旅游发展委员会", "四川省安岳县文化广播电视和旅游局"),
                )
            ],
        ),
        (  # a count, then the documents it counts told by their terms or their signers
            "川渝人社部门签署12项合作协议",
            "会上,四川省人力资源和社会保障厅与重庆市人力资源和社会保障局签署12项合作协议。\n其中,"
            "《川渝养老保险关系转移接续经办协作协议》明确,两地将统一经办规程。《川渝劳务协作合作协议》"
            "则聚焦农民工劳务输出。",
            [
                (
                    "川渝养老保险关系转移接续经办协作协议",
                    ("四川省人力资源和社会保障厅", "重庆市人力资源和社会保障局"),
                ),
                (
                    "川渝劳务协作合作协议",
                    ("四川省人力资源和社会保障厅", "重庆市人力资源和社会保障局"),
                ),
            ],
        ),
        (
            "邻水长寿签署“1+4”合作协议",
            "【本文转载自广安日报2025年6月20日第2版,原标题《邻水长寿签署“1+4”合作协议》】\n本报讯"
            "昨(19)日,会上,邻水县人民政府与长寿区人民政府签署《邻水长寿协同发展战略合作协议》,两地"
            "相关部门同步签订交通、产业、生态环境、文旅4个专项合作协议。\n其中,邻水县交通运输局与"
            "长寿区交通局签订的交通专项合作协议提出,加快推进快速通道建设。",
            [
                ("邻水长寿协同发展战略合作协议", ("邻水县人民政府", "长寿区人民政府")),
                (None, ("邻水县交通运输局", "长寿区交通局")),
            ],
        ),
        (  # rules the parties keep together, signed with their agreement
            "两地检察院会签生态检察协作协议",
            "会上,重庆市城口县人民检察院与四川省万源市人民检察院检察长会签《大巴山生态环境保护检察协作"
            "框架协议》和《川渝跨界公益诉讼案件线索移送办法》。",
            [
                (
                    "大巴山生态环境保护检察协作框架协议",
                    ("重庆市城口县人民检察院", "四川省万源市人民检察院"),
                ),
                (
                    "川渝跨界公益诉讼案件线索移送办法",
                    ("重庆市城口县人民检察院", "四川省万源市人民检察院"),
                ),
            ],
        ),
        (  # an occasion opening the sentence before the list of who signed
            "川滇黔四地中院签署司法协作框架协议",
            "6月5日,在第51个世界环境日到来之际,泸州市中级人民法院、云南省昭通市中级人民法院、贵州省"
            "毕节市中级人民法院、遵义市中级人民法院在古蔺县召开联席会议,共同签署《赤水河流域生态环境"
            "保护司法协作框架协议》。",
            [
                (
                    "赤水河流域生态环境保护司法协作框架协议",
                    (
                        "泸州市中级人民法院",
                        "云南省昭通市中级人民法院",
                        "贵州省毕节市中级人民法院",
                        "遵义市中级人民法院",
                    ),
                )
            ],
        ),
        (  # the branches of the fields listed, counted, sign as one party
            "两地医学会签订深化合作协议",
            "开幕式上,四川省医学会与重庆市医学会签订《川渝医学会深化合作协议》,两地医学会心血管病学、"
            "神经病学、重症医学等12个专科分会同步签署合作备忘录。",
            [
                ("川渝医学会深化合作协议", ("四川省医学会", "重庆市医学会")),
                (None, ("两地医学会心血管病学、神经病学、重症医学等12个专科分会",)),
            ],
        ),
    ],
)
def test_counts_after_names_second_documents_and_titles_told_by_their_terms(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


OWN = Path(__file__).parents[1] / "data" / "reports"


@pytest.mark.parametrize(
    "name",
    [
        "late-ea/022",  # a listed firm's board consents to sign; "尚未签署"
        "late-ed/012",  # a hospital's talent contract with one doctor
        "late-ee/008",  # a disclosure of the document ending an agreement
    ],
)
def test_own_reports_of_consents_talent_contracts_and_terminations_report_no_signing(
    name: str,
) -> None:
    assert not analyze_file(OWN / f"{name}.txt", "Asia/Shanghai")["is_agreement"]


@pytest.mark.parametrize(
    "name",
    [
        "late-ee/002",  # "关于签署…协议的自愿性信息披露公告" under a breadcrumb
        "late-ee/029",  # "关于与…签署框架协议的进展公告"
    ],
)
def test_a_firms_disclosure_of_a_signing_done_reports_it_whatever_its_headline(
    name: str, tmp_path: Path
) -> None:
    copy = tmp_path / "page.txt"
    copy.write_text(
        "当前位置:首页 > 公司公告 > " + (OWN / f"{name}.txt").read_text("utf-8"), "utf-8"
    )
    assert analyze_file(copy, "Asia/Shanghai")["is_agreement"]


def test_a_document_named_again_by_a_fuller_form_is_the_same_document() -> None:
    text = (
        "四川省水利厅和重庆市水利局21日签署《成渝地区双城经济圈水利合作备忘录》,双方将共同建立"
        "水利工作长效机制。川渝水利部门相关负责人表示,《推进成渝地区双城经济圈建设水利合作备忘录》"
        "的正式签署,标志着川渝两地水利合作进入新阶段。"
    )
    assert found("川渝水利部门签署备忘录", text) == [
        ("成渝地区双城经济圈水利合作备忘录", ("四川省水利厅", "重庆市水利局"))
    ]


def test_a_document_and_its_supplement_are_two_documents() -> None:
    text = (
        "6月18日,泸州市人民政府与重庆市永川区人民政府签署《泸永战略合作协议》和《泸永战略合作"
        "协议补充协议》。"
    )
    titles = [t for t, _ in found("泸永签约", text)]
    assert titles == ["泸永战略合作协议", "泸永战略合作协议补充协议"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # a pair's quoted topic between them and 合作签约
            "专科联盟落户我院",
            "6月9日下午,重庆医科大学附属第二医院与大竹县人民医院“川渝消化病专科联盟”合作签约暨授牌"
            "仪式在我院举行。陶怀祥与王建军分别代表双方签订合作协议。",
            [(None, ("重庆医科大学附属第二医院", "大竹县人民医院"))],
        ),
        (  # political consultative conferences sign as bodies
            "区政协与安岳县政协签订协作备忘录",
            "近日,区政协与四川省资阳市安岳县政协在安岳县召开联动协商座谈会,并签订《大足安岳石刻文化"
            "保护传承政协协作备忘录》。",
            [("大足安岳石刻文化保护传承政协协作备忘录", ("区政协", "四川省资阳市安岳县政协"))],
        ),
        (  # a town's federation is not its district's, named short
            "川渝妇联签约",
            "3月7日,渝北区妇联与广安市妇联在渝北区举行签约仪式,双方签订《渝北区妇联 广安市妇联合作"
            "框架协议》。同日,渝北区石船镇妇联与广安市广安区协兴镇妇联签订结对共建协议。",
            [
                ("渝北区妇联 广安市妇联合作框架协议", ("渝北区妇联", "广安市妇联")),
                (None, ("渝北区石船镇妇联", "广安市广安区协兴镇妇联")),
            ],
        ),
        (  # places listed under their prefectures, each with the kind of body they share
            "六区县政协签署协作备忘录",
            "会上,梁平区、垫江县、长寿区政协和四川省达州市达川区、大竹县,广安市邻水县政协共同签署"
            "《明月山绿色发展示范带政协协作备忘录》。",
            [
                (
                    "明月山绿色发展示范带政协协作备忘录",
                    (
                        "梁平区政协",
                        "垫江县政协",
                        "长寿区政协",
                        "四川省达州市达川区政协",
                        "四川省大竹县政协",
                        "四川省广安市邻水县政协",
                    ),
                )
            ],
        ),
        (  # two documents in one pair of marks, counted after it
            "川渝教育协同发展联席会议召开",
            "会上,四川省教育厅与重庆市教育委员会签署了《职业教育协同发展合作协议和毗邻地区中职学校"
            "结对帮扶协议》两份协议。",
            [
                ("职业教育协同发展合作协议", ("四川省教育厅", "重庆市教育委员会")),
                ("毗邻地区中职学校结对帮扶协议", ("四川省教育厅", "重庆市教育委员会")),
            ],
        ),
        (  # a zone's 党工委书记、管委会主任 signs for its 管委会; the headline names the document
            "遂宁高新区与潼南高新区签订《遂潼涪江创新产业园区共建协议》",
            "12月17日,遂潼涪江创新产业园区建设推进大会在潼南区召开。遂宁高新区党工委副书记、管委会"
            "主任谢涛与潼南高新区党工委书记、管委会主任周勇分别代表双方签约。",
            [("遂潼涪江创新产业园区共建协议", ("遂宁高新区管委会", "潼南高新区管委会"))],
        ),
        (  # a kind-only name is the name when the article gives no fuller one
            "康川药业与成都中医药大学签约",
            "重庆康川药业股份有限公司于6月5日与成都中医药大学签署《战略合作协议》,双方将共建中药"
            "创新研究院。",
            [("战略合作协议", ("重庆康川药业股份有限公司", "成都中医药大学"))],
        ),
        (  # a title in spaced half-width marks
            "三地人社局签订仲裁协作协议",
            "会上,达州市人力资源和社会保障局、重庆市开州区人力资源和社会保障局共同签订了<< 川渝毗邻"
            "地区劳动人事争议仲裁协作协议 >>。",
            [
                (
                    "川渝毗邻地区劳动人事争议仲裁协作协议",
                    ("达州市人力资源和社会保障局", "重庆市开州区人力资源和社会保障局"),
                )
            ],
        ),
        (  # the signing as the topic of a talk, to be signed some day
            "南充市检察院与北碚区检察院开展协作座谈",
            "5月8日,两院召开座谈会。双方还就共同会签《嘉陵江流域检察公益诉讼协作办法》进行了磋商,"
            "提出修改意见12条。",
            [],
        ),
    ],
)
def test_people_s_organisations_zones_and_mangled_titles(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_a_headline_naming_places_is_the_bodies_signing_a_copy_cut_in_its_title() -> None:
    text = (
        "成都与两江新区携手共护知识产权\n签署知识产权保护协作协议\n"
        "4月26日,成都市市场监督管理局与重庆两江新区市场监督管理局在两江新区签署了《成渝地区"
        "双城经济圈知识产权保护协作"
    )
    result = recognise(normalise("成都日报"), normalise(text), PUBLISHED)
    assert [(a.parties, a.signed_on) for a in result.agreements] == [
        (("成都市市场监督管理局", "重庆两江新区市场监督管理局"), "2025-04-26")
    ]


def test_a_deck_over_a_cut_copy_is_dated_by_the_lead() -> None:
    text = (
        "攀枝花市与重庆市大渡口区签署康养产业合作协议\n"
        "本报讯 12月8日上午,2023中国·攀枝花阳光康养产业发展大会在攀枝花开幕。市委书记出席开幕式"
        "并致辞。他说,攀枝花冬无严寒、夏无酷暑,是发展阳光康养产业的理想之地,近年来"
    )
    result = recognise(normalise("康养产业发展大会开幕"), normalise(text), date(2023, 12, 9))
    assert [(a.parties, a.signed_on) for a in result.agreements] == [
        (("攀枝花市", "重庆市大渡口区"), "2023-12-08")
    ]


def test_own_reports_of_a_collective_headline_and_a_year_end_list() -> None:
    # "川渝科协签署合作协议" over "重庆市科协与四川省科协签署《…》": one agreement, each
    # place's body; "三、5月18日,…文化节开幕。开幕式上,…签订《…》": the opening's day
    science = analyze_file(OWN / "late-er/007.txt", "Asia/Shanghai")["agreements"]
    assert [a["parties"] for a in science] == [
        ["重庆市科协", "四川省科协"],
        ["绵阳市科协", "重庆市北碚区科协"],
    ]
    events = analyze_file(OWN / "late-et/004.txt", "Asia/Shanghai")["agreements"]
    assert [a["signed_on"] for a in events] == ["2025-05-18", "2025-10-26"]


def test_own_reports_of_a_visit_and_a_leaders_inspection() -> None:
    # "…带队赴成都市青羊区少城街道开展交流,两地街道党工委签订《…》": the place visited, not
    # "…开展"; "见证了宜宾市人民政府与中国电信四川公司“数字宜宾”战略合作协议签约": not "了…"
    visit = analyze_file(OWN / "late-er/012.txt", "Asia/Shanghai")["agreements"]
    assert visit[0]["parties"] == ["寸滩街道党工委", "成都市青羊区少城街道"]
    tour = analyze_file(OWN / "late-et/008.txt", "Asia/Shanghai")["agreements"]
    assert [a["parties"] for a in tour] == [["宜宾市人民政府", "中国电信四川公司"]]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # a speech's "今天A与B签署的《…》" is what was signed at its meeting
            "罗云峰在大足安岳协同发展座谈会上表示",
            "6月11日,大足区党政代表团来安岳考察,并召开协同发展座谈会。罗云峰在讲话中表示,今天"
            "大足区与安岳县签署的《大足区 安岳县协同发展合作框架协议》,为两地深化合作提供了遵循。",
            [("大足区 安岳县协同发展合作框架协议", ("大足区", "安岳县"))],
        ),
        (  # a body owned by another, named with its owner
            "成渝两地海关签署合作备忘录",
            "6月16日,成都海关与重庆海关签署《成都海关 重庆海关支持成渝地区双城经济圈建设合作"
            "备忘录》。同日,成都海关所属泸州海关与重庆海关所属江津海关签署《泸州港 江津港口岸监管"
            "协作协议》。",
            [
                (
                    "成都海关 重庆海关支持成渝地区双城经济圈建设合作备忘录",
                    ("成都海关", "重庆海关"),
                ),
                ("泸州港 江津港口岸监管协作协议", ("泸州海关", "江津海关")),
            ],
        ),
        (  # the subject after a clause of purpose, with each partner of its own province
            "江津区人民检察院与川黔两地检察院签署协作协议",
            "本院讯 为服务保障成渝地区双城经济圈建设,推动川渝黔毗邻地区检察工作协同发展,6月14日,"
            "江津区人民检察院在四面山召开座谈会,分别与四川省合江县、贵州省习水县人民检察院签署《川渝"
            "黔毗邻地区检察协作协议》。",
            [
                ("川渝黔毗邻地区检察协作协议", ("江津区人民检察院", "四川省合江县人民检察院")),
                ("川渝黔毗邻地区检察协作协议", ("江津区人民检察院", "贵州省习水县人民检察院")),
            ],
        ),
        (  # one signer with his post, one named alone: the body the lead introduced him with
            "市一医院与荣昌区人民医院签约",
            "4月26日,市一医院与重庆市荣昌区人民医院医疗协作签约仪式在荣昌举行。市一医院党委副书记、"
            "院长廖国强,荣昌区人民医院党委书记张伟出席。\n廖国强表示,两院将深化合作。\n"
            "廖国强与荣昌区人民医院院长刘俊分别在协议上签字。",
            [(None, ("市一医院", "荣昌区人民医院"))],
        ),
        (  # writers' associations are bodies, not writers signing for themselves
            "两地作协签约",
            "开幕式上,重庆市作家协会与四川省作家协会签署《川渝文学创作交流合作协议》。",
            [("川渝文学创作交流合作协议", ("重庆市作家协会", "四川省作家协会"))],
        ),
        (  # the day an earlier agreement expired is no day of this meeting's renewal
            "安居铜梁续签深化一体化发展合作协议",
            "6月18日,两地召开联席会议。鉴于首轮协议已于2024年底到期,会上,四川省遂宁市安居区人民政府"
            "与重庆市铜梁区人民政府续签《铜梁安居深化一体化发展合作协议(2026—2030年)》。",
            [
                (
                    "铜梁安居深化一体化发展合作协议(2026—2030年)",
                    ("四川省遂宁市安居区人民政府", "重庆市铜梁区人民政府"),
                )
            ],
        ),
        # hires, villages' lawyers, a villager and a proposal: no cooperation signed
        (
            "我校举行2025年新教师签约仪式",
            "5月18日,我校2025年新教师签约仪式在学校学术报告厅举行。人力资源部、教务处负责人出席仪式。",
            [],
        ),
        (
            "万源市实现村(社区)法律顾问签约全覆盖",
            "全市247个村(社区)全部与执业律师或基层法律服务工作者签订《村(社区)法律顾问服务协议》。",
            [],
        ),
        (
            "川渝毗邻专场招聘会举行",
            "2月14日,招聘会在石永镇举行。石永镇村民刘志强与重庆一家化工企业签订了意向协议。",
            [],
        ),
    ],
)
def test_speeches_owners_signers_and_what_is_no_cooperation(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_own_reports_of_a_firm_seated_elsewhere_and_a_day_told_before_its_event() -> None:
    # "总部位于重庆的中铁十一局五公司": 重庆市; "5月19日是世界家庭医生日。当天,…活动…举行。
    # 活动现场,…签订《…》": that day
    firm = analyze_file(OWN / "late-ew/006.txt", "Asia/Shanghai")["agreements"]
    assert [a["regions"] for a in firm] == [["四川省成都市", "重庆市"]]
    day = analyze_file(OWN / "late-ex/020.txt", "Asia/Shanghai")["agreements"]
    assert [a["signed_on"] for a in day] == ["2023-05-19"]
    # "也有代表建议,下一步可在…深化,必要时签订专项合作协议": a proposal, under a commentary
    # on an agreement signed two years before
    assert not analyze_file(OWN / "late-ex/015.txt", "Asia/Shanghai")["is_agreement"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # the document first, then who signed it
            "川渝医保部门签署合作协议",
            "达州日报讯(记者 唐晓琳)《川渝毗邻地区医疗保障协同发展合作协议》,达州市医疗保障局"
            "与重庆市"
            "开州区医疗保障局昨日在开州正式签署。",
            [
                (
                    "川渝毗邻地区医疗保障协同发展合作协议",
                    ("达州市医疗保障局", "重庆市开州区医疗保障局"),
                )
            ],
        ),
        (  # two documents first, then "这两份文件由…签署"
            "川渝知识产权服务机构签约",
            "四川日报全媒体记者 罗晓 《成渝地区双城经济圈知识产权保护协作协议》《川渝专利导航服务"
            "合作"
            "备忘录》——昨天,这两份文件由四川省知识产权服务促进中心与重庆市知识产权保护中心在遂宁签署。",
            [
                (
                    "成渝地区双城经济圈知识产权保护协作协议",
                    ("四川省知识产权服务促进中心", "重庆市知识产权保护中心"),
                ),
                (
                    "川渝专利导航服务合作备忘录",
                    ("四川省知识产权服务促进中心", "重庆市知识产权保护中心"),
                ),
            ],
        ),
        (  # 将 bringing the document before the verb is no plan
            "江阳荣昌教育协同发展推进会召开",
            "会上,泸州市江阳区教育和体育局与重庆市荣昌区教育委员会将《渝西川南教育协同发展框架协议》"
            "正式签署。",
            [
                (
                    "渝西川南教育协同发展框架协议",
                    ("泸州市江阳区教育和体育局", "重庆市荣昌区教育委员会"),
                )
            ],
        ),
        (  # the name, a day and a place, then 由 who signed it
            "铜梁安居两地团委签订协作协议",
            "《铜梁—安居青年创新创业协作协议》于6月2日在铜梁由共青团重庆市铜梁区委员会、共青团遂宁市"
            "安居区委员会签订。",
            [
                (
                    "铜梁—安居青年创新创业协作协议",
                    ("共青团重庆市铜梁区委员会", "共青团遂宁市安居区委员会"),
                )
            ],
        ),
        (  # a table of what was signed, each row its own agreement
            "宜宾江津集中签约",
            "会上,两地相关部门和单位现场签署合作协议2项。具体签约情况如下:\n"
            "序号 | 协议名称 | 签约单位\n"
            "1 | 《宜宾江津交通互联互通合作协议》 | 宜宾市交通运输局、重庆市江津区交通局\n"
            "2 | 页岩气联合研究中心共建协议 | 西南石油大学、重庆页岩气勘探开发有限责任公司\n"
            "根据协议,双方将深化合作。",
            [
                ("宜宾江津交通互联互通合作协议", ("宜宾市交通运输局", "重庆市江津区交通局")),
                (None, ("西南石油大学", "重庆页岩气勘探开发有限责任公司")),
            ],
        ),
        (  # a box of the signing above the story
            "前锋区与渝北区签署合作协议",
            "【签约信息】\n协议名称:《前锋—渝北现代物流协同发展合作协议》\n"
            "签约单位:广安市前锋区人民政府、重庆市渝北区人民政府\n签约时间:2025年4月10日\n"
            "4月10日,前锋区党政代表团赴渝北区考察交流。",
            [
                (
                    "前锋—渝北现代物流协同发展合作协议",
                    ("广安市前锋区人民政府", "重庆市渝北区人民政府"),
                )
            ],
        ),
        (  # signers named after the signing: "签约双方为A和B"
            "内荣示范区签约",
            "8月29日,内江—荣昌现代产业协作示范区共建合作签约仪式在内江经开区举行。签约双方为内江经济"
            "技术开发区管理委员会和重庆荣昌高新技术产业开发区管理委员会。双方签署的《内荣现代产业协作"
            "示范区共建合作协议》明确,两个园区将共建。",
            [
                (
                    "内荣现代产业协作示范区共建合作协议",
                    ("内江经济技术开发区管理委员会", "重庆荣昌高新技术产业开发区管理委员会"),
                )
            ],
        ),
    ],
)
def test_signings_told_in_unusual_shapes(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


@pytest.mark.parametrize(
    "name",
    [
        "late-ey/026",  # "会议审议了《…(送审稿)》,双方商定,待…于今年下半年在黔江正式签署"
        "late-ez/006",  # "双方商定,5份协议将在…后,于8月中旬在成都举行的…推进会上集中签约"
    ],
)
def test_own_reports_of_drafts_reviewed_to_be_signed_later(name: str) -> None:
    assert not analyze_file(OWN / f"{name}.txt", "Asia/Shanghai")["is_agreement"]


def test_own_reports_of_a_headline_title_beside_a_body_title_and_a_pair_that_met() -> None:
    # "签署协同创新发展合作协议(以下简称《协议》),双方还签署了《B》" under the headline's
    # 《两江新区成都高新区协同创新发展合作协议》; "A与B在合川召开…座谈会,C与D签署…": C and D
    named = analyze_file(OWN / "late-ez/013.txt", "Asia/Shanghai")["agreements"]
    assert named[0]["title"] == "两江新区成都高新区协同创新发展合作协议"
    met = analyze_file(OWN / "late-ez/024.txt", "Asia/Shanghai")["agreements"]
    assert [a["parties"] for a in met] == [
        ["南充市人民政府", "合川区人民政府"],
        ["南充港务有限公司", "重庆合川渭沱港务有限公司"],
    ]


def test_headlines_run_on_one_line_between_pipes_are_other_stories() -> None:
    text = (
        "3月13日,南充市党政代表团来合川考察交流,双方围绕航运物流、产业协作等领域深入交流。"
        "合川区负责同志表示,将适时签订合作协议。\n"
        "合川区与武胜县签署《合武协同发展合作协议》 | 合川区与广安市签订产业协作框架协议\n"
    )
    assert found("南充市党政代表团来合川考察", text) == []


def test_a_signing_next_month_is_a_plan_in_a_flattened_copy(tmp_path: Path) -> None:
    flat = tmp_path / "page.txt"
    lines = (OWN / "late-fb/016.txt").read_text("utf-8").splitlines()
    flat.write_text("".join(line.strip() for line in lines), "utf-8")
    assert not analyze_file(flat, "Asia/Shanghai")["is_agreement"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (  # "一份名为《…》的文件,…由A和B…签署"
            "川渝电子证照互认",
            "一份名为《川渝电子证照互认共享合作协议》的文件,3月9日由四川省大数据中心和重庆市"
            "大数据应用发展管理局在重庆签署。",
            [
                (
                    "川渝电子证照互认共享合作协议",
                    ("四川省大数据中心", "重庆市大数据应用发展管理局"),
                )
            ],
        ),
        (  # a table whose cells are set apart by spaces
            "遂潼一体化发展联席会议召开",
            "会上,两地相关部门和单位签署合作协议2项,具体如下:\n签约项目一览\n"
            "序号 协议名称 签约单位\n"
            "1 《遂潼医疗服务协作协议》 遂宁市中心医院、重庆市潼南区人民医院\n"
            "2 《蓬溪潼南人力资源协作协议》 蓬溪县人力资源和社会保障局、"
            "重庆市潼南区人力资源和社会保障局\n"
            "按照协议,两地将深化合作。",
            [
                ("遂潼医疗服务协作协议", ("遂宁市中心医院", "重庆市潼南区人民医院")),
                (
                    "蓬溪潼南人力资源协作协议",
                    ("蓬溪县人力资源和社会保障局", "重庆市潼南区人力资源和社会保障局"),
                ),
            ],
        ),
    ],
)
def test_names_first_and_tables_set_with_spaces(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert found(title, text) == expected


def test_own_report_of_a_name_its_day_and_place_before_who_signed_it() -> None:
    # "《…》5月18日下午在隆昌市石牌坊景区签署。协议由A与B共同签署…"
    signed = analyze_file(OWN / "late-fc/001.txt", "Asia/Shanghai")["agreements"]
    assert [(a["title"], a["parties"]) for a in signed] == [
        (
            "荣昌隆昌夏布文化保护传承合作协议",
            ["重庆市荣昌区文化和旅游发展委员会", "四川省隆昌市文化广播电视和旅游局"],
        )
    ]


def test_a_signing_years_passed_since_is_history_without_a_date_stamp() -> None:
    text = (
        "2017年7月1日,国家发展改革委和粤港澳三地政府在香港共同签署《深化粤港澳合作 推进大湾区建设"
        "框架协议》。七年过去,这份框架协议描绘的蓝图正一步步变为现实。"
    )
    result = recognise(normalise("回望大湾区合作的七年"), normalise(text), None)
    assert not result.is_agreement


def dated(title: str, text: str, published: date) -> list[tuple[str | None, str | None]]:
    result = recognise(normalise(title), normalise(text), published)
    return [(a.title, a.signed_on) for a in result.agreements] if result.is_agreement else []


def test_a_year_in_review_reports_its_dated_signings() -> None:
    # "盘点2022": a signing nine months before the round-up ran is the year's news; one of
    # an earlier year stays background
    text = (
        "2022年,广安坚持融入重庆都市圈。\n关键词二:协同发展\n3月18日,岳池县人民政府与重庆市"
        "合川区人民政府签署《岳合协同发展合作协议》,两地将在产业配套方面深化合作。\n"
        "关键词三:回顾\n2020年5月,岳池县与合川区签署《岳合毗邻地区合作框架协议》。"
    )
    found_then = dated("盘点2022|岳池的十个关键词", text, date(2022, 12, 29))
    assert found_then == [("岳合协同发展合作协议", "2022-03-18")]
    assert dated("岳池这一年", text, date(2022, 12, 29)) == []


def test_the_year_of_the_signing_before_is_not_this_ones() -> None:
    text = (
        "本报讯 继2021年签署《广安渝北协同发展合作框架协议》之后,昨日,广安市人民政府与重庆市"
        "渝北区人民政府签署《广安渝北生态共保合作协议》。"
    )
    assert dated("广安渝北再签协议", text, date(2025, 6, 21)) == [
        ("广安渝北生态共保合作协议", "2025-06-20")
    ]


def test_a_dateline_in_brackets_is_the_day_counted_from() -> None:
    text = (
        "万州区讯(2024年3月12日)昨日,万州区人民政府与达州市人民政府在万州签署《万达港口物流"
        "协作协议》。"
    )
    assert dated("万达签署港口协议", text, date(2024, 3, 14)) == [
        ("万达港口物流协作协议", "2024-03-11")
    ]


def test_a_speech_dated_under_its_title_dates_what_was_just_signed() -> None:
    text = (
        "(2023年9月12日)\n达州市人民政府市长 某某\n同志们:\n今天,三地再次聚首。刚才,万州区人民"
        "政府、达州市人民政府、开州区人民政府共同签署了《万达开文旅协同发展合作协议》。"
    )
    assert dated("在万达开联席会议上的讲话", text, date(2023, 9, 15)) == [
        ("万达开文旅协同发展合作协议", "2023-09-12")
    ]


def test_own_report_of_a_proposal_to_sign_is_no_signing() -> None:
    # "“我建议,由两地教育部门牵头,签订《…》", beside a 2021 framework agreement told as
    # background
    result = analyze_file(OWN / "late-ff/026.txt", "Asia/Shanghai")
    assert not result["is_agreement"] and not result["agreements"]


def test_a_branch_is_where_its_name_places_it() -> None:
    text = (
        "9月8日,重庆医科大学附属儿童医院宜宾医院与叙州区卫生健康局签订儿科医疗服务能力提升"
        "合作协议。"
    )
    result = recognise(normalise("儿童医院宜宾医院签约"), normalise(text), date(2023, 9, 9))
    assert [a.regions for a in result.agreements] == [("四川省宜宾市", "四川省宜宾市叙州区")]


def test_pairs_of_a_speech_and_a_ceremony_of_schools() -> None:
    speech = (
        "春和景明。今天,自贡学院的各位领导、专家来到沙坪坝校区,我们在这里举行两校战略合作协议"
        "签约仪式。刚才,两校正式签署了战略合作协议。"
    )
    assert found("在重庆师范大学—自贡学院战略合作协议签约仪式上的致辞", speech) == [
        (None, ("重庆师范大学", "自贡学院"))
    ]
    ceremony = (
        "12月3日,绵阳中学与重庆市南开中学校友好合作学校签约仪式在我校举行。两校校长分别代表学校"
        "在合作协议上签字。"
    )
    assert found("绵阳中学与重庆南开中学缔结友好合作学校", ceremony) == [
        (None, ("绵阳中学", "重庆市南开中学校"))
    ]


def test_a_title_broken_by_a_picture_is_joined() -> None:
    text = (
        "昨天下午,西华大学与重庆市璧山区人民政府签署《西华大学 重庆市璧山区人民政府\n"
        "[图片] 签约现场\n校地全面合作框架协议》。"
    )
    assert found("西华大学与璧山区签署协议", text) == [
        ("西华大学 重庆市璧山区人民政府校地全面合作框架协议", ("西华大学", "重庆市璧山区人民政府"))
    ]


def test_a_hall_or_commission_of_two_places_is_each_ones() -> None:
    # "川渝两地教育厅(委)": Sichuan's 厅, Chongqing's 委员会; a service agreement between them
    # for graduates' jobs is a cooperation document, no job contract
    text = (
        "6月9日,川渝教育协同发展联席会议在南充召开。会上,川渝两地教育厅(委)签署《川渝高校毕业生"
        "就业创业协同服务协议》。"
    )
    assert found("川渝教育协同发展联席会议召开", text) == [
        ("川渝高校毕业生就业创业协同服务协议", ("四川省教育厅", "重庆市教育委员会"))
    ]


def test_a_places_top_ten_news_of_a_year_reports_its_signings() -> None:
    text = (
        "二、江阳区与重庆市江津区签订合作协议\n4月9日,江阳区人民政府与重庆市江津区人民政府在江津"
        "签订《江阳江津跨界融合发展合作协议》。"
    )
    assert dated("2021年江阳区十大新闻揭晓", text, date(2022, 1, 4)) == [
        ("江阳江津跨界融合发展合作协议", "2021-04-09")
    ]


def test_a_year_end_round_up_names_its_year_anywhere_and_dates_items_by_themselves() -> None:
    text = (
        "2025年,川渝两地坚持一体化发展。\n关键词1:共建\n4月18日,重庆两江新区管委会与成都高新区管委会"
        "在成都签署《两江新区成都高新区共建科创走廊合作协议》。\n\n"
        "五、眉山市人民政府与重庆市璧山区人民政府签订合作协议\n\n9月26日,眉山市人民政府与重庆市璧山区"
        "人民政府签订全面合作协议。"
    )
    assert dated("年终盘点|十个关键词,读懂2025年川渝合作", text, date(2025, 12, 28)) == [
        ("两江新区成都高新区共建科创走廊合作协议", "2025-04-18"),
        (None, "2025-09-26"),
    ]


def test_an_announcement_that_ends_an_agreement_reports_no_signing() -> None:
    text = (
        "重庆某某科技股份有限公司关于终止与眉山市东坡区人民政府签署的项目投资协议的公告\n"
        "公司于2022年6月15日与眉山市东坡区人民政府签署了《锂电池材料项目投资协议书》。"
        "鉴于市场环境变化,公司拟签署终止协议。"
    )
    # (undated, as a copy without its stamp: the 2022 signing is the latest day it tells)
    result = recognise(normalise("证券代码:600000 证券简称:某某科技"), normalise(text), None)
    assert not result.is_agreement


def test_three_schools_before_their_quoted_name_sign_as_three() -> None:
    text = (
        "3月22日,成都石室中学北湖校区、重庆市渝北中学校、内江市第六中学“成渝内三校联合教研”合作"
        "签约仪式在我校举行。校区执行校长某、渝北中学党委书记某、内江六中校长某分别代表三校签署"
        "《成渝内三校联合教研合作协议》。"
    )
    assert found("成渝内三校签署联合教研合作协议", text) == [
        (
            "成渝内三校联合教研合作协议",
            ("成都石室中学北湖校区", "重庆市渝北中学校", "内江市第六中学"),
        )
    ]


def test_an_interviews_time_dates_the_page() -> None:
    page = read_plain_text(
        "德阳市人民政府 > 互动交流 > 在线访谈\n\n在线访谈:川渝携手 共护知识产权\n\n"
        "访谈时间:2021年9月16日 15:00  访谈嘉宾:德阳市市场监督管理局副局长 某某\n\n"
        "[主持人] 今天上午,德阳市市场监督管理局与重庆市江北区市场监督管理局签署了协议。\n".encode()
    )
    assert page.published_at is not None and page.published_at.date() == date(2021, 9, 16)


def test_a_head_named_after_another_post_of_the_page_own_body_signs_for_it() -> None:
    text = (
        "11月8日,儿科专科联盟签约暨授牌仪式在我院举行。重庆医科大学附属儿童医院副院长张晓霞率专家"
        "团队一行,我院党委书记唐辉、院长李明华参加仪式。\n仪式上,张晓霞与李明华分别代表双方签署"
        "《重庆医科大学附属儿童医院儿科专科联盟合作协议》。"
    )
    assert found("儿科专科联盟签约", text) == [
        ("重庆医科大学附属儿童医院儿科专科联盟合作协议", ("重庆医科大学附属儿童医院", "我院"))
    ]


def test_a_months_work_summary_reports_the_months_signings() -> None:
    text = (
        "一、10月工作开展情况\n(一)川渝毗邻乡镇合作取得新进展。10月13日,清升镇与四川省隆昌市石燕桥镇"
        "签订《清升镇 石燕桥镇毗邻乡镇协同发展合作协议》,两镇将加强合作。\n二、11月工作计划\n"
        "对接云顶镇,拟于11月中旬签订合作协议。"
    )
    assert dated("清升镇2022年10月工作总结及11月工作计划", text, date(2022, 11, 2)) == [
        ("清升镇 石燕桥镇毗邻乡镇协同发展合作协议", "2022-10-13")
    ]


def test_signed_before_as_experience_is_background() -> None:
    text = (
        "为此,她建议,推动川渝两地医保部门尽快签署《川渝长期护理保险协作协议》。“重庆和成都、德阳、"
        "遂宁等地都开展了试点,两地已经签署过医疗保障协同发展合作协议,有较好的合作基础。”"
    )
    assert found("两会声音|代表建议川渝签署长期护理保险协作协议", text) == []


def test_who_watched_is_not_who_signed() -> None:
    text = (
        "8月14日,郑晓峰会见中国电信重庆分公司总经理一行。会后,郑晓峰与对方共同见证九龙坡区人民政府"
        "与中国电信重庆分公司签署《数字九龙坡建设战略合作协议》。"
    )
    assert found("郑晓峰会见中国电信重庆分公司客人", text) == [
        ("数字九龙坡建设战略合作协议", ("九龙坡区人民政府", "中国电信重庆分公司"))
    ]


def test_the_documents_above_are_the_ones_the_event_named() -> None:
    text = (
        "3月21日,2024年川渝人社合作联席会议暨《川渝技能人才评价结果互认合作协议》《川渝劳务协作"
        "框架协议》签约仪式在重庆举行。\n会议审议通过了《川渝人社合作2024年重点工作任务清单》。\n"
        "签约仪式上,重庆市人力资源和社会保障局与四川省人力资源和社会保障厅签署了上述两项协议。"
    )
    titles = {t for t, _ in found("川渝人社合作联席会议召开", text)}
    assert titles == {"川渝技能人才评价结果互认合作协议", "川渝劳务协作框架协议"}


def test_a_papers_page_line_above_the_headline_dates_the_issue() -> None:
    page = read_plain_text(
        "本报首页 版面概览 往期回顾\n当前:第01版 要闻(2023年06月13日) 上一版 下一版\n"
        "川渝教育协同发展联席会议在南充召开\n本报讯 6月9日,联席会议在南充召开。会上,两地签署"
        "协议。\n".encode()
    )
    assert page.published_at is not None and page.published_at.date() == date(2023, 6, 13)


def test_a_signing_to_come_gradually_or_said_to_be_held_is_no_signing() -> None:
    gradually = (
        "11月18日,成渝中医骨伤专科联盟成立大会在永川召开。联盟理事长在会上表示,下一步,联盟将研究"
        "制定合作细则,逐步与各成员单位签订专科协作协议。"
    )
    assert found("成渝中医骨伤专科联盟成立", gradually) == []
    said = "去年听说宣汉要和开州区签一个合作协议,还说年底要搞签约仪式,到现在也没有看到新闻。"
    assert found("留言:宣汉县和开州区的合作协议什么时候签?", said) == []


def test_this_district_is_the_one_told_before() -> None:
    text = (
        "记者从长寿区生态环境局获悉,近日,该区与四川省广安市邻水县签订《长寿区 邻水县跨界河流联防"
        "联控合作协议》。"
    )
    assert found("长寿邻水共护界河", text) == [
        ("长寿区 邻水县跨界河流联防联控合作协议", ("长寿区", "四川省广安市邻水县"))
    ]


def test_a_visit_told_in_the_lead_names_both_sides_of_a_later_signing() -> None:
    text = (
        "5月16日,重庆市大足区党政考察团一行来四川轻化工大学考察交流。\n考察团参观了学校校史馆。\n"
        "座谈会上,校长介绍了学校情况。\n区长介绍了大足区情况。\n她说,希望与学校开展合作。\n"
        "座谈会后,校地双方签署全面战略合作协议。"
    )
    assert found("大足区党政考察团来校考察", text) == [(None, ("重庆市大足区", "四川轻化工大学"))]


def test_a_live_texts_time_stamps_are_no_part_of_who_signed() -> None:
    text = (
        "会议时间:2024年04月18日 09:30\n【09:52】现在进行签约环节。\n"
        "【09:53】自贡市人民政府与重庆市永川区人民政府签署《自贡永川协同发展战略合作协议》。"
    )
    assert found("川南渝西融合发展推进会暨自贡永川合作签约仪式", text) == [
        ("自贡永川协同发展战略合作协议", ("自贡市人民政府", "重庆市永川区人民政府"))
    ]


def test_a_tally_from_reports_is_background() -> None:
    text = (
        "很多朋友问:川渝两地到底签了多少合作协议?\n据公开报道,仅2020年一年,川渝两地部门、市州和区县之间"
        "就签署了200多份合作协议。"
    )
    result = recognise(normalise("一文读懂成渝双城经济圈的合作清单"), normalise(text), None)
    assert not result.is_agreement


def test_a_signing_agreed_for_a_meeting_to_come_or_a_ceremony_prepared_is_no_signing() -> None:
    agreed = (
        "4月17日,邻水县党政代表团赴长寿区考察。在座谈会上,双方商定在下月召开的明月山绿色发展示范带"
        "联席会议上签署《邻水长寿毗邻地区产业协作合作协议》。"
    )
    assert found("一周要闻回顾", agreed) == []
    prepared = (
        "11月4日,川渝住房公积金联席会议筹备工作会在成都召开。筹备会对会议议程、协议文本修改、"
        "签约仪式安排等进行了逐项梳理。"
    )
    assert found("川渝住房公积金联席会议筹备工作会召开", prepared) == []


def test_names_counted_as_agreements_are_documents() -> None:
    text = (
        "8月28日,国家税务总局广安市税务局与国家税务总局重庆市渝北区税务局签订《高竹新区涉税事项跨省"
        "通办》《高竹新区税费争议联合调解》两项合作协议。"
    )
    assert [t for t, _ in dated("高竹新区税务部门签订两项协议", text, date(2022, 8, 30))] == [
        "高竹新区涉税事项跨省通办",
        "高竹新区税费争议联合调解",
    ]


def test_that_months_day_follows_the_month_told_before() -> None:
    text = (
        "今年,两地合作向园区共建延伸。5月8日,内江市经济和信息化局与荣昌区经济和信息化委员会签署"
        "《内荣产业合作示范园区共建协议》。\n文旅领域合作同样亮点频出。当月20日,内江市文化广播电视和"
        "旅游局与大足区文化和旅游发展委员会签署《内江大足文旅资源互推互享合作协议》。"
    )
    assert dated("内江:川渝合作朋友圈越扩越大", text, date(2023, 6, 30)) == [
        ("内荣产业合作示范园区共建协议", "2023-05-08"),
        ("内江大足文旅资源互推互享合作协议", "2023-05-20"),
    ]


def test_own_report_of_what_two_bodies_both_are_is_no_part_of_their_names() -> None:
    # "友谊中学与重庆八中同为川渝两地有影响力的示范性高中" before "两校校长代表双方…签字"
    signed = analyze_file(OWN / "late-ft/027.txt", "Asia/Shanghai")["agreements"]
    assert [a["parties"] for a in signed] == [["四川省广安友谊中学", "重庆市第八中学校"]]


def test_own_report_of_a_headlines_short_name_for_the_document_signed() -> None:
    # "成渝签署《职教合作协议》" over the body's "…签署《成渝地区双城经济圈职业教育协同发展
    # 合作协议(2022—2025年)》": one document
    signed = analyze_file(OWN / "late-fw/013.txt", "Asia/Shanghai")["agreements"]
    assert [a["title"] for a in signed] == [
        "成渝地区双城经济圈职业教育协同发展合作协议(2022—2025年)"
    ]
