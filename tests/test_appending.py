"""A record a kill cut off at the end of an export file is cut back before anything is appended
(newscrawl/appending.py): on real files, on a write(2) a real SIGKILL cut, and in real crawls
(Scrapy's engine against the fixture site on 127.0.0.1; a real redis-server and a real SIGKILL
for a worker of a shared crawl) that resume on a file ending in half a record, as a kill leaves
it."""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from newscrawl.pipelines.validation import InvalidRecord, ValidationPipeline
from scrapy.utils.test import get_crawler

from newscrawl import appending
from newscrawl.appending import cut_back, open_to_append, whole_length, whole_lines
from newscrawl.frontier import written_members
from newscrawl.items import ArticleItem
from newscrawl.sidefiles import side_file
from testkit.chaos import SETTINGS, Worker, expected_outcomes
from testkit.faultserver import read_lines
from testkit.processes import RedisServer, wait_until
from tests.helpers import FIXTURES, crawl_command, load_json

SITE = FIXTURES / "site"
RECORDS = [
    {"id": f"r{n}", "canonical_url": f"https://site/{n}", "body": "word " * (300 * n)}
    for n in range(1, 6)
]  # up to 9 KB a line: lines that cross 4 KiB pages, as the cut ones do
LINES = [(json.dumps(r) + "\n").encode() for r in RECORDS]


def stats() -> object:
    return get_crawler().stats


def test_a_missing_or_empty_file_is_left_alone(tmp_path: Path) -> None:
    missing, empty = tmp_path / "missing.jsonl", tmp_path / "empty.jsonl.gz"
    empty.write_bytes(b"")
    assert cut_back(missing) == 0 and not missing.exists()
    assert cut_back(empty) == 0 and empty.read_bytes() == b""
    assert whole_length(missing) == whole_length(empty) == 0
    assert list(whole_lines(missing)) == list(whole_lines(empty)) == []


def test_a_file_that_ends_whole_is_left_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    plain.write_bytes(b"".join(LINES))
    packed.write_bytes(b"".join(gzip.compress(line, mtime=0) for line in LINES))
    before = {path: path.read_bytes() for path in (plain, packed)}
    counters = stats()
    for path in (plain, packed):
        assert cut_back(path, counters) == 0
        assert path.read_bytes() == before[path]
        assert list(whole_lines(path)) == LINES
    assert counters.get_value("newscrawl/export/repaired") is None and not caplog.records


@pytest.mark.parametrize("kept", [0, 2, 4])
def test_a_last_line_cut_off_is_cut_back_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kept: int
) -> None:
    path = tmp_path / "articles.jsonl"
    whole = b"".join(LINES[:kept])
    line = LINES[kept]
    # Its first byte only; at the next 4 KiB page of the file; all but its last two bytes.
    for cut in [c for c in (1, 4096 - len(whole) % 4096, len(line) - 2) if c < len(line)]:
        path.write_bytes(whole + line[:cut])
        counters = stats()
        with caplog.at_level(logging.WARNING, logger="newscrawl.appending"):
            assert cut_back(path, counters) == cut
        assert path.read_bytes() == whole
        assert counters.get_value("newscrawl/export/repaired") == 1
        assert counters.get_value("newscrawl/export/repaired_bytes") == cut
        assert f"{path} ended in a record cut off" in caplog.text
        assert f"cut its last {cut} bytes, from byte {len(whole)}" in caplog.text
        caplog.clear()


def test_what_a_restarted_worker_reads_as_written_is_what_the_cut_keeps(tmp_path: Path) -> None:
    """A line cut just before its newline is a whole JSON object: kept (a newline added), and
    read back as written; one cut a byte earlier is neither."""
    path = tmp_path / "articles.jsonl"
    path.write_bytes(LINES[0] + LINES[1][:-2])
    assert list(written_members([path])) == ["article\thttps://site/1"]
    assert list(whole_lines(path)) == [LINES[0]]
    cut_back(path)
    assert list(written_members([path])) == ["article\thttps://site/1"]
    path.write_bytes(LINES[0] + LINES[1][:-1])
    assert list(whole_lines(path)) == LINES[:2]
    assert cut_back(path) == 0 and path.read_bytes() == LINES[0] + LINES[1]
    assert list(written_members([path])) == ["article\thttps://site/1", "article\thttps://site/2"]


