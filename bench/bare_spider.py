"""The baseline of the crawl benchmark: a bare Scrapy spider that only fetches the same pages
(same downloader, same mirror, same concurrency; no extraction, no pipelines, no feeds)."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess

from newscrawl.processing import project_settings
from newscrawl.report import peak_memory_mib


class FetchOnlySpider(scrapy.Spider):
    name = "fetch-only"
    handle_httpstatus_list = list(range(400, 600))

    def __init__(self, url_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url_file = url_file
        self.memory: dict[str, float] = {}
        self.pages = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for line in Path(self.url_file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield scrapy.Request(line.strip(), callback=self.fetched)

    def fetched(self, response: Any) -> None:
        self.pages += 1
        if self.pages in (1000, 5000):
            self.memory[str(self.pages)] = peak_memory_mib()


def main(url_file: str, mirror: str, out: str, concurrency: int) -> None:
    settings = project_settings()
    settings.setdict(
        {
            "NEWSCRAWL_MIRROR": mirror,
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "FEEDS": {},
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "LOG_LEVEL": "WARNING",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FetchOnlySpider)
    process.crawl(crawler, url_file=url_file)
    process.start()
    stats = crawler.stats.get_stats()
    elapsed = (stats["finish_time"] - stats["start_time"]).total_seconds()
    result = {
        "pages": crawler.spider.pages,
        "elapsed_seconds": elapsed,
        "peak_memory_mib": crawler.spider.memory,
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
