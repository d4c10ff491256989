"""The crawl's item pipelines, run outside a crawl (for `newscrawl extract` and benchmarks)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from newscrawl.extraction import extract_page
from newscrawl.extraction.encoding import redecoded
from newscrawl.items import ErrorItem, Item, to_record
from newscrawl.sites import profile_for
from pipelines.validation import InvalidRecord


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    return settings


@cache
def pipelines() -> tuple[Any, ...]:
    """Fresh instances of the configured pipelines, in order (validation without a rejects file)."""
    configured = project_settings().getdict("ITEM_PIPELINES")
    ordered = sorted(configured.items(), key=lambda pair: pair[1])
    return tuple(load_object(path)() for path, _ in ordered)


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def process_item(item: Item) -> dict[str, Any]:
    """The exported record of an item, or an `invalid` error record with the schema's reasons."""
    try:
        for pipeline in pipelines():
            item = pipeline.process_item(item)
    except InvalidRecord as exc:
        url = getattr(item, "url", None)
        crawled_at = getattr(item, "crawled_at", None) or now_utc()
        return to_record(ErrorItem.of(url, "invalid", str(exc), crawled_at=crawled_at))
    return to_record(item)


def page_response(
    url: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A Scrapy response for a saved page, so a file goes through the crawl's own code: read in
    its real encoding, as the crawl's EncodingMiddleware reads every page."""
    headers = headers or {"Content-Type": "text/html; charset=utf-8"}
    response = HtmlResponse(url=url, body=body, status=status, headers=headers)
    profile = profile_for(url)
    return redecoded(response, profile.legacy_encoding, profile.extractor == "generic")


def record_for_page(
    url: str,
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    crawled_at: str | None = None,
) -> dict[str, Any]:
    """Extract, normalise and validate one saved page."""
    response = page_response(url, body, status, headers)
    return process_item(extract_page(response, crawled_at or now_utc()))
