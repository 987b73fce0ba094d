"""Subscribing to places anywhere in China and to groups (拉萨, 兰州, 渝桂黔陇)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from notify.selection import Filters, select, to_items
from notify.subscriptions import BadPreferences, parse_preferences

if TYPE_CHECKING:
    from tests.conftest import Cli

KEY = {"PACTWATCH_SECRET_KEY": "test-key"}


def test_cli_subscribes_to_places_elsewhere_and_to_groups(cli: Cli) -> None:
    cli.run("db", "upgrade")
    for email, region in [("a@example.com", "拉萨"), ("b@example.com", "兰州")]:
        cli.run("subscribe", email, "--region", region, "--confirmed", **KEY)
    cli.run(
        "subscribe",
        "c@example.com",
        "--region",
        "渝桂黔陇",
        "--region",
        "泸州",
        "--confirmed",
        **KEY,
    )
    refused = cli.run("subscribe", "d@example.com", "--region", "火星", check=False, **KEY)
    assert refused.returncode == 2 and "火星" in refused.stdout + refused.stderr
    rows = {
        row["email"]: row["regions"]
        for row in map(json.loads, cli.run("subscribers", "--json").stdout.splitlines())
    }
    assert rows == {
        "a@example.com": ["西藏自治区拉萨市"],
        "b@example.com": ["甘肃省兰州市"],
        "c@example.com": ["重庆市", "广西壮族自治区", "贵州省", "甘肃省", "四川省泸州市"],
    }


def test_a_group_subscribes_to_each_member() -> None:
    assert parse_preferences(regions=["川渝两省市"]).regions == ("510000", "500000")
    assert parse_preferences(regions=["成德眉资"]).regions == (
        "510100", "510600", "511400", "512000",
    )  # fmt: skip
    assert parse_preferences(regions=["甘肃省兰州市城关区"]).regions == ("620102",)
    with pytest.raises(BadPreferences):
        parse_preferences(regions=["川渝合作"])


def _digest(story_factory: Any, regions: list[str], **options: Any) -> list[str]:
    """The titles a subscriber to `regions` gets out of three stories."""
    cases = [
        ("成都与兰州签约", ["四川省成都市", "甘肃省兰州市"], True),
        ("兰州城关区签约", ["四川省泸州市", "甘肃省兰州市城关区"], True),
        ("泸州与永川签约", ["四川省泸州市", "重庆市永川区"], True),
        ("兰州与西宁", ["甘肃省兰州市", "青海省西宁市"], False),
    ]
    stories = [
        story_factory(title, agreements=[{"regions": places, "in_region": in_region}])
        for title, places, in_region in cases
    ]
    prefs = parse_preferences(regions=regions, **options)
    subscriber = SimpleNamespace(
        regions=list(prefs.regions), sectors=[], keywords=[], in_region_only=prefs.in_region_only
    )
    return [item.title for item in select(Filters.of(subscriber), to_items(stories), set())]


def test_a_lanzhou_digest_holds_lanzhou_and_its_counties_only(story_factory: Any) -> None:
    assert _digest(story_factory, ["兰州"]) == ["成都与兰州签约", "兰州城关区签约"]
    # Sichuan and Chongqing stay the default scope: a 兰州–西宁 agreement only on request.
    assert _digest(story_factory, ["兰州"], in_region_only=False) == [
        "成都与兰州签约", "兰州城关区签约", "兰州与西宁",
    ]  # fmt: skip
    assert _digest(story_factory, ["陇"]) == ["成都与兰州签约", "兰州城关区签约"]
    assert _digest(story_factory, []) == ["成都与兰州签约", "兰州城关区签约", "泸州与永川签约"]
