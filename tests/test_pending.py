"""The queue a sitemap's article requests wait in (spiders/pending.py): first in, first out,
each request back as it went in, the file emptied once they are all taken."""

from __future__ import annotations

import scrapy
from newscrawl.spiders.almayadeen import AlmayadeenSpider
from newscrawl.spiders.pending import PendingRequests, pending_for


def test_requests_come_back_in_order_and_whole() -> None:
    spider = AlmayadeenSpider()
    pending = PendingRequests(spider)
    base = "https://english.almayadeen.net/news/politics/story-"
    for number in range(100):
        request = scrapy.Request(
            f"{base}{number}",
            callback=spider.parse_article,
            errback=spider.failed,
            meta={"newscrawl_depth": 2, "handle_httpstatus_list": [304, 404]},
            headers={"If-None-Match": f'"{number}"'},
        )
        pending.add(request)
    assert len(pending) == 100
    first = pending.take(30)
    assert [r.url for r in first] == [f"{base}{n}" for n in range(30)]
    assert len(pending) == 70
    request = first[7]
    assert request.callback == spider.parse_article and request.errback == spider.failed
    assert request.meta == {"newscrawl_depth": 2, "handle_httpstatus_list": [304, 404]}
    assert request.headers["If-None-Match"] == b'"7"'
    rest = pending.take(1000)
    assert [r.url for r in rest] == [f"{base}{n}" for n in range(30, 100)]
    assert len(pending) == 0 and pending.take(5) == []
    assert pending._file is not None and pending._file.seek(0, 2) == 0  # space given back
    pending.add(scrapy.Request(f"{base}again", callback=spider.parse_article))
    assert [r.url for r in pending.take(5)] == [f"{base}again"]
    pending.close()


def test_no_queue_outside_a_crawl() -> None:
    """A spider without a crawler (a test, `scrapy parse`) yields its requests as they come."""
    assert pending_for(AlmayadeenSpider()) is None
