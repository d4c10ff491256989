"""The fixture site's model: its constants, what each page states (`ArticleSpec`), its
listings, and the small pure helpers that both the generator (`testkit.sitegen`) and the
hand-written media pages (`testkit.sitegen_media`) use."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

HOST = "english.almayadeen.net"
BASE = f"https://{HOST}"
BEIRUT = ZoneInfo("Asia/Beirut")
SITE = "almayadeen"
LANGUAGE = "en"
PUBLISHER = "Al Mayadeen English"
SCHEMA_VERSION = "1.1.0"
FETCHED_AT = "2026-11-20T10:00:00+00:00"
HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml"
RSS_TYPE = "application/rss+xml"
TEXT_TYPE = "text/plain; charset=utf-8"
SLUG_LENGTH = 60
HOUSE_BYLINES = ("Al Mayadeen net", "Al Mayadeen English")
# Articles are spread over these two months (Beirut time). Lebanon left summer time at
# 2025-10-26 00:00 +03:00 (21:00 UTC), when clocks went back to 2025-10-25 23:00 +02:00.
PERIOD_START = datetime(2025, 10, 1, tzinfo=BEIRUT)
PERIOD_END = datetime(2025, 12, 1, tzinfo=BEIRUT)
DST_END = datetime(2025, 10, 25, 21, 0, tzinfo=UTC)
# When the last article published in summer time is updated, in winter time.
UPDATE_AFTER_SWITCH = datetime(2025, 10, 26, 9, 35, 12, tzinfo=BEIRUT)
FIRST_POSTID = 1984101

# URL section segment to the section name the site's navigation shows.
SECTION_NAMES = {
    "politics": "Politics",
    "economy": "Economy",
    "opinion": "Opinion",
    "analysis": "Analysis",
    "blog": "Blog",
    "features": "Features",
}
REGION_NAMES = (
    "Africa",
    "Asia",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "MENA",
    "Palestine",
    "US & Canada",
)


# ---------------------------------------------------------------- the specs


@dataclass
class ArticleSpec:
    """Everything an article page states. Times are aware datetimes in Beirut time."""

    postid: str
    url: str
    type: str  # the record's type: news, opinion, analysis, blog, feature
    posttype: str  # the metadata's posttype label: News, Opinion, Analysis, Blog, Features
    category: str | None  # the metadata's category class (news only)
    region: str | None  # the metadata's country class
    topic: str | None  # the metadata's coverage class
    headline: str
    summary: str
    authors: list[str]  # display names, in byline order
    author_slugs: list[str | None]  # `/authors/<slug>` per author; None for a house byline
    sources: list[str]  # the "Source:" line, comma-joined on the page; empty: no line
    published: datetime
    modified: datetime
    reading_minutes: int | None  # the page's "N Min Read"; None: the page shows none
    word_count: int  # the metadata script's word_count
    keywords: str  # the metadata's keywords: one comma-separated string
    tags: list[str]  # the visible tag list; empty: the page shows no tag list
    image_url: str  # absolute, with `?v=2&width=1000`
    image_caption: str
    image_credit: str | None
    body: list[tuple[str, str]]  # (kind, text): paragraph, heading, quote, list_item
    image_relative: bool = False  # the page writes the main image's src as a site path
    meta_type: str = "article"  # the metadata script's `type`: article or videoobject
    video_url: str | None = None  # the player's source (and og:video)
    video_duration: int | None = None  # the metadata's video_duration in seconds
    # Gallery pictures after the main image, in page order: (url, caption, credit).
    gallery: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def section(self) -> str | None:
        """The section as the record names it: the category class, else the URL's section
        segment (`/news/<section>/…`, `/articles/<section>/…`); media URLs have none."""
        segments = self.path.strip("/").split("/")
        if self.category or segments[0] not in ("news", "articles") or len(segments) < 3:
            return self.category
        return SECTION_NAMES[segments[1]]

    @property
    def byline(self) -> str:
        return "By " + " and ".join(self.authors)

    @property
    def label(self) -> str:
        """What cards show above a headline: the region, else the section."""
        return self.region or self.section or self.posttype


@dataclass(frozen=True)
class TickerItem:
    """One breaking-news line; `url` is the absolute URL of the article it links to."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Listing:
    path: str
    title: str

    @property
    def url(self) -> str:
        return BASE + self.path


