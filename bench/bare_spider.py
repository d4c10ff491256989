"""The baseline of the crawl benchmarks: a bare Scrapy spider that only fetches the same pages.

Scrapy's default settings, plus only what it takes to fetch the same pages the same way as the
crawl it is compared with: the mirror middleware (the pages' real URLs, fetched from the local
mirror), the same concurrency, no robots.txt, no delays. No extraction, no pipelines, no feeds,
none of newscrawl's middlewares: everything newscrawl adds is in the comparison.
The clocks are `crawl_timing.CrawlTiming`'s, the same as in the crawl it is compared with.

`--tuned` also gives it the settings with which newscrawl cuts Scrapy's own cost a page
(`FRAMEWORK_SETTINGS`, read from `newscrawl.settings`): stock Scrapy starts CONCURRENT_ITEMS
(100) asyncio tasks for every answer's output, even an empty one, about a third of a stock bare
spider's CPU; a baseline that pays it while newscrawl does not would flatter newscrawl.

`--items FEED` makes it yield one small item a page (`{"url": ...}`), written by Scrapy's own
JSON Lines feed exporter to FEED: what Scrapy's item machinery and a feed cost a spider whose
callbacks have output (not a baseline of the goal; a reference beside it).

`--direct` asks the mirror for its own URLs (`http://127.0.0.1:PORT/host/path`), without the
mirror middleware, which sends every request through the scheduler and the downloader
middlewares a second time: what fetching the pages costs a spider on the real site.

    python bench/bare_spider.py [--tuned] [--direct] [--items FEED] URL_FILE MIRROR TIMING_OUT
                                CONCURRENCY [NAME=VALUE ...]
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess

from newscrawl.mirror import mirror_url

sys.path.insert(0, str(Path(__file__).resolve().parent))  # crawl_timing


class FetchOnlySpider(scrapy.Spider):
    name = "fetch-only"
    handle_httpstatus_list = list(range(400, 600))

    def __init__(
        self, url_file: str, direct_from: str | None = None, items: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.url_file = url_file
        self.direct_from = direct_from  # the mirror, asked for its own URLs (--direct)
        self.items = items  # one small item a page, to a JSON Lines feed (--items FEED)
        self.pages = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        callback = self.fetched_item if self.items else self.fetched
        with open(self.url_file, encoding="utf-8") as lines:
            for line in lines:
                url = line.strip()
                if url and self.direct_from:
                    url = mirror_url(self.direct_from, url)
                if url:
                    yield scrapy.Request(url, callback=callback)

    def fetched(self, response: Any) -> None:
        self.pages += 1

    def fetched_item(self, response: Any) -> Iterator[dict[str, str]]:
        self.pages += 1
        yield {"url": response.url}


# Scrapy's own knobs, set by newscrawl only to spend less CPU on every page and item; none of
# them changes what a fetch-only spider fetches.
FRAMEWORK_SETTINGS = (
    "CONCURRENT_ITEMS",
    "COOKIES_ENABLED",
    "LOG_FORMATTER",
    "WARN_ON_GENERATOR_RETURN_VALUE",
)


def tuned_settings() -> dict[str, Any]:
    """newscrawl's values of FRAMEWORK_SETTINGS."""
    from newscrawl import settings

    return {name: getattr(settings, name) for name in FRAMEWORK_SETTINGS}


def bare_settings(mirror: str, timing: str, concurrency: int) -> dict[str, Any]:
    return {
        "NEWSCRAWL_MIRROR": mirror,
        "DOWNLOADER_MIDDLEWARES": {"newscrawl.mirror.MirrorMiddleware": 960},
        "EXTENSIONS": {"crawl_timing.CrawlTiming": 0},
        "BENCH_TIMING_PATH": timing,
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }


FLAGS = ("--tuned", "--direct")


def main(
    url_file: str,
    mirror: str,
    timing: str,
    concurrency: int,
    *extra: str,
    feed: str | None = None,
) -> None:
    settings = bare_settings(mirror, timing, concurrency)
    if feed:
        settings["FEEDS"] = {feed: {"format": "jsonlines", "overwrite": True}}
    if "--tuned" in extra:
        settings.update(tuned_settings())
    direct = "--direct" in extra
    if direct:
        settings["DOWNLOADER_MIDDLEWARES"] = {}
    for pair in extra:
        if pair not in FLAGS:
            name, _, value = pair.partition("=")
            settings[name] = value
    process = CrawlerProcess(settings)
    process.crawl(
        FetchOnlySpider,
        url_file=url_file,
        direct_from=mirror if direct else None,
        items=feed is not None,
    )
    process.start()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    feed = None
    if "--items" in arguments:
        at = arguments.index("--items")
        feed = arguments[at + 1]
        del arguments[at : at + 2]
    flags = [arg for arg in arguments if arg in FLAGS]
    given = [arg for arg in arguments if arg not in FLAGS]
    main(given[0], given[1], given[2], int(given[3]), *flags, *given[4:], feed=feed)
