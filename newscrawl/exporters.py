"""The JSON Lines exporter Scrapy's feeds use: each item exactly as its record (`to_record`).

Scrapy's own exporter writes every dataclass field; ours leaves out the incremental-only fields
(`revision`, `first_seen_at`) when a crawl does not set them, so that a record is the same
object whichever writer wrote it.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import JsonLinesItemExporter

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, to_record


class RecordJsonLinesExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        if not isinstance(item, ArticleItem | BreakingItem | ErrorItem):
            super().export_item(item)
            return
        line = json.dumps(to_record(item), ensure_ascii=False) + "\n"
        self.file.write(line.encode(self.encoding or "utf-8"))
