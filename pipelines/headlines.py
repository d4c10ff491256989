"""Headline, summary and label fields: entities, whitespace, NFC, the `<title>` site suffix."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item, profile_of
from newscrawl.normalize.text import clean_optional, clean_text, strip_site_suffix


class HeadlinePipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        suffixes = profile_of(item, item.url).title_suffixes
        item.headline = strip_site_suffix(clean_text(item.headline), suffixes)
        item.summary = clean_optional(item.summary)
        item.section = clean_optional(item.section)
        item.region = clean_optional(item.region)
        item.topic = clean_optional(item.topic)
        return item
