"""The region gazetteer: counts, names, party resolution, mentions in text, speed."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.agreements import regions
from pipeline.gazetteer import (
    Division,
    contains,
    division,
    expand_group,
    find_divisions,
    is_chengyu,
    lookup,
    resolve_party,
)
from pipeline.gazetteer.index import gazetteer

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _all() -> list[Division]:
    return list(gazetteer().by_code.values())


def _kind(name: str) -> str:
    return next(s for s in ("自治县", "区", "市", "县") if name.endswith(s))


def _counties(prefix: str) -> list[Division]:
    return [d for d in _all() if d.level == "county" and d.code.startswith(prefix)]


def _one(name: str) -> Division:
    (found,) = lookup(name)
    return found


# --- counts -------------------------------------------------------------------------


def test_province_level_divisions_are_the_34() -> None:
    provinces = [d for d in _all() if d.level == "province"]
    suffixes = ("特别行政区", "自治区", "省", "市")
    kinds = Counter(next(s for s in suffixes if d.name.endswith(s)) for d in provinces)
    assert kinds == {"省": 23, "自治区": 5, "市": 4, "特别行政区": 2}
    assert "台湾省" in {d.name for d in provinces}


def test_sichuan_has_21_prefectures() -> None:
    prefectures = [d for d in _all() if d.level == "prefecture" and d.code.startswith("51")]
    assert len(prefectures) == 21
    assert all(d.parent == "510000" for d in prefectures)
    assert Counter(d.name[-1] for d in prefectures) == {"市": 18, "州": 3}


def test_sichuan_has_183_counties_with_the_official_breakdown() -> None:
    counties = _counties("51")
    assert len(counties) == 183
    assert Counter(_kind(d.name) for d in counties) == {"区": 55, "市": 19, "县": 105, "自治县": 4}
    assert all(division(d.parent or "").level == "prefecture" for d in counties)


def test_chongqing_has_38_counties() -> None:
    counties = _counties("50")
    assert len(counties) == 38
    assert Counter(_kind(d.name) for d in counties) == {"区": 26, "县": 8, "自治县": 4}
    assert {"江北区", "渝北区", "梁平区", "武隆区"} <= {d.name for d in counties}
    assert all(d.parent == "500000" for d in counties)


def test_stale_source_entries_are_replaced() -> None:
    assert division("513402").name == "会理市"
    assert division("510185").full_name == "四川省成都市简阳市"
    names = {d.name for d in _all()}
    assert not {"郫县", "会理县", "宜宾县", "梁平县", "东部新区"} & {
        d.name for d in _all() if d.level == "county"
    }
    assert "东部新区" in names  # a zone, not a county


# --- names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "full_name"),
    [
        ("510000", "四川省"),
        ("500000", "重庆市"),
        ("510500", "四川省泸州市"),
        ("510521", "四川省泸州市泸县"),
        ("500118", "重庆市永川区"),
        ("513400", "四川省凉山彝族自治州"),
        ("513402", "四川省凉山彝族自治州会理市"),
        ("Z500001", "重庆市两江新区"),
        ("Z510101", "四川省成都市天府新区"),
    ],
)
def test_full_names(code: str, full_name: str) -> None:
    assert division(code).full_name == full_name


@pytest.mark.parametrize(
    ("name", "alias"),
    [
        ("泸州市", "泸州"),
        ("永川区", "永川"),
        ("凉山彝族自治州", "凉山"),
        ("阿坝藏族羌族自治州", "阿坝"),
        ("甘孜藏族自治州", "甘孜"),
        ("北川羌族自治县", "北川"),
        ("峨边彝族自治县", "峨边"),
        ("马边彝族自治县", "马边"),
        ("木里藏族自治县", "木里"),
        ("石柱土家族自治县", "石柱"),
        ("秀山土家族苗族自治县", "秀山"),
        ("酉阳土家族苗族自治县", "酉阳"),
        ("彭水苗族土家族自治县", "彭水"),
        ("四川省", "川"),
        ("重庆市", "渝"),
        ("郫都区", "郫县"),
        ("双流区", "双流县"),
        ("隆昌市", "隆昌县"),
        ("射洪市", "射洪县"),
        ("会理市", "会理县"),
        ("开州区", "开县"),
        ("大足区", "双桥区"),
        ("万盛经开区", "万盛区"),
    ],
)
def test_short_and_former_names(name: str, alias: str) -> None:
    assert alias in _one(name).aliases
    assert _one(name) in lookup(alias)


def test_single_syllable_counties_keep_their_name() -> None:
    assert _one("泸县").aliases == ()
    assert lookup("泸") == []


def test_lookup_prefers_chengyu_and_knows_homonymous_zones() -> None:
    assert [d.full_name for d in lookup("江北区")] == ["重庆市江北区", "浙江省宁波市江北区"]
    assert {d.full_name for d in lookup("市中区")[:2]} == {
        "四川省内江市市中区",
        "四川省乐山市市中区",
    }
    assert {d.full_name for d in lookup("高新区")} == {"重庆市高新区", "四川省成都市高新区"}
    with pytest.raises(KeyError):
        division("999999")


# --- resolve_party ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("party", "full_name"),
    [
        ("永川区吉安镇", "重庆市永川区"),
        ("共青团泸州市委", "四川省泸州市"),
        ("泸县立石镇等东部五镇", "四川省泸州市泸县"),
        ("重庆市永川区经济和信息化委员会", "重庆市永川区"),
        ("泸州市口岸与物流办公室", "四川省泸州市"),
        ("北碚区", "重庆市北碚区"),
        ("绵阳市", "四川省绵阳市"),
        ("重庆两江新区", "重庆市两江新区"),
        ("万州区政府", "重庆市万州区"),
        ("重庆港务物流集团", "重庆市"),
        ("四川省发展改革委", "四川省"),
        ("江北区委", "重庆市江北区"),
        ("共青团江北区委", "重庆市江北区"),
        ("宁波市江北区", "浙江省宁波市江北区"),
        ("北京市朝阳区", "北京市朝阳区"),
        ("甘肃省兰州市", "甘肃省兰州市"),
        ("兰州新区", "甘肃省兰州市兰州新区"),  # national-level new areas are zones
        ("贵安新区", "贵州省贵安新区"),  # spanning two cities: under the province
        ("南京江北新区", "江苏省南京市江北新区"),
        ("拉萨市城关区", "西藏自治区拉萨市城关区"),
        ("遵义市人民政府", "贵州省遵义市"),
        ("恩施州", "湖北省恩施土家族苗族自治州"),
        ("那曲地区行署", "西藏自治区那曲市"),  # 2017: 撤销那曲地区，设立地级那曲市
        ("泸州高新区", "四川省泸州市"),
        ("成都高新区管委会", "四川省成都市高新区"),
        ("成都市高新区", "四川省成都市高新区"),
        ("重庆高新区", "重庆市高新区"),
        ("西部(重庆)科学城", "重庆市高新区"),
        ("永川高新区", "重庆市永川区"),
        ("内江市市中区", "四川省内江市市中区"),
        ("重庆市南岸区", "重庆市南岸区"),
        ("泸州市经开区", "四川省泸州市"),
        ("四川省大学生联合会", "四川省"),
        ("成都中医药大学", "四川省成都市"),
        ("川渝高竹新区管委会", "川渝高竹新区"),
        ("重庆大学", "重庆市"),  # a municipality is a city: the labels place its bodies so
        # 台湾省, whose cities the codes do not list: at the province, as the labels place it
        ("国立高雄餐旅大学", "台湾省"),
        ("南投县鹿谷乡农会", "台湾省"),
        ("台中市政府", "台湾省"),
        ("重庆空港经济区管委会", "重庆市渝北区空港经济区"),  # a zone 渝北区 runs
    ],
)
def test_resolve_party(party: str, full_name: str) -> None:
    found = resolve_party(party)
    assert found is not None, party
    assert found.full_name == full_name


@pytest.mark.parametrize("party", ["某某大学", "高新区管委会", "市中区", "南岸", "某某公司"])
def test_resolve_party_gives_none(party: str) -> None:
    assert resolve_party(party) is None


@pytest.mark.parametrize(
    ("party", "full_name"),
    [
        ("西南交通大学", "四川省成都市"),  # no place in the name: its seat
        ("四川大学华西第二医院", "四川省成都市"),  # the province's name is no seat
        ("四川农业大学", "四川省雅安市"),
        ("西南大学", "重庆市北碚区"),
        ("中南大学", "湖南省长沙市"),
        ("宜宾学院", "四川省宜宾市"),  # named after its city: no entry needed
        ("成都国际铁路港管委会", "四川省成都市青白江区"),  # inside the city it names
        ("金川集团", "甘肃省金昌市"),  # named after a county elsewhere (四川 has a 金川县)
        ("四川美术学院", "重庆市沙坪坝区"),  # a 学院 named after the province, seated elsewhere
        ("四川文理学院", "四川省达州市"),
        ("四川农林学院", "四川省"),  # unknown by its seat: the province it is named after
        ("川北医附院", "四川省南充市"),  # a hospital's short name
    ],
)
def test_known_bodies_resolve_to_their_seat(party: str, full_name: str) -> None:
    found = resolve_party(party)
    assert found is not None and found.full_name == full_name


def test_every_body_seat_is_a_division() -> None:
    import tomllib
    from importlib import resources

    raw = resources.files("pipeline.gazetteer.data").joinpath("bodies.toml").read_bytes()
    tables = tomllib.loads(raw.decode())
    for name, seat in [*tables["bodies"].items(), *tables["whole_names"].items()]:
        assert lookup(seat), f"{name}: {seat} is not in the gazetteer"


def test_context_settles_bare_zone_and_ambiguous_names() -> None:
    luzhou, chengdu, neijiang = division("510500"), division("510100"), division("511000")
    assert resolve_party("高新区管委会", context=luzhou) == luzhou
    assert resolve_party("高新区", context=chengdu) == division("Z510102")
    assert resolve_party("市中区", context=neijiang) == division("511002")
    assert resolve_party("永川区", context=luzhou) == division("500118")  # context never overrides


# --- find_divisions -----------------------------------------------------------------


def _names(text: str) -> list[str]:
    return [d.full_name for _, _, d in find_divisions(text)]


def test_luzhou_seed_finds_every_place() -> None:
    path = SEEDS / "luzhou-chongqing-agreements.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found: the seeds live in ../shared")
    found = {d.name for _, _, d in find_divisions(path.read_text(encoding="utf-8"))}
    assert {"泸州市", "永川区", "江津区", "荣昌区", "涪陵区", "江北区", "泸县"} <= found


def test_seed_sentences() -> None:
    sentence = (
        "6月24日,泸州市生态环境局分别与重庆市江津区、永川区、荣昌区生态环境局"
        "签署《生态环境保护合作框架协议》。"
    )
    assert _names(sentence) == [
        "四川省泸州市", "重庆市", "重庆市江津区", "重庆市永川区", "重庆市荣昌区",
    ]  # fmt: skip
    sentence = "共青团四川省泸州市委与共青团重庆市江北区委签署协议"
    assert _names(sentence) == ["四川省", "四川省泸州市", "重庆市", "重庆市江北区"]
    assert _names("重庆两江新区与万州区签署对口协同发展2021年度工作协议") == [
        "重庆市两江新区", "重庆市万州区",
    ]  # fmt: skip


def test_spans_are_longest_and_do_not_overlap() -> None:
    text = "重庆市永川区与泸州市泸县"
    found = find_divisions(text)
    assert [text[s:e] for s, e, _ in found] == ["重庆市", "永川区", "泸州市", "泸县"]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    "text",
    [
        "嘉陵江畔风光好",  # 嘉陵区 is in 南充
        "长江南岸的码头",
        "祝老人健康长寿",
        "提高县域经济水平",
        "繁荣县域经济",
        "召开县委常委会",
        "川渝一家亲",  # one-character short names never match
        "一座石柱",
        "他是一名前锋",
        "苏东坡的诗",
        "朝天门码头",
        "高新区管委会",
        "产业园东区",
        "搭建合作平台中心",  # 台中 is 台湾省's only as 台中市
        "桃园镇的果园",  # a mainland town keeps 桃园
    ],
)
def test_common_words_are_not_divisions(text: str) -> None:
    assert find_divisions(text) == []


def test_weak_names_count_after_their_ancestor() -> None:
    assert _names("重庆南岸") == ["重庆市", "重庆市南岸区"]
    assert _names("眉山东坡") == ["四川省眉山市", "四川省眉山市东坡区"]
    assert _names("内江市市中区与乐山市市中区") == [
        "四川省内江市", "四川省内江市市中区", "四川省乐山市", "四川省乐山市市中区",
    ]  # fmt: skip
    assert _names("攀枝花市东区") == ["四川省攀枝花市东区"]
    assert _names("攀枝花西区") == ["四川省攀枝花市西区"]


def test_weak_names_count_before_a_government_office() -> None:
    assert _names("永川区法院到东坡法院考察") == ["重庆市永川区", "四川省眉山市东坡区"]
    assert _names("长寿区委与石柱县委") == ["重庆市长寿区", "重庆市石柱土家族自治县"]
    assert _names("苏东坡纪念馆") == []  # a museum is no office


def test_places_elsewhere_in_china_are_read_to_the_county() -> None:
    assert _names("宁波市江北区") == ["浙江省宁波市", "浙江省宁波市江北区"]
    assert _names("兰州与拉萨") == ["甘肃省兰州市", "西藏自治区拉萨市"]
    assert _names("四川大学") == ["四川省"]  # acceptable in text; resolve_party says None


@pytest.mark.parametrize(
    "text",
    [
        "城关区",  # in 拉萨 and 兰州 and elsewhere: nothing without its city
        "安康发展,白银价格,世界大同",  # prefectures of other provinces that are words
        "维护和平区域稳定",
        "中原区域中心城市",
        "开放市场",
    ],
)
def test_names_elsewhere_do_not_match_words(text: str) -> None:
    assert _names(text) == []


# --- tree ---------------------------------------------------------------------------


def test_contains() -> None:
    luzhou, luxian = division("510500"), division("510521")
    assert contains(luzhou, luxian)
    assert contains(division("500000"), division("500118"))
    assert contains(division("510100"), division("Z510101"))
    assert contains(luzhou, luzhou)
    assert not contains(luxian, luzhou)
    assert not contains(division("510000"), division("500118"))


def test_is_chengyu() -> None:
    assert is_chengyu(division("510521"))
    assert is_chengyu(division("500118"))
    assert is_chengyu(division("Z990002"))  # 川渝高竹新区, cross-border
    assert not is_chengyu(division("330000"))


def test_divisions_are_immutable() -> None:
    d = division("510500")
    with pytest.raises(AttributeError):
        d.name = "x"  # type: ignore[misc]


# --- speed --------------------------------------------------------------------------


def test_find_divisions_is_fast() -> None:
    # ~3 KB of UTF-8 (≈1,000 CJK characters) cut from a real article, repeated.
    seed = SEEDS / "luzhou-chongqing-agreements.txt"
    text = (
        seed.read_text(encoding="utf-8")[:1000]
        if seed.is_file()
        else "泸州市与重庆市永川区签署合作协议。" * 60
    )
    find_divisions(text)  # build the index outside the timing
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        find_divisions(text)
    per_article = (time.perf_counter() - start) / runs
    assert per_article < 0.005, f"{per_article * 1000:.2f} ms per article"


# --- compound abbreviations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("川渝两省市关工委", ["四川省", "重庆市"]),
        ("渝桂黔陇四省区市", ["重庆市", "广西壮族自治区", "贵州省", "甘肃省"]),
        ("成德眉资同城化", ["四川省成都市", "四川省德阳市", "四川省眉山市", "四川省资阳市"]),
        ("万达开", ["重庆市万州区", "四川省达州市", "重庆市开州区"]),
        ("京津冀三地", ["北京市", "天津市", "河北省"]),
        ("川陕", ["四川省", "陕西省"]),
    ],
)
def test_compound_abbreviations_name_each_member(text: str, members: list[str]) -> None:
    (found,) = expand_group(text)
    assert found[0] == 0
    assert [d.full_name for d in found[2]] == members


@pytest.mark.parametrize("text", ["青川县", "新京报", "云贵高原", "川渝高竹新区", "青云直上"])
def test_words_and_single_places_are_no_groups(text: str) -> None:
    assert expand_group(text) == []


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("我市蓬溪县蓬南镇", "四川省遂宁市蓬溪县蓬南镇"),
        ("重庆潼南区古溪镇", "重庆市潼南区古溪镇"),
        ("江津区中山镇人民政府", "重庆市江津区中山镇"),
        ("温江区城乡建设局", "四川省成都市温江区"),  # 城乡 names no town
        ("泸州市", "四川省泸州市"),
    ],
)
def test_a_town_party_is_placed_below_its_county(party: str, expected: str) -> None:
    assert regions.resolve([party], "")[0] == (expected,)


def test_a_village_is_placed_where_the_article_names_it_in_full() -> None:
    article = "近日,开江县讲治镇牌坊村与开州区大德镇庙坝村结对。两村支部书记在协议上按下红手印。"
    assert regions.resolve(["牌坊村", "庙坝村"], "", article)[0] == (
        "四川省达州市开江县",
        "重庆市开州区",
    )
    assert regions.resolve(["牌坊村"], "", "牌坊村与庙坝村结对。")[0] == ()


def test_a_party_named_by_its_level_is_the_place_the_article_names_most() -> None:
    article = "绵阳新闻网讯 3月10日,市政府与中国农业银行四川省分行签署协议。绵阳市将…成都市…绵阳"
    assert regions.resolve(["市政府", "中国农业银行四川省分行"], "", article)[0] == (
        "四川省绵阳市",
        "四川省",
    )
    assert regions.resolve(["省政府"], "", "甘肃日报兰州6月1日讯 甘肃省…")[0] == ("甘肃省",)
    assert regions.resolve(["市政府"], "", "")[0] == ()  # nothing named: nothing guessed
    assert regions.resolve(["市文旅局"], "", article)[0] == ("四川省绵阳市",)
    assert regions.resolve(["市总工会"], "", article)[0] == ("四川省绵阳市",)  # a mass body too


def test_a_party_named_as_the_sites_own_body_is_where_that_body_is() -> None:
    school = "湖南师范大学新闻网讯 我校与永州市人民政府签署战略合作协议。湖南师范大学校长…"
    assert regions.resolve(["我校", "永州市人民政府"], "", school)[0] == (
        "湖南省长沙市",
        "湖南省永州市",
    )
    firm = "10月27日,集团与永川区签订战略合作协议。重庆对外经贸集团董事长…"
    assert regions.resolve(["集团", "永川区"], "", firm)[0] == ("重庆市", "重庆市永川区")
    assert regions.resolve(["我校"], "", "我校与某地签约")[0] == ()  # no school named
    # Not the partner's: the body or place the page names apart from the other party.
    hospital = "我院与重庆医科大学附属第一医院签订合作协议。\n广安市人民医院"
    assert regions.resolve(["我院", "重庆医科大学附属第一医院"], "", hospital)[0] == (
        "四川省广安市",
        "重庆市",
    )
    procuratorate = "我院与重庆市永川区人民检察院签订协作协议。\n泸州市江阳区人民检察院"
    assert regions.resolve(["我院", "重庆市永川区人民检察院"], "", procuratorate)[0] == (
        "四川省泸州市江阳区",
        "重庆市永川区",
    )
    county = "我县与重庆市綦江区签订协议。綦江区委书记…重庆市綦江区…\n古蔺县融媒体中心"
    assert regions.resolve(["我县", "重庆市綦江区"], "", county)[0] == (
        "四川省泸州市古蔺县",
        "重庆市綦江区",
    )


def test_universities_named_after_a_municipality_are_in_it() -> None:
    assert regions.resolve(["重庆医科大学"], "")[0] == ("重庆市",)
    assert regions.resolve(["四川大学"], "")[0] == ("四川省成都市",)  # a seat, not the province


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("成都宜宾", ("四川省成都市", "四川省宜宾市")),
        ("黔江彭水两地", ("重庆市黔江区", "重庆市彭水苗族土家族自治县")),
        ("重庆市永川区", ("重庆市永川区",)),  # one place inside the other
        ("北京重庆企业商会", ("北京市",)),  # a body in one place named after another
    ],
)
def test_places_run_together_are_each_a_region(party: str, expected: tuple[str, ...]) -> None:
    from pipeline.agreements import regions

    assert regions.resolve([party], "", "")[0] == expected


def test_a_bare_level_listed_after_a_place_is_that_places() -> None:
    # 市/区 of departments listed with their governments, across 与 from each other; the
    # portal's masthead (万州) places neither the 市's nor the partner's own 我县.
    context = "达州市人民政府及市发展改革委、市交通运输局与万州区人民政府及区交通局共同签署协议"
    parties = ["达州市人民政府", "市发展改革委", "市交通运输局", "万州区人民政府", "区交通局"]
    assert regions.resolve(parties, context, context, None, "万州")[0] == (
        "四川省达州市",
        "重庆市万州区",
    )
    across = "陕西省安康市岚皋县与我县签署协议"
    assert regions.resolve(["陕西省安康市岚皋县", "我县"], across, across, None, "城口")[0] == (
        "陕西省安康市岚皋县",
        "重庆市城口县",
    )


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        # a town's people's organisations and presidium are the town's, as its government is
        (
            ["渝北区石船镇妇联", "万源市旧院镇人大主席团"],
            ("重庆市渝北区石船镇", "四川省达州市万源市旧院镇"),
        ),
        # a community's party committee is placed at its county, as a village is
        (["寸滩街道五宝社区党委"], ("重庆市江北区",)),
    ],
)
def test_bodies_of_towns_and_communities(parties: list[str], expected: tuple[str, ...]) -> None:
    article = "重庆市江北区寸滩街道五宝社区党委与结对社区签订协议"
    assert regions.resolve(parties, "", article)[0] == expected


def test_the_sites_own_bodies_by_their_kind() -> None:
    # 市侨联 on 江阳新闻网 (a district of 泸州); 集团 on 重庆港务物流集团's site, whose
    # footer gives its offices in 两江新区: a municipal firm is 重庆市's
    assert regions.resolve(["市侨联"], "", "", None, "江阳")[0] == ("四川省泸州市",)
    assert regions.resolve(["集团"], "", "", "重庆港务物流集团有限公司", "重庆市两江新区寸滩街道")[
        0
    ] == ("重庆市",)


def test_a_firm_placed_by_its_headquarters_told_before_its_short_name() -> None:
    article = "赵国强介绍,总部位于重庆的中铁十一局五公司近年来参建了成渝中线高铁。"
    assert regions.resolve(["中铁十一局集团第五工程有限公司"], "", article)[0] == ("重庆市",)
    assert regions.resolve(["中铁十一局集团第五工程有限公司"], "", "")[0] == ()
