"""`newscrawl extract --warc`: the records of every HTML page in WARC archives (a crawl's own, or
Common Crawl's CC-NEWS), through the crawl's own decoding, extraction, pipelines and schema.

- Which answers: every `response` record of an HTML page (Content-Type `text/html` or
  `application/xhtml+xml`), of the sites and hosts asked for (`Filters`; a record of another
  site is passed over without reading its payload). Redirects and `304`s are not pages: their
  targets are. An error answer (403, 404, a challenge page) gives the error record a crawl gives.
- The same record as a crawl's: the payload is decoded by Scrapy's own HttpCompressionMiddleware
  (at most DOWNLOAD_MAXSIZE once inflated), read in its real encoding and extracted by
  `record_for_page`; `crawled_at` is the record's WARC-Date, when the page was fetched.
- Order: archives in the order given, records in archive order, whatever `jobs` is (one reader
  hands batches of pages to `jobs` processes and takes their records back in order).
- Nothing lost without a trace: a payload past DOWNLOAD_MAXSIZE is a `too_large` error record,
  an archive that cannot be fetched or read (from some point on) an error record naming it.
"""

from __future__ import annotations

import os
import urllib.request
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import IO, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.items import ErrorItem, now_utc, to_record
from newscrawl.processing import project_settings, record_for_page
from newscrawl.profiles import profile_for
from newscrawl.warc import ArchivedResponse, ArchiveError, read_responses

HTML_TYPES = ("text/html", "application/xhtml+xml")
BATCH = 16  # pages per task handed to a worker process
# A page as the worker gets it: URL, status, headers, payload (or None: too large), crawled_at.
Page = tuple[str, int, list[tuple[str, str]], bytes | None, str]


@dataclass(frozen=True)
class Filters:
    """Which pages to read: of these sites (a profile's `site`, e.g. `almayadeen`, or an
    unknown site's host without www) or on these hosts (and their subdomains). None: all."""

    sites: frozenset[str] = frozenset()
    hosts: frozenset[str] = frozenset()

    def wants(self, url: str) -> bool:
        if not self.sites and not self.hosts:
            return True
        host = (urlsplit(url).hostname or "").lower()
        if any(host == h or host.endswith(f".{h}") for h in self.hosts):
            return True
        return bool(self.sites) and profile_for(url).site in self.sites


@dataclass
class Tally:
    """What reading the archives found, for the summary line."""

    responses: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    records: Counter[str] = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.records.items())) or "none"
        skipped = ", ".join(f"{k} {n}" for k, n in sorted(self.skipped.items())) or "none"
        return f"{self.responses} responses read; records: {kinds}; passed over: {skipped}"


# ---------------------------------------------------------------- reading archives


