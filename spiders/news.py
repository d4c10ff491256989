"""Any news site, through its site profile (a registered one, or the generic profile).

    scrapy crawl news -a start=https://example.com/          # any site: the generic profile
    scrapy crawl news -a profile=almayadeen-en               # a registered profile by name
    newscrawl crawl news -a start=https://example.com/ -o out.jsonl

It walks the site the way search engines are told to: robots.txt's `Sitemap:` lines (else
`/sitemap.xml`), the sitemaps they list (Google News sitemaps included, with their publication
dates, which Scrapy's own sitemap parser drops), the home page's feeds (`<link rel="alternate">`)
and the home page's article links. Which links are articles, and which extractor reads them,
the profile says. Modes, limits, failures, incremental state and shared frontiers are the shared
walk's (newscrawl/spiders/base.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from newscrawl.spiders.base import SiteSpider, html_root, url_list
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.normalize.urls import safe_canonical, safe_join
from newscrawl.profiles import profile_for, profile_named

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


class NewsSpider(SiteSpider):
    name = "news"

    def __init__(
        self,
        start: str | None = None,
        profile: str | None = None,
        urls: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(urls=url_list(urls), **kwargs)
        if profile:
            chosen = profile_named(profile)
        elif start or self.start_list:
            chosen = profile_for(start or self.start_list[0])
        else:
            raise ValueError("give -a start=URL (any site) or -a profile=NAME")
        self.use_profile(chosen)
        self.start_url = start or f"{chosen.base_url}{chosen.home}"
        # Where robots.txt, sitemaps and feeds are asked for: the start URL's own scheme and
        # port (a site served at http://127.0.0.1:8770/), else the profile's https://host.
        parts = urlsplit(start or "")
        own = start is not None and parts.scheme in ("http", "https") and chosen.owns(start)
        self.base_url = f"{parts.scheme}://{parts.netloc}" if own else chosen.base_url

    async def start_walk(self) -> AsyncIterator[Any]:
        base = self.base_url
        if self.mode == "feed" and self.profile.feeds:
            # The profile's feeds; a site without a profile: the feeds its home page names.
            for path in self.profile.feeds:
                if request := self.request(f"{base}{path}", self.parse_feed, depth=0):
                    yield request
        elif self.mode in ("sections", "sitemap"):
            # The home page comes after robots.txt and its sitemaps are queued (parse_robots),
            # so that a Google News date is known before a page without one is read.
            if request := self.request(f"{base}/robots.txt", self.parse_robots, depth=0):
                yield request
        elif request := self.request(self.start_url, self.parse_home, depth=0):
            yield request

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """The sitemaps robots.txt names; `/sitemap.xml` when it names none."""
        found = sitemap_urls_from_robots(response.body) if response.status == 200 else []
        sitemaps = [*found] or [*self.profile.sitemaps] or ["/sitemap.xml"]
        for sitemap in sitemaps:
            url = safe_canonical(safe_join(response.url, sitemap))
            if url and (request := self.request(url, self.parse_sitemap, self._depth(response))):
                if isinstance(request, scrapy.Request):
                    request.priority = 10
                yield request
        if self.mode == "sections" and (
            request := self.request(self.start_url, self.parse_home, depth=0)
        ):
            if isinstance(request, scrapy.Request):
                request.priority = -10
            yield request

    def parse_home(self, response: Response) -> Iterator[Any]:
        """The home page: its feeds, then its article links (and listing links)."""
        page = html_root(response)
        if page is None:
            yield from self.parse_listing(response)
            return
        for link in page.xpath("//link[@rel='alternate'][@href]"):
            if (link.get("type") or "").lower() in FEED_TYPES:
                url = safe_canonical(safe_join(response.url, link.get("href")))
                if url and (request := self.request(url, self.parse_feed, self._depth(response))):
                    yield request
        if self.mode == "sections":
            yield from self.parse_listing(response)
