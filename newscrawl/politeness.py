"""Downloader middlewares that keep a crawl polite when the site pushes back.

`BackoffMiddleware` reads the answers before Scrapy's retry middleware does:

- a `429` or `503` with `Retry-After` pauses every request to that host until then (at most
  `NEWSCRAWL_RETRY_AFTER_MAX` seconds; a longer wait is not waited for and the page ends as a
  failure), and the request is retried by Scrapy's bounded retries;
- a bot challenge (Cloudflare "Just a moment...", any status) is never retried: asking again
  only gets the crawler blocked for longer;
- when, over the last `NEWSCRAWL_BLOCK_WINDOW` answers (at least that many seen), the share of
  blocks reaches `NEWSCRAWL_STOP_BLOCKED_SHARE`, the crawl stops asking: every request still
  queued ends at once as a `stopped` failure (so nothing is lost without a trace) and the crawl
  finishes, failed, with the reason in its report.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.extraction.classify import reject_reason
from newscrawl.stats import count

logger = logging.getLogger(__name__)

THROTTLE_STATUSES = frozenset({429, 503})


class CrawlStopped(IgnoreRequest):
    """Not fetched: the crawl stopped asking the site (it was blocking us)."""


class OffSite(IgnoreRequest):
    """Not fetched: the URL (usually a redirect's target) is not on the edition's host."""


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds from `now`: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - now)


class BackoffMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.max_wait = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 120.0)
        self.window: deque[bool] = deque(maxlen=settings.getint("NEWSCRAWL_BLOCK_WINDOW", 20))
        self.stop_share = settings.getfloat("NEWSCRAWL_STOP_BLOCKED_SHARE", 0.8)
        self.paused_until: dict[str, float] = {}
        self.stopped: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> BackoffMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if self.stopped:
            raise CrawlStopped(f"not fetched: the crawl stopped early ({self.stopped})")
        if not self.paused_until:
            return  # no host asked for a pause (nearly always): no URL to read
        host = urlsplit(request.url).hostname or ""
        wait = self.paused_until.get(host, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        # A challenge page or a refusal (403, 429, 503), as the extraction classifies it.
        rejection = reject_reason(response)
        self._watch(rejection is not None and rejection.kind == "blocked")
        if rejection is not None and rejection.challenge:
            request.meta["dont_retry"] = True
            return response
        if response.status in THROTTLE_STATUSES:
            header = response.headers.get("Retry-After")
            wait = retry_after_seconds(header.decode("latin-1") if header else None, time.time())
            if wait is not None:
                if wait > self.max_wait:
                    request.meta["dont_retry"] = True
                    count(self.crawler.stats, "retry_after/too_long")
                else:
                    host = urlsplit(request.url).hostname or ""
                    until = time.monotonic() + wait
                    self.paused_until[host] = max(self.paused_until.get(host, 0.0), until)
                    count(self.crawler.stats, "retry_after/waited")
        return response

    def _watch(self, blocked: bool) -> None:
        self.window.append(blocked)
        if self.stopped or len(self.window) < (self.window.maxlen or 0):
            return
        share = sum(self.window) / len(self.window)
        if share >= self.stop_share:
            self.stopped = (
                f"{sum(self.window)} of the last {len(self.window)} answers were blocks"
            )
            logger.error("stopping the crawl: the site is blocking it (%s)", self.stopped)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("newscrawl/stopped_early", self.stopped)


class OffSiteMiddleware:
    """Every request must stay on the spider's allowed hosts, redirects included. It replaces
    Scrapy's offsite middleware, which refuses an off-site redirect when it is scheduled, where
    no errback hears of it (the article would be lost without a trace); refused here, it ends
    as an `off_site` failure. It also ignores `allow_offsite`, which the mirror middleware's
    requests carry and redirects copy. Runs before the mirror rewrites URLs."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        # The mirror's own URLs (a request the mirror middleware has rewritten), read once.
        mirror = crawler.settings.get("NEWSCRAWL_MIRROR")
        self.mirror_prefix = mirror.rstrip("/") + "/" if mirror else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> OffSiteMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = getattr(self.crawler, "spider", None)
        allowed = getattr(spider, "allowed_domains", None) or []
        if not allowed or (self.mirror_prefix and request.url.startswith(self.mirror_prefix)):
            return
        host = (urlsplit(request.url).hostname or "").lower()
        if any(host == domain or host.endswith("." + domain) for domain in allowed):
            return
        raise OffSite(f"not fetched: {host} is off the site ({', '.join(allowed)})")
