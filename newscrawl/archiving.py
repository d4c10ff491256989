"""`--warc PATH`: a crawl's exchanges with the site, archived as WARC/1.1 as they happen.

A downloader middleware at 955 in DOWNLOADER_MIDDLEWARES: between the mirror (960, which has
already given the response back its site URL) and every middleware that changes what the site
sent (HttpCompressionMiddleware inflates bodies at 590, redirects and retries are decided below),
so that the archive holds what the site answered:

- response records: the status, every header and the body exactly as Scrapy's downloader got
  them: still gzip- or brotli-compressed when the site sent them so (Content-Encoding kept), but
  de-chunked, since the HTTP client undoes the chunking before any middleware sees a body (the
  Transfer-Encoding header is kept as `X-Crawler-Transfer-Encoding`, as Common Crawl does);
- request records: the request line and the headers Scrapy sent (User-Agent, Accept-*,
  conditional headers), with the Host header the HTTP client adds; the bytes on the wire are not
  visible to Scrapy, so this is their faithful reconstruction;
- every answer, redirects, errors, robots.txt, sitemaps and feeds included; requests that got no
  answer (timeouts, refused connections, bodies past DOWNLOAD_MAXSIZE) are not in the archive:
  their failures are in failures.jsonl.

A replay (`--replay`) is never archived: it is not the site answering.
"""

from __future__ import annotations

import json
import logging
import shlex
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl import __version__
from newscrawl.warc import DEFAULT_MAX_SIZE, ArchiveWriter, Exchange

logger = logging.getLogger(__name__)


def flat_headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) lines, one per value, in latin-1 as HTTP sends them."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


def crawl_info(spider: Spider, settings: Any) -> dict[str, str]:
    """The warcinfo record's fields: what wrote the archive, and which crawl it is."""
    import warcio

    arguments = {
        key: value
        for key, value in vars(spider).items()
        if isinstance(value, str | int | float | bool | list) and not key.startswith("_")
    }
    return {
        "software": f"newscrawl/{__version__} (warcio/{getattr(warcio, '__version__', '1')})",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": f"newscrawl crawl of {spider.name}",
        "spider": spider.name,
        "arguments": json.dumps(arguments, ensure_ascii=False, sort_keys=True, default=str),
        "command": shlex.join(sys.argv),
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
    }


class WarcRecorderMiddleware:
    """Writes every request and response to NEWSCRAWL_WARC_PATH (rotated past
    NEWSCRAWL_WARC_MAX_SIZE bytes). Not enabled without a path."""

    def __init__(self, crawler: Any) -> None:
        self.path = crawler.settings.get("NEWSCRAWL_WARC_PATH")
        if not self.path:
            raise NotConfigured
        self.replaying = bool(crawler.settings.get("NEWSCRAWL_REPLAY_DIR"))
        # Under a mirror, the mirror's own pages (its robots.txt) are not the site's.
        mirror = crawler.settings.get("NEWSCRAWL_MIRROR")
        self.mirror = mirror.rstrip("/") + "/" if mirror else None
        self.max_size = crawler.settings.getint("NEWSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.writer: ArchiveWriter | None = None
        crawler.signals.connect(self.open, signals.spider_opened)
        crawler.signals.connect(self.close, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcRecorderMiddleware:
        return cls(crawler)

    def open(self, spider: Spider) -> None:
        if self.replaying:
            logger.warning("not archiving to %s: a replay is not the site", self.path)
            return
        self.writer = ArchiveWriter(self.path, crawl_info(spider, self.settings), self.max_size)
        self.writer.open()

    def close(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()
            self.stats.set_value("warc/files", [str(path) for path in self.writer.files])
            self.stats.set_value("warc/records", self.writer.records)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.writer is None or (self.mirror and response.url.startswith(self.mirror)):
            return response
        request_headers = flat_headers(request.headers)
        if not any(name.lower() == "host" for name, _ in request_headers):
            request_headers.insert(0, ("Host", urlsplit(response.url).netloc))
        ip = getattr(response, "ip_address", None)
        self.writer.write(
            Exchange(
                url=response.url,
                method=request.method,
                request_headers=request_headers,
                status=response.status,
                response_headers=flat_headers(response.headers),
                body=response.body,
                date=datetime.now(UTC),
                protocol=response.protocol or "HTTP/1.1",
                ip_address=str(ip) if ip is not None else None,
            )
        )
        return response
