"""Investment projects signed at promotion events and signing sessions.

The corpus counts a project's investment agreement as a signed agreement (train 073, 115):
"A与B签约X项目,总投资N亿元" at a 推介会 or a 集中签约 is the event's news, whether told in a
sentence, a list ("签约项目名单:" with "A — B:…" lines, "本次签约的4个项目分别是:") or a
table under "项目名称 签约双方 协议投资". A total "今年以来累计签约项目41个" is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.agreements import recognise
from pipeline.normalise import normalise

PUBLISHED = date(2023, 5, 12)


def found(title: str, text: str) -> list[tuple[str | None, tuple[str, ...]]]:
    result = recognise(normalise(title), normalise(text), PUBLISHED)
    return [(a.title, a.parties) for a in result.agreements] if result.is_agreement else []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "内江在渝举办投资推介会 8个项目现场签约",
            "5月10日,内江(重庆)投资推介会在重庆举行。现场签约项目8个,总投资96亿元。其中,"
            "内江经开区管委会与重庆长鑫精密机械有限公司签约高端轴承生产项目,总投资22亿元;"
            "隆昌市人民政府与重庆渝川食品有限公司签约预制菜加工基地项目。",
            [
                (None, ("内江经开区管委会", "重庆长鑫精密机械有限公司")),
                (None, ("隆昌市人民政府", "重庆渝川食品有限公司")),
            ],
        ),
        (
            # the count right before does not make the pairs' projects "that contract again"
            "荣昌区重点项目集中签约",
            "5月10日,荣昌区重点项目集中签约活动举行,6个项目集中签约。"
            "荣昌高新区管委会与成都蓝海电子有限公司签约智能传感器项目,总投资15亿元。",
            [(None, ("荣昌高新区管委会", "成都蓝海电子有限公司"))],
        ),
        (
            # a firm whose name holds 明星 is no celebrity; a short name in brackets
            "渝北区招商推介会举行",
            "5月10日,渝北区经济和信息化委员会与成都启明星汽车电子有限公司签约智能座舱项目,"
            "总投资21亿元;彭山区与深圳市华冠新能源科技有限公司(以下简称华冠新能源)签约电解液项目。",
            [
                (None, ("渝北区经济和信息化委员会", "成都启明星汽车电子有限公司")),
                (None, ("彭山区", "深圳市华冠新能源科技有限公司")),
            ],
        ),
        (
            "广安举行合作项目推进会",
            "5月10日,川渝合作项目推进会在广安举行。会上,两地共集中签约5个合作项目。\n"
            "签约项目名单:\n"
            "1. 广安市人民政府 — 重庆市渝北区人民政府:《高竹新区共建重点事项合作协议》\n"
            "2. 邻水县人民政府 — 重庆渝广汽车零部件有限公司:新能源汽车零部件生产基地项目\n"
            "3. 广安市人民医院 — 重庆医科大学附属第二医院:紧密型医联体合作协议",
            [
                ("高竹新区共建重点事项合作协议", ("广安市人民政府", "重庆市渝北区人民政府")),
                (None, ("邻水县人民政府", "重庆渝广汽车零部件有限公司")),
                (None, ("广安市人民医院", "重庆医科大学附属第二医院")),
            ],
        ),
        (
            "我县3个项目在全市集中签约活动上签约",
            "5月10日,泸州市招商引资项目集中签约活动举行。我县共签约项目3个。\n"
            "我县本次签约的3个项目分别是:\n"
            "泸县人民政府与重庆渝泸智能装备有限公司签约的智能农机生产基地项目,协议投资12亿元;\n"
            "泸县方洞镇人民政府与泸州鑫禾农业开发有限公司签约的高粱种植基地项目,协议投资3亿元。",
            [
                (None, ("泸县人民政府", "重庆渝泸智能装备有限公司")),
                (None, ("泸县方洞镇人民政府", "泸州鑫禾农业开发有限公司")),
            ],
        ),
        (
            "永川区重点招商项目集中签约仪式举行",
            "5月10日,永川区重点招商项目集中签约仪式举行,此次共签约项目2个。\n"
            "签约项目如下:\n"
            "序号 项目名称 签约双方 协议投资(亿元)\n"
            "1 汽车零部件智能制造项目 永川高新区管委会 成都瑞驰汽车零部件有限公司 12.0\n"
            "2 川渝协同招商合作协议 永川区招商投资促进局 泸州市投资促进局 —\n"
            "据介绍,两个项目均与四川单位合作。",
            [
                (None, ("永川高新区管委会", "成都瑞驰汽车零部件有限公司")),
                (None, ("永川区招商投资促进局", "泸州市投资促进局")),
            ],
        ),
    ],
)
def test_projects_signed_at_the_event(
    title: str, text: str, expected: list[tuple[str | None, tuple[str, ...]]]
) -> None:
    assert sorted(found(title, text), key=str) == sorted(expected, key=str)


def test_a_count_of_projects_whose_sides_are_told_is_the_events_signing() -> None:
    result = recognise(
        "川渝联合赴深圳招商 现场签约项目39个",
        "11月18日,成渝地区双城经济圈(深圳)投资推介会在深圳举行。推介会现场,川渝两地政府与深圳企业"
        "集中签约项目39个、总投资872亿元。",
        PUBLISHED,
    )
    assert result.is_agreement
    assert [a.parties for a in result.agreements] == [("川渝两地政府", "深圳企业")]


@pytest.mark.parametrize(
    "text",
    [
        "今年以来,全市已累计签约项目41个,协议投资额达420亿元。下一步将推动签约项目早开工。",
        "一季度,我区新签约项目23个,协议总投资186亿元,川渝协同招商成效明显。",
        "截至目前,两地企业与园区已签约项目12个,正在加快建设。",
    ],
)
def test_totals_of_projects_report_no_signing(text: str) -> None:
    assert not recognise("招商引资工作情况", normalise(text), PUBLISHED).is_agreement


def test_a_count_as_the_subject_with_its_members_named_after() -> None:
    result = recognise(
        "川渝毗邻地区功能平台推进会召开",
        "7月30日,川渝毗邻地区功能平台推进会在遂宁召开。会上,12个合作协议集中签约,其中包括遂宁市"
        "人民政府与重庆市潼南区人民政府签署的《遂潼一体化发展先行区共建合作协议》,达州市人民政府与"
        "重庆市万州区人民政府签署的《万达开交通物流协同发展合作协议》等。",
        PUBLISHED,
    )
    assert result.is_agreement
    assert sorted((a.title, a.parties) for a in result.agreements) == [
        ("万达开交通物流协同发展合作协议", ("达州市人民政府", "重庆市万州区人民政府")),
        ("遂潼一体化发展先行区共建合作协议", ("遂宁市人民政府", "重庆市潼南区人民政府")),
    ]


def test_a_press_conference_on_an_agreement_signed_last_month_reports_none() -> None:
    text = (
        "1月9日,重庆市政府新闻办举行新闻发布会,重庆市交通运输委员会、四川省交通运输厅相关负责人"
        "介绍去年12月两地签署的《深化川渝交通运输一体化发展合作协议》有关情况,并回答记者提问。\n"
        "据介绍,2024年12月20日,四川省交通运输厅与重庆市交通运输委员会在成都签署《深化川渝交通"
        "运输一体化发展合作协议》。协议提出,三年内两地将共同推进铁路项目建设。"
    )
    result = recognise("新闻发布会解读川渝交通运输一体化合作协议", text, date(2025, 1, 10))
    assert not result.is_agreement
