"""The normalising steps as one Scrapy pipeline: headlines, bylines, sources, timestamps,
reading time, tags, then the content hash, each its own module and class (one job each), run in
this order on every article.

Scrapy wraps every pipeline it calls in its own machinery (a coroutine, an awaitable, a name for
its warnings) for every item: one step in Scrapy's chain instead of seven saves that six times
an item. Breaking-news items and error records need no normalising and pass straight on.

A step that raises on some article (a value no rule foresaw) does not lose it: the article
becomes an error record with the step and the exception, exported and counted like any other
page that could not be read, and the crawl goes on.
"""

from __future__ import annotations

import logging

from newscrawl.pipelines.bylines import BylinePipeline
from newscrawl.pipelines.fingerprint import FingerprintPipeline
from newscrawl.pipelines.headlines import HeadlinePipeline
from newscrawl.pipelines.reading_time import ReadingTimePipeline
from newscrawl.pipelines.sources import SourcesPipeline
from newscrawl.pipelines.tags import TagsPipeline
from newscrawl.pipelines.timestamps import TimestampPipeline

from newscrawl.items import ArticleItem, ErrorItem, Item

logger = logging.getLogger(__name__)

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
        if not isinstance(item, ArticleItem):
            return item
        article = item
        for step in self.steps:
            try:
                article = step(article)
            except Exception as exc:  # a last resort: one article's surprise never loses its URL
                logger.exception("normalising %s failed", item.url)
                name = type(getattr(step, "__self__", step)).__name__
                message = f"normalising failed in {name}: {type(exc).__name__}: {exc}"
                return ErrorItem.of(item.url, "unparseable", message, None, item.crawled_at)
        return article
