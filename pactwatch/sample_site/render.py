"""Articles → the bytes the sample site serves: article pages, list pages, RSS, sitemap."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from string import Template
from xml.sax.saxutils import escape as xml_escape

from pactwatch.sample_site.catalogue import CONTENT_DIR, SampleArticle

# Two CMSs paginate differently: one starts at index_2, the TRS-style one at index_1.
PER_PAGE = 6
LIST_PATHS = {"cq": "/cq/news/index{suffix}.html", "sc": "/sc/xw/index{suffix}.html"}
FIRST_SUFFIX = {"cq": 2, "sc": 1}
SITE_NAMES = {"cq": "山城新闻网", "sc": "蜀川新闻网"}

# Text that only page furniture carries; extraction tests assert none of it survives.
FURNITURE_MARKERS = (
    "分享到",
    "相关新闻",
    "新闻推荐",
    "网友评论",
    "发表评论",
    "版权所有",
    "责任编辑",
    "ICP备",
    "扫一扫",
    "打印本页",
    "热点排行",
    "当前位置",
)


@dataclass(frozen=True)
class Page:
    """A response body with its type; `etag`/`last_modified` set where validators apply."""

    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: datetime | None = None


def validated(body: bytes, content_type: str, last_modified: datetime | None) -> Page:
    """A page with a strong ETag derived from its bytes, so restarts keep it stable."""
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20] + '"'
    return Page(body, content_type, etag, last_modified)


def _template(name: str) -> Template:
    return Template((CONTENT_DIR / "templates" / name).read_text("utf-8"))


def _paragraphs_html(paragraphs: Sequence[str]) -> str:
    return "\n".join(f"    <p>{escape(p)}</p>" for p in paragraphs)


def _meta(site: str, charset: str) -> str:
    """The charset declaration each CMS writes; nothing at all when `charset` is empty."""
    if not charset:
        return ""
    if site == "sc":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n'
    return f'<meta charset="{charset}">\n'


def content_type(mime: str, charset: str) -> str:
    return f"{mime}; charset={charset}" if charset else mime


def render_article(article: SampleArticle, related: Sequence[SampleArticle]) -> Page:
    """An article page in its site's template and its declared (or undeclared) encoding."""
    related_html = "\n".join(
        f'      <li><a href="{r.path}">{escape(r.headline)}</a></li>' for r in related
    )
    html = _template(f"{article.site}_article.html").substitute(
        meta=_meta(article.site, article.meta_charset),
        headline=escape(article.headline),
        summary=escape(article.paragraphs[0][:60]),
        number=article.number,
        source=escape(article.source),
        author=escape(article.author),
        published=f"{article.published:%Y-%m-%d %H:%M:%S}",
        published_cn=f"{article.published:%Y年%m月%d日 %H:%M}",
        published_iso=article.published.isoformat(),
        body=_paragraphs_html(article.paragraphs),
        related=related_html,
    )
    body = html.encode(article.encoding)
    return validated(body, content_type("text/html", article.header_charset), article.published)


def render_plain(headline: str, paragraphs: Sequence[str], published: datetime) -> bytes:
    """A bare UTF-8 article page, for the fault section's pages that eventually succeed."""
    html = _template("plain_article.html").substitute(
        headline=escape(headline),
        published=f"{published:%Y-%m-%d %H:%M:%S}",
        published_iso=published.isoformat(),
        source="测试样例站",
        body=_paragraphs_html(paragraphs),
    )
    return html.encode("utf-8")


def list_path(site: str, page: int) -> str:
    suffix = "" if page == 1 else f"_{page - 2 + FIRST_SUFFIX[site]}"
    return LIST_PATHS[site].format(suffix=suffix)


def render_lists(
    site: str, articles: Sequence[SampleArticle], extra_links: Sequence[tuple[str, str]] = ()
) -> dict[str, Page]:
    """Paginated list pages, newest first; `extra_links` (href, text) go on page one."""
    chunks = [articles[i : i + PER_PAGE] for i in range(0, len(articles), PER_PAGE)] or [[]]
    pages: dict[str, Page] = {}
    for number, chunk in enumerate(chunks, start=1):
        items = [(a.path, a.headline, f"{a.published:%Y-%m-%d}") for a in chunk]
        if number == 1:
            items += [(href, text, "") for href, text in extra_links]
        html = _list_html(site, number, len(chunks), items)
        newest = max((a.published for a in chunk), default=None)
        pages[list_path(site, number)] = validated(
            html.encode("utf-8"), "text/html; charset=utf-8", newest
        )
    return pages


def _list_html(site: str, number: int, total: int, items: list[tuple[str, str, str]]) -> str:
    name = SITE_NAMES[site]
    rows = "\n".join(
        f'<li><a href="{escape(href)}" target="_blank">{escape(text)}</a>'
        f'<span class="date">{day}</span></li>'
        for href, text, day in items
    )
    pager = " ".join(
        f'<a href="{list_path(site, n)}">{n}</a>' if n != number else f"<b>{n}</b>"
        for n in range(1, total + 1)
    )
    if number < total:
        pager += f' <a href="{list_path(site, number + 1)}">下一页</a>'
    # TRS-style CMSs also write the pager from script; crawlers must not rely on it.
    script = (
        f'<script>createPageHTML({total}, {number - 1}, "index", "html");</script>'
        if site == "sc"
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<title>新闻列表_{name}</title></head>\n<body>\n<div class="nav">{name} &gt; 新闻</div>\n'
        f'<ul class="list">\n{rows}\n</ul>\n<div class="pager">{pager}</div>\n{script}\n'
        f'<div class="footer">{name} 版权所有</div>\n</body></html>\n'
    )


def render_rss(site: str, articles: Sequence[SampleArticle], base_url: str) -> Page:
    """An RSS 2.0 feed of a site's articles."""
    items = "\n".join(
        "<item>"
        f"<title>{xml_escape(a.headline)}</title>"
        f"<link>{base_url}{a.path}</link>"
        f'<guid isPermaLink="true">{base_url}{a.path}</guid>'
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{xml_escape(a.paragraphs[0][:120])}</description>"
        "</item>"
        for a in articles
    )
    newest = max((a.published for a in articles), default=None)
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{SITE_NAMES[site]}</title><link>{base_url}{list_path(site, 1)}</link>"
        f"<description>{SITE_NAMES[site]} 最新新闻</description><language>zh-cn</language>\n"
        f"{items}\n</channel></rss>\n"
    )
    return validated(xml.encode("utf-8"), "application/rss+xml; charset=utf-8", newest)


def render_sitemap(articles: Sequence[SampleArticle], base_url: str) -> Page:
    """A sitemaps.org urlset of the given articles, with lastmod."""
    urls = "\n".join(
        f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod></url>"
        for a in articles
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )
    newest = max((a.published for a in articles), default=None)
    return validated(xml.encode("utf-8"), "application/xml; charset=utf-8", newest)


def render_robots(base_url: str) -> Page:
    text = f"User-agent: *\nDisallow: /private/\n\nSitemap: {base_url}/cq/sitemap.xml\n"
    return Page(text.encode("ascii"), "text/plain; charset=utf-8")


def render_home(sections: Sequence[tuple[str, str]]) -> Page:
    """The root page: one link per section (href, label)."""
    links = "\n".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in sections)
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>pactwatch 样例站</title></head><body><ul>\n{links}\n</ul></body></html>\n"
    )
    return Page(html.encode("utf-8"), "text/html; charset=utf-8")
