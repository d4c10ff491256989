"""What differs per site: the `SiteProfile` type, the generic profile of a site newscrawl has no
profile for, and `news_site`, the short form of a profile the generic extractor reads.

A profile is data only. Each site's profile lives in its own module of `newscrawl/profiles/`
(Al Mayadeen's three editions in `profiles/almayadeen.py`), and the registry in
`newscrawl/profiles/__init__.py` finds the profile of a URL or a name. See docs/site-profiles.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

HEADLINE_SOURCES = ("json-ld", "og:title", "twitter:title", "h1", "title")
# Headline orders for `SiteProfile.headline_sources`, for sites whose chosen headline is not the
# one the generic rule finds: the share title (many German and British sites write a second,
# shorter headline for it), the JSON-LD headline even when the page shows another, the page's own.
OG_TITLE_FIRST = ("og:title", "json-ld", "h1", "title")
JSON_LD_FIRST = ("json-ld", "h1", "og:title", "title")
H1_FIRST = ("h1", "json-ld", "og:title", "title")

# Article-looking paths of an unknown site: a date in the path, or a long slug.
GENERIC_ARTICLE_PATH = re.compile(
    r"^.*?(?:/(?:19|20)\d{2}/\d{1,2}/"  # /2024/05/…
    r"|/(?:19|20)\d{2}-\d{2}-\d{2}"  # /2024-05-30…
    # /a-slug-of-four-or-more-words as the last segment: only the last segment is searched and
    # nothing is backtracked into, so a long path fails in linear time (the former pattern
    # took 10 s on a 2,400-character path).
    r"|/(?=[^/]*+/?$)[^/]*?(?<![a-z0-9])[a-z0-9]++(?:-[a-z0-9]++){3,}"
    r"|/(?:article|story)s?/[^/]+)",  # /article/…, /stories/…; not /news/<section>
    re.I,
)
NO_LISTINGS = re.compile(r"(?!)")  # matches nothing


@dataclass(frozen=True, kw_only=True)
class SiteProfile:
    """What differs per site (or per edition of one): its hosts, names, time zone, house
    bylines, URL shapes, where a crawl starts, and which extractor reads its pages
    (`generic`: JSON-LD, meta tags and the page's text, for any site; `almayadeen`: that CMS's
    metadata script and page template)."""

    # The profile's name (`newscrawl crawl news -a profile=NAME`) and the record's `site`.
    name: str
    site: str
    language: str
    publisher: str
    host: str
    zone: ZoneInfo | None  # None: unknown; times keep the offset the page gives
    extractor: str = "generic"
    # Other hosts of the site (a second domain, language subdomains): read by this profile,
    # crawled as the site's own.
    aliases: tuple[str, ...] = ()
    house_bylines: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()
    # What the site's breaking-news ticker is labelled ("Breaking"): its items become records.
    breaking_labels: tuple[str, ...] = ()
    # The site's `posttype` values (lower-cased) to the record's `type`.
    post_types: dict[str, str] = field(default_factory=dict)
    # URL section slugs to the section names the navigation shows.
    section_names: dict[str, str] = field(default_factory=dict)
    # The first path segment of an article URL to the record's `type` (when no posttype says).
    path_types: dict[str, str] = field(default_factory=dict)
    # Which paths are articles, and which are listings (sections, regions, author and topic
    # pages) that a sections walk follows.
    article_path: re.Pattern[str] = GENERIC_ARTICLE_PATH
    listing_path: re.Pattern[str] = NO_LISTINGS
    # What undeclared or mis-declared non-UTF-8 pages of this site are written in.
    legacy_encoding: str = "cp1252"
    # Where a crawl of the site starts (paths on the host): home, sitemaps, feeds.
    home: str = "/"
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    # The zone of ISO times written without an offset (None: the site's `zone`, else UTC).
    naive_iso_zone: ZoneInfo | None = None
    # Where the generic extractor takes the headline from, in order (None: its own rule). Names:
    # "json-ld", "og:title", "twitter:title", "h1", "title", or "xpath:EXPR" (the expression's
    # first non-empty text). For sites whose chosen headline is not the one the rule finds.
    headline_sources: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # A profile with a mistyped source fails when it is loaded, not on every page.
        for source in self.headline_sources or ():
            if source.startswith("xpath:"):
                try:
                    etree.XPath(source.removeprefix("xpath:"))
                except etree.XPathSyntaxError as error:
                    raise ValueError(f"{self.name or self.host}: {source!r}: {error}") from None
            elif source not in HEADLINE_SOURCES:
                raise ValueError(
                    f"{self.name or self.host}: unknown headline source {source!r}"
                    f" (one of {', '.join(HEADLINE_SOURCES)} or xpath:EXPR)"
                )

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host whose pages are the site's: `host` and its `aliases`."""
        return (self.host, *self.aliases)

    def owns(self, url: str) -> bool:
        """Whether `url` is on one of the site's hosts."""
        return (urlsplit(url).hostname or "") in self.hosts

    def is_article_url(self, url: str) -> bool:
        """A link to one of the site's article pages."""
        parts = urlsplit(url)
        return (parts.hostname or "") in self.hosts and bool(self.article_path.match(parts.path))

    def is_listing_url(self, url: str) -> bool:
        return bool(self.listing_path.match(urlsplit(url).path))


def site_name(host: str) -> str:
    """A generic site's `site`: its host without `www.` (`apnews.com`)."""
    return host.lower().removeprefix("www.")


def site_label(host: str) -> str:
    """The name a host spells for its site: its first label without `www.` (`stern` for
    www.stern.de, `mirror` for www.mirror.co.uk)."""
    return host.lower().removeprefix("www.").split(".")[0]


@cache
def generic_profile(host: str) -> SiteProfile:
    """The profile of a site newscrawl has no profile for: the generic extractor, times as the
    pages give them, links recognised by the generic article shapes; an unknown site's section
    pages have no known shape, so its sitemaps, feeds and home page lead to its articles."""
    return SiteProfile(
        name="generic",
        site=site_name(host),
        language="und",
        publisher=site_name(host),
        host=host.lower(),
        zone=None,
    )


def news_site(
    name: str, host: str, publisher: str, language: str, zone: str | None, **fields: Any
) -> SiteProfile:
    """A profile whose pages the generic extractor reads: the site's names, language and time
    zone, plus whatever else it overrides (`fields`, any `SiteProfile` field)."""
    return replace(
        generic_profile(host),
        name=name,
        publisher=publisher,
        language=language,
        zone=ZoneInfo(zone) if zone else None,
        **fields,
    )
