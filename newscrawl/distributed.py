"""Several workers, one frontier: the Scrapy side of a crawl shared through Redis. The frontier
itself (its keys, leases, claims and how a crawl ends) is newscrawl/frontier.py.

- `FrontierScheduler`: Scrapy's scheduler on the frontier. A request is filtered (by the
  crawler's own request fingerprinter) and queued in one step; taking one moves it into this
  worker's in-flight hash under a lease, released only once the engine is done with it, that is
  once the records, failures and requests it led to are written or queued. Requests travel as
  JSON (`requestjson`, scrapy-redis's priority queue layout), never as pickles: a shared queue
  is somewhere other people can write.
- `RedisClaims`: "first one wins" across the workers, so that an article reached by two of them
  (through a redirect or a tracking link), a ticker item seen by both, or a failure, is exported
  once; `ErrorClaimsPipeline` claims the failures.
- `FrontierIdle`: the worker's heartbeat (alive, busy, leases released), the take-over of
  workers that stopped answering, the idle rule (stay while anything is queued or in flight
  anywhere, or another worker is busy), the end (the last one out deletes the crawl's keys, by
  name), and a loud failure when the frontier is lost or unreachable: the crawl closes as
  `frontier_lost: <reason>`, exits 1, and says why in its report and on stderr.
"""

from __future__ import annotations

import itertools
import logging
import os
import warnings
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.exceptions import CloseSpider, DontCloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl import requestjson
from newscrawl.digests import DigestSet
from newscrawl.exporters import EXPORT_FAILED
from newscrawl.frontier import Frontier, FrontierLost, Worker, check_crawl_id
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, Item
from newscrawl.state import redis_for
from newscrawl.stats import count

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

# scrapy-redis 0.9.1 still passes `spider=` to the stats collector, which Scrapy 2.19 deprecates:
# harmless, and not the user's to fix.
warnings.filterwarnings(
    "ignore", message="Passing a 'spider' argument to StatsCollector", category=Warning
)

# The meta key of the lease a request was taken under (never queued with it).
LEASE = "newscrawl_lease"


def redis_settings(url: str, crawl_id: str, files: list[str] | None = None) -> dict[str, Any]:
    """The settings that turn a crawl into one worker of a shared Redis frontier. `files`: the
    worker's export files (its `-o` first), which name its slot and are read back after a
    kill."""
    return {
        "REDIS_URL": url,
        "NEWSCRAWL_CRAWL_ID": check_crawl_id(crawl_id),
        "NEWSCRAWL_WORKER_FILES": [str(f) for f in files or ()],
        "SCHEDULER": "newscrawl.distributed.FrontierScheduler",
        "EXTENSIONS": {"newscrawl.distributed.FrontierIdle": 400},
        "ITEM_PIPELINES": {"newscrawl.distributed.ErrorClaimsPipeline": 980},
        # One worker may find nothing left to do: "no articles" is a judgement on the whole
        # crawl, not on each worker; and one may get only a handful of pages, the blocked one
        # among them: each still fails when mostly blocked over 20 answers or more, or erring
        # over 20 records or more (report.failure_reasons).
        "NEWSCRAWL_FAIL_WITHOUT_ARTICLES": False,
        "NEWSCRAWL_FAIL_MIN_PAGES": 20,
        # Nor is how many articles one worker finds (that depends on how the work was shared):
        # its drift is judged on shares (coverage, fallbacks) and error kinds only.
        "NEWSCRAWL_DRIFT_ARTICLES_DROP": 1.0,
    }


def frontier_of(settings: Any) -> Frontier:
    """The crawl's frontier as a worker with these settings sees it."""
    return Frontier(
        redis_for(settings),
        check_crawl_id(settings.get("NEWSCRAWL_CRAWL_ID") or "default"),
        Worker.here(settings.getlist("NEWSCRAWL_WORKER_FILES")),
        lease_seconds=settings.getfloat("NEWSCRAWL_LEASE_SECONDS", 30.0),
    )


def frontier_for(crawler: Any) -> Frontier:
    """The crawl's frontier as this worker sees it, one per crawler."""
    frontier = getattr(crawler, "_newscrawl_frontier", None)
    if frontier is None:
        frontier = crawler._newscrawl_frontier = frontier_of(crawler.settings)
    return frontier


def lose_frontier(crawler: Any, reason: str, close: bool = True) -> None:
    """The frontier is lost or unreachable: stop taking and releasing work, say so loudly, and
    close the crawl as failed (never as finished). What this worker had in flight stays in its
    in-flight hash, for the crawl's next start when Redis still has it. `close=False` while the
    spider is being opened: `FrontierIdle.opened` closes it once it is open."""
    frontier = frontier_for(crawler)
    if frontier.lost:
        return
    frontier.lost = reason
    logger.error("the shared frontier is lost, the crawl stops: %s", reason)
    if crawler.stats is not None:
        crawler.stats.set_value("newscrawl/frontier_lost", reason)
    if not close:
        return
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=f"frontier_lost: {reason}"))


