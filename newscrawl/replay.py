"""Saved pages in plain files, served to Scrapy instead of the network.

A replay folder holds one folder per page: the bytes the server sent in a file named `body` with
any extension (`body.html`, `body.xml`, …) and `info.json` (`url`, `status`, `headers`,
`fetched_at`). Folders may nest. Anything else there (an `expected.json`)
is ignored. A URL with no saved page is answered 404, never fetched live.

No file outside the folder is ever read: an `info.json` or `body.*` that is a link pointing out
of it (to `/etc/passwd`, say) makes that page broken. A broken page (such a link, or an
`info.json` that is not one) fails alone, with the file named (`BrokenSavedPage`); every other
page is served as usual.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.response import Response as BaseResponse
from scrapy.responsetypes import responsetypes

from newscrawl.normalize.urls import canonicalize_url

logger = logging.getLogger(__name__)

NOT_SAVED = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body>no saved page for this URL</body></html>"
)


class BrokenSavedPage(IgnoreRequest):
    """A saved page that cannot be served: its `info.json` is not one, or one of its files is
    a link out of the replay folder. The message names the file."""


@dataclass(frozen=True)
class SavedPage:
    url: str
    status: int
    headers: dict[str, str]
    fetched_at: str | None
    folder: Path
    # The replay folder the page was read from: no file outside it is read (None: `folder`).
    root: Path | None = None

    @property
    def body(self) -> bytes:
        path = body_file(self.folder, self.root)
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


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is `root` or under it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def _kept_inside(path: Path, root: Path) -> Path:
    if not inside(path, root):
        raise BrokenSavedPage(f"{path} is a link out of the replay folder {root}: not read")
    return path


def body_file(folder: Path, root: Path | None = None) -> Path | None:
    """The page's body: `body.html`, else the first `body.*` or `body` file in the folder. A
    body that links out of `root` (default: the page's folder) is refused (BrokenSavedPage)."""
    candidates = [folder / "body.html", *sorted(folder.glob("body*"))]
    found = next((p for p in candidates if p.stem == "body" and p.is_file()), None)
    return _kept_inside(found, root or folder) if found is not None else None


def read_saved_page(folder: Path, root: Path | None = None) -> SavedPage:
    """The saved page in `folder`, never reading outside `root` (default: `folder`).
    BrokenSavedPage, naming the file, when it cannot be read as one."""
    root = root or folder
    info_file = _kept_inside(folder / "info.json", root)
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
        headers = info.get("headers") or {}
        page = SavedPage(
            url=info["url"],
            status=int(info.get("status", 200)),
            headers={str(k): str(v) for k, v in headers.items()},
            fetched_at=info.get("fetched_at"),
            folder=folder,
            root=root,
        )
        if not isinstance(page.url, str):
            raise TypeError("url is not a string")
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise BrokenSavedPage(f"{info_file} is not a saved page's info.json ({reason})") from None
    body_file(folder, root)  # a body linking out breaks the page now, not when it is served
    return page


def url_in_broken_info(info_file: Path) -> str | None:
    """The URL a broken `info.json` was about, when it still says (`"url": "..."`)."""
    try:
        text = info_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r'"url"\s*:\s*"((?:[^"\\]|\\.)*)"', text)
    if found is None:
        return None
    try:
        url = json.loads(f'"{found.group(1)}"')
    except ValueError:
        return None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


class ReplayStore:
    """The saved pages under a folder, looked up by URL (exactly, then canonically). Broken
    pages are kept apart: `problem(url)` says why a URL's page cannot be served, and `broken`
    lists every broken file (a URL may be unknown when its info.json is unreadable)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"replay folder not found: {self.root}")
        self.broken: list[str] = []
        self._problems: dict[str, str] = {}

    @cached_property
    def pages(self) -> dict[str, SavedPage]:
        index: dict[str, SavedPage] = {}
        for info in sorted(self.root.rglob("info.json")):
            try:
                page = read_saved_page(info.parent, self.root)
            except BrokenSavedPage as broken:
                self._set_aside(info, str(broken))
                continue
            index.setdefault(page.url, page)
            index.setdefault(canonicalize_url(page.url), page)
        return index

    def _set_aside(self, info: Path, problem: str) -> None:
        logger.warning("replay folder: %s", problem)
        self.broken.append(problem)
        url = url_in_broken_info(info) if inside(info, self.root) else None
        if url is not None:
            self._problems.setdefault(url, problem)
            self._problems.setdefault(canonicalize_url(url), problem)

    def urls(self) -> list[str]:
        """Every saved page's URL, once, in folder order."""
        return list(dict.fromkeys(page.url for page in self.pages.values()))

    def find(self, url: str) -> SavedPage | None:
        return self.pages.get(url) or self.pages.get(canonicalize_url(url))

    def problem(self, url: str) -> str | None:
        """Why the page saved for `url` cannot be served (None: it can, or none is saved)."""
        if self.find(url) is not None:
            return None
        return self._problems.get(url) or self._problems.get(canonicalize_url(url))

    def response_for(self, request: Request) -> Response:
        page = self.find(request.url)
        if page is None:
            if problem := self.problem(request.url):
                raise BrokenSavedPage(problem)
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
