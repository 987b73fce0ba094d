"""The national gazetteer: every division of China, precision outside 川渝, group mentions."""

from __future__ import annotations

import glob
from collections import Counter
from pathlib import Path

import pytest

from pipeline.gazetteer import (
    counties_of,
    division,
    expand_group,
    find_divisions,
    group_members,
    is_chengyu,
    lookup,
    resolve_party,
    towns_in,
)
from pipeline.gazetteer.index import gazetteer

SHARED = Path(__file__).resolve().parents[3] / "shared"


def _names(text: str) -> list[str]:
    return [d.full_name for _, _, d in find_divisions(text)]


def _groups(text: str) -> list[tuple[str, list[str]]]:
    return [(text[s:e], [d.full_name for d in m]) for s, e, m in expand_group(text)]


def test_every_prefecture_and_county_of_china() -> None:
    levels = Counter(d.level for d in gazetteer().by_code.values())
    assert levels["prefecture"] == 333
    assert levels["county"] > 2800
    assert division("540600").full_name == "西藏自治区那曲市"  # 2017: 那曲地区 → 那曲市
    assert division("370116").full_name == "山东省济南市莱芜区"  # 2019: 莱芜市 → 济南
    assert "371200" not in gazetteer().by_code


@pytest.mark.parametrize(
    ("name", "full_name"),
    [
        ("兰州", "甘肃省兰州市"),
        ("拉萨", "西藏自治区拉萨市"),
        ("遵义", "贵州省遵义市"),
        ("南宁", "广西壮族自治区南宁市"),
        ("阿里", "西藏自治区阿里地区"),
        ("兴安", "内蒙古自治区兴安盟"),
        ("黔东南", "贵州省黔东南苗族侗族自治州"),
        ("仙桃市", "湖北省仙桃市"),  # 省直辖 county-level city
        ("海淀区", "北京市海淀区"),
        ("甘肃省兰州市", "甘肃省兰州市"),  # a full name is a name too
        ("西藏自治区拉萨市城关区", "西藏自治区拉萨市城关区"),
        # county-level changes of 2016-2023 outside 川渝 (the 2023 codes)
        ("水富市", "云南省昭通市水富市"),
        ("章丘区", "山东省济南市章丘区"),
        ("阿拉山口市", "新疆维吾尔自治区博尔塔拉蒙古自治州阿拉山口市"),
    ],
)
def test_lookup_knows_every_division(name: str, full_name: str) -> None:
    assert lookup(name)[0].full_name == full_name


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("陇", "620000"),
        ("藏", "540000"),
        ("黔", "520000"),
        ("桂", "450000"),
        ("滇", "530000"),
        ("陕", "610000"),
    ],
)
def test_one_character_province_names(alias: str, code: str) -> None:
    assert lookup(alias) == [division(code)]


def test_cities_elsewhere_by_short_name_counties_by_full_name() -> None:
    assert _names("与甘肃兰州、西藏拉萨、贵州遵义签约") == [
        "甘肃省",
        "甘肃省兰州市",
        "西藏自治区",
        "西藏自治区拉萨市",
        "贵州省",
        "贵州省遵义市",
    ]
    assert _names("拉萨市城关区") == ["西藏自治区拉萨市", "西藏自治区拉萨市城关区"]
    assert _names("兰州市城关区") == ["甘肃省兰州市", "甘肃省兰州市城关区"]
    assert _names("城关区") == []  # five cities have one
    assert _names("拉萨市的城关区") == ["西藏自治区拉萨市"]  # only right after its city
    assert _names("正阳县") == ["河南省驻马店市正阳县"]  # unique: found alone
    assert _names("北京市朝阳区与长春市朝阳区") == [
        "北京市",
        "北京市朝阳区",
        "吉林省长春市",
        "吉林省长春市朝阳区",
    ]


def test_an_autonomous_prefecture_by_its_short_name_and_zhou() -> None:
    # 海南 alone is the province; 海南州 is Qinghai's 海南藏族自治州
    assert _names("海南州委副书记、州长") == ["青海省海南藏族自治州"]
    assert _names("与海南省海口市签约") == ["海南省", "海南省海口市"]
    assert _names("凉山州、甘南州、恩施州") == [
        "四川省凉山彝族自治州",
        "甘肃省甘南藏族自治州",
        "湖北省恩施土家族苗族自治州",
    ]


def test_counties_elsewhere_by_short_name_right_after_a_place_above_them() -> None:
    assert _names("贵州赤水") == ["贵州省", "贵州省遵义市赤水市"]
    assert _names("恩施利川") == ["湖北省恩施土家族苗族自治州", "湖北省恩施土家族苗族自治州利川市"]
    assert _names("赤水河") == _names("在利川召开") == []  # alone: a river, a word
    # a county listed after another of its city's
    assert _names("云南威信、镇雄") == ["云南省", "云南省昭通市威信县", "云南省昭通市镇雄县"]
    assert _names("重庆江北区、南岸") == ["重庆市", "重庆市江北区", "重庆市南岸区"]
    # a short name gives way to a place it overlaps: 南宁, not 唐山's 路南
    assert _names("中国铁路南宁局集团") == ["广西壮族自治区南宁市"]
    # 川渝's reading of a short name stays: 江北 is 重庆's, not 宁波's
    assert _names("江北区文旅部门") == ["重庆市江北区"]
    # a name at the end of the text matches no longer name it starts ("石柱土家族自治县")
    assert [(s, e) for s, e, _ in find_divisions("云南威信")] == [(0, 2), (2, 4)]


