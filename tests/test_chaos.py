"""Workers of a shared crawl (a real redis-server, real `newscrawl crawl --redis` processes,
the fixture site on 127.0.0.1) killed with SIGKILL at random moments and started again: every
article, ticker item and failure of the site ends in exactly one worker's file, and the runs
that finish exit 0. Redis restarted without its data fails every worker, exit 1, with the
reason in its report and on stderr. testkit/chaos.py runs the trials (and more of them, with
the README's figures: `python -m testkit.chaos`)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from testkit.chaos import Worker, exit_note, redis_lost_trial, run_trial
from testkit.processes import RedisServer
from tests.helpers import FIXTURES

pytest.importorskip("redis")
pytestmark = pytest.mark.slow  # real crawls, killed and started again

SITE = FIXTURES / "site"


@pytest.mark.parametrize(
    ("plan", "seed", "options"),
    [("both", 1, ()), ("both", 2, ()), ("one", 3, ()), ("one", 4, ()), ("gone", 5, ()),
     ("both", 8, ("--incremental",))],  # the state in Redis, the export appended as it goes
)  # fmt: skip
def test_killed_workers_export_every_article_exactly_once(
    redis_server: RedisServer, tmp_path: Path, plan: str, seed: int, options: tuple[str, ...]
) -> None:
    trial = run_trial(SITE, redis_server, tmp_path, plan, random.Random(seed), options=options)
    assert trial.kills >= 1, trial
    assert trial.lost == [] and trial.duplicates == [] and trial.unexpected == [], trial
    assert trial.exported == trial.expected == 50
    assert trial.failure_problems == [], trial  # the dead link and the blocked page, once each
    if not trial.exit_codes or set(trial.exit_codes) != {0}:
        pytest.fail(trial.unexpected_exits())  # in full: an assertion's message is cut short
    assert trial.keys_left == [], trial


def test_workers_killed_while_only_the_start_requests_are_in_flight_start_again(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """Killed after the site's first answer (robots.txt, the home page in flight, nothing
    queued yet): started again, they used to fetch nothing, exit 0 and delete the crawl."""
    trial = run_trial(SITE, redis_server, tmp_path, "both", random.Random(7), kill_events=1,
                      first=("answers", 1))  # fmt: skip
    assert trial.kills == 2 and trial.moments[0].endswith("answers")
    assert trial.lost == [] and trial.duplicates == [] and trial.failure_problems == [], trial
    assert trial.exported == 50
    if set(trial.exit_codes) != {0}:
        pytest.fail(trial.unexpected_exits())


def test_a_trial_kills_only_workers_of_the_crawl(redis_server: RedisServer, tmp_path: Path) -> None:
    """A worker not yet in the crawl is spared: killed before it joined, then started again
    once the other had finished, it would be the next crawl's first worker and export every
    record again (seen on a loaded machine: trial `one`, seed 4, 50 duplicates). A stand-in
    process that never joins: spared, and left running; once its slot is one of the crawl's
    workers, killed."""
    worker = Worker(0, tmp_path, [])
    worker.command = [sys.executable, "-c", "import time; time.sleep(300)"]
    worker.start()
    client = redis_server.client()
    try:
        assert not worker.in_crawl(client, "harness")
        assert worker.kill_if(lambda: worker.in_crawl(client, "harness")) is False
        assert worker.alive() and not worker.stopped()  # going on (SIGCONT)
        client.hset("newscrawl:harness:workers", worker.slot, "{}")  # it joined
        assert worker.kill_if(lambda: worker.in_crawl(client, "harness")) is True
        assert not worker.alive()
    finally:
        client.delete("newscrawl:harness:workers")
        if worker.alive():
            worker.kill()


def test_a_worker_that_exits_otherwise_is_explained_by_its_last_lines(tmp_path: Path) -> None:
    """A trial's failure message names the exit code and ends with the worker's log, however
    long the log: the reason a run failed is in its last lines."""
    worker = Worker(0, tmp_path, [])
    log = "import sys; [print(f'log line {n}', file=sys.stderr) for n in range(100)]"
    worker.command = [sys.executable, "-c", f"{log}; print('FAILED: the reason'); sys.exit(1)"]
    worker.start()
    assert worker.process is not None and worker.process.wait(timeout=120) == 1
    note = exit_note(0, worker)
    assert note.startswith("worker0 exited 1\n") and "FAILED: the reason" in note
    assert "log line 70\n" in note and note.endswith("log line 99")
    assert "log line 69\n" not in note


@pytest.mark.usefixtures("redis_server")  # (for its checks: this one restarts its own)
def test_redis_restarted_without_its_data_fails_the_crawl_loudly(tmp_path: Path) -> None:
    result = redis_lost_trial(SITE, tmp_path, random.Random(6))
    assert result["joined"] == 2, result  # lost under both workers, not before one started
    assert result["exit_codes"] == [1, 1], result
    for reasons, stderr in zip(result["reasons"], result["stderr"], strict=True):
        assert any("frontier_lost" in reason for reason in reasons), reasons
        assert "the shared frontier is lost" in stderr
