"""A live progress line per source while a crawl runs, on a terminal only."""

from __future__ import annotations

import io
import logging
import sys
from typing import Any, Self

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipeline.shared import unwrap


class _AboveLive(io.TextIOBase):
    """A stream printing through the live console: log lines go above the table instead of
    being glued to its last row and overdrawn at the next refresh."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def write(self, text: str) -> int:
        self._console.print(text, end="", markup=False, highlight=False, soft_wrap=True)
        return len(text)

    def isatty(self) -> bool:
        return True


def _logs_above(console: Console, stderr: Any) -> list[tuple[logging.StreamHandler[Any], Any]]:
    """Point the root's stderr handlers at the live console; (handler, old stream) pairs."""
    swapped = []
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is stderr:
            swapped.append((handler, handler.setStream(_AboveLive(console))))
    return swapped


class ProgressBoard:
    """Shared by every crawler of one process; draws their stats ~4 times a second.

    Quiet when `enabled` is false or stderr is not a terminal (cron, CI, pipes), so logs
    stay readable there.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.crawlers: dict[str, tuple[Crawler, bool]] = {}
        self._live: Live | None = None
        self._logs: list[tuple[logging.StreamHandler[Any], Any]] = []
        if enabled and sys.stderr.isatty():
            console = Console(stderr=True)
            self._live = Live(
                get_renderable=self.render, console=console, refresh_per_second=4, transient=True
            )
            # Before start(): Live then swaps sys.stderr for a proxy our handlers never see.
            self._logs = _logs_above(console, sys.stderr)
            self._live.start()

    def track(self, name: str, crawler: Crawler, *, done: bool = False) -> None:
        self.crawlers[name] = (crawler, done)

    def render(self) -> Table:
        table = Table(box=None, show_header=True, pad_edge=False)
        for column in ("source", "pages", "304", "new", "known", "errors", ""):
            table.add_column(column, justify="left" if column == "source" else "right")
        for name, (crawler, done) in sorted(self.crawlers.items()):
            stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
            errors = sum(v for k, v in stats.items() if k.startswith("pactwatch/errors/"))
            table.add_row(
                name,
                str(stats.get("response_received_count", 0)),
                str(stats.get("pactwatch/not_modified", 0)),
                str(stats.get("pactwatch/articles_new", 0)),
                str(stats.get("pactwatch/articles_unchanged", 0)),
                str(errors),
                "done" if done else "…",
            )
        return table

    def close(self) -> None:
        for handler, stream in self._logs:
            handler.setStream(stream)
        self._logs = []
        if self._live is not None:
            self._live.stop()
            self._live = None


class ProgressExtension:
    """Registers each crawler with the `PACTWATCH_PROGRESS` board; absent: disabled."""

    def __init__(self, board: ProgressBoard, crawler: Crawler) -> None:
        self.board = board
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        board = unwrap(crawler.settings.get("PACTWATCH_PROGRESS"))
        if not isinstance(board, ProgressBoard):
            raise NotConfigured("no progress board")
        extension = cls(board, crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: Spider) -> None:
        self.board.track(spider.name, self.crawler)

    def closed(self, spider: Spider) -> None:
        self.board.track(spider.name, self.crawler, done=True)
