"""Parties: list splitting, names containing 与/和, distributed departments."""

from __future__ import annotations

import pytest

from pipeline.agreements import recognise
from pipeline.agreements.parties import (
    bodies_of,
    clean_subject,
    expand_both,
    split_parties,
    title_parties,
    without_post,
)
from pipeline.normalise import normalise

LUZHOU_BUREAUS = ["重庆市江津区生态环境局", "重庆市永川区生态环境局", "重庆市荣昌区生态环境局"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (
            "泸州市口岸与物流办公室与重庆市涪陵区物流办公室",
            ["泸州市口岸与物流办公室", "重庆市涪陵区物流办公室"],
        ),
        (
            "泸州市经济和信息化局与重庆市永川区经济和信息化委员会",
            ["泸州市经济和信息化局", "重庆市永川区经济和信息化委员会"],
        ),
        (
            "泸州市生态环境局分别与重庆市江津区、永川区、荣昌区生态环境局",
            ["泸州市生态环境局", *LUZHOU_BUREAUS],
        ),
        ("共青团永川区委、共青团泸州市委", ["共青团永川区委", "共青团泸州市委"]),
        ("泸州市与永川区两地政府", ["泸州市政府", "永川区政府"]),
        (
            "成都、德阳、眉山、资阳四市政府",
            ["成都市政府", "德阳市政府", "眉山市政府", "资阳市政府"],
        ),
        ("甲方泸州市人民政府与乙方永川区人民政府", ["泸州市人民政府", "永川区人民政府"]),
        ("舟山市普陀区还分别与万源市白果坪村", ["舟山市普陀区", "万源市白果坪村"]),
        ("重庆港务物流集团与万州区政府等5个主体", ["重庆港务物流集团", "万州区政府"]),
        # A bare place name is a party of its own, not the head of a longer name; the
        # reporter's count closes the list.
        (
            "雅安与四川农业大学、成都中医药大学、四川旅游学院三所高校",
            ["雅安", "四川农业大学", "成都中医药大学", "四川旅游学院"],
        ),
        ("泸州市口岸与物流办公室", ["泸州市口岸与物流办公室"]),
        (
            "重庆市永川区吉安镇等西部六镇与泸县立石镇等东部五镇",
            ["重庆市永川区吉安镇等西部六镇", "泸县立石镇等东部五镇"],
        ),
    ],
)
def test_split_parties(subject: str, expected: list[str]) -> None:
    assert split_parties(subject) == (expected, False)


def test_missing_first_party_is_flagged() -> None:
    assert split_parties("与万州") == (["万州"], True)


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        ("●5月27日泸州市妇联与重庆市永川区妇联", "泸州市妇联与重庆市永川区妇联"),
        ("北碚区招商投资促进局与绵阳市经济合作局在北碚", "北碚区招商投资促进局与绵阳市经济合作局"),
        ("北碚区生态环境局与绵阳市生态环境局又", "北碚区生态环境局与绵阳市生态环境局"),
        ("会上双方生态环境局共同", "双方生态环境局"),
    ],
)
def test_clean_subject(left: str, expected: str) -> None:
    assert clean_subject(left) == expected


def test_both_sides_take_the_places_named() -> None:
    assert expand_both("双方妇联", ["北碚区", "绵阳市"]) == ["北碚区妇联", "绵阳市妇联"]
    assert expand_both("泸州市妇联", ["北碚区"]) == ["泸州市妇联"]


def test_sentence_subject_fills_a_missing_first_party() -> None:
    text = "今年以来,重庆两江新区聚焦产业协同,并与万州区签署《对口协同发展2021年度工作协议》。"
    (found,) = recognise("", normalise(text), None).agreements
    assert found.parties == ("重庆两江新区", "万州区")


def test_passive_title_first() -> None:
    text = (
        "12月2日,由四川省地方金融管理局与重庆市地方金融管理局共同推动的"
        "《共建西部金融中心合作协议》在成都正式签署。"
    )
    (found,) = recognise("", normalise(text), None).agreements
    assert found.title == "共建西部金融中心合作协议"
    assert found.parties == ("四川省地方金融管理局", "重庆市地方金融管理局")


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        ("08四川省水利厅和重庆市水利局21日", "四川省水利厅和重庆市水利局"),  # clock and day
        ("北京和天津市周三", "北京和天津市"),
    ],
)
def test_clean_subject_drops_time_around_parties(left: str, expected: str) -> None:
    assert clean_subject(left) == expected


def test_people_sign_for_the_bodies_before_their_posts() -> None:
    assert without_post("蓬安县检察院党组书记") == "蓬安县检察院"
    assert without_post("市长") == "市长"  # no body before the post: left alone
    parties, _ = split_parties("山东省教育厅厅长齐涛和济南市人民政府副市长邹世平")
    assert parties == ["山东省教育厅", "济南市人民政府"]
    # a county named 某县 has a 县委 and a 县长
    assert bodies_of("重庆文理学院党委副书记、校长李向东,泸县县委副书记、县长杨思远") == [
        "重庆文理学院",
        "泸县",
    ]
    assert bodies_of("梁平区委副书记、区长刘勇") == ["梁平区"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "重庆市奉节县人民检察院 四川省蓬安县人民检察院关于加强检察协作友好共建的框架协议",
            ["重庆市奉节县人民检察院", "四川省蓬安县人民检察院"],
        ),
        ("共青团内江市委与共青团荣昌区委青年发展合作协议", ["共青团内江市委", "共青团荣昌区委"]),
        (
            "四川省公安厅重庆市公安局服务成渝地区双城经济圈建设22条",  # joined without a space
            ["四川省公安厅", "重庆市公安局"],
        ),
        ("成都市宜宾市全面合作协议", ["成都市", "宜宾市"]),
        (
            "重庆市江津区人民政府 广西壮族自治区钦州市人民政府西部陆海新通道合作框架协议",
            ["重庆市江津区人民政府", "广西壮族自治区钦州市人民政府"],  # 政府 ends the name
        ),
        ("吴兴区 恩阳区东西部协作2021年度合作框架协议", ["吴兴区", "恩阳区"]),  # 西部 is no 部
        ("推进沿江开放发展战略合作协议", []),  # names no party
        ("川渝交通一体化合作协议", []),
    ],
)
def test_parties_named_by_the_document(title: str, expected: list[str]) -> None:
    assert title_parties(title) == expected
