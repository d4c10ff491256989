"""newscrawl from Python: the record of one page, as a crawl would export it.

    from newscrawl import extract, extract_file

    record = extract(html, url="https://example.com/2025/11/20/a-story")
    record = extract_file("saved/page-folder")          # a saved page: body.* and info.json
    record = extract_file("page.html", url="https://example.com/2025/11/20/a-story")

The answer is always a dict, one of the three record shapes of docs/record-format.md: an
article (`headline`, `authors`, `published_at`, `body`, …), a breaking-news item, or an error
record (`{"url", "status", "error": {"kind", "message"}}`) for a page that is not an article (a
404, a challenge page, a section front, bytes that are not HTML). It goes through the crawl's
own extraction, normalisation and schema check; the URL picks the site profile (`generic=True`:
the generic rule alone, even for a site that has a profile).

`import newscrawl` stays light: this module (and Scrapy under it) is imported on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def extract(
    html: str | bytes,
    url: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    generic: bool = False,
    crawled_at: str | None = None,
) -> dict[str, Any]:
    """The record of a page given as its HTML (text, or the bytes as served: their encoding
    is found as the crawl finds it) and the URL it came from."""
    from newscrawl.processing import record_for_page
    from newscrawl.profiles import profile_for

    body = html.encode("utf-8") if isinstance(html, str) else html
    if isinstance(html, str):
        headers = {**(headers or {}), "Content-Type": "text/html; charset=utf-8"}
    profile = profile_for(url, generic)
    return record_for_page(url, body, status, headers, crawled_at, profile)


def extract_file(
    path: str | Path,
    url: str | None = None,
    *,
    generic: bool = False,
    crawled_at: str | None = None,
) -> dict[str, Any]:
    """The record of a saved page: a folder holding `body.*` and `info.json` (its URL, status
    and headers: `newscrawl record`'s and the fixtures' format), or a file of the page's bytes
    with the `url` it came from. `url` given with a folder overrides the one saved.

    Raises FileNotFoundError for a path that does not exist, ValueError for a file without a
    `url` or a folder that is not a saved page."""
    path = Path(path)
    if path.is_dir():
        from newscrawl.replay import read_saved_page

        if not (path / "info.json").is_file():
            raise ValueError(f"{path} is not a saved page: it has no info.json")
        page = read_saved_page(path)
        return extract(page.body, url or page.url, status=page.status, headers=page.headers,
                       generic=generic, crawled_at=crawled_at)  # fmt: skip
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if not url:
        raise ValueError(f"{path}: give the url the page was fetched from (url=...)")
    return extract(path.read_bytes(), url, generic=generic, crawled_at=crawled_at)
