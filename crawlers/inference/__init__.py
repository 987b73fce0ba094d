"""Infer a source's `article_patterns` and `follow_patterns` from its list pages.

Pure: HTML and URLs in, regexes and the reasons for them out; the fetching is the probe
spider's (`crawlers.spiders.probe`). Used by `pactwatch sources add`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawlers.inference.clusters import MIN_MEMBERS, Cluster, clusters
from crawlers.inference.links import Link, page_links
from crawlers.inference.paging import follow_patterns, pagination_links, script_pager

__all__ = ["Cluster", "Inference", "ListPage", "infer", "site_domain"]

ACCEPT = 0.6  # below this score a cluster is not taken for articles (bench/sources_infer.py)
ALSO = 0.9  # a second shape joins when it scores this close to the best


@dataclass(frozen=True, slots=True)
class ListPage:
    url: str
    html: str


@dataclass(frozen=True)
class Inference:
    """What `infer` decided, and why; `reason` is set when it could not decide."""

    article_patterns: tuple[str, ...] = ()
    follow_patterns: tuple[str, ...] = ()
    articles: tuple[tuple[str, str], ...] = ()  # (url, anchor text) on the first page
    pagination: tuple[str, ...] = ()
    chosen: tuple[Cluster, ...] = ()
    rejected: tuple[Cluster, ...] = ()
    skipped: tuple[str, ...] = ()  # one line per kind of link left out, for the preview
    reason: str | None = None
    links_seen: int = 0
    notes: tuple[str, ...] = field(default=())


def site_domain(host: str) -> str:
    """The domain a source stays on: its host less a leading `www.` (IPs as they are)."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _on_site(link: Link, domain: str) -> bool:
    host = urlsplit(link.url).netloc.lower()
    bare = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host == domain or bare == domain or host.endswith("." + domain)


def infer(pages: Sequence[ListPage]) -> Inference:
    """Article and pagination patterns from one list page (more pages: better evidence)."""
    first = pages[0]
    domain = site_domain(urlsplit(first.url).netloc)
    per_page = [
        [link for link in page_links(p.html, p.url) if _on_site(link, domain) and link.url != p.url]
        for p in pages
    ]
    unique = {link.url for link in per_page[0]}
    pagers = pagination_links(per_page[0], first.url)
    found = clusters(per_page, len(unique))
    skipped = _skipped(found, per_page[0], pagers)
    scripted = script_pager(first.html) if not pagers else None
    if scripted:
        skipped.append(scripted)
    if not unique:
        return Inference(reason="the page has no links to this site", links_seen=0)
    chosen = _choose(found)
    if not chosen:
        return Inference(
            reason=_why_not(found, len(unique)),
            rejected=tuple(found[:5]),
            skipped=tuple(skipped),
            links_seen=len(unique),
        )
    compiled = [re.compile(c.regex) for c in chosen]
    articles = {
        link.url: link.text for link in per_page[0] if any(r.search(link.url) for r in compiled)
    }
    return Inference(
        article_patterns=tuple(c.regex for c in chosen),
        follow_patterns=tuple(follow_patterns(pagers)),
        articles=tuple(articles.items()),
        pagination=tuple(pagers),
        chosen=tuple(chosen),
        rejected=tuple(c for c in found if c not in chosen)[:5],
        skipped=tuple(skipped),
        links_seen=len(unique),
    )


def _choose(found: list[Cluster]) -> list[Cluster]:
    candidates = [c for c in found if c.score >= ACCEPT and not c.trap and not c.pager]
    if not candidates:
        return []
    best = candidates[0]
    # A merged cluster (several columns of one shape) beats its own part when nearly as good.
    for other in candidates[1:]:
        if set(best.urls) < set(other.urls) and other.score >= best.score - 0.05:
            best = other
    chosen = [best]
    taken = set(best.urls)
    for other in candidates:
        if other.score >= best.score * ALSO and not taken & set(other.urls):
            chosen.append(other)
            taken |= set(other.urls)
    return chosen


def _why_not(found: list[Cluster], links: int) -> str:
    traps = [c for c in found if c.trap]
    if traps and (not found or found[0].trap or all(c.trap or c.score < ACCEPT for c in found)):
        trap = traps[0]
        return (
            f"the only repeated links are {trap.trap} links ({trap.urls[0]} and "
            f"{trap.size - 1} more), which never end; write article_patterns by hand"
        )
    if not [c for c in found if not c.pager]:
        return (
            f"no repeated link shape: none of the page's {links} links shares its URL shape "
            f"with {MIN_MEMBERS - 1} others (is the list written by JavaScript?); "
            "write article_patterns by hand from an article's URL"
        )
    best = next(c for c in found if not c.pager)
    return (
        f"no shape looks like articles: the most repeated one, {best.regex} "
        f"({best.size} links, text ~{best.median_text:.0f} characters), scores {best.score:.2f} "
        f"< {ACCEPT}; if it is right, write it as article_patterns by hand"
    )


def _skipped(found: list[Cluster], links: list[Link], pagers: list[str]) -> list[str]:
    lines = []
    furniture = {link.url for link in links if link.furniture}
    if furniture:
        lines.append(f"{len(furniture)} navigation/footer links")
    if pagers:
        lines.append(f"{len(pagers)} pagination links (followed as list pages)")
    for cluster in found:
        if cluster.trap:
            lines.append(f"{cluster.size} {cluster.trap} links like {cluster.urls[0]}")
    return lines
