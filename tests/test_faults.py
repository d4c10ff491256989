"""The crawler against a server on 127.0.0.1 that misbehaves on purpose (testkit.faultserver):
every URL accounted for, retries bounded and polite, nothing lost, an early stop when the site
blocks, and export files that hold only whole records whenever the crawl is killed."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.schema import validate_record
from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from testkit.faultserver import (
    BASE,
    CALENDAR_QUERY,
    CYCLE,
    DEGRADING,
    EXTRA,
    FIGURES,
    LONG_URL,
    RECOVERING,
    REDIRECTING,
    TERMINAL,
    FaultPlan,
    FaultServer,
    reliability_run,
    run_crawl,
)
from testkit.sitegen import ARTICLE_SHAPE, LISTING_SHAPE
from tests.helpers import (
    FIXTURES,
    VOLATILE,
    crawl_command,
    lines_in,
    read_lines,
    wait_until,
    without,
)

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
IGNORED = VOLATILE | {"found_on"}  # the page a record was found on depends on crawl order
EXPECTED = {
    r["url"]: r for r in read_lines(SITE / "expected" / "records.jsonl") if r["type"] != "breaking"
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = reliability_run(SITE, tmp_path_factory.mktemp("faults"))
    figures = {key: result[key] for key in FIGURES}
    # The reliability report: in the test's folder, and where NEWSCRAWL_RELIABILITY_REPORT says.
    text = json.dumps(figures, indent=2) + "\n"
    (tmp_path_factory.getbasetemp() / "reliability-report.json").write_text(text)
    if os.environ.get("NEWSCRAWL_RELIABILITY_REPORT"):
        Path(os.environ["NEWSCRAWL_RELIABILITY_REPORT"]).write_text(text)
    return result


def faulted(run: dict[str, Any], kinds: tuple[str, ...] | dict[str, str]) -> dict[str, str]:
    return {url: kind for url, kind in run["plan"].faults.items() if kind in kinds}


def failures_by_url(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["url"]: f for f in run["failures"]}


def test_nothing_is_lost(run: dict[str, Any]) -> None:
    assert run["records_lost"] == 0
    assert run["records_exported"] == run["records_expected"] == 25


def test_pages_that_recover_give_their_exact_article(run: dict[str, Any]) -> None:
    exported = {r["url"]: r for r in run["records"] if r["type"] != "breaking"}
    for url, kind in faulted(run, RECOVERING).items():
        assert without(exported[url], IGNORED) == EXPECTED[url], kind
    # JSON nested 100,000 deep in its scripts is set aside: the page is read from the rest.
    for url, kind in faulted(run, DEGRADING).items():
        expected = EXPECTED[url]
        assert {k: exported[url][k] for k in ("id", "headline", "authors", "body", "tags")} == {
            k: expected[k] for k in ("id", "headline", "authors", "body", "tags")
        }, kind
    # The page sent in Windows-1252 but declared UTF-8 also gives the ticker right: no new,
    # garbled breaking items.
    breaking = {r["text"] for r in run["records"] if r["type"] == "breaking"}
    assert len(breaking) == 12 and not any("\ufffd" in text for text in breaking)


def test_every_fault_ends_as_the_right_failure(run: dict[str, Any]) -> None:
    failures = failures_by_url(run)
    for url, kind in faulted(run, TERMINAL).items():
        assert failures[url]["error"]["kind"] == TERMINAL[kind], (kind, failures[url])
    loop = [f for url, f in failures.items() if url.startswith(f"{BASE}/news/politics/loop-start")]
    assert [f["error"]["kind"] for f in loop] == ["http_error"]
    assert loop[0]["error"]["message"].startswith("redirect loop")
    for url, (_, kind) in EXTRA.items():
        if kind != "http_error":
            assert failures[url]["error"]["kind"] == kind, url
    # A redirect cycle A -> B -> C -> A is a failure of A that names the whole loop (the
    # duplicate filter used to drop the second A without a word).
    cycle = failures[CYCLE[0]]["error"]
    assert cycle == {"kind": "http_error", "message": "redirect loop: " + " -> ".join(
        [*CYCLE, CYCLE[0]])}  # fmt: skip
    assert not any(url in failures for url in CYCLE[1:])
    # A link longer than the URL length limit is a `skipped` failure (it was an INFO line).
    assert "URLLENGTH_LIMIT" in failures[LONG_URL]["error"]["message"]
    blog = [u for u in EXPECTED if urlsplit(u).path.startswith("/articles/blog/")]
    assert all(failures[u]["error"]["kind"] == "disallowed" for u in blog)


def test_traps_are_not_followed(run: dict[str, Any]) -> None:
    asked = {hit.url for hit in run["hits"]}
    # robots.txt: the blog section is never requested.
    assert not any("/articles/blog/" in url for url in asked)
    # Calendar: a listing with a query is not walked; a non-article page is not walked on.
    assert CALENDAR_QUERY not in asked
    assert f"{BASE}/news/politics/archive-2025-10-02" not in asked
    # Endless pagination stops at max_listing_pages (5); page 6 is a `skipped` failure.
    pages = sorted(
        int(url.rsplit("=", 1)[1]) for url in asked if url.startswith(f"{BASE}/news/politics?page=")
    )
    assert pages == [2, 3, 4, 5]
    skipped = failures_by_url(run)[f"{BASE}/news/politics?page=6"]
    assert skipped["error"]["kind"] == "skipped"
    # Off-site redirects are never followed.
    assert not any(urlsplit(url).hostname == "evil.example.com" for url in asked)


def test_retries_are_bounded_and_polite(run: dict[str, Any]) -> None:
    attempts: dict[str, list[float]] = {}
    for hit in run["hits"]:
        attempts.setdefault(hit.url, []).append(hit.at)
    faults = run["plan"].faults
    by_kind = {kind: attempts.get(url, []) for url, kind in faults.items()}
    # RETRY_TIMES = 2: three tries at most; a reset connection may be retried once more by the
    # HTTP client itself for each of them.
    assert max(len(times) for url, times in attempts.items() if faults.get(url) != "reset") <= 3
    assert len(by_kind["reset"]) <= 6
    assert len(by_kind["always_502"]) == 3
    # A challenge is never asked again; Retry-After: 1 is waited for.
    assert len(by_kind["challenge_403"]) == len(by_kind["challenge_503"]) == 1
    first, second = by_kind["retry_after_429"]
    assert second - first >= 0.95


def test_every_requested_url_is_accounted_for(run: dict[str, Any]) -> None:
    """Each URL the server was asked for is a record, a failure, a discovery page (home,
    sections, regions, media, author and topic listings and their pages, robots.txt), or a
    redirect, whose chain ends in one of those."""
    records = {r["url"] for r in run["records"] if r["type"] != "breaking"}
    failures = set(failures_by_url(run))
    redirects = {hit.url for hit in run["hits"] if hit.fault in REDIRECTING}
    redirects |= {
        json.loads(info.read_text())["url"]
        for info in SITE.rglob("info.json")
        if 300 <= json.loads(info.read_text())["status"] < 400
    }
    for hit in run["hits"]:
        path = urlsplit(hit.url).path
        # Every article-shaped URL asked for (media ones included) ends as a record or a
        # failure; home, listings, sitemaps, feeds and traps are discovery pages.
        accounted = hit.url in records or hit.url in failures or hit.url in redirects
        article = ARTICLE_SHAPE.match(path) and not LISTING_SHAPE.match(path)
        assert accounted or not article, hit.url
    # And the other way round: every failure and record is a URL that was asked for, or one
    # the crawl decided not to ask for (robots.txt, limits, off-site).
    asked = {hit.url for hit in run["hits"]}
    not_asked = {u for u, f in failures_by_url(run).items() if u not in asked}
    kinds = {failures_by_url(run)[u]["error"]["kind"] for u in not_asked}
    assert kinds <= {"disallowed", "skipped", "off_site", "http_error"}, not_asked


def test_the_report_adds_up(run: dict[str, Any]) -> None:
    report = run["report"]
    assert sum(report["records_by_type"].values()) == len(run["records"])
    assert sum(report["errors_by_kind"].values()) == len(run["failures"])
    assert report["articles"] == run["records_exported"]
    assert report["errors_by_kind"] == run["failures_by_reason"]
    # So many faults are more errors than a healthy crawl has: the crawl says it failed.
    assert run["exit_code"] == 1
    assert [r.split(":")[0] for r in report["verdict"]["reasons"]] == ["too many errors"]


def test_a_crawl_the_site_blocks_stops_early(tmp_path: Path) -> None:
    plan = FaultPlan(block_after=12, endless_pagination=None)
    out = tmp_path / "articles.jsonl"
    with FaultServer(SITE, plan) as server:
        done = run_crawl(server.url, out)
        asked = len(server.hits)
    assert done.returncode == 1
    report = json.loads(side_file(out, "report.json").read_text())
    assert any(r.startswith("stopped early") for r in report["verdict"]["reasons"])
    # It stopped asking: the blocked window (20 answers) and what was in flight, not the site.
    assert asked <= 12 + 20 + 16
    failures = read_lines(side_file(out, "failures.jsonl"))
    stopped = [f for f in failures if f["error"]["kind"] == "stopped"]
    assert stopped, "the URLs left when it stopped are failures, not silence"
    assert all(f["error"]["message"].startswith("not fetched: the crawl stopped") for f in stopped)
    assert sum(report["errors_by_kind"].values()) == len(failures)


def _kill_at_random_points(tmp_path: Path, incremental: bool, seed: int) -> list[Path]:
    rng = random.Random(seed)
    outputs = []
    with ReplayServer(SITE) as server:
        for attempt in range(3):
            out = tmp_path / f"run{attempt}" / "articles.jsonl"
            out.parent.mkdir()
            command = crawl_command(out, "almayadeen", "--mirror", server.url,
                                    "-s", "DOWNLOAD_DELAY=0.02",
                                    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")  # fmt: skip
            if incremental:
                command += ["--incremental", "--state", str(tmp_path / "state.sqlite")]
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            process = subprocess.Popen(command, **quiet)
            # Killed after a random number of records is on disk (a random moment of the
            # crawl, whatever the machine's speed), or at its end.
            after = rng.randint(1, 30)
            wait_until(lambda: lines_in(out) >= after or process.poll() is not None,  # noqa: B023
                       what=f"{after} records written")  # fmt: skip
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            outputs += [out, side_file(out, "failures.jsonl")]
    return outputs


@pytest.mark.parametrize("incremental", [False, True], ids=["feeds", "incremental"])
def test_a_killed_crawl_leaves_only_whole_valid_lines(tmp_path: Path, incremental: bool) -> None:
    outputs = _kill_at_random_points(tmp_path, incremental, seed=20261126)
    lines = 0
    for path in outputs:
        if not path.exists():
            continue
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), f"{path} ends in a cut line"
        for line in data.splitlines():
            record = json.loads(line)
            assert validate_record(record) == [], (path, record)
            lines += 1
    assert lines > 0
