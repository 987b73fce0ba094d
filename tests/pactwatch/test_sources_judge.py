"""Judging probed pages (no network): what `sources add` proposes from what was fetched."""

from __future__ import annotations

from datetime import date

from crawlers.spiders.probe import ProbePage
from pactwatch.sources.judge import judge_add
from tests.pactwatch.test_sources_cli import article_html

HTML = "text/html; charset=utf-8"


def _page(kind: str, url: str, html: str) -> ProbePage:
    return ProbePage("s", kind, url, url, 200, HTML, html.encode("utf-8"))


def test_articles_on_a_sibling_host_widen_the_source_to_the_site() -> None:
    start = "https://www.lzep.cn/"
    links = "".join(
        f'<li><a href="https://news.lzep.cn/2024/0512/{100 + n}.html">'
        f"泸州日报报道成渝合作项目第{n}号</a></li>"
        for n in range(6)
    )
    items = [_page("start", start, f"<html><body><ul>{links}</ul></body></html>")]
    items += [
        _page(
            "article",
            f"https://news.lzep.cn/2024/0512/{100 + n}.html",
            article_html("泸州日报报道成渝合作项目", date(2024, 5, 12)),
        )
        for n in range(3)
    ]
    proposal = judge_add(start, items, "Asia/Shanghai")
    assert proposal.ok, proposal.reason
    assert proposal.allowed_domains == ("lzep.cn",)
    assert proposal.article_patterns == (r"^https?://news\.lzep\.cn/\d{4}/\d+/\d+\.html$",)
    assert [s.published_at.date() for s in proposal.samples if s.published_at] == [
        date(2024, 5, 12)
    ] * 3
