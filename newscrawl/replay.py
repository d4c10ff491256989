"""Saved pages in plain files, served to Scrapy instead of the network.

A replay folder holds one folder per page: the bytes the server sent in a file named `body` with
any extension (`body.html`, `body.xml`, …) and `info.json` (`url`, `status`, `headers`,
`fetched_at`). Folders may nest. Anything else there (an `expected.json`)
is ignored. A URL with no saved page is answered 404, never fetched live.

`--replay` also takes WARC archives (a file, a folder of them, or several paths: `open_store`),
answered the same way from `newscrawl.warc_store`.

No file outside a replay folder is ever read: an `info.json` or `body.*` that is a link pointing
out of it (to `/etc/passwd`, say) makes that page broken. A broken page (such a link, or an
`info.json` that is not one) fails alone, with the file named (`BrokenSavedPage`); every other
page is served as usual.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.pagestore import NOT_SAVED, BrokenSavedPage, PageStore, StoredPage
from newscrawl.warc import is_warc_name
from newscrawl.warc_store import ArchiveStore, CombinedStore

__all__ = [
    "NOT_SAVED",
    "BrokenSavedPage",
    "ReplayMiddleware",
    "ReplayStore",
    "SavedPage",
    "open_store",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedPage(StoredPage):
    folder: Path
    # The replay folder the page was read from: no file outside it is read (None: `folder`).
    root: Path | None = None

    @property
    def body(self) -> bytes:
        path = body_file(self.folder, self.root)
        return path.read_bytes() if path else b""


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
        info: dict[str, Any] = json.loads(info_file.read_text(encoding="utf-8"))
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


class ReplayStore(PageStore):
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
        if self.find(url) is not None:
            return None
        return self._problems.get(url) or self._problems.get(canonicalize_url(url))


def open_store(paths: str | Path | Sequence[str | Path]) -> PageStore:
    """The saved answers of replay folders and WARC archives (`*.warc.gz`, `*.warc`, or folders
    of them), looked up in the order given. FileNotFoundError names a path that is neither."""
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    stores = [_store_of(Path(path)) for path in given]
    return stores[0] if len(stores) == 1 else CombinedStore(stores)


def _store_of(path: Path) -> PageStore:
    """A WARC file, a folder of WARC files (and no saved pages), else a replay folder."""
    if path.is_file():
        return ArchiveStore([path])
    saved_pages = path.is_dir() and any(path.rglob("info.json"))
    if path.is_dir() and not saved_pages and any(is_warc_name(p.name) for p in path.rglob("*")):
        return ArchiveStore([path])
    return ReplayStore(path)  # FileNotFoundError when it is not there


class ReplayMiddleware:
    """Downloader middleware: answers every request from NEWSCRAWL_REPLAY_DIR when it is set
    (a replay folder, a WARC archive, or a list of them)."""

    def __init__(self, root: str | list[str] | None) -> None:
        self.store = open_store(root) if root else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        return cls(crawler.settings.get("NEWSCRAWL_REPLAY_DIR"))

    def process_request(self, request: Request) -> Response | None:
        if self.store is None:
            return None
        return self.store.response_for(request)
