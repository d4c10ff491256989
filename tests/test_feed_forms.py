"""Every sitemap and feed form a site may publish is walked: gzipped sitemaps (served with no
Content-Encoding), plain-text sitemaps, RSS items with only a permalink `<guid>`, JSON Feed. A
real crawl through Scrapy's engine against a loopback server (testkit/feedforms.py builds the
site: each article reachable through one form only), then the parsers one form at a time."""

from __future__ import annotations

import gzip
import json
import resource
from typing import Any

import pytest

from newscrawl.extraction.feeds import (
    TooLarge,
    feed_links,
    json_feed_links,
    parse_sitemap,
    text_sitemap,
    unpacked,
)
from newscrawl.schema import validate_record
from testkit import feedforms
from tests.helpers import cli_crawl
from tests.test_news_spider import EXPECTED_RECORDS, RecordingMirror, stable_by_url


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    site = feedforms.build(tmp_path_factory.mktemp("feed-forms") / "site")
    out = tmp_path_factory.mktemp("feed-forms-out") / "out.jsonl"
    with RecordingMirror(site) as server:
        result = cli_crawl(out, "news", "-a", f"start={feedforms.BASE}/", "--mirror", server.url)
    return {**result, "requested": server.paths}


def test_each_form_leads_to_its_article(crawl: dict[str, Any]) -> None:
    # A: text sitemap; B: RSS guid; C: gzipped Google News sitemap; D: JSON Feed. The home page
    # links none of them, so each record proves its form was read.
    assert stable_by_url(crawl["records"]) == EXPECTED_RECORDS
    for record in crawl["records"]:
        assert validate_record(record) == []


def test_the_gzipped_news_sitemap_still_gives_its_date(crawl: dict[str, Any]) -> None:
    (record,) = [r for r in crawl["records"] if r["url"] == feedforms.ARTICLE_C]
    assert record["published_at_raw"] == "2025-11-18T12:40:00+01:00"


def test_a_guid_that_is_no_permalink_is_not_followed(crawl: dict[str, Any]) -> None:
    assert "/2025/11/16/riverside-market-returns-for-the-winter" not in crawl["requested"]


def test_the_bomb_is_refused_with_its_reason(crawl: dict[str, Any]) -> None:
    (failure,) = crawl["failures"]
    assert failure["url"] == feedforms.BOMB
    assert failure["error"]["kind"] == "too_large"
    assert "DOWNLOAD_MAXSIZE" in failure["error"]["message"]
    assert crawl["report"]["counters"]["pages/sitemap"] == 4  # index, .gz, .txt, bomb
    assert crawl["report"]["counters"]["pages/feed"] == 2  # RSS, JSON Feed


# ---------------------------------------------------------------- the forms, one at a time


def test_gzip_is_inflated_within_the_limit() -> None:
    xml = b"<urlset><url><loc>https://a.example/2025/01/01/x</loc></url></urlset>"
    assert unpacked(gzip.compress(xml), 1000) == xml
    assert unpacked(gzip.compress(xml) + gzip.compress(xml), 1000) == xml + xml  # two members
    assert unpacked(xml, 10) == xml  # not gzip: as it is
    with pytest.raises(TooLarge, match="DOWNLOAD_MAXSIZE"):
        unpacked(gzip.compress(xml), len(xml) - 1)
    with pytest.raises(ValueError, match="unreadable"):
        unpacked(b"\x1f\x8b" + b"junk", 1000)


def test_a_bomb_costs_no_more_memory_than_the_limit() -> None:
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TooLarge):
        unpacked(bomb, 8 * 1024 * 1024)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 64 * 1024  # far below the 256 MiB it would inflate to


def test_text_sitemaps() -> None:
    body = b"\xef\xbb\xbfhttps://a.example/2025/01/01/x\r\n\r\nhttps://a.example/y  \n"
    kind, entries = parse_sitemap(body)
    assert kind == "urlset"
    assert [e.loc for e in entries] == ["https://a.example/2025/01/01/x", "https://a.example/y"]
    assert parse_sitemap(b"Not found\n") == ("invalid", [])
    # A line that is not a URL: not a text sitemap (the protocol allows URLs only).
    assert text_sitemap(b"https://a.example/x\nsee also https://a.example/y\n") == []
    assert text_sitemap(b"\xff\xfe") == []


def test_rss_guid_permalinks() -> None:
    rss = b"""<rss version="2.0"><channel>
    <item><guid isPermaLink="true">https://a.example/1</guid></item>
    <item><guid>https://a.example/2</guid></item>
    <item><guid isPermaLink="false">https://a.example/3</guid></item>
    <item><guid>tag:a.example,2025:4</guid></item>
    <item><link>https://a.example/5</link><guid>https://a.example/other</guid></item>
    </channel></rss>"""
    assert feed_links(rss) == ["https://a.example/1", "https://a.example/2", "https://a.example/5"]


def test_json_feed() -> None:
    feed = {"version": "https://jsonfeed.org/version/1", "items": [
        {"id": "1", "url": "https://a.example/1"},
        {"id": "https://a.example/2"},
        {"id": "3", "external_url": "https://elsewhere.example/3"},
        "junk", {"url": 5},
    ]}  # fmt: skip
    body = json.dumps(feed).encode()
    assert feed_links(body) == ["https://a.example/1", "https://a.example/2"]
    assert json_feed_links(b"[1, 2]") == []
    assert json_feed_links(b"{not json") == []
    assert json_feed_links(b"[" * 100_000) == []  # nested past the recursion limit
