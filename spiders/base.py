"""The walk every site's spider shares: start modes, limits, incremental state, claims shared by
workers, and the callbacks for listings, sitemaps, feeds and articles. It knows no site: what it
walks, the spider's `profile` says (its hosts, article and listing URL shapes, start points).

Start modes (`-a mode=…`):
- `sections` (default): the start page, its listing links (sections, regions, author and topic
  pages, by the profile's URL shapes), their later pages, and every article link on them.
- `sitemap`: the profile's sitemaps; `-a since=YYYY-MM-DD -a until=…` keep only an archive
  window.
- `feed`: the profile's feeds.
- `urls`: an explicit list (`-a urls=URL,URL` or `-a urls=@file`); the default when `urls` is
  given without a mode.

The spider only walks: every page goes to `newscrawl.extraction`, which says what the page is.
Limits: `-a max_pages=N` (requests), `-a max_depth=N` (links followed from a start page),
`-a max_listing_pages=N` (pages of one listing, default 20), `-a follow=no|yes` (follow article
links found on article pages; default yes for sections and urls, no for sitemap and feed).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

import scrapy
from newscrawl.spiders.pending import PendingRequests, pending_for
from newscrawl.spiders.url_lists import UrlFile, url_list
from scrapy import signals
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.digests import DigestSet, digest
from newscrawl.distributed import LocalClaims, RedisClaims, claims_for
from newscrawl.extraction import breaking_items, extract_page
from newscrawl.extraction.classify import reject_reason
from newscrawl.extraction.date_finder import url_date
from newscrawl.extraction.document import page_root
from newscrawl.extraction.feeds import (
    TooLarge,
    feed_links,
    month_in_window,
    parse_sitemap,
    sitemap_month,
    unpacked,
)
from newscrawl.extraction.links import (
    article_links,
    listing_links,
    next_pages,
    page_number,
    site_links,
)
from newscrawl.failures import failure_record
from newscrawl.items import ArticleItem, ErrorItem, now_utc
from newscrawl.normalize.dates import parse_instant
from newscrawl.normalize.urls import canonicalize_url, safe_canonical, safe_join
from newscrawl.profile import SiteProfile
from newscrawl.state import CrawlState, state_for
from newscrawl.stats import count

MODES = ("sections", "sitemap", "feed", "urls")
OTHER_SITE = "another site, for the news spider (newscrawl crawl news --urls URL)"


def _int_arg(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _date_arg(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value not in (None, "") else None


class SiteSpider(scrapy.Spider):
    """Walks one site, the one its `profile` describes (subclasses choose it: `use_profile`)."""

    profile: SiteProfile
    # Every answer reaches the spider, so that a 403 or a 404 becomes an error record.
    handle_httpstatus_list = list(range(400, 600))

    def __init__(
        self,
        mode: str | None = None,
        urls: str | list[str] | UrlFile | None = None,
        since: str | None = None,
        until: str | None = None,
        follow: str | None = None,
        max_pages: str | int | None = None,
        max_depth: str | int | None = None,
        max_listing_pages: str | int = 20,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_list = url_list(urls)
        self.mode = mode or ("urls" if self.start_list else "sections")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        self.since, self.until = _date_arg(since), _date_arg(until)
        # Sitemap and feed crawls fetch what they list (an archive window stays a window);
        # section and URL crawls also follow the article links they find.
        if follow is None:
            self.follow_links = self.mode in ("sections", "urls")
        else:
            self.follow_links = str(follow).lower() not in ("no", "false", "0")
        self.max_pages = _int_arg(max_pages)
        self.max_depth = _int_arg(max_depth)
        self.max_listing_pages = _int_arg(max_listing_pages) or 20
        self.requested = 0
        # Canonical URLs requested or skipped in this crawl, as 8-byte digests.
        self._seen = DigestSet()
        # Google News sitemap dates by canonical URL's digest, for pages that show no date
        # (kept apart from the requests: the page may be requested first from somewhere else);
        # each is dropped once its page is read.
        self.news_dates: dict[int, str] = {}

    def use_profile(self, profile: SiteProfile) -> None:
        """Crawl the site `profile` describes, and only its hosts."""
        self.profile = profile
        self.allowed_domains = [*profile.hosts]

    # ------------------------------------------------------------------ start

    @cached_property
    def state(self) -> CrawlState | None:
        """The incremental crawl's state (None in a full crawl)."""
        crawler = getattr(self, "crawler", None)
        return state_for(crawler) if crawler is not None else None

    @cached_property
    def claims(self) -> LocalClaims | RedisClaims:
        """Articles and ticker items exported in this crawl (shared by all its workers)."""
        return claims_for(getattr(self, "crawler", None))

    @cached_property
    def revisit_after(self) -> datetime:
        """Known articles published (or first seen) before this are settled: not re-fetched."""
        days = self.crawler.settings.getfloat("NEWSCRAWL_REVISIT_DAYS", 3)
        return datetime.now(UTC) - timedelta(days=days)

    def _revisit_window(self) -> None:
        if self.state is not None and self.mode == "sitemap" and self.since is None:
            # An incremental sitemap crawl reads the months of the revisit window.
            self.since = self.revisit_after.date()

    async def start(self) -> AsyncIterator[Any]:
        self._revisit_window()
        if self.mode == "urls":
            for url in self.start_list:
                if not self.profile.owns(url):
                    message = self.off_site_message(url)
                    yield ErrorItem.of(url, "bad_input", message, None, now_utc())
                elif request := self.article_request(url, depth=0):
                    await self._room_for(request)
                    yield request
            return
        async for request in self.start_walk():
            yield request

    async def _room_for(self, request: Any) -> None:
        """Wait, while the downloader is full, until the scheduler has run dry: a list of a
        million URLs becomes requests as they can be sent, not a million requests waiting in
        memory (Scrapy reads `start()` as fast as it yields)."""
        engine = getattr(getattr(self, "crawler", None), "engine", None)
        if isinstance(request, scrapy.Request) and engine is not None and engine.needs_backout():
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    def off_site_message(self, url: str) -> str:
        """Why a start URL of another site is refused (and what to do instead)."""
        return f"not on {self.profile.host}: {OTHER_SITE}"

    async def start_walk(self) -> AsyncIterator[Any]:
        """Where a walk of the site starts, as the profile says: its home page (sections), its
        sitemaps or its feeds; or the start URLs given."""
        paths, callback = {
            "sections": ((self.profile.home,), self.parse_listing),
            "sitemap": (self.profile.sitemaps, self.parse_sitemap),
            "feed": (self.profile.feeds, self.parse_feed),
        }[self.mode]
        base = self.profile.base_url
        for url in self.start_list or [f"{base}{path}" for path in paths]:
            if request := self.request(url, callback, depth=0):
                yield request

    def request(
        self, url: str, callback: Callable[..., Any], depth: int | None = None
    ) -> scrapy.Request | ErrorItem | None:
        """A request for `url`; a `skipped` failure when a limit says no; None when the URL
        was already requested (or skipped) in this crawl."""
        if not self._seen.add(canonicalize_url(url)):
            return None  # requested (or skipped) already
        if self.max_pages is not None and self.requested >= self.max_pages:
            return self.skip(url, "max_pages", f"max_pages ({self.max_pages}) reached")
        if depth is not None and self.max_depth is not None and depth > self.max_depth:
            return self.skip(url, "max_depth", f"deeper than max_depth ({self.max_depth})")
        self.requested += 1
        meta = {"newscrawl_depth": depth or 0}
        return scrapy.Request(url, callback=callback, errback=self.failed, meta=meta)

    def skip(self, url: str, limit: str, reason: str) -> ErrorItem:
        """A URL the crawl found but will not fetch: a failure record that says why."""
        self._seen.add(canonicalize_url(url))
        self._count(f"skipped/{limit}")
        return ErrorItem.of(url, "skipped", f"not fetched: {reason}", None, now_utc())

    def article_request(self, url: str, depth: int | None) -> scrapy.Request | ErrorItem | None:
        """A request for an article page. In an incremental crawl a known article is fetched
        again only while it is in the revisit window, and then conditionally (ETag,
        Last-Modified): a `304 Not Modified` costs no body and exports nothing."""
        if self.state is None:
            return self.request(url, self.parse_article, depth)
        key = canonicalize_url(url)
        if key in self._seen:
            return None  # asked for already: no need to ask the state either
        known = self.state.article(key)
        if known is None or not known.exported:
            return self.request(url, self.parse_article, depth)
        if not _recent(known.published_at or known.first_seen_at, self.revisit_after):
            self._seen.add(key)  # settled: neither asked for nor looked up again
            self._count("skipped/settled")
            return None
        request = self.request(url, self.parse_article, depth)
        if isinstance(request, scrapy.Request):
            if known.etag:
                request.headers["If-None-Match"] = known.etag
            if known.last_modified:
                request.headers["If-Modified-Since"] = known.last_modified
            # 304 reaches the callback too; so do the error statuses, as for every request.
            request.meta["handle_httpstatus_list"] = [304, *self.handle_httpstatus_list]
        return request

    def _count(self, key: str) -> None:
        count(self.crawler.stats if getattr(self, "crawler", None) else None, key)

    def _depth(self, response: Response) -> int:
        return int(response.meta.get("newscrawl_depth", 0)) + 1

    # ------------------------------------------------------------------ callbacks

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Pages passed in by other tools (`scrapy parse`) are taken as articles."""
        yield from self.parse_article(response)

    def parse_article(self, response: Response) -> Iterator[Any]:
        if self.state is not None and response.status in (200, 304):
            self.state.fetched(
                canonicalize_url(response.url),
                now_utc(),
                _header(response, "ETag"),
                _header(response, "Last-Modified"),
            )
        if response.status == 304:
            self._count("unchanged/not_modified")
            return
        record = extract_page(response, self.profile, now_utc())
        if isinstance(record, ArticleItem):
            # How the page was read, for the report's drift figures (newscrawl/drift.py).
            self._count("read/articles")
            for source in record.fallbacks:
                self._count(f"read/fallback/{source}")
        if isinstance(record, ArticleItem) and not self.claims.claim(
            "article", record.canonical_url
        ):
            self._count("duplicates")  # reached again through a redirect or a tracked link
            return
        if isinstance(record, ArticleItem) and self.news_dates:
            # A Google News sitemap's date, if one listed the page: for a page that shows none
            # (or only its URL's day).
            listed = self.news_dates.pop(digest(record.canonical_url), None)
            fetched = self.news_dates.pop(digest(canonicalize_url(response.url)), None)
            if record.published_at_raw in (None, url_date(record.url)):
                record.published_at_raw = listed or fetched or record.published_at_raw
        yield record
        # Only an article is walked on: a page that is not one (a calendar page, a soft 404)
        # could lead anywhere, an endless chain of such pages included.
        if self.follow_links and isinstance(record, ArticleItem):
            # A sections walk also takes the author and topic pages an article links to.
            yield from self.walk(response, listings=self.mode == "sections", paginate=False)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Home, section, region and topic pages: links only; a failed one is a failure record."""
        self._count("pages/listing")
        rejection = reject_reason(response)
        if rejection is not None:
            yield ErrorItem.of(
                response.url, rejection.kind, rejection.message, response.status, now_utc()
            )
            return
        yield from self.walk(response, listings=True, paginate=True)

    def walk(self, response: Response, listings: bool, paginate: bool) -> Iterator[Any]:
        """The ticker's items, then requests for the page's article links, its listing links
        (`listings`, in a sections walk) and its later pages (`paginate`)."""
        page = html_root(response)
        if page is None:
            return
        for item in breaking_items(page, response.url, self.profile, now_utc()):
            if self.claims.claim("breaking", item.id):
                yield item
        depth = self._depth(response)
        links = site_links(page, response.url, self.profile)  # read once, sorted three ways
        if listings and self.mode == "sections":
            for url in listing_links(page, response.url, self.profile, links):
                if request := self.request(url, self.parse_listing, depth):
                    yield request
        if paginate:
            for url in next_pages(page, response.url, self.profile, links):
                if (page_number(url) or 1) > self.max_listing_pages:
                    if canonicalize_url(url) not in self._seen:
                        limit = f"max_listing_pages ({self.max_listing_pages}) reached"
                        yield self.skip(url, "max_listing_pages", limit)
                elif request := self.request(url, self.parse_listing, depth):
                    yield request
        for url in article_links(page, response.url, self.profile, links):
            if request := self.article_request(url, depth):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        self._count("pages/sitemap")
        if failure := _discovery_failure(response):
            yield failure
            return
        body = self.discovery_body(response)
        if isinstance(body, ErrorItem):
            yield body
            return
        kind, entries = parse_sitemap(body)
        if kind == "invalid":
            yield ErrorItem.of(
                response.url, "unparseable", "not a sitemap", response.status, now_utc()
            )
            return
        for entry in entries:
            url = safe_canonical(safe_join(response.url, entry.loc))
            if url is None:
                self._count("malformed_urls")
                continue
            if kind == "index":
                month = sitemap_month(url)
                if month and not month_in_window(month, self.since, self.until):
                    continue
                if request := self.request(url, self.parse_sitemap, self._depth(response)):
                    if isinstance(request, scrapy.Request):
                        request.priority = 10  # sitemaps before pages: their dates first
                    yield request
                continue
            # A Google News sitemap lists articles; a plain one may list every page.
            if entry.news_date is None and not self.profile.is_article_url(url):
                continue
            if entry.news_date:
                self.news_dates.setdefault(digest(url), entry.news_date)
            day = _day(entry.news_date or entry.lastmod)
            if day and not (
                (self.since is None or day >= self.since)
                and (self.until is None or day <= self.until)
            ):
                self._count("skipped/outside_window")
                continue
            request = self.article_request(url, self._depth(response))
            if isinstance(request, scrapy.Request) and self.pending is not None:
                self.pending.add(request)  # to the scheduler when it can take it
                self._count("pending/sitemap_articles")
            elif request:
                yield request

    @cached_property
    def pending(self) -> PendingRequests | None:
        """Where a sitemap's article requests wait (spiders/pending.py); None: nowhere, they
        go straight to the scheduler."""
        return pending_for(self)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        self._count("pages/feed")
        if failure := _discovery_failure(response):
            yield failure
            return
        body = self.discovery_body(response)
        if isinstance(body, ErrorItem):
            yield body
            return
        for link in feed_links(body):
            url = safe_canonical(safe_join(response.url, link))
            if url is None:
                self._count("malformed_urls")
                continue
            if self.profile.is_article_url(url) and (
                request := self.article_request(url, self._depth(response))
            ):
                yield request

    def discovery_body(self, response: Response) -> bytes | ErrorItem:
        """A sitemap's or feed's bytes, inflated when they are gzip data (`sitemap.xml.gz`) to
        at most DOWNLOAD_MAXSIZE; an error record when they cannot be (a bomb is `too_large`)."""
        crawler = getattr(self, "crawler", None)
        limit = crawler.settings.getint("DOWNLOAD_MAXSIZE") if crawler else 0
        try:
            return unpacked(response.body, limit)
        except ValueError as exc:
            kind = "too_large" if isinstance(exc, TooLarge) else "unparseable"
            return ErrorItem.of(response.url, kind, str(exc), response.status, now_utc())

    def failed(self, failure: Failure) -> Iterator[ErrorItem]:
        """A request that got no answer still ends as a record, with the reason."""
        yield failure_record(failure)


def _discovery_failure(response: Response) -> ErrorItem | None:
    """A sitemap or feed that answered with an error status (or a challenge page)."""
    if response.status < 400 and b"<html" not in response.body[:2048].lower():
        return None
    rejection = reject_reason(response)
    if rejection is None:
        return ErrorItem.of(
            response.url,
            "unparseable",
            "an HTML page where XML was expected",
            response.status,
            now_utc(),
        )
    return ErrorItem.of(response.url, rejection.kind, rejection.message, response.status, now_utc())


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _recent(moment: str | None, after: datetime) -> bool:
    """Whether an ISO 8601 time is later than `after` (a naive one read as UTC); unknown counts
    as recent."""
    parsed = parse_instant(moment) or parse_instant(f"{moment}+00:00")
    return parsed is None or parsed > after


def html_root(response: Response) -> Any:
    if not isinstance(response, TextResponse) or response.status >= 300 or not response.body:
        return None
    try:
        page = page_root(response)
    except (ValueError, TypeError):
        return None
    return page if hasattr(page, "xpath") else None
