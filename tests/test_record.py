"""`newscrawl record` saves pages in the replay format through Scrapy's real downloader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.processing import record_for_page
from newscrawl.recorder import folder_name, page_folder
from newscrawl.replay import ReplayStore
from newscrawl.serve import ReplayServer
from tests.helpers import PAGES, load_json

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SEED_URL = load_json(PAGES / "en-news-seed" / "info.json")["url"]
BLOCKED_URL = load_json(PAGES / "blocked-cloudflare" / "info.json")["url"]


def test_record_from_a_local_server_then_replay(tmp_path: Path) -> None:
    into = tmp_path / "saved"
    missing = "https://english.almayadeen.net/news/politics/no-such-page"
    with ReplayServer(PAGES) as server:
        done = subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", "record", SEED_URL, BLOCKED_URL, missing,
             "--into", str(into), "--mirror", server.url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("saved ") for line in lines) == 3
    assert lines[-1] == f"3 answers saved in {into}, 2 of them error pages"
    assert sum("(HTTP 403 Forbidden: saved as the site answered)" in line for line in lines) == 1
    store = ReplayStore(into)
    seed = store.find(SEED_URL)
    assert seed is not None and seed.status == 200
    assert seed.body == (PAGES / "en-news-seed" / "body.html").read_bytes()
    assert store.find(BLOCKED_URL).status == 403
    assert store.find(missing).status == 404
    info = json.loads((seed.folder / "info.json").read_text())
    assert set(info) == {"url", "status", "headers", "fetched_at"}
    assert "Content-Length" not in info["headers"]
    record = record_for_page(seed.url, seed.body, seed.status, seed.headers)
    assert record["headline"] == "Putin tells Macron Donbass escalation due to Kyiv forces"


def test_a_url_longer_than_the_limit_is_a_failed_url_not_an_info_line(tmp_path: Path) -> None:
    """Scrapy's URL length limit (2,083) used to drop the URL with an INFO line: `record`
    said nothing and exited 0. The URL is refused before any request, so no server is needed."""
    long_url = "https://english.almayadeen.net/news/politics/" + "slug-" * 500
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "record", long_url, "--into", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr[-2000:]
    assert f"failed {long_url}: not fetched: the URL is {len(long_url)} characters long" in (
        done.stderr
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://english.almayadeen.net/../../etc/passwd",
        "https://english.almayadeen.net/%2e%2e/%2e%2e/x",
        "https://english.almayadeen.net/a/../../../../tmp/x?y=/../z",
        "https://../",
        "https://english.almayadeen.net/" + "a" * 5000,
    ],
)
def test_folder_names_cannot_escape(tmp_path: Path, url: str) -> None:
    name = folder_name(url)
    assert "/" not in name and name not in (".", "..") and len(name) < 160
    assert page_folder(tmp_path, url).parent == tmp_path.resolve()


def test_folder_names_are_unique_per_url() -> None:
    assert folder_name("https://a.net/x?p=1") != folder_name("https://a.net/x?p=2")
