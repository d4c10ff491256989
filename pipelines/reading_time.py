"""Reading time in minutes: the page's own "N Min Read", else estimated from the word count."""

from __future__ import annotations

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.reading_time import estimate_reading_time, parse_reading_time


class ReadingTimePipeline:
    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            minutes = parse_reading_time(item.reading_time_minutes)
            item.reading_time_minutes = minutes or estimate_reading_time(item.word_count)
        return item
