"""Sitemaps and feeds, parsed safely: no external entities, no network, no entity expansion.

Every form a site may publish: XML sitemaps and sitemap indexes (Google News ones included),
plain-text sitemaps (one URL a line), either of them gzipped (`sitemap.xml.gz`, served without a
Content-Encoding), RSS 2.0 and 1.0 (an item's `<link>`, else its permalink `<guid>`), Atom, and
JSON Feed. Gzip data is inflated to at most the crawl's DOWNLOAD_MAXSIZE: a decompression bomb
is refused (`TooLarge`), never inflated into memory.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree
from scrapy.utils.gz import gunzip

_SAFE = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)
_MONTHLY = re.compile(r"sitemap-(\d{4})-(\d{1,2})\.xml")
GZIP_MAGIC = b"\x1f\x8b"
_WEB_URL = re.compile(r"https?://\S+\Z", re.I)


class TooLarge(ValueError):
    """Gzip data that inflates past the size limit (a decompression bomb, or just too big)."""


def unpacked(body: bytes, max_size: int) -> bytes:
    """A sitemap or feed as its bytes say: gzip data inflated (every member) to at most
    `max_size` bytes (0: no limit), anything else as it is. TooLarge past the limit; ValueError
    for gzip data that cannot be read at all."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        # Scrapy's own bounded gunzip (its SitemapSpider's): it stops at max_size.
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, struct.error) as exc:  # not gzip, or cut off before any data
        raise ValueError(f"unreadable gzip data: {exc}") from None
    except ValueError as exc:  # Scrapy's size error is a ValueError that says how far it got
        limit = f"more than {max_size} bytes once inflated (DOWNLOAD_MAXSIZE)"
        raise TooLarge(f"{limit}: {exc}") from None


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


def _lines(body: bytes) -> list[str] | None:
    """The non-blank lines of a UTF-8 text, stripped; None when it is not UTF-8 text."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


def text_sitemap(body: bytes) -> list[SitemapEntry]:
    """A plain-text sitemap: UTF-8, one absolute URL a line and nothing else (the sitemap
    protocol's third form). Empty when any line is not a URL: then it is not one."""
    lines = _lines(body) or []
    if not all(_WEB_URL.match(line) for line in lines):
        return []
    return [SitemapEntry(line, None) for line in lines]


def parse_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """(`index` or `urlset`, entries); (`invalid`, []) for anything else. A text sitemap (one URL
    a line) is a `urlset`. Gzipped sitemaps are inflated first (`unpacked`)."""
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        entries = text_sitemap(body)
        return ("urlset", entries) if entries else ("invalid", [])
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


def json_feed_links(body: bytes) -> list[str]:
    """Item links of a JSON Feed (jsonfeed.org, 1.0 and 1.1): each item's `url`, else its `id`
    when that is a web URL; [] for anything that is not such a feed."""
    try:
        feed = json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested past recursion
        return []
    items = feed.get("items") if isinstance(feed, dict) else None
    links = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for key in ("url", "id"):
            value = item.get(key)
            if isinstance(value, str) and _WEB_URL.match(value.strip()):
                links.append(value.strip())
                break
    return links


def _item_link(item: Any) -> str | None:
    """An RSS item's link: its `<link>`, else its `<guid>` when that is a permalink (RSS 2.0:
    `isPermaLink` is true unless it says false) and a web URL."""
    children = {_local(child): child for child in reversed(item)}  # the first of each name
    link = children.get("link")
    if link is not None and _text(link):
        return _text(link)
    guid = children.get("guid")
    if guid is None or _attribute(guid, "isPermaLink", "true").lower() == "false":
        return None
    return _text(guid) if _WEB_URL.match(_text(guid)) else None


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0, RSS 1.0, Atom or JSON Feed, in feed order."""
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return json_feed_links(body)
    root = parse_xml(body)
    if root is None:
        return []
    links = []
    for element in root.iter():
        name = _local(element)
        if name == "item":
            if item_link := _item_link(element):
                links.append(item_link)
        elif name == "entry":
            for link in element:
                if _local(link) == "link" and _attribute(link, "rel", "alternate") == "alternate":
                    if _attribute(link, "href"):
                        links.append(_attribute(link, "href"))
                    break
    return links
