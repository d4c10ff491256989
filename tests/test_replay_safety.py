"""A replay folder is read, never trusted: a saved body that is a link out of the folder is
never served or read (`newscrawl serve`, `crawl --replay`, `extract`), and a malformed
`info.json` fails its own page alone, naming the file, while every other page is served."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from newscrawl.replay import BrokenSavedPage, ReplayStore, read_saved_page
from newscrawl.serve import ReplayServer
from tests.helpers import PAGES, cli_crawl, load_json

SECRET = "root:x:0:0:the secret a link out of the folder points at\n"
GOOD = PAGES / "en-two-authors"
GOOD_URL = load_json(GOOD / "info.json")["url"]
LINKED_URL = "https://english.almayadeen.net/news/politics/a-body-linked-out"
MALFORMED_URL = "https://english.almayadeen.net/news/politics/a-malformed-info"


@pytest.fixture
def folder(tmp_path: Path) -> dict[str, Any]:
    """A replay folder with one good page, one whose body links to a file outside the folder,
    and one whose info.json is cut off."""
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    root = tmp_path / "replay"
    shutil.copytree(GOOD, root / "good")
    linked = root / "linked"
    linked.mkdir()
    info = {"url": LINKED_URL, "status": 200, "headers": {"Content-Type": "text/html"}}
    (linked / "info.json").write_text(json.dumps(info), encoding="utf-8")
    (linked / "body.html").symlink_to(secret)
    malformed = root / "malformed"
    shutil.copytree(GOOD, malformed)
    text = json.dumps({**info, "url": MALFORMED_URL})
    (malformed / "info.json").write_text(text[: len(text) - 12], encoding="utf-8")
    return {"root": root, "linked": linked, "malformed": malformed}


def test_the_store_serves_good_pages_and_names_each_broken_file(folder: dict[str, Any]) -> None:
    store = ReplayStore(folder["root"])
    assert store.urls() == [GOOD_URL]
    assert store.find(LINKED_URL) is None and store.find(MALFORMED_URL) is None
    linked = store.problem(LINKED_URL)
    assert linked is not None and str(folder["linked"] / "body.html") in linked
    assert "link out of the replay folder" in linked
    malformed = store.problem(MALFORMED_URL)
    assert malformed is not None and str(folder["malformed"] / "info.json") in malformed
    assert len(store.broken) == 2
    with pytest.raises(BrokenSavedPage, match="link out of the replay folder"):
        read_saved_page(folder["linked"])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def mirror_path(url: str) -> str:
    return url.removeprefix("https://")


def test_serve_never_sends_a_file_outside_the_folder(folder: dict[str, Any]) -> None:
    with ReplayServer(folder["root"]) as server:
        good = fetch(f"{server.url}/{mirror_path(GOOD_URL)}")
        linked = fetch(f"{server.url}/{mirror_path(LINKED_URL)}")
        malformed = fetch(f"{server.url}/{mirror_path(MALFORMED_URL)}")
    assert good[0] == 200 and good[1] == (GOOD / "body.html").read_bytes()
    assert linked[0] == 500 and b"link out of the replay folder" in linked[1]
    assert SECRET.encode() not in linked[1]
    assert malformed[0] == 500 and b"info.json" in malformed[1]


@pytest.mark.slow  # a real crawl
def test_a_replayed_crawl_fails_only_the_broken_pages_and_names_their_files(
    folder: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "articles.jsonl"
    urls = [GOOD_URL, LINKED_URL, MALFORMED_URL]
    options = ["--replay", str(folder["root"]), "--urls", *urls, "-a", "follow=no"]
    crawl = cli_crawl(out, "almayadeen", *options, rc=1)  # two failures of three: exit 1
    assert [r["url"] for r in crawl["records"] if r["type"] != "breaking"] == [GOOD_URL]
    failures = {f["url"]: f["error"] for f in crawl["failures"]}
    assert set(failures) == {LINKED_URL, MALFORMED_URL}
    assert failures[LINKED_URL]["kind"] == "fetch_failed"
    assert str(folder["linked"] / "body.html") in failures[LINKED_URL]["message"]
    assert str(folder["malformed"] / "info.json") in failures[MALFORMED_URL]["message"]
    for written in out.parent.rglob("*"):
        if written.is_file():
            assert SECRET not in written.read_text(encoding="utf-8", errors="replace"), written


def test_extract_refuses_a_body_that_links_out(folder: dict[str, Any]) -> None:
    from newscrawl.cli.extract import record_for_file

    record = record_for_file(LINKED_URL, folder["linked"])
    assert record["error"]["kind"] == "bad_input"
    assert "link out of the replay folder" in record["error"]["message"]
    assert SECRET not in json.dumps(record)