def test_towns_and_their_counties() -> None:
    assert len(gazetteer().by_code) > 3000
    assert [d.full_name for d in counties_of("燕窝镇")] == ["湖北省荆州市洪湖市", "重庆市合川区"]
    assert [d.full_name for d in counties_of("洪安镇")] == [
        "重庆市秀山土家族苗族自治县",
        "四川省成都市龙泉驿区",
    ]
    assert counties_of("两镇") == counties_of("街道") == counties_of("张镇") == []
    text = "清升镇与四川省泸州市泸县玄滩镇在玄滩镇举行川渝毗邻乡镇结对,猛追湾街道、各街道"
    assert [name for _, _, name in towns_in(text)] == ["清升镇", "玄滩镇", "玄滩镇", "猛追湾街道"]
    # words ending like a town's name are none: 城乡, 乡镇, 古镇, 特色小镇
    assert towns_in("推进城乡融合,乡镇古镇和特色小镇") == []


@pytest.mark.parametrize(
    "text",
    [
        "阿里巴巴与腾讯",
        "中山大学教授",
        "德州仪器芯片",
        "长治久安",
        "黄山路",
        "泰州大桥",
        "港口区域",
        "河口区域",
        "合作市场",
        "老城区改造",
        "省市和县级",
        "白银等矿产",
        "安康杯竞赛",
        "朝阳产业",
        "各位来宾",
        "出海口",
        "吃三明治",
        "新乡村建设",
    ],
)
def test_ordinary_words_are_not_places_elsewhere(text: str) -> None:
    assert find_divisions(text) == []


def test_a_word_after_a_province_keeps_the_province() -> None:
    assert _names("河北区域协同") == ["河北省"]  # not 天津's 河北区


@pytest.mark.parametrize(
    ("text", "span", "members"),
    [
        ("川渝两省市签署协议", "川渝两省市", ["四川省", "重庆市"]),
        (
            "渝桂黔陇(四省区市)共建",
            "渝桂黔陇(四省区市)",
            ["重庆市", "广西壮族自治区", "贵州省", "甘肃省"],
        ),
        ("渝桂黔陇四省区市", "渝桂黔陇四省区市", ["重庆市", "广西壮族自治区", "贵州省", "甘肃省"]),
        (
            "成德眉资同城化",
            "成德眉资",
            ["四川省成都市", "四川省德阳市", "四川省眉山市", "四川省资阳市"],
        ),
        ("万达开三地", "万达开三地", ["重庆市万州区", "四川省达州市", "重庆市开州区"]),
        ("泸永江融合发展", "泸永江", ["四川省泸州市", "重庆市永川区", "重庆市江津区"]),
        ("川陕合作", "川陕", ["四川省", "陕西省"]),
        ("深化川黔合作", "川黔", ["四川省", "贵州省"]),
        ("川滇", "川滇", ["四川省", "云南省"]),
        ("渝黔两省市", "渝黔两省市", ["重庆市", "贵州省"]),
        ("成渝地区双城经济圈", "成渝", ["四川省成都市", "重庆市"]),
        ("遂潼一体化", "遂潼", ["四川省遂宁市", "重庆市潼南区"]),
        ("内荣现代农业", "内荣", ["四川省内江市", "重庆市荣昌区"]),
        ("川南一体化", "川南", ["四川省自贡市", "四川省泸州市", "四川省内江市", "四川省宜宾市"]),
        ("京津冀三省市", "京津冀三省市", ["北京市", "天津市", "河北省"]),
        ("川渝青年创业", "川渝", ["四川省", "重庆市"]),
        ("新渝黔高铁", "渝黔", ["重庆市", "贵州省"]),
    ],
)
def test_groups(text: str, span: str, members: list[str]) -> None:
    assert _groups(text) == [(span, members)]


@pytest.mark.parametrize(
    "text",
    [
        "京津冀",
        "新青年",
        "秦晋之好",
        "青川县",
        "川渝高竹新区",
        "四川渝北",
        "国内荣获",
        "万达开业",
        "形成渝",
        "渝新欧",
        "川蜀",
    ],
)
def test_not_groups(text: str) -> None:
    assert _groups(text) == []


def test_group_parties_resolve_to_none_and_members_by_name() -> None:
    assert resolve_party("川渝两省市") is None
    assert resolve_party("渝桂黔陇四省区市") is None
    assert [d.name for d in group_members("渝桂黔陇")] == [
        "重庆市",
        "广西壮族自治区",
        "贵州省",
        "甘肃省",
    ]
    assert group_members("川渝合作") == ()
    assert group_members("兰州") == ()


def test_chengyu_readings_on_real_texts_are_unchanged_and_outside_ones_are_sane() -> None:
    texts = sorted(glob.glob(str(SHARED / "corpus" / "train" / "*.txt")))
    if not texts:
        pytest.skip(f"{SHARED / 'corpus'} not found: the corpus lives in ../shared")
    outside: Counter[str] = Counter()
    for path in texts:
        text = Path(path).read_text(encoding="utf-8")
        for start, end, d in find_divisions(text):
            if not is_chengyu(d):
                outside[text[start:end]] += 1
    # Words that looked like places before the stop-words (measured on train): none left.
    assert not {"阿里", "德州", "长治", "白银", "中山", "安康"} & set(outside)
    assert {"兰州", "遵义", "贵阳"} <= set(outside)
