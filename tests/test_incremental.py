"""Incremental crawls of the fixture site through Scrapy's real engine: a second run exports
nothing, a changed article comes back as its next revision, and a crawl killed (a real signal to
a real process) or stopped with Ctrl-C resumes to exactly one uninterrupted crawl's records."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from newscrawl.state import CrawlState
from tests.helpers import (
    FIXTURES,
    VOLATILE,
    cli_crawl,
    crawl_command,
    read_lines,
    stable,
    wait_until,
)

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
# Also where a record was found (crawl order) and its revision history (what the state held).
IGNORED = VOLATILE | {"found_on", "revision", "first_seen_at"}
CHANGED = "news/politics/-every-drop-counts---al-khalil-unveils-plan-to-cut-water-los"
EXPECTED = sorted(stable(r, IGNORED) for r in read_lines(SITE / "expected" / "records.jsonl"))


def incremental(state: Path, *options: str) -> tuple[str, ...]:
    """The arguments of an incremental crawl of the fixture site that keeps `state`."""
    return ("almayadeen", "--incremental", "--state", str(state), *options)


def crawl(out: Path, state: Path, *options: str) -> dict[str, Any]:
    return cli_crawl(out, *incremental(state, *options))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the fixture site, free to change."""
    return Path(shutil.copytree(SITE, tmp_path / "site"))


