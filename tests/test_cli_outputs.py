"""What `newscrawl crawl` writes and says, run as real processes on the fixture site: side files
named after -o, gzip output that a kill cannot corrupt, a failed write that fails the crawl,
locks against two writers, and summaries that say what happened."""

from __future__ import annotations

import gzip
import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.dataset import verify_dataset
from newscrawl.schema import validate_record
from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from tests.helpers import FIXTURES, ROOT, crawl_command, read_lines, stable, wait_until

pytestmark = pytest.mark.slow  # real crawls

SITE = FIXTURES / "site"
EXPECTED = sorted(
    stable(r, frozenset({"crawled_at", "content_hash", "found_on"}))
    for r in read_lines(SITE / "expected" / "records.jsonl")
)
DEAD_LINK = "https://english.almayadeen.net/news/politics/municipal-council-postpones-vote-on-coastal-road-project"


def newscrawl(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, **options)  # type: ignore[call-overload]  # fmt: skip


def replay_crawl(out: Path, *args: str, rc: int = 0) -> subprocess.CompletedProcess[str]:
    done = newscrawl("crawl", "almayadeen", "--replay", str(SITE), "-o", str(out), *args)
    assert done.returncode == rc, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def gunzipped_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]


def test_two_crawls_into_one_folder_keep_their_own_files(tmp_path: Path) -> None:
    first, second = tmp_path / "data" / "ar.jsonl", tmp_path / "data" / "es.jsonl"
    done = replay_crawl(first)
    assert done.stdout.splitlines()[:3] == [
        f"wrote {first}: 50 records (38 articles, 12 breaking-news items)",
        f"failures: {tmp_path / 'data' / 'ar.failures.jsonl'} (2 error records)",
        f"report: {tmp_path / 'data' / 'ar.report.json'}"
        f" (and {tmp_path / 'data' / 'ar.report.html'})",
    ]
    replay_crawl(second, "--mode", "feed")
    names = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert names == ["ar.failures.jsonl", "ar.history", "ar.jsonl", "ar.lock", "ar.report.html",
                     "ar.report.json", "es.failures.jsonl", "es.history", "es.jsonl", "es.lock",
                     "es.report.html", "es.report.json"]  # fmt: skip
    # The first run's failures and report are its own, not overwritten by the second's.
    assert len(read_lines(side_file(first, "failures.jsonl"))) == 2
    first_report = json.loads(side_file(first, "report.json").read_text())
    second_report = json.loads(side_file(second, "report.json").read_text())
    assert first_report["pages_fetched"] > second_report["pages_fetched"]


