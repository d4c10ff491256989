"""Saved pages in plain files, served to Scrapy instead of the network.

A replay folder holds one folder per page: the bytes the server sent in a file named `body` with
any extension (`body.html`, `body.xml`, …) and `info.json` (`url`, `status`, `headers`,
`fetched_at`). Folders may nest. Anything else there (an `expected.json`)
is ignored. A URL with no saved page is answered 404, never fetched live.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.http.response import Response as BaseResponse
from scrapy.responsetypes import responsetypes

from newscrawl.normalize.urls import canonicalize_url

NOT_SAVED = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body>no saved page for this URL</body></html>"
)


@dataclass(frozen=True)
class SavedPage:
    url: str
    status: int
    headers: dict[str, str]
    fetched_at: str | None
    folder: Path

    @property
    def body(self) -> bytes:
        path = body_file(self.folder)
        return path.read_bytes() if path else b""

    def answer(self, if_none_match: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body as a validating server sends them: the saved ETag (or one
        made from the body's sha256 when none was saved), and `304 Not Modified` with no body
        when the request's `If-None-Match` names it."""
        body = self.body
        headers = dict(self.headers)
        if self.status != 200:
            return self.status, headers, body
        etag = next((v for k, v in headers.items() if k.lower() == "etag"), None)
        if etag is None:
            etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
            headers["ETag"] = etag
        if if_none_match and etag in {tag.strip() for tag in if_none_match.split(",")}:
            return 304, {"ETag": etag}, b""
        return self.status, headers, body


def body_file(folder: Path) -> Path | None:
    """The page's body: `body.html`, else the first `body.*` or `body` file in the folder."""
    preferred = folder / "body.html"
    if preferred.is_file():
        return preferred
    return next((p for p in sorted(folder.glob("body*")) if p.stem == "body" and p.is_file()), None)


def read_saved_page(folder: Path) -> SavedPage:
    info: dict[str, Any] = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    return SavedPage(
        url=info["url"],
        status=int(info.get("status", 200)),
        headers={str(k): str(v) for k, v in (info.get("headers") or {}).items()},
        fetched_at=info.get("fetched_at"),
        folder=folder,
    )


class ReplayStore:
    """The saved pages under a folder, looked up by URL (exactly, then canonically)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"replay folder not found: {self.root}")

    @cached_property
    def pages(self) -> dict[str, SavedPage]:
        index: dict[str, SavedPage] = {}
        for info in sorted(self.root.rglob("info.json")):
            page = read_saved_page(info.parent)
            index.setdefault(page.url, page)
            index.setdefault(canonicalize_url(page.url), page)
        return index

    def urls(self) -> list[str]:
        """Every saved page's URL, once, in folder order."""
        return list(dict.fromkeys(page.url for page in self.pages.values()))

    def find(self, url: str) -> SavedPage | None:
        return self.pages.get(url) or self.pages.get(canonicalize_url(url))

    def response_for(self, request: Request) -> Response:
        page = self.find(request.url)
        if page is None:
            return BaseResponse(
                url=request.url,
                status=404,
                body=NOT_SAVED,
                request=request,
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        condition = request.headers.get("If-None-Match")
        status, headers, body = page.answer(condition.decode("latin-1") if condition else None)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=status, headers=headers, body=body, request=request)


class ReplayMiddleware:
    """Downloader middleware: answers every request from NEWSCRAWL_REPLAY_DIR when it is set."""

    def __init__(self, root: str | None) -> None:
        self.store = ReplayStore(root) if root else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        return cls(crawler.settings.get("NEWSCRAWL_REPLAY_DIR"))

    def process_request(self, request: Request) -> Response | None:
        if self.store is None:
            return None
        return self.store.response_for(request)
