"""Scrapy's DEBUG messages for every page and item are made only when LOG_LEVEL shows them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object

from newscrawl.logformat import QuietLogFormatter
from newscrawl.processing import project_settings


@pytest.mark.parametrize(
    ("level", "shown"), [("WARNING", False), ("INFO", False), ("DEBUG", True), ("odd", True)]
)
def test_page_and_item_messages_only_when_shown(level: str, shown: bool) -> None:
    settings = project_settings()
    settings.set("LOG_LEVEL", level)
    formatter_class = load_object(settings["LOG_FORMATTER"])
    assert formatter_class is QuietLogFormatter
    formatter = formatter_class.from_crawler(SimpleNamespace(settings=settings))
    request = Request("https://english.almayadeen.net/news/x")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    spider = Spider("x")
    assert (formatter.crawled(request, response, spider) is not None) == shown
    assert (formatter.scraped({"a": 1}, response, spider) is not None) == shown
    assert formatter.download_error(ValueError("no"), request, spider) is not None
