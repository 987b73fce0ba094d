"""Selection: which stories a subscriber's digest holds, and how they are grouped."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest

from notify.selection import (
    Candidates,
    Filters,
    Item,
    group,
    matches,
    select,
    summarise,
    to_items,
)
from notify.subscriptions import parse_preferences


def only(regions: tuple[str, ...] = (), **kwargs: Any) -> Filters:
    return Filters(
        regions=regions,
        sectors=kwargs.get("sectors", ()),
        keywords=kwargs.get("keywords", ()),
        in_region_only=kwargs.get("in_region_only", False),
    )


def item_in(story_factory: Any, *regions: str, **agreement: Any) -> Item:
    story = story_factory(agreements=[{"regions": list(regions), **agreement}])
    return to_items([story])[0]


@pytest.mark.parametrize(
    ("code", "region", "expected"),
    [
        ("510500", "四川省泸州市泸县", True),  # a city includes its counties
        ("510500", "四川省泸州市", True),
        ("510521", "四川省泸州市", False),  # a county does not include its city
        ("500000", "重庆市永川区", True),
        ("500000", "重庆市两江新区", True),  # a city includes its functional zones
        ("Z500001", "重庆市两江新区", True),  # a zone matches itself
        ("Z500001", "重庆市渝北区", False),
        ("510000", "四川省泸州市泸县", True),  # a province includes everything in it
        ("510000", "重庆市永川区", False),
        ("510100", "四川省成都市天府新区", True),
        ("511600", "川渝高竹新区", True),  # a cross-border zone lies in what it spans
        ("500000", "上海市", False),
    ],
)
def test_region_hierarchy(story_factory: Any, code: str, region: str, expected: bool) -> None:
    assert matches(only((code,)), item_in(story_factory, region)) is expected


def test_any_region_of_any_agreement_is_enough(story_factory: Any) -> None:
    story = story_factory(
        agreements=[{"regions": ["上海市"]}, {"regions": ["四川省泸州市泸县", "重庆市"]}]
    )
    [item] = to_items([story])
    assert item.regions == ("上海市", "四川省泸州市泸县", "重庆市")
    assert matches(only(("510500",)), item)
    assert matches(only(("310000",)), item)
    assert not matches(only(("510100",)), item)
    assert matches(only(()), item)  # no regions: everywhere


def test_a_zone_that_is_no_region_of_its_own_is_found_by_its_parties(story_factory: Any) -> None:
    """An agreement gives 成都高新区 as 四川省成都市; its subscribers still get it, and
    not the city's other pacts."""
    row = SimpleNamespace(regions=["成都高新区"], sectors=[], keywords=[], in_region_only=False)
    zone = Filters.of(row)  # type: ignore[arg-type]
    signed = item_in(story_factory, "四川省成都市", parties=["成都高新区管委会", "宜宾市"])
    other = item_in(story_factory, "四川省成都市", parties=["成都市", "宜宾市"])
    assert matches(zone, signed)
    assert not matches(zone, other)
    assert matches(only(("510100",)), signed)  # and the city's subscribers, as before


def test_filters_of_a_subscriber_row_resolves_names() -> None:
    row = SimpleNamespace(
        regions=["510500", "永川"], sectors=["health"], keywords=["數字經濟"], in_region_only=True
    )
    filters = Filters.of(row)  # type: ignore[arg-type]
    assert filters.regions == ("510500", "500118")
    assert filters.keywords == ("数字经济",)
    assert filters.in_region_only


def test_sectors(story_factory: Any) -> None:
    item = item_in(story_factory, "四川省泸州市", sectors=["health", "education"])
    assert matches(only(sectors=("education",)), item)
    assert matches(only(sectors=("finance", "health")), item)
    assert not matches(only(sectors=("finance",)), item)


def test_keywords_are_normalised_and_any_one_matches(story_factory: Any) -> None:
    story = story_factory(
        "川渝共建数字经济产业园",
        text="成渝两地签约。",
        agreements=[{"title": "共建5G联合实验室协议", "parties": ["中国移动重庆公司"]}],
    )
    [item] = to_items([story])
    assert matches(only(keywords=("數字經濟",)), item)  # Traditional matches Simplified
    assert matches(only(keywords=("５ｇ",)), item)  # full-width, any case
    assert matches(only(keywords=("中国移动", "无关")), item)  # parties are searched
    assert matches(only(keywords=("成渝两地",)), item)  # and the summary
    assert not matches(only(keywords=("医疗",)), item)
    assert not matches(only(keywords=("产业园共建",)), item)


