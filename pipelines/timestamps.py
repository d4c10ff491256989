"""Published and modified times to ISO 8601 in the publisher's zone; the raw strings kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.items import ArticleItem, Item, profile_of
from newscrawl.normalize.dates import day_first_language, normalize_timestamp


class TimestampPipeline:
    def process_item(self, item: Item) -> Item:
        if not isinstance(item, ArticleItem):
            return item
        profile = profile_of(item, item.url)
        # The profile's zone (None for a generic site: each time keeps the offset it carries).
        zone = profile.zone
        # ISO times without an offset: the profile's naive zone (UTC on Al Mayadeen's CMS),
        # else its zone, else UTC. "Today 06:42" and dates without a year are dated from the
        # crawl time.
        naive = profile.naive_iso_zone or zone or UTC
        crawled = datetime.fromisoformat(item.crawled_at) if item.crawled_at else None
        if crawled is not None and crawled.tzinfo is None:
            crawled = crawled.replace(tzinfo=UTC)  # a caller's crawl time without its offset
        # Slashed dates (`05/08/2024`) in the page's language's order: day first but in
        # American English.
        day_first = day_first_language(item.language)
        # A time more than a day after the page was fetched is a misreading (an event's date, a
        # day and month swapped) or a CMS's placeholder: no time, the raw string kept.
        latest = crawled + FUTURE_SLACK if crawled is not None else None
        item.published_at = normalize_timestamp(
            item.published_at_raw, zone, naive, crawled, day_first, latest
        )
        # Most pages were never updated: their modified time is their published time, read once.
        if item.modified_at_raw == item.published_at_raw:
            item.modified_at = item.published_at
        else:
            item.modified_at = normalize_timestamp(
                item.modified_at_raw, zone, naive, crawled, day_first, latest
            )
        return item


FUTURE_SLACK = timedelta(days=1)  # zones and clocks that run ahead: a day is plenty
