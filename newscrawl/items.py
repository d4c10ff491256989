"""The three record shapes newscrawl exports (see docs/record-format.md).

Extractors fill these with what the page says; the pipelines normalise them field by field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from newscrawl.profile import SiteProfile, generic_profile

SCHEMA_VERSION = "1.1.0"


class Record:
    """What every item has beside its fields: the site profile that read its page, set by
    extraction so that the pipelines normalise with it and never look it up again; and what the
    reader had to take from a fallback because the page lacks the site's usual source
    (`fallbacks`: `metadata`, no structured metadata, i.e. the CMS's script or, for the generic
    reader, JSON-LD; `body`, no body container of the site's template), which the spider counts
    for the crawl report. Plain attributes, not dataclass fields: they are never exported."""

    profile: SiteProfile | None = None
    fallbacks: frozenset[str] = frozenset()


@dataclass
class ArticleItem(Record):
    url: str
    canonical_url: str
    id: str
    site: str
    language: str
    publisher: str
    type: str
    section: str | None = None
    region: str | None = None
    topic: str | None = None
    headline: str = ""
    summary: str | None = None
    authors: list[dict[str, Any]] = field(default_factory=list)
    byline_raw: str | None = None
    sources: list[str] = field(default_factory=list)
    published_at: str | None = None
    published_at_raw: str | None = None
    modified_at: str | None = None
    modified_at_raw: str | None = None
    reading_time_minutes: int | str | None = None
    word_count: int | None = None
    tags: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    video: dict[str, Any] | None = None
    body: list[dict[str, str]] = field(default_factory=list)
    crawled_at: str = ""
    content_hash: str = ""
    # Set by incremental crawls only (absent from the record otherwise).
    revision: int | None = None
    first_seen_at: str | None = None
    schema_version: str = SCHEMA_VERSION


@dataclass
class BreakingItem(Record):
    id: str
    site: str
    language: str
    publisher: str
    text: str
    attribution: str | None
    url: str | None
    found_on: str
    crawled_at: str
    type: str = "breaking"
    schema_version: str = SCHEMA_VERSION


@dataclass
class ErrorItem(Record):
    url: str | None
    error: dict[str, str]
    status: int | None = None
    crawled_at: str = ""
    schema_version: str = SCHEMA_VERSION

    @classmethod
    def of(
        cls,
        url: str | None,
        kind: str,
        message: str,
        status: int | None = None,
        crawled_at: str = "",
    ) -> ErrorItem:
        return cls(url, {"kind": kind, "message": message}, status, crawled_at)

    @property
    def kind(self) -> str:
        return self.error["kind"]


Item = ArticleItem | BreakingItem | ErrorItem


OPTIONAL = frozenset({"revision", "first_seen_at"})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


# What `Record` gives every item beside its fields (set on an item, never exported).
_NOT_FIELDS = tuple(Record.__annotations__)


def to_record(item: Item) -> dict[str, Any]:
    """The exported JSON object of an item, fields in the documented order (a shallow copy);
    the incremental-only fields appear when set. Copied from the item's attributes at once
    (dataclass `__init__` sets the fields in that order), read field by field only when they
    are not exactly the fields in their order."""
    record = item.__dict__.copy()
    for name in _NOT_FIELDS:
        record.pop(name, None)
    names = _field_names(type(item))
    if tuple(record) != names:
        record = {name: getattr(item, name) for name in names}
    for name in OPTIONAL:
        if record.get(name, 0) is None:
            del record[name]
    return record


def record_id(site: str, language: str, canonical_url: str) -> str:
    """The id of an article its page gives no post id for: the site, language and a hash of
    its canonical URL (`almayadeen-en-u1a2b…`), stable across crawls."""
    digest = hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]
    return f"{site}-{language}-u{digest}"



def profile_of(item: Record, url: str | None) -> SiteProfile:
    """The profile that read an item's page; an item built without extraction (by hand, by
    another tool) gets the generic profile of its URL's host."""
    if item.profile is not None:
        return item.profile
    return generic_profile((urlsplit(url or "").hostname or "unknown").lower())


def now_utc() -> str:
    """A record's `crawled_at`: now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