def test_in_region_only(story_factory: Any) -> None:
    outside = item_in(story_factory, "上海市", in_region=False)
    inside = item_in(story_factory, "四川省泸州市", in_region=True)
    assert not matches(only(in_region_only=True), outside)
    assert matches(only(in_region_only=True), inside)
    assert matches(only(in_region_only=False), outside)


def test_delivered_stories_never_come_again(story_factory: Any) -> None:
    items = to_items([story_factory(story_id=1), story_factory(story_id=2)])
    assert [i.story_id for i in select(only(), items, {1})] == [2]
    assert select(only(), items, {1, 2}) == []


def test_rejected_never_go_out_and_review_can_be_required(story_factory: Any) -> None:
    items = to_items(
        [
            story_factory(story_id=1, status="approved"),
            story_factory(story_id=2, status="new"),
            story_factory(story_id=3, status="rejected"),
        ]
    )
    ids = lambda chosen: [i.story_id for i in chosen]  # noqa: E731
    assert ids(select(only(), items, set())) == [1, 2]
    assert ids(select(only(), items, set(), require_review=True)) == [1]
    # The desk's latest word wins over the status read with the stories.
    fresh = {1: "rejected", 2: "approved"}
    assert ids(select(only(), items, set(), statuses=fresh)) == [2]
    assert ids(select(only(), items, set(), require_review=True, statuses=fresh)) == [2]


def test_item_fields(story_factory: Any) -> None:
    story = story_factory(
        "泸永签约",
        source="cqrb",
        also=[("scol", "https://scol.example.cn/1"), ("lzrb", "https://lz.example.cn/2")],
        agreements=[
            {"title": None, "sectors": ["industry"], "regions": ["四川省泸州市"]},
            {"sectors": ["transport", "industry"], "regions": ["重庆市永川区"]},
        ],
    )
    [item] = to_items([story], {"cqrb": "重庆日报", "scol": "四川在线"})
    assert item.story_id == story.root.id
    assert item.url == story.root.url
    assert item.source == "重庆日报"
    assert item.also == (
        ("四川在线", "https://scol.example.cn/1"),
        ("lzrb", "https://lz.example.cn/2"),
    )
    assert item.sectors == ("industry", "transport")
    assert item.agreements[0].title is None
    assert (
        item.summary
        == "11月20日，泸州市与重庆市永川区签署战略合作协议。双方将在产业等领域深化合作。"
    )


def test_summary() -> None:
    assert summarise("本报讯（记者 张三）11月20日，两地签约。双方表示满意。此后还有。") == (
        "11月20日，两地签约。双方表示满意。"
    )
    assert summarise("第一句。" + "长" * 130 + "。") == "第一句。"
    assert summarise("长" * 130 + "。") == ""  # too long: the caller uses the evidence


def test_summary_falls_back_to_the_evidence(story_factory: Any) -> None:
    story = story_factory(text="长" * 200, agreements=[{"evidence": "双方签署了协议。"}])
    assert to_items([story])[0].summary == "双方签署了协议。"


def test_group_by_region(story_factory: Any) -> None:
    items = to_items(
        [
            story_factory(story_id=1, agreements=[{"regions": ["重庆市永川区"]}]),
            story_factory(story_id=2, agreements=[{"regions": ["四川省泸州市泸县"]}]),
            story_factory(story_id=3, agreements=[{"regions": ["上海市", "四川省泸州市"]}]),
            story_factory(story_id=4, agreements=[{"regions": ["四川省成都市天府新区"]}]),
            story_factory(story_id=5, agreements=[{"regions": ["重庆市两江新区"]}]),
            story_factory(story_id=6, agreements=[{"regions": []}]),
        ]
    )
    grouped = [(name, [i.story_id for i in members]) for name, members in group(items)]
    assert grouped == [
        ("泸州市", [2, 3]),  # the first 川渝 region decides, not 上海市
        ("其他地区", [6]),
        ("成都市", [4]),
        ("重庆市两江新区", [5]),
        ("重庆市永川区", [1]),
    ]


def test_group_by_sector(story_factory: Any) -> None:
    items = to_items(
        [
            story_factory(story_id=1, agreements=[{"sectors": ["health"]}]),
            story_factory(story_id=2, agreements=[{"sectors": ["industry", "health"]}]),
            story_factory(story_id=3, agreements=[{"sectors": ["health"]}]),
        ]
    )
    assert [(n, [i.story_id for i in m]) for n, m in group(items, by="sector")] == [
        ("医疗卫生", [1, 3]),
        ("产业协作与招商", [2]),
    ]
    with pytest.raises(ValueError, match="cannot group"):
        group(items, by="colour")