def test_a_users_last_json_line_without_its_newline_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """JSON Lines of the user's own, written by a tool that leaves out the last newline: its
    last line is a whole JSON object, not a record cut off. It is kept, a newline added, and
    what is appended starts a line of its own."""
    path = tmp_path / "mine.jsonl"
    path.write_bytes(b'{"mine": 1}\n{"mine": 2}')
    counters = stats()
    with open_to_append(path, counters) as handle:
        handle.write(LINES[0])
    assert read_lines(path) == [{"mine": 1}, {"mine": 2}, RECORDS[0]]
    assert counters.get_value("newscrawl/export/line_ended") == 1
    assert counters.get_value("newscrawl/export/repaired") is None
    assert "has no newline and is not a record cut off" in caplog.text


def test_a_gzip_member_cut_off_is_cut_back_wherever_the_cut(tmp_path: Path) -> None:
    """Every place a write can be cut in the last member (its header, its compressed data,
    its CRC and length): the file is cut back to the member before, and reads whole."""
    path = tmp_path / "articles.jsonl.gz"
    whole = b"".join(gzip.compress(line, mtime=0) for line in LINES[:3])
    last = gzip.compress(LINES[3], mtime=0)
    for cut in range(1, len(last)):
        path.write_bytes(whole + last[:cut])
        assert cut_back(path) == cut, cut
        assert path.read_bytes() == whole
        assert gzip.decompress(path.read_bytes()) == b"".join(LINES[:3])
    path.write_bytes(last[:100])  # the file's first member cut off: nothing whole in it
    assert cut_back(path) == 100 and path.read_bytes() == b""


