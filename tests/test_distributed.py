"""Two workers sharing one Redis frontier (a real redis-server on 127.0.0.1) crawl the fixture
site through a real loopback mirror: together they export exactly what one process exports,
nothing twice, and no pickle ever goes through Redis."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

redis = pytest.importorskip("redis")

from newscrawl import requestjson  # noqa: E402
from newscrawl.distributed import FrontierIdle, redis_settings  # noqa: E402
from newscrawl.serve import ReplayServer  # noqa: E402
from tests.helpers import (  # noqa: E402
    FIXTURES,
    VOLATILE,
    crawl_command,
    crawl_outputs,
    stable,
    wait_until,
)

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
# Also where a record was found (crawl order) and its revision history (what the state held).
IGNORED = VOLATILE | {"found_on", "revision", "first_seen_at"}
SLOW = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        # CI (.ci/run) installs redis-server and requires these tests; elsewhere they wait for it.
        if os.environ.get("NEWSCRAWL_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed: apt-get install redis-server")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        [server, *options, "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    wait_until(answers, what="redis-server answering")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


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
    # Both did part of the work, and the crawl's keys are gone once it is done.
    assert all(worker["report"]["pages_fetched"] > 5 for worker in pair)
    assert redis.Redis.from_url(redis_url).keys("newscrawl:two-workers:*") == []


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


def test_idle_check_does_not_scan_the_keyspace(redis_url: str) -> None:
    """An idle worker checks the frontier twice a second, in a database that also holds the
    incremental state (two keys per article): the check must not walk the keyspace."""
    from scrapy.exceptions import DontCloseSpider
    from scrapy.settings import Settings

    url = redis_url.rsplit("/", 1)[0] + "/1"  # a database of its own, emptied at the end
    server = redis.Redis.from_url(url)
    settings = Settings(redis_settings(url, "idle-probe"))
    queue = settings.get("SCHEDULER_QUEUE_KEY")

    def worker(name: str, busy: bool) -> FrontierIdle:
        engine = SimpleNamespace(spider_is_idle=lambda: not busy)
        extension = FrontierIdle(SimpleNamespace(settings=settings, engine=engine))
        extension.worker = name
        return extension

    try:
        with server.pipeline(transaction=False) as pipe:
            for n in range(20_000):
                pipe.set(f"newscrawl:state:idle-probe:id:{n}", n)
            pipe.execute()
        one, two = worker("one", busy=False), worker("two", busy=True)
        server.config_resetstat()

        two._heartbeat()  # busy: it may still add requests
        one._heartbeat()  # idle: no mark
        with pytest.raises(DontCloseSpider):
            one.idle()  # another worker is busy
        server.zadd(queue, {"request": 0})
        with pytest.raises(DontCloseSpider):
            two.idle()  # idle now, but the queue has a request
        with pytest.raises(DontCloseSpider):
            one.idle()
        server.delete(queue)
        two.idle()
        one.idle()  # nothing queued, nobody busy: both may go
        # A worker killed while busy counts for BUSY_SECONDS, then no more.
        now = server.time()[0]
        server.zadd(one.busy_key, {"killed": now - 1})
        with pytest.raises(DontCloseSpider):
            one.idle()
        server.zadd(one.busy_key, {"killed": now - FrontierIdle.BUSY_SECONDS - 1})
        one.idle()
        assert server.zcard(one.busy_key) == 0

        calls = command_calls(server)
        assert "scan" not in calls and "keys" not in calls, calls
        # A handful of commands per check, not one round trip per thousand keys.
        assert sum(calls.values()) < 100, calls

        # The last one out clears the crawl's keys, the busy set included, and nothing else.
        two._heartbeat()
        server.sadd("newscrawl:idle-probe:claims:breaking", "x")
        one.closed("finished")
        assert server.exists(one.busy_key, "newscrawl:idle-probe:claims:breaking") == 2
        two.closed("finished")
        assert server.keys("newscrawl:idle-probe:*") == []
        assert server.dbsize() == 20_000
    finally:
        server.flushdb()
