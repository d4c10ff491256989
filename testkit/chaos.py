"""Workers of a shared crawl killed with SIGKILL at random moments, and started again: does every
article of the site end up exported exactly once across the workers' files?

A trial crawls the fixture site (served on 127.0.0.1 by `newscrawl serve`'s server, each answer
delayed so that requests are in flight) with two `newscrawl crawl --redis` workers on a redis-server
of its own, and kills workers at moments chosen by progress, never by time (so a trial means
the same on a loaded machine): after a random number of records on the workers' disks, or of
answers the site sent (the start requests' moment included: no record yet, requests in flight).
Plans:

- `both`: every worker killed at once, then all started again (the same command, the same -o);
- `one`: one worker killed and started again while the other goes on;
- `gone`: one worker killed and never started again: the other takes over its requests.

Then every expected article, ticker item and failure must be in exactly one worker's file, the
last runs must exit 0, and the crawl's keys must be gone. `redis_lost_trial` restarts Redis
without its data in the middle of a crawl: every worker must exit 1 and say why.

    python -m testkit.chaos --trials 30 --seed 1      # the README's figures

tests/test_chaos.py runs a few trials of each plan.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from newscrawl import frontier
from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from testkit.faultserver import read_lines
from testkit.processes import RedisServer, lines_in, wait_until

PLANS = ("both", "one", "gone")
LATENCY = 0.05  # seconds per answer: requests stay in flight long enough to be killed there
SETTINGS = ("-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            "-s", "NEWSCRAWL_LEASE_SECONDS=20")  # fmt: skip
TIMEOUT = 300


@dataclass
class Trial:
    plan: str
    kills: int = 0
    expected: int = 0
    exported: int = 0
    duplicates: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    failure_problems: list[str] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    keys_left: list[str] = field(default_factory=list)
    seconds: float = 0.0
    moments: list[str] = field(default_factory=list)
    # Per worker whose last run did not exit as expected: its number, exit code, the end of
    # its summary (the report's FAILED lines) and the last lines of its log (`unexpected_exits`).
    notes: list[str] = field(default_factory=list)

    def unexpected_exits(self) -> str:
        """Each worker's exit code, and what the workers that exited otherwise than expected
        printed last: for a failure message (pytest cuts an assertion's message short)."""
        return "\n\n".join([f"exit codes {self.exit_codes} ({self.plan} plan)", *self.notes])

    @property
    def held(self) -> bool:
        return not (self.duplicates or self.lost or self.unexpected or self.failure_problems
                    or any(self.exit_codes) or self.keys_left)  # fmt: skip


class Worker:
    """One worker's command line and its current process."""

    def __init__(
        self, number: int, folder: Path, arguments: list[str], name: str = "articles.jsonl"
    ) -> None:
        self.out = folder / f"worker{number}" / name
        self.slot = frontier.Worker.here([self.out]).slot  # as the worker names itself
        self.command = [sys.executable, "-m", "newscrawl.cli", "crawl", *arguments,
                        "-o", str(self.out)]  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None
        self.stdout = folder / f"worker{number}.out"
        self.stderr = folder / f"worker{number}.err"

    def start(self) -> None:
        with self.stdout.open("ab") as stdout, self.stderr.open("ab") as stderr:
            self.process = subprocess.Popen(self.command, stdout=stdout, stderr=stderr)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)  # reaped: its pid is gone

    def in_crawl(self, client: Any, crawl_id: str) -> bool:
        """Whether crawl `crawl_id` counts this worker among its workers (Redis `client`): it
        joined, and has neither finished its part nor seen the crawl end."""
        return bool(client.hexists(f"newscrawl:{crawl_id}:workers", self.slot))

    def kill_if(self, condition: Callable[[], bool]) -> bool:
        """Kill the process if `condition` holds while it is stopped (SIGSTOP: it can change
        nothing in between), else let it go on (SIGCONT). Whether it was killed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        wait_until(lambda: not self.alive() or self.stopped(), timeout=60, what="SIGSTOP")
        if self.alive() and condition():
            self.kill()
            return True
        self.process.send_signal(signal.SIGCONT)
        return False

    def stopped(self) -> bool:
        assert self.process is not None
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return True  # no /proc here, or the process is gone
        return stat.rsplit(")", 1)[-1].split()[0] in ("T", "t")

    def files(self) -> list[Path]:
        return [self.out, side_file(self.out, "failures.jsonl")]


def expected_outcomes(site: Path) -> tuple[set[str], set[str]]:
    """The ids of the site's articles and ticker items, and the URLs of its failures."""
    records = {r["id"] for r in read_lines(site / "expected" / "records.jsonl")}
    failures = {f["url"] for f in read_lines(site / "expected" / "failures.jsonl")}
    return records, failures