def lose(crawler: Any, exc: Exception, close: bool = True) -> None:
    """`lose_frontier` for what was raised: FrontierLost, or Redis not answering."""
    reason = str(exc) if isinstance(exc, FrontierLost) else f"Redis unreachable: {exc}"
    lose_frontier(crawler, reason, close)


def _redis_errors() -> tuple[type[Exception], ...]:
    from redis.exceptions import RedisError

    return (RedisError, OSError)


class FrontierScheduler(BaseScheduler):
    def __init__(self, crawler: Any) -> None:
        from scrapy_redis.queue import PriorityQueue

        self.crawler = crawler
        self.frontier = frontier_for(crawler)
        self.fingerprinter = crawler.request_fingerprinter
        self.queue_class = PriorityQueue
        self.queue: Any = None
        self.leased: dict[str, Request | None] = {}
        self.tokens = itertools.count()
        self.errors = _redis_errors()

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierScheduler:
        return cls(crawler)

    def open(self, spider: Any) -> None:
        key = self.frontier.key("requests")
        self.queue = self.queue_class(self.frontier.server, spider, key, serializer=requestjson)
        try:
            state = self.frontier.join()
        except (FrontierLost, *self.errors) as exc:  # Redis gone as the worker starts
            lose(self.crawler, exc, close=False)
            return
        if state == "over":
            logger.warning("crawl %s ended while this worker was down: nothing left to do",
                           self.frontier.crawl_id)  # fmt: skip
        else:
            logger.info("%s crawl %s as worker %s", state, self.frontier.crawl_id,
                        self.frontier.worker.slot)  # fmt: skip

    def close(self, reason: str) -> None:
        pass

    def has_pending_requests(self) -> bool:
        if self.frontier.lost or self.frontier.over:
            return False
        try:
            return self.frontier.queued() > 0
        except self.errors as exc:
            lose(self.crawler, exc)
            return False

    def enqueue_request(self, request: Request) -> bool:
        if self.frontier.over:
            return False  # the crawl this worker came back to has ended
        if self.frontier.lost:
            logger.error("not queued, the frontier is lost: %s", request.url)
            return False
        request.meta.pop(LEASE, None)  # a redirect's or retry's copy: it gets its own lease
        data = self.queue._encode_request(request)
        fingerprint = None if request.dont_filter else self.fingerprinter.fingerprint(request)
        try:
            queued = self.frontier.push(data, -request.priority, fingerprint and fingerprint.hex())
        except (FrontierLost, *self.errors) as exc:
            lose(self.crawler, exc)
            logger.error("not queued, the frontier is lost: %s", request.url)
            return False
        if queued:
            count(self.crawler.stats, "frontier/queued")
        return queued

    def next_request(self) -> Request | None:
        while not (self.frontier.lost or self.frontier.over):
            token = f"{os.getpid()}-{next(self.tokens)}"
            try:
                data = self.frontier.lease(token)
            except (FrontierLost, *self.errors) as exc:
                lose(self.crawler, exc)
                return None
            if data is None:
                return None
            try:
                request = self.queue._decode_request(data)
            except Exception as exc:  # someone else's bytes in the shared queue
                logger.error("dropped a queued request that is not one (%s): %.200r", exc, data)
                self.leased[token] = None  # released at the next heartbeat
                continue
            request.meta[LEASE] = token
            self.leased[token] = request
            count(self.crawler.stats, "frontier/taken")
            return request
        return None

    def finished_leases(self, in_progress: Any) -> list[str]:
        """The leases of requests the engine is done with: their outcome is written (records
        and failures) or queued (the requests they led to)."""
        done = [token for token, request in self.leased.items()
                if request is None or request not in in_progress]  # fmt: skip
        for token in done:
            del self.leased[token]
        return done


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
    """First one wins, across every worker of the crawl (frontier.Frontier.claim)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.frontier = frontier_for(crawler)
        self.errors = _redis_errors()

    def claim(self, namespace: str, key: str) -> bool:
        if self.frontier.lost or self.frontier.over:
            return False  # not exported now: its request stays in flight for the next start
        try:
            return self.frontier.claim(namespace, key)
        except self.errors as exc:
            lose(self.crawler, exc)
            return False


def claims_for(crawler: Any) -> LocalClaims | RedisClaims:
    if crawler is not None and crawler.settings.get("REDIS_URL"):
        return RedisClaims(crawler)
    return LocalClaims()


class ErrorClaimsPipeline:
    """In a shared crawl a failure is exported once per URL, by one worker: two workers may
    skip the same link, and a request taken again after a kill may fail again."""

    def __init__(self, claims: LocalClaims | RedisClaims, stats: Any = None) -> None:
        self.claims = claims
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ErrorClaimsPipeline:
        return cls(claims_for(crawler), crawler.stats)

    def process_item(self, item: Item) -> Item:
        if isinstance(item, ErrorItem) and item.url and not self.claims.claim("error", item.url):
            count(self.stats, "duplicates/errors")
            raise DropItem(f"a failure of {item.url} is exported already", log_level="DEBUG")
        return item


class FrontierIdle:
    """Keeps an idle worker while the shared frontier may still get work, takes over workers
    that stopped answering, and ends the crawl for everyone: the last worker out deletes the
    crawl's keys."""

    HEARTBEAT_SECONDS = 0.5

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.frontier = frontier_for(crawler)
        self.beat: task.LoopingCall | None = None
        self.errors = _redis_errors()

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierIdle:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def opened(self) -> None:
        if self.frontier.lost:  # lost while the spider was being opened
            raise CloseSpider(f"frontier_lost: {self.frontier.lost}")
        # An idle worker looks at the shared queue at each engine heartbeat (Scrapy: every 5 s);
        # twice a second lets it join in soon. A private attribute of Scrapy 2.19's engine
        # (the version is pinned; tests/test_distributed.py fails if it stops working).
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.HEARTBEAT_SECONDS
        self.beat = task.LoopingCall(self._heartbeat)
        self.beat.start(self.HEARTBEAT_SECONDS, now=False)

    def _export_failed(self) -> bool:
        """A record could not be written (a full disk: `exporters.export_failed`), and the
        crawl is stopping: from then on a record that reaches the end of the pipelines may not
        be in the file, so no claim is confirmed and no lease released. Started again, the
        worker reads its files: what they hold keeps its claims, the rest is crawled again."""
        stats = self.crawler.stats
        return stats is not None and bool(stats.get_value(EXPORT_FAILED))

    def _finished_leases(self) -> list[str]:
        if self._export_failed():
            return []
        # The engine's requests in progress: a private attribute of Scrapy 2.19's engine, as
        # above (tests/test_distributed.py's lease tests fail if it stops working).
        slot = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if not isinstance(scheduler, FrontierScheduler):
            return []
        return scheduler.finished_leases(slot.inprogress)

    def _take_over_the_dead(self) -> None:
        for slot, requeued in self.frontier.take_over_the_dead().items():
            logger.warning("worker %s stopped answering: %d of its requests queued again",
                           slot, requeued)  # fmt: skip
            count(self.crawler.stats, "frontier/taken_over")

    def _heartbeat(self) -> None:
        if self.frontier.lost or self.frontier.over:
            return
        engine = self.crawler.engine
        busy = engine is not None and not engine.spider_is_idle()
        try:
            state = self.frontier.heartbeat(busy, self._finished_leases())
            if state == "revived":
                logger.warning("this worker had been taken for dead (no heartbeat for %s s)",
                               self.frontier.lease_seconds)  # fmt: skip
            if state != "over":
                self._take_over_the_dead()
        except (FrontierLost, *self.errors) as exc:
            lose(self.crawler, exc)
        except Exception:  # never stop beating: a silent worker is taken for dead
            logger.exception("the shared frontier's heartbeat failed once")

    def idle(self) -> None:
        if self.frontier.lost:
            raise DontCloseSpider  # closing as frontier_lost, never as finished
        if self.frontier.over:
            return
        try:
            if self.frontier.heartbeat(False, self._finished_leases()) != "over":
                self._take_over_the_dead()
            queued, others, inflight, over = self.frontier.leave()
        except (FrontierLost, *self.errors) as exc:
            lose(self.crawler, exc)
            raise DontCloseSpider from None
        if not over and (queued or others or inflight):
            raise DontCloseSpider

    def item_scraped(self, item: Any) -> None:
        """A claimed record is written (FeedExporter and ExportPipeline write before this)."""
        if self.frontier.lost or self.frontier.over or self._export_failed():
            return
        if isinstance(item, ArticleItem):
            claim = ("article", item.canonical_url)
        elif isinstance(item, BreakingItem):
            claim = ("breaking", item.id)
        elif isinstance(item, ErrorItem) and item.url:
            claim = ("error", item.url)
        else:
            return
        try:
            self.frontier.confirm(*claim)
        except self.errors as exc:
            lose(self.crawler, exc)

    def closed(self, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        if self.frontier.lost:
            return  # nothing released: what was in flight stays for the crawl's next start
        try:
            if self.frontier.over:
                self.frontier.depart()  # it saw the crawl end: its next start is a new crawl
                return
            self.frontier.heartbeat(False, self._finished_leases())
            if reason != "finished":
                # Stopped (Ctrl-C, a limit): started again, it resumes its part of the crawl.
                self.frontier.leave()
                return
            # The crawl is done for every worker when nothing is left anywhere: the last one
            # out deletes its keys, and the next crawl starts with a fresh frontier.
            if self.frontier.leave(clear=True)[3]:
                self.frontier.depart()
            else:
                self.frontier.retire()  # others still busy: the crawl goes on without it
        except (FrontierLost, *self.errors) as exc:
            logger.error("leaving the shared frontier: %s", exc)
