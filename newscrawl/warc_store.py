"""WARC archives as a store of saved answers, for `--replay` and `newscrawl serve`: the same
interface as a replay folder's `ReplayStore` (`find`, `urls`, `response_for`).

The archives are indexed once (URL to file and offset, no bodies in memory); a body is read
from its record when it is asked for. A URL archived several times (retries, later crawls) is
answered with its last answer, unless that one was a passing failure (5xx, 429) and an earlier
one was not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.pagestore import PageStore, StoredPage
from newscrawl.warc import ArchivedResponse, ArchiveError, read_responses, response_at, warc_files

logger = logging.getLogger(__name__)


def transient(status: int) -> bool:
    return status >= 500 or status == 429


@dataclass(frozen=True)
class ArchivedPage(StoredPage):
    """A response record of an archive, its body read when asked for."""

    file: Path
    offset: int

    @classmethod
    def of(cls, response: ArchivedResponse, file: Path) -> ArchivedPage:
        headers: dict[str, str] = {}
        for name, value in response.headers:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return cls(response.url, response.status, headers, response.date, file, response.offset)

    @property
    def body(self) -> bytes:
        return response_at(self.file, self.offset).body or b""


class ArchiveStore(PageStore):
    """The response records of WARC files (or folders of them), looked up by URL (exactly,
    then canonically). An archive that breaks off is indexed up to where it breaks."""

    def __init__(self, paths: Sequence[str | Path]) -> None:
        self.files = warc_files(paths)

    @cached_property
    def pages(self) -> dict[str, ArchivedPage]:
        index: dict[str, ArchivedPage] = {}
        for file in self.files:
            try:
                for response in read_responses(file):  # each body read, checked, let go
                    page = ArchivedPage.of(response, file)
                    for key in dict.fromkeys((page.url, canonicalize_url(page.url))):
                        kept = index.get(key)
                        if kept is None or not transient(page.status) or transient(kept.status):
                            index[key] = page
            except ArchiveError as exc:
                logger.warning("%s (the records before it are replayed)", exc)
        return index

    def urls(self) -> list[str]:
        """Every archived URL, once, in archive order."""
        return list(dict.fromkeys(page.url for page in self.pages.values()))

    def find(self, url: str) -> ArchivedPage | None:
        return self.pages.get(url) or self.pages.get(canonicalize_url(url))


class CombinedStore(PageStore):
    """Several stores, looked up in order: the first that has a URL answers it."""

    def __init__(self, stores: Iterable[PageStore]) -> None:
        self.stores = list(stores)

    def urls(self) -> list[str]:
        return list(dict.fromkeys(url for store in self.stores for url in store.urls()))

    def find(self, url: str) -> StoredPage | None:
        return next((page for s in self.stores if (page := s.find(url)) is not None), None)

    def problem(self, url: str) -> str | None:
        if self.find(url) is not None:
            return None
        return next((problem for s in self.stores if (problem := s.problem(url))), None)
