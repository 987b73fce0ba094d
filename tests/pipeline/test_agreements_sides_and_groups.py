"""Who the sides are and where, what was signed now: groups, witnesses, remarks, timelines.

- "A与渝西九区商务委签署…": nine districts, not A's and 渝西's (a count that is not the
  number of places listed before it distributes nothing); the places are those the article
  lists for the group ("渝西地区包括…").
- "双方二级学院还签订了…": the two schools' colleges, where the two schools are.
- "四川省林业和草原局副局长某、重庆市林业局副局长某代表双方签字": 和 inside a name.
- "一行见证了A医院与B医院心血管内科专科联盟合作协议签约": the signing witnessed.
- "签了协议心里踏实", a resident's remark on house expropriation: nothing signed by bodies.
- "…集团是一家总部位于云南昆明的…企业": a firm placed where its short name says; "总部
  位于成都的四川…公司" by the clause before its name; "集团公司总部位于成都" for the site's own.
- "举行…签约仪式,双方将在…深化合作": held; "A还将与B签署《…》,与C签署…": both to come.
- A review's dated timeline of signings ends in the past, its latest entry too.
- "万州区委书记、达州市委书记、开州区委书记出席…。会上,三地签署了…": those three places.
- "两校同为…名校": 同 says both, not with.
- Outlets abroad: "A(English name)今日(2日)在P与B签署", "A21日与B": when and where are no
  party; "十三日下午" is the 13th; "后续不排除再与…签署" is to come; "除签署备忘录外" is the
  signing told before; "A(厂商会)组织访问团赴…,并与B签署": A signs; "一行8人5/10访问" is
  May 10th; a headline's short "签…备忘录" tells a signing, not an anniversary's review.
- "两市在昭阳区召开协同发展座谈会,毕节市与昭通市签署": 协同 holds no 同 pairing a meeting.
- "A局,B局,C局在合川召开…,三方共同签订了…": a list typed with commas.
- "成都大学(成大)与香港都会大学": a short name in brackets before the partner goes; a fund
  ("香港心苗助学基金") is a body.
- "三省生态环境部门…签署《…》。…协议由A厅、B厅和C厅共同签署": the bodies named after.
- "A与韩国…堤川市(Jecheon City)友好交流合作意向书签署仪式…举行。县委副书记、县长某与…分别
  代表双方签署": the sides the ceremony names, not "县委"; places abroad end in 郡, 府.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.agreements.parties import split_parties
from pipeline.normalise import normalise

PUBLISHED = date(2024, 9, 8)


def read(title: str, text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    result = recognise(normalise(title), normalise(text), PUBLISHED)
    return [(a.parties, a.regions) for a in result.agreements] if result.is_agreement else []


def test_a_counted_group_is_the_places_the_article_lists_for_it() -> None:
    found = read(
        "德阳市文广旅局与渝西九区文旅委签署合作协议",
        "9月5日,德阳市文化广播电视和旅游局与渝西九区文旅委签署《德阳 渝西文旅协同发展合作协议》。"
        "渝西地区包括重庆市永川区、江津区、合川区、綦江区、大足区、璧山区、铜梁区、潼南区、荣昌区,"
        "是成渝中部的重要板块。根据协议,双方将互推旅游线路。",
    )
    districts = ["永川区", "江津区", "合川区", "綦江区", "大足区", "璧山区", "铜梁区"]
    districts += ["潼南区", "荣昌区"]
    assert found == [
        (
            ("德阳市文化广播电视和旅游局", "渝西九区文旅委"),
            ("四川省德阳市", *(f"重庆市{d}" for d in districts)),
        )
    ]


def test_both_sides_colleges_are_the_two_schools_own_where_they_are() -> None:
    found = read(
        "我校与重庆三峡学院签订战略合作协议",
        "11月4日,四川文理学院与重庆三峡学院战略合作签约仪式在重庆三峡学院举行。"
        "仪式上,两校校长代表双方签署《战略合作协议》。双方二级学院还签订了4项专项合作协议。",
    )
    assert found == [
        (("四川文理学院", "重庆三峡学院"), ("四川省达州市", "重庆市万州区")),
        (("双方二级学院",), ("四川省达州市", "重庆市万州区")),
    ]


def test_a_bureau_whose_name_holds_he_is_one_signer() -> None:
    found = read(
        "川渝林业部门签署协作备忘录",
        "11月3日,川渝林长制协作推进会在广安召开。会上,川渝两省市林业部门签署《川渝林长制协作备忘录》,"
        "双方将建立跨界林区联防联治、联合巡护、信息共享机制。"
        "四川省林业和草原局副局长张华、重庆市林业局副局长李强代表双方签字。\n"
        "同时,广安市林业局分别与合川区林业局、长寿区林业局签订《森林草原防灭火联防联控协议》。",
    )
    assert found[0] == (("四川省林业和草原局", "重庆市林业局"), ("四川省", "重庆市"))


def test_a_firm_is_placed_where_its_short_name_says_its_headquarters_are() -> None:
    found = read(
        "马边与云南白草药业集团签署合作协议",
        "9月6日,马边彝族自治县人民政府与云南白草药业集团股份有限公司签署《中药材产业发展战略合作协议》。"
        "白草药业集团是一家总部位于云南昆明的中药材加工企业。",
    )
    assert found == [
        (
            ("马边彝族自治县人民政府", "云南白草药业集团股份有限公司"),
            ("四川省乐山市马边彝族自治县", "云南省昆明市"),
        )
    ]


def test_an_own_firm_is_where_the_article_puts_its_headquarters() -> None:
    result = recognise(
        normalise("集团公司与内江、自贡两地政府签署战略合作协议"),
        normalise(
            "9月22日,城市建设合作交流会在内江举行。交流会上,集团公司分别与内江市人民政府、"
            "自贡市人民政府签署战略合作协议。集团公司总部位于成都,是以城市建设为主业的国有企业。"
        ),
        PUBLISHED,
        site="四川蓉城建工集团有限公司",
    )
    assert [a.regions for a in result.agreements] == [
        ("四川省成都市", "四川省内江市"),
        ("四川省成都市", "四川省自贡市"),
    ]


def test_a_firm_is_where_the_clause_before_its_name_puts_it() -> None:
    found = read(
        "射洪锂电产业项目推介会在成都举行",
        "11月5日,射洪市锂电产业投资推介会在成都举行,现场签约项目6个。其中,射洪经济技术开发区"
        "管理委员会与总部位于成都的四川华鑫锂能科技有限公司签订年产5万吨锂电正极材料项目投资协议。",
    )
    assert [regions for _, regions in found] == [("四川省遂宁市射洪市", "四川省成都市")]


def test_three_places_that_sign_are_those_their_leaders_were_named_for() -> None:
    found = read(
        "示范区联席会议召开",
        "9月7日,示范区第四次联席会议在达州召开。万州区委书记、达州市委书记、开州区委书记出席会议"
        "并讲话。会上,三地签署了《生态环境联防联控联治合作协议》等6项合作协议。",
    )
    assert found == [
        (("万州区", "达州市", "开州区"), ("重庆市万州区", "四川省达州市", "重庆市开州区"))
    ]


def test_both_being_something_is_no_pair() -> None:
    # "两校同为…名校": 同 as "both", not as "with"
    assert split_parties("两校同为川渝两地具有百年办学历史的名校")[0] == [
        "两校同为川渝两地具有百年办学历史的名校"
    ]
    assert split_parties("江北中学同广安友谊中学")[0] == ["江北中学", "广安友谊中学"]
    found = read(
        "江北中学与广安友谊中学结为教育共同体",
        "4月11日,重庆市江北中学校与四川省广安友谊中学签约仪式在我校举行。\n"
        "陈刚在致辞中表示,两校同为川渝两地具有百年办学历史的名校,此次结为教育共同体意义重大。\n"
        "随后,陈刚与杨学军代表两校签订《川渝教育共同体合作协议》。",
    )
    assert [parties for parties, _ in found] == [("重庆市江北中学校", "四川省广安友谊中学")]


def test_a_signing_not_ruled_out_or_told_as_besides_is_not_this_events() -> None:
    assert (
        read(
            "台商考察团赴川考察",
            "考察团与成都经开区座谈时,双方达成初步合作意向,他强调,后续不排除再与园区签署合作意向书。",
        )
        == []
    )
    found = read(
        "台湾观光协会访成都",
        "台湾观光协会与四川省旅游协会9日在成都签署旅游交流合作备忘录。"
        "交流团一行于7日抵达成都,除签署备忘录外,也参访了成都大熊猫繁育研究基地。",
    )
    assert [parties for parties, _ in found] == [("台湾观光协会", "四川省旅游协会")]


def test_a_day_in_numerals_dates_the_signing() -> None:
    result = recognise(
        normalise("川澳签经贸合作备忘录"),
        normalise(
            "四川省经济合作局与澳门贸易投资促进局十三日下午在澳门签署《川澳经贸合作备忘录》。"
        ),
        date(2025, 3, 14),
    )
    assert [a.signed_on for a in result.agreements] == ["2025-03-13"]


def test_an_outlet_abroad_writes_the_day_with_a_slash_and_signs_with_a_short_sign() -> None:
    result = recognise(
        normalise("成都侨联访洛 与南加四川同乡会签MOU"),
        normalise(
            "成都市归国华侨联合会代表团一行8人5/10访问洛杉矶,当天下午在圣盖博市一家川菜馆与"
            "南加州四川同乡会签署合作备忘录(MOU)。"
        ),
        date(2025, 5, 11),
    )
    assert [(a.parties[-1], a.signed_on) for a in result.agreements] == [
        ("南加州四川同乡会", "2025-05-10")
    ]


def test_an_anniversary_is_the_occasion_of_a_signing_a_short_headline_tells() -> None:
    found = read(
        "重庆西雅图结好40周年 两地友好组织签合作备忘录",
        "为纪念重庆市与西雅图市缔结友好城市40周年,重庆市人民对外友好协会代表团12日访问西雅图。"
        "签约仪式在西雅图市中心一家酒店举行。重庆市人民对外友好协会副会长许文静与华盛顿州中国关系"
        "理事会会长Joseph Miller代表双方签字。",
    )
    assert ("重庆市人民对外友好协会", "华盛顿州中国关系理事会") in [parties for parties, _ in found]


@pytest.mark.parametrize(
    ("title", "text", "parties"),
    [
        pytest.param(
            "协作会议召开",
            "9月5日,遂宁市经济合作局与渝西九区经济合作部门签署《区域招商协作协议》。",
            [("遂宁市经济合作局", "渝西九区经济合作部门")],
            id="a_count_that_does_not_match_the_places_is_not_spread_over_them",
        ),
        pytest.param(
            "市领导调研卫生健康工作",
            "7月3日,副市长王丽带队调研卫生健康工作。在仁寿县人民医院,王丽一行见证了仁寿县"
            "人民医院与重庆医科大学附属第一医院神经内科专科联盟合作协议签约。随后,王丽察看了"
            "家庭医生签约服务开展情况。",
            [("仁寿县人民医院", "重庆医科大学附属第一医院")],
            id="a_signing_witnessed_on_an_inspection_tour_is_reported",
        ),
        pytest.param(
            "龙桥街道老城片区城市更新项目征收签约率突破九成",
            "记者从区住房城乡建委获悉,截至9月5日,龙桥街道老城片区城市更新项目已完成房屋征"
            "收签约326户,签约率达到93.2%。\n项目启动以来,区住房城乡建委、龙桥街道按"
            "照《国有土地上房屋征收与补偿实施细则》,坚持阳光征收,补偿标准、签约进度全程公示"
            "。\n“补偿标准公开透明,签了协议心里踏实。”居民张大爷在签订房屋征收补偿协议后说"
            ",他家选择了货币补偿。\n为加快签约进度,街道组建了8个入户工作组,逐户上门宣讲政"
            "策。",
            [],
            id="a_residents_remark_on_an_expropriation_contract_is_no_signing",
        ),
        pytest.param(
            "成渝两地轨道集团签署战略合作协议",
            "4月26日,成都轨道交通集团有限公司与重庆市轨道交通(集团)有限公司以视频连线方"
            "式举行战略合作协议签约仪式,双方将在规划建设、运营服务等方面深化合作。",
            [("成都轨道交通集团有限公司", "重庆市轨道交通(集团)有限公司")],
            id="a_ceremony_held_is_signed_whatever_the_sides_will_do_next",
        ),
        pytest.param(
            "投资推介会将于下周举行",
            "5月9日,记者从市投资促进局获悉,投资推介会将于5月16日在资阳举行。推介会期间"
            ",资阳市人民政府还将与重庆市大足区人民政府签署《资大文旅融合发展示范区深化合作协"
            "议》,与中国民航大学签署战略合作协议。",
            [],
            id="the_next_partner_of_a_signing_to_come_is_to_come_too",
        ),
        pytest.param(
            "五年携手共进 川渝合作结出累累硕果",
            "五年来,川渝两省市合作机制从无到有。\n2022年6月17日,川渝医保部门签署《川"
            "渝医疗保障一体化合作框架协议》;\n2023年9月,两地经济和信息化部门签署《川渝"
            "电子信息产业协同发展合作协议》;\n2024年8月28日,川渝数据管理部门在成都签"
            "署《川渝数据要素流通合作协议》……\n据不完全统计,五年来川渝累计签署各类合作协议"
            "900余份。",
            [],
            id="a_reviews_timeline_ends_in_the_past_too",
        ),
        pytest.param(
            "机管局与四川省机场集团签备忘录",
            "香港机场管理局(Airport Authority Hong Kong)今日(2"
            "日)在成都天府国际机场与四川省机场集团有限公司签署合作备忘录。香港贸易发展局21"
            "日与贵州省商务厅签署合作备忘录。",
            [("香港机场管理局", "四川省机场集团有限公司"), ("香港贸易发展局", "贵州省商务厅")],
            id="outlets_abroad_tell_when_and_where_between_the_parties",
        ),
        pytest.param(
            "厂商会与重庆潼南签战略合作协议",
            "日前,香港中华厂商联合会(厂商会)组织访问团赴重庆市潼南区考察,并与重庆市潼南区"
            "人民政府签署战略合作协议。",
            [("香港中华厂商联合会", "重庆市潼南区人民政府")],
            id="a_visitor_who_organised_the_visit_signs",
        ),
        pytest.param(
            "毕节昭通签署协同发展合作框架协议",
            "9月8日,贵州省毕节市党政代表团到昭通考察,两市在昭阳区召开协同发展座谈会,毕节"
            "市与昭通市签署《毕节市 昭通市协同发展合作框架协议》。",
            [("毕节市", "昭通市")],
            id="a_meeting_on_coordinated_development_is_no_party_before_the_signers",
        ),
        pytest.param(
            "南充广安合川三地签协议 联手治理嘉陵江",
            "9月16日,南充市生态环境局,广安市生态环境局,重庆市合川区生态环境局在合川召开"
            "嘉陵江流域跨界水污染联防联控工作会,三方共同签订了《嘉陵江流域跨界水污染联防联控"
            "合作协议》。",
            [("南充市生态环境局", "广安市生态环境局", "重庆市合川区生态环境局")],
            id="three_sides_listed_with_commas",
        ),
        pytest.param(
            "合建智慧交通联合实验室",
            "成都大学(成大)与香港都会大学今日(15日)在成都签署合作备忘录,双方将共建智慧交通联"
            "合实验室。",
            [("成都大学", "香港都会大学")],
            id="a_short_name_in_brackets_before_the_partner",
        ),
        pytest.param(
            "港基金援建曲山镇图书室",
            "香港心苗助学基金当日在四川北川与北川羌族自治县曲山镇人民政府签署合作协议,基金将投入"
            "300万港元建设图书室。",
            [("香港心苗助学基金", "北川羌族自治县曲山镇人民政府")],
            id="a_fund_is_a_body",
        ),
        pytest.param(
            "滇黔川签署赤水河流域生态补偿新协议",
            "云南、贵州及四川三省生态环境部门14日在贵州仁怀签署《赤水河流域横向生态保护补偿协议"
            "(2025—2027年)》,三省每年共同出资2亿元。\n据介绍,协议由云南省生态环境厅、贵州省生态"
            "环境厅和四川省生态环境厅共同签署。",
            [("云南省生态环境厅", "贵州省生态环境厅", "四川省生态环境厅")],
            id="sides_named_by_kind_then_by_name",
        ),
        pytest.param(
            "秀山与韩国堤川市签署友好交流合作意向书",
            "9月5日,秀山土家族苗族自治县人民政府与韩国忠清北道堤川市(Jecheon City)友好交流合作意"
            "向书签署仪式在秀山举行。县委副书记、县长杨清与堤川市长金昌奎(Kim Chang-gyu)分别代表"
            "双方签署意向书。",
            [("秀山土家族苗族自治县人民政府", "韩国忠清北道堤川市")],
            id="a_ceremony_names_the_sides_its_signers_stood_for",
        ),
        pytest.param(
            "大足与泰国春武里府建立友好交流关系",
            "9月5日,大足区与泰国春武里府(Chonburi Province)建立友好交流关系备忘录签署仪式在大足举"
            "行。区委副书记、区长刘军与春武里府副府尹颂猜·汶玛(Somchai Boonma)分别代表双方在备忘"
            "录上签字。",
            [("大足区", "泰国春武里府")],
            id="a_province_abroad_and_a_signer_read_as_his_organ",
        ),
    ],
)
def test_who_signed(title: str, text: str, parties: list[tuple[str, ...]]) -> None:
    """The parties of each agreement read, or none when nothing was signed here."""
    assert [found for found, _ in read(title, text)] == parties
