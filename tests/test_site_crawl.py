"""Whole crawls of the fixture site (fixtures/site) through Scrapy's real engine, compared with
its checked-in expected export. Volatile fields (crawled_at, content_hash, found_on) left out."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.serve import ReplayServer
from testkit.sitegen import LISTING_SHAPE
from tests.helpers import FIXTURES, VOLATILE, cli_crawl, read_lines, stable

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
IGNORED = VOLATILE | {"found_on"}  # the page a record was found on depends on crawl order
EXPECTED_RECORDS = sorted(
    stable(r, IGNORED) for r in read_lines(SITE / "expected" / "records.jsonl")
)
EXPECTED_FAILURES = sorted(
    (f["url"], f["status"], f["error"]["kind"])
    for f in read_lines(SITE / "expected" / "failures.jsonl")
)
EXPECTED_ARTICLES = [
    r for r in read_lines(SITE / "expected" / "records.jsonl") if r["type"] != "breaking"
]
ARTICLE_URLS = {r["url"] for r in EXPECTED_ARTICLES}
# Every saved page of a listing shape: home, sections, regions, media kinds, authors, topics.
LISTING_URLS = {
    json.loads(info.read_text())["url"]
    for info in SITE.rglob("info.json")
    if LISTING_SHAPE.match(urlsplit(json.loads(info.read_text())["url"]).path)
    or urlsplit(json.loads(info.read_text())["url"]).path == "/"
}


def crawl(out_dir: Path, *options: str) -> dict[str, Any]:
    return cli_crawl(out_dir / "articles.jsonl", "almayadeen", *options)


def failures(result: dict[str, Any]) -> list[tuple[str, int, str]]:
    return sorted((f["url"], f["status"], f["error"]["kind"]) for f in result["failures"])


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(tmp_path_factory.mktemp("site-replay"), "--replay", str(SITE))


@pytest.fixture(scope="module")
def loopback(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with ReplayServer(SITE) as server:
        return crawl(tmp_path_factory.mktemp("site-loopback"), "--mirror", server.url)


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_sections_crawl_equals_the_expected_export(
    name: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(name)
    assert sorted(stable(r, IGNORED) for r in result["records"]) == EXPECTED_RECORDS
    assert failures(result) == EXPECTED_FAILURES


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_report_adds_up(name: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(name)
    report = result["report"]
    assert report["articles"] == len(ARTICLE_URLS) == 38
    assert report["records_by_type"]["breaking"] == 12
    assert sum(report["records_by_type"].values()) == len(result["records"])
    assert sum(report["errors_by_kind"].values()) == len(result["failures"])
    assert report["blocked_pages"] == 1
    assert report["field_coverage"]["published_at"] == 1.0
    # Three media pages (a video, an infograph, a newscast) have no text besides the media.
    assert report["field_coverage"]["body"] == round(35 / 38, 3)
    # The tracking-parameter link and the redirect lead to articles exported once, under their
    # own URLs (fixtures/site/README.md, "special cases").
    urls = [r["url"] for r in result["records"] if r["type"] != "breaking"]
    assert len(urls) == len(set(urls)) == 38
    assert not any("utm_source" in u or "children-in-" in u for u in urls)
    target = "https://english.almayadeen.net/news/politics/iraqi-health-ministry-launches-vaccination-campaign-for-313-"
    tracked = "https://english.almayadeen.net/news/politics/jenin-hospitals-add-91-intensive-care-beds-ahead-of-winter"
    assert urls.count(target) == urls.count(tracked) == 1
    assert "field coverage over 38 articles" in result["stdout"]


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_every_kind_of_page_is_found(name: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(name)
    found = Counter(r["type"] for r in result["records"] if r["type"] != "breaking")
    for kind in ("news", "opinion", "analysis", "blog", "feature", "video", "infograph",
                 "gallery", "live"):  # fmt: skip
        assert found[kind] >= 2, (kind, found)
    # Author and topic pages are walked as listings (every one of them, every page of each).
    assert result["report"]["counters"]["pages/listing"] == len(LISTING_URLS)
    assert sum("/authors/" in u for u in LISTING_URLS) >= 10
    assert len({u.split("?")[0] for u in LISTING_URLS if "/coverage/" in u}) >= 2


def test_media_pages_carry_their_media(replay: dict) -> None:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for record in replay["records"]:
        by_type.setdefault(record["type"], []).append(record)
    durations = sorted(r["video"]["duration_seconds"] or 0 for r in by_type["video"])
    assert durations == [98, 245]
    assert all(r["video"]["url"].endswith(".mp4") for r in by_type["video"] + by_type["live"])
    assert all(r["images"][0]["url"].split("?")[0].endswith(".png") for r in by_type["infograph"])
    assert sorted(len(r["images"]) for r in by_type["gallery"]) == [5, 6]
    assert all(i["caption"] and i["credit"] for r in by_type["gallery"] for i in r["images"])
    people = [a for r in by_type["opinion"] + by_type["analysis"] for a in r["authors"]]
    assert people and all(
        a["kind"] == "person" and a["url"].startswith("https://english.almayadeen.net/authors/")
        for a in people
    )


def test_each_article_once_despite_tracking_parameters_and_redirects(replay: dict) -> None:
    urls = [r["url"] for r in replay["records"] if r["type"] != "breaking"]
    assert len(urls) == len(set(urls)) == 38
    assert all("utm_" not in u and "#" not in u for u in urls)


def test_sitemap_mode_with_an_archive_window(tmp_path: Path) -> None:
    result = crawl(tmp_path, "--replay", str(SITE), "--mode", "sitemap",
                   "--since", "2025-11-01", "--until", "2025-11-30")  # fmt: skip
    articles = [r for r in result["records"] if r["type"] != "breaking"]
    assert articles
    assert all(r["published_at"].startswith("2025-11") for r in articles)
    november = [
        r for r in read_lines(SITE / "expected" / "records.jsonl")
        if r["type"] != "breaking" and r["published_at"].startswith("2025-11")
    ]  # fmt: skip
    assert {r["url"] for r in articles} >= {r["url"] for r in november}
    # Every article request of the sitemaps waited on disk (spiders/pending.py), not in memory.
    assert result["report"]["counters"]["pending/sitemap_articles"] == len(articles)


def test_feed_mode(tmp_path: Path) -> None:
    result = crawl(tmp_path, "--replay", str(SITE), "--mode", "feed", "-a", "follow=no")
    articles = [r for r in result["records"] if r["type"] != "breaking"]
    assert len(articles) == 10
    assert {r["url"] for r in articles} <= ARTICLE_URLS


def test_page_limit(tmp_path: Path) -> None:
    # Eight pages reach no article: allowed here (the crawl would otherwise count as failed).
    result = crawl(tmp_path, "--replay", str(SITE), "--max-pages", "8",
                   "-s", "NEWSCRAWL_FAIL_WITHOUT_ARTICLES=false")  # fmt: skip
    report = result["report"]
    assert report["counters"]["skipped/max_pages"] > 0
    # 8 requests from the spider, plus robots.txt.
    assert report["pages_fetched"] <= 9
