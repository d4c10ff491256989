"""The synthetic-site generator (testkit/sitegen.py) and the fixture site it wrote.

These test the generator itself, not the extraction code: determinism, that fixtures/site is
exactly what the generator writes, and the site's own rules (slugs, metadata script layout,
Beirut offsets, reachability, sitemaps, ticker).
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from testkit import sitegen
from testkit.sitegen import (
    BASE,
    DST_END,
    ArticleSpec,
    SiteManifest,
    beirut_iso,
    build_site,
    expected_record,
    folder_for,
    generate_articles,
    naive_utc,
    render_article,
    site_articles,
    slugify,
    ticker_for_page,
    ticker_pool,
)
from tests.helpers import FIXTURES

SITE = FIXTURES / "site"
CHANGED = FIXTURES / "site-changed"
SCRIPT = re.compile(
    rb'<script id="tawsiyat-metadata" type="text/tawsiyat">\r\n(.*?)\r\n</script>', re.S
)
HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
TICKER = re.compile(r'<div class="breaking-news">.*?</div>', re.S)
KEY_ORDER = [
    "type",
    "postid",
    "title",
    "url",
    "keywords",
    "thumbnail",
    "video_duration",
    "word_count",
    "lang",
    "published_time",
    "last_updated",
    "description",
    "author",
    "classes",
    "html",
    "lite_url",
]


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` but README.md, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() != "README.md"
    }


def body_of(root: Path, url: str) -> str:
    folder = folder_for(root, url)
    return next(folder.glob("body.*")).read_text(encoding="utf-8")


def links(root: Path, url: str) -> set[str]:
    """Absolute URLs (fragment and query kept) of a saved page's `<a href>` links."""
    return {urljoin(url, href.replace("&amp;", "&")) for href in HREF.findall(body_of(root, url))}


@pytest.fixture(scope="module")
def articles() -> list[ArticleSpec]:
    return site_articles(30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, articles: list[ArticleSpec]) -> SiteManifest:
    return build_site(tmp_path_factory.mktemp("site"), articles)


# ---------------------------------------------------------------- determinism


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_site(tmp_path / "a", generate_articles(5))
    second = build_site(tmp_path / "b", generate_articles(5))
    assert first.article_urls == second.article_urls
    built = files(tmp_path / "a")
    assert len([name for name in built if name.endswith("info.json")]) >= 5 + 7
    assert built == files(tmp_path / "b")


def test_the_checked_in_fixture_site_is_a_fresh_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fixtures/site must be exactly `python -m testkit.sitegen fixtures/site`: rebuild it
    instead of editing it."""
    assert sitegen.main([str(tmp_path / "site")]) == 0
    assert "38 articles" in capsys.readouterr().out
    fresh, on_disk = files(tmp_path / "site"), files(SITE)
    assert sorted(fresh) == sorted(on_disk)
    changed = [name for name in fresh if fresh[name] != on_disk[name]]
    assert not changed, f"differs from a fresh build: {changed[:5]}"
    assert (SITE / "README.md").is_file()


def test_the_checked_in_changed_site_is_a_fresh_build_of_template_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fixtures/site-changed must be exactly `python -m testkit.sitegen fixtures/site-changed
    --template 2`."""
    assert sitegen.main([str(tmp_path / "site"), "--template", "2"]) == 0
    assert "in template 2 (no expected records)" in capsys.readouterr().out
    fresh, on_disk = files(tmp_path / "site"), files(CHANGED)
    assert sorted(fresh) == sorted(on_disk)
    changed = [name for name in fresh if fresh[name] != on_disk[name]]
    assert not changed, f"differs from a fresh build: {changed[:5]}"
    assert (CHANGED / "README.md").is_file()


