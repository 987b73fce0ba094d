"""pactwatch as Scrapyd runs it: the settings module, a spider named by its source, the lease.

A Scrapyd node runs `scrapy crawl pactwatch -a source=NAME` from the deployed egg, whose
`scrapy` entry point names this module as the project's settings (pyproject.toml). The
crawl is then the one `pactwatch crawl --source NAME` runs: the same `NewsSpider`, item
pipelines, middlewares and politeness (`pactwatch.tasks.crawl.scrapy_settings`), configured from
the node's own environment, read when the job starts:

- `PACTWATCH_CONFIG`: the TOML with the source (else ./pactwatch.toml in Scrapyd's working
  directory, else the bundled defaults), as for every pactwatch command;
- `PACTWATCH_DATABASE_URL`: the shared store, the same on every node and the scheduler.

`NodeCrawl` wraps the crawl as the CLI does: it holds the source's `crawl_lease` from
before the run row is written until after it is closed, and runs extraction in worker
processes. A crawl that finds the lease held elsewhere stores nothing and closes with the
reason `lease-held`, which the dispatcher (`pactwatch.service.scrapyd`) reads in its log.

Only upper-case names are settings; Scrapy reads them at "project" priority, below what
the spider sets for its source and what Scrapyd passes with `-s` (LOG_FILE, limits).
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from sqlmodel import Session

from crawlers.settings import BASE_SETTINGS
from crawlers.spiders.news import NewsSpider
from pactwatch.core.config import Config, Source, find_config, load_config
from pactwatch.core.db import SchemaNotReady, current_revision
from pactwatch.core.settings import Settings
from pactwatch.service.held import holding_leases
from pactwatch.service.scrapyd_api import LEASE_HELD, SPIDER
from pactwatch.tasks.crawl import scrapy_settings, spider_source
from pipeline.db import make_engine
from pipeline.shared import Shared
from pipeline.store import load_validators
from pipeline.workers import extraction_pool

log = logging.getLogger(__name__)

BOT_NAME = "pactwatch"
SPIDER_MODULES = ["pactwatch.scrapyd_project"]
TWISTED_REACTOR = BASE_SETTINGS["TWISTED_REACTOR"]
TELNETCONSOLE_ENABLED = False
# A job's log is all its node keeps of it: Scrapy's INFO lines (settings, stats, close
# reason) belong there, where `pactwatch crawl` on a terminal prints warnings only.
LOG_LEVEL = "INFO"

NODE_EXTENSION = "pactwatch.scrapyd_project.NodeCrawl"
PROGRESS = "pactwatch.core.progress.ProgressExtension"
# Logging stays as Scrapyd and this module set it up: per job, into LOG_FILE.
_NODE_OWNS = frozenset({"LOG_LEVEL", "LOG_INSTALL_ROOT_HANDLER", "LOG_FILE"})


class SourceSpider(NewsSpider):
    """`NewsSpider` for the source named by the spider argument `source` (`-a source=NAME`).

    Reads the node's `PACTWATCH_*` environment and config when the crawl starts; an unknown
    source, a store whose schema is not current or a bad config fail the job before any
    page is fetched, and the dispatcher records the run as `crashed`.
    """

    name = SPIDER

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        batch = [n for n in str(kwargs.pop("sources", "") or "").split(",") if n]
        if batch:
            # Settings as Scrapyd gave them (LOG_FILE, limits), before any source's.
            return BatchSpider(crawler, batch, crawler.settings.copy())
        name = str(kwargs.pop("source", "") or "")
        if not name:
            raise ValueError(f"spider {SPIDER!r} needs its source: -a source=NAME")
        setup = _NodeSetup.load(name)
        crawler.settings.setdict(setup.settings(), priority="spider")
        return super().from_crawler(
            crawler, *args, source=setup.spider_source(), validators=setup.validators(), **kwargs
        )


class BatchSpider(Spider):
    """One Scrapyd job crawling several sources (`-a sources=a,b,c`): start-up paid once.

    Each source is crawled by a `Crawler` of its own in the job's reactor, as a local
    `pactwatch crawl --source a --source b` does: its own lease, run, statistics, limits
    and per-domain politeness. This spider crawls nothing; it starts them once it is open
    and stays open (the job with it) until the last has finished.
    """

    # No class-level name: Scrapy's spider loader must find only `SourceSpider` as SPIDER.
    def __init__(self, crawler: Crawler, sources: list[str], settings: Any) -> None:
        super().__init__(name=SPIDER)
        self._set_crawler(crawler)
        self.sources = sources
        self._settings = settings
        self._pending: set[str] = set()
        crawler.signals.connect(self._start_sources, signal=signals.spider_opened)
        crawler.signals.connect(self._keep_open, signal=signals.spider_idle)

    async def start(self) -> Any:  # nothing to fetch itself
        return
        yield  # pragma: no cover  (an async generator)

    def _start_sources(self, spider: Spider) -> None:
        for name in self.sources:
            self._pending.add(name)
            done = Crawler(SourceSpider, self._settings.copy()).crawl(source=name)
            done.addErrback(self._failed, name)
            done.addBoth(self._finished, name)

    def _failed(self, failure: Any, name: str) -> None:
        log.error("crawl of %s did not run: %s", name, failure.getErrorMessage())

    def _finished(self, _: Any, name: str) -> None:
        self._pending.discard(name)
        if not self._pending and self.crawler.engine is not None:
            self.crawler.engine.close_spider(self, "finished")

    def _keep_open(self, spider: Spider) -> None:
        if self._pending:
            raise DontCloseSpider


class _NodeSetup:
    """The node's settings, config and store, as `pactwatch crawl` reads them."""

    def __init__(self, env: Settings, config: Config, source: Source) -> None:
        self.env = env
        self.config = config
        self.source = source

    @classmethod
    def load(cls, name: str) -> _NodeSetup:
        settings = Settings()
        config = load_config(find_config(None, settings.config, Path.cwd()))
        _require_schema(settings.database_url)
        return cls(settings, config, config.source(name))

    def settings(self) -> dict[str, Any]:
        """What `pactwatch crawl` gives Scrapy for this source, plus `NodeCrawl`."""
        built = scrapy_settings(
            self.env,
            self.config,
            [self.source],
            PACTWATCH_LEASE_TTL=self.config.service.crawl_lease_ttl.total_seconds(),
            PACTWATCH_EXTRACT_WORKERS=self.config.crawl.extract_workers,
        )
        ours = SETTINGS_PRIORITIES["project"]
        values = {
            key: value
            for key, value in built.copy_to_dict().items()
            if built.getpriority(key) == ours and key not in _NODE_OWNS
        }
        # No terminal to draw progress on: Scrapyd's job list and log say how it goes.
        values["EXTENSIONS"] = {**values.get("EXTENSIONS", {}), PROGRESS: None, NODE_EXTENSION: 0}
        return values

    def spider_source(self) -> dict[str, Any]:
        return spider_source(self.source)

    def validators(self) -> dict[str, tuple[str | None, str | None]]:
        """The stored ETags and Last-Modified of its listings, for conditional GETs."""
        engine = make_engine(self.env.database_url)
        try:
            with Session(engine) as session:
                return load_validators(self.source.name, session=session)
        finally:
            engine.dispose()