LISTINGS = (
    Listing("/news/politics", "Politics"),
    Listing("/news/economy", "Economy"),
    Listing("/articles/opinion", "Opinion"),
    Listing("/articles/analysis", "Analysis"),
    Listing("/region/palestine", "Palestine"),
    Listing("/region/us-canada", "US & Canada"),
    Listing("/video", "Videos"),
    Listing("/infograph", "Infographs"),
    Listing("/in-pictures", "In Pictures"),
    Listing("/newscast", "Newscast"),
)


@dataclass(frozen=True)
class Template:
    """The markup the site writes its article pages in. Template 1 is the site as the fixtures
    know it; template 2 is a redesign (`--template 2`, fixtures/site-changed) that renames what
    a reader built for template 1 leans on, while every article still states the same things."""

    number: int
    metadata_script: bool  # the CMS's `<script id="tawsiyat-metadata">` in the head
    author_path: str  # where bylines link and author pages live: `<author_path><slug>`
    byline_lead: str  # what the byline line starts with before the names ("By ")
    body_class: str  # the class of the body container `div`


TEMPLATES = {
    1: Template(1, metadata_script=True, author_path="/authors/", byline_lead="By ",
                body_class="p-content"),
    # The redesign: no metadata script, names without "By" linking to /writers/<slug>, and the
    # body in `div.article-body`.
    2: Template(2, metadata_script=False, author_path="/writers/", byline_lead="",
                body_class="article-body"),
}  # fmt: skip


@dataclass
class SiteManifest:
    """What `build_site` wrote, and what a complete crawl of it must export."""

    root: Path
    article_urls: list[str]
    listing_urls: list[str]  # home and every page of every listing
    sitemap_urls: list[str]  # the index first, then the monthly sitemaps
    feed_urls: list[str]
    robots_url: str
    special_urls: dict[str, str]  # dead, blocked, redirect, redirect_target, tracking
    records: list[dict[str, Any]]  # articles and breaking-news items, sorted by url then text
    failures: list[dict[str, Any]]  # sorted by url
    saved_urls: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- small pure helpers


def slugify(text: str) -> str:
    """The site's slug: lower case, every non-alphanumeric character its own `-`, 60 chars."""
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())[:SLUG_LENGTH]


def author_slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def beirut_iso(moment: datetime) -> str:
    """`2025-10-25T22:10:00+03:00`: Beirut local time with the offset of that day."""
    return moment.astimezone(BEIRUT).replace(microsecond=0).isoformat()


def naive_utc(moment: datetime) -> str:
    """The meta tags' form: naive UTC with a 7-digit fraction."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000")


def visible_date(moment: datetime) -> str:
    """`20 Feb 2022 18:04` in Beirut time (day padded to two digits)."""
    return moment.astimezone(BEIRUT).strftime("%d %b %Y %H:%M")


def card_date(moment: datetime) -> str:
    return moment.astimezone(BEIRUT).strftime("%d %b %Y")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def count_words(blocks: Iterable[tuple[str, str]]) -> int:
    return sum(len(text.split()) for _, text in blocks)


def dedupe_tags(values: Iterable[str]) -> list[str]:
    """Trimmed, first spelling kept, duplicates dropped case-insensitively, order kept."""
    seen: set[str] = set()
    out = []
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def split_keywords(keywords: str) -> list[str]:
    return re.split(r"[,،]", keywords)


def page_url(base_url: str, page: int) -> str:
    return base_url if page == 1 else f"{base_url}?page={page}"


def breaking_id(text: str) -> str:
    return f"{SITE}-{LANGUAGE}-b{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def attribution_of(text: str) -> str | None:
    """The prefix before the first `: `, when the item starts with one."""
    who, sep, _ = text.partition(": ")
    return who if sep and who else None


