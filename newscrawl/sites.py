"""What differs per site and edition: hosts, names, time zone, house bylines, URL shapes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Edition:
    site: str
    language: str
    publisher: str
    host: str
    zone: ZoneInfo
    house_bylines: tuple[str, ...]
    title_suffixes: tuple[str, ...]
    breaking_labels: tuple[str, ...]
    # The site's `posttype` values (lower-cased) to the record's `type`.
    post_types: dict[str, str] = field(default_factory=dict)
    # URL section slugs to the section names the navigation shows.
    section_names: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"


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
    site="almayadeen",
    language="en",
    publisher="Al Mayadeen English",
    host="english.almayadeen.net",
    zone=ZoneInfo("Asia/Beirut"),
    house_bylines=("Al Mayadeen net", "Al Mayadeen English", "Al Mayadeen", "Al Mayadeen Net"),
    title_suffixes=("Al Mayadeen English", "Al Mayadeen"),
    breaking_labels=("breaking", "breaking news"),
    post_types=_EN_POST_TYPES,
    section_names=_EN_SECTIONS,
)

# The Arabic edition's names, for normalising its bylines and dates. Its crawling comes later.
ALMAYADEEN_AR = Edition(
    site="almayadeen",
    language="ar",
    publisher="الميادين",
    host="www.almayadeen.net",
    zone=ZoneInfo("Asia/Beirut"),
    house_bylines=("الميادين نت", "شبكة الميادين", "الميادين"),
    title_suffixes=("الميادين نت", "الميادين"),
    breaking_labels=("عاجل",),
)

EDITIONS = {edition.host: edition for edition in (ALMAYADEEN_EN, ALMAYADEEN_AR)}

# Article URL shapes (site notes, confirmed on the Arabic edition, same CMS for all editions).
ARTICLE_PATH = re.compile(
    r"^/(?:news/[^/]+/[^/]+"
    r"|articles/(?:[^/]+/)?[^/]+"
    r"|video/[^/]+"
    r"|newscast/\d{4}/\d{1,2}/\d{1,2}/[^/]+"
    r"|infograph/.+"
    r"|programs/\d+/[^/]+)/?$"
)


# `/articles/<slug>` is an article, but `/articles/opinion` is the Opinion listing.
ARTICLE_LISTINGS = frozenset({"opinion", "analysis", "blog", "features", "feature"})


def is_article_path(path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    if len(segments) == 2 and segments[0] == "articles" and segments[1] in ARTICLE_LISTINGS:
        return False
    return bool(ARTICLE_PATH.match(path))


def edition_for(url: str) -> Edition | None:
    """The edition a URL belongs to, by host (None for other sites)."""
    return EDITIONS.get((urlsplit(url).hostname or "").lower())


def is_article_url(url: str) -> bool:
    return edition_for(url) is not None and is_article_path(urlsplit(url).path)


def type_from_url(url: str) -> str | None:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    head = segments[0]
    if head == "news":
        return "news"
    if head == "articles" and len(segments) >= 3:
        return _EN_POST_TYPES.get(segments[1])
    if head == "video":
        return "video"
    if head == "infograph":
        return "infograph"
    if head == "newscast":
        return "live"
    return None


def section_from_url(url: str, edition: Edition) -> str | None:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) >= 3 and segments[0] in ("news", "articles"):
        slug = segments[1]
        return edition.section_names.get(slug, slug.replace("-", " ").title())
    return None
