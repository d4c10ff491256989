"""Real crawls (Scrapy's engine against the fixture site served on 127.0.0.1) appending to a file
that newscrawl did not write, or whose last line has no newline and is not a record cut off: the
records appended start a line of their own, so that a JSON Lines reader (`newscrawl export`,
`validate`, any other) reads the file's own lines and every record. A `.jsonl.gz` file that does
not end in gzip members is never appended to: gzip readers stop there (newscrawl/appending.py).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from testkit.chaos import expected_outcomes
from testkit.processes import RedisServer
from tests.helpers import FIXTURES, ROOT, crawl_command, load_json

pytestmark = pytest.mark.slow  # runs real crawls

SITE = FIXTURES / "site"
NOTES = b"my notes, not records"  # a line of the user's own, without its newline
LOCAL = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def lines_after_notes(path: Path) -> list[dict]:
    """The file must begin with the user's line, whole, then hold one JSON object per line."""
    first, *rest = path.read_bytes().split(b"\n")
    assert first == NOTES
    assert rest[-1] == b"", "the last record has its newline"
    return [json.loads(line) for line in rest[:-1]]


def export(tmp_path: Path, *files: Path) -> dict:
    """`newscrawl export` of `files`: its manifest (what it kept, and the lines it refused)."""
    out = tmp_path / f"dataset-{uuid.uuid4().hex[:8]}"
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "export", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return load_json(out / "manifest.json")


def test_scrapy_crawl_o_appends_after_a_users_line_without_its_newline(tmp_path: Path) -> None:
    """`scrapy crawl -o` appends (AppendingFileFeedStorage): to notes of the user's own without
    a last newline, whose first record was glued onto the notes, losing both to every
    reader."""
    expected, _ = expected_outcomes(SITE)
    out = tmp_path / "notes.jsonl"
    out.write_bytes(NOTES)
    packed = tmp_path / "packed.jsonl.gz"  # the same notes under a gzip name: never appended to
    packed.write_bytes(NOTES)
    with ReplayServer(SITE) as server:
        scrapy = [sys.executable, "-m", "scrapy", "crawl", "almayadeen", *LOCAL,
                  "-s", f"NEWSCRAWL_MIRROR={server.url}"]  # fmt: skip
        refused = subprocess.run([*scrapy, "-o", f"{packed}:jsonlines-gzip"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=300)  # fmt: skip
        done = subprocess.run([*scrapy, "-o", str(out)], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)  # fmt: skip
    assert packed.read_bytes() == NOTES
    assert f"stopping the crawl: cannot write {packed}: {packed} is not gzip" in refused.stderr
    assert "Traceback" not in refused.stderr  # the reason, once, not buried in tracebacks
    report = load_json(side_file(packed, "report.json"))
    assert report["finish_reason"] == "export_failed" and report["verdict"]["failed"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert "has no newline and is not a record cut off by a kill" in done.stderr
    records = lines_after_notes(out)
    articles = {r["id"] for r in records if "error" not in r}
    assert articles == expected and len(records) == 52  # and the site's two failures
    manifest = export(tmp_path, out)
    assert manifest["counts"]["articles"] + manifest["counts"]["breaking"] == 50
    assert manifest["counts"]["invalid"] == 1, manifest  # the notes, named as not JSON
    assert manifest["invalid"][0]["line"] == 1 and "not JSON" in manifest["invalid"][0]["reason"]
    validated = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "validate", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    said = validated.stdout.splitlines()
    assert validated.returncode == 1 and said[-1] == f"{out}: 1 bad line(s)", said
    assert said[0].startswith(f"{out}:1: ")


def test_an_incremental_crawl_appends_after_a_users_line_without_its_newline(
    tmp_path: Path,
) -> None:
    """The incremental ExportPipeline's appends; and a second run, recovering the state from
    the file, exports nothing again and leaves the notes as they are."""
    expected, _ = expected_outcomes(SITE)
    out = tmp_path / "notes.jsonl"
    out.write_bytes(NOTES)
    with ReplayServer(SITE) as server:
        for _ in range(2):
            done = subprocess.run(
                crawl_command(out, "almayadeen", "--mirror", server.url, "--incremental"),
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr[-3000:]
    records = lines_after_notes(out)
    assert sorted(r["id"] for r in records) == sorted(expected)
    assert export(tmp_path, out)["counts"]["invalid"] == 1


def test_a_worker_appends_on_lines_of_their_own_and_never_after_a_foreign_gzip_end(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """A worker of a shared crawl appends to its -o and its failures file: each given here
    ending in a line without its newline, records follow on lines of their own. A .jsonl.gz
    -o that is not gzip, or whose end is not a gzip member, is refused (exit 2) before
    anything is written: a member appended after it would be read by no gzip reader."""
    expected, failed = expected_outcomes(SITE)
    out = tmp_path / "notes.jsonl"
    failures = side_file(out, "failures.jsonl")
    out.write_bytes(NOTES)
    failures.write_bytes(NOTES)
    crawl_id = f"foreign-{uuid.uuid4().hex[:12]}"
    with ReplayServer(SITE) as server:
        worker = ["almayadeen", "--mirror", server.url, "--redis", redis_server.url,
                  "--crawl-id", crawl_id]  # fmt: skip
        for content in (b"".join(json.dumps({"x": n}).encode() + b"\n" for n in range(3)),
                        gzip.compress(b'{"x": 1}\n') + b"not gzip"):  # fmt: skip
            packed = tmp_path / "packed.jsonl.gz"
            packed.write_bytes(content)
            refused = subprocess.run(crawl_command(packed, *worker), capture_output=True,
                                     text=True, timeout=120)  # fmt: skip
            assert refused.returncode == 2, refused.stderr[-3000:]
            assert f"{packed} " in refused.stderr and "not gzip (from byte" in refused.stderr
            assert "Traceback" not in refused.stderr
            assert packed.read_bytes() == content
            assert not side_file(packed, "failures.jsonl").exists()
        done = subprocess.run(crawl_command(out, *worker), capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(r["id"] for r in lines_after_notes(out)) == sorted(expected)
    assert sorted(r["url"] for r in lines_after_notes(failures)) == sorted(failed)
