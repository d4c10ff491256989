"""The normalising steps as one Scrapy pipeline: headlines, bylines, sources, timestamps,
reading time, tags, then the content hash, each its own module and class (one job each), run in
this order on every article.

Scrapy wraps every pipeline it calls in its own machinery (a coroutine, an awaitable, a name for
its warnings) for every item: one step in Scrapy's chain instead of seven saves that six times
an item. Breaking-news items and error records need no normalising and pass straight on.
"""

from __future__ import annotations

from newscrawl.pipelines.bylines import BylinePipeline
from newscrawl.pipelines.fingerprint import FingerprintPipeline
from newscrawl.pipelines.headlines import HeadlinePipeline
from newscrawl.pipelines.reading_time import ReadingTimePipeline
from newscrawl.pipelines.sources import SourcesPipeline
from newscrawl.pipelines.tags import TagsPipeline
from newscrawl.pipelines.timestamps import TimestampPipeline

from newscrawl.items import ArticleItem, Item

STEPS = (
    HeadlinePipeline,
    BylinePipeline,
    SourcesPipeline,
    TimestampPipeline,
    ReadingTimePipeline,
    TagsPipeline,
    FingerprintPipeline,  # last: it hashes the normalised headline and body
)


class NormalizationPipeline:
    def __init__(self) -> None:
        self.steps = tuple(step().process_item for step in STEPS)

    def process_item(self, item: Item) -> Item:
        if isinstance(item, ArticleItem):
            for step in self.steps:
                item = step(item)
        return item
