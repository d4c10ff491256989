"""One writer at a time for crawls `newscrawl crawl` did not start: `scrapy crawl -O x.jsonl`
and scrapyd's jobs (Scrapy run with newscrawl's settings) take the locks `newscrawl crawl`
takes, before anything is opened (newscrawl/run_locks.py). Real crawls of the fixture site,
served on 127.0.0.1, two at a time: the second is refused and the first writes alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from testkit.processes import wait_until
from tests.helpers import FIXTURES, ROOT, read_lines

pytestmark = pytest.mark.slow  # real crawls

SITE = FIXTURES / "site"
# About 8 s a crawl (83 answers, one at a time): the second starts well before the first ends.
SLOW = ["-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip


def scrapy_crawl(server: ReplayServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "almayadeen", *SLOW,
            "-s", f"NEWSCRAWL_MIRROR={server.url}", *args]  # fmt: skip


def newscrawl_crawl(server: ReplayServer, out: Path) -> list[str]:
    return [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "--mirror", server.url,
            *SLOW[:4], "-o", str(out)]  # fmt: skip


def run_second_while_first_runs(
    first: list[str], second: list[str], lock: Path
) -> tuple[int, subprocess.CompletedProcess[str]]:
    """Start `first`; once it holds `lock`, run `second` to its end; then wait for `first`
    (which must succeed). The first's pid, and the second's outcome."""
    running = subprocess.Popen(first, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT)  # fmt: skip
    try:
        wait_until(lambda: lock.exists() and f"pid {running.pid} " in lock.read_text(),
                   what="the first crawl holds its lock")  # fmt: skip
        second_run = subprocess.run(second, capture_output=True, text=True, timeout=300, cwd=ROOT)
    finally:
        _, errors = running.communicate(timeout=300)
    assert running.returncode == 0, errors[-3000:]
    return running.pid, second_run


@pytest.mark.parametrize("first_kind", ["scrapy", "newscrawl"])
def test_a_scrapy_crawl_onto_an_output_another_crawl_writes_is_not_started(
    tmp_path: Path, first_kind: str
) -> None:
    """Two `scrapy crawl -O x.jsonl` (or a `newscrawl crawl -o x.jsonl` and a `scrapy crawl`):
    the second truncated the file and both wrote into it. Now the second does not start: the
    file is the first crawl's alone."""
    out = tmp_path / "articles.jsonl"
    with ReplayServer(SITE) as server:
        first = (scrapy_crawl(server, "-O", str(out)) if first_kind == "scrapy"
                 else newscrawl_crawl(server, out))  # fmt: skip
        holder, refused = run_second_while_first_runs(
            first, scrapy_crawl(server, "-O", str(out)), side_file(out, "lock")
        )
    assert refused.returncode == 1
    said = (f"not starting the crawl: the crawl output {out} is in use by another run"
            f" (pid {holder} ")  # fmt: skip
    assert said in refused.stderr
    records = read_lines(out)
    # `scrapy crawl` writes the site's two error records into its one file too.
    assert len(records) == (52 if first_kind == "scrapy" else 50)
    assert len({r.get("id") or r["url"] for r in records}) == len(records)


def test_a_newscrawl_crawl_onto_an_output_a_scrapy_crawl_writes_is_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "articles.jsonl"
    with ReplayServer(SITE) as server:
        holder, refused = run_second_while_first_runs(
            scrapy_crawl(server, "-O", str(out)), newscrawl_crawl(server, out),
            side_file(out, "lock"),
        )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"newscrawl crawl: the crawl output {out} is in use by")
    assert f"(pid {holder} on " in refused.stderr
    assert ": scrapy crawl almayadeen; lock " in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert len(read_lines(out)) == 52


def test_two_scrapyd_jobs_of_one_incremental_crawl_export_each_article_once(
    tmp_path: Path,
) -> None:
    """The README's scrapyd job (NEWSCRAWL_INCREMENTAL, its state and export paths, failures
    in a new file every run), scheduled again while it still runs: both opened the state and
    exported the same articles. Now the second does not start; the first exports the site's
    38 articles and 12 breaking-news items once, and a later job exports nothing."""
    state, export = tmp_path / "state.sqlite", tmp_path / "articles.jsonl"
    settings = ["-s", "NEWSCRAWL_INCREMENTAL=1", "-s", f"NEWSCRAWL_STATE_PATH={state}",
                "-s", f"NEWSCRAWL_EXPORT_PATH={export}",
                "-s", f"NEWSCRAWL_REPORT_PATH={tmp_path / 'report.json'}",
                "-o", f"{tmp_path / 'failures-%(time)s.jsonl'}:jsonlines"]  # fmt: skip
    with ReplayServer(SITE) as server:
        job = scrapy_crawl(server, *settings)
        holder, refused = run_second_while_first_runs(job, job, side_file(state, "lock"))
        assert refused.returncode == 1
        assert "not starting the crawl: the crawl " in refused.stderr
        assert f"is in use by another run (pid {holder} " in refused.stderr
        records = read_lines(export)
        assert len(records) == 50 and len({r["id"] for r in records}) == 50
        later = subprocess.run(job, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert later.returncode == 0, later.stderr[-3000:]
    assert read_lines(export) == records  # nothing new, nothing twice
