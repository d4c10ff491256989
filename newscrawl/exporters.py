"""The JSON Lines exporter Scrapy's feeds use: each item exactly as its record (`to_record`),
each line written whole (a crawl killed at any moment leaves only whole, valid lines).

Scrapy's own exporter writes every dataclass field; ours leaves out the incremental-only fields
(`revision`, `first_seen_at`) when a crawl does not set them, so that a record is the same
object whichever writer wrote it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from scrapy.exporters import JsonLinesItemExporter

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, to_record


class RecordJsonLinesExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        if not isinstance(item, ArticleItem | BreakingItem | ErrorItem):
            super().export_item(item)
            return
        line = (json.dumps(to_record(item), ensure_ascii=False) + "\n").encode(
            self.encoding or "utf-8"
        )
        write_whole_line(self.file, line)


def write_whole_line(file: Any, line: bytes) -> None:
    """Write `line` so that a killed process leaves it whole or absent, never cut: whatever is
    buffered goes first, then the line in one write(2) to the file descriptor (the kernel does
    not stop a write to a regular file half-way for a signal, SIGKILL included)."""
    file.flush()
    try:
        descriptor = file.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test buffer, a pipe)
        file.write(line)
        file.flush()
        return
    written = os.write(descriptor, line)
    while written < len(line):  # a short write (a full disk or a pipe): finish it
        written += os.write(descriptor, line[written:])