def _require_schema(database_url: str) -> None:
    """`pactwatch.core.db.require_current` for code run from an egg.

    Alembic wants its scripts in a directory, and an egg is a zip: the newest revision is
    read from the migration modules instead, so a node deployed with older code than the
    store's schema (or newer) refuses to crawl rather than fail on every page.
    """
    import migrations.versions as versions

    revisions: set[str] = set()
    parents: set[str] = set()
    for info in pkgutil.iter_modules(versions.__path__):
        module = importlib.import_module(f"{versions.__name__}.{info.name}")
        revisions.add(module.revision)
        down = module.down_revision
        parents.update([down] if isinstance(down, str) else down or [])
    current = current_revision(database_url)
    if current not in revisions - parents:
        state = "has no schema" if current is None else f"is at revision {current}"
        raise SchemaNotReady(f"the store {state}, not this egg's; deploy the matching egg")


class NodeCrawl:
    """What `pactwatch crawl` does around a crawl, for one Scrapyd started: lease and workers.

    Reads `PACTWATCH_DATABASE_URL` (the store of the lease; unset: `NotConfigured`, and the
    crawl runs unguarded), `PACTWATCH_LEASE_TTL` (seconds, default 120) and
    `PACTWATCH_EXTRACT_WORKERS` (0 or unset: one per core). Built before the settings are
    frozen, so a crawl whose source is leased elsewhere can drop its item pipelines: it
    then writes no run and closes at once with the reason `lease-held`.
    """

    def __init__(self, crawler: Crawler, source: str, database_url: str) -> None:
        self.crawler = crawler
        self.source = source
        self.database_url = database_url
        self._stack = ExitStack()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("PACTWATCH_DATABASE_URL")
        if not url or crawler.spider is None:
            raise NotConfigured("PACTWATCH_DATABASE_URL is not set")
        extension = cls(crawler, crawler.spider.name, url)
        ttl = timedelta(seconds=crawler.settings.getfloat("PACTWATCH_LEASE_TTL", 120.0))
        if extension.take_lease(ttl):
            extension.start_workers(crawler.settings.getint("PACTWATCH_EXTRACT_WORKERS", 0))
        else:
            crawler.settings.set("ITEM_PIPELINES", {}, priority="cmdline")
            crawler.signals.connect(extension.refuse, signal=signals.spider_opened)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def take_lease(self, ttl: timedelta) -> bool:
        """Hold the source's lease, renewed in a thread, until the engine stops."""
        engine = make_engine(self.database_url)
        self._stack.callback(engine.dispose)
        taken, busy = self._stack.enter_context(holding_leases(engine, [self.source], ttl))
        for other in busy:
            log.warning(
                "%s: %s is being crawled by %s (until %s); not crawled",
                LEASE_HELD, other.source, other.holder, other.until,
            )  # fmt: skip
        return bool(taken)

    def start_workers(self, workers: int) -> None:
        """The extraction pool `pactwatch crawl` uses: every core of the node, one pool for
        all the sources of a batch job."""
        pool = self._stack.enter_context(_POOL.use(workers or os.cpu_count() or 1))
        self.crawler.settings.set("PACTWATCH_EXECUTOR", Shared(pool), priority="cmdline")

    def refuse(self, spider: Spider) -> None:
        """Close at once (`spider_opened`): another crawl holds the source's lease."""
        raise CloseSpider(LEASE_HELD)

    def engine_stopped(self) -> None:
        """After the run is closed (`spider_closed`): stop the workers, give the lease up."""
        self._stack.close()


class _SharedPool:
    """The job's extraction pool, shared by the crawls of a batch; shut with the last."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._users = 0

    @contextmanager
    def use(self, workers: int) -> Iterator[ProcessPoolExecutor]:
        if self._pool is None:
            self._pool = extraction_pool(workers)
        self._users += 1
        try:
            yield self._pool
        finally:
            self._users -= 1
            if self._users == 0:
                self._pool.shutdown()
                self._pool = None


_POOL = _SharedPool()  # the reactor's thread is the only user: no lock needed
