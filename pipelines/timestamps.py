"""Published and modified times to ISO 8601 in the publisher's zone; the raw strings kept."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.items import ArticleItem, Item
from newscrawl.normalize.dates import normalize_timestamp
from newscrawl.sites import profile_for


class TimestampPipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        # The profile's zone (None for a generic site: each time keeps the offset it carries).
        zone = profile_for(item.url).zone
        # Naive ISO strings are UTC (the `article:*_time` meta tags are, on Al Mayadeen's CMS).
        # "Today 06:42" and dates without a year are dated from the crawl time.
        crawled = datetime.fromisoformat(item.crawled_at) if item.crawled_at else None
        item.published_at = normalize_timestamp(item.published_at_raw, zone, UTC, crawled)
        item.modified_at = normalize_timestamp(item.modified_at_raw, zone, UTC, crawled)
        return item
