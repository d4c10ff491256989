"""The "Source:" line to a list of sources."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.sources import parse_sources


class SourcesPipeline:
    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            item.sources = parse_sources(item.sources)
        return item
