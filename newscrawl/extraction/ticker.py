"""The breaking-news ticker: short items, often prefixed by who said it."""

from __future__ import annotations

import hashlib
import re

from lxml.html import HtmlElement

from newscrawl.items import BreakingItem
from newscrawl.normalize.text import clean_text
from newscrawl.normalize.urls import safe_join
from newscrawl.profile import SiteProfile

ATTRIBUTION = re.compile(r"^(?P<who>[^:.!?]{2,80}?):\s+\S")


def attribution_of(text: str, labels: tuple[str, ...] = ()) -> str | None:
    """`Lebanese Presidency: President has…` to `Lebanese Presidency` (at most eight words).
    A ticker label (`Breaking: …`, `Última hora: …`, `عاجل: …`) is not an attribution."""
    match = ATTRIBUTION.match(text)
    if match and len(match.group("who").split()) <= 8:
        who = match.group("who").strip()
        return None if who.casefold() in labels else who
    return None


def _ticker_items(page: HtmlElement, labels: tuple[str, ...]) -> list[HtmlElement]:
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "title"):
            continue
        own = clean_text(element.text or "")
        if own.casefold() in labels and not len(element):
            holder = element.getparent()
            while holder is not None and not holder.xpath(".//li"):
                holder = holder.getparent()
            if holder is not None:
                return holder.xpath(".//li")
    return []


def breaking_items(
    page: HtmlElement, page_url: str, profile: SiteProfile, crawled_at: str
) -> list[BreakingItem]:
    """One item per ticker entry shown on the page, in the order shown."""
    items = []
    for li in _ticker_items(page, profile.breaking_labels):
        text = clean_text(li.text_content())
        if not text:
            continue
        href = next((a.get("href") for a in li.iter("a") if a.get("href")), None)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        items.append(
            BreakingItem(
                id=f"{profile.site}-{profile.language}-b{digest}",
                site=profile.site,
                language=profile.language,
                publisher=profile.publisher,
                text=text,
                attribution=attribution_of(text, profile.breaking_labels),
                url=safe_join(page_url, href),
                found_on=page_url,
                crawled_at=crawled_at,
            )
        )
    return items
