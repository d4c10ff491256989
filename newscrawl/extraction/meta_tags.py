"""`<meta>` tags and `<link rel=canonical>` of a page."""

from __future__ import annotations

from lxml.html import HtmlElement


def read_meta_tags(page: HtmlElement) -> dict[str, str]:
    """`name` or `property` (lower-cased) to `content`; the first tag of each name wins."""
    tags: dict[str, str] = {}
    for meta in page.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def canonical_link(page: HtmlElement) -> str | None:
    for link in page.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            href = (link.get("href") or "").strip()
            if href:
                return href
    return None
