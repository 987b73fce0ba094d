"""What `sources add` previews and `sources check` reports, for people (scraped text escaped)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pactwatch.sources.verdict import CheckResult, Proposal


def print_proposal(proposal: Proposal, console: Console) -> None:
    if proposal.inference is None and not proposal.samples and proposal.reason:
        return
    how = {"feed": "feed", "sitemap": "sitemap", "list": "list page"}[proposal.mode]
    console.print(f"[bold]{escape(proposal.url)}[/bold]: read as a {how}")
    for label, values in (
        ("article_patterns", proposal.article_patterns),
        ("follow_patterns", proposal.follow_patterns),
        ("feeds", proposal.feeds),
        ("sitemaps", proposal.sitemaps),
        ("allowed_domains", proposal.allowed_domains),
    ):
        if values:
            console.print(f"  {label}: {escape(', '.join(values))}")
    console.print(f"  articles on the page: {proposal.articles_found}")
    for line in proposal.skipped:
        console.print(f"  skips: {escape(line)}")
    if proposal.samples:
        table = Table("test article", "title", "published", "body", "problem")
        for s in proposal.samples:
            when = s.published_at.date().isoformat() if s.published_at else "?"
            table.add_row(
                escape(s.url),
                escape(s.title or ""),
                when,
                f"{s.body_chars} chars",
                escape(s.error or ""),
            )
        console.print(table)


def print_checks(results: Sequence[CheckResult], console: Console) -> None:
    table = Table("source", "verdict", "articles", "sample / reason")
    for r in results:
        detail = r.reason or (r.sample.title or r.sample.url if r.sample else "")
        table.add_row(r.name, "ok" if r.ok else "FAILED", str(r.articles_found), escape(detail))
    console.print(table)
    failed = sum(not r.ok for r in results)
    console.print(f"{len(results) - failed} passed, {failed} failed")
