"""One writer at a time for crawls that `newscrawl crawl` did not start (`scrapy crawl -O x.jsonl`,
a scrapyd job): the crawl takes the locks `newscrawl crawl` takes (newscrawl/locks.py), before
anything is opened: its output and, when incremental, its state.

Two scrapyd jobs of one incremental crawl (a timer's run while the last one still runs) would
otherwise both open the state, and both export the same articles; two `scrapy crawl -O x.jsonl`
would both truncate and write one file. The second is refused before it opens a file or its
state: Scrapy does not start it (its log ends with the reason, naming the run that holds the
lock; `scrapy crawl` exits 1), and the first goes on alone. `newscrawl crawl` holds these locks
before it starts Scrapy: the extension then takes none of them again.

What a crawl writes its records to, and so locks: `NEWSCRAWL_EXPORT_PATH` (an incremental
crawl's export), and each local feed that takes articles (a feed for error records alone is
the failures file beside an output; a feed whose name holds `%(time)s` or another parameter
is a new file each run).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.utils.misc import load_object

from newscrawl.items import ArticleItem
from newscrawl.locks import Locked, held_here, holding, writer_locks
from newscrawl.sidefiles import local_feed
from newscrawl.state import state_path

logger = logging.getLogger(__name__)
AGAIN = "run this crawl again once that one has finished"


def article_feeds(settings: Any) -> list[Path]:
    """The local files of the feeds that take articles, in the settings' order."""
    found = []
    for uri, options in (settings.getdict("FEEDS") or {}).items():
        path = local_feed(uri)
        if path is None or "%(" in str(uri):
            continue  # not a local file (s3://, stdout:), or a new file every run
        classes = [
            load_object(c) if isinstance(c, str) else c
            for c in (options or {}).get("item_classes") or ()
        ]
        if classes and not any(issubclass(ArticleItem, c) for c in classes):
            continue
        found.append(path)
    return found


def written_files(settings: Any) -> list[tuple[Path | None, str]]:
    """What a crawl with these settings writes that only one run may write at a time."""
    files: list[tuple[Path | None, str]] = [
        (p, "the crawl output") for p in article_feeds(settings)
    ]
    if settings.getbool("NEWSCRAWL_INCREMENTAL"):
        export = settings.get("NEWSCRAWL_EXPORT_PATH")
        files.append((Path(export) if export else None, "the crawl output"))
    state = state_path(settings)
    files.append((Path(state) if state else None, "the crawl state"))
    return files


class RunLocks:
    """Takes the crawl's locks as Scrapy builds its extensions (before the pipelines open the
    state and the feeds open their files) and lets them go when the engine stops."""

    def __init__(self, crawler: Any) -> None:
        self._held = ExitStack()
        command = f"scrapy crawl {crawler.spidercls.name}"
        try:
            for lock, what in writer_locks(written_files(crawler.settings)):
                if held_here(lock):  # `newscrawl crawl` took it before starting Scrapy
                    continue
                try:
                    self._held.enter_context(holding(lock, what, command=command, hint=AGAIN))
                except OSError as exc:  # its folder cannot be written: nor can the file
                    reason = exc.strerror or exc
                    logger.warning("no lock on %s: %s cannot be written (%s)", what, lock, reason)
        except Locked as refused:
            self._held.close()
            logger.error("not starting the crawl: %s", refused)
            raise
        crawler.signals.connect(self.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunLocks:
        return cls(crawler)

    def release(self) -> None:
        self._held.close()
