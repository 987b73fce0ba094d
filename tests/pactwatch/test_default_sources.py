"""The bundled default sources: well-formed, public, specific, and covering the region.

These entries were written without network access, so the tests cannot prove the sites
still look like this; they prove the file is something the crawler can safely run.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import pactwatch

PATH = Path(pactwatch.__file__).parent / "default_sources.toml"

REQUIRED_KEYS = {
    "name",
    "title",
    "region",
    "kind",
    "start_urls",
    "article_patterns",
    "follow_patterns",
    "feeds",
    "sitemaps",
    "every",
    "max_pages",
    "allowed_domains",
    "checked_on",
    "notes",
}
OPTIONAL_KEYS = {"extract", "enabled"}
EXTRACT_KEYS = {"title", "body", "published", "remove"}
KINDS = {"government", "newspaper", "portal"}

# Hosts the brief requires; each inner tuple is satisfied by any one of its hosts.
REQUIRED_HOSTS = [
    ("www.sc.gov.cn",),
    ("www.cq.gov.cn",),
    ("epaper.cqrb.cn", "www.cqrb.cn"),
    ("www.cqnews.net", "cq.cqnews.net", "news.cqnews.net"),
    ("www.cqcb.com",),
    ("cbgc.scol.com.cn", "epaper.scdaily.cn"),
    ("www.scol.com.cn", "sichuan.scol.com.cn"),
    ("www.scjjrb.com",),
    ("www.cdrb.com.cn", "www.chengdu.cn", "news.chengdu.cn"),
    ("www.luzhou.gov.cn", "www.lzep.cn"),
    ("www.my.gov.cn",),
]

# One URL per source in the shape its article_patterns are meant to accept, and (where
# it matters) one that they must refuse. They document the intended shapes; whether the
# live sites still use them is what each entry's `notes` asks to verify.
HEX = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
ARTICLE_EXAMPLES = {
    "sc-gov": f"https://www.sc.gov.cn/10462/10464/10797/2024/6/8/{HEX}.shtml",
    "cq-gov": "https://www.cq.gov.cn/ywdt/jrcq/202406/t20240608_13281234.html",
    "sc-fgw": f"https://fgw.sc.gov.cn/sfgw/c106088/2024/6/8/{HEX}.shtml",
    "cq-fzggw": "https://fzggw.cq.gov.cn/zwxx/fzggdt/202406/t20240608_13281234.html",
    "cqrb": "https://epaper.cqrb.cn/html/cqrb/2024-06/08/001/content_rb_312345.htm",
    "cqnews": "https://news.cqnews.net/1/detail/1249851234/web/content_1249851234.html",
    "cqcb": "https://www.cqcb.com/hot/2024-06-08/5612345_pc.html",
    "cq-people": "http://cq.people.com.cn/n2/2024/0608/c365401-40872345.html",
    "cbgc": "https://cbgc.scol.com.cn/news/5123456",
    "scdaily-epaper": "https://epaper.scdaily.cn/shtml/scrb/20240608/312345.shtml",
    "scol": "https://sichuan.scol.com.cn/ggxw/202406/58912345.html",
    "scjjrb": "https://www.scjjrb.com/2024/06/08/99412345.html",
    "sc-people": "http://sc.people.com.cn/n2/2024/0608/c345167-40872345.html",
    "cdrb": "https://www.cdrb.com.cn/epaper/cdrbpc/202406/08/c134567.html",
    "chengdu-cn": "https://news.chengdu.cn/2024/0608/2412345.shtml",
    "chengdu-gov": f"https://www.chengdu.gov.cn/cdsrmzf/c169604/2024-06/08/content_{HEX}.shtml",
    "luzhou-gov": "https://www.luzhou.gov.cn/xw/jrlz/content_1034567",
    "lzep": "https://www.lzep.cn/xinwen/2024-06/08/content_123456.html",
    "mianyang-gov": f"https://www.my.gov.cn/mysrmzf/c100111/2024-06/08/content_{HEX}.shtml",
    "suining-gov": f"https://www.suining.gov.cn/snsrmzf/c100071/2024-06/08/content_{HEX}.shtml",
    "guangan-gov": f"https://www.guang-an.gov.cn/gasrmzfw/c100061/2024-06/08/content_{HEX}.shtml",
    "dazhou-gov": "https://www.dazhou.gov.cn/articshow_20150716231227389_123456.html",
    "yongchuan-gov": "https://www.cqyc.gov.cn/zwxx_208/bmdt/202406/t20240608_13281234.html",
    "rongchang-gov": "https://www.rongchang.gov.cn/zwxx_211/bmdt/202406/t20240608_13281234.html",
}
NOT_ARTICLES = {
    "cq-gov": "https://www.cq.gov.cn/ywdt/jrcq/index_1.html",
    "cq-fzggw": "https://fzggw.cq.gov.cn/zwgk/zfxxgkml/202406/t20240608_13281234.html",
    "yongchuan-gov": "https://www.cqyc.gov.cn/zwgk_208/zfxxgkml/202406/t20240608_1.html",
    "cdrb": "https://www.cdrb.com.cn/epaper/cdrbpc/202406/08/l01.html",
    "scdaily-epaper": "https://epaper.scdaily.cn/shtml/scrb/20240608/v01.shtml",
    "sc-gov": "https://www.sc.gov.cn/10462/10464/10797/zwyw_list.shtml",
    "dazhou-gov": "https://www.dazhou.gov.cn/articlist_20150716231227389_1.html",
}
# List pages (pagination, sub-columns) each source's follow_patterns are meant to accept.
FOLLOW_EXAMPLES = {
    "sc-gov": "https://www.sc.gov.cn/10462/10464/10465/10595/szdt_list.shtml",
    "cq-gov": "https://www.cq.gov.cn/ywdt/zwhd/qxdt/index_2.html",
    "cqrb": "https://epaper.cqrb.cn/html/cqrb/2024-06/08/001/node.htm",
    "cq-people": "http://cq.people.com.cn/GB/365401/index2.html",
    "scdaily-epaper": "https://epaper.scdaily.cn/shtml/scrb/20240608/v02.shtml",
    "cdrb": "https://www.cdrb.com.cn/epaper/cdrbpc/202406/08/l02.html",
    "chengdu-gov": "https://www.chengdu.gov.cn/cdsrmzf/c169604/list_2.shtml",
    "luzhou-gov": "https://www.luzhou.gov.cn/xw/qxdt/",
    "yongchuan-gov": "https://www.cqyc.gov.cn/zwxx_208/bmdt/index_1.html",
    "dazhou-gov": "https://www.dazhou.gov.cn/articlist_20150716231227389_2.html",
    "sc-fgw": "https://fgw.sc.gov.cn/sfgw/tzgg/olist_2.shtml",
}


def _load() -> dict[str, Any]:
    with PATH.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def sources() -> list[dict[str, Any]]:
    return _load()["sources"]


def _by_name(sources: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in sources}


def _urls(source: dict[str, Any]) -> list[str]:
    return [*source["start_urls"], *source["feeds"], *source["sitemaps"]]


def _hosts(source: dict[str, Any]) -> set[str]:
    return {urlsplit(u).hostname or "" for u in _urls(source)} | set(source["allowed_domains"])


def _on_domain(host: str, domains: set[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_article(source: dict[str, Any], url: str) -> bool:
    return any(re.search(p, url) for p in source["article_patterns"])


def _interval(text: str) -> timedelta:
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?", text)
    assert text, "empty interval"
    assert match, f"bad interval {text!r}"
    days, hours, minutes = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def test_file_parses_and_has_header() -> None:
    text = PATH.read_text("utf-8")
    assert text.startswith("#"), "the file should open with its explanatory header comment"
    assert "2026-11-22" in text
    assert set(_load()) == {"sources"}


def test_at_least_twelve_sources(sources: list[dict[str, Any]]) -> None:
    assert len(sources) >= 12


def test_names_unique_and_well_formed(sources: list[dict[str, Any]]) -> None:
    names = [s["name"] for s in sources]
    assert len(names) == len(set(names)), "duplicate source names"
    for name in names:
        assert re.fullmatch(r"[a-z0-9_-]+", name), name


def test_only_known_keys(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        keys = set(source)
        assert keys >= REQUIRED_KEYS, (source["name"], REQUIRED_KEYS - keys)
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, (source["name"], keys - REQUIRED_KEYS)
        assert "allow_private_addresses" not in source
        if "extract" in source:
            assert set(source["extract"]) <= EXTRACT_KEYS, source["name"]


def test_every_regex_compiles(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        for pattern in [*source["article_patterns"], *source["follow_patterns"]]:
            re.compile(pattern)


def test_urls_are_public_http(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        assert source["start_urls"] or source["feeds"] or source["sitemaps"], source["name"]
        for url in _urls(source):
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https"), url
            host = parts.hostname or ""
            assert "." in host, url
            assert host != "localhost", url
            assert not host.endswith((".localhost", ".local", ".internal", ".lan")), url
            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                continue
            assert address.is_global, url
        for domain in source["allowed_domains"]:
            assert re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", domain), domain


def test_article_patterns_are_specific(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        assert source["article_patterns"], source["name"]
        for pattern in source["article_patterns"]:
            anchored = pattern.startswith("^") or pattern.endswith("$")
            digits = r"\d" in pattern or "[0-9" in pattern
            fixed_path = re.search(r"/[a-z_]{2,}/", pattern) is not None
            assert anchored or digits or fixed_path, (source["name"], pattern)
        # A list page or a bare home page must never be taken for an article.
        for url in source["start_urls"]:
            assert not _is_article(source, url), (source["name"], url)
            root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
            assert not _is_article(source, root), (source["name"], root)


@pytest.mark.parametrize("name", sorted(ARTICLE_EXAMPLES))
def test_article_shapes(sources: list[dict[str, Any]], name: str) -> None:
    source = _by_name(sources).get(name)
    if source is None:
        pytest.skip(f"{name} is no longer a default source")
    url = ARTICLE_EXAMPLES[name]
    assert _is_article(source, url), url
    assert _on_domain(urlsplit(url).hostname or "", _hosts(source)), url
    if name in NOT_ARTICLES:
        assert not _is_article(source, NOT_ARTICLES[name]), NOT_ARTICLES[name]


@pytest.mark.parametrize("name", sorted(FOLLOW_EXAMPLES))
def test_list_page_shapes(sources: list[dict[str, Any]], name: str) -> None:
    source = _by_name(sources).get(name)
    if source is None:
        pytest.skip(f"{name} is no longer a default source")
    url = FOLLOW_EXAMPLES[name]
    assert any(re.search(p, url) for p in source["follow_patterns"]), url
    assert not _is_article(source, url), url


def test_regions_cover_both_sides(sources: list[dict[str, Any]]) -> None:
    regions = {s["region"] for s in sources}
    assert "重庆市" in regions
    assert "四川省" in regions
    assert len(regions) >= 6, regions
    for region in regions:
        assert region.startswith(("重庆市", "四川省")), region
    sichuan = [s for s in sources if s["region"].startswith("四川省")]
    chongqing = [s for s in sources if s["region"].startswith("重庆市")]
    assert len(sichuan) >= 4
    assert len(chongqing) >= 4


def test_required_outlets_present(sources: list[dict[str, Any]]) -> None:
    hosts = set().union(*(_hosts(s) for s in sources))
    for alternatives in REQUIRED_HOSTS:
        assert hosts & set(alternatives), alternatives


def test_kinds_and_schedules(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        assert source["kind"] in KINDS, source["name"]
        interval = _interval(source["every"])
        if source["kind"] == "government":
            assert timedelta(hours=2) <= interval <= timedelta(hours=6), source["name"]
        else:
            assert timedelta(minutes=30) <= interval <= timedelta(hours=1), source["name"]
        assert 1 <= source["max_pages"] <= 500, source["name"]


def test_provenance_is_recorded(sources: list[dict[str, Any]]) -> None:
    for source in sources:
        checked = source["checked_on"]
        if checked != "unknown":
            date.fromisoformat(checked)
        assert source["notes"].strip(), source["name"]
        assert source["title"].strip(), source["name"]


def test_no_invented_feeds(sources: list[dict[str, Any]]) -> None:
    # Feeds are only listed once verified; a feed on an unverified source is a guess.
    for source in sources:
        if source["checked_on"] == "unknown":
            assert source["feeds"] == [], source["name"]


def test_the_loader_accepts_the_defaults() -> None:
    from pactwatch.core import config

    loaded = config.load_sources(None)
    assert [s.name for s in loaded] == [s["name"] for s in _load()["sources"]]
    assert all(not s.allow_private_addresses for s in loaded)


# --- the evidence: real URLs per host (../shared/fixtures/source-urls.json) ----------------

EVIDENCE = (
    Path(pactwatch.__file__).resolve().parents[2] / "shared" / "fixtures" / "source-urls.json"
)
# Evidence lines that say a URL is deliberately not an article of the source.
_EXCLUDED = re.compile(r"exclud|MIRROR|not bundled|not govt portal|old .* subdomain")
# The list pages the issue names: each must be a start URL of its source.
NAMED_LISTS = {
    "www.luzhou.gov.cn": "http://www.luzhou.gov.cn/xw/jrxx",
    "www.my.gov.cn": "http://www.my.gov.cn/ywdt/snyw/index.html",
    "www.suining.gov.cn": "http://www.suining.gov.cn/web/sn/snzx",
    "www.guang-an.gov.cn": "http://www.guang-an.gov.cn/gasrmzfw/gayw/list.shtml",
    "www.dazhou.gov.cn": "http://www.dazhou.gov.cn/articlist_20150716231227389_1.html",
    "fgw.sc.gov.cn": "http://fgw.sc.gov.cn/sfgw/gzdt/list.shtml",
}


def _evidence() -> dict[str, Any]:
    if not EVIDENCE.is_file():
        pytest.skip(f"{EVIDENCE} not found: the evidence file lives beside the repository")
    import json

    return dict(json.loads(EVIDENCE.read_text("utf-8")))


def _covering(sources: list[dict[str, Any]], host: str, name: str | None) -> dict[str, Any] | None:
    if name is not None:
        return _by_name(sources).get(name)
    covering = [s for s in sources if _on_domain(host, _hosts(s))]
    return covering[0] if len(covering) == 1 else None


def _excluded(entry: dict[str, Any], source: dict[str, Any], url: str) -> bool:
    """Evidence the source leaves out on purpose: flagged lines, files, and 政务公开 (zwgk)
    policy documents where the source's patterns exclude them."""
    lines = [e for e in entry["evidence"] if e.startswith(url + " ")]
    if lines and _EXCLUDED.search(lines[0]):
        return True
    policy = any("(?!zwgk)" in p for p in source["article_patterns"]) and "/zwgk" in url
    return policy or url.endswith((".pdf", ".docx"))


