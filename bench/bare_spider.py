"""Baseline for `bench/ingest.py`: a bare Scrapy spider that only fetches.

Same link patterns, concurrency and politeness switches as the pactwatch crawl, no
extraction and no store, so the ratio of the two measures what pactwatch adds.
Usage: python bench/bare_spider.py START_URL ARTICLE_REGEX FOLLOW_REGEX CONCURRENCY
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start: str, article: str, follow: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start
        self.articles = LinkExtractor(allow=[article])
        self.follow = LinkExtractor(allow=[follow])
        self.fetched = 0

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.start_url, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[Any]:
        for link in self.articles.extract_links(response):
            yield scrapy.Request(link.url, callback=self.parse_article)
        for link in self.follow.extract_links(response):
            yield scrapy.Request(link.url, callback=self.parse_list)

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.fetched += 1
        yield {"url": response.url, "size": len(response.body)}


def main() -> None:
    start, article, follow, concurrency = sys.argv[1:5]
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": True,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS": int(concurrency),
            "CONCURRENT_REQUESTS_PER_DOMAIN": int(concurrency),
        }
    )
    process.crawl(BareSpider, start=start, article=article, follow=follow)
    process.start()


if __name__ == "__main__":
    main()
