"""Saved pages in plain files, served to Scrapy instead of the network.

A replay folder holds one folder per page: the bytes the server sent in a file named `body` with
any extension (`body.html`, `body.xml`, …) and `info.json` (`url`, `status`, `headers`,
`fetched_at`). Folders may nest. Anything else there (an `expected.json`)
is ignored. A URL with no saved page is answered 404, never fetched live.

`--replay` also takes WARC archives (a file, a folder of them, or several paths: `open_store`),
answered the same way from `newscrawl.warc_store`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.pagestore import NOT_SAVED, PageStore, StoredPage
from newscrawl.warc import is_warc_name
from newscrawl.warc_store import ArchiveStore, CombinedStore

__all__ = ["NOT_SAVED", "ReplayMiddleware", "ReplayStore", "SavedPage", "open_store"]


@dataclass(frozen=True)
class SavedPage(StoredPage):
    folder: Path

    @property
    def body(self) -> bytes:
        path = body_file(self.folder)
        return path.read_bytes() if path else b""


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


class ReplayStore(PageStore):
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
        root = crawler.settings.get("NEWSCRAWL_REPLAY_DIR")
        if not root:
            raise NotConfigured  # quietly: out of Scrapy's chain, which costs every request
        return cls(root)

    def process_request(self, request: Request) -> Response | None:
        if self.store is None:
            return None
        return self.store.response_for(request)
