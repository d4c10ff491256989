"""From a fetched page to a record: the one place that picks the reader of a page, from its
site's profile (`profile.extractor`). The readers are peers: `almayadeen` (that CMS's metadata
script and template) and `generic` (any news site); both build on `page`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from lxml.html import HtmlElement
from scrapy.http import Response

from newscrawl.extraction import almayadeen, generic
from newscrawl.extraction.classify import Rejection, judge, reject_reason
from newscrawl.extraction.document import page_root, parse_page
from newscrawl.extraction.ticker import breaking_items
from newscrawl.items import ArticleItem, ErrorItem
from newscrawl.profile import SiteProfile

Reader = Callable[[HtmlElement, str, SiteProfile, int, str], ArticleItem | ErrorItem]
READERS: dict[str, Reader] = {
    "almayadeen": almayadeen.read_article,
    "generic": generic.read_article,
}
logger = logging.getLogger(__name__)
NOT_CHECKED = Rejection("", "")  # `extract_page`'s default: the answer is checked here


def extract_page(
    response: Response,
    profile: SiteProfile,
    crawled_at: str,
    rejection: Rejection | None = NOT_CHECKED,
    remember: bool = True,
) -> ArticleItem | ErrorItem:
    """The article on this page, read by its profile's reader, or the reason there is none.
    The record carries the profile (`item.profile`) to the pipelines. `rejection`: what
    `classify.reject_reason` said of this answer, when the caller has asked it already.
    `remember`: keep the verdict and the tree for whoever asks about this answer next (in a
    crawl, the spider's link walker); a saved page read once keeps neither."""
    url = response.url
    if rejection is NOT_CHECKED:
        rejection = reject_reason(response) if remember else judge(response)
    if rejection is not None:
        return ErrorItem.of(url, rejection.kind, rejection.message, response.status, crawled_at)
    try:
        page = page_root(response) if remember else parse_page(response)
    except (ValueError, TypeError) as exc:  # lxml refuses some broken documents outright
        message = f"broken markup: {exc}"
        return ErrorItem.of(url, "unparseable", message, response.status, crawled_at)
    if page is None or not hasattr(page, "xpath"):
        return ErrorItem.of(url, "unparseable", "no HTML document", response.status, crawled_at)
    try:
        record = READERS[profile.extractor](page, url, profile, response.status, crawled_at)
    except Exception as exc:  # a last resort: one page's surprise never loses its URL
        logger.exception("extraction of %s failed", url)
        message = f"extraction failed: {type(exc).__name__}: {exc}"
        return ErrorItem.of(url, "unparseable", message, response.status, crawled_at)
    record.profile = profile
    return record


__all__ = ["READERS", "breaking_items", "extract_page"]
