"""One saved page to its record outside a crawl (`newscrawl extract`, fixture checks,
benchmarks): the crawl's own extraction and item pipelines, in the order the settings give."""

from __future__ import annotations

from functools import cache
from typing import Any

from scrapy.http import Headers, HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from newscrawl.extraction import extract_page
from newscrawl.extraction.encoding import reading
from newscrawl.items import ErrorItem, Item, now_utc, to_record
from newscrawl.pipelines.validation import InvalidRecord
from newscrawl.profile import SiteProfile
from newscrawl.profiles import profile_for


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
    url: str,
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    profile: SiteProfile | None = None,
) -> Response:
    """A Scrapy response for a saved page, so a file goes through the crawl's own code: built
    in the encoding the crawl's EncodingMiddleware reads every page in (`reading`), so that
    Scrapy never sniffs the body for a reading of its own."""
    fields = Headers(headers or {"Content-Type": "text/html; charset=utf-8"})
    profile = profile or profile_for(url)
    content_type = fields.get(b"Content-Type", b"").decode("latin-1") or None
    encoding = reading(body, content_type, profile.legacy_encoding, profile.extractor == "generic")
    response = HtmlResponse(url=url, body=body, status=status, encoding=encoding)
    response.headers = fields  # taken as it is (given to the constructor, it is made again)
    return response


def record_for_page(
    url: str,
    body: bytes,
    status: int = 200,
    headers: dict[str, str] | None = None,
    crawled_at: str | None = None,
    profile: SiteProfile | None = None,
) -> dict[str, Any]:
    """Extract, normalise and validate one saved page, read by `profile` (default: the
    profile of its URL)."""
    profile = profile or profile_for(url)
    response = page_response(url, body, status, headers, profile)
    item = extract_page(response, profile, crawled_at or now_utc(), remember=False)
    return process_item(item)
