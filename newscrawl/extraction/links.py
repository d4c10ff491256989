"""Article links on a page: what the spider follows."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml.html import HtmlElement

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.sites import is_article_url


def article_links(page: HtmlElement, page_url: str) -> list[str]:
    """Canonical URLs of the site's article pages linked from this page, each once, in order."""
    seen: dict[str, None] = {}
    for href in page.xpath("//a/@href"):
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = canonicalize_url(urljoin(page_url, href))
        if is_article_url(url):
            seen.setdefault(url, None)
    return list(seen)
