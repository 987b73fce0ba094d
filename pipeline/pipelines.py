"""Item pipelines: ingest fetched pages (in worker processes), then count and close the run.

Wired by dotted path in the crawler's `ITEM_PIPELINES`; items are read through
`ItemAdapter` and told apart by their `item_type` field, so nothing here imports `crawlers`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from sqlmodel import Session

from pipeline import runs, store
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.extract import XPathOverrides
from pipeline.failed_links import PERMANENT_KINDS, remember
from pipeline.ingest import Fetched, Ingested, ingest
from pipeline.shared import unwrap

logger = logging.getLogger(__name__)

# Failures that may go away by themselves: a list page that linked such a page is read in full
# next time instead of trusting its 304. A 404, a robots.txt refusal or an empty page would
# fail the same way again, so they do not hold the list page back.
TRANSIENT_FAILURES = frozenset(
    {"timeout", "connection", "truncated", "dns", "http_5xx", "http_429", "other", "store"}
)


@dataclass(slots=True)
class IngestedArticle:
    """An article page after extraction, analysis and its store transaction."""

    source: str
    url: str
    via: str | None
    outcome: Ingested
    item_type: str = "ingested"


@dataclass(slots=True)
class RejectedPage:
    """A fetched page that holds no article (empty, a stub, an index) or failed to store."""

    source: str
    url: str
    via: str | None
    kind: str
    message: str
    item_type: str = "rejected"


class IngestPipeline:
    """Turn `article` items into `IngestedArticle` or `RejectedPage`, in worker processes.

    Reads `PACTWATCH_DATABASE_URL` (required, else `NotConfigured`),
    `PACTWATCH_EXTRACT_RULES` (source name → XPath overrides; default none),
    `PACTWATCH_TIMEZONE` (default Asia/Shanghai), `PACTWATCH_EXECUTOR` (an `Executor` the
    entry point made, so the work uses every core; unset: in-process) and
    `PACTWATCH_MODEL_PATH` (a review-trained model; unset or missing: the rules alone).
    """

    def __init__(
        self,
        database_url: str,
        rules: dict[str, XPathOverrides] | None = None,
        tz: str = "Asia/Shanghai",
        executor: Executor | None = None,
        model_path: str | None = None,
    ) -> None:
        self.database_url = database_url
        self.rules = rules or {}
        self.tz = tz
        self.executor = executor
        self.model_path = model_path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("PACTWATCH_DATABASE_URL")
        if not url:
            raise NotConfigured("PACTWATCH_DATABASE_URL is not set")
        raw_rules = crawler.settings.getdict("PACTWATCH_EXTRACT_RULES")
        return cls(
            url,
            {name: XPathOverrides.from_mapping(spec) for name, spec in raw_rules.items()},
            crawler.settings.get("PACTWATCH_TIMEZONE", "Asia/Shanghai"),
            unwrap(crawler.settings.get("PACTWATCH_EXECUTOR")),
            crawler.settings.get("PACTWATCH_MODEL_PATH"),
        )

    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter.get("item_type") != "article":
            return item
        source, url, via = adapter["source"], adapter["url"], adapter["via"]
        fetched = Fetched(
            source,
            url,
            adapter["body"],
            adapter["content_type"],
            adapter["fetched_at"],
            adapter.get("hint_published"),
        )
        args = (fetched, self.database_url, self.rules.get(source), self.tz, self.model_path)
        try:
            if self.executor is None:
                outcome = ingest(*args)
            else:
                outcome = await asyncio.get_running_loop().run_in_executor(
                    self.executor, ingest, *args
                )
        except Exception as exc:  # one page must never stop the crawl; it is counted
            logger.error("%s: could not store: %s: %s", url, type(exc).__name__, exc)
            return RejectedPage(source, url, via, "store", f"{type(exc).__name__}: {exc}")
        if outcome.rejected is not None:
            return RejectedPage(source, url, via, "no_content", outcome.rejected)
        return IngestedArticle(source, url, via, outcome)


class CrawlRunPipeline:
    """The crawl run: what was stored and what failed, its numbers, its validators.

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
            run = runs.start_run(self.source, session=session)
            assert run.id is not None
            self.run_id = run.id

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        kind = adapter.get("item_type")
        try:
            if kind == "ingested":
                self._count_article(adapter["outcome"])
            elif kind == "listing":
                self._count_listing(adapter)
            elif kind in ("failure", "rejected"):
                self._record_failure(self.run_id, adapter, dropped=kind == "rejected")
        except Exception as exc:  # one page must never stop the crawl; its URL is logged
            logger.error("%s: could not store: %s: %s", adapter.get("url"), type(exc).__name__, exc)
            self.errors["store"] += 1
        return item

    def _count_article(self, outcome: Ingested) -> None:
        if outcome.known:
            self._inc("articles_unchanged")
            return
        self._inc("articles_new")
        self._inc("articles_duplicate", outcome.duplicate_of is not None)
        self._inc("agreements_found", outcome.is_agreement)

    def _count_listing(self, listing: ItemAdapter) -> None:
        self._inc("not_modified" if listing["status"] == 304 else "listings_read")
        self._inc("articles_unchanged", listing["links_known"])
        self._inc("articles_held_back", listing["links_held_back"])
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
            if kind in PERMANENT_KINDS and failure.get("request_kind") == "article":
                remember(failure["url"], self.source, kind, utcnow(), session=session)

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
                "articles_held_back",
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
            runs.finish_run(
                self.run_id,
                counts,
                dict(self.errors),
                "finished" if finished else "failed",
                reason,
                session=session,
            )
        self.engine.dispose()
