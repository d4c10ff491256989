"""Bylines to authors: "By" removed, names split, junk dropped, organisations marked, raw kept."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item, profile_of
from newscrawl.normalize.bylines import parse_byline
from newscrawl.normalize.text import clean_optional
from newscrawl.profile import site_label


class BylinePipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        profile = profile_of(item, item.url)
        # The extractor leaves the byline's author-page links here as {"name", "url"}.
        linked = {a["name"]: a["url"] for a in item.authors if a.get("name") and a.get("url")}
        item.byline_raw = clean_optional(item.byline_raw)
        # The publisher signing as itself is an organisation: the profile's house bylines, and
        # the names the page gives its publisher (`publisher`, `site`, its host's first label).
        site = item.site or ""
        house = (*profile.house_bylines, item.publisher or "", site, site_label(site))
        item.authors = parse_byline(item.byline_raw, house, linked)
        return item
