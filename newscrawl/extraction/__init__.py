"""From a fetched page to an article, breaking-news items, links, or an error record."""

from newscrawl.extraction.article import extract_page
from newscrawl.extraction.links import article_links
from newscrawl.extraction.ticker import breaking_items

__all__ = ["article_links", "breaking_items", "extract_page"]
