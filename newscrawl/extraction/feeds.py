"""Sitemaps and feeds, parsed safely: no external entities, no network, no entity expansion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

_SAFE = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)
_MONTHLY = re.compile(r"sitemap-(\d{4})-(\d{1,2})\.xml")


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None
    # A Google News sitemap's `<news:publication_date>`, which Scrapy's own sitemap parser drops.
    news_date: str | None = None


def _news_date(node: Any) -> str | None:
    """`<news:news>`'s publication_date (by local name, any prefix; the last if several)."""
    found = None
    for field in node:
        if _local(field) == "publication_date" and _text(field):
            found = _text(field)
    return found


def _local(node: object) -> str:
    """A node's tag without its namespace; "" for comments, broken names and undecodable ones."""
    try:
        tag = node.tag  # type: ignore[attr-defined]
        return etree.QName(tag).localname if isinstance(tag, str) else ""
    except ValueError:  # an invalid name, or a lone surrogate (UnicodeDecodeError)
        return ""


def _text(node: Any) -> str:
    try:
        return (node.text or "").strip()
    except ValueError:
        return ""


def _attribute(node: Any, name: str, default: str = "") -> str:
    try:
        return (node.get(name) or default).strip()
    except ValueError:
        return ""


def parse_xml(body: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(body.strip(), parser=_SAFE)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def parse_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """(`index` or `urlset`, entries); (`invalid`, []) for anything else."""
    root = parse_xml(body)
    if root is None or _local(root) not in ("sitemapindex", "urlset"):
        return "invalid", []
    entries = []
    for child in root:
        if _local(child) not in ("sitemap", "url"):
            continue
        fields = {_local(node): _text(node) for node in child}
        news_date = next((_news_date(node) for node in child if _local(node) == "news"), None)
        if fields.get("loc"):
            entries.append(SitemapEntry(fields["loc"], fields.get("lastmod") or None, news_date))
    kind = "index" if _local(root) == "sitemapindex" else "urlset"
    return kind, entries


def sitemap_month(url: str) -> date | None:
    """The month a monthly sitemap covers (`sitemap-2025-9.xml` is September 2025)."""
    match = _MONTHLY.search(url)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1) if 1 <= month <= 12 else None


def month_in_window(month: date, since: date | None, until: date | None) -> bool:
    """Whether any day of `month` lies within [since, until]."""
    if since and (month.year, month.month) < (since.year, since.month):
        return False
    return not (until and (month.year, month.month) > (until.year, until.month))


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed, in feed order."""
    root = parse_xml(body)
    if root is None:
        return []
    links = []
    for element in root.iter():
        name = _local(element)
        if name == "item":
            link = next((c for c in element if _local(c) == "link"), None)
            if link is not None and _text(link):
                links.append(_text(link))
        elif name == "entry":
            for link in element:
                if _local(link) == "link" and _attribute(link, "rel", "alternate") == "alternate":
                    if _attribute(link, "href"):
                        links.append(_attribute(link, "href"))
                    break
    return links
