"""Running probe spiders: one Scrapy process, the crawl's downloader settings, items kept."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Self

from scrapy.crawler import Crawler, CrawlerProcess

from crawlers.spiders.probe import ProbeSpider
from pactwatch.core.config import Config
from pactwatch.core.settings import Settings
from pactwatch.tasks.crawl import scrapy_settings
from pipeline.shared import Shared, unwrap

Collected = dict[str, list[Any]]  # source name → its ProbePage and FetchFailure items


class CollectPipeline:
    """Keeps every item in the dict handed over as `PACTWATCH_PROBE_SINK` (a `Shared`)."""

    def __init__(self, sink: Collected) -> None:
        self.sink = sink

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(unwrap(crawler.settings.get("PACTWATCH_PROBE_SINK")))

    def process_item(self, item: Any) -> Any:
        self.sink.setdefault(item.source, []).append(item)
        return item


def run_probes(settings: Settings, config: Config, probes: Sequence[dict[str, Any]]) -> Collected:
    """Probe every source at once (one reactor: a process runs this once) and collect."""
    sink: Collected = defaultdict(list)
    process = CrawlerProcess(
        scrapy_settings(
            settings,
            config,
            [],
            ITEM_PIPELINES={"pactwatch.sources.probe.CollectPipeline": 100},
            EXTENSIONS={},
            PACTWATCH_SEEN_INDEX=None,
            PACTWATCH_PROBE_SINK=Shared(sink),
        )
    )
    # As in `pactwatch crawl`: the failure items say what went wrong, once.
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
    for probe in probes:
        process.crawl(ProbeSpider, probe=probe)
    process.start()
    return {probe["name"]: sink.get(probe["name"], []) for probe in probes}