REGION_CHOICES = [
    "四川省泸州市泸县",
    "四川省泸州市",
    "重庆市永川区",
    "重庆市两江新区",
    "四川省成都市天府新区",
    "四川省宜宾市",
    "上海市",
    "重庆市江津区",
]
SUBSCRIBER_REGIONS = [(), ("510500",), ("500000",), ("510000",), ("Z500001",), ("510100", "500118")]
SECTORS = ["industry", "health", "transport", "digital", "culture_tourism"]


def bench(story_factory: Any, subscribers: int, stories: int) -> tuple[float, float, int]:
    raw = [
        story_factory(
            f"第{n}号合作协议签约",
            story_id=n,
            agreements=[
                {
                    "regions": [REGION_CHOICES[n % 8], REGION_CHOICES[(n * 3) % 8]],
                    "sectors": [SECTORS[n % 5]],
                    "in_region": n % 7 != 0,
                }
            ],
        )
        for n in range(1, stories + 1)
    ]
    started = time.perf_counter()
    items = to_items(raw)
    converted = time.perf_counter()
    filters = [
        Filters(
            regions=SUBSCRIBER_REGIONS[n % 6],
            sectors=(SECTORS[n % 5],) if n % 3 == 0 else (),
            keywords=("协议",) if n % 4 == 0 else (),
            in_region_only=n % 2 == 0,
        )
        for n in range(subscribers)
    ]
    delivered = set(range(1, stories, 10))
    chosen = 0
    selecting = time.perf_counter()
    for f in filters:
        chosen += len(select(f, items, delivered))
    done = time.perf_counter()
    return converted - started, done - selecting, chosen


def test_selection_is_fast(story_factory: Any) -> None:
    convert, choose, chosen = bench(story_factory, 1000, 500)
    assert chosen > 0
    assert convert < 0.5, f"to_items of 500 stories took {convert:.3f} s"
    assert choose < 0.5, f"select for 1,000 subscribers × 500 items took {choose:.3f} s"


def test_candidates_leave_no_match_out(story_factory: Any) -> None:
    raw = [
        story_factory(
            story_id=n,
            agreements=[
                {"regions": [REGION_CHOICES[n % 8], REGION_CHOICES[(n * 5) % 8]]},
                {"regions": ["四川省绵阳市"] if n % 4 == 0 else [], "sectors": [SECTORS[n % 5]]},
            ],
        )
        for n in range(1, 121)
    ]
    items = to_items(raw)
    candidates = Candidates.of(items)
    regions = [*SUBSCRIBER_REGIONS, ("510700",), ("999999",), ("510500", "510700", "Z500001")]
    sizes = []
    for n, region in enumerate(regions * 2):
        sectors = (SECTORS[n % 5],) if n > 8 else ()
        filters = Filters(region, sectors, keywords=(), in_region_only=n % 2 == 0)
        subset = candidates.for_filters(filters)
        assert select(filters, subset, {3, 4}) == select(filters, items, {3, 4})
        sizes.append(len(subset))
    assert min(sizes) < len(items) // 2  # the point: most subscribers look at few items
    assert candidates.for_filters(Filters(regions=(), sectors=(), keywords=())) is items


def test_partners_anywhere_in_china(story_factory: Any) -> None:
    lanzhou = parse_preferences(regions=["兰州"]).regions
    lhasa = parse_preferences(regions=["拉萨"]).regions
    partner = item_in(story_factory, "四川省成都市", "甘肃省兰州市", in_region=True)
    county = item_in(story_factory, "重庆市", "西藏自治区拉萨市城关区", in_region=True)
    at_home = item_in(story_factory, "四川省泸州市", in_region=True)
    assert matches(only(lanzhou), partner)
    assert not matches(only(lanzhou), at_home)
    assert matches(only(lhasa), county)  # a city includes its counties
    assert not matches(only(lhasa), partner)


def test_a_compound_region_subscribes_to_each_member(story_factory: Any) -> None:
    codes = parse_preferences(regions=["渝桂黔陇"]).regions
    assert len(codes) == 4
    assert matches(only(codes), item_in(story_factory, "贵州省遵义市", "重庆市江津区"))
    assert not matches(only(codes), item_in(story_factory, "四川省泸州市"))
