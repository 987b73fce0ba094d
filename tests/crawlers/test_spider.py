"""The spider's parsing, on hand-made responses (the real-server crawl is in test_crawl)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse

from crawlers.items import ArticlePage, FetchFailure, Listing
from crawlers.middlewares import ListingFilterMiddleware
from crawlers.spiders.news import NewsSpider

SOURCE = {
    "name": "t",
    "start_urls": ["http://news.example/list/"],
    "article_patterns": [r"/content_\d+\.htm$"],
    "follow_patterns": [r"/list/index_\d+\.html$"],
    "feeds": ["http://news.example/rss.xml"],
    "sitemaps": ["http://news.example/sitemap.xml"],
    "max_pages": 100,
}
LIST_PAGE = b"""<html><body>
<a href="/a/content_1.htm">one</a> <a href="/a/content_2.htm">two</a>
<a href="/a/content_2.htm">two again</a> <a href="/about.html">about</a>
<a href="/list/index_2.html">next</a></body></html>"""


def _response(
    url: str,
    body: bytes,
    meta: dict[str, Any],
    cls: type = HtmlResponse,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    request = Request(url, meta=meta)
    return cls(url=url, body=body, request=request, status=status, headers=headers or {})


async def _starts(spider: NewsSpider) -> list[Request]:
    return [request async for request in spider.start()]


def test_start_requests_are_conditional_when_validators_are_known() -> None:
    import asyncio

    spider = NewsSpider(SOURCE, validators={"http://news.example/list/": ['"abc"', None]})
    requests = asyncio.run(_starts(spider))
    kinds = [r.meta["pw_kind"] for r in requests]
    assert kinds == ["list", "feed", "sitemap"]
    assert requests[0].headers.get("If-None-Match") == b'"abc"'
    assert requests[1].headers.get("If-None-Match") is None
    assert all(304 in r.meta["handle_httpstatus_list"] for r in requests)


def test_list_page_yields_listing_articles_and_pagination() -> None:
    spider = NewsSpider(SOURCE)
    response = _response(
        "http://news.example/list/", LIST_PAGE, {"pw_kind": "list"}, headers={"ETag": '"v1"'}
    )
    out = list(spider.parse_listing(response))
    listing = out[0]
    assert isinstance(listing, Listing)
    assert listing.etag == '"v1"' and listing.links_found == 2
    urls = [(r.meta["pw_kind"], r.url) for r in out[1:]]
    assert urls == [
        ("article", "http://news.example/a/content_1.htm"),
        ("article", "http://news.example/a/content_2.htm"),
        ("list", "http://news.example/list/index_2.html"),
    ]


def test_not_modified_listing_yields_only_its_listing() -> None:
    spider = NewsSpider(SOURCE)
    response = _response("http://news.example/list/", b"", {"pw_kind": "list"}, status=304)
    out = list(spider.parse_listing(response))
    assert len(out) == 1 and out[0].status == 304


def test_feed_entries_are_articles_and_a_broken_feed_is_counted() -> None:
    spider = NewsSpider(SOURCE)
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        "<item><title>签约</title><link>http://news.example/x/1.html</link></item>"
        "<item><title>二</title><link>http://news.example/x/2.html</link>"
    ).encode()
    response = _response("http://news.example/rss.xml", feed, {"pw_kind": "feed"}, cls=TextResponse)
    out = list(spider.parse_listing(response))
    assert [o.url for o in out if isinstance(o, Request)] == [
        "http://news.example/x/1.html",
        "http://news.example/x/2.html",
    ]
    failures = [o for o in out if isinstance(o, FetchFailure)]
    assert [f.kind for f in failures] == ["bad_feed"]


def test_sitemap_index_and_urlset() -> None:
    spider = NewsSpider(SOURCE)
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://news.example/s1.xml</loc></sitemap></sitemapindex>"
    )
    out = list(
        spider.parse_listing(
            _response(
                "http://news.example/sitemap.xml", index, {"pw_kind": "sitemap"}, cls=Response
            )
        )
    )
    assert [(r.meta["pw_kind"], r.url) for r in out[1:]] == [
        ("sitemap", "http://news.example/s1.xml")
    ]
    urlset = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://news.example/a/content_9.htm</loc><lastmod>2026-11-01</lastmod></url>"
        b"<url><loc>http://news.example/about.html</loc></url></urlset>"
    )
    out = list(
        spider.parse_listing(
            _response("http://news.example/s1.xml", urlset, {"pw_kind": "sitemap"}, cls=Response)
        )
    )
    articles = [r for r in out if isinstance(r, Request)]
    assert [r.url for r in articles] == ["http://news.example/a/content_9.htm"]
    assert articles[0].meta["pw_published"] == "2026-11-01"


def test_article_response_becomes_an_article_page_and_binary_is_refused() -> None:
    spider = NewsSpider(SOURCE)
    meta = {"pw_kind": "article", "pw_via": "http://news.example/list/"}
    page = _response(
        "http://news.example/a/content_1.htm",
        "<html>文章</html>".encode(),
        meta,
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    [item] = list(spider.parse_article(page))
    assert isinstance(item, ArticlePage) and item.via == "http://news.example/list/"
    pdf = _response(
        "http://news.example/a/content_2.htm",
        b"%PDF-1.4",
        meta,
        cls=Response,
        headers={"Content-Type": "application/pdf"},
    )
    [failure] = list(spider.parse_article(pdf))
    assert isinstance(failure, FetchFailure) and failure.kind == "not_html"


class _Seen:
    def __init__(self, urls: set[str]) -> None:
        self.urls = urls

    def known(self, urls: list[str]) -> set[str]:
        return {u for u in urls if u in self.urls}

    def held_back(self, urls: list[str]) -> set[str]:
        return set()


def _outputs(spider: NewsSpider) -> list[Any]:
    response = _response("http://news.example/list/", LIST_PAGE, {"pw_kind": "list"})
    return list(spider.parse_listing(response))


def test_filter_drops_known_articles_and_keeps_pagination_while_something_is_new() -> None:
    spider = NewsSpider(SOURCE)
    middleware = ListingFilterMiddleware(_Seen({"http://news.example/a/content_1.htm"}), 100)
    out = middleware.filter(_outputs(spider))
    assert [r.url for r in out if isinstance(r, Request)] == [
        "http://news.example/a/content_2.htm",
        "http://news.example/list/index_2.html",
    ]
    assert out[0].links_new == 1


def test_filter_stops_pagination_when_a_page_has_nothing_new() -> None:
    spider = NewsSpider(SOURCE)
    seen = _Seen({"http://news.example/a/content_1.htm", "http://news.example/a/content_2.htm"})
    out = ListingFilterMiddleware(seen, 100).filter(_outputs(spider))
    assert [o for o in out if isinstance(o, Request)] == []
    assert out[0].links_new == 0


def test_filter_enforces_the_page_budget_and_marks_the_listing() -> None:
    spider = NewsSpider(SOURCE)
    middleware = ListingFilterMiddleware(_Seen(set()), max_pages=2)
    middleware.issued = 1  # the start request
    out = middleware.filter(_outputs(spider))
    assert [r.url for r in out if isinstance(r, Request)] == ["http://news.example/a/content_1.htm"]
    assert out[0].links_over_budget == 1


def test_links_requested_earlier_in_the_crawl_cost_no_budget_and_keep_pagination() -> None:
    spider = NewsSpider(SOURCE)
    middleware = ListingFilterMiddleware(_Seen(set()), max_pages=4)
    # The feed already asked for both articles and the next list page.
    middleware.requested = {
        "http://news.example/a/content_1.htm",
        "http://news.example/a/content_2.htm",
    }
    middleware.issued = 3
    out = middleware.filter(_outputs(spider))
    assert [r.url for r in out if isinstance(r, Request)] == [
        "http://news.example/list/index_2.html"
    ]
    assert out[0].links_new == 0 and out[0].links_over_budget == 0
    # The same pager link on the next page is not requested (nor paid for) twice.
    again = middleware.filter(_outputs(spider))
    assert [r for r in again if isinstance(r, Request)] == []
