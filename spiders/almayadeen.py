"""Al Mayadeen English: walks from its start pages to article pages and exports every page as a
record (an article, breaking-news items, or an error record saying why not)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.extraction import article_links, breaking_items, extract_page
from newscrawl.items import ErrorItem
from newscrawl.processing import now_utc
from newscrawl.sites import ALMAYADEEN_EN


def _url_list(value: str | list[str] | None) -> list[str]:
    """Spider argument `urls`: a list, a comma-separated string, or `@file` with one URL a line."""
    if not value:
        return []
    if isinstance(value, list):
        return value
    if value.startswith("@"):
        lines = Path(value[1:]).read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return [part.strip() for part in value.split(",") if part.strip()]


class AlmayadeenSpider(scrapy.Spider):
    name = "almayadeen"
    edition = ALMAYADEEN_EN
    allowed_domains = [ALMAYADEEN_EN.host]
    # Every answer reaches the spider, so that a 403 or a 404 becomes an error record.
    handle_httpstatus_list = list(range(400, 600))

    def __init__(self, urls: str | list[str] | None = None, follow: str = "yes", **kwargs: Any):
        super().__init__(**kwargs)
        self.start_urls = _url_list(urls) or [f"{self.edition.base_url}/"]
        self.follow_links = str(follow).lower() not in ("no", "false", "0")
        self._breaking_seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        crawled_at = now_utc()
        yield extract_page(response, crawled_at)
        if not isinstance(response, TextResponse) or response.status >= 300:
            return
        try:
            page = response.selector.root
        except (ValueError, TypeError):
            return
        if page is None or not hasattr(page, "xpath"):
            return
        for item in breaking_items(page, response.url, self.edition, crawled_at):
            if item.id not in self._breaking_seen:
                self._breaking_seen.add(item.id)
                yield item
        if self.follow_links:
            for url in article_links(page, response.url):
                yield response.follow(url, callback=self.parse, errback=self.failed)

    def failed(self, failure: Failure) -> Iterator[ErrorItem]:
        """A request that got no answer still ends as a record, with the reason."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            kind, message = "blocked", f"not fetched: {failure.getErrorMessage()}"
        else:
            kind, message = "fetch_failed", f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield ErrorItem.of(request.url, kind, message, None, now_utc())