def _without_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url)


def test_every_bundled_pattern_matches_the_evidence_for_its_host(
    sources: list[dict[str, Any]],
) -> None:
    checked = 0
    for host, entry in _evidence().items():
        source = _covering(sources, host, entry["source"])
        if source is None:
            continue
        assert _on_domain(host, _hosts(source)), (source["name"], host)
        for url in entry["article_urls"]:
            expected = not _excluded(entry, source, url)
            assert _is_article(source, url) is expected, (source["name"], url, expected)
            checked += 1
        for url in entry["list_urls"]:
            assert not _is_article(source, url), (source["name"], url)
    assert checked >= 40


def test_the_list_pages_named_in_the_evidence_are_start_urls(
    sources: list[dict[str, Any]],
) -> None:
    evidence = _evidence()
    for host, url in NAMED_LISTS.items():
        source = _covering(sources, host, evidence[host]["source"])
        assert source is not None, host
        starts = {_without_scheme(u).rstrip("/") for u in source["start_urls"]}
        assert _without_scheme(url).rstrip("/") in starts, (source["name"], url)


def test_the_region_is_covered(sources: list[dict[str, Any]]) -> None:
    regions = [s["region"] for s in sources if s["kind"] == "government"]
    sichuan_cities = {r for r in regions if r.startswith("四川省") and r != "四川省"}
    chongqing_districts = {r for r in regions if r.startswith("重庆市") and r != "重庆市"}
    assert len(sichuan_cities) == 21, sorted(sichuan_cities)
    assert len(chongqing_districts) == 38, sorted(chongqing_districts)
    hosts = set().union(*(_hosts(s) for s in sources))
    for department in ("jxt", "swt", "edu", "wsjkw", "sthjt", "jtt", "wlt"):
        assert f"{department}.sc.gov.cn" in hosts
    for department in ("fzggw", "jjxxw", "sww", "jw", "wsjkw", "sthjj", "jtj", "whlyw"):
        assert f"{department}.cq.gov.cn" in hosts
    assert all(s["checked_on"] == "unknown" for s in sources)
