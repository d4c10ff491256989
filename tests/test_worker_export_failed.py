"""A worker of a shared crawl whose export fails part-way (a real EFBIG: the file size limit
RLIMIT_FSIZE, as a full disk stops a write) stops, fails, and loses nothing: what it did not
write stays claimed-but-unwritten and in flight, so that started again it exports it. Real
processes, a real redis-server, Scrapy's engine against the fixture site on 127.0.0.1."""

from __future__ import annotations

import resource
import subprocess
import uuid
from pathlib import Path

import pytest

pytest.importorskip("redis")

from newscrawl.serve import ReplayServer
from newscrawl.sidefiles import side_file
from testkit.chaos import expected_outcomes
from testkit.processes import RedisServer
from tests.helpers import FIXTURES, crawl_command, load_json, read_lines

pytestmark = pytest.mark.slow  # runs real crawls

SITE = FIXTURES / "site"
LIMIT = 40_000  # bytes: about 15 of the site's records


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_worker_whose_export_failed_exports_the_rest_when_started_again(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """Its records after the failed write were taken for written: their claims confirmed,
    their requests released, so that no worker ever exported them."""
    expected, failed = expected_outcomes(SITE)
    out = tmp_path / "worker" / "articles.jsonl"
    crawl_id = f"efbig-{uuid.uuid4().hex[:12]}"
    with ReplayServer(SITE) as server:
        command = crawl_command(out, "almayadeen", "--mirror", server.url,
                                "--redis", redis_server.url, "--crawl-id", crawl_id)  # fmt: skip
        first = subprocess.run(command, capture_output=True, text=True, timeout=300,
                               preexec_fn=limited)  # fmt: skip
        assert first.returncode == 1, first.stderr[-3000:]
        assert f"cannot write {out}: File too large" in first.stderr
        assert load_json(side_file(out, "report.json"))["finish_reason"] == "export_failed"
        written = len(read_lines(out))
        assert 0 < written < len(expected)
        again = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr[-3000:]
    ids = [r["id"] for r in read_lines(out)]
    assert sorted(ids) == sorted(expected), f"{len(set(expected) - set(ids))} records lost"
    assert len(ids) == len(set(ids))
    assert sorted(r["url"] for r in read_lines(side_file(out, "failures.jsonl"))) == sorted(failed)
