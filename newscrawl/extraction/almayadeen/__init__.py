"""Al Mayadeen's reader: one page of its CMS to an article record, or an error record.

Each field is read from the first place that has it, in this order: the CMS's metadata script,
then the meta tags, then the visible page. Values stay as the page writes them (raw strings for
dates, bylines, reading time, tags); the item pipelines normalise them.
"""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.almayadeen import template
from newscrawl.extraction.almayadeen.metadata import (
    count_field,
    first_classes,
    read_metadata,
    text_field,
)
from newscrawl.extraction.meta_tags import LazyMetaTags, canonical_link
from newscrawl.extraction.page import article_element, count_words, first_h1, html_title
from newscrawl.items import ArticleItem, ErrorItem, record_id
from newscrawl.normalize.text import clean_text
from newscrawl.normalize.urls import canonical_candidate, canonicalize_url, safe_join
from newscrawl.profile import SiteProfile
from newscrawl.profiles.almayadeen import section_from_url, type_from_url

MEDIA_TYPES = frozenset({"video", "infograph", "gallery", "live"})


def _first(*values: str | None) -> str | None:
    """The first value that is not blank (a loop: a generator expression costs more here)."""
    for value in values:
        if value and value.strip():
            return value
    return None


def _is_video(metadata: dict[str, Any] | None) -> bool:
    return bool(metadata) and str(metadata.get("type", "")).lower() == "videoobject"


def _record_type(
    metadata: dict[str, Any] | None, classes: dict[str, str], edition: SiteProfile, url: str
) -> str:
    posttype = classes.get("posttype")
    if posttype and posttype.casefold() in edition.post_types:
        return edition.post_types[posttype.casefold()]
    if _is_video(metadata):
        return "video"
    return type_from_url(url, edition) or "news"


def _page_id(edition: SiteProfile, postid: str | None, canonical_url: str) -> str:
    if postid and postid.isascii() and postid.isdigit() and len(postid) <= 20:
        return f"{edition.site}-{edition.language}-{postid}"
    return record_id(edition.site, edition.language, canonical_url)


def _is_article(metadata: dict[str, Any] | None, meta: LazyMetaTags) -> bool:
    if metadata is not None:
        return str(metadata.get("type", "article")).lower() in ("article", "videoobject")
    published = meta.get("article:published_time")
    return (meta.get("og:type") or "").lower() == "article" or published is not None


def _video(
    metadata: dict[str, Any] | None, meta: LazyMetaTags, page: Any, base: str, record_type: str
) -> Any:
    """The video of a video or live page (or of any page the metadata calls a video object)."""
    if not _is_video(metadata) and record_type not in ("video", "live"):
        return None
    src = _first(
        meta.get("og:video:secure_url"),
        meta.get("og:video"),
        meta.get("og:video:url"),
        next(iter(page.xpath("//video/@src | //video/source/@src | //iframe/@src")), None),
    )
    return {
        "url": safe_join(base, src),
        "duration_seconds": count_field(metadata, "video_duration"),
    }


def read_article(
    page: HtmlElement, url: str, edition: SiteProfile, status: int, crawled_at: str
) -> ArticleItem | ErrorItem:
    """The article on this page of an Al Mayadeen edition, or the reason there is none.
    (The metadata script comes first in every field; the meta tags are read only when it lacks
    one, hence `text_field(…) or _first(meta…)`: the same as `_first` of all of them.)"""
    metadata = read_metadata(page)
    meta = LazyMetaTags(page)
    if not _is_article(metadata, meta):
        return ErrorItem.of(
            url,
            "not_article",
            "no article metadata: a listing or other page",
            status,
            crawled_at,
        )

    root = article_element(page)
    container = template.body_container(root)
    links = template.read_links(root)
    header = template.read_header(root, container, url, links)
    # Each field from the first place that has it; the visible page read only when needed.
    summary = (
        text_field(metadata, "description")
        or _first(meta.get("description"), meta.get("og:description"))
        or _first(template.lede(root))
    )
    body = template.read_body(root, container, header, summary and clean_text(summary))
    canonical = (
        canonical_candidate(url, canonical_link(page))
        or canonical_candidate(url, text_field(metadata, "url"))
        or canonical_candidate(url, meta.get("og:url"))
        or canonicalize_url(url)
    )
    classes = first_classes(metadata)
    record_type = _record_type(metadata, classes, edition, canonical)
    headline = (
        text_field(metadata, "title")
        or _first(meta.get("og:title"))
        or _first(first_h1(root))
        or _first(html_title(page))
    )
    if not headline:
        return ErrorItem.of(
            url, "unparseable", "article page without a headline", status, crawled_at
        )
    if not body and record_type not in MEDIA_TYPES:
        return ErrorItem.of(
            url, "unparseable", "article page without body text", status, crawled_at
        )

    images = template.read_images(root, url)
    if not images:
        thumbnail = text_field(metadata, "thumbnail") or _first(meta.get("og:image"))
        thumbnail_url = safe_join(url, thumbnail)
        if thumbnail_url:
            images = [{"url": thumbnail_url, "caption": None, "credit": None}]
    word_count = count_field(metadata, "word_count")
    tags = template.read_tags(root, links) or [
        text_field(metadata, "keywords")
        or _first(meta.get("keywords"), meta.get("news_keywords"))
        or ""
    ]
    published_raw = text_field(metadata, "published_time") or _first(
        meta.get("article:published_time"), header.date
    )
    record = ArticleItem(
        url=url,
        canonical_url=canonical,
        id=_page_id(
            edition, text_field(metadata, "postid") or _first(meta.get("postid")), canonical
        ),
        site=edition.site,
        language=_first(text_field(metadata, "lang"), edition.language) or edition.language,
        publisher=edition.publisher,
        type=record_type,
        # (A class's value is never blank: the URL's section is read only when there is none.)
        section=classes.get("category") or _first(section_from_url(canonical, edition)),
        region=classes.get("country"),
        topic=classes.get("coverage"),
        headline=headline,
        summary=summary,
        # The names the byline links to their author pages; the byline pipeline completes them.
        authors=[{"name": name, "url": href} for name, href in header.author_urls.items()],
        byline_raw=_first(header.byline, text_field(metadata, "author")),
        sources=[header.source] if header.source else [],
        published_at_raw=published_raw,
        modified_at_raw=text_field(metadata, "last_updated")
        or _first(meta.get("article:modified_time")),
        reading_time_minutes=header.reading_time,
        word_count=word_count if word_count is not None else count_words(body),
        tags=[tag for tag in tags if tag],
        images=images,
        video=_video(metadata, meta, page, url, record_type),
        body=body,
        crawled_at=crawled_at,
    )
    record.fallbacks = frozenset(
        name
        for name, missing in (("metadata", metadata is None), ("body", container is None))
        if missing
    )
    return record
