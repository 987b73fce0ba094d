"""Pattern inference on list pages in the URL shapes of real Chinese CMSs (no network)."""

from __future__ import annotations

import re

import pytest

from crawlers.inference import ListPage, infer
from crawlers.inference.discovery import advertised_feeds, looks_like_feed, robots_sitemaps
from tests.crawlers.cms_pages import CmsShape, list_page, shapes

SHAPES = shapes()


def _matches(patterns: tuple[str, ...], url: str) -> bool:
    return any(re.search(p, url) for p in patterns)


def test_at_least_twelve_cms_shapes() -> None:
    assert len({s.name for s in SHAPES}) >= 12


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_articles_and_pagination_of_a_cluttered_list_page(shape: CmsShape) -> None:
    page = list_page(shape)
    result = infer([ListPage(page.url, page.html)])
    assert result.reason is None
    taken = {url for url, _ in result.articles}
    assert taken == page.articles  # every article, and no navigation, column or topic page
    for url in page.unseen:  # other days and ids of the same column
        assert _matches(result.article_patterns, url), (url, result.article_patterns)
    assert not _matches(result.article_patterns, page.url)
    for url in page.pagers:
        assert _matches(result.follow_patterns, url), (url, result.follow_patterns)
        assert not _matches(result.article_patterns, url)
    for url in page.articles:
        assert not _matches(result.follow_patterns, url)


@pytest.mark.parametrize("shape", SHAPES[:4], ids=lambda s: s.name)
def test_a_second_list_page_adds_evidence_not_noise(shape: CmsShape) -> None:
    first, second = list_page(shape), list_page(shape, page=2)
    result = infer([ListPage(first.url, first.html), ListPage(second.url, second.html)])
    assert {url for url, _ in result.articles} == first.articles
    assert all(c.pages_seen == 2 for c in result.chosen)


def test_a_short_list_still_counts_as_a_repeated_shape() -> None:
    page = list_page(SHAPES[0], per_page=3)
    result = infer([ListPage(page.url, page.html)])
    assert {url for url, _ in result.articles} == page.articles


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def test_columns_of_one_shape_merge_into_one_pattern() -> None:
    rows = "".join(
        f'<li><a href="/ywdt/{col}/202405/t202405{d:02d}_{1000 + d}.html">'
        f"泸州市与永川区签署协议第{d}号</a></li>"
        for col in ("jrcq", "qxdt")
        for d in range(1, 6)
    )
    result = infer([ListPage("https://www.cq.gov.cn/", _page(f"<ul>{rows}</ul>"))])
    assert result.article_patterns == (
        r"^https?://www\.cq\.gov\.cn/ywdt/(?:jrcq|qxdt)/\d{6}/t\d{8}_\d+\.html$",
    )


def test_no_repeated_shape_is_a_reason() -> None:
    links = '<a href="/a.html">一篇很长的新闻标题在这里出现</a><a href="/about/">关于</a>'
    result = infer([ListPage("https://www.example.cn/", _page(links))])
    assert result.article_patterns == ()
    assert result.reason is not None and "no repeated link shape" in result.reason


def test_a_calendar_is_never_taken_for_articles() -> None:
    days = "".join(f'<a href="/archive.php?date=2024-05-{d:02d}">{d}</a>' for d in range(1, 32))
    result = infer([ListPage("https://www.example.cn/archive.php", _page(days))])
    assert result.article_patterns == ()
    assert (
        result.reason is not None and "calendar" in result.reason and "never end" in result.reason
    )


def test_search_links_are_skipped_beside_real_articles() -> None:
    page = list_page(SHAPES[0])
    searches = "".join(
        f'<a href="/search/?keyword=%E5%8D%8F%E8%AE%AE{n}">热门搜索：合作协议第{n}条结果页面</a>'
        for n in range(6)
    )
    html = page.html.replace("</body>", f"<div>{searches}</div></body>")
    result = infer([ListPage(page.url, html)])
    assert {url for url, _ in result.articles} == page.articles
    assert any("search" in line for line in result.skipped)


def test_feeds_and_sitemaps_are_found() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" href="/rss/news.xml">'
        '<link rel="stylesheet" href="/a.css">'
    )
    html = f"<html><head>{head}</head><body></body></html>"
    assert advertised_feeds(html, "https://www.example.cn/news/") == [
        "https://www.example.cn/rss/news.xml"
    ]
    robots = "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap_index.xml\nsitemap: https://www.example.cn/news.xml\n"
    assert robots_sitemaps(robots, "https://www.example.cn/robots.txt") == [
        "https://www.example.cn/sitemap_index.xml",
        "https://www.example.cn/news.xml",
    ]
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0"><channel>')
    assert not looks_like_feed(b"<!DOCTYPE html><html>")


def test_a_pager_written_by_script_is_reported() -> None:
    page = list_page(SHAPES[0])
    html = page.html.replace('<div class="pages">', '<div class="pages" hidden>')
    for url in page.pagers:
        html = html.replace(f'href="{url}"', 'href="#"')
    html = html.replace(
        "</body>", '<script>createPageHTML(12, 0, "index", "html");</script></body>'
    )
    result = infer([ListPage(page.url, html)])
    assert result.follow_patterns == ()
    assert any("createPageHTML, 12 pages" in line for line in result.skipped)