def _progress(workers: list[Worker], server: ReplayServer) -> dict[str, Callable[[], int]]:
    return {
        "records": lambda: sum(lines_in(path) for w in workers for path in w.files()),
        "answers": lambda: server.answered,
    }


def run_trial(site: Path, redis: RedisServer, folder: Path, plan: str, rng: random.Random,
              kill_events: int = 2, first: tuple[str, int] | None = None,
              options: tuple[str, ...] = ()) -> Trial:  # fmt: skip
    """One crawl of `site` by two workers, killed `kill_events` times as `plan` says; `first`:
    the first kill's moment, `(measure, count)`, instead of a random one; `options`: more
    options of the workers' command (`--incremental`)."""
    started = time.monotonic()
    trial = Trial(plan=plan)
    crawl_id = f"chaos-{uuid.uuid4().hex[:12]}"
    with ReplayServer(site, latency=LATENCY) as server:
        arguments = ["almayadeen", "--mirror", server.url, "--redis", redis.url,
                     "--crawl-id", crawl_id, *SETTINGS, *options]  # fmt: skip
        workers = [Worker(n, folder, arguments) for n in range(2)]
        for worker in workers:
            worker.start()
        measures = _progress(workers, server)
        client = redis.client()
        for event in range(kill_events if plan != "gone" else 1):
            measure = rng.choice(sorted(measures))
            # The first kill may come before any record (the start requests in flight).
            span = {"records": 15, "answers": 30}[measure]
            target = measures[measure]() + rng.randint(0 if event == 0 else 1, span)
            if event == 0 and first is not None:
                measure, target = first
            wait_until(lambda: measures[measure]() >= target  # noqa: B023
                       or not any(w.alive() for w in workers),
                       timeout=TIMEOUT, what=f"{target} {measure}")  # fmt: skip
            alive = [w for w in workers if w.alive()]
            if not alive:
                break
            victims = alive if plan == "both" else [rng.choice(alive)]
            # A kill hits a worker of the crawl, never one that has not joined it yet (or has
            # finished its part, or seen the crawl end): such a worker, started again once the
            # crawl has ended, is the next crawl's first worker and rightly crawls the site
            # again (README, Scaling out). On a loaded machine the first worker reached 9
            # answers while the second was still starting: killed twice before it joined, it
            # exported all 50 records a second time once the first had finished the crawl.
            for victim in victims:
                wait_until(lambda v=victim: v.in_crawl(client, crawl_id) or not v.alive(),
                           timeout=TIMEOUT, what="the victim joined the crawl")  # fmt: skip
            killed = [v for v in victims if v.kill_if(partial(v.in_crawl, client, crawl_id))]
            trial.kills += len(killed)
            spared = f" ({len(victims) - len(killed)} spared)" if len(killed) < len(victims) else ""
            trial.moments.append(f"{measures[measure]()} {measure}{spared}")
            if plan != "gone":
                for victim in killed:
                    victim.start()
        for worker in workers:
            if worker.process is not None:
                worker.process.wait(timeout=TIMEOUT)
        killed_last = plan == "gone"
        trial.exit_codes = [w.process.returncode for w in workers  # type: ignore[union-attr]
                            if not (killed_last and w.process.returncode == -9)]  # fmt: skip
        expected = {0, -9} if killed_last else {0}
        trial.notes = [exit_note(n, w) for n, w in enumerate(workers)
                       if w.process and w.process.returncode not in expected]  # fmt: skip
    judge(trial, site, workers)
    trial.keys_left = sorted(
        key.decode() for key in redis.client().keys(f"newscrawl:{crawl_id}:*")
        if key.decode() not in (f"newscrawl:{crawl_id}:crawl", f"newscrawl:{crawl_id}:absent")
    )  # fmt: skip
    trial.seconds = round(time.monotonic() - started, 1)
    return trial


def exit_note(number: int, worker: Worker, lines: int = 30) -> str:
    """Worker `number`'s exit code, the end of its summary and the last `lines` lines of its
    stderr (its log: the reason a run failed is there)."""
    assert worker.process is not None

    def last(path: Path, count: int) -> str:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-count:])

    return (
        f"worker{number} exited {worker.process.returncode}\n"
        f"-- the end of its stdout:\n{last(worker.stdout, 10)}\n"
        f"-- the last {lines} lines of its stderr:\n{last(worker.stderr, lines)}"
    )