def test_a_gzip_member_larger_than_the_first_look_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the file's end is read first; a last whole member that begins before it is found
    by looking further back."""
    monkeypatch.setattr(appending, "WINDOW", 64)
    noise = random.Random(1).randbytes(5000).hex()  # compresses badly: a member of ~5 KB
    big = gzip.compress((json.dumps({"id": "big", "body": noise}) + "\n").encode(), mtime=0)
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(gzip.compress(LINES[0], mtime=0) + big + gzip.compress(LINES[1])[:30])
    assert cut_back(path) == 30
    assert [json.loads(line)["id"] for line in whole_lines(path)] == ["r1", "big"]


def test_a_gzip_file_that_does_not_end_in_a_member_is_never_appended_to(tmp_path: Path) -> None:
    """Bytes after the last member that are not the beginning of one were not left by a kill
    of our writer, and gzip readers stop there (Python's raises, zcat ignores the rest): a
    member appended after them would never be read. Nothing is cut or written, and it is
    said."""
    path = tmp_path / "articles.jsonl.gz"
    content = gzip.compress(LINES[0], mtime=0) + b"not gzip\n"
    path.write_bytes(content)
    message = f"{path} ends in 9 bytes that are not gzip (from byte {len(content) - 9})"
    assert appending.foreign_gzip_end(path) is not None
    assert appending.foreign_gzip_end(path).startswith(message)
    with pytest.raises(appending.ForeignEnd, match=re.escape(message)):
        open_to_append(path)
    assert path.read_bytes() == content
    text = tmp_path / "plain-text.jsonl.gz"  # plain JSON Lines under a .gz name
    text.write_bytes(b"".join(LINES))
    assert appending.foreign_gzip_end(text) == (
        f"{text} is not gzip (from byte 0): records appended to it could not be read (gzip"
        " readers stop there); give another file, or move this one away"
    )
    with pytest.raises(appending.ForeignEnd):
        cut_back(text)
    assert text.read_bytes() == b"".join(LINES)
    # Whole members, or a member cut off, can be appended to; so can a plain or missing file.
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(gzip.compress(LINES[0]) + gzip.compress(LINES[1])[:20])
    for fine in (whole, tmp_path / "missing.jsonl.gz", tmp_path / "plain.jsonl"):
        assert appending.foreign_gzip_end(fine) is None


def test_a_plain_file_that_does_not_end_in_a_cut_record_gets_a_newline(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A file of the user's own given as `-o` (here, notes without a last newline) does not end
    in a record our writer began (`{`): nothing of it is cut, a newline is added after it, so
    that a record appended is a line of its own, and it is said."""
    notes = tmp_path / "notes.jsonl"
    notes.write_bytes(b"my notes, not records")
    with open_to_append(notes) as handle:
        handle.write(LINES[0])
    assert notes.read_bytes() == b"my notes, not records\n" + LINES[0]
    after_records = tmp_path / "articles.jsonl"
    after_records.write_bytes(LINES[0] + b"# a comment of mine")
    assert cut_back(after_records) == 0
    assert after_records.read_bytes() == LINES[0] + b"# a comment of mine\n"
    assert cut_back(after_records) == 0  # once
    assert after_records.read_bytes() == LINES[0] + b"# a comment of mine\n"
    assert caplog.text.count("has no newline and is not a record cut off by a kill") == 2


def test_records_appended_after_the_cut_follow_the_last_whole_one(tmp_path: Path) -> None:
    path = tmp_path / "x" / "articles.jsonl"
    path.parent.mkdir()
    path.write_bytes(LINES[0] + LINES[1][:1000])
    with open_to_append(path) as handle:
        handle.write(LINES[2])
    assert [r["id"] for r in read_lines(path)] == ["r1", "r3"]


# Writes the same big record with the exporters' write_whole_line, again and again, so that it
# is nearly always inside write(2): killed there, Linux ends the write early, between pages.
WRITER = """
import gzip, os, sys
from newscrawl.exporters import write_whole_line
line = ('{"id": "big", "body": "%s"}\\n' % os.urandom(2 << 20).hex()).encode()
if sys.argv[1].endswith(".gz"):
    line = gzip.compress(line, mtime=0)
with open(sys.argv[1], "ab") as out:
    print(len(line), flush=True)
    while True:
        write_whole_line(out, line)
"""


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz"])
def test_a_write_cut_by_a_real_sigkill_is_cut_back(tmp_path: Path, name: str) -> None:
    """Not a simulation: a process writing records whole (one write(2) each, 4 MiB) is killed
    with SIGKILL; the file ends in a record cut at a page boundary. Cut back, it holds whole
    records only, and a record appended after them reads whole."""
    path = tmp_path / name
    for _ in range(5):  # killed between two writes (rare), the file ends whole: again
        path.unlink(missing_ok=True)
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                  stdout=subprocess.PIPE, text=True)  # fmt: skip
        assert writer.stdout is not None
        size = int(writer.stdout.readline())
        wait_until(lambda n=size: path.stat().st_size > 2 * n, what="two records written")
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
        if path.stat().st_size % size:
            break
    total = path.stat().st_size
    if not total % size:  # a kernel or filesystem that finishes every write: nothing to cut
        pytest.skip("five SIGKILLs cut no write(2) on this filesystem")
    assert total % 4096 == 0, "a write cut elsewhere than between two pages"
    assert cut_back(path) == total % size
    assert path.stat().st_size == total - total % size
    with open_to_append(path) as handle:
        handle.write(gzip.compress(LINES[0]) if name.endswith(".gz") else LINES[0])
    ids = [json.loads(line)["id"] for line in whole_lines(path)]
    assert ids == ["big"] * (total // size) + ["r1"]
    path.unlink()


# ------------------------------------------------------------------ real crawls


def article_line_not_written(records: dict[str, dict], claimed: set[str]) -> bytes:
    """The line of an article of the site that no one has claimed yet (its page not read):
    what a worker killed while writing it would have begun to write."""
    for record in records.values():
        if "headline" in record and record["canonical_url"] not in claimed:
            return (json.dumps(record, ensure_ascii=False) + "\n").encode()
    raise AssertionError("every article claimed already")


def exported(out: Path) -> list[dict]:
    """Every record in `out`: each line must be a whole JSON object (gzip: every member)."""
    data = out.read_bytes()
    text = gzip.decompress(data) if out.name.endswith(".gz") else data
    return [json.loads(line) for line in text.decode("utf-8").splitlines()]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["articles.jsonl", "articles.jsonl.gz"])
