"""The end-of-crawl summary table."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from pactwatch.tasks.crawl import RunSummary

_COLUMNS = (
    "source",
    "status",
    "pages",
    "304",
    "new",
    "duplicate",
    "agreements",
    "known",
    "dropped",
    "errors",
    "s",
)


def print_summary(summaries: Sequence[RunSummary], console: Console | None = None) -> None:
    """One row per source, then each source's errors by kind on a line of its own."""
    console = console or summary_console()
    table = Table(title="crawl summary", title_justify="left")
    for column in _COLUMNS:
        left = column in ("source", "status")
        table.add_column(column, justify="left" if left else "right", no_wrap=True)
    for s in summaries:
        table.add_row(
            s.source,
            s.status,
            str(s.pages_fetched),
            str(s.not_modified),
            str(s.articles_new),
            str(s.articles_duplicate),
            str(s.agreements_found),
            str(s.articles_unchanged),
            str(s.articles_dropped),
            str(sum(s.errors_by_kind.values())),
            f"{s.seconds:.1f}",
        )
    console.print(table)
    for s in summaries:
        if s.errors_by_kind:
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(s.errors_by_kind.items()))
            console.print(f"  {s.source} errors: {kinds}")
        if s.articles_held_back:  # failed for good before: retried later, with backoff
            console.print(f"  {s.source} held back: {s.articles_held_back} failing link(s)")
    total_new = sum(s.articles_new for s in summaries)
    duplicates = sum(s.articles_duplicate for s in summaries)
    agreements = sum(s.agreements_found for s in summaries)
    total_errors = sum(sum(s.errors_by_kind.values()) for s in summaries)
    console.print(
        f"{len(summaries)} source(s): {total_new} new article(s) stored "
        f"({duplicates} repeating an earlier story, {agreements} reporting agreements), "
        f"{total_errors} error(s) counted"
    )


def summary_console() -> Console:
    """A console for reports; pipes and CI logs get 120 columns instead of rich's 80."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)
