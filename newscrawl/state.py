"""What earlier crawls saw, for incremental crawls: one SQLite file (`CrawlState`), or Redis
when the crawl's workers share a Redis frontier (`RedisCrawlState`).

Per article (keyed by canonical URL, with the site's post id beside it): when it was first
exported, last fetched, last modified (per the page), the server's validators (ETag,
Last-Modified), its content hash and revision. Per breaking-news item: when it was first exported.
Per export file: how many of its bytes are committed, so that records written just before a
crash are recovered rather than exported twice (`recover`).

Both have the same small interface: `article`, `article_by_id`, `breaking_seen`, `fetched`,
`confirm`, `remember`, `exported`, `recover`, `close`. A page's validators are kept in memory
when it is fetched and stored only with its record (or its confirmation as unchanged): stored
earlier, a crawl killed before the record was written would send them next time, get a 304 and
never export the change.
"""

from __future__ import annotations

import json
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.appending import cut_back
from newscrawl.frontier import check_crawl_id
from newscrawl.normalize.urls import canonicalize_url

if TYPE_CHECKING:
    from redis import Redis

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    record_id TEXT,
    first_seen_at TEXT,
    last_fetched_at TEXT,
    published_at TEXT,
    modified_at TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_by_id ON articles (record_id);
CREATE TABLE IF NOT EXISTS breaking (
    id TEXT PRIMARY KEY,
    first_seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY,
    committed INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class Known:
    """An article as the state remembers it. `revision` 0: fetched, never exported."""

    url: str
    record_id: str | None
    first_seen_at: str | None
    last_fetched_at: str | None
    published_at: str | None
    modified_at: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    revision: int

    @property
    def exported(self) -> bool:
        return self.revision > 0


class CrawlState:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        # WAL: a commit is one append; NORMAL sync survives a killed process.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ reading

    def article(self, url: str) -> Known | None:
        row = self.db.execute("SELECT * FROM articles WHERE url = ?", (url,)).fetchone()
        return Known(*row) if row else None

    def article_by_id(self, record_id: str) -> Known | None:
        row = self.db.execute(
            "SELECT * FROM articles WHERE record_id = ? AND revision > 0 "
            "ORDER BY revision DESC LIMIT 1",
            (record_id,),
        ).fetchone()
        return Known(*row) if row else None

    def breaking_seen(self, item_id: str) -> bool:
        found = self.db.execute("SELECT 1 FROM breaking WHERE id = ?", (item_id,)).fetchone()
        return found is not None


    # ------------------------------------------------------------------ writing

    def fetched(
        self, url: str, when: str, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """An article page was fetched (a full answer or a 304): its validators wait for its
        record (`exported`, `remember`) or its confirmation (`confirm`)."""
        if etag or last_modified:
            self.validators[url] = (etag, last_modified)
        self.db.execute("UPDATE articles SET last_fetched_at = ? WHERE url = ?", (when, url))

    def confirm(self, canonical_url: str, page_url: str) -> None:
        """An exported article was fetched again and is unchanged: its new validators hold."""
        etag, last_modified = self.validators.pop(canonicalize_url(page_url), (None, None))
        self.db.execute(
            "UPDATE articles SET etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified) WHERE url = ?",
            (etag, last_modified, canonical_url),
        )

    def exported(self, record: dict[str, Any], output: str | Path, end: int) -> None:
        """`record` was written to `output`, whose first `end` bytes are now committed."""
        with self.db:
            self.db.execute("BEGIN")
            self._remember(record)
            self.db.execute(
                "INSERT INTO outputs (path, committed) VALUES (?, ?) "
                "ON CONFLICT (path) DO UPDATE SET committed = excluded.committed",
                (str(Path(output).resolve()), end),
            )

    def appending(self, output: str | Path, end: int) -> None:
        """This run appends its records to `output` from byte `end` on: what is before it was
        recovered or committed already, or is not a record this crawl wrote. Without it a
        run killed between its first record's write and its commit left that record to no
        one: recovery reads only files the state has committed to."""
        with self.db:
            self.db.execute(
                "INSERT INTO outputs (path, committed) VALUES (?, ?) "
                "ON CONFLICT (path) DO UPDATE SET committed = excluded.committed",
                (str(Path(output).resolve()), end),
            )

    def remember(self, record: dict[str, Any]) -> None:
        """`record` was exported by a writer the state does not track (a Scrapy feed)."""
        with self.db:
            self.db.execute("BEGIN")
            self._remember(record)

    def _remember(self, record: dict[str, Any]) -> None:
        if record.get("type") == "breaking":
            self.db.execute(
                "INSERT OR IGNORE INTO breaking (id, first_seen_at) VALUES (?, ?)",
                (record["id"], record["crawled_at"]),
            )
            return
        etag, last_modified = self.validators.pop(canonicalize_url(record["url"]), (None, None))
        self.db.execute(
            "INSERT INTO articles (url, record_id, first_seen_at, last_fetched_at, published_at,"
            " modified_at, etag, last_modified, content_hash, revision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET record_id = excluded.record_id, "
            "first_seen_at = COALESCE(articles.first_seen_at, excluded.first_seen_at), "
            "last_fetched_at = excluded.last_fetched_at, published_at = excluded.published_at, "
            "modified_at = excluded.modified_at, content_hash = excluded.content_hash, "
            "etag = COALESCE(excluded.etag, articles.etag), "
            "last_modified = COALESCE(excluded.last_modified, articles.last_modified), "
            "revision = MAX(articles.revision, excluded.revision)",
            (
                record["canonical_url"],
                record["id"],
                record.get("first_seen_at") or record["crawled_at"],
                record["crawled_at"],
                record.get("published_at"),
                record.get("modified_at"),
                etag,
                last_modified,
                record["content_hash"],
                record.get("revision") or 1,
            ),
        )

    # ------------------------------------------------------------------ recovery

    def recover(self, stats: Any = None) -> int:
        """Records written to an export file after its last commit (the process died between
        the two) are taken into the state; a half-written last line is cut off (logged, and
        counted in `stats`). Returns the number of records recovered."""
        outputs = self.db.execute("SELECT path, committed FROM outputs").fetchall()
        return sum(_recover_file(Path(path), committed, self, stats) for path, committed in outputs)


class RedisCrawlState:
    """The same state in Redis, for crawls whose workers share a Redis frontier: one hash per
    article, a set of breaking items, and the committed length of each worker's export file
    (keyed by host name and path, since every machine writes its own)."""

    FIELDS = ("record_id", "first_seen_at", "last_fetched_at", "published_at", "modified_at",
              "etag", "last_modified", "content_hash", "revision")  # fmt: skip

    def __init__(self, server: Any, prefix: str) -> None:
        self.db = server
        self.prefix = prefix
        self.host = socket.gethostname()
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    def close(self) -> None:
        self.db.close()

    def _key(self, url: str) -> str:
        return f"{self.prefix}:article:{url}"

    def article(self, url: str) -> Known | None:
        found = self.db.hgetall(self._key(url))
        if not found:
            return None
        values = {k.decode(): v.decode() for k, v in found.items()}
        fields = {name: values.get(name) or None for name in self.FIELDS}
        fields["revision"] = int(values.get("revision") or 0)
        return Known(url=url, **fields)

    def article_by_id(self, record_id: str) -> Known | None:
        url = self.db.get(f"{self.prefix}:id:{record_id}")
        known = self.article(url.decode()) if url else None
        return known if known is not None and known.exported else None

    def breaking_seen(self, item_id: str) -> bool:
        return bool(self.db.sismember(f"{self.prefix}:breaking", item_id))


    def fetched(
        self, url: str, when: str, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        if etag or last_modified:
            self.validators[url] = (etag, last_modified)
        if self.db.exists(self._key(url)):
            self.db.hset(self._key(url), "last_fetched_at", when)

    def confirm(self, canonical_url: str, page_url: str) -> None:
        etag, last_modified = self.validators.pop(canonicalize_url(page_url), (None, None))
        values = {"etag": etag, "last_modified": last_modified}
        if any(values.values()) and self.db.exists(self._key(canonical_url)):
            self.db.hset(self._key(canonical_url), mapping={k: v for k, v in values.items() if v})

    def _remember(self, pipe: Any, record: dict[str, Any]) -> None:
        if record.get("type") == "breaking":
            pipe.sadd(f"{self.prefix}:breaking", record["id"])
            return
        url = record["canonical_url"]
        known = self.article(url)
        first_seen = (known.first_seen_at if known else None) or record.get("first_seen_at")
        revision = max(known.revision if known else 0, record.get("revision") or 1)
        values = {
            "record_id": record["id"],
            "first_seen_at": first_seen or record["crawled_at"],
            "last_fetched_at": record["crawled_at"],
            "published_at": record.get("published_at") or "",
            "modified_at": record.get("modified_at") or "",
            "content_hash": record["content_hash"],
            "revision": revision,
        }
        etag, last_modified = self.validators.pop(canonicalize_url(record["url"]), (None, None))
        values.update({k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v})
        pipe.hset(self._key(url), mapping=values)
        pipe.set(f"{self.prefix}:id:{record['id']}", url)

    def remember(self, record: dict[str, Any]) -> None:
        with self.db.pipeline() as pipe:
            self._remember(pipe, record)
            pipe.execute()

    def appending(self, output: str | Path, end: int) -> None:
        self.db.hset(f"{self.prefix}:outputs", f"{self.host}:{Path(output).resolve()}", end)

    def exported(self, record: dict[str, Any], output: str | Path, end: int) -> None:
        with self.db.pipeline() as pipe:
            self._remember(pipe, record)
            pipe.hset(f"{self.prefix}:outputs", f"{self.host}:{Path(output).resolve()}", end)
            pipe.execute()

    def recover(self, stats: Any = None) -> int:
        """As `CrawlState.recover`, for this machine's export files."""
        recovered = 0
        mine = f"{self.host}:"
        for name, committed in self.db.hgetall(f"{self.prefix}:outputs").items():
            name = name.decode()
            if not name.startswith(mine):
                continue
            recovered += _recover_file(Path(name.removeprefix(mine)), int(committed), self, stats)
        return recovered


def _recover_file(file: Path, committed: int, state: Any, stats: Any = None) -> int:
    """Records written to `file` after its first `committed` bytes are taken into `state`; a
    half-written last line is cut off (`appending.cut_back`: logged, counted in `stats`). A
    file that no longer continues the committed one (a full crawl wrote over it: its byte
    before `committed` is not the end of a line) is left as it is, and recovery stops at the
    first line that is not a record."""
    if not file.exists() or file.stat().st_size <= committed:
        return 0
    with file.open("rb") as handle:
        if committed:
            handle.seek(committed - 1)
            if handle.read(1) != b"\n":
                return 0  # not the file the state committed
    cut_back(file, stats)
    with file.open("rb") as handle:
        handle.seek(committed)
        complete = handle.read()
    records = []
    for line in complete.splitlines(keepends=True):
        try:
            record = json.loads(line)
        except ValueError:
            break
        if not isinstance(record, dict) or "id" not in record:
            break
        records.append((line, record))
    return _commit_lines(records, file, committed, state)


def _commit_lines(
    records: list[tuple[bytes, dict[str, Any]]], file: Path, committed: int, state: Any
) -> int:
    end = committed
    for line, record in records:
        end += len(line)
        state.exported(record, file, end)
    return len(records)


def redis_for(settings: Any) -> Redis:
    """The Redis client of `REDIS_URL` (a shared frontier's, and its incremental state's)."""
    try:
        from redis import Redis
    except ImportError as exc:  # the `distributed` extra
        raise RuntimeError("a Redis frontier needs: pip install 'newscrawl[distributed]'") from exc
    return Redis.from_url(settings.get("REDIS_URL"))


def state_path(settings: Any) -> str | None:
    """The SQLite file of an incremental crawl's state (`NEWSCRAWL_STATE_PATH`); None when the
    crawl is not incremental, or keeps its state in Redis."""
    if not settings.getbool("NEWSCRAWL_INCREMENTAL") or settings.get("REDIS_URL"):
        return None
    return settings.get("NEWSCRAWL_STATE_PATH") or None


def state_for(crawler: Any) -> CrawlState | RedisCrawlState | None:
    """The crawl's state when it is incremental (`NEWSCRAWL_INCREMENTAL` and
    `NEWSCRAWL_STATE_PATH`), opened once per crawler and shared by the spider and pipelines.
    Records a crash left uncommitted are recovered when it opens."""
    settings = crawler.settings
    redis = settings.get("REDIS_URL")
    path = state_path(settings)
    if not settings.getbool("NEWSCRAWL_INCREMENTAL") or not (redis or path):
        return None
    state = getattr(crawler, "_newscrawl_state", None)
    if state is None:
        if redis:
            name = settings.get("NEWSCRAWL_STATE_NAME") or settings.get("NEWSCRAWL_CRAWL_ID")
            state = RedisCrawlState(redis_for(settings), f"newscrawl:state:{check_crawl_id(name)}")
        else:
            state = CrawlState(path)
        recovered = state.recover(crawler.stats)
        if crawler.stats is not None and recovered:
            crawler.stats.set_value("newscrawl/state/recovered", recovered)
        crawler._newscrawl_state = state
    return state
