"""Item pipelines: extract fetched pages (in worker processes), then store everything.

Wired by dotted path in the crawler's `ITEM_PIPELINES`; items are read through
`ItemAdapter` and told apart by their `item_type` field, so nothing here imports `crawlers`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from sqlmodel import Session

from pipeline import store
from pipeline.analysis import Processed, process_html
from pipeline.db import make_engine
from pipeline.dedup import ShingleLRU
from pipeline.extract import ExtractionError, XPathOverrides
from pipeline.shared import unwrap
from pipeline.understood_store import store_new_article

logger = logging.getLogger(__name__)

# Failures that may go away by themselves: a list page that linked such a page is read in full
# next time instead of trusting its 304. A 404, a robots.txt refusal or an empty page would
# fail the same way again, so they do not hold the list page back.
TRANSIENT_FAILURES = frozenset(
    {"timeout", "connection", "truncated", "dns", "http_5xx", "http_429", "other"}
)


@dataclass(slots=True)
class ExtractedArticle:
    """An article page after extraction, ready for the store."""

    source: str
    url: str
    via: str | None
    content_type: str | None
    fetched_at: datetime
    processed: Processed = field(repr=False)
    item_type: str = "extracted"


@dataclass(slots=True)
class RejectedPage:
    """A fetched page that holds no article (empty, a stub, an index)."""

    source: str
    url: str
    via: str | None
    kind: str
    message: str
    item_type: str = "rejected"


class ExtractPipeline:
    """Turn `article` items into `ExtractedArticle` (extracted and analysed) or `RejectedPage`.

    Reads `PACTWATCH_EXTRACT_RULES` (source name → XPath overrides; default none),
    `PACTWATCH_TIMEZONE` (default Asia/Shanghai), `PACTWATCH_EXECUTOR` (an `Executor` the
    entry point made, so extraction uses every core; unset: in-process) and
    `PACTWATCH_MODEL_PATH` (a review-trained model; unset or missing: the rules alone).
    """

    def __init__(
        self,
        rules: dict[str, XPathOverrides] | None = None,
        tz: str = "Asia/Shanghai",
        executor: Executor | None = None,
        model_path: str | None = None,
    ) -> None:
        self.rules = rules or {}
        self.tz = tz
        self.executor = executor
        self.model_path = model_path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        raw_rules = crawler.settings.getdict("PACTWATCH_EXTRACT_RULES")
        rules = {name: XPathOverrides.from_mapping(spec) for name, spec in raw_rules.items()}
        return cls(
            rules,
            crawler.settings.get("PACTWATCH_TIMEZONE", "Asia/Shanghai"),
            unwrap(crawler.settings.get("PACTWATCH_EXECUTOR")),
            crawler.settings.get("PACTWATCH_MODEL_PATH"),
        )

    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter.get("item_type") != "article":
            return item
        source, url = adapter["source"], adapter["url"]
        args = (
            adapter["body"],
            adapter["content_type"],
            url,
            self.rules.get(source),
            self.tz,
            adapter.get("hint_published"),
        )
        try:
            if self.executor is None:
                processed = process_html(*args)
            else:
                loop = asyncio.get_running_loop()
                processed = await loop.run_in_executor(self.executor, process_html, *args)
        except ExtractionError as exc:
            return RejectedPage(source, url, adapter["via"], "no_content", str(exc))
        return ExtractedArticle(
            source, url, adapter["via"], adapter["content_type"], adapter["fetched_at"], processed
        )


class StorePipeline:
    """Store articles (one transaction each) and the crawl run's numbers and validators.

    Reads `PACTWATCH_DATABASE_URL` (required: without it the pipeline is `NotConfigured`
    and nothing is stored) and `PACTWATCH_SOURCE_TITLES` (name → (title, region)).
    Validators of a list page are saved only when the crawl finished and every article
    link of that page was stored or known, so a crash or a failed article makes the next
    crawl read the page in full again instead of trusting a 304.
    """

    def __init__(
        self,
        database_url: str,
        stats: StatsCollector | None = None,
        titles: dict[str, tuple[str, str | None]] | None = None,
    ) -> None:
        self.database_url = database_url
        self.stats = stats
        self.titles = titles or {}
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.validators: dict[str, tuple[str, str | None, str | None]] = {}
        self.incomplete: set[str] = set()
        self.source = ""
        self.run_id = 0
        self.shingles = ShingleLRU()  # candidates recur: don't re-shingle their texts

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("PACTWATCH_DATABASE_URL")
        if not url:
            raise NotConfigured("PACTWATCH_DATABASE_URL is not set")
        titles = crawler.settings.getdict("PACTWATCH_SOURCE_TITLES")
        pipeline = cls(url, crawler.stats, {k: tuple(v) for k, v in titles.items()})
        # The spider's name and the close reason come with signals only: since Scrapy 2.13
        # pipeline methods no longer receive the spider.
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_opened(self, spider: Spider) -> None:
        """Open the store and start this source's crawl run."""
        self.engine = make_engine(self.database_url)
        self.source = spider.name
        title, region = self.titles.get(self.source, (self.source, None))
        with Session(self.engine) as session, session.begin():
            store.ensure_source(self.source, title, region, session=session)
            session.flush()
            run = store.start_run(self.source, session=session)
            assert run.id is not None
            self.run_id = run.id

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        kind = adapter.get("item_type")
        try:
            if kind == "extracted":
                self._store_article(item)
            elif kind == "listing":
                self._count_listing(adapter)
            elif kind in ("failure", "rejected"):
                self._record_failure(self.run_id, adapter, dropped=kind == "rejected")
        except Exception as exc:  # one page must never stop the crawl; its URL is logged
            logger.error("%s: could not store: %s: %s", adapter.get("url"), type(exc).__name__, exc)
            self.errors["store"] += 1
        return item

    def _store_article(self, item: ExtractedArticle) -> None:
        page, understood, body_z = item.processed
        with Session(self.engine) as session, session.begin():
            stored = store_new_article(
                item.source, item.url, page, body_z, item.content_type, item.fetched_at,
                understood, session=session, cache=self.shingles,
            )  # fmt: skip
        if stored is None:
            self._inc("articles_unchanged")
            return
        self._inc("articles_new")
        self._inc("articles_duplicate", stored.duplicate_of is not None)
        self._inc("agreements_found", stored.is_agreement)

    def _count_listing(self, listing: ItemAdapter) -> None:
        self._inc("not_modified" if listing["status"] == 304 else "listings_read")
        self._inc("articles_unchanged", listing["links_known"])
        url = listing["url"]
        if listing["status"] == 200 and (listing["etag"] or listing["last_modified"]):
            self.validators[url] = (url, listing["etag"], listing["last_modified"])
        if listing["links_over_budget"]:
            self.incomplete.add(url)

    def _record_failure(self, run_id: int, failure: ItemAdapter, *, dropped: bool) -> None:
        kind = failure["kind"]
        self.errors[kind] += 1
        if dropped:
            self._inc("articles_dropped")
        if self.stats is not None:
            self.stats.inc_value(f"pactwatch/errors/{kind}")
        if failure["via"] and kind in TRANSIENT_FAILURES:
            self.incomplete.add(failure["via"])
        with Session(self.engine) as session, session.begin():
            store.record_error(run_id, failure["url"], kind, failure["message"], session=session)

    def _inc(self, key: str, by: int = 1) -> None:
        if by:
            self.counts[key] += by
            if self.stats is not None:
                self.stats.inc_value(f"pactwatch/{key}", by)

    def spider_closed(self, reason: str) -> None:
        """Close the run: its numbers, and the validators of fully followed listings."""
        finished = reason == "finished"
        counts = {
            k: self.counts[k]
            for k in (
                "articles_new",
                "articles_unchanged",
                "articles_dropped",
                "not_modified",
                "articles_duplicate",
                "agreements_found",
            )
        }
        if self.stats is not None:
            counts["pages_fetched"] = int(self.stats.get_value("response_received_count", 0) or 0)
            counts["bytes_received"] = int(
                self.stats.get_value("downloader/response_bytes", 0) or 0
            )
        with Session(self.engine) as session, session.begin():
            if finished:
                keep = [v for url, v in self.validators.items() if url not in self.incomplete]
                store.save_validators(self.source, keep, session=session)
            store.drop_validators(self.incomplete, session=session)
            store.finish_run(
                self.run_id,
                counts,
                dict(self.errors),
                "finished" if finished else "failed",
                reason,
                session=session,
            )
        self.engine.dispose()
