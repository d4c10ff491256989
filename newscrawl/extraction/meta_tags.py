"""`<meta>` tags and `<link rel=canonical>` of a page."""

from __future__ import annotations

from collections.abc import Iterable

from lxml.html import HtmlElement


def read_meta_values(page: HtmlElement) -> dict[str, list[str]]:
    """`name`, `property` or `itemprop` (lower-cased) to every `content` given for it, in page
    order (`article:tag` repeats)."""
    return meta_values(page.iter("meta"))


def meta_values(metas: Iterable[HtmlElement]) -> dict[str, list[str]]:
    """`read_meta_values` of the page's `<meta>` elements, found by the caller (in page order,
    in a walk of the page that finds other elements too)."""
    values: dict[str, list[str]] = {}
    for meta in metas:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def read_meta_tags(page: HtmlElement) -> dict[str, str]:
    """`name` or `property` (lower-cased) to `content`; the first tag of each name wins."""
    return {key: found[0] for key, found in read_meta_values(page).items()}


class LazyMetaTags:
    """`read_meta_tags(page)`, read on the first `get`: a reader whose page has better sources
    (a CMS's metadata script) often needs no meta tag at all."""

    __slots__ = ("_page", "_tags")

    def __init__(self, page: HtmlElement) -> None:
        self._page = page
        self._tags: dict[str, str] | None = None

    def get(self, key: str, default: str | None = None) -> str | None:
        if self._tags is None:
            self._tags = read_meta_tags(self._page)
        return self._tags.get(key, default)


def canonical_link(page: HtmlElement) -> str | None:
    for link in page.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            href = (link.get("href") or "").strip()
            if href:
                return href
    return None
