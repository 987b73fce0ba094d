"""The sample news site, fetched with urllib/http.client (no Scrapy): pages, validators, faults."""

from __future__ import annotations

import gzip
import html
import http.client
import importlib.util
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin

import pytest

from pactwatch.core.config import parse_config
from pactwatch.sample_site import FURNITURE_MARKERS, SampleArticle, SampleSite

REAL_PAGES = Path("/work/shared/fixtures/real-pages")
SITEGEN = Path(__file__).resolve().parents[2] / "bench" / "sitegen.py"
SLOW = 0.3


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSite]:
    with SampleSite(slow_seconds=SLOW) as running:
        yield running


def fetch(
    url: str, headers: Mapping[str, str] | None = None, timeout: float = 5
) -> tuple[int, http.client.HTTPMessage, bytes]:
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def raw_get(
    site: SampleSite, path: str, timeout: float = 5
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET without following redirects."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def links(page: bytes) -> list[str]:
    return re.findall(r'href="([^"]+)"', page.decode("utf-8"))


def article(site: SampleSite, key: str) -> SampleArticle:
    return next(a for a in site.articles(include_private=True) if a.key == key)


# --- content --------------------------------------------------------------------------------


def test_catalogue_has_what_the_demo_needs(site: SampleSite) -> None:
    articles = site.articles()
    assert {a.site for a in articles} == {"cq", "sc"}
    assert sum(a.kind == "seed" for a in articles) == 3
    assert 8 <= sum(not a.is_agreement for a in articles) <= 12
    assert sum(a.is_agreement and a.kind == "synthetic" for a in articles) >= 2
    reprints = [a for a in articles if a.reprint_of]
    assert any(a.script == "hant" for a in reprints)
    for reprint in reprints:
        original = article(site, reprint.reprint_of or "")
        assert original.site != reprint.site
    assert not any(a.private for a in articles)
    assert all(a.url.startswith(site.base_url) for a in articles)


def test_list_pages_paginate_and_link_every_article(site: SampleSite) -> None:
    for first, site_name in (("/cq/news/index.html", "cq"), ("/sc/xw/index.html", "sc")):
        seen: list[str] = []
        queue, done = [first], set()
        while queue:
            path = queue.pop(0)
            done.add(path)
            status, _, body = fetch(site.url(path))
            assert status == 200
            found = links(body)
            seen += [h for h in found if "/news/content_" in h or re.search(r"/t\d{8}_", h)]
            queue += [h for h in found if re.search(r"/index_\d+\.html$", h) and h not in done]
        expected = {a.path for a in site.articles() if a.site == site_name}
        assert expected <= set(seen)
        assert len(done) >= 2  # paginated


@pytest.mark.parametrize("key", ["cq-1001", "cq-2603", "sc-3001", "sc-3003", "sc-3007"])
def test_article_page_has_text_date_and_furniture(site: SampleSite, key: str) -> None:
    item = article(site, key)
    status, _, body = fetch(item.url)
    page = html.unescape(body.decode(item.encoding))
    assert status == 200
    assert item.headline in page
    assert all(paragraph in page for paragraph in item.paragraphs)
    assert (
        item.published.strftime("%Y-%m-%d") in page
        or item.published.strftime("%Y年%m月%d日") in page
    )
    assert "<script" in page
    furniture = [m for m in FURNITURE_MARKERS if m in page]
    assert len(furniture) >= 5
    assert not [m for m in FURNITURE_MARKERS if m in item.text]


def test_no_article_text_contains_furniture(site: SampleSite) -> None:
    for item in site.articles():
        assert not [m for m in FURNITURE_MARKERS if m in item.text], item.key


def test_gbk_page_declares_no_charset_anywhere(site: SampleSite) -> None:
    item = article(site, "cq-2602")
    _, headers, body = fetch(item.url)
    assert headers["Content-Type"] == "text/html"
    assert b"charset" not in body.lower() and b"encoding=" not in body.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert item.headline in body.decode("gbk")


def test_mislabelled_page_says_utf8_but_is_gbk(site: SampleSite) -> None:
    item = article(site, "cq-2605")
    _, headers, body = fetch(item.url)
    assert headers.get_content_charset() == "utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert item.headline in body.decode("gbk")


def test_gb2312_meta_page_needs_gbk(site: SampleSite) -> None:
    item = article(site, "cq-2606")
    _, _, body = fetch(item.url)
    assert b'<meta charset="gb2312">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    assert "王堃" in body.decode("gbk")


def test_gb18030_page_needs_gb18030(site: SampleSite) -> None:
    item = article(site, "sc-3007")
    _, headers, body = fetch(item.url)
    assert headers.get_content_charset() == "gb18030"
    with pytest.raises(UnicodeDecodeError):
        body.decode("gbk")
    assert "陈䶮" in body.decode("gb18030")


# --- feeds, sitemap, robots -----------------------------------------------------------------


def test_rss_and_sitemap_list_the_articles(site: SampleSite) -> None:
    _, headers, body = fetch(site.url("/sc/rss.xml"))
    assert headers["Content-Type"].startswith("application/rss+xml")
    feed_links = [e.text for e in ET.fromstring(body).iter("link")][1:]
    assert set(feed_links) == {a.url for a in site.articles() if a.site == "sc"}
    _, _, body = fetch(site.url("/cq/sitemap.xml"))
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {e.text for e in ET.fromstring(body).iter(f"{namespace}loc")}
    assert locs == {a.url for a in site.articles() if a.site == "cq"}


def test_robots_disallows_the_linked_private_article(site: SampleSite) -> None:
    _, _, robots = fetch(site.url("/robots.txt"))
    assert b"Disallow: /private/" in robots
    private = [a for a in site.articles(include_private=True) if a.private]
    assert private
    _, _, listing = fetch(site.url("/cq/news/index.html"))
    assert private[0].path in links(listing)
    assert fetch(private[0].url)[0] == 200  # served: only robots.txt keeps crawlers out


# --- HTTP behaviour -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/cq/news/index.html", "/sc/rss.xml", "/cq/sitemap.xml"])
def test_conditional_get_answers_304(site: SampleSite, path: str) -> None:
    status, headers, _ = fetch(site.url(path))
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and modified
    assert fetch(site.url(path), {"If-None-Match": etag})[0] == 304
    assert fetch(site.url(path), {"If-Modified-Since": modified})[0] == 304
    assert (
        fetch(site.url(path), {"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    )  # If-None-Match decides when present
    earlier = datetime(2000, 1, 1, tzinfo=UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert fetch(site.url(path), {"If-Modified-Since": earlier})[0] == 200


def test_gzip_when_accepted_with_its_own_etag(site: SampleSite) -> None:
    url = site.url("/cq/news/content_1001.htm")
    _, plain_headers, plain = fetch(url)
    _, headers, packed = fetch(url, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    assert headers["ETag"] != plain_headers["ETag"]
    assert fetch(url, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})[0] == 304


def test_request_log_records_and_resets(site: SampleSite) -> None:
    site.reset_log()
    _, headers, _ = fetch(site.url("/sc/xw/index.html"))
    fetch(site.url("/sc/xw/index.html"), {"If-None-Match": headers["ETag"]})
    fetch(site.url("/nowhere.html"))
    log = site.requests()
    assert [(e.method, e.path, e.status) for e in log] == [
        ("GET", "/sc/xw/index.html", 200),
        ("GET", "/sc/xw/index.html", 304),
        ("GET", "/nowhere.html", 404),
    ]
    assert log[1].headers["If-None-Match"] == headers["ETag"]
    assert log[0].headers["User-Agent"].startswith("Python-urllib")
    assert log[0].time <= log[2].time
    site.reset_log()
    assert site.requests() == []


def test_publish_puts_a_new_article_on_top(site: SampleSite) -> None:
    _, headers, _ = fetch(site.url("/cq/news/index.html"))
    template = article(site, "cq-2601")
    fresh = replace(
        template,
        key="cq-2701",
        number=2701,
        headline="新发布的测试稿件",
        published=datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=8))),
    )
    published = site.publish(fresh)
    status, _, body = fetch(site.url("/cq/news/index.html"), {"If-None-Match": headers["ETag"]})
    assert status == 200
    assert links(body)[0] == published.path
    assert fetch(published.url)[0] == 200


# --- faults ---------------------------------------------------------------------------------


def test_faults_index_links_every_fault(site: SampleSite) -> None:
    _, _, body = fetch(site.url("/faults/index.html"))
    found = links(body)
    for name in (
        "missing",
        "error",
        "flaky",
        "throttled",
        "slow",
        "dropped",
        "truncated",
        "huge",
        "loop-a",
        "offsite",
        "to-file",
        "empty",
        "big-list",
    ):
        assert f"/faults/{name}.html" in found
    assert "/faults/broken.xml" in found and "/faults/report.pdf" in found


def test_status_faults(site: SampleSite) -> None:
    site.reset_faults()
    assert raw_get(site, "/faults/missing.html")[0] == 404
    assert [raw_get(site, "/faults/error.html")[0] for _ in range(2)] == [500, 500]
    assert [raw_get(site, "/faults/flaky.html")[0] for _ in range(2)] == [503, 200]
    status, headers, _ = raw_get(site, "/faults/throttled.html")
    assert (status, headers["Retry-After"]) == (429, "1")
    assert raw_get(site, "/faults/throttled.html")[0] == 200


def test_redirect_faults(site: SampleSite) -> None:
    assert raw_get(site, "/faults/loop-a.html")[1]["Location"] == "/faults/loop-b.html"
    assert raw_get(site, "/faults/loop-b.html")[1]["Location"] == "/faults/loop-a.html"
    offsite = raw_get(site, "/faults/offsite.html")[1]["Location"]
    assert offsite.startswith(f"http://127.0.0.2:{site.port}/")
    assert raw_get(site, "/faults/to-file.html")[1]["Location"] == "file:///etc/passwd"


def test_slow_page_outlasts_a_short_timeout(site: SampleSite) -> None:
    with pytest.raises(TimeoutError):
        fetch(site.url("/faults/slow.html"), timeout=SLOW / 3)
    started = time.monotonic()
    assert fetch(site.url("/robots.txt"))[0] == 200  # other requests are not held up
    assert time.monotonic() - started < SLOW / 3
    started = time.monotonic()
    assert fetch(site.url("/faults/slow.html"))[0] == 200
    assert time.monotonic() - started >= SLOW


def test_broken_connections(site: SampleSite) -> None:
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        raw_get(site, "/faults/dropped.html")
    with pytest.raises(http.client.IncompleteRead):
        raw_get(site, "/faults/truncated.html")


@pytest.mark.parametrize("path", ["/faults/huge.html", "/faults/huge-stream.html"])
def test_huge_page_is_20_mb_and_may_be_abandoned(site: SampleSite, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if path.endswith("huge.html"):
            assert response.headers["Content-Length"] == str(20 * 1024 * 1024)
        assert response.read(1 << 20).startswith(b"<!DOCTYPE html>")
    finally:
        connection.close()  # hang up mid-body, as a size limit does
    assert fetch(site.url("/robots.txt"))[0] == 200


def test_odd_bodies(site: SampleSite) -> None:
    _, _, feed = fetch(site.url("/faults/broken.xml"))
    with pytest.raises(ET.ParseError):
        ET.fromstring(feed)
    assert fetch(site.url("/faults/empty.html"))[::2] == (200, b"")
    _, headers, pdf = fetch(site.url("/faults/report.pdf"))
    assert headers["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    _, _, big = fetch(site.url("/faults/big-list.html"))
    assert len(links(big)) == 2000


def test_offsite_host_is_served_and_logged_as_such(site: SampleSite) -> None:
    site.reset_log()
    status, _, _ = fetch(f"{site.offsite_base}/faults/offsite-target.html")
    assert status == 200
    assert [e.host for e in site.requests()] == ["127.0.0.2"]


# --- extra directories, sources, generator ------------------------------------------------


def test_extra_dir_is_served_with_an_index(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_bytes("<html><body>地方新闻</body></html>".encode("gbk"))
    (tmp_path / "two.htm").write_text("<html><body>二</body></html>", "utf-8")
    (tmp_path / "notes.md").write_text("not a page", "utf-8")
    with SampleSite(extra_dirs={"saved": tmp_path}) as running:
        _, _, index = fetch(running.url("/saved/index.html"))
        assert links(index) == ["/saved/a/one.html", "/saved/two.htm"]
        status, headers, body = fetch(running.url("/saved/a/one.html"))
        assert (status, headers["Content-Type"]) == (200, "text/html")
        assert body.decode("gbk").endswith("地方新闻</body></html>")
        assert raw_get(running, "/saved/../../etc/passwd")[0] == 404
        assert fetch(running.url("/saved/a/one.html"), {"If-None-Match": headers["ETag"]})[0] == 304
        config = parse_config(running.sources_toml(["sample-saved"]))
        assert config.names() == ["sample-saved"]


@pytest.mark.skipif(not REAL_PAGES.is_dir(), reason="shared real-page fixtures not present")
def test_real_pages_directory() -> None:
    with SampleSite(extra_dirs={"real": REAL_PAGES}) as running:
        _, _, index = fetch(running.url("/real/index.html"))
        pages = links(index)
        assert len(pages) >= 50
        assert fetch(running.url(pages[0]))[0] == 200
        (source,) = parse_config(running.sources_toml(["sample-real"])).sources
        assert all(re.search(source.article_patterns[0], p) for p in pages)
        assert not re.search(source.article_patterns[0], "/real/index.html")


def test_sources_toml_is_valid_config_and_matches_the_urls(site: SampleSite) -> None:
    config = parse_config(site.sources_toml())
    assert config.names() == ["sample-cq", "sample-sc", "sample-faults"]
    for source in config.sources:
        assert source.allow_private_addresses and source.every == "30m"
    for item in site.articles(include_private=True):
        source = config.source(f"sample-{item.site}")
        assert any(re.search(p, item.url) for p in source.article_patterns), item.url
    cq, sc = config.source("sample-cq"), config.source("sample-sc")
    assert cq.sitemaps == [site.url("/cq/sitemap.xml")] and sc.feeds == [site.url("/sc/rss.xml")]
    assert re.search(cq.follow_patterns[0], site.url("/cq/news/index_2.html"))
    assert not re.search(cq.article_patterns[0], site.url("/cq/news/index_2.html"))
    assert re.search(sc.follow_patterns[0], site.url("/sc/xw/index_1.html"))
    faults = config.source("sample-faults")
    assert re.search(faults.article_patterns[0], site.url("/faults/slow.html"))
    assert not re.search(faults.article_patterns[0], site.url("/faults/index.html"))
    with pytest.raises(KeyError):
        site.sources_toml(["sample-nope"])


def _sitegen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sitegen", SITEGEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitegen"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_bench_site_generator(tmp_path: Path) -> None:
    _sitegen().generate(tmp_path, 120, gbk_share=0.5, seed=3)
    pages = sorted((tmp_path / "news").rglob("*.html"))
    assert len(pages) == 120
    assert all(20 * 1024 <= p.stat().st_size <= 100 * 1024 for p in pages)
    undeclared = [p for p in pages if b"charset" not in p.read_bytes()]
    assert undeclared
    with pytest.raises(UnicodeDecodeError):
        undeclared[0].read_bytes().decode("utf-8")
    with SampleSite(extra_dirs={"bench": tmp_path}) as running:
        (source,) = parse_config(running.sources_toml(["sample-bench"])).sources
        assert source.start_urls == [running.url("/bench/index.html")]
        _, _, index = fetch(source.start_urls[0])
        found = [urljoin(source.start_urls[0], href) for href in links(index)]
        assert len([h for h in found if re.search(source.article_patterns[0], h)]) == 50
        assert any(re.search(source.follow_patterns[0], h) for h in found)


def test_stop_ends_open_and_slow_connections() -> None:
    running = SampleSite(slow_seconds=30).start()
    idle = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
    idle.request("GET", "/robots.txt")
    idle.getresponse().read()  # a keep-alive connection left open
    outcome: list[object] = []

    def slow() -> None:
        try:
            outcome.append(raw_get(running, "/faults/slow.html")[0])
        except (OSError, http.client.HTTPException) as error:
            outcome.append(error)

    waiter = threading.Thread(target=slow)
    waiter.start()
    time.sleep(0.1)
    started = time.monotonic()
    running.stop()
    waiter.join(5)
    idle.close()
    assert time.monotonic() - started < 3
    assert outcome and outcome[0] != 200
