"""The crawl's own counters in Scrapy's stats (`newscrawl/<key>`), which the report reads."""

from __future__ import annotations

from typing import Any


def count(stats: Any, key: str, by: int = 1) -> None:
    """Add `by` to the counter `newscrawl/<key>`; nothing outside a crawl (`stats` None)."""
    if stats is not None:
        stats.inc_value(f"newscrawl/{key}", by)
