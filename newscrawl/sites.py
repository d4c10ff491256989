"""What differs per site and edition: hosts, names, time zone, house bylines, URL shapes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

# Article URL shapes (site notes, confirmed on the Arabic edition, same CMS for all editions).
ARTICLE_PATH = re.compile(
    r"^/(?:news/[^/]+/[^/]+"
    r"|articles/(?:[^/]+/)?[^/]+"
    r"|video/[^/]+"
    r"|in-pictures/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    r"|infograph/.+"
    r"|programs/\d+/[^/]+)/?$"
)


# The Arabic edition also publishes at /<kind>/<slug> (seen in its real metadata).
ARABIC_ARTICLE_PATH = re.compile(
    r"^/(?:news/[^/]+/[^/]+"
    r"|(?:articles|tv-reports|video|misc|press|research-papers|health|podcasts|infograph)/[^/]+"
    r"|articles/[^/]+/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    r"|programs/\d+/[^/]+)/?$"
)


HEADLINE_SOURCES = ("json-ld", "og:title", "twitter:title", "h1", "title")


@dataclass(frozen=True)
class SiteProfile:
    """What differs per site (or per edition of one): its host, names, time zone, house
    bylines, URL shapes, where a crawl starts, and which extractor reads its pages
    (`almayadeen`: the CMS's metadata script and page template; `generic`: JSON-LD, meta tags
    and the page's text, for any site). See docs/site-profiles.md."""

    site: str
    language: str
    publisher: str
    host: str
    zone: ZoneInfo | None  # None: unknown; times keep the offset the page gives
    house_bylines: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    breaking_labels: tuple[str, ...]
    # The site's `posttype` values (lower-cased) to the record's `type`.
    post_types: dict[str, str] = field(default_factory=dict)
    # URL section slugs to the section names the navigation shows.
    section_names: dict[str, str] = field(default_factory=dict)
    # The first path segment of an article URL to the record's `type` (when no posttype says).
    path_types: dict[str, str] = field(default_factory=dict)
    article_path: re.Pattern[str] = field(default_factory=lambda: ARTICLE_PATH)
    # Section, region, author and topic pages a sections walk follows (None: Al Mayadeen's).
    listing_path: re.Pattern[str] | None = None
    # What undeclared or mis-declared non-UTF-8 pages of this edition are written in.
    legacy_encoding: str = "cp1252"
    # The profile's name (`newscrawl crawl news -a profile=NAME`) and its extractor.
    name: str = ""
    extractor: str = "almayadeen"
    # Where a crawl of the site starts (paths on the host): home, sitemaps, feeds.
    home: str = "/"
    sitemaps: tuple[str, ...] = ("/sitemaps/all.xml",)
    feeds: tuple[str, ...] = ("/rss",)
    # The zone of ISO times written without an offset (None: the site's `zone`, else UTC).
    naive_iso_zone: ZoneInfo | None = None
    # Other hosts of the site (a second domain, language subdomains): read by this profile,
    # crawled as the site's own.
    aliases: tuple[str, ...] = ()
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


# An Al Mayadeen edition is a site profile with the `almayadeen` extractor.
Edition = SiteProfile


_EN_POST_TYPES = {
    "news": "news",
    "opinion": "opinion",
    "analysis": "analysis",
    "blog": "blog",
    "feature": "feature",
    "features": "feature",
    "video": "video",
    "videos": "video",
    "infograph": "infograph",
    "infographs": "infograph",
    "in pictures": "gallery",
    "gallery": "gallery",
    "live": "live",
    "newscast": "live",
}
_EN_PATH_TYPES = {
    "news": "news",
    "video": "video",
    "infograph": "infograph",
    "newscast": "live",
    "live": "live",
    "in-pictures": "gallery",
}
_EN_SECTIONS = {
    "politics": "Politics",
    "economy": "Economy",
    "sports": "Sports",
    "arts-culture": "Arts&Culture",
    "health": "Health",
    "miscellaneous": "Miscellaneous",
    "technology": "Technology",
    "environment": "Environment",
    "opinion": "Opinion",
    "analysis": "Analysis",
    "blog": "Blog",
    "features": "Features",
}

ALMAYADEEN_EN = Edition(
    name="almayadeen-en",
    site="almayadeen",
    language="en",
    publisher="Al Mayadeen English",
    host="english.almayadeen.net",
    zone=ZoneInfo("Asia/Beirut"),
    naive_iso_zone=ZoneInfo("UTC"),  # the CMS's `article:*_time` tags are naive UTC (site notes)
    house_bylines=("Al Mayadeen net", "Al Mayadeen English", "Al Mayadeen", "Al Mayadeen Net"),
    title_suffixes=("Al Mayadeen English", "Al Mayadeen"),
    breaking_labels=("breaking", "breaking news"),
    post_types=_EN_POST_TYPES,
    section_names=_EN_SECTIONS,
    path_types=_EN_PATH_TYPES,
)

# The Arabic edition: posttype labels and URL kinds as its real metadata shows them (296 pages,
# fixtures/data). Newscasts (نشرة الأخبار) are broadcast bulletins: type `live`, like the live
# stream; press reviews (صحافة) and miscellany (منوعات) are news; reports (تقارير إخبارية) are
# features; research follow-ups (متابعات) are analysis; podcasts are videos.
_AR_POST_TYPES = {
    "أخبار": "news",
    "تقارير إخبارية": "feature",
    "نشرة الأخبار": "live",
    "فيديو": "video",
    "صحافة": "news",
    "منوعات": "news",
    "مقالات": "opinion",
    "متابعات": "analysis",
    "بودكاست": "video",
    "رأي": "opinion",
    "تحليل": "analysis",
    "مدونة": "blog",
    "إنفوغراف": "infograph",
    "انفوغراف": "infograph",
    "بالصور": "gallery",
    "مباشر": "live",
}
_AR_PATH_TYPES = {
    "news": "news",
    "tv-reports": "feature",
    "newscast": "live",
    "video": "video",
    "press": "news",
    "misc": "news",
    "health": "news",
    "articles": "opinion",
    "research-papers": "analysis",
    "podcasts": "video",
    "infograph": "infograph",
}
_AR_SECTIONS = {
    "politics": "سياسة",
    "economic": "اقتصاد",
    "economy": "اقتصاد",
    "sports": "رياضة",
    "culture": "ثقافة",
    "health": "صحة",
    "technology": "تكنولوجيا",
}

ALMAYADEEN_AR = Edition(
    name="almayadeen-ar",
    site="almayadeen",
    language="ar",
    publisher="الميادين",
    host="www.almayadeen.net",
    zone=ZoneInfo("Asia/Beirut"),
    naive_iso_zone=ZoneInfo("UTC"),  # the CMS's `article:*_time` tags are naive UTC (site notes)
    house_bylines=("الميادين نت", "شبكة الميادين", "الميادين"),
    title_suffixes=("الميادين نت", "الميادين"),
    breaking_labels=("عاجل",),
    post_types=_AR_POST_TYPES,
    section_names=_AR_SECTIONS,
    path_types=_AR_PATH_TYPES,
    article_path=ARABIC_ARTICLE_PATH,
    legacy_encoding="cp1256",
)

# The Spanish edition: inferred to share the English edition's template and URL shapes.
_ES_POST_TYPES = {
    "noticias": "news",
    "news": "news",
    "opinión": "opinion",
    "opinion": "opinion",
    "análisis": "analysis",
    "analisis": "analysis",
    "blog": "blog",
    "reportajes": "feature",
    "features": "feature",
    "video": "video",
    "videos": "video",
    "infografías": "infograph",
    "infografias": "infograph",
    "en imágenes": "gallery",
    "galería": "gallery",
    "en vivo": "live",
    "en directo": "live",
}
_ES_SECTIONS = {
    "politics": "Política",
    "economy": "Economía",
    "sports": "Deportes",
    "opinion": "Opinión",
    "analysis": "Análisis",
    "blog": "Blog",
    "features": "Reportajes",
}

ALMAYADEEN_ES = Edition(
    name="almayadeen-es",
    site="almayadeen",
    language="es",
    publisher="Al Mayadeen Español",
    host="espanol.almayadeen.net",
    zone=ZoneInfo("Asia/Beirut"),
    naive_iso_zone=ZoneInfo("UTC"),  # the CMS's `article:*_time` tags are naive UTC (site notes)
    house_bylines=("Al Mayadeen Español", "Al Mayadeen Espanol", "Al Mayadeen"),
    title_suffixes=("Al Mayadeen Español", "Al Mayadeen"),
    breaking_labels=("última hora", "ultima hora", "urgente"),
    post_types=_ES_POST_TYPES,
    section_names=_ES_SECTIONS,
    path_types=_EN_PATH_TYPES,
)

EDITIONS = {edition.host: edition for edition in (ALMAYADEEN_EN, ALMAYADEEN_AR, ALMAYADEEN_ES)}
EDITIONS_BY_LANGUAGE = {edition.language: edition for edition in EDITIONS.values()}

# Listings (their later pages add ?page=N): sections and regions (/news/politics,
# /articles/opinion, /region/palestine), topics (/coverage/<slug>), author pages
# (/authors/<name>) and the media kinds' index pages (/video, /infograph, /in-pictures,
# /newscast: inferred, like the English /in-pictures/<slug> gallery URLs).
LISTING_PATH = re.compile(
    r"^/(?:news|articles)(?:/[^/]+)?/?$"
    r"|^/(?:region|coverage|authors)/[^/]+/?$"
    r"|^/(?:video|infograph|in-pictures|newscast|podcasts|tv-reports)/?$"
)

# `/articles/<slug>` is an article, but `/articles/opinion` is the Opinion listing.
ARTICLE_LISTINGS = frozenset({"opinion", "analysis", "blog", "features", "feature"})


def is_article_path(path: str, edition: Edition | None = None) -> bool:
    segments = [s for s in path.split("/") if s]
    if len(segments) == 2 and segments[0] == "articles" and segments[1] in ARTICLE_LISTINGS:
        return False
    pattern = edition.article_path if edition else ARTICLE_PATH
    return bool(pattern.match(path))


def edition_for(url: str) -> Edition | None:
    """The edition a URL belongs to, by host (None for other sites)."""
    return EDITIONS.get((urlsplit(url).hostname or "").lower())


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
    pages give them, links recognised by the generic article shapes."""
    return SiteProfile(
        name="generic",
        site=site_name(host),
        language="und",
        publisher=site_name(host),
        host=host.lower(),
        zone=None,
        house_bylines=(),
        title_suffixes=(),
        breaking_labels=(),
        article_path=GENERIC_ARTICLE_PATH,
        # An unknown site's section pages have no known shape: its sitemaps, feeds and home
        # page lead to its articles.
        listing_path=NO_LISTINGS,
        extractor="generic",
        sitemaps=(),
        feeds=(),
    )


# Headline orders for `SiteProfile.headline_sources`, for sites whose chosen headline is not the
# one the generic rule finds: the share title (many German and British sites write a second,
# shorter headline for it), the JSON-LD headline even when the page shows another, the page's own.
OG_TITLE_FIRST = ("og:title", "json-ld", "h1", "title")
JSON_LD_FIRST = ("json-ld", "h1", "og:title", "title")
H1_FIRST = ("h1", "json-ld", "og:title", "title")


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


@cache
def registered_profiles() -> dict[str, SiteProfile]:
    """Every registered profile by name: the built-in editions and each `PROFILE` of
    `newscrawl/profiles/` (read on first use: those modules import this one)."""
    from newscrawl.profiles import discover

    profiles: dict[str, SiteProfile] = {}
    hosts: dict[str, str] = {}
    for profile in (*EDITIONS.values(), *discover()):
        if profile.name in profiles:
            raise ValueError(f"two site profiles are named {profile.name!r}")
        for host in profile.hosts:
            if host in hosts:
                raise ValueError(f"{host} is in profiles {hosts[host]!r} and {profile.name!r}")
            hosts[host] = profile.name
        profiles[profile.name] = profile
    return profiles


@cache
def _profiles_by_host() -> dict[str, SiteProfile]:
    return {
        host: profile
        for profile in registered_profiles().values()
        for host in profile.hosts
    }


def __getattr__(name: str) -> object:
    # `from newscrawl.sites import PROFILES` reads the registry on first use.
    if name == "PROFILES":
        return registered_profiles()
    raise AttributeError(name)


_GENERIC_ONLY: ContextVar[bool] = ContextVar("generic_only", default=False)


@contextmanager
def generic_profiles_only() -> Iterator[None]:
    """Inside, the sites the generic extractor reads get the generic profile even when a profile
    is registered for them: what the generic rule alone makes of a site (`newscrawl extract
    --generic`, and the benchmark's generic-only row). Al Mayadeen's editions are unaffected."""
    token = _GENERIC_ONLY.set(True)
    try:
        yield
    finally:
        _GENERIC_ONLY.reset(token)


def profile_for(url: str) -> SiteProfile:
    """The profile that reads `url`: a registered one by host (or alias), else the generic
    profile."""
    host = (urlsplit(url).hostname or "unknown").lower()
    profile = _profiles_by_host().get(host)
    if profile is None or (profile.extractor == "generic" and _GENERIC_ONLY.get()):
        return generic_profile(host)
    return profile


def type_from_url(url: str, edition: Edition | None = None) -> str | None:
    """The record type a URL's shape implies (`/articles/opinion/…` is opinion)."""
    edition = edition or edition_for(url) or ALMAYADEEN_EN
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    if segments[0] == "articles" and len(segments) >= 3:
        return edition.post_types.get(segments[1]) or edition.path_types.get("articles")
    return edition.path_types.get(segments[0])


def section_from_url(url: str, edition: Edition) -> str | None:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) >= 3 and segments[0] in ("news", "articles"):
        slug = segments[1]
        return edition.section_names.get(slug, slug.replace("-", " ").title())
    return None
