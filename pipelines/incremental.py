"""Incremental crawls: export only what is new or changed, and commit it to the state.

`IncrementalPipeline` compares each record with the state: a new article gets `revision` 1 and
`first_seen_at`; a changed one (another `content_hash`) the next revision and its first
`first_seen_at`; an unchanged article or a breaking-news item already exported is dropped
(counted as `newscrawl/unchanged`). `ExportPipeline` then appends the record to the export
file, flushes it, and only then commits it to the state, with the file's committed length, so
that a killed crawl loses nothing and, resumed, exports nothing twice (`CrawlState.recover`).
Both do nothing in a crawl that is not incremental.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.appending import open_to_append
from newscrawl.exporters import export_failed, record_json, write_whole_line
from newscrawl.items import ArticleItem, BreakingItem, Item, to_record
from newscrawl.state import CrawlState, RedisCrawlState, state_for
from newscrawl.stats import count


def _incremental_state(crawler: Any) -> CrawlState | RedisCrawlState:
    """The crawl's state; a crawl that is not incremental leaves both pipelines out of its
    chain (each pipeline in it costs Scrapy's machinery for every item, doing nothing or not)."""
    state = state_for(crawler)
    if state is None:
        raise NotConfigured  # quietly: a message would be logged as a warning
    return state


class Unchanged(DropItem):
    """Already exported as it is: not an error, so logged quietly."""


class IncrementalPipeline:
    def __init__(self, state: CrawlState | None = None, stats: Any = None) -> None:
        self.state = state
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalPipeline:
        return cls(_incremental_state(crawler), crawler.stats)

    def process_item(self, item: Item) -> Item:
        if self.state is None:
            return item
        if isinstance(item, BreakingItem) and self.state.breaking_seen(item.id):
            self._unchanged(f"breaking item {item.id} already exported")
        if isinstance(item, ArticleItem):
            known = self.state.article(item.canonical_url)
            if known is None or not known.exported:
                known = self.state.article_by_id(item.id)  # the same post at another URL
            if known is None or not known.exported:
                item.revision, item.first_seen_at = 1, item.crawled_at
            elif known.content_hash == item.content_hash:
                self.state.confirm(known.url, item.url)
                self._unchanged(f"article {item.canonical_url} unchanged")
            else:
                item.revision = known.revision + 1
                item.first_seen_at = known.first_seen_at
                count(self.stats, "revised")
        return item

    def _unchanged(self, message: str) -> None:
        count(self.stats, "unchanged")
        raise Unchanged(message, log_level="DEBUG")


class ExportPipeline:
    """Appends articles and breaking-news items to NEWSCRAWL_EXPORT_PATH (JSON Lines) and
    commits each to the state once it is written. Error records go on to the failures feed.
    Without an export path (`scrapy crawl -O …` with the incremental settings) it commits each
    record as it passes on to Scrapy's feed, which is exact except for a killed process."""

    def __init__(
        self, path: str | None = None, state: CrawlState | None = None, crawler: Any = None
    ) -> None:
        self.path = Path(path) if path else None
        self.state = state
        self.crawler = crawler
        self._file: IO[bytes] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExportPipeline:
        path = crawler.settings.get("NEWSCRAWL_EXPORT_PATH")
        return cls(path, _incremental_state(crawler), crawler)

    def process_item(self, item: Item) -> Item:
        if self.state is None or not isinstance(item, ArticleItem | BreakingItem):
            return item
        if self.path is None:
            self.state.remember(to_record(item))
            return item
        if self._file is None:
            stats = getattr(self.crawler, "stats", None)
            self._file = open_to_append(self.path, stats)  # a record a kill cut off: cut back
            # Where this run's records begin, for the recovery after a kill, even before its
            # first commit.
            self.state.appending(self.path, os.fstat(self._file.fileno()).st_size)
        record = to_record(item)
        try:
            write_whole_line(self._file, record_json(record).encode() + b"\n")
        except OSError as exc:  # not committed: the next run exports it
            export_failed(self.crawler, self.path, exc)
            raise DropItem(f"not written: {exc}", log_level="DEBUG") from None
        self.state.exported(record, self.path, os.fstat(self._file.fileno()).st_size)
        return item

    def close_spider(self) -> None:
        if self._file is not None:
            self._file.close()
        if self.state is not None:
            self.state.close()
