"""A CC-NEWS-shaped WARC (testkit/ccnews.py: about 280 pages of many publishers, mixed, some
stored decoded the Common Crawl way, some gzip-encoded as sent) read by `extract --warc` with a
site filter: only Al Mayadeen's pages come out, each with the record its fixture expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.profiles import profile_for
from newscrawl.replay import ReplayStore
from newscrawl.schema import validate_record
from testkit import ccnews
from tests.helpers import FIXTURES, fixture_cases, load_json, read_lines, without
from tests.test_warc import run_extract

ALMAYADEEN_HOSTS = {"english.almayadeen.net", "www.almayadeen.net", "espanol.almayadeen.net"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("ccnews") / "CC-NEWS-TEST-00000.warc.gz"
    return {"path": path, "pages": ccnews.build(path)}


@pytest.fixture(scope="module")
def almayadeen(archive: dict[str, Any]) -> list[dict[str, Any]]:
    done = run_extract("--warc", str(archive["path"]), "--site", "almayadeen", "--jobs", "2")
    return [json.loads(line) for line in done.stdout.splitlines()]


def is_html_page(page: ccnews.ArchivedPage) -> bool:
    content_type = page.headers.get("Content-Type", "")
    return "html" in content_type and not 300 <= page.status < 400


def test_the_archive_mixes_publishers(archive: dict[str, Any]) -> None:
    hosts = {urlsplit(page.url).hostname for page in archive["pages"]}
    assert hosts >= ALMAYADEEN_HOSTS
    assert len(hosts) > 150


def test_only_al_mayadeens_pages_come_out(archive: dict, almayadeen: list) -> None:
    expected = {p.url for p in archive["pages"] if is_html_page(p)
                and urlsplit(p.url).hostname in ALMAYADEEN_HOSTS}  # fmt: skip
    assert [r["url"] for r in almayadeen] == [
        p.url for p in archive["pages"] if p.url in expected
    ]  # every page once, in archive order
    for record in almayadeen:
        assert validate_record(record) == [], record["url"]
        assert profile_for(record["url"]).site == "almayadeen"
        assert record["crawled_at"] == "2026-11-20T10:00:00+00:00"  # the WARC-Date


def test_the_site_articles_are_the_crawls(almayadeen: list[dict[str, Any]]) -> None:
    """fixtures/site's expected export: each article as a crawl of the site exports it."""
    expected = {r["url"]: r for r in read_lines(FIXTURES / "site" / "expected" / "records.jsonl")
                if r["type"] != "breaking"}  # fmt: skip
    found = {r["url"]: without(r) for r in almayadeen if r["url"] in expected}
    assert found == expected


def test_the_fixture_pages_give_their_expected_records(almayadeen: list) -> None:
    by_url = {r["url"]: r for r in almayadeen}
    # Two pages share their URL with a page of fixtures/site, whose copy the archive holds.
    in_site = set(ReplayStore(FIXTURES / "site").urls())
    checked = 0
    for case in fixture_cases():
        url = load_json(case / "info.json")["url"]
        if urlsplit(url).hostname not in ALMAYADEEN_HOSTS or url in in_site:
            continue
        expected, record = load_json(case / "expected.json"), by_url[url]
        if "error" in expected:
            assert record["error"]["kind"] == expected["error"]["kind"], case.name
        else:
            assert {k: record.get(k) for k in expected} == expected, case.name
        checked += 1
    assert checked >= 20


def test_a_host_filter_keeps_one_host(archive: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    run_extract("--warc", str(archive["path"]), "--host", "example.org", "-o", str(out))
    records = read_lines(out)
    assert {urlsplit(r["url"]).hostname for r in records} == {"news.example.org"}
    articles = [r for r in records if "error" not in r]
    assert len(articles) == 4  # the generic site's four articles (its /about is no article)
