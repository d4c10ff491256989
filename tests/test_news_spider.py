"""Whole crawls of the generic fixture site (fixtures/generic-site, an invented
`news.example.org`) with the `news` spider and the generic profile, through Scrapy's real
engine, compared with the site's hand-written expected export.

The crawl starts from the home page only (`-a start=https://news.example.org/`): robots.txt
leads to the Google News sitemap (A, B, C), the home page to the RSS feed (A, B) and to its
article links (A, D and a dead link). Volatile fields (crawled_at, content_hash) are left out.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from newscrawl.schema import validate_record
from newscrawl.serve import ReplayServer
from testkit.feedforms import ARTICLE_A, ARTICLE_B, ARTICLE_C, ARTICLE_D, DEAD_LINK, HOST
from tests.helpers import FIXTURES, cli_crawl, read_lines, without

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "generic-site"
START = f"https://{HOST}/"
ABOUT = f"https://{HOST}/about"

# Every path a complete crawl asks the site for, and nothing else: not /about, nor the
# navigation, footer, author, topic or search links, none of which is article-shaped.
REQUESTED_PATHS = {
    "/robots.txt",
    "/news-sitemap.xml",
    "/",
    "/feed.xml",
    "/2025/11/20/city-council-approves-new-bike-lanes",
    "/2025/11/19/water-utility-plans-pipe-renewal-across-three-districts",
    "/2025/11/18/library-extends-opening-hours-for-exam-season",
    "/2025/11/17/opinion-why-our-parks-need-more-shade-trees",
    "/2025/11/16/riverside-market-returns-for-the-winter",
}
NEWS_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
           "news": "http://www.google.com/schemas/sitemap-news/0.9"}  # fmt: skip


def stable_by_url(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records without their volatile fields, sorted by URL (as the expected file is)."""
    return sorted((without(r) for r in records), key=lambda r: r["url"])


