"""The JSON Lines exporters Scrapy's feeds use: each item exactly as its record (`to_record`),
each line written in one write(2), plain or gzip-compressed (one gzip member per record: a
killed crawl leaves a file every gzip reader reads to its last whole record). A kill can still
cut the last record (Linux may end a write early, between pages, for a fatal signal): a feed
appended to is first cut back to its last whole record (`AppendingFileFeedStorage`,
newscrawl/appending.py).

Scrapy's own exporter writes every dataclass field; ours leaves out the incremental-only fields
(`revision`, `first_seen_at`) when a crawl does not set them, so that a record is the same
object whichever writer wrote it.

A record that cannot be written (a full disk, a file size limit) stops the crawl: it ends with
`finish_reason` `export_failed` and the reason in the stat `newscrawl/export_failed`, so that
`newscrawl crawl` fails (exit 1) and says why, instead of exporting less than it claims.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from typing import Any

from scrapy.exporters import JsonLinesItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.appending import ForeignEnd, cut_back
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, to_record

logger = logging.getLogger(__name__)
EXPORT_FAILED = "newscrawl/export_failed"
# `json.dumps(record, ensure_ascii=False)`, with one encoder for every record (json.dumps makes
# a new one for each call with any option set).
record_json = json.JSONEncoder(ensure_ascii=False).encode


class RecordJsonLinesExporter(JsonLinesItemExporter):
    crawler: Any = None
    failed = False

    @classmethod
    def from_crawler(cls, crawler: Any, file: Any, **kwargs: Any) -> RecordJsonLinesExporter:
        exporter = cls(file, **kwargs)
        exporter.crawler = crawler
        return exporter

    def encode(self, line: bytes) -> bytes:
        """The bytes written for one record's line."""
        return line

    def export_item(self, item: Any) -> None:
        if not isinstance(item, ArticleItem | BreakingItem | ErrorItem):
            super().export_item(item)
            return
        if self.failed:
            return  # the crawl is stopping: its export is already known to be incomplete
        line = (record_json(to_record(item)) + "\n").encode(self.encoding or "utf-8")
        try:
            write_whole_line(self.file, self.encode(line))
        except OSError as exc:
            self.failed = True
            export_failed(self.crawler, getattr(self.file, "name", "the export"), exc)


class GzipRecordJsonLinesExporter(RecordJsonLinesExporter):
    """`-o x.jsonl.gz`: each record its own gzip member (no time or name in its header). A
    file of members is one gzip file to every reader (gzip, zcat, Python, pandas, DuckDB)."""

    def encode(self, line: bytes) -> bytes:
        return gzip.compress(line, compresslevel=6, mtime=0)


class AppendingFileFeedStorage(FileFeedStorage):
    """Scrapy's local-file feed storage; a feed appended to (`overwrite: False`: a shared
    crawl's worker started again, `scrapy crawl -o`) is first cut back to its last whole record,
    which a killed process may have left cut off (newscrawl/appending.py)."""

    crawler: Any = None

    @classmethod
    def from_crawler(
        cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AppendingFileFeedStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Any) -> Any:
        if self.write_mode == "ab":
            try:
                cut_back(self.path, getattr(self.crawler, "stats", None))
            except ForeignEnd as exc:  # a .gz file no reader would read the records after
                # The crawl stops and fails with the reason; the file is left as it was. The
                # records still in flight go nowhere (raised, Scrapy would log a traceback for
                # each of them, the reason buried among them).
                export_failed(self.crawler, self.path, exc)
                return open(os.devnull, "wb")  # closed by the feed's store(), as a file is
        return super().open(spider)


def write_whole_line(file: Any, line: bytes) -> None:
    """Write `line` in one write(2) to the file descriptor, whatever is buffered first. A kill
    leaves it whole or absent, or, rarely, cut: Linux may end a write to a regular file early,
    between two pages, when a fatal signal (SIGKILL) arrives, so a line crossing a page boundary
    can be cut; whoever appends to the file next cuts it back first (newscrawl/appending.py).
    A write that fails half-way (a full disk) takes back what it wrote, then raises."""
    file.flush()
    try:
        descriptor = file.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test buffer, a pipe)
        file.write(line)
        file.flush()
        return
    start = os.lseek(descriptor, 0, os.SEEK_CUR)
    try:
        written = os.write(descriptor, line)
        while written < len(line):  # a short write (a full disk or a pipe): finish it
            written += os.write(descriptor, line[written:])
    except OSError:
        try:
            os.ftruncate(descriptor, start)
            os.lseek(descriptor, start, os.SEEK_SET)
        except OSError:
            pass  # the cut-off end stays; readers skip a last line without its newline
        raise


def export_failed(crawler: Any, path: Any, error: OSError | ForeignEnd) -> None:
    """A record could not be written to `path`: the crawl stops (once) and fails with the
    reason."""
    if crawler is None or crawler.stats.get_value(EXPORT_FAILED):
        return
    message = f"cannot write {path}: {getattr(error, 'strerror', None) or error}"
    crawler.stats.set_value(EXPORT_FAILED, message)
    logger.error("stopping the crawl: %s", message)
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason="export_failed"))
