"""Navigation: which links on a page lead to articles, to listing pages, or to the next page.

Links are recognised by the site's URL shapes (site notes), never by guessed class names. Every
URL comes out canonical (no tracking parameters, no fragment), so duplicates collapse.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from lxml.html import HtmlElement

from newscrawl.normalize.urls import canonicalize_url, resolving_base, safe_canonical, safe_join
from newscrawl.profile import SiteProfile

PAGE_PARAMS = ("page", "p", "pg")


# Hrefs that lead to no page.
_NOT_PAGES = ("#", "javascript:", "mailto:", "tel:", "data:")


def _links(page: HtmlElement, page_url: str, hosts: tuple[str, ...]) -> list[str]:
    """Canonical absolute URLs of every `<a href>` to one of `hosts`, each once, in page
    order."""
    seen: dict[str, None] = {}
    for anchor in page.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(_NOT_PAGES):
            continue
        # An absolute path or URL is resolved from the page's origin (as `safe_join` resolves
        # it): the same cache entry on every page of the site that links to it.
        url = _site_link(resolving_base(page_url, href), href, hosts)
        if url:
            seen.setdefault(url, None)
    return list(seen)


@lru_cache(maxsize=8192)  # a site's navigation, section and author links are on every page
def _site_link(base: str, href: str, hosts: tuple[str, ...]) -> str | None:
    """The canonical URL `href` leads to from `base`, when it is on one of `hosts`."""
    url = safe_canonical(safe_join(base, href))
    return url if url and urlsplit(url).hostname in hosts else None


def site_links(page: HtmlElement, page_url: str, profile: SiteProfile) -> list[str]:
    """The page's links to the site (canonical, each once): read once per page, then sorted by
    `article_links`, `listing_links` and `next_pages` (pass it as their `links`)."""
    return _links(page, page_url, profile.hosts)


def article_links(
    page: HtmlElement, page_url: str, profile: SiteProfile, links: list[str] | None = None
) -> list[str]:
    """Links to the profile's article pages."""
    found = links if links is not None else site_links(page, page_url, profile)
    return [url for url in found if profile.is_article_url(url)]


def listing_links(
    page: HtmlElement, page_url: str, profile: SiteProfile, links: list[str] | None = None
) -> list[str]:
    """Links to section, region and topic pages (first pages only; see `next_pages`)."""
    found = links if links is not None else site_links(page, page_url, profile)
    return [
        url
        for url in found
        if profile.is_listing_url(url)
        # A listing with a query (`?date=…`, `?sort=…`) is a filter of a listing, and a
        # calendar of them never ends; later pages come from `next_pages`.
        and not urlsplit(url).query
        # The Arabic edition's `/articles/<slug>` is an article, not the `/articles/<section>`
        # listing it looks like.
        and not profile.is_article_url(url)
    ]


def page_number(url: str) -> int | None:
    for key, value in parse_qsl(urlsplit(url).query):
        if key in PAGE_PARAMS and value.isdigit():
            return int(value)
    return None


def _next_hrefs(page: HtmlElement) -> Iterator[str]:
    """The hrefs of the page's `<link rel=next>` and `<a rel=next>`, in page order."""
    for element in page.iter("link", "a"):
        href = element.get("href")
        if href is not None and element.get("rel") == "next":
            yield href


def next_pages(
    page: HtmlElement, page_url: str, profile: SiteProfile, links: list[str] | None = None
) -> list[str]:
    """Later pages of this listing: `rel=next`, and page-number links on the same path."""
    here = urlsplit(canonicalize_url(page_url))
    current = page_number(page_url) or 1
    found: dict[str, None] = {}
    for href in _next_hrefs(page):
        url = safe_canonical(safe_join(page_url, href)) or ""
        if urlsplit(url).hostname in profile.hosts:
            found.setdefault(url, None)
    for url in links if links is not None else site_links(page, page_url, profile):
        if urlsplit(url).path != here.path:
            continue
        number = page_number(url)
        if number is not None and number > current:
            found.setdefault(url, None)
    return list(found)
