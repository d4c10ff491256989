"""`newscrawl record URL… --into DIR`: save pages in the replay format, through Scrapy.

Each answer is saved as it came (redirects and error statuses included, so a replay behaves like
the site did): `body.html` (or `body.xml`, …) and `info.json` in a folder named after the URL.
Folder names are built from the URL's host and path with every character outside
`[A-Za-z0-9._-]` replaced, plus a hash of the whole URL, so no URL can name a path outside DIR.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Not kept: the saved body is already decoded and whole.
DROPPED_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection"}
)
BODY_SUFFIXES = {"xml": ".xml", "rss": ".xml", "json": ".json", "plain": ".txt", "html": ".html"}


def folder_name(url: str) -> str:
    """A single safe path component for a URL: readable, unique, never `.` or `..`."""
    parts = urlsplit(url)
    readable = _UNSAFE.sub("_", f"{parts.hostname or 'host'}{parts.path}").strip("._-")[:120]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{readable or 'page'}-{digest}"


def page_folder(root: Path, url: str) -> Path:
    folder = (root / folder_name(url)).resolve()
    if folder.parent != root.resolve():
        raise ValueError(f"refusing to write outside {root}: {url}")
    return folder


def body_extension(content_type: str) -> str:
    lowered = content_type.lower()
    return next((ext for key, ext in BODY_SUFFIXES.items() if key in lowered), ".html")


def save_page(
    root: Path, url: str, status: int, headers: dict[str, str], body: bytes, fetched_at: str
) -> Path:
    folder = page_folder(root, url)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("body*"):
        old.unlink()
    (folder / f"body{body_extension(headers.get('Content-Type', ''))}").write_bytes(body)
    info = {"url": url, "status": status, "headers": headers, "fetched_at": fetched_at}
    (folder / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return folder


class RecordSpider(scrapy.Spider):
    name = "newscrawl-record"
    custom_settings = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}}

    def __init__(self, urls: list[str], into: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.into = Path(into)
        self.saved: list[Path] = []
        self.failed_urls: list[tuple[str, str]] = []

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(
                url,
                callback=self.save,
                errback=self.failed,
                dont_filter=True,
                meta={"handle_httpstatus_all": True, "dont_redirect": True, "dont_retry": True},
            )

    def save(self, response: Response) -> Iterator[Any]:
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
            if key.decode("latin-1").lower() not in DROPPED_HEADERS
        }
        fetched_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.saved.append(
            save_page(self.into, response.url, response.status, headers, response.body, fetched_at)
        )
        yield from ()

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.failed_urls.append((request.url, failure.getErrorMessage()))
