"""The article requests a sitemap lists, kept on disk until the crawl can take them.

A sitemap crawl reads its sitemaps first (their dates are wanted before the pages), and an
archive's monthly sitemaps list every article of the archive: yielded at once, a million
article requests would wait in Scrapy's scheduler, about 700 bytes each, most of a gigabyte.
Here each waits as a few bytes in a temporary file (the request as Scrapy would save it in a
job folder, `Request.to_dict`, written as JSON by `newscrawl.requestjson` as the shared
Redis queue writes it: no pickles) and goes to the scheduler in batches, whenever the
scheduler runs dry or the crawl would otherwise end. Memory stays the same whatever the size of
the archive; the order in which the pages are fetched is the order the sitemaps list them.

Not used in a crawl shared through Redis (its queue is in Redis, not in a worker's memory) or
in one with a JOBDIR (Scrapy's own disk queues keep its requests, and a paused crawl must find
them there).
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.request import request_from_dict

from newscrawl import requestjson

SIZE = 4  # bytes of each entry's length


class PendingRequests:
    """A first-in, first-out queue of requests in a temporary file."""

    def __init__(self, spider: Any) -> None:
        self.spider = spider
        self._file: IO[bytes] | None = None
        self._written = 0  # where the next entry goes
        self._read = 0  # where the next entry to take starts
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, request: Request) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="newscrawl-pending-")  # noqa: SIM115 - open while the crawl runs, closed when the spider closes
        data = requestjson.dumps(request.to_dict(spider=self.spider))
        self._file.seek(self._written)
        self._file.write(len(data).to_bytes(SIZE, "little") + data)
        self._written += SIZE + len(data)
        self._count += 1

    def take(self, count: int) -> list[Request]:
        """Up to `count` requests, the oldest first."""
        taken: list[Request] = []
        while self._count and len(taken) < count and self._file is not None:
            self._file.seek(self._read)
            size = int.from_bytes(self._file.read(SIZE), "little")
            data = self._file.read(size)
            self._read += SIZE + size
            self._count -= 1
            taken.append(request_from_dict(requestjson.loads(data), spider=self.spider))
        if not self._count and self._file is not None:
            self._file.seek(0)
            self._file.truncate()  # emptied: the space is given back
            self._written = self._read = 0
        return taken

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def pending_for(spider: Any) -> PendingRequests | None:
    """The spider's queue of waiting requests, fed to its crawler's scheduler; None where
    requests must go straight to the scheduler (no crawler, a Redis frontier, a JOBDIR)."""
    crawler = getattr(spider, "crawler", None)
    if crawler is None or crawler.settings.get("REDIS_URL") or crawler.settings.get("JOBDIR"):
        return None
    pending = PendingRequests(spider)
    batch = max(2 * crawler.settings.getint("CONCURRENT_REQUESTS", 16), 16)

    def release() -> int:
        requests = pending.take(batch)
        for request in requests:
            crawler.engine.crawl(request)
        return len(requests)

    def idle() -> None:
        if release():
            raise DontCloseSpider  # more to fetch: the crawl is not over

    crawler.signals.connect(release, signal=signals.scheduler_empty, weak=False)
    crawler.signals.connect(idle, signal=signals.spider_idle, weak=False)
    crawler.signals.connect(pending.close, signal=signals.spider_closed, weak=False)
    return pending
