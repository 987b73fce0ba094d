"""The store as the crawler's memory of which article URLs it already holds."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlmodel import Session

from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.failed_links import held_back
from pipeline.store import known_urls


class StoreSeenIndex:
    """Answers `known(urls)` with one indexed lookup per list page.

    Reads `PACTWATCH_DATABASE_URL`; without it the crawler has no store and Scrapy skips
    this component (`NotConfigured`). The lookup is by canonical URL on a unique index, so
    its cost stays flat as the store grows.
    """

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url).execution_options(sqlite_begin="DEFERRED")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("PACTWATCH_DATABASE_URL")
        if not url:
            raise NotConfigured("PACTWATCH_DATABASE_URL is not set")
        return cls(url)

    def known(self, urls: list[str]) -> set[str]:
        with Session(self.engine) as session:
            return known_urls(urls, session=session)

    def held_back(self, urls: list[str]) -> set[str]:
        """Of `urls`, those that failed for good and wait out their backoff (or gave up)."""
        if not urls:
            return set()
        with Session(self.engine) as session:
            return held_back(urls, utcnow(), session=session)
