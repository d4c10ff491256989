"""Two workers sharing one Redis frontier (a real redis-server on 127.0.0.1) crawl the fixture
site through a real loopback mirror: together they export exactly what one process exports,
nothing twice, and no pickle ever goes through Redis."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

redis = pytest.importorskip("redis")

from newscrawl import requestjson  # noqa: E402
from newscrawl.frontier import (  # noqa: E402
    Frontier,
    FrontierLost,
    Worker,
    WorkerConflict,
    pid_alive,
)
from newscrawl.serve import ReplayServer  # noqa: E402
from testkit.processes import RedisServer, free_port  # noqa: E402
from tests.helpers import (  # noqa: E402
    FIXTURES,
    VOLATILE,
    crawl_command,
    crawl_outputs,
    read_lines,
    stable,
    wait_until,
)

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
# Also where a record was found (crawl order) and its revision history (what the state held).
IGNORED = VOLATILE | {"found_on", "revision", "first_seen_at"}
SLOW = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


@pytest.fixture(scope="module")
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


def workers(tmp_path: Path, mirror: str, count: int, *options: str) -> list[dict[str, Any]]:
    """`count` workers started together; each one's records, failures and report."""
    outs = [tmp_path / f"worker{n}" / "articles.jsonl" for n in range(count)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    arguments = ("almayadeen", "--mirror", mirror, *SLOW, *options)
    processes = [subprocess.Popen(crawl_command(out, *arguments), **pipes) for out in outs]
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output[-3000:]
    return [crawl_outputs(out) for out in outs]


def test_two_workers_export_what_one_process_exports(tmp_path: Path, redis_url: str) -> None:
    with ReplayServer(SITE) as server:
        (single,) = workers(tmp_path / "single", server.url, 1)
        pair = workers(tmp_path / "pair", server.url, 2, "--redis", redis_url,
                       "--crawl-id", "two-workers")  # fmt: skip
    union = [record for worker in pair for record in worker["records"]]
    ids = [record["id"] for record in union]
    assert len(ids) == len(set(ids)), "a record exported by both workers"
    alone = sorted(stable(r, IGNORED) for r in single["records"])
    assert sorted(stable(r, IGNORED) for r in union) == alone
    failed = sorted(f["url"] for worker in pair for f in worker["failures"])
    assert failed == sorted(f["url"] for f in single["failures"])
    # Both did part of the work, and the crawl's keys are gone once it is done, but for the
    # note that it is over (for workers still waiting), which expires.
    assert all(worker["report"]["pages_fetched"] > 5 for worker in pair)
    server = redis.Redis.from_url(redis_url)
    assert server.keys("newscrawl:two-workers:*") == [b"newscrawl:two-workers:crawl"]
    assert server.get("newscrawl:two-workers:crawl").startswith(b"done:")
    assert 0 < server.ttl("newscrawl:two-workers:crawl") <= 86400


def test_incremental_state_in_redis(tmp_path: Path, redis_url: str) -> None:
    options = ("--redis", redis_url, "--crawl-id", "incremental", "--incremental")
    with ReplayServer(SITE) as server:
        first = workers(tmp_path / "first", server.url, 2, *options)
        second = workers(tmp_path / "second", server.url, 2, *options)
    exported = [r for worker in first for r in worker["records"]]
    assert len(exported) == 50 and {r.get("revision") for r in exported if "headline" in r} == {1}
    assert [r for worker in second for r in worker["records"]] == []
    state = redis.Redis.from_url(redis_url)
    assert state.scard("newscrawl:state:incremental:breaking") == 12
    assert len(list(state.scan_iter("newscrawl:state:incremental:id:*"))) == 38


# A worker killed (SIGKILL, by itself) at its first commit of a record to the Redis state:
# after the record's line is written to its export, before the state knows it.
KILLED_AT_FIRST_COMMIT = """
import os, signal, sys
from newscrawl.state import RedisCrawlState
RedisCrawlState.exported = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
from newscrawl.cli import main
sys.exit(main())
"""


def test_a_worker_killed_before_its_first_commit_exports_that_record_once(
    tmp_path: Path, redis_url: str
) -> None:
    """Started again, the worker exports each record once (the crawl's claims see to that),
    and the next crawl knows every record. Before the state knew where a worker's records
    begin, its recovery skipped the record written but not committed, so the next crawl
    exported it again."""
    out = tmp_path / "worker" / "articles.jsonl"
    with ReplayServer(SITE) as server:
        arguments = ("almayadeen", "--mirror", server.url, *SLOW, "--redis", redis_url,
                     "--crawl-id", "first-commit", "--incremental")  # fmt: skip
        killed = subprocess.run([sys.executable, "-c", KILLED_AT_FIRST_COMMIT,
                                 *crawl_command(out, *arguments)[3:]],
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
        assert len(read_lines(out)) == 1, "the first record, written and not committed"
        again = subprocess.run(crawl_command(out, *arguments), capture_output=True, text=True,
                               timeout=300)  # fmt: skip
        assert again.returncode == 0, again.stderr[-3000:]
        ids = [r["id"] for r in read_lines(out)]
        assert len(ids) == len(set(ids)) == 50, "each record once"
        # The next crawl finds every record in the state, the first one too (recovered).
        later = tmp_path / "later" / "articles.jsonl"
        done = subprocess.run(crawl_command(later, *arguments), capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert read_lines(later) == [], "nothing new since"


def test_queued_requests_are_json_not_pickles(redis_url: str) -> None:
    from scrapy import Request, Spider
    from scrapy_redis.queue import PriorityQueue

    class Probe(Spider):
        name = "probe"

        def parse_article(self, response: Any) -> None:
            pass

    server = redis.Redis.from_url(redis_url)
    queue = PriorityQueue(server, Probe(), "newscrawl:probe:requests", serializer=requestjson)
    request = Request(
        "https://english.almayadeen.net/news/politics/x",
        meta={"depth": 1},
        headers={"If-None-Match": '"abc"'},
        callback=Probe().parse_article,
    )
    queue.push(request)
    (raw,) = server.zrange("newscrawl:probe:requests", 0, -1)
    assert json.loads(raw)["url"] == request.url  # plain JSON, readable by anyone
    back = queue.pop()
    assert back.url == request.url and back.meta == {"depth": 1}
    assert back.headers[b"If-None-Match"] == b'"abc"'
    with pytest.raises(ValueError):
        requestjson.loads(b"[1, 2]")


def command_calls(server: Any) -> dict[str, int]:
    """Redis's own count of each command it ran since the last CONFIG RESETSTAT."""
    stats = server.info("commandstats")
    return {name.removeprefix("cmdstat_"): stat["calls"] for name, stat in stats.items()}


@pytest.fixture
def database(redis_url: str) -> Iterator[Any]:
    """A Redis database of its own (1), emptied at the end."""
    server = redis.Redis.from_url(redis_url.rsplit("/", 1)[0] + "/1")
    server.flushdb()
    yield server
    server.flushdb()


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def worker(server: Any, name: str, crawl: str = "probe", **options: Any) -> Frontier:
    """A worker of crawl `crawl` whose export file is `name` (its slot), joined."""
    frontier = Frontier(server, crawl, Worker.here([f"/nonexistent/{name}.jsonl"]), **options)
    frontier.join()
    return frontier


def test_idle_check_does_not_scan_the_keyspace(database: Any) -> None:
    """An idle worker checks the frontier twice a second, in a database that also holds the
    incremental state (two keys per article): the check must not walk the keyspace."""
    with database.pipeline(transaction=False) as pipe:
        for n in range(20_000):
            pipe.set(f"newscrawl:state:probe:id:{n}", n)
        pipe.execute()
    one, two = worker(database, "one"), worker(database, "two")
    database.config_resetstat()

    two.heartbeat(busy=True)  # busy: it may still add requests
    one.heartbeat(busy=False)
    assert one.leave()[:3] == (0, 1, 0)  # another worker is busy: stay
    two.push(b"{}", 0, "fingerprint")
    assert two.leave()[:3] == (1, 0, 0)  # idle now, but the queue has a request: stay
    token = "t1"
    assert one.lease(token) == b"{}"
    assert two.leave()[:3] == (0, 0, 1)  # nothing queued, but one request in flight: stay
    one.heartbeat(busy=False, finished=[token])
    assert one.leave()[:3] == two.leave()[:3] == (0, 0, 0)  # nothing anywhere: both may go
    # A worker killed while busy counts for busy_seconds, then no more.
    now = database.time()[0]
    database.zadd(one.key("busy"), {"killed": now - 1})
    assert one.leave()[:3] == (0, 1, 0)
    database.zadd(one.key("busy"), {"killed": now - one.busy_seconds - 1})
    assert one.leave()[:3] == (0, 0, 0)

    calls = command_calls(database)
    assert "scan" not in calls and "keys" not in calls, calls
    # A dozen commands per check (in one script), not one round trip per thousand keys.
    database.config_resetstat()
    one.heartbeat(busy=False)
    one.leave()
    calls = command_calls(database)
    assert sum(n for name, n in calls.items() if name != "evalsha") <= 15, calls

    # The last one out clears the crawl's keys, by name, and nothing else; the note that the
    # crawl is over stays, for the workers still waiting, and so does the list of those that
    # have not said goodbye yet.
    database.hset(one.key("claims:breaking"), "x", one.worker.slot)
    assert one.leave(clear=True)[3] is True
    assert sorted(database.keys("newscrawl:probe:*")) == [b"newscrawl:probe:absent",
                                                          b"newscrawl:probe:crawl"]  # fmt: skip
    assert two.heartbeat(busy=False) == "over" and two.leave()[3] is True
    two.depart()
    assert database.keys("newscrawl:probe:*") == [b"newscrawl:probe:crawl"]
    assert database.dbsize() == 20_001


def test_a_request_taken_stays_in_flight_until_released_and_a_restart_takes_it_back(
    database: Any, tmp_path: Path
) -> None:
    out = tmp_path / "articles.jsonl"
    first = Frontier(database, "probe", Worker.here([out]))
    first.join()
    for n in range(3):
        first.push(f"request {n}".encode(), -n, f"f{n}")
    assert not first.push(b"request 0 again", 0, "f0")  # the filter and the queue as one
    assert first.lease("a") == b"request 2" and first.lease("b") == b"request 1"
    assert first.queued() == 1 and database.hlen(first.inflight_key) == 2
    # Claimed, then killed: one article written to its file, one not.
    assert first.claim("article", "https://site/written")
    assert first.claim("article", "https://site/lost")
    out.write_text(json.dumps({"canonical_url": "https://site/written", "id": "x"}) + "\n")
    first.heartbeat(busy=True, finished=["b"])  # request 1's outcome is written

    again = Frontier(database, "probe", Worker.here([out]))  # the same -o: the same slot
    assert again.worker.slot == first.worker.slot
    assert again.join() == "joined"  # the crawl in progress
    assert database.hlen(again.inflight_key) == 0
    assert sorted(database.zrange(again.key("requests"), 0, -1)) == [b"request 0", b"request 2"]
    # What its file holds stays claimed; what it had not written is anyone's again.
    other = worker(database, "other")
    assert not other.claim("article", "https://site/written")
    assert other.claim("article", "https://site/lost")


def test_a_gzip_export_is_read_back_too(database: Any, tmp_path: Path) -> None:
    """-o x.jsonl.gz: the records a worker wrote there keep their claims when it restarts,
    a member cut off by the kill included."""
    import gzip

    out = tmp_path / "articles.jsonl.gz"
    first = Frontier(database, "probe", Worker.here([out]))
    first.join()
    assert first.claim("article", "https://site/a") and first.claim("breaking", "b1")
    written = json.dumps({"canonical_url": "https://site/a", "id": "a"}) + "\n"
    out.write_bytes(gzip.compress(written.encode()) + gzip.compress(b'{"type": "brea')[:20])
    Frontier(database, "probe", Worker.here([out])).join()
    other = worker(database, "other")
    assert not other.claim("article", "https://site/a")  # written: still claimed
    assert other.claim("breaking", "b1")  # never written: released


def test_a_dead_workers_requests_and_unwritten_claims_go_to_the_living(database: Any) -> None:
    living = worker(database, "living", lease_seconds=30)
    gone = Frontier(database, "probe", Worker.here(["/nonexistent/gone.jsonl"]))
    # Another process on this host that has ended (its pid is no more).
    gone.worker = Worker(gone.worker.slot, gone.worker.host, dead_pid(), gone.worker.files)
    gone.join()
    gone.push(b"r", 0, "f")
    assert gone.lease("t") == b"r" and gone.claim("breaking", "item")
    assert not living.claim("breaking", "item")
    assert living.take_over_the_dead() == {gone.worker.slot: 1}
    assert living.lease("t2") == b"r"
    assert living.claim("breaking", "item")
    assert living.take_over_the_dead() == {}  # once


def test_a_worker_killed_during_a_crawl_that_ended_since_has_nothing_left_to_do(
    database: Any,
) -> None:
    """Started again after a kill (the same -o), a worker whose crawl ended without it must
    not start the crawl anew: it would export every article a second time."""
    killed, finisher = worker(database, "killed"), worker(database, "finisher")
    assert finisher.take_over_the_dead() == {}  # (killed on another host: its lease runs)
    database.zadd(killed.key("leases"), {killed.worker.slot: 0})  # ... out
    assert finisher.take_over_the_dead() == {killed.worker.slot: 0}
    assert finisher.leave(clear=True)[3] is True  # the crawl ends without it
    again = Frontier(database, "probe", killed.worker)
    assert again.join() == "over" and again.over
    # Its next start, like any worker that saw its crawl end, begins a new crawl.
    assert Frontier(database, "probe", killed.worker).join() == "started"
    later = worker(database, "finisher")
    assert later.join() == "joined"


def test_a_worker_that_never_joined_starts_the_next_crawl(database: Any) -> None:
    """A worker killed before it joined is no part of the crawl: started once the crawl has
    ended, it starts the crawl id's next crawl (and exports the site again), as any worker
    started then does. Which is why testkit/chaos.py kills only workers that joined."""
    finisher = worker(database, "finisher")
    assert finisher.leave(clear=True)[3] is True  # the crawl ends, the other never joined
    late = Frontier(database, "probe", Worker.here(["/nonexistent/late.jsonl"]))
    assert late.join() == "started" and not late.over


def test_a_silent_worker_is_taken_over_after_its_lease(database: Any) -> None:
    """On another host (no pid to look at), only the lease tells: no heartbeat for
    lease_seconds and its requests go back to the queue."""
    silent = worker(database, "silent")
    silent.push(b"r", 0, "f")
    silent.lease("t")
    living = worker(database, "living", lease_seconds=30)
    assert living.take_over_the_dead() == {}  # it beat less than 30 s ago
    living.lease_seconds = 0.5
    wait_until(lambda: living.take_over_the_dead() == {silent.worker.slot: 1},
               what="the silent worker's lease to run out")  # fmt: skip
    assert living.queued() == 1
    assert silent.heartbeat(busy=False) == "revived"  # it was alive after all: it is told


def test_a_frontier_redis_lost_is_never_a_finished_crawl(database: Any) -> None:
    one = worker(database, "one")
    database.flushdb()  # as Redis restarted without its data
    with pytest.raises(FrontierLost, match="restarted without its data"):
        one.heartbeat(busy=False)
    with pytest.raises(FrontierLost):
        one.leave(clear=True)
    assert database.dbsize() == 0  # and it wrote nothing there


def test_two_live_workers_on_one_export_file_are_refused(database: Any) -> None:
    # The slot's holder is another live crawler process that beat just now. It says when it
    # runs: until its exec is done, /proc shows no command line for it (as for a killed worker
    # not yet reaped), and it would be taken for gone (this test failed so at load 7-8).
    program = "import time; print('running', flush=True); time.sleep(120)"
    crawler = subprocess.Popen([sys.executable, "-c", program, "newscrawl", "crawl"],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert crawler.stdout is not None and crawler.stdout.readline() == "running\n"
        assert pid_alive(crawler.pid)
        one = worker(database, "same")
        holder = Worker(one.worker.slot, one.worker.host, crawler.pid, one.worker.files)
        database.hset(one.key("workers"), holder.slot, holder.info())
        twin = Frontier(database, "probe", Worker.here(["/nonexistent/same.jsonl"]))
        with pytest.raises(WorkerConflict, match=r"\(pid \d+\) writes /nonexistent/same\.jsonl"):
            twin.join()
    finally:
        crawler.kill()
        crawler.communicate()
    # Once that process is gone, the slot is free: started again, a worker resumes it.
    assert Frontier(database, "probe", Worker.here(["/nonexistent/same.jsonl"])).join() == "joined"


@pytest.mark.parametrize("crawl_id", ["state", "*", "a:b", "x[1]"])
def test_a_crawl_id_that_could_name_other_keys_is_refused_wherever_it_comes_from(
    redis_url: str, tmp_path: Path, crawl_id: str
) -> None:
    """`-s NEWSCRAWL_CRAWL_ID=state` deleted another crawl's incremental state, `=*` every
    newscrawl key: refused like --crawl-id, exit 2, and nothing touched."""
    server = redis.Redis.from_url(redis_url)
    kept = {"newscrawl:state:other:breaking": "x", "newscrawl:other:requests": "y"}
    for key, value in kept.items():
        server.set(key, value)
    for option in (["-s", f"NEWSCRAWL_CRAWL_ID={crawl_id}"], ["--crawl-id", crawl_id],
                   ["-s", f"NEWSCRAWL_STATE_NAME={crawl_id}"]):  # fmt: skip
        done = subprocess.run(
            crawl_command(tmp_path / "out.jsonl", "almayadeen", "--replay", str(SITE),
                          "--redis", redis_url, *option),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 2, (option, done.stderr[-2000:])
        assert "use letters, digits, '.', '_' and '-'" in done.stderr
        assert "Traceback" not in done.stderr
    assert {k: server.get(k) for k in kept} == {k: v.encode() for k, v in kept.items()}
    server.delete(*kept)


def test_a_redis_option_that_is_no_url_or_a_redis_that_does_not_answer(tmp_path: Path) -> None:
    def crawl(redis_url: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            crawl_command(tmp_path / "out.jsonl", "almayadeen", "--replay", str(SITE),
                          "--redis", redis_url),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    done = crawl("localhost:6379")
    assert done.returncode == 2 and "give a Redis URL" in done.stderr
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = crawl(closed)
    assert done.returncode == 1 and f"Redis at {closed} does not answer" in done.stderr
    assert "Traceback" not in done.stderr


def test_redis_gone_as_a_worker_opens_closes_it_as_frontier_lost() -> None:
    """Redis answered the command's check but is gone when the worker joins the crawl (it was
    restarted at that moment): the spider is opened and closed at once as `frontier_lost`,
    which the report gives as the reason, instead of a crawl that 'did not start' with
    Scrapy's tracebacks and a report saying `shutdown` (seen in tests/test_chaos.py on a
    loaded machine)."""
    from scrapy import Spider
    from scrapy.exceptions import CloseSpider
    from scrapy.utils.test import get_crawler

    from newscrawl.distributed import FrontierIdle, FrontierScheduler

    crawler = get_crawler(Spider, {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    crawler.spider = crawler._create_spider("worker")
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)  # does not raise: the frontier is marked lost
    assert not scheduler.has_pending_requests()
    with pytest.raises(CloseSpider) as closed:
        FrontierIdle(crawler).opened()
    assert closed.value.reason.startswith("frontier_lost: Redis unreachable: ")
    assert crawler.stats.get_value("newscrawl/frontier_lost").startswith("Redis unreachable")
