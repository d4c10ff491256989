"""Tags split on `,` and `،`, trimmed, deduplicated case-insensitively, order kept."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.tags import normalize_tags


class TagsPipeline:
    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            item.tags = normalize_tags(item.tags)
        return item
