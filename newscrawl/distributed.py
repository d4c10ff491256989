"""Several workers, one frontier: scrapy-redis's scheduler and queue on one Redis, with what
newscrawl adds for Scrapy 2.19 and for safety.

- `RedisDupeFilter`: the shared duplicate filter, fingerprinting requests with the crawler's own
  request fingerprinter (scrapy-redis 0.9.1 falls back to Scrapy's `RFPDupeFilter.from_settings`,
  which Scrapy 2.19 no longer has).
- `requestjson`: requests travel through Redis as JSON, never as pickles (a shared queue is
  somewhere other people can write; scrapy-redis pickles by default).
- `RedisClaims`: "first one wins" sets shared by the workers, so that an article reached by two
  workers (through a redirect or a tracking link) or a ticker item seen by both is exported once.
- `FrontierIdle`: a worker with nothing to do stays while the queue has requests or another
  worker is busy (it may still add some), and the last one out clears the crawl's keys, so the
  next crawl starts fresh. A killed crawl leaves its queue: starting the workers again resumes it.

Keys live under `newscrawl:<crawl id>:`; `--crawl-id` names a crawl (all its workers must use the
same one).
"""

from __future__ import annotations

import logging
import os
import socket
import warnings
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from newscrawl.digests import DigestSet
from newscrawl.state import redis_for

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)

# scrapy-redis 0.9.1 still passes `spider=` to the stats collector, which Scrapy 2.19 deprecates:
# harmless, and not the user's to fix.
warnings.filterwarnings(
    "ignore", message="Passing a 'spider' argument to StatsCollector", category=Warning
)

PREFIX = "newscrawl"


def frontier_prefix(settings: Any) -> str:
    return f"{PREFIX}:{settings.get('NEWSCRAWL_CRAWL_ID') or 'default'}"


def redis_settings(url: str, crawl_id: str) -> dict[str, Any]:
    """The settings that turn a crawl into one worker of a shared Redis frontier."""
    prefix = f"{PREFIX}:{crawl_id}"
    return {
        "REDIS_URL": url,
        "NEWSCRAWL_CRAWL_ID": crawl_id,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_CLASS": "newscrawl.distributed.RedisDupeFilter",
        "SCHEDULER_SERIALIZER": "newscrawl.requestjson",
        # Workers come and go: the queue and the filter stay until the crawl is done
        # (FrontierIdle clears them then), so a killed crawl can be resumed.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "EXTENSIONS": {"newscrawl.distributed.FrontierIdle": 400},
        # One worker may find nothing left to do: "no articles" is a judgement on the whole
        # crawl, not on each worker (each still fails when mostly blocked or erring).
        "NEWSCRAWL_FAIL_WITHOUT_ARTICLES": False,
        # Nor is how many articles one worker finds (that depends on how the work was shared):
        # its drift is judged on shares (coverage, fallbacks) and error kinds only.
        "NEWSCRAWL_DRIFT_ARTICLES_DROP": 1.0,
    }


class RedisDupeFilter(BaseDupeFilter):
    def __init__(self, server: Redis, key: str, fingerprinter: Any) -> None:
        self.server = server
        self.key = key
        self.fingerprinter = fingerprinter

    @classmethod
    def from_spider(cls, spider: Any) -> RedisDupeFilter:
        settings = spider.crawler.settings
        key = settings.get("SCHEDULER_DUPEFILTER_KEY") or f"{frontier_prefix(settings)}:dupefilter"
        return cls(redis_for(settings), key, spider.crawler.request_fingerprinter)

    def request_seen(self, request: Any) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        return self.server.sadd(self.key, fingerprint) == 0

    def clear(self) -> None:
        self.server.delete(self.key)

    def log(self, request: Any, spider: Any) -> None:
        logger.debug("filtered duplicate request %s", request)


class LocalClaims:
    """First one wins, within one process (the keys kept as 8-byte digests)."""

    def __init__(self) -> None:
        self.sets: dict[str, DigestSet] = {}

    def claim(self, namespace: str, key: str) -> bool:
        members = self.sets.get(namespace)
        if members is None:
            members = self.sets[namespace] = DigestSet()
        return members.add(key)


class RedisClaims:
    """First one wins, across every worker of the crawl."""

    def __init__(self, server: Redis, prefix: str) -> None:
        self.server = server
        self.prefix = prefix

    def claim(self, namespace: str, key: str) -> bool:
        return self.server.sadd(f"{self.prefix}:claims:{namespace}", key) == 1


def claims_for(crawler: Any) -> LocalClaims | RedisClaims:
    if crawler is not None and crawler.settings.get("REDIS_URL"):
        return RedisClaims(redis_for(crawler.settings), frontier_prefix(crawler.settings))
    return LocalClaims()


class FrontierIdle:
    """Keeps an idle worker while the shared frontier may still get work, then ends the crawl
    for everyone: the last worker out deletes the crawl's keys.

    The busy workers are one sorted set, `<prefix>:busy`: a worker's score is the time of its
    last busy heartbeat, on Redis's clock (the workers' own clocks may disagree), and an entry
    older than BUSY_SECONDS no longer counts (a worker killed while busy). One key, so that an
    idle check is a few commands whatever else the database holds: the incremental state lives
    there too, two keys per article, and scanning the keyspace for one key per busy worker took
    seconds on the reactor thread, at every heartbeat of every idle worker.
    """

    BUSY_SECONDS = 5

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.server = redis_for(crawler.settings)
        self.prefix = frontier_prefix(crawler.settings)
        self.busy_key = f"{self.prefix}:busy"
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.beat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierIdle:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        # An idle worker looks at the shared queue at each engine heartbeat (Scrapy: every 5 s);
        # twice a second lets it join in soon. A private attribute of Scrapy 2.19's engine
        # (the version is pinned; tests/test_distributed.py fails if it stops working).
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = 0.5
        self._mark_busy()
        self.beat = task.LoopingCall(self._heartbeat)
        self.beat.start(0.5, now=False)

    def _now(self) -> float:
        seconds, microseconds = self.server.time()
        return seconds + microseconds / 1_000_000

    def _mark_busy(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.zadd(self.busy_key, {self.worker: self._now()})
            # The set goes once no worker has been busy for BUSY_SECONDS, as its entries would:
            # a crawl whose workers were all killed leaves no more than its queue and filter.
            pipe.expire(self.busy_key, self.BUSY_SECONDS)
            pipe.execute()

    def _heartbeat(self) -> None:
        engine = self.crawler.engine
        if engine is not None and not engine.spider_is_idle():
            self._mark_busy()

    def _leave(self) -> tuple[int, int]:
        """Marks this worker not busy: the requests queued, and the other workers still busy."""
        queue = self.crawler.settings.get("SCHEDULER_QUEUE_KEY")
        expired = self._now() - self.BUSY_SECONDS
        with self.server.pipeline() as pipe:
            pipe.zcard(queue)
            pipe.zrem(self.busy_key, self.worker)
            pipe.zremrangebyscore(self.busy_key, "-inf", expired)
            pipe.zcard(self.busy_key)
            queued, _, _, others = pipe.execute()
        return queued, others

    def idle(self) -> None:
        queued, others = self._leave()
        if queued or others:
            raise DontCloseSpider

    def closed(self, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        queued, others = self._leave()
        if reason == "finished" and not queued and not others:
            # The crawl is done for every worker: the next one starts with a fresh frontier.
            keys = list(self.server.scan_iter(f"{self.prefix}:*"))
            self.server.delete(self.busy_key, *keys)
