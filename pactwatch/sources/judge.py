"""From a probe's pages to a proposed source (`add`) or a verdict (`check`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from crawlers.inference import site_domain
from pactwatch.core.config import Source
from pactwatch.sources.verdict import (
    CheckResult,
    Proposal,
    Sample,
    _failures,
    _pages,
    failure_reason,
    feed_entries,
    inferred,
    matching_links,
    page_title,
    samples,
    start_problem,
)

HAND_WRITTEN = (
    "; to add it by hand, open two articles, and write their common URL shape as "
    "article_patterns (e.g. '/\\d{6}/t\\d{8}_\\d+\\.html$')"
)


def judge_add(url: str, items: Sequence[Any], tz: str) -> Proposal:
    """The source to write for `url`, or the reason there is none."""
    problem = start_problem(items, url)
    if problem:
        return Proposal(url, reason=problem)
    tested = samples(items, tz)
    feeds = [p for p in _pages(items, "feed") if feed_entries(p)]
    starts = _pages(items, "start")
    inference = inferred(starts[0], *_pages(items, "list2")) if starts else None
    if feeds:
        found = feed_entries(feeds[0])
        proposal = Proposal(url, mode="feed", feeds=(feeds[0].url,), articles_found=found)
    elif inference is not None and inference.reason is None:
        proposal = Proposal(
            url,
            article_patterns=inference.article_patterns,
            follow_patterns=inference.follow_patterns,
            articles_found=len(inference.articles),
            skipped=inference.skipped,
        )
    elif _pages(items, "sitemap") and tested:
        sitemap = _pages(items, "sitemap")[-1]
        proposal = Proposal(
            url, mode="sitemap", sitemaps=(sitemap.url,), articles_found=len(tested)
        )
    elif inference is not None:
        return Proposal(url, reason=f"{inference.reason}{HAND_WRITTEN}", inference=inference)
    else:
        return Proposal(url, reason="the feed or sitemap lists no articles" + HAND_WRITTEN)
    title = page_title(starts[0]) if starts else ""
    return _with_samples(replace(proposal, title=title), tested, inference)


def _with_samples(proposal: Proposal, tested: list[Sample], inference: Any) -> Proposal:
    host = urlsplit(proposal.url).hostname or ""
    others = {urlsplit(s.url).hostname or "" for s in tested} - {host}
    # Articles on a sibling host (www.lzep.cn lists, news.lzep.cn serves) need the whole
    # site's domain: a source crawls only the hosts of its entry points otherwise.
    site = site_domain(host)
    domains = tuple(sorted({site if h.endswith("." + site) else h for h in others}))
    reason = None
    failed = [s for s in tested if s.error]
    if not tested:
        reason = "no test article could be fetched" + HAND_WRITTEN
    elif failed:
        reason = "test articles failed: " + "; ".join(f"{s.url}: {s.error}" for s in failed)
    return replace(
        proposal,
        samples=tuple(tested),
        allowed_domains=domains,
        inference=inference,
        reason=reason,
    )


def judge_check(source: Source, items: Sequence[Any], tz: str) -> CheckResult:
    """A configured source, checked live: entry reachable, articles found, one extracted."""
    entries = [*source.start_urls[:1], *source.feeds[:1], *source.sitemaps[:1]]
    for kind in ("start", "feed", "sitemap"):
        failed = _failures(items, kind)
        if failed:
            return CheckResult(source.name, False, failure_reason(failed[0]), 0, None)
    problem = start_problem(items, entries[0]) if source.start_urls else None
    if problem:
        return CheckResult(source.name, False, problem, 0, None)
    found = _articles_found(source, items)
    tested = samples(items, tz)
    good = next((s for s in tested if s.error is None), None)
    if found == 0:
        return CheckResult(source.name, False, _nothing_found(source, items), 0, None)
    if good is None:
        why = tested[0].error if tested else "no article could be fetched"
        url = tested[0].url if tested else ""
        return CheckResult(source.name, False, f"sample article {url}: {why}", found, None)
    return CheckResult(source.name, True, None, found, good)


def _articles_found(source: Source, items: Sequence[Any]) -> int:
    total = sum(len(matching_links(p, source.article_patterns)) for p in _pages(items, "start"))
    total += sum(feed_entries(p) for p in _pages(items, "feed"))
    if source.sitemaps and not total:
        total = len(_pages(items, "article")) + len(_failures(items, "article"))
    return total


def _nothing_found(source: Source, items: Sequence[Any]) -> str:
    starts = _pages(items, "start")
    if not starts:
        return "the feed or sitemap lists no articles"
    message = f"no link on {starts[0].url} matches article_patterns"
    guess = inferred(starts[0])
    if guess.reason is None:
        message += f"; its article links now look like {guess.article_patterns[0]}"
    return message
