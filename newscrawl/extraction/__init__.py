"""From a fetched page to an article, breaking-news items, links, or an error record."""

from newscrawl.extraction.article import extract_page
from newscrawl.extraction.ticker import breaking_items

__all__ = ["breaking_items", "extract_page"]