def test_a_worker_started_again_after_a_kill_cut_its_record_appends_whole_records(
    redis_server: RedisServer, tmp_path: Path, name: str
) -> None:
    """A worker of a shared crawl killed (SIGKILL) in the middle of the crawl, its file then
    ending in half a record (the cut of an article it had not yet claimed, so it is crawled
    again), is started again: its file ends whole, every record of the site exactly once."""
    from newscrawl.serve import ReplayServer

    expected, _ = expected_outcomes(SITE)
    records = {r["id"]: r for r in read_lines(SITE / "expected" / "records.jsonl")}
    crawl_id = f"torn-{uuid.uuid4().hex[:12]}"
    client = redis_server.client()
    with ReplayServer(SITE, latency=0.05) as server:
        arguments = ["almayadeen", "--mirror", server.url, "--redis", redis_server.url,
                     "--crawl-id", crawl_id, *SETTINGS]  # fmt: skip
        worker = Worker(0, tmp_path, arguments, name=name)
        worker.start()
        wait_until(lambda: server.answered >= 12 or not worker.alive(), what="12 answers")
        assert worker.kill_if(lambda: worker.in_crawl(client, crawl_id)), "not killed"
        claimed = {k.decode() for k in client.hkeys(f"newscrawl:{crawl_id}:claims:article")}
        line = article_line_not_written(records, claimed)
        if name.endswith(".gz"):
            line = gzip.compress(line, mtime=0)
        with worker.out.open("ab") as handle:
            handle.write(line[: len(line) // 2])
        cut = len(line) // 2
        worker.start()
        assert worker.process is not None and worker.process.wait(timeout=300) == 0
    ids = [r["id"] for r in exported(worker.out)]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 50
    report = load_json(side_file(worker.out, "report.json"))
    assert report["counters"]["export/repaired_bytes"] == cut
    log = worker.stderr.read_text(encoding="utf-8")
    assert f"{worker.out} ended in a record cut off" in log and f"its last {cut} bytes" in log


@pytest.mark.slow
def test_an_incremental_crawl_killed_in_its_first_record_resumes_on_whole_lines(
    tmp_path: Path,
) -> None:
    """Killed while writing its very first record, an incremental crawl has no committed length
    for its file to recover from: started again, it still cuts the half record first."""
    from newscrawl.serve import ReplayServer

    expected, _ = expected_outcomes(SITE)
    records = read_lines(SITE / "expected" / "records.jsonl")
    out = tmp_path / "articles.jsonl"
    line = (json.dumps(records[0], ensure_ascii=False) + "\n").encode()
    out.write_bytes(line[: len(line) // 2])
    with ReplayServer(SITE) as server:
        done = subprocess.run(
            crawl_command(out, "almayadeen", "--mirror", server.url, "--incremental"),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    ids = [r["id"] for r in exported(out)]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 50
    report = load_json(side_file(out, "report.json"))
    assert report["counters"]["export/repaired_bytes"] == len(line) // 2
    assert f"{out} ended in a record cut off" in done.stderr


def test_a_rejects_file_appended_to_is_cut_back_too(tmp_path: Path) -> None:
    """A worker of a shared crawl appends to its rejects file as well."""
    rejects = tmp_path / "articles.rejects.jsonl"
    rejects.write_bytes(b'{"record": {"id": "a"}, "reasons": ["x"]}\n{"record": {"id": "b", "he')
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REJECTS_PATH": str(rejects)})
    crawler.stats.open_spider()
    pipeline = ValidationPipeline.from_crawler(crawler)
    url = "https://english.almayadeen.net/news/politics/x"
    invalid = ArticleItem(url=url, canonical_url=url, id="c", site="almayadeen", language="en",
                          publisher="Al Mayadeen English", type="news", headline="",
                          body=[{"kind": "paragraph", "text": "Text."}],
                          crawled_at="2026-11-20T10:00:00+00:00",
                          content_hash="sha256:" + "0" * 64)  # fmt: skip
    with pytest.raises(InvalidRecord):
        pipeline.process_item(invalid)
    pipeline.close_spider()
    assert [r["record"]["id"] for r in read_lines(rejects)] == ["a", "c"]
    assert crawler.stats.get_value("newscrawl/export/repaired") == 1
