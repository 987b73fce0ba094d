"""The end-of-crawl summary table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from pactwatch.crawl import RunSummary


def print_summary(summaries: Sequence[RunSummary], console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    table = Table(title="crawl summary", title_justify="left")
    for column in ("source", "status", "pages", "304", "new", "known", "dropped", "errors", "s"):
        table.add_column(
            column, justify="left" if column in ("source", "status", "errors") else "right"
        )
    for s in summaries:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(s.errors_by_kind.items())) or "0"
        table.add_row(
            s.source,
            s.status,
            str(s.pages_fetched),
            str(s.not_modified),
            str(s.articles_new),
            str(s.articles_unchanged),
            str(s.articles_dropped),
            errors,
            f"{s.seconds:.1f}",
        )
    console.print(table)
    total_new = sum(s.articles_new for s in summaries)
    total_errors = sum(sum(s.errors_by_kind.values()) for s in summaries)
    console.print(
        f"{len(summaries)} source(s): {total_new} new article(s) stored, "
        f"{total_errors} error(s) counted"
    )
