"""WARC out and in: a real crawl of the fixture site through Scrapy's downloader from a loopback
server, archived with `--warc`; the archive checked by warcio, replayed with `--replay`, and
re-extracted with `extract --warc`: the same article records as the crawl itself. The same page
gives the same record live, from a replay folder and from a WARC."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.replay import open_store
from newscrawl.serve import ReplayServer
from newscrawl.warc import ArchiveError, read_responses
from newscrawl.warc_store import ArchiveStore
from tests.helpers import (
    FIXTURES,
    ROOT,
    VOLATILE,
    cli_crawl,
    crawl_command,
    read_lines,
    stable,
    without,
)

SITE = FIXTURES / "site"
# Only when it was fetched differs between a crawl and a replay of its archive; a breaking item
# also says on which page the crawl first met it (crawl order).
CRAWL_TIME = frozenset({"crawled_at"})
ARTICLE_FIELDS_IGNORED = CRAWL_TIME
BREAKING_IGNORED = frozenset({"crawled_at", "found_on"})


class SiteMirror(ReplayServer):
    """The loopback mirror of a replay folder, noting every site URL it is asked for."""

    def __init__(self, root: Path, latency: float = 0.0) -> None:
        super().__init__(root, latency=latency)
        self.urls: list[str] = []
        urls = self.urls
        serve = self.httpd.RequestHandlerClass

        class Noting(serve):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:
                host, slash, rest = self.path.lstrip("/").partition("/")
                if slash:  # not the mirror's own robots.txt
                    urls.append(f"https://{host}/{rest}")
                super().do_GET()

        self.httpd.RequestHandlerClass = Noting


def extract_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newscrawl.cli", "extract", *args]


def run_extract(*args: str, rc: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(extract_command(*args), capture_output=True, text=True, timeout=300,
                          cwd=ROOT)  # fmt: skip
    assert done.returncode == rc, done.stderr[-3000:]
    return done


def articles(records: list[dict[str, Any]]) -> list[str]:
    kept = [r for r in records if "error" not in r and r["type"] != "breaking"]
    return sorted(stable(r, ARTICLE_FIELDS_IGNORED) for r in kept)


def breaking(records: list[dict[str, Any]]) -> list[str]:
    return sorted(stable(r, BREAKING_IGNORED) for r in records if r.get("type") == "breaking")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A crawl of the fixture site from a loopback server, archived in files of at most 100 kB."""
    folder = tmp_path_factory.mktemp("live")
    with SiteMirror(SITE) as mirror:
        result = cli_crawl(folder / "articles.jsonl", "almayadeen", "--mirror", mirror.url,
                           "--warc", str(folder / "archive" / "fixture.warc.gz"),
                           "--warc-max-size", "100K")  # fmt: skip
    files = sorted((folder / "archive").glob("*.warc.gz"))
    return {**result, "asked": mirror.urls, "archive": folder / "archive", "files": files}


# ---------------------------------------------------------------- WARC out