def test_template_2_changes_the_article_pages_only(site: SiteManifest, tmp_path: Path) -> None:
    """The redesign renames the byline, drops the metadata script and renames the body
    container of every article page; every other page is the same but for the author pages'
    new address."""
    redesign = sitegen.TEMPLATES[2]
    articles = site_articles(30)
    changed = build_site(tmp_path / "changed", articles, template=redesign)
    assert changed.article_urls == site.article_urls
    assert not (tmp_path / "changed" / "expected").exists()
    to_writers = {u.replace("/authors/", "/writers/") for u in site.saved_urls}
    assert set(changed.saved_urls) == to_writers
    for url in changed.saved_urls:
        before = body_of(site.root, url.replace("/writers/", "/authors/"))
        after = body_of(changed.root, url)
        if url not in site.article_urls:
            assert after == before.replace("/authors/", "/writers/"), url
            continue
        script = '<script id="tawsiyat-metadata"'
        assert script in before and script not in after, url
        assert '<div class="p-content">' in before and '<div class="p-content">' not in after
        assert '<div class="article-body">' in after
        assert "<li>By " in before and "<li>By " not in after and "/authors/" not in after
        assert after.count('<span class="writer">') >= 1, url
    spec = next(s for s in articles if len(s.authors) == 2 and all(s.author_slugs))
    first, second = (f'<a href="/writers/{slug}">' for slug in spec.author_slugs)
    page = body_of(changed.root, spec.url)
    assert f'<li><span class="writer">{first}' in page
    assert f', <span class="writer">{second}' in page


