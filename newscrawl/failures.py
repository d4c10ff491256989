"""Why a request got no answer: the error record of a failed request (its URL, kind, message)."""

from __future__ import annotations

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from newscrawl.items import ErrorItem, now_utc
from newscrawl.mirror import ORIGINAL_URL
from newscrawl.politeness import CrawlStopped, OffSite
from newscrawl.refusals import RedirectLoop, UrlTooLong
from newscrawl.replay import BrokenSavedPage


def describe_failure(failure: Failure) -> tuple[str, str]:
    """(kind, message) for a failed request (see docs/record-format.md, error kinds)."""
    text = failure.getErrorMessage()
    if failure.check(CrawlStopped):
        return "stopped", text
    if failure.check(OffSite):
        return "off_site", text
    if failure.check(BrokenSavedPage):
        return "fetch_failed", f"replay: {text}"
    if failure.check(RedirectLoop):
        return "http_error", text
    if failure.check(UrlTooLong):
        return "skipped", text
    if failure.check(IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in text:  # a compressed answer too big once decompressed
            return "too_large", text
        if "robots.txt" in text:
            return "disallowed", "not fetched: robots.txt disallows it"
        if "redirections" in text:
            return "http_error", f"redirect loop: {text}"
        return "blocked", f"not fetched: {text}"
    if failure.check(DownloadCancelledError) and "max size" in text:
        return "too_large", text
    if failure.check(DownloadTimeoutError, TwistedTimeoutError):
        return "fetch_failed", f"timeout: {text}"
    if failure.check(ResponseDataLossError):
        return "fetch_failed", f"truncated answer (connection closed early): {text}"
    return "fetch_failed", f"{failure.type.__name__}: {text}"


def failure_record(failure: Failure) -> ErrorItem:
    """A request that got no answer still ends as a record, with the reason. It belongs to the
    URL the crawl asked for (under a mirror, not the mirror's); an off-site redirect belongs to
    the site's URL that redirected away (the target is in the message)."""
    request = failure.request  # type: ignore[attr-defined]
    kind, message = describe_failure(failure)
    url = request.meta.get(ORIGINAL_URL, request.url)
    if kind == "off_site":
        url = request.meta.get(ORIGINAL_URL) or (request.meta.get("redirect_urls") or [url])[-1]
    if failure.check(RedirectLoop):
        url = failure.value.url  # the URL the crawl asked for, where the loop was entered
    return ErrorItem.of(url, kind, message, None, now_utc())
