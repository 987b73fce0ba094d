"""Recognition: hard negatives of every kind, and sectors from keyword evidence."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.agreements.clauses import Kind, find_clauses
from pipeline.agreements.sectors import article_text, choose_sectors
from pipeline.agreements.sentences import Sentence
from pipeline.normalise import normalise

PUBLISHED = date(2025, 6, 20)


def verdict(title: str, text: str) -> bool:
    return recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("联席会议召开", "6月19日,川南渝西融合发展联席会议在内江召开,审议通过了年度重点任务清单。"),
        ("座谈会", "铜梁区与安岳县举行座谈会,表示将尽快签署战略合作框架协议。"),
        ("对接会", "6月14日,成渝汽车产业供需对接会在成都举行,200余家企业参加。"),
        ("机制", "会议决定建立毗邻地区电力联防联调机制,实行日会商、周调度。"),
        ("纲要印发", "中共中央、国务院印发了《成渝地区双城经济圈建设规划纲要》。"),
        ("预案印发", "两地联合印发《川渝跨省流域突发水污染事件联合应急预案》。"),
        ("宣言", "两地文旅部门共同发布《巴蜀文化旅游走廊宣言》。"),
        ("拟签署", "广安市与重庆市渝北区拟于本月下旬签署《广安渝北同城化发展合作协议》。"),
        ("将签署", "乐山市与重庆市綦江区将于下月在乐山签署《乐綦合作框架协议》。"),
        ("起草", "双方成立起草组,研究制定《川渝科技创新合作协议》。"),
        ("计划签约", "成都市与重庆市相关部门计划在本月底集中签约一批合作项目。"),
        ("论文", "摘要:本文梳理了川渝两地政府间签署合作协议的演进特征。\n关键词:府际合作"),
        ("发布会", "五年来两地各部门累计签署合作协议800余份,共同实施重大项目300余个。"),
        ("数字", "泸州与重庆已签下不少于30个合作协议。"),
        ("合同", "6月2日,长安汽车与璧山区5家企业签订采购合同,金额约2.3亿元。"),
        ("赔偿", "几方协商一致,按照责任签订了赔偿协议。"),
        ("历史", "文化节源于2020年大足区与安岳县签署的《大足安岳文化旅游合作协议》。"),
        ("尚未", "遂宁市与重庆市潼南区合作协议尚未签署。"),
        ("共识", "双方就签署交通一体化合作协议达成共识。"),
        ("此后", "在签订合作协议后,两地已互派干部12名。"),
        ("总河长令", "3月21日,江北区区长签署第1号总河长令。"),
    ],
)
def test_hard_negatives(title: str, text: str) -> None:
    assert not verdict(title, text)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("双方签署《合作协议》。", Kind.SIGNED),
        ("双方拟签署《合作协议》。", Kind.NOT_YET),
        ("两地累计签署合作协议252份。", Kind.COUNT),
        ("合作协议签订不到1个月,成效初显。", Kind.REFERENCE),
        ("早在2019年,两地曾签署《合作协议》。", Kind.PAST),
        ("俱乐部与外援正式签约。", Kind.NO_DOCUMENT),
        ("市委书记会见华为公司客人一行,并见证双方签约。", Kind.CEREMONY),
    ],
)
def test_clause_kinds(sentence: str, kind: Kind) -> None:
    (clause,) = find_clauses(Sentence(sentence, 0, 0))
    assert clause.kind is kind


def test_traditional_script_after_normalise() -> None:
    text = "8月20日,重慶市萬州區人民政府與四川省達州市人民政府簽署《萬達開共建合作協議》。"
    result = recognise("", normalise(text), date(2025, 8, 21))
    assert [a.title for a in result.agreements] == ["万达开共建合作协议"]


def test_unbalanced_bracket_signs_without_a_title() -> None:
    text = (
        "4月15日,南充市人民政府与重庆市垫江县人民政府签署"
        "《南充垫江全面战略合作协议,双方将深化合作。"
    )
    (found,) = recognise("", text, PUBLISHED).agreements
    assert found.title is None
    assert found.signed_on == "2025-04-15"


@pytest.mark.parametrize(
    ("doc", "parties", "context", "expected"),
    [
        ("城市综合管理领域战略合作协议", [], "联合整治污水", ("urban",)),
        (
            "“同饮一江水”保护长江行动协议书",
            ["共青团永川区委"],
            "",
            ("environment", "civil_society"),
        ),
        ("合作协议", ["北碚区", "绵阳市"], "围绕八大领域开展合作", ("comprehensive",)),
        ("合作协议", ["泸州市数字经济发展局"], "", ("digital",)),
        (
            "区域合作框架协议",
            ["吉安镇"],
            "在基础设施、康养旅游、产业协同、生态环境、教育、医疗、金融、农业等领域合作",
            ("comprehensive",),
        ),
        ("全面战略合作协议", ["成都市", "宜宾市"], "双方将全面深化合作", ("comprehensive",)),
        # A firm's (a school's, a hospital's) "全面战略合作" is in its own fields.
        (
            "全面战略合作协议",
            ["宜宾市人民政府", "中国铁建股份有限公司"],
            "双方将全面深化合作,共同推进轨道交通和高速公路建设",
            ("transport",),
        ),
        (
            "全面战略合作协议",
            ["宜宾市人民政府", "泸州市人民政府"],
            "双方将全面深化合作,共同推进轨道交通和高速公路建设",
            ("comprehensive",),
        ),
        # The party's kind: a bank is finance (农业银行 is no 农业), a university brings
        # research beside teaching where a department of education does not.
        (
            "战略合作协议",
            ["达州市人民政府", "中国农业银行四川省分行"],
            "双方将深化合作",
            ("finance",),
        ),
        (
            "战略合作协议",
            ["北碚区人民政府", "西南大学"],
            "双方将在人才培养、科研合作等方面深化校地合作",
            ("innovation", "education"),
        ),
        ("合作协议", ["我校", "宜宾市人民政府"], "双方将深化合作", ("education",)),
        # a university's hospital is a hospital
        ("合作协议", ["华蓥市人民政府", "重庆医科大学附属第一医院"], "", ("health",)),
        # places with no word for any field cooperate in general
        ("区域合作框架协议", ["古蔺县", "重庆市綦江区"], "", ("comprehensive",)),
        ("协议", ["古蔺县", "重庆市綦江区"], "", ("comprehensive",)),
        (
            "战略合作协议",
            ["北碚区人民政府", "北碚区教委"],
            "双方将在人才培养、科研合作等方面深化校地合作",
            ("education",),
        ),
    ],
)
def test_sectors(doc: str, parties: list[str], context: str, expected: tuple[str, ...]) -> None:
    assert choose_sectors(doc, parties, context) == expected


def test_a_few_fields_listed_are_the_agreements_fields_not_general_cooperation() -> None:
    found = choose_sectors(
        "区域合作框架协议", ["吉安镇"], "双方将在生态环境保护、污染防治等方面开展战略合作"
    )
    assert "environment" in found
    assert "comprehensive" not in found


def test_the_sectors_read_no_site_menu_breadcrumb_or_footer() -> None:
    body = (
        "首页 | 新闻中心 | 政务公开 | 政务服务 | 互动交流\n当前位置:首页 > 新闻中心 > 要闻动态\n"
        "9月1日,金川集团与兰石集团签署战略合作协议,双方将在装备制造、新材料等方面深化合作。\n"
        "【打印本页】【关闭窗口】\n主办单位:某某市人民政府办公室 版权所有\n蜀ICP备12345678号\n"
    )
    assert article_text("金川集团与兰石集团签约", body) == (
        "金川集团与兰石集团签约\n"
        "9月1日,金川集团与兰石集团签署战略合作协议,双方将在装备制造、新材料等方面深化合作。\n"
    )
