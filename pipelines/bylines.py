"""Bylines to authors: "By" removed, names split, junk dropped, organisations marked, raw kept."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.bylines import parse_byline
from newscrawl.normalize.text import clean_optional
from newscrawl.sites import profile_for


class BylinePipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        profile = profile_for(item.url)
        # The extractor leaves the byline's author-page links here as {"name", "url"}.
        linked = {a["name"]: a["url"] for a in item.authors if a.get("name") and a.get("url")}
        item.byline_raw = clean_optional(item.byline_raw)
        item.authors = parse_byline(
            item.byline_raw, profile.house_bylines, linked
        )
        return item
