"""`pactwatch crawl`: one crawl of the configured sources, in this process.

Scrapy's reactor cannot be restarted, so a process runs one crawl (of any number of
sources, concurrently) and exits; the scheduler starts a process per scheduled crawl.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from sqlmodel import Session, col, select

from crawlers.settings import BASE_SETTINGS, politeness
from crawlers.spiders.news import NewsSpider
from pactwatch.core.config import Config, Source
from pactwatch.core.progress import ProgressBoard
from pactwatch.core.settings import Settings
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.models import CrawlRun
from pipeline.shared import Shared
from pipeline.store import load_validators
from pipeline.workers import extraction_pool


@dataclass(frozen=True)
class RunSummary:
    source: str
    status: str
    pages_fetched: int
    not_modified: int
    articles_new: int
    articles_unchanged: int
    articles_dropped: int
    errors_by_kind: dict[str, int]
    seconds: float
    articles_duplicate: int = 0
    agreements_found: int = 0
    articles_held_back: int = 0  # links that failed for good before, not asked this time


def scrapy_settings(
    settings: Settings, config: Config, sources: Sequence[Source], **extra: Any
) -> ScrapySettings:
    """The crawler's settings for one run: base, politeness from config, our components."""
    crawl = config.crawl
    values = dict(BASE_SETTINGS)
    values.update(
        politeness(
            concurrency=crawl.concurrency,
            per_domain=crawl.concurrency_per_domain,
            delay=crawl.download_delay,
            autothrottle=crawl.autothrottle,
            target_concurrency=crawl.autothrottle_target_concurrency,
            timeout=crawl.timeout,
            max_bytes=crawl.max_page_bytes,
            retries=crawl.retries,
            obey_robots=crawl.obey_robots,
            user_agent=settings.user_agent_string,
        )
    )
    values.update(
        {
            "ITEM_PIPELINES": {
                "pipeline.pipelines.IngestPipeline": 100,
                "pipeline.pipelines.CrawlRunPipeline": 800,
            },
            "EXTENSIONS": {"pactwatch.core.progress.ProgressExtension": 500},
            "PACTWATCH_SEEN_INDEX": "pipeline.seen.StoreSeenIndex",
            "PACTWATCH_DATABASE_URL": settings.database_url,
            "PACTWATCH_TIMEZONE": settings.timezone,
            "PACTWATCH_MODEL_PATH": str(settings.model_path),
            "PACTWATCH_SOURCE_TITLES": {s.name: (s.title or s.name, s.region) for s in sources},
            "PACTWATCH_EXTRACT_RULES": {
                s.name: s.extract.model_dump() for s in sources if s.extract
            },
        }
    )
    values.update(extra)
    return ScrapySettings(values)


def spider_source(source: Source) -> dict[str, Any]:
    """The plain dict the spider takes: the source's keys plus the domains it may visit."""
    return {**source.model_dump(exclude={"extract"}), "domains": source.domains()}


def run_crawl(
    settings: Settings, config: Config, sources: Sequence[Source], *, progress: bool
) -> list[RunSummary]:
    """Crawl `sources` concurrently until done; the stored runs' summaries."""
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        validators = {s.name: load_validators(s.name, session=session) for s in sources}
    started = utcnow()
    workers = config.crawl.extract_workers or os.cpu_count() or 1
    with extraction_pool(workers) as pool:
        board = ProgressBoard(enabled=progress)
        process = CrawlerProcess(
            scrapy_settings(
                settings,
                config,
                sources,
                PACTWATCH_EXECUTOR=Shared(pool),
                PACTWATCH_PROGRESS=Shared(board),
            ),
        )
        # The spider logs every failed page once, with its kind; Scrapy's retry middleware
        # would log the same failure again. Set after CrawlerProcess, whose logging setup
        # resets the levels of Scrapy's loggers.
        logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
        for source in sources:
            process.crawl(
                NewsSpider, source=spider_source(source), validators=validators[source.name]
            )
        process.start()
        board.close()
    return summaries_since(engine, started, [s.name for s in sources])


def summaries_since(engine: Any, started: datetime, names: Sequence[str]) -> list[RunSummary]:
    with Session(engine) as session:
        runs = session.exec(
            select(CrawlRun)
            .where(col(CrawlRun.started_at) >= started, col(CrawlRun.source).in_(names))
            .order_by(col(CrawlRun.source))
        ).all()
        return [_summary(run) for run in runs]


def _summary(run: CrawlRun) -> RunSummary:
    end = run.finished_at or utcnow()
    return RunSummary(
        source=run.source,
        status=run.status,
        pages_fetched=run.pages_fetched,
        not_modified=run.not_modified,
        articles_new=run.articles_new,
        articles_unchanged=run.articles_unchanged,
        articles_dropped=run.articles_dropped,
        errors_by_kind=dict(run.errors_by_kind or {}),
        seconds=(end - run.started_at).total_seconds(),
        articles_duplicate=run.articles_duplicate,
        agreements_found=run.agreements_found,
        articles_held_back=run.articles_held_back,
    )
