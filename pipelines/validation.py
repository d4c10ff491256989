"""Last in line: a record that breaks the schema is never exported silently.

It goes to the rejects file (one JSON object a line: the record and the reasons), the crawl's
stats count it, and it is dropped from the export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from scrapy.exceptions import DropItem

from newscrawl.appending import cut_back
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, Item, to_record
from newscrawl.schema import validate_record
from newscrawl.sidefiles import side_file_setting
from newscrawl.stats import count


def record_kind(item: Item) -> str:
    if isinstance(item, ErrorItem):
        return f"error/{item.kind}"
    if isinstance(item, BreakingItem):
        return "breaking"
    return f"article/{item.type}" if isinstance(item, ArticleItem) else "unknown"


class InvalidRecord(DropItem):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("record fails the schema: " + "; ".join(reasons))
        self.reasons = reasons


class ValidationPipeline:
    def __init__(self, rejects_path: str | None = None, stats: Any = None) -> None:
        self.rejects_path = Path(rejects_path) if rejects_path else None
        self.stats = stats
        self._rejects: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidationPipeline:
        rejects = side_file_setting(crawler.settings, "NEWSCRAWL_REJECTS_PATH", "rejects.jsonl")
        return cls(str(rejects) if rejects else None, crawler.stats)

    def process_item(self, item: Item) -> Item:
        record = to_record(item)
        reasons = validate_record(record)
        if reasons:
            self._reject(record, reasons)
            raise InvalidRecord(reasons)
        count(self.stats, f"records/{record_kind(item)}")
        return item

    def _reject(self, record: dict[str, Any], reasons: list[str]) -> None:
        count(self.stats, "rejected")
        if self.rejects_path is None:
            return
        if self._rejects is None:
            self.rejects_path.parent.mkdir(parents=True, exist_ok=True)
            cut_back(self.rejects_path, self.stats)  # a worker's, appended to: a line a kill cut
            self._rejects = self.rejects_path.open("a", encoding="utf-8")
        line = json.dumps({"record": record, "reasons": reasons}, ensure_ascii=False, default=str)
        self._rejects.write(line + "\n")
        self._rejects.flush()

    def close_spider(self) -> None:
        if self._rejects is not None:
            self._rejects.close()