def test_state_recovers_records_written_after_the_last_commit(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite")
    out = tmp_path / "out.jsonl"
    first = {"type": "breaking", "id": "almayadeen-en-b1", "crawled_at": "2026-01-01T00:00:00Z"}
    line = json.dumps(first).encode() + b"\n"
    out.write_bytes(line)
    state.exported(first, out, len(line))
    # Written but not committed (the process died): one whole line and half of another.
    second = dict(first, id="almayadeen-en-b2")
    out.write_bytes(line + json.dumps(second).encode() + b"\n" + b'{"type": "brea')
    assert state.recover() == 1
    assert state.breaking_seen("almayadeen-en-b2")
    assert out.read_bytes() == line + json.dumps(second).encode() + b"\n"
    assert state.recover() == 0
    state.close()


def test_recovery_leaves_a_file_another_crawl_wrote_over(tmp_path: Path) -> None:
    """An incremental crawl, then a full crawl to the same -o, then an incremental one: the
    committed length no longer points into this file's lines, and nothing is taken or cut."""
    state = CrawlState(tmp_path / "state.sqlite")
    out = tmp_path / "out.jsonl"
    first = {"type": "breaking", "id": "almayadeen-en-b1", "crawled_at": "2026-01-01T00:00:00Z"}
    line = json.dumps(first).encode() + b"\n"
    out.write_bytes(line)
    state.exported(first, out, len(line))
    other = json.dumps(dict(first, id="almayadeen-en-b9", text="a longer line")).encode()
    out.write_bytes(other + b"\n" + other[:20])  # the full crawl's records, and a cut line
    assert state.recover() == 0
    assert out.read_bytes() == other + b"\n" + other[:20]
    assert not state.breaking_seen("almayadeen-en-b9")
    state.close()


def article_record(url: str, content_hash: str, revision: int = 1) -> dict[str, Any]:
    return {"type": "news", "url": url, "canonical_url": url, "id": "almayadeen-en-7",
            "crawled_at": "2026-01-01T00:00:00Z", "content_hash": content_hash,
            "revision": revision}  # fmt: skip


def test_validators_are_kept_only_with_the_record_they_belong_to(tmp_path: Path) -> None:
    """A changed page's new ETag is stored with its record, never before: a crawl that dies in
    between must ask without it next time (and get the change), not with it (and get a 304)."""
    url = "https://english.almayadeen.net/news/politics/a-story"
    state = CrawlState(tmp_path / "state.sqlite")
    state.fetched(url, "2026-01-01T00:00:00Z", '"v1"', None)
    assert state.article(url) is None  # fetched, not exported: nothing stored yet
    state.exported(article_record(url, "h1"), tmp_path / "out.jsonl", 0)
    assert state.article(url).etag == '"v1"'
    # The page changed; the crawl fetches it and dies before its record is written.
    state.fetched(url, "2026-01-02T00:00:00Z", '"v2"', None)
    state.close()
    state = CrawlState(tmp_path / "state.sqlite")
    assert (state.article(url).etag, state.article(url).revision) == ('"v1"', 1)
    # Next crawl: fetched again, this time exported as revision 2 with its validator.
    state.fetched(url, "2026-01-03T00:00:00Z", '"v2"', None)
    state.exported(article_record(url, "h2", 2), tmp_path / "out.jsonl", 0)
    assert (state.article(url).etag, state.article(url).revision) == ('"v2"', 2)
    # A new ETag for unchanged content is confirmed without a record.
    state.fetched(url, "2026-01-04T00:00:00Z", '"v3"', None)
    state.confirm(url, url)
    assert state.article(url).etag == '"v3"'
    state.close()


def test_a_moved_article_is_found_by_its_post_id(tmp_path: Path) -> None:
    """The same post at an edited slug is the known article, not a new one, even after the
    spider has noted the new URL as fetched."""
    from newscrawl.pipelines.incremental import IncrementalPipeline, Unchanged

    from newscrawl.items import ArticleItem

    old = "https://english.almayadeen.net/news/politics/a-story"
    new = "https://english.almayadeen.net/news/politics/a-story-updated-slug"
    state = CrawlState(tmp_path / "state.sqlite")
    state.exported(article_record(old, "h1"), tmp_path / "out.jsonl", 0)
    state.fetched(new, "2026-01-02T00:00:00Z", '"v9"', None)
    seed = read_lines(SITE / "expected" / "records.jsonl")[0]
    fields = {k: v for k, v in seed.items() if k in ArticleItem.__dataclass_fields__}
    item = ArticleItem(**dict(fields, url=new, canonical_url=new, id="almayadeen-en-7",
                              content_hash="h1"))  # fmt: skip
    with pytest.raises(Unchanged):
        IncrementalPipeline(state).process_item(item)
    state.close()


def test_second_run_exports_nothing_and_fetches_far_fewer_pages(
    site: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    first = crawl(tmp_path / "run1" / "out.jsonl", state, "--replay", str(site))
    assert sorted(stable(r, IGNORED) for r in first["records"]) == EXPECTED
    articles = [r for r in first["records"] if r["type"] != "breaking"]
    assert {r["revision"] for r in articles} == {1}
    assert all(r["first_seen_at"] == r["crawled_at"] for r in articles)

    second = crawl(tmp_path / "run2" / "out.jsonl", state, "--replay", str(site))
    assert second["records"] == []
    # Only discovery pages are fetched again: the 38 known articles are settled (published
    # more than three days ago) and not requested.
    assert second["report"]["counters"]["skipped/settled"] >= 38
    assert second["report"]["pages_fetched"] < first["report"]["pages_fetched"] / 2
    # The dead link and the blocked page are still failures, every run.
    assert {f["url"] for f in second["failures"]} == {f["url"] for f in first["failures"]}


def test_a_changed_article_comes_back_as_revision_2(site: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    first = crawl(tmp_path / "run1" / "out.jsonl", state, "--replay", str(site))
    page = site / "english.almayadeen.net" / CHANGED / "body.html"
    html = page.read_text(encoding="utf-8")
    update = '<div class="p-content">\n      <p>Update: the plan was approved.</p>\n'
    html = html.replace('<div class="p-content">\n', update)
    page.write_text(html, encoding="utf-8")

    # A revisit window that covers every article: each is asked for conditionally.
    third = crawl(tmp_path / "run3" / "out.jsonl", state, "--replay", str(site),
                  "--revisit-days", "100000")  # fmt: skip
    (changed,) = third["records"]
    url = f"https://english.almayadeen.net/{CHANGED}"
    before = next(r for r in first["records"] if r["type"] != "breaking" and r["url"] == url)
    assert changed["url"] == url and changed["revision"] == 2
    assert changed["first_seen_at"] == before["first_seen_at"]
    assert changed["body"][0] == {"kind": "paragraph", "text": "Update: the plan was approved."}
    assert changed["content_hash"] != before["content_hash"]
    # The 37 unchanged articles answered 304 Not Modified to If-None-Match.
    assert third["report"]["http_statuses"]["304"] == 37


def _interrupted(tmp_path: Path, stop: signal.Signals) -> None:
    """Start a slow crawl over loopback, stop it with `stop` once some records are written,
    resume it, and compare the union of both outputs with one uninterrupted crawl."""
    state = tmp_path / "state.sqlite"
    first_out, second_out = tmp_path / "run1" / "out.jsonl", tmp_path / "run2" / "out.jsonl"
    first_out.parent.mkdir()
    with ReplayServer(SITE) as server:
        slow = ["--mirror", server.url, "-s", "DOWNLOAD_DELAY=0.05",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen(crawl_command(first_out, *incremental(state, *slow)), **quiet)
        wait_until(lambda: len(read_lines_safely(first_out)) >= 15, what="15 records written")
        process.send_signal(stop)
        process.wait(timeout=60)
        before = read_lines(first_out)
        assert 15 <= len(before) < len(EXPECTED), "stopped halfway"
        crawl(second_out, state, "--mirror", server.url)
    union = read_lines(first_out) + read_lines(second_out)
    ids = [r["id"] for r in union]
    assert len(ids) == len(set(ids)), "a record was exported twice"
    assert sorted(stable(r, IGNORED) for r in union) == EXPECTED
    failures = read_lines(side_file(second_out, "failures.jsonl"))
    assert sorted(f["error"]["kind"] for f in failures) == ["blocked", "not_found"], failures


def read_lines_safely(path: Path) -> list[bytes]:
    """Complete lines written so far (the file may not exist yet)."""
    try:
        return path.read_bytes().splitlines()
    except FileNotFoundError:
        return []


def test_a_killed_crawl_resumes_with_nothing_lost_or_repeated(tmp_path: Path) -> None:
    _interrupted(tmp_path, signal.SIGKILL)


# `newscrawl crawl`, killed (SIGKILL, by itself) at the first commit of a record to the state:
# after the record's line is written to the export, before the state knows it.
KILLED_AT_FIRST_COMMIT = """
import os, signal, sys
from newscrawl.state import CrawlState
CrawlState.exported = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
from newscrawl.cli import main
sys.exit(main())
"""


def test_a_crawl_killed_before_its_first_commit_exports_that_record_once(tmp_path: Path) -> None:
    """Recovery reads an export from where the state's last commit ended; before the first
    commit the state had no place for the export at all, so the first record, written and
    not committed, was left to no one and the next run exported it again. Now the state
    knows where a run's records begin as soon as it opens the export."""
    state, out = tmp_path / "state.sqlite", tmp_path / "out.jsonl"
    out.write_bytes(b'{"earlier": "lines of the user\'s own, kept"}\n')
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT_FIRST_COMMIT, "crawl",
         *incremental(state, "--replay", str(SITE)), "-o", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert len(read_lines(out)) == 2, "the user's line and the first record, not committed"
    crawl(out, state, "--replay", str(SITE))
    earlier, *records = read_lines(out)
    assert earlier == {"earlier": "lines of the user's own, kept"}
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "a record was exported twice"
    assert sorted(stable(r, IGNORED) for r in records) == EXPECTED


def test_a_crawl_stopped_with_ctrl_c_resumes_with_nothing_lost_or_repeated(
    tmp_path: Path,
) -> None:
    _interrupted(tmp_path, signal.SIGINT)


def test_a_known_article_that_is_gone_is_a_not_found_failure(site: Path, tmp_path: Path) -> None:
    """A conditional re-fetch still hands error answers to the spider: the article that now
    answers 404 ends as `not_found`, like any page."""
    state = tmp_path / "state.sqlite"
    crawl(tmp_path / "run1" / "out.jsonl", state, "--replay", str(site))
    shutil.rmtree(site / "english.almayadeen.net" / CHANGED)
    again = crawl(tmp_path / "run2" / "out.jsonl", state, "--replay", str(site),
                  "--revisit-days", "100000")  # fmt: skip
    gone = f"https://english.almayadeen.net/{CHANGED}"
    assert [f["error"]["kind"] for f in again["failures"] if f["url"] == gone] == ["not_found"]