def failure_keys(failures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failures as the expected file writes them: url, status and the error's kind."""
    kept = [{"url": f["url"], "status": f["status"], "error": {"kind": f["error"]["kind"]}}
            for f in failures]  # fmt: skip
    return sorted(kept, key=lambda f: f["url"] or "")


EXPECTED_RECORDS = read_lines(SITE / "expected" / "records.jsonl")
EXPECTED_FAILURES = read_lines(SITE / "expected" / "failures.jsonl")


def crawl(out_dir: Path, *options: str) -> dict[str, Any]:
    return cli_crawl(out_dir / "out.jsonl", "news", "-a", f"start={START}", *options)


class RecordingMirror(ReplayServer):
    """The loopback mirror of a replay folder, noting every path on the site it is asked for."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.paths: list[str] = []
        paths = self.paths
        serve = self.httpd.RequestHandlerClass

        class Recording(serve):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:
                # The mirror is asked for /<host>/<path>: note the site's own path.
                paths.append("/" + self.path.lstrip("/").partition("/")[2])
                super().do_GET()

        self.httpd.RequestHandlerClass = Recording


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(tmp_path_factory.mktemp("generic-replay"), "--replay", str(SITE))


@pytest.fixture(scope="module")
def loopback(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with RecordingMirror(SITE) as server:
        result = crawl(tmp_path_factory.mktemp("generic-loopback"), "--mirror", server.url)
    return {**result, "requested": server.paths}


# ---------------------------------------------------------------- the whole crawl


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_crawl_exports_exactly_the_expected_records(
    name: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(name)
    assert stable_by_url(result["records"]) == EXPECTED_RECORDS


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_the_dead_link_is_the_only_failure(name: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(name)
    assert failure_keys(result["failures"]) == EXPECTED_FAILURES
    assert EXPECTED_FAILURES == [{"url": DEAD_LINK, "status": 404, "error": {"kind": "not_found"}}]


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_every_exported_line_passes_the_schema(name: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(name)
    for record in result["records"] + result["failures"]:
        assert validate_record(record) == [], record["url"]


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_report_adds_up(name: str, request: pytest.FixtureRequest) -> None:
    report = request.getfixturevalue(name)["report"]
    assert report["articles"] == 4
    assert report["records_by_type"] == {"news": 3, "opinion": 1}
    assert report["errors_by_kind"] == {"not_found": 1}
    assert report["rejected_by_schema"] == 0
    assert report["verdict"] == {"failed": False, "reasons": []}


# ---------------------------------------------------------------- what is fetched


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_the_about_page_is_never_requested(name: str, request: pytest.FixtureRequest) -> None:
    result = request.getfixturevalue(name)
    # /about is saved and linked from every page's navigation and footer, but is not
    # article-shaped: fetched, it would end as a record or as a failure.
    assert (SITE / HOST / "about" / "info.json").is_file()
    exported = {line["url"] for line in result["records"] + result["failures"]}
    assert ABOUT not in exported
    assert exported == {ARTICLE_A, ARTICLE_B, ARTICLE_C, ARTICLE_D, DEAD_LINK}


def test_the_site_is_asked_only_for_discovery_and_article_pages(loopback: dict) -> None:
    assert set(loopback["requested"]) == REQUESTED_PATHS
    assert "/about" not in loopback["requested"]


# ---------------------------------------------------------------- the Google News sitemap


def sitemap_dates() -> dict[str, str]:
    """Each sitemap entry's <news:publication_date>, read straight from the saved sitemap."""
    tree = ET.parse(SITE / HOST / "news-sitemap.xml" / "body.xml")
    return {
        url.findtext("s:loc", namespaces=NEWS_NS): url.findtext(
            "news:news/news:publication_date", namespaces=NEWS_NS
        )
        for url in tree.getroot().findall("s:url", NEWS_NS)
    }


@pytest.mark.parametrize("name", ["replay", "loopback"])
def test_an_undated_page_takes_its_date_from_the_news_sitemap(
    name: str, request: pytest.FixtureRequest
) -> None:
    page = SITE / HOST / "2025/11/18/library-extends-opening-hours-for-exam-season" / "body.html"
    html = page.read_text(encoding="utf-8")
    for date_source in ("datePublished", "published_time", "<time", "dateModified"):
        assert date_source not in html  # the page itself gives no date at all
    record = next(r for r in request.getfixturevalue(name)["records"] if r["url"] == ARTICLE_C)
    assert record["published_at_raw"] == sitemap_dates()[ARTICLE_C] == "2025-11-18T12:40:00+01:00"
    assert record["published_at"] == "2025-11-18T12:40:00+01:00"


def test_a_dated_page_keeps_its_own_date_over_the_sitemap(replay: dict) -> None:
    record = next(r for r in replay["records"] if r["url"] == ARTICLE_B)
    assert sitemap_dates()[ARTICLE_B] == "2025-11-19T17:05:00+01:00"
    assert record["published_at_raw"] == "2025-11-19T16:05:00Z"  # article:published_time
    assert record["published_at"] == "2025-11-19T16:05:00+00:00"


def test_sitemap_mode_keeps_only_the_since_window(tmp_path: Path) -> None:
    result = crawl(tmp_path, "--replay", str(SITE), "--mode", "sitemap", "--since", "2025-11-19")
    # C (2025-11-18) is outside the window; D is in no sitemap; the home page is not read.
    expected = [r for r in EXPECTED_RECORDS if r["url"] in (ARTICLE_A, ARTICLE_B)]
    assert stable_by_url(result["records"]) == expected
    assert result["failures"] == []
    assert result["report"]["counters"]["skipped/outside_window"] == 1


def test_the_sitemap_date_holds_when_the_home_page_links_the_undated_page_too(
    tmp_path: Path,
) -> None:
    """The home page is read after robots.txt's sitemaps are queued, and the sitemap dates are
    kept by URL, so an undated page gets its Google News date whichever way it is reached."""
    site = Path(shutil.copytree(SITE, tmp_path / "site"))
    home = site / HOST / "_home" / "body.html"
    link = f'<li><a href="{ARTICLE_C.removeprefix(START[:-1])}">Library</a></li>'
    html = home.read_text(encoding="utf-8").replace("</main>", f"<ul>{link}</ul></main>", 1)
    home.write_text(html, encoding="utf-8")
    out = tmp_path / "out" / "articles.jsonl"
    records = cli_crawl(out, "news", "-a", f"start={START}", "--replay", str(site))["records"]
    (record,) = [r for r in records if r.get("url") == ARTICLE_C and "headline" in r]
    expected = next(r for r in EXPECTED_RECORDS if r["url"] == ARTICLE_C)
    assert record["published_at"] == expected["published_at"]


def test_a_site_profile_file_is_registered_and_crawls_by_name(tmp_path: Path) -> None:
    """newscrawl/profiles/example_news.py: one small file makes the site a named profile."""
    from newscrawl.profiles import profile_for, profile_named

    assert profile_for(ARTICLE_A) is profile_named("example-news")
    out = tmp_path / "out" / "articles.jsonl"
    records = cli_crawl(out, "news", "-a", "profile=example-news", "--replay", str(SITE))["records"]
    assert stable_by_url([r for r in records if "headline" in r]) == stable_by_url(EXPECTED_RECORDS)


class PlainSite:
    """A tiny news site served at the root of http://127.0.0.1:PORT/ (no mirror layout), noting
    every path it is asked for."""

    ARTICLES = ("/2025/11/20/harbour-ferry-returns-after-repairs",
                "/2025/11/19/school-garden-wins-regional-prize")  # fmt: skip

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        pages = self.pages()
        asked = self.asked = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                asked.append(self.path)
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def pages(self) -> dict[str, bytes]:
        links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in self.ARTICLES)
        locs = "".join(f"<url><loc>{path}</loc></url>" for path in self.ARTICLES)
        pages = {
            "/": f"<html><body><main><ul>{links}</ul></main></body></html>".encode(),
            "/robots.txt": b"User-agent: *\nAllow: /\n",
            "/sitemap.xml": f'<urlset xmlns="{NEWS_NS["s"]}">{locs}</urlset>'.encode(),
        }
        for n, path in enumerate(self.ARTICLES):
            pages[path] = (
                '<html lang="en"><head><meta property="og:type" content="article">'
                f'<meta property="article:published_time" content="2025-11-2{n}T08:00:00Z">'
                f"</head><body><article><h1>Story {n}</h1>"
                f"<p>{'The town heard the news from the harbour today. ' * 12}</p>"
                "</article></body></html>"
            ).encode()
        return pages

    def __enter__(self) -> PlainSite:
        import threading

        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_start_url_keeps_its_scheme_and_port(tmp_path: Path) -> None:
    """`-a start=http://127.0.0.1:PORT/`: robots.txt, the sitemap and the home page are asked
    of that origin (not https://127.0.0.1/), and its articles are crawled."""
    with PlainSite() as site:
        port = site.httpd.server_address[1]
        start = f"http://127.0.0.1:{port}/"
        result = cli_crawl(tmp_path / "out.jsonl", "news", "-a", f"start={start}")
    assert site.asked[0] == "/robots.txt"
    assert {"/", "/sitemap.xml"} <= set(site.asked)
    assert result["failures"] == []
    urls = sorted(r["url"] for r in result["records"] if "headline" in r)
    assert urls == sorted(f"http://127.0.0.1:{port}{path}" for path in PlainSite.ARTICLES)