def judge(trial: Trial, site: Path, workers: list[Worker]) -> None:
    """Every expected record and failure in exactly one worker's file, nothing else."""
    expected, expected_failures = expected_outcomes(site)
    ids = Counter(r["id"] for w in workers for r in read_lines(w.out))
    failures = Counter(f["url"] for w in workers for f in read_lines(w.files()[1]))
    trial.expected = len(expected)
    trial.exported = len(set(ids) & expected)
    trial.duplicates = sorted(i for i, n in ids.items() if n > 1)
    trial.lost = sorted(expected - set(ids))
    trial.unexpected = sorted(set(ids) - expected)
    trial.failure_problems = sorted(
        [f"{url} x{n}" for url, n in failures.items() if n != 1 or url not in expected_failures]
        + [f"{url} missing" for url in expected_failures - set(failures)]
    )


def redis_lost_trial(site: Path, folder: Path, rng: random.Random) -> dict[str, Any]:
    """Redis restarted without its data in the middle of a crawl: every worker exits 1, and
    says why in its report and on stderr.

    Redis restarts once both workers have joined the crawl (and the site sent a random number
    of answers): a worker that joins after the restart finds no crawl in Redis and rightly
    starts a new one (exit 0); on a loaded machine the first worker could reach 10 answers
    before the second had even started."""
    with RedisServer(folder) as redis, ReplayServer(site, latency=LATENCY) as server:
        arguments = ["almayadeen", "--mirror", server.url, "--redis", redis.url,
                     "--crawl-id", "lost", *SETTINGS]  # fmt: skip
        workers = [Worker(n, folder, arguments) for n in range(2)]
        for worker in workers:
            worker.start()
        target = rng.randint(5, 40)
        client = redis.client()
        wait_until(lambda: (all(w.in_crawl(client, "lost") for w in workers)
                            and server.answered >= target)
                   or not all(w.alive() for w in workers),
                   timeout=TIMEOUT, what=f"both workers joined, {target} answers")  # fmt: skip
        joined = sum(w.in_crawl(client, "lost") for w in workers)
        answered = server.answered
        redis.restart_empty()
        codes = [w.process.wait(timeout=TIMEOUT) for w in workers]  # type: ignore[union-attr]
    reports = [json.loads(side_file(w.out, "report.json").read_text()) for w in workers]
    return {
        "joined": joined,  # workers in the crawl when Redis restarted
        "after_answers": answered,
        "exit_codes": codes,
        "reasons": [r["verdict"]["reasons"] for r in reports],
        "stderr": [w.stderr.read_text(encoding="utf-8", errors="replace") for w in workers],
    }


def run_trials(site: Path, trials: int, seed: int, plans: tuple[str, ...] = PLANS) -> list[Trial]:
    rng = random.Random(seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp)) as redis:
        for n in range(trials):
            folder = Path(tmp) / f"trial{n}"
            folder.mkdir()
            results.append(run_trial(site, redis, folder, plans[n % len(plans)], rng))
    return results


def table(results: list[Trial]) -> str:
    lines = ["| plan | trials | kills | records expected | exported | duplicates | lost "
             "| failures wrong | runs that failed | held |", "|---|" + "---:|" * 9]  # fmt: skip
    for plan in sorted({t.plan for t in results}, key=PLANS.index):
        group = [t for t in results if t.plan == plan]
        lines.append(
            f"| {plan} | {len(group)} | {sum(t.kills for t in group)} "
            f"| {sum(t.expected for t in group)} | {sum(t.exported for t in group)} "
            f"| {sum(len(t.duplicates) for t in group)} | {sum(len(t.lost) for t in group)} "
            f"| {sum(len(t.failure_problems) for t in group)} "
            f"| {sum(1 for t in group for c in t.exit_codes if c)} "
            f"| {sum(t.held for t in group)} of {len(group)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testkit.chaos",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--site", type=Path, default=Path("fixtures/site"))
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every trial here")
    args = parser.parse_args(argv)
    results = run_trials(args.site, args.trials, args.seed)
    if args.json:
        args.json.write_text(json.dumps([t.__dict__ for t in results], indent=2) + "\n")
    print(table(results))
    for trial in results:
        if not trial.held:
            print(f"did not hold: {trial}", file=sys.stderr)
    return 0 if all(t.held for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
