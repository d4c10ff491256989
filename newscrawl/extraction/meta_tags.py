"""`<meta>` tags and `<link rel=canonical>` of a page."""

from __future__ import annotations

from parsel import Selector


def read_meta_tags(selector: Selector) -> dict[str, str]:
    """`name` or `property` (lower-cased) to `content`; the first tag of each name wins."""
    tags: dict[str, str] = {}
    for meta in selector.xpath("//head//meta | //meta"):
        key = meta.attrib.get("property") or meta.attrib.get("name") or meta.attrib.get("itemprop")
        content = meta.attrib.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def canonical_link(selector: Selector) -> str | None:
    href = selector.xpath('//link[@rel="canonical"]/@href').get()
    return href.strip() if href and href.strip() else None
