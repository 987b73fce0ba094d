"""Signing words that report no signing at the page's event, and a few that do.

Found by the held-out rounds 35-37 (late-hc … late-hn): "去年3月18日" is last year's day; a
legal explainer asks and generalises; a notice instructs borrowers how to sign;
a cancelled event's programme lists what would have been signed; an agreement is ended; a
rumour is denied. "经过前期多轮对接" dates the talks, not the signing.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.agreements.dates import find_dates
from pipeline.normalise import normalise

PUBLISHED = date(2021, 3, 22)


def test_a_day_of_last_year_is_last_years() -> None:
    def day(text: str) -> date:
        found = next(d for _, d in find_dates(text, PUBLISHED))
        assert found is not None
        return found.as_date()

    assert day("去年3月18日,两地签署") == date(2020, 3, 18)
    assert day("前年12月5日") == date(2019, 12, 5)
    assert day("3月18日") == date(2021, 3, 18)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "荣隆“云签约”一周年:37项合作事项完成过半",
            "去年3月18日,荣昌区人民政府与隆昌市人民政府以“云签约”方式签署《荣昌隆昌协同发展战略"
            "合作框架协议》,两地相关部门同步签订《荣隆生猪产业协同发展合作协议》。3月19日,两地召开"
            "联席会议,审议通过了《荣隆协同发展2021年工作要点》。",
        ),
        (
            "战略合作框架协议有法律效力吗?",
            "在商业合作中,很多企业和政府部门之间、企业与企业之间会先签订一份战略合作框架协议,再就"
            "具体项目签订正式合同。\n二、签订战略合作框架协议应注意哪些问题?\n1.明确协议性质。",
        ),
        (
            "川渝住房公积金异地还贷服务上线",
            "二、办理方式。借款人可在贷款发放后,与我中心签订《住房公积金异地委托扣划还贷协议》。",
        ),
        (
            "川渝高竹新区:一条界线两边“同城”",
            "2020年12月,川渝两省市政府批复同意设立川渝高竹新区。次年,渝北区与邻水县签署《川渝高竹"
            "新区建设合作框架协议》,明确了共建原则。如今,新区已引进企业200余家。",
        ),
        (
            "荣昌区文化旅游委2024年工作亮点回顾",
            "一、川渝文旅合作再深化。3月21日,荣昌区文化旅游委与泸县文化广播电视和旅游局签署《荣泸"
            "文旅融合发展合作协议》,联合推出美食文化游线路。",
        ),
        (
            "签了那么多协议,川渝合作如何从“纸上”到“地上”?",
            "打开两地的新闻客户端,几乎每周都能看到某某区县与某某市、某某部门与某某部门“签署战略合作"
            "协议”的消息。",
        ),
        (
            "关于取消“南充—重庆经贸合作推介会暨项目签约仪式”的通知",
            "原定于2020年2月7日举办的推介会取消举办。原活动议程中安排的南充市人民政府与重庆市渝北区"
            "人民政府《经贸合作框架协议》签署等环节同时取消,后续是否重新举办另行研究。",
        ),
        (
            "恩阳区依法处置一宗闲置工业用地",
            "近日,巴中市恩阳区与重庆渝恩机械制造有限公司签订《解除投资协议书》,依法收回闲置土地。",
        ),
        (
            "关于网传“永川区与某新能源车企签约百亿项目”的情况说明",
            "近日,有自媒体发布文章,称“永川区与某新能源汽车企业签订投资合作协议,项目总投资100亿元”,"
            "引发社会关注。经核实,双方仅进行了初步接洽,未签署任何合作协议。",
        ),
    ],
)
def test_no_signing_at_this_event(title: str, text: str) -> None:
    assert not recognise(normalise(title), normalise(text), PUBLISHED).is_agreement


def test_talks_before_the_signing_do_not_date_it() -> None:
    result = recognise(
        "泸县赴粤招商签下两个制造业项目",
        "4月18日下午,考察组来到东莞市凯升精密模具有限公司。经过前期多轮对接,泸县经济开发区管委会"
        "与东莞市凯升精密模具有限公司签订精密模具生产项目投资协议。",
        date(2024, 4, 20),
    )
    assert [a.parties for a in result.agreements] == [
        ("泸县经济开发区管委会", "东莞市凯升精密模具有限公司")
    ]


def test_last_years_day_without_the_pages_date_is_background() -> None:
    text = (
        "去年3月18日,荣昌区人民政府与隆昌市人民政府签署《荣昌隆昌协同发展战略合作框架协议》,两地"
        "相关部门同步签订《荣隆生猪产业协同发展合作协议》。3月19日,两地召开联席会议。"
    )
    assert not recognise("荣隆合作一周年", normalise(text), None).is_agreement


def test_a_deck_counting_the_documents_named_below_adds_none() -> None:
    result = recognise(
        "巴蜀文化旅游走廊专项工作组会议召开",
        "川渝文旅部门签署两项合作文件\n9月28日,专项工作组第三次会议在重庆召开。会上,四川省文化和"
        "旅游厅与重庆市文化和旅游发展委员会签署了《巴蜀文化旅游走廊文化市场综合执法协作协议》和"
        "《川渝公共文化服务一体化合作备忘录》。",
        PUBLISHED,
    )
    assert sorted(a.title or "" for a in result.agreements) == [
        "川渝公共文化服务一体化合作备忘录",
        "巴蜀文化旅游走廊文化市场综合执法协作协议",
    ]