def test_the_archive_is_valid_warc(live: dict[str, Any]) -> None:
    command = [sys.executable, "-m", "warcio.cli", "check", "-v", *map(str, live["files"])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "digest pass" in done.stdout and "digest fail" not in done.stdout


def test_the_archive_is_rotated_by_size_and_each_file_says_what_wrote_it(live: dict) -> None:
    names = [path.name for path in live["files"]]
    assert len(names) >= 3  # the crawl's ~330 kB in files of 100 kB
    assert names == [f"fixture-{n:05d}.warc.gz" for n in range(len(names))]
    assert f"archive: {live['files'][0]}" in live["stdout"]
    for path in live["files"]:
        with gzip.open(path) as archive:
            first = archive.read(4096).decode("utf-8", "replace")
        assert first.startswith("WARC/1.1\r\nWARC-Type: warcinfo\r\n")
        assert "software: newscrawl/" in first and "spider: almayadeen" in first
        assert '"mode": "sections"' in first  # the spider's arguments
    # Full files stopped soon after the limit: one exchange past it at most.
    for path in live["files"][:-1]:
        assert 100 * 1024 <= path.stat().st_size < 200 * 1024


def test_every_answer_of_the_site_is_archived_with_its_request(live: dict[str, Any]) -> None:
    records: list[tuple[str, str]] = []
    for path in live["files"]:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                records.append((record.rec_type, url))
    responses = sorted(url for kind, url in records if kind == "response")
    requests = sorted(url for kind, url in records if kind == "request")
    assert responses == requests == sorted(live["asked"])
    assert len(responses) > 80  # robots.txt, listings, articles, the redirect, the dead link


def test_responses_are_archived_as_received(live: dict[str, Any]) -> None:
    store = ArchiveStore(live["files"])
    saved = open_store(SITE)
    assert len(store.urls()) > 80
    for url in store.urls():
        page, archived = saved.find(url), store.find(url)
        assert page is not None and archived is not None, url
        assert archived.status == page.status
        assert archived.body == page.body
        assert archived.headers["Content-Length"] == str(len(page.body))  # the mirror's own


# ---------------------------------------------------------------- WARC in


@pytest.fixture(scope="module")
def replayed(live: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("replayed") / "articles.jsonl"
    return cli_crawl(out, "almayadeen", "--replay", str(live["archive"]))


@pytest.fixture(scope="module")
def reextracted(live: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("reextracted") / "records.jsonl"
    run_extract("--warc", str(live["archive"]), "--jobs", "2", "-o", str(out))
    return read_lines(out)


def test_replaying_the_archive_gives_the_crawls_records(live: dict, replayed: dict) -> None:
    assert len(articles(live["records"])) == 38
    assert articles(replayed["records"]) == articles(live["records"])
    assert breaking(replayed["records"]) == breaking(live["records"])
    assert sorted(map(stable, replayed["failures"])) == sorted(map(stable, live["failures"]))


def test_extracting_the_archive_gives_the_crawls_articles(live: dict, reextracted: list) -> None:
    assert articles(reextracted) == articles(live["records"])
    # The crawl's failures are there too (the challenge page, the dead link); the listings the
    # crawl walked are error records that say they are no articles.
    errors = {r["url"]: r["error"]["kind"] for r in reextracted if "error" in r}
    for failure in live["failures"]:
        assert errors[failure["url"]] == failure["error"]["kind"]
    assert set(errors.values()) == {"blocked", "not_found", "not_article"}


def test_a_page_gives_one_record_live_from_a_folder_and_from_a_warc(
    live: dict, reextracted: list, tmp_path: Path
) -> None:
    folder = cli_crawl(tmp_path / "articles.jsonl", "almayadeen", "--replay", str(SITE))
    by_path = [live["records"], folder["records"], reextracted]
    assert articles(by_path[0]) == articles(by_path[1]) == articles(by_path[2])
    url = "https://english.almayadeen.net/news/politics/putin-tells-macron-donbass-escalation-due-to-kyiv-forces"
    records = [[r for r in records if r.get("url") == url] for records in by_path]
    if all(records):  # the seed article, when the fixture site holds it
        assert len({stable(r[0], CRAWL_TIME) for r in records}) == 1


def test_export_takes_a_reextraction_like_any_run(reextracted: list, tmp_path: Path) -> None:
    from newscrawl.dataset import export_dataset, verify_dataset

    source = tmp_path / "reextracted.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in reextracted), encoding="utf-8")
    manifest = export_dataset(tmp_path / "dataset", [source])
    assert manifest["counts"]["articles"] == 38
    assert manifest["counts"]["errors_skipped"]["not_article"] > 0
    assert verify_dataset(tmp_path / "dataset") == []


def test_jobs_do_not_change_the_records_or_their_order(live: dict, reextracted: list) -> None:
    one = run_extract("--warc", *map(str, live["files"]), "--jobs", "1").stdout
    assert [without(json.loads(line), VOLATILE) for line in one.splitlines()] == [
        without(r, VOLATILE) for r in reextracted
    ]


# ---------------------------------------------------------------- broken archives, kills


@pytest.mark.parametrize("torn", ["request", "response"])
def test_a_torn_last_record_loses_only_itself(live: dict, tmp_path: Path, torn: str) -> None:
    whole = live["files"][0]
    data = whole.read_bytes()
    complete = list(read_responses(whole))
    # Cut into the middle of the last record (a request), or into the last response.
    with whole.open("rb") as stream:
        records = ArchiveIterator(stream)
        starts = [records.get_record_offset() for _ in records]
    cut = (starts[-1] + len(data)) // 2 if torn == "request" else complete[-1].offset + 300
    path = tmp_path / "torn.warc.gz"
    path.write_bytes(data[:cut])
    read: list[str] = []
    with pytest.raises(ArchiveError, match="unreadable after offset"):
        read.extend(r.url for r in read_responses(path))
    kept = len(complete) - (torn == "response")
    assert read == [r.url for r in complete[:kept]]
    assert len(ArchiveStore([path]).urls()) == kept  # the replay index keeps what is whole
    done = run_extract("--warc", str(path), "--jobs", "1", rc=1)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[-1]["error"]["kind"] == "unparseable"
    assert str(path) in lines[-1]["error"]["message"]
    assert "could not be read whole" in done.stderr


def test_a_killed_crawl_leaves_a_readable_archive(tmp_path: Path) -> None:
    stem = tmp_path / "killed"
    out = tmp_path / "out" / "articles.jsonl"
    with SiteMirror(SITE, latency=0.05) as mirror:
        command = crawl_command(out, "almayadeen", "--mirror", mirror.url, "--warc", str(stem))
        crawl = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        archive = tmp_path / "killed-00000.warc.gz"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(readable(archive)) < 10:
            time.sleep(0.1)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=60)
    seen = len(readable(archive))
    assert seen >= 10
    assert len(ArchiveStore([archive]).urls()) >= seen - 1


def readable(path: Path) -> list[str]:
    urls: list[str] = []
    with contextlib.suppress(ArchiveError, FileNotFoundError):
        urls.extend(response.url for response in read_responses(path))
    return urls


# ---------------------------------------------------------------- command line


def test_a_replay_is_not_archived(tmp_path: Path) -> None:
    done = subprocess.run(crawl_command(tmp_path / "o.jsonl", "--replay", str(SITE), "--warc",
                                        str(tmp_path / "a")), capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2 and "a --replay is not the site" in done.stderr
    assert not list(tmp_path.glob("a-*"))


def test_a_second_archive_never_overwrites_the_first(live: dict, tmp_path: Path) -> None:
    from newscrawl.warc import ArchiveWriter

    stem = tmp_path / "again"
    for _ in range(2):
        writer = ArchiveWriter(stem, {"software": "test"})
        writer.open()
        writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "again-00000.warc.gz",
        "again-00001.warc.gz",
    ]


def test_missing_archives_are_usage_errors(tmp_path: Path) -> None:
    done = run_extract("--warc", str(tmp_path / "nope.warc.gz"), rc=2)
    assert done.stderr.strip().startswith("newscrawl extract: no such WARC file")
    done = subprocess.run(crawl_command(tmp_path / "o.jsonl", "--replay", str(tmp_path / "x")),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "no such file or folder" in done.stderr


def test_record_writes_an_archive_too(tmp_path: Path) -> None:
    url = "https://english.almayadeen.net/news/politics/putin-tells-macron-donbass-escalation-due-to-kyiv-forces"
    with ReplayServer(FIXTURES / "pages") as server:
        done = subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", "record", url, "--into",
             str(tmp_path / "saved"), "--mirror", server.url, "--warc", str(tmp_path / "rec")],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (response,) = [r for r in read_responses(tmp_path / "rec-00000.warc.gz") if r.url == url]
    assert response.status == 200
    assert response.body == (FIXTURES / "pages" / "en-news-seed" / "body.html").read_bytes()


def test_archives_are_downloaded_from_a_list_of_urls(live: dict, reextracted: list,
                                                     tmp_path: Path) -> None:  # fmt: skip
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(live["archive"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        listing = tmp_path / "warc.paths.gz"
        names = "".join(f"{base}/{path.name}\n" for path in live["files"])
        listing.write_bytes(gzip.compress(names.encode()))
        done = run_extract("--warc-list", str(listing), "--jobs", "2")
    finally:
        server.shutdown()
        server.server_close()
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [without(r) for r in records] == [without(r) for r in reextracted]


def test_a_compressed_bomb_in_an_archive_is_a_too_large_record(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from newscrawl.warc import ArchiveWriter, Exchange

    seed = FIXTURES / "pages" / "en-news-seed"
    url = json.loads((seed / "info.json").read_text())["url"]
    bomb = gzip.compress(b"<html>" + b" " * (64 * 1024 * 1024), compresslevel=9)
    writer = ArchiveWriter(tmp_path / "mixed", {"software": "test"})
    html = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    page = gzip.compress((seed / "body.html").read_bytes())
    for page_url, headers, body in (
        (f"{url}-bomb", html, bomb),
        (f"{url}.pdf", [("Content-Type", "application/pdf")], b"%PDF-1.7"),
        (url, html, page),
    ):
        writer.write(Exchange(page_url, "GET", [], 200, headers, body, datetime.now(UTC)))
    writer.close()
    done = run_extract("--warc", str(tmp_path / "mixed-00000.warc.gz"), "--jobs", "1")
    bombed, article = [json.loads(line) for line in done.stdout.splitlines()]
    assert bombed["url"] == f"{url}-bomb" and bombed["error"]["kind"] == "too_large"
    assert "DOWNLOAD_MAXSIZE" in bombed["error"]["message"]
    expected = json.loads((seed / "expected.json").read_text())
    assert article["headline"] == expected["headline"]  # read through its gzip encoding
    assert "not HTML 1" in done.stderr


class GzipMirror(ReplayServer):
    """A loopback mirror that sends every page gzip-compressed (Content-Encoding: gzip), as
    most news sites do."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        store = open_store(root)

        class Compressing(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host, _, rest = self.path.lstrip("/").partition("/")
                page = store.find(f"https://{host}/{rest}")
                body = gzip.compress(page.body if page else b"gone", mtime=0)
                self.send_response(page.status if page else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd.RequestHandlerClass = Compressing


def test_compressed_answers_are_archived_compressed(tmp_path: Path) -> None:
    seed = FIXTURES / "pages" / "en-news-seed"
    url = json.loads((seed / "info.json").read_text())["url"]
    with GzipMirror(FIXTURES / "pages") as mirror:
        crawled = cli_crawl(tmp_path / "out" / "articles.jsonl", "--urls", url, "-a", "follow=no",
                            "--mirror", mirror.url, "--warc", str(tmp_path / "gz"))  # fmt: skip
    (archived,) = [r for r in read_responses(tmp_path / "gz-00000.warc.gz") if r.url == url]
    assert archived.header("Content-Encoding") == "gzip"
    assert archived.body is not None and archived.body.startswith(b"\x1f\x8b")  # as sent
    assert gzip.decompress(archived.body) == (seed / "body.html").read_bytes()
    done = run_extract("--warc", str(tmp_path / "gz-00000.warc.gz"), "--jobs", "1")
    (record,) = [json.loads(line) for line in done.stdout.splitlines() if url in line]
    (live,) = [r for r in crawled["records"] if r.get("url") == url]
    assert without(record, CRAWL_TIME) == without(live, CRAWL_TIME)


def test_serve_answers_from_an_archive(live: dict[str, Any]) -> None:
    import urllib.request

    url = "english.almayadeen.net/"
    with (
        ReplayServer(live["archive"]) as server,
        urllib.request.urlopen(f"{server.url}/{url}", timeout=30) as answer,
    ):
        body = answer.read()
    assert body == open_store(SITE).find(f"https://{url}").body