def test_rebuilding_keeps_the_readme_and_refuses_foreign_folders(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "README.md").write_text("kept\n", encoding="utf-8")
    assert sitegen.main([str(root), "--count", "5"]) == 0
    assert sitegen.main([str(root), "--count", "5"]) == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "kept\n"
    (root / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        sitegen.main([str(root)])
    assert (root / "notes.txt").exists()


def test_generating_5000_articles_takes_a_few_cpu_seconds() -> None:
    start = time.process_time()  # CPU time: the same on a busy machine
    many = generate_articles(5000)
    assert time.process_time() - start < 5
    assert len({spec.url for spec in many}) == 5000
    assert len({spec.postid for spec in many}) == 5000


# ---------------------------------------------------------------- the site's rules


def test_slugs_follow_the_site_rule(articles: list[ArticleSpec]) -> None:
    assert slugify('UN & EU "deeply concerned" over Sana’a fuel shortages') == (
        "un---eu--deeply-concerned--over-sana-a-fuel-shortages"
    )
    assert slugify("Five things to know about the Eastern Mediterranean gas forum talks") == (
        "five-things-to-know-about-the-eastern-mediterranean-gas-foru"
    )
    for spec in articles:
        slug = spec.path.rsplit("/", 1)[1]
        assert slug == slugify(spec.headline)
        assert len(slug) == min(60, len(spec.headline))
        assert re.fullmatch(r"[a-z0-9-]+", slug)
        # Every character that is not a letter or digit became exactly one `-`.
        for char, out in zip(spec.headline.lower(), slug, strict=False):
            assert out == (char if char.isalnum() else "-")
    assert any(len(spec.headline) > 60 for spec in articles)
    assert any("--" in spec.path for spec in articles)


def test_metadata_script_has_crlf_two_space_indent_and_the_key_order(
    articles: list[ArticleSpec],
) -> None:
    page = render_article(articles[0], [], [])
    match = SCRIPT.search(page)
    assert match, "metadata script missing or without CRLF around it"
    text = match.group(1)
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert text.split(b"\r\n")[1].startswith(b'  "type": ')
    data = json.loads(text)
    assert list(data) == KEY_ORDER
    assert data["classes"][0] == {
        "key": "class1",
        "mapping": "posttype",
        "value": articles[0].posttype,
    }
    assert data["thumbnail"].endswith("?v=2&width=1000")
    assert data["word_count"] == str(articles[0].word_count)


def test_beirut_offsets_on_both_sides_of_the_switch(articles: list[ArticleSpec]) -> None:
    # Lebanon left summer time at 2025-10-26 00:00 (+03:00), i.e. 2025-10-25 21:00 UTC.
    assert beirut_iso(datetime(2025, 10, 25, 20, 59, tzinfo=UTC)) == "2025-10-25T23:59:00+03:00"
    assert beirut_iso(datetime(2025, 10, 25, 21, 0, tzinfo=UTC)) == "2025-10-25T23:00:00+02:00"
    assert beirut_iso(datetime(2025, 10, 25, 22, 0, tzinfo=UTC)) == "2025-10-26T00:00:00+02:00"
    assert naive_utc(datetime(2025, 10, 26, 9, 35, 12, tzinfo=sitegen.BEIRUT)) == (
        "2025-10-26T07:35:12.0000000"
    )
    summer = [s for s in articles if s.published < DST_END]
    winter = [s for s in articles if s.published >= DST_END]
    assert summer and winter
    assert all(beirut_iso(s.published).endswith("+03:00") for s in summer)
    assert all(beirut_iso(s.published).endswith("+02:00") for s in winter)
    crossing = [s for s in summer if s.modified >= DST_END]
    assert crossing, "no article updated across the switch"
    record = expected_record(crossing[0])
    assert record["published_at"].endswith("+03:00")
    assert record["modified_at"].endswith("+02:00")


def test_the_page_states_the_spec_times(articles: list[ArticleSpec]) -> None:
    spec = next(s for s in articles if s.modified != s.published)
    page = render_article(spec, [], []).decode("utf-8")
    script = SCRIPT.search(page.encode())
    assert script
    meta = json.loads(script.group(1))
    assert meta["published_time"] == beirut_iso(spec.published)
    assert meta["last_updated"] == beirut_iso(spec.modified)
    assert f'"article:published_time" content="{naive_utc(spec.published)}"' in page
    assert f'"article:modified_time" content="{naive_utc(spec.modified)}"' in page
    assert f"<li>{spec.published:%d %b %Y %H:%M}</li>" in page


def test_every_article_is_on_a_listing_page_and_in_one_monthly_sitemap(
    site: SiteManifest, articles: list[ArticleSpec]
) -> None:
    listed = set().union(*(links(site.root, url) for url in site.listing_urls))
    for spec in articles:
        assert spec.url in listed, f"{spec.url} is on no listing page"
    index, *monthly = site.sitemap_urls
    assert LOC.findall(body_of(site.root, index)) == monthly
    assert [urlsplit(u).path for u in monthly] == [
        "/sitemaps/all/sitemap-2025-10.xml",
        "/sitemaps/all/sitemap-2025-11.xml",
    ]
    seen: dict[str, list[str]] = {}
    for url in monthly:
        for loc in LOC.findall(body_of(site.root, url)):
            seen.setdefault(loc, []).append(url)
    assert sorted(seen) == sorted(spec.url for spec in articles)
    for spec in articles:
        (only,) = seen[spec.url]
        assert only.endswith(f"sitemap-2025-{spec.published.month}.xml")


def test_listings_have_two_pages_linked_by_rel_next_and_page_numbers(site: SiteManifest) -> None:
    sections = ("/news/", "/articles/", "/region/")
    firsts = [
        u for u in site.listing_urls if "?" not in u and urlsplit(u).path.startswith(sections)
    ]
    assert len(firsts) == 6
    for url in firsts:
        first, second = body_of(site.root, url), body_of(site.root, url + "?page=2")
        assert '<link rel="next" href="?page=2">' in first
        assert f"{url}?page=2" in links(site.root, url)
        assert 'rel="next"' not in second
        assert '<meta property="og:type" content="website">' in first
        assert "tawsiyat-metadata" not in first
    home = links(site.root, f"{BASE}/")
    assert set(firsts) <= home


def test_every_followed_link_is_saved_or_an_expected_failure(site: SiteManifest) -> None:
    saved = {sitegen.canonical(u) for u in site.saved_urls}
    failures = {f["url"] for f in site.failures}
    for url in [*site.article_urls, *site.listing_urls]:
        for link in links(site.root, url):
            canonical = sitegen.canonical(link)
            if sitegen.is_followed(canonical):
                assert canonical in saved or canonical in failures, (url, link)


def test_special_cases(site: SiteManifest) -> None:
    special = site.special_urls
    assert site.failures == [
        {"url": special["dead"], "status": 404, "error": {"kind": "not_found"}},
        {"url": special["blocked"], "status": 403, "error": {"kind": "blocked"}},
    ]
    info = json.loads((folder_for(site.root, special["redirect"]) / "info.json").read_text())
    assert info["status"] == 301
    assert info["headers"]["Location"] == special["redirect_target"]
    assert special["redirect_target"] in site.article_urls
    assert (folder_for(site.root, special["redirect"]) / "body.html").read_bytes() == b""
    assert "Just a moment..." in body_of(site.root, special["blocked"])
    assert "Page not found" in body_of(site.root, special["dead"])
    listed = set().union(*(links(site.root, url) for url in site.listing_urls))
    assert {special["dead"], special["blocked"], special["redirect"]} <= listed
    assert special["tracking"] in listed
    assert "?utm_source=twitter&utm_medium=social#" in special["tracking"]
    record_urls = [r["url"] for r in site.records]
    assert special["redirect"] not in record_urls
    assert not any(u and "utm_" in u for u in record_urls)


def test_ticker_pages_show_8_to_10_of_12_items_and_all_of_them_together(
    site: SiteManifest, articles: list[ArticleSpec]
) -> None:
    pool = ticker_pool(articles)
    assert len(pool) == 12 and len({item.text for item in pool}) == 12
    assert 1 <= sum(1 for item in pool if item.url) <= 4
    assert all(item.url in site.article_urls for item in pool if item.url)
    windows = [ticker_for_page(pool, k) for k in range(40)]
    assert all(8 <= len(w) <= 10 for w in windows)
    assert len({tuple(w) for w in windows}) > 1
    shown: set[str] = set()
    for url in site.article_urls[-10:]:  # the feed's articles alone show every item
        block = TICKER.search(body_of(site.root, url))
        assert block
        shown |= {item.text for item in pool if f">{sitegen.esc(item.text)}<" in block.group()}
    assert shown == {item.text for item in pool}
    breaking = [r for r in site.records if r["type"] == "breaking"]
    assert sorted(r["text"] for r in breaking) == sorted(item.text for item in pool)
    assert all("found_on" not in r and "crawled_at" not in r for r in breaking)


def test_rss_robots_and_content_types(site: SiteManifest, articles: list[ArticleSpec]) -> None:
    (feed,) = site.feed_urls
    rss = body_of(site.root, feed)
    assert LOC.findall(rss) == []
    newest = [spec.url for spec in articles[::-1][:10]]
    assert re.findall(r"<link>([^<]+)</link>", rss)[1:] == newest
    assert (
        len(re.findall(r"<pubDate>\w{3}, \d{2} \w{3} 2025 [\d:]{8} \+0[23]00</pubDate>", rss)) == 10
    )
    robots = body_of(site.root, site.robots_url)
    assert robots.splitlines()[:2] == ["User-agent: *", "Disallow: /search"]
    assert f"Sitemap: {BASE}/sitemaps/all.xml" in robots

    def content_type(url: str) -> str:
        info: dict[str, Any] = json.loads((folder_for(site.root, url) / "info.json").read_text())
        assert info["fetched_at"] == "2026-11-20T10:00:00+00:00"
        return str(info["headers"]["Content-Type"])

    assert content_type(feed) == "application/rss+xml"
    assert {content_type(url) for url in site.sitemap_urls} == {"application/xml"}
    assert content_type(site.robots_url).startswith("text/plain")


# ---------------------------------------------------------------- expected records


def test_expected_records_follow_the_record_format(site: SiteManifest) -> None:
    lines = (site.root / "expected" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records == site.records
    keys = [(r["url"] or "", r.get("text") or "") for r in records]
    assert keys == sorted(keys)
    articles = [r for r in records if r.get("type") != "breaking"]
    assert len(articles) == 38
    for record in articles:
        assert "crawled_at" not in record and "content_hash" not in record
        assert record["canonical_url"] == record["url"]
        assert re.fullmatch(r"almayadeen-en-\d+", record["id"])
        assert record["published_at"] == record["published_at_raw"]
        assert record["tags"] and len({t.casefold() for t in record["tags"]}) == len(record["tags"])


def test_expected_record_reads_tags_and_reading_time_as_a_reader_would(
    articles: list[ArticleSpec],
) -> None:
    no_tags = next(s for s in articles if not s.tags)
    first_spellings: dict[str, str] = {}
    for keyword in no_tags.keywords.split(","):
        first_spellings.setdefault(keyword.casefold(), keyword)
    assert expected_record(no_tags)["tags"] == list(first_spellings.values())
    no_time = next(s for s in articles if s.reading_minutes is None)
    assert expected_record(no_time)["reading_time_minutes"] == -(-no_time.word_count // 200)
    two = next(s for s in articles if len(s.authors) == 2)
    record = expected_record(two)
    assert record["byline_raw"] == f"By {two.authors[0]} and {two.authors[1]}"
    assert [a["kind"] for a in record["authors"]] == ["person", "person"]
    house = next(s for s in articles if s.author_slugs == [None])
    assert expected_record(house)["authors"] == [
        {"name": house.authors[0], "kind": "organization", "url": None}
    ]
