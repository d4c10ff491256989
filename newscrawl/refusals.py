"""Requests the crawl refuses, each ending as a failure with its reason instead of a silent drop.

- `RedirectLoopMiddleware` (downloader): a redirect back to a URL of its own chain
  (A -> B -> C -> A) is a loop. Scrapy's redirect middleware would schedule A again and the
  duplicate filter would drop it without a word; here the chain's first URL ends as an
  `http_error` failure that names the whole loop.
- `UrlLengthMiddleware` (spider, in place of Scrapy's, which drops an over-long URL with an INFO
  line): a request whose URL is longer than `URLLENGTH_LIMIT` goes to its errback as a
  `UrlTooLong` failure (a `skipped` record in a crawl, a failed URL for `newscrawl record`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl.normalize.urls import canonicalize_url

logger = logging.getLogger(__name__)

# The site URLs a request went through on its way here (the mirror rewrites `redirect_urls`).
CHAIN = "newscrawl_redirect_chain"


class RedirectLoop(IgnoreRequest):
    """Not followed: the redirect leads back into its own chain."""

    def __init__(self, chain: list[str]) -> None:
        super().__init__(f"redirect loop: {' -> '.join(chain)}")
        self.url = chain[0]


class UrlTooLong(IgnoreRequest):
    """Not fetched: the URL is longer than the crawl's URLLENGTH_LIMIT."""


class RedirectLoopMiddleware:
    """Runs before Scrapy's RedirectMiddleware reads the answer (a higher order number)."""

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if location is None or not (300 <= response.status < 400):
            return response
        if request.meta.get("dont_redirect"):
            return response
        here = response.url  # the site's URL, also under a mirror
        chain = [*request.meta.get(CHAIN, []), here]
        target = urljoin(here, location.decode("latin-1"))
        if canonicalize_url(target) in {canonicalize_url(url) for url in chain}:
            raise RedirectLoop([*chain, target])
        request.meta[CHAIN] = chain  # the redirected request copies it
        return response


class UrlLengthMiddleware:
    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Any) -> UrlLengthMiddleware:
        limit = crawler.settings.getint("URLLENGTH_LIMIT")
        if not limit:
            raise NotConfigured
        return cls(limit)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            for kept in self._checked(output):
                yield kept

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            for kept in self._checked(output):
                yield kept

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for output in result:
            yield from self._checked(output)

    def _checked(self, output: Any) -> Iterable[Any]:
        """The output as it is, or for an over-long request what its errback makes of it."""
        if not isinstance(output, Request) or len(output.url) <= self.limit:
            return [output]
        length = len(output.url)
        message = f"not fetched: the URL is {length} characters long (URLLENGTH_LIMIT {self.limit})"
        if output.errback is None:
            logger.warning("%s: %s", message, output.url)
            return []
        failure = Failure(UrlTooLong(message))
        failure.request = output  # type: ignore[attr-defined]
        outputs = output.errback(failure)  # the spiders' errbacks are plain generators
        return list(outputs) if outputs is not None else []