def test_gzip_output_is_read_by_validate_and_export(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl.gz"
    replay_crawl(out)
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    records = gunzipped_lines(out)
    assert sorted(stable(r, frozenset({"crawled_at", "content_hash", "found_on"}))
                  for r in records) == EXPECTED  # fmt: skip
    assert newscrawl("validate", str(out)).returncode == 0
    exported = newscrawl("export", str(tmp_path / "dataset"), str(out))
    assert exported.returncode == 0, exported.stderr
    assert "38 articles, 12 breaking items" in exported.stdout
    assert verify_dataset(tmp_path / "dataset") == []


def test_a_killed_gzip_crawl_leaves_a_file_every_reader_reads(tmp_path: Path) -> None:
    """Each record is a gzip member written in one write(2): killed at any moment, the file is
    a whole gzip file of whole records."""
    out = tmp_path / "a.jsonl.gz"

    def members() -> int:
        try:
            return len(gunzipped_lines(out))
        except (FileNotFoundError, EOFError, OSError):
            return 0

    with ReplayServer(SITE) as server:
        command = crawl_command(out, "almayadeen", "--mirror", server.url,
                                "-s", "DOWNLOAD_DELAY=0.05",
                                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: members() >= 10, what="10 records written")
        process.kill()
        process.wait(timeout=60)
    records = gunzipped_lines(out)  # the whole file decompresses: no cut-off member
    assert 10 <= len(records) < 50
    assert all(validate_record(r) == [] for r in records)
    assert newscrawl("validate", str(out)).returncode == 0


def test_a_failed_write_fails_the_crawl_and_leaves_whole_lines(tmp_path: Path) -> None:
    """A real failed write: the crawl runs with a file size limit (RLIMIT_FSIZE, as a full disk
    would stop it), so writing its export fails with EFBIG part-way through."""
    out = tmp_path / "a.jsonl"

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    done = newscrawl("crawl", "almayadeen", "--replay", str(SITE), "-o", str(out),
                     preexec_fn=limited)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == f"newscrawl crawl: cannot write {out}: File too large"
    data = out.read_bytes()
    assert 0 < len(data) <= 40_000 and data.endswith(b"\n"), "no cut-off last line"
    lines = [json.loads(line) for line in data.splitlines()]
    assert all(validate_record(r) == [] for r in lines)
    assert done.stdout.splitlines()[0] == f"{out} holds {len(lines)} records: the export failed"
    report = json.loads(side_file(out, "report.json").read_text())
    assert report["finish_reason"] == "export_failed"
    assert report["verdict"]["failed"]
    assert report["counters"]["export_failed"] == f"cannot write {out}: File too large"


def test_a_crawl_holding_the_output_refuses_a_second_and_waits_with_wait(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    lock = side_file(out, "lock")
    # `flock(1)` takes the same lock a crawl takes (a shell script or cron job can hold it).
    holder = subprocess.Popen(["flock", str(lock), "-c", "echo held; read line"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        refused = newscrawl("crawl", "--replay", str(SITE), "-o", str(out))
        assert refused.returncode == 2
        assert refused.stderr.startswith(f"newscrawl crawl: the crawl output {out} is in use by")
        assert refused.stderr.endswith("wait for it to finish, or give --wait\n")
        assert len(refused.stderr.splitlines()) == 1
        assert not out.exists()
        waiting = subprocess.Popen(
            [*crawl_command(out, "--replay", str(SITE)), "--wait"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        assert waiting.stderr is not None
        said = waiting.stderr.readline()
        assert said.startswith(f"newscrawl: waiting for the crawl output {out}")
    finally:
        holder.communicate("done\n", timeout=30)
    assert waiting.wait(timeout=300) == 0
    assert len(read_lines(out)) == 50


@pytest.mark.parametrize("running_through", ["link", "file"])
def test_a_crawl_through_a_symbolic_link_and_one_through_the_file_are_one_writer(
    tmp_path: Path, running_through: str
) -> None:
    """`latest.jsonl` -> `2026-12-01.jsonl`: a crawl given one name and a crawl given the other
    write the same file. Each took the lock beside the name it was given, so both ran and
    their records were interleaved in one file. The second is now refused, whichever name
    the first was given, and the first writes its records alone."""
    real, link = tmp_path / "2026-12-01.jsonl", tmp_path / "latest.jsonl"
    real.write_text("")
    link.symlink_to(real)
    first, second = (link, real) if running_through == "link" else (real, link)
    with ReplayServer(SITE) as server:
        slow = ["--mirror", server.url, "-s", "DOWNLOAD_DELAY=0.05",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
        running = subprocess.Popen(crawl_command(first, *slow), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
        lock = side_file(real, "lock")
        wait_until(lambda: lock.exists() and f"pid {running.pid} " in lock.read_text(),
                   what="the first crawl holds the file's lock")  # fmt: skip
        refused = newscrawl("crawl", "almayadeen", "-o", str(second), *slow)
        assert running.wait(timeout=300) == 0
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith(f"newscrawl crawl: the crawl output {second}")
    assert f"is in use by another run (pid {running.pid} " in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    records = read_lines(real)
    assert len(records) == 50 and len({r["id"] for r in records}) == 50


def test_a_second_incremental_crawl_of_one_state_is_refused(tmp_path: Path) -> None:
    """Two incremental crawls on one state would export the same articles twice: the second,
    even with another output, is told which run holds the state."""
    state = tmp_path / "state.sqlite"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with ReplayServer(SITE) as server:
        slow = ["--mirror", server.url, "-s", "DOWNLOAD_DELAY=0.05",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip
        running = subprocess.Popen(
            crawl_command(first, "--incremental", "--state", str(state), *slow),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        lock = side_file(state, "lock")
        wait_until(lambda: lock.exists() and f"pid {running.pid} " in lock.read_text(),
                   what="the first crawl holds the state")  # fmt: skip
        refused = newscrawl("crawl", "--incremental", "--state", str(state), "-o", str(second),
                            "--mirror", server.url)  # fmt: skip
        assert running.wait(timeout=300) == 0
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        f"newscrawl crawl: the crawl state {state} is in use by another run (pid {running.pid} "
    )
    assert not second.exists()
    assert len(read_lines(first)) == 50


def test_two_exports_into_one_folder_take_turns(tmp_path: Path) -> None:
    """Started together, both exit 0 and the dataset verifies (they shared a staging folder
    before the lock: in 2 of 3 trials the published dataset failed its own verification)."""
    crawl = tmp_path / "a.jsonl"
    replay_crawl(crawl)
    for trial in range(3):
        dataset = tmp_path / f"dataset-{trial}"
        command = [sys.executable, "-m", "newscrawl.cli", "export", "--wait", str(dataset),
                   str(crawl), str(side_file(crawl, "failures.jsonl"))]  # fmt: skip
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]  # fmt: skip
        assert [run.wait(timeout=120) for run in runs] == [0, 0]
        assert verify_dataset(dataset) == []


def test_an_export_into_a_folder_another_export_holds_is_refused(tmp_path: Path) -> None:
    crawl = tmp_path / "a.jsonl"
    crawl.write_text("")
    dataset = tmp_path / "dataset"
    lock = tmp_path / "dataset.lock"
    holder = subprocess.Popen(["flock", str(lock), "-c", "echo held; read line"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        refused = newscrawl("export", str(dataset), str(crawl))
    finally:
        holder.communicate("done\n", timeout=30)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"newscrawl export: the dataset {dataset} is in use by")
    assert not dataset.exists()


def test_an_incremental_run_with_nothing_new_says_so(tmp_path: Path) -> None:
    out = tmp_path / "en.jsonl"
    first = replay_crawl(out, "--incremental")
    assert first.stdout.splitlines()[0] == (
        f"appended 50 records to {out} (38 articles, 12 breaking-news items; 0 revised)"
    )
    second = replay_crawl(out, "--incremental")
    assert second.stdout.splitlines()[:2] == [
        f"nothing new: {out} unchanged",
        "known records not exported again: 13 unchanged,"
        " 38 settled (older than the revisit window, not fetched)",
    ]
    assert len(read_lines(out)) == 50


def test_a_partial_recording_is_named_as_the_cause_of_not_found(tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    home = SITE / "english.almayadeen.net" / "_home"
    shutil.copytree(home, partial / "_home")
    shutil.copytree(SITE / "english.almayadeen.net" / "robots.txt", partial / "robots")
    done = newscrawl("crawl", "--replay", str(partial), "-o", str(tmp_path / "a.jsonl"))
    missing = sum(f["error"]["kind"] == "not_found"
                  for f in read_lines(tmp_path / "a.failures.jsonl"))  # fmt: skip
    assert missing > 10
    assert f"hint: {missing} pages were never saved in {partial} (not_found)" in done.stdout


def test_record_says_when_a_saved_answer_is_an_error_page(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    with ReplayServer(SITE) as server:
        done = newscrawl("record", DEAD_LINK, "--mirror", server.url, "--into", str(saved))
    assert done.returncode == 0, done.stderr
    folder = next(saved.iterdir())
    assert done.stdout.splitlines() == [
        f"saved {DEAD_LINK} in {folder} (HTTP 404 Not Found: saved as the site answered)",
        f"1 answer saved in {saved}, 1 of them an error page",
    ]


def test_a_start_url_of_another_site_points_to_the_news_spider(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    home = "https://english.almayadeen.net/"
    replay_crawl(out, "--urls", home, "https://example.com/2025/11/20/a-story",
                 "-a", "follow=no", rc=1)  # fmt: skip
    failure = next(f for f in read_lines(side_file(out, "failures.jsonl"))
                   if f["error"]["kind"] == "bad_input")  # fmt: skip
    assert failure["error"]["message"] == (
        "not on english.almayadeen.net (the en edition): another site, for the news spider"
        " (newscrawl crawl news --urls URL)"
    )
