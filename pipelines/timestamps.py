"""Published and modified times to ISO 8601 in the publisher's zone; the raw strings kept."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.dates import BEIRUT, normalize_timestamp
from newscrawl.sites import edition_for


class TimestampPipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        edition = edition_for(item.url)
        zone = edition.zone if edition else BEIRUT
        # Naive ISO strings come from the `article:*_time` meta tags, which are UTC on this CMS.
        # "Today 06:42" and dates without a year are dated from the crawl time.
        crawled = datetime.fromisoformat(item.crawled_at) if item.crawled_at else None
        item.published_at = normalize_timestamp(item.published_at_raw, zone, UTC, crawled)
        item.modified_at = normalize_timestamp(item.modified_at_raw, zone, UTC, crawled)
        return item
