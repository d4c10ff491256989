"""A WARC file shaped like one of Common Crawl's CC-NEWS files, made from the fixture pages:
several publishers' pages mixed in one archive, as `response` records only (after a `warcinfo`).

The pages: fixtures/pages (Al Mayadeen's three editions, a challenge page, a 404, ...),
fixtures/site (the reconstructed English edition: articles, listings, robots.txt, sitemaps, the
feed, a redirect), fixtures/generic-site and the Fundus development pages (about 160 publishers).
They are interleaved by a hash of their URL, as a news crawl meets them.

As Common Crawl writes them: WARC/1.0; the payload stored decoded, with the headers that no
longer describe it renamed (`Content-Encoding` to `X-Crawler-Content-Encoding`, `Content-Length`
to `X-Crawler-Content-Length`) and the true `Content-Length` added. One page in three is stored
as the site sent it instead, gzip-compressed with its `Content-Encoding: gzip` (as newscrawl's
own archives keep it), so that both forms are read.

    python -m testkit.ccnews OUT.warc.gz      # writes the archive, prints its page count
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.replay import ReplayStore
from newscrawl.warc import status_line
from testkit.devset import fundus_fixtures

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REPLAY_FOLDERS = (FIXTURES / "pages", FIXTURES / "site", FIXTURES / "generic-site")
WARC_DATE = "2026-11-20T10:00:00Z"


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


def fixture_pages() -> Iterator[ArchivedPage]:
    for folder in REPLAY_FOLDERS:
        pages = ReplayStore(folder).pages
        for page in {id(p): p for p in pages.values()}.values():
            yield ArchivedPage(page.url, page.status, page.headers, page.body)
    for page in fundus_fixtures(FIXTURES / "fundus" / "fundus-fixtures"):
        yield ArchivedPage(page.url, 200, {"Content-Type": "text/html"}, page.html)


def pages() -> list[ArchivedPage]:
    """Every page once (by URL), in a news crawl's mixed order (a hash of the URL)."""
    unique = {page.url: page for page in fixture_pages()}
    return sorted(unique.values(), key=lambda p: hashlib.sha256(p.url.encode()).hexdigest())


def stored(page: ArchivedPage, number: int) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and payload as the archive stores them."""
    headers = [(k, v) for k, v in page.headers.items() if k.lower() != "content-length"]
    if number % 3 == 2 and page.body:
        body = gzip.compress(page.body, mtime=0)
        return [*headers, ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))], body
    renamed = [(f"X-Crawler-{k}" if k.lower() == "content-encoding" else k, v) for k, v in headers]
    return [*renamed, ("X-Crawler-Content-Length", str(len(page.body))),
            ("Content-Length", str(len(page.body)))], page.body  # fmt: skip


def build(path: Path) -> list[ArchivedPage]:
    """Write the archive to `path`; return its pages, in archive order."""
    archived = pages()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.0")
        info = {"software": "newscrawl testkit.ccnews (shaped like StormCrawler's CC-NEWS)",
                "isPartOf": "CC-NEWS-TEST", "operator": "newscrawl tests",
                "description": "fixture pages of several publishers"}  # fmt: skip
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        for number, page in enumerate(archived):
            headers, body = stored(page, number)
            http = StatusAndHeaders(status_line(page.status), headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                page.url, "response", payload=BytesIO(body), length=len(body),
                warc_headers_dict={"WARC-Date": WARC_DATE}, http_headers=http,
            )  # fmt: skip
            writer.write_record(record)
    return archived


if __name__ == "__main__":
    print(len(build(Path(sys.argv[1]))), "pages")
