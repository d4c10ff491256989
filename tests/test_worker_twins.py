"""One slot, one live worker (newscrawl/frontier.py): a worker of a shared crawl stalled past its
lease (stopped with a real SIGSTOP) still writes its -o once it goes on, so another worker on
its host with the same export file is refused, whatever the heartbeat; and a dead worker's pid
given to another crawler since is not taken for it (its start time tells them apart). Real
processes, a real redis-server, Scrapy's engine against the fixture site on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

redis = pytest.importorskip("redis")

from newscrawl.frontier import Frontier, Worker, WorkerConflict, start_time  # noqa: E402
from newscrawl.serve import ReplayServer  # noqa: E402
from newscrawl.sidefiles import side_file  # noqa: E402
from testkit import chaos  # noqa: E402
from testkit.processes import RedisServer, wait_until  # noqa: E402
from tests.helpers import FIXTURES, crawl_command, read_lines  # noqa: E402

SITE = FIXTURES / "site"
LEASE = 2.0  # seconds: a stall past it is quick to reach


@pytest.fixture
def database(redis_server: RedisServer) -> Iterator[Any]:
    """A Redis database of its own (2), emptied at the end."""
    server = redis.Redis.from_url(redis_server.url.rsplit("/", 1)[0] + "/2")
    server.flushdb()
    yield server
    server.flushdb()


def beat_age(client: Any, crawl_id: str, slot: str) -> float:
    """Seconds since the slot's last heartbeat, by Redis's clock (infinite once it has none)."""
    beat = client.zscore(f"newscrawl:{crawl_id}:leases", slot)
    seconds, micros = client.time()
    return float("inf") if beat is None else seconds + micros / 1e6 - beat


@pytest.mark.slow
def test_a_worker_stalled_past_its_lease_keeps_its_slot_from_a_twin(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """Stopped (SIGSTOP) until its heartbeat is older than the lease, a worker is alive: a
    second worker given its -o was let in once the lock beside the output did not catch it
    (given through a symbolic link, before the lock on the file a link leads to; or after a
    clean-up removed the lock file), took back the stalled one's requests and wrote into the
    same file. Now refused, exit 2, by the lock or by the slot's process; the stalled worker,
    continued, finishes the crawl alone, every record once."""
    expected, _ = chaos.expected_outcomes(SITE)
    crawl_id = f"twins-{uuid.uuid4().hex[:12]}"
    client = redis_server.client()
    # 0.2 s an answer, two at a time: the crawl's 100 or so requests take 10 s or more.
    with ReplayServer(SITE, latency=0.2) as server:
        arguments = ["almayadeen", "--mirror", server.url, "--redis", redis_server.url,
                     "--crawl-id", crawl_id, "-s", "DOWNLOAD_DELAY=0",
                     "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                     "-s", f"NEWSCRAWL_LEASE_SECONDS={LEASE}"]  # fmt: skip
        stalled = chaos.Worker(0, tmp_path, arguments)
        stalled.start()
        assert stalled.process is not None
        wait_until(lambda: server.answered >= 5 or not stalled.alive(), what="5 answers")
        stalled.process.send_signal(signal.SIGSTOP)
        try:
            wait_until(stalled.stopped, what="SIGSTOP")
            assert stalled.alive() and stalled.in_crawl(client, crawl_id)
            wait_until(lambda: beat_age(client, crawl_id, stalled.slot) > 2 * LEASE,
                       what="its lease to run out")  # fmt: skip
            alias = tmp_path / "alias.jsonl"
            alias.symlink_to(stalled.out)
            pid = stalled.process.pid
            lock = side_file(stalled.out, "lock")
            by_lock, by_slot = "is in use by another run", f"of crawl {crawl_id} (pid {pid})"
            for out, said, clean_up in ((stalled.out, by_lock, False), (alias, by_lock, False),
                                        (stalled.out, by_slot, True)):  # fmt: skip
                if clean_up:
                    lock.unlink()  # a clean-up's `rm data/*.lock`: the lock no longer catches it
                twin = subprocess.run(crawl_command(out, *arguments), capture_output=True,
                                      text=True, timeout=120)  # fmt: skip
                assert twin.returncode == 2, twin.stderr[-3000:]
                assert said in twin.stderr and "Traceback" not in twin.stderr
        finally:
            stalled.process.send_signal(signal.SIGCONT)
        assert stalled.process.wait(timeout=300) == 0, stalled.stderr.read_text()[-3000:]
    ids = [r["id"] for r in read_lines(stalled.out)]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids))


def test_a_dead_workers_pid_given_to_another_crawler_is_not_taken_for_it(
    database: Any, tmp_path: Path
) -> None:
    """The pid a killed worker recorded now runs another crawler (pids are reused): by its pid
    and command alone it passed for the worker, so the worker's restart was refused (exit 2)
    and its take-over by the others waited for the lease. Its start time tells them apart."""
    program = "import time; print('running', flush=True); time.sleep(120)"
    other = subprocess.Popen([sys.executable, "-c", program, "newscrawl", "crawl"],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline() == "running\n"
        started = start_time(other.pid)
        assert started is not None
        out = tmp_path / "killed.jsonl"
        here = Worker.here([out])
        # The killed worker, as it recorded itself: the pid the other crawler has now, and the
        # start time of a process before it.
        killed = Worker(here.slot, here.host, other.pid, here.files, started - 1)
        dead = Frontier(database, "reuse", killed)
        dead.join()
        dead.push(b"r", 0, "f")
        assert dead.lease("t") == b"r"
        living = Frontier(database, "reuse", Worker.here([tmp_path / "living.jsonl"]))
        living.join()
        assert living.take_over_the_dead() == {killed.slot: 1}  # at once, not after 30 s
        assert Frontier(database, "reuse", here).join() == "joined"  # its restart
        # The other crawler, recorded as it is, is alive: a twin of it is refused.
        holder = Worker(here.slot, here.host, other.pid, here.files, started)
        database.hset(dead.key("workers"), holder.slot, holder.info())
        assert json.loads(database.hget(dead.key("workers"), holder.slot))["started"] == started
        with pytest.raises(WorkerConflict, match=rf"\(pid {other.pid}\)"):
            Frontier(database, "reuse", Worker.here([out])).join()
    finally:
        other.kill()
        other.communicate()
