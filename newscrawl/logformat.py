"""Scrapy's per-page and per-item log messages, made only when they can be shown.

Scrapy builds a DEBUG message for every page crawled and every item scraped ("Crawled (200)
<GET …>", "Scraped from <200 …>"), and a log record for each, which its handler then drops when
the crawl logs at INFO or WARNING (`newscrawl crawl` logs WARNING unless --verbose). This
formatter answers None for them unless LOG_LEVEL is DEBUG, as Scrapy's documentation allows
(a None message is not logged): two records a page fewer. Every other message is Scrapy's.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


class QuietLogFormatter(LogFormatter):
    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietLogFormatter:
        level = crawler.settings.get("LOG_LEVEL") or "DEBUG"
        number = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        shown = not isinstance(number, int) or number <= logging.DEBUG  # unknown: shown
        return cls(debug=crawler.settings.getbool("LOG_ENABLED", True) and shown)

    def crawled(self, *args: Any, **kwargs: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().crawled(*args, **kwargs) if self.debug else None

    def scraped(self, *args: Any, **kwargs: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().scraped(*args, **kwargs) if self.debug else None