class CountingReader:
    """A binary stream that says how far it was read (`tell`, for warcio's offsets; `seen`, for
    a progress bar), over files and HTTP downloads alike."""

    def __init__(self, stream: IO[bytes], seen: Callable[[int], None] | None = None) -> None:
        self.stream = stream
        self.position = 0
        self.seen = seen

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        if self.seen is not None:
            self.seen(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self.stream.close()


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def source_size(source: str) -> int | None:
    """A local archive's size in bytes (for the progress bar); None for a URL."""
    return None if is_url(source) else os.path.getsize(source)


def open_source(source: str, timeout: float = 60) -> IO[bytes]:
    """A local path, or an http(s) URL streamed as it downloads."""
    if is_url(source):
        request = urllib.request.Request(source, headers={"User-Agent": user_agent()})
        return urllib.request.urlopen(request, timeout=timeout)
    return open(source, "rb")


def is_html(response: ArchivedResponse) -> bool:
    """An HTML page by its Content-Type; without one, by its first bytes (a payload too large
    to read counts as one: its record says it was too large)."""
    content_type = (response.header("Content-Type") or "").lower()
    if content_type:
        return any(kind in content_type for kind in HTML_TYPES)
    if response.body is None:
        return True
    head = response.body[:1024].lower()
    return b"<html" in head or b"<!doctype html" in head


def pages_of(
    sources: Iterable[str],
    filters: Filters,
    tally: Tally,
    seen: Callable[[int], None] | None = None,
) -> Iterator[Page | dict[str, Any]]:
    """The pages to extract, in archive order, and an error record for each archive that could
    not be fetched or read to its end."""
    max_size = settings().getint("DOWNLOAD_MAXSIZE")
    for source in sources:
        try:
            stream = CountingReader(open_source(source), seen)
        except (OSError, ValueError) as exc:
            tally.broken.append(source)
            yield archive_failure("fetch_failed", f"{source}: cannot open: {exc}")
            continue
        try:
            for response in read_responses(stream, filters.wants, max_size, name=source):
                tally.responses += 1
                if 300 <= response.status < 400:
                    tally.skipped["redirects and 304s"] += 1
                elif not is_html(response):
                    tally.skipped["not HTML"] += 1
                else:
                    headers = response.headers
                    yield response.url, response.status, headers, response.body, response.crawled_at
        except ArchiveError as exc:
            tally.broken.append(source)
            yield archive_failure("unparseable", str(exc))
        finally:
            stream.close()


def archive_failure(kind: str, message: str) -> dict[str, Any]:
    return to_record(ErrorItem.of(None, kind, message, crawled_at=now_utc()))


# ---------------------------------------------------------------- one page to its record


@cache
def settings() -> Any:
    return project_settings()


def user_agent() -> str:
    return str(settings().get("USER_AGENT"))


@cache
def decompression() -> HttpCompressionMiddleware:
    """Scrapy's own HttpCompressionMiddleware, configured as in a crawl (DOWNLOAD_MAXSIZE), so
    that an archived payload is decoded exactly as a live answer is. Outside a crawl there are
    no stats to count into and no spider to open."""
    crawl = SimpleNamespace(
        settings=settings(), stats=None, signals=SimpleNamespace(connect=lambda *a, **k: None)
    )
    return HttpCompressionMiddleware(crawler=crawl)  # type: ignore[arg-type]


def record_of(page: Page) -> dict[str, Any]:
    """The record of one archived page, as the crawl would export it."""
    url, status, headers, body, crawled_at = page
    if body is None:
        limit = settings().getint("DOWNLOAD_MAXSIZE")
        message = f"the archived answer is larger than DOWNLOAD_MAXSIZE ({limit} bytes)"
        return to_record(ErrorItem.of(url, "too_large", message, status, crawled_at))
    raw = Response(url=url, status=status, headers=headers, body=body)
    try:
        decoded = decompression().process_response(Request(url), raw)
    except IgnoreRequest as exc:
        return to_record(ErrorItem.of(url, "too_large", str(exc), status, crawled_at))
    flat = {}
    for name, values in decoded.headers.items():
        flat[name.decode("latin-1")] = b", ".join(values).decode("latin-1")
    return record_for_page(url, decoded.body, status, flat, crawled_at)


def records_of(batch: list[Page]) -> list[dict[str, Any]]:
    return [record_of(page) for page in batch]


# ---------------------------------------------------------------- in parallel, in order


def batches(items: Iterable[Page | dict[str, Any]]) -> Iterator[list[Page] | dict[str, Any]]:
    """Pages in batches of BATCH; an error record stands alone, in its place."""
    batch: list[Page] = []
    for item in items:
        if isinstance(item, dict):
            if batch:
                yield batch
                batch = []
            yield item
        else:
            batch.append(item)
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def extract_archives(
    sources: Iterable[str],
    filters: Filters,
    jobs: int,
    tally: Tally,
    seen: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every record of the archives' pages, in archive order, extracted by `jobs` processes
    (at most 2 x jobs batches in flight, so memory stays bounded whatever the archive's size)."""
    work = batches(pages_of(sources, filters, tally, seen))
    if jobs <= 1:
        for item in work:
            yield from [item] if isinstance(item, dict) else records_of(item)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[dict[str, Any]]] | dict[str, Any]] = deque()
        for item in work:
            pending.append(item if isinstance(item, dict) else pool.submit(records_of, item))
            while len(pending) > 2 * jobs:
                yield from _done(pending.popleft())
        while pending:
            yield from _done(pending.popleft())


def _done(item: Future[list[dict[str, Any]]] | dict[str, Any]) -> list[dict[str, Any]]:
    return [item] if isinstance(item, dict) else item.result()
