"""Merge crawl outputs into a clean, versioned dataset folder (`newscrawl export`).

The inputs are JSON Lines files written by `newscrawl crawl` (plain or gzipped), from any number
of runs. The dataset keeps the latest revision of every article and one copy of every
breaking-news item, partitioned by language and month, with a manifest.json that says what went
in, what came out and the sha256 of every file. The same inputs always give the same bytes.

    OUT_DIR/manifest.json
    OUT_DIR/articles/language=<lang>/month=<YYYY-MM of published_at, or unknown>/part-0.jsonl.gz
    OUT_DIR/breaking/language=<lang>/month=<YYYY-MM of crawled_at>/part-0.jsonl.gz

`parquet=True` writes a part-0.parquet beside every part-0.jsonl.gz (needs pyarrow).

Memory stays bounded whatever the inputs' size: records are read one line at a time into a
SQLite spill store on disk beside the output (one row per article id and per breaking id, the
one the rules keep), then written partition by partition in order straight from it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from newscrawl.normalize.dates import parse_instant
from newscrawl.schema import load_schema, shape_of, validate_record

DATASET_FORMAT = "newscrawl-dataset/1"
MANIFEST_NAME = "manifest.json"
JSONL_PART = "part-0.jsonl.gz"
PARQUET_PART = "part-0.parquet"
MAX_LISTED_INVALID = 20
MAX_REASONS_PER_LINE = 5
UNKNOWN = "unknown"
GZIP_MAGIC = b"\x1f\x8b"
EARLIEST = datetime.min.replace(tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PARQUET_BATCH = 1000  # rows per parquet row group: a fixed size, so the bytes repeat
SAFE_PARTITION_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
PARQUET_HINT = "parquet output needs pyarrow: pip install 'newscrawl[parquet]'"

# The parquet columns, in record order. A string is a scalar type, a one-item list a list of that,
# a dict a struct. Fixed, so that every partition has the same columns even when one is all null.
ARTICLE_COLUMNS: dict[str, Any] = {
    "url": "string",
    "canonical_url": "string",
    "id": "string",
    "site": "string",
    "language": "string",
    "publisher": "string",
    "type": "string",
    "section": "string",
    "region": "string",
    "topic": "string",
    "headline": "string",
    "summary": "string",
    "authors": [{"name": "string", "kind": "string", "url": "string"}],
    "byline_raw": "string",
    "sources": ["string"],
    "published_at": "string",
    "published_at_raw": "string",
    "modified_at": "string",
    "modified_at_raw": "string",
    "reading_time_minutes": "int64",
    "word_count": "int64",
    "tags": ["string"],
    "images": [{"url": "string", "caption": "string", "credit": "string"}],
    "video": {"url": "string", "duration_seconds": "int64"},
    "body": [{"kind": "string", "text": "string"}],
    "crawled_at": "string",
    "content_hash": "string",
    "revision": "int64",
    "first_seen_at": "string",
    "schema_version": "string",
}
BREAKING_COLUMNS: dict[str, Any] = {
    "type": "string",
    "id": "string",
    "site": "string",
    "language": "string",
    "publisher": "string",
    "text": "string",
    "attribution": "string",
    "url": "string",
    "found_on": "string",
    "crawled_at": "string",
    "schema_version": "string",
}
COLUMNS_BY_KIND = {"articles": ARTICLE_COLUMNS, "breaking": BREAKING_COLUMNS}


class DatasetError(ValueError):
    """A dataset cannot be written there, or an input cannot be read: the message says why."""


# ---------------------------------------------------------------- reading inputs


def record_problems(record: Any) -> list[str]:
    """Why a record cannot go into a dataset: the schema's reasons, then dates that do not exist.

    The schema checks the shape of a timestamp only (`2025-13-40T25:00:00+02:00` passes); the
    dataset sorts and partitions on these, so they must be real dates.
    """
    problems = validate_record(record)
    if problems or shape_of(record) == "error":
        return problems
    for name in ("published_at", "crawled_at", "first_seen_at"):
        value = record.get(name)
        if value is not None and parse_instant(value) is None:
            problems.append(f"{name}: {value!r} is not a real date and time")
    return problems


def describe_problems(problems: Sequence[str]) -> str:
    """One line for the manifest out of a record's problems."""
    shown = "; ".join(problems[:MAX_REASONS_PER_LINE])
    more = len(problems) - MAX_REASONS_PER_LINE
    return f"{shown} (and {more} more)" if more > 0 else shown


def load_json_line(text: str) -> Any:
    """One line of JSON; a ValueError for any line that is not, one nested deeper than the
    parser goes included (Python's parser raises RecursionError there)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None) for a line holding a valid record, else (None, the reason it is not one)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8: {exc}"
    try:
        record = load_json_line(text)
    except ValueError as exc:
        return None, f"not JSON: {exc}"
    if not isinstance(record, dict):
        return None, f"not a JSON object: {type(record).__name__}"
    problems = record_problems(record)
    if problems:
        return None, f"fails the schema: {describe_problems(problems)}"
    return record, None


def is_gzip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(2) == GZIP_MAGIC


def read_records(
    path: Path, progress: Callable[[int], object] | None = None
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record, None) for every valid record of a JSON Lines file, plain or gzipped,
    and (line number, None, reason) for every line that is not one. Blank lines are skipped.
    `progress(n)` is told every few hundred lines how many more bytes of the file were read.

    A gzip stream that breaks off ends the file with one last (line, None, reason).
    """
    number = done = 0
    with path.open("rb") as raw_file:
        stream = gzip.GzipFile(fileobj=raw_file) if is_gzip(path) else raw_file
        try:
            for number, raw in enumerate(stream, start=1):
                if progress is not None and number % 500 == 0:
                    progress(raw_file.tell() - done)
                    done = raw_file.tell()
                line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
                if not line.strip():
                    continue
                record, reason = parse_line(line.rstrip(b"\r\n"))
                yield number, record, reason
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile and zlib.error are OSErrors
            yield number + 1, None, f"unreadable: {exc}"
        if progress is not None:
            progress(raw_file.tell() - done)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- choosing what to keep


def revision_of(record: dict[str, Any]) -> int:
    """An article's revision: 1 when the record carries none."""
    return int(record.get("revision", 1))


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since 1970 (UTC): it orders as the moment does."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def article_rank(record: dict[str, Any], order: tuple[int, int]) -> tuple[int, ...]:
    """Higher is newer: revision, then crawl time, then position in the inputs."""
    return (revision_of(record), micros(parse_instant(record["crawled_at"])), *order)  # type: ignore[arg-type]


def breaking_rank(record: dict[str, Any], order: tuple[int, int]) -> tuple[int, ...]:
    """Lower is kept: a ticker item does not change, so its first sighting is the one kept."""
    return (micros(parse_instant(record["crawled_at"])), *order)  # type: ignore[arg-type]


# The spill store: per kind, one row per id, the record the rules keep, with its rank, its
# partition and its sort key. An upsert replaces a row only with a record that outranks it.
_TABLE = """CREATE TABLE {kind} (id TEXT PRIMARY KEY, {rank}, folder TEXT, sort_time INTEGER,
    record TEXT) WITHOUT ROWID"""
_UPSERT = """INSERT INTO {kind} VALUES (?, {marks}, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET
    {updates}, folder = excluded.folder, sort_time = excluded.sort_time, record = excluded.record
    WHERE ({new}) {better} ({old})"""
RANKS = {
    "articles": (("revision", "crawled", "input", "line"), ">"),
    "breaking": (("crawled", "input", "line"), "<"),
}
TABLES = {
    kind: _TABLE.format(kind=kind, rank=", ".join(f"{name} INTEGER" for name in rank))
    for kind, (rank, _) in RANKS.items()
}
UPSERTS = {
    kind: _UPSERT.format(
        kind=kind,
        marks=", ".join("?" * len(rank)),
        better=better,
        updates=", ".join(f"{name} = excluded.{name}" for name in rank),
        new=", ".join(f"excluded.{name}" for name in rank),
        old=", ".join(f"{kind}.{name}" for name in rank),
    )
    for kind, (rank, better) in RANKS.items()
}


@dataclass
class Merge:
    """What reading the inputs found, before anything is written. The records kept are in a
    SQLite spill store (`path`, a file removed when done; None: a private temporary database),
    so that memory stays bounded whatever the inputs' size."""

    path: Path | None = None
    article_records: int = 0
    breaking_records: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    invalid_count: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db = sqlite3.connect(str(self.path) if self.path else "")
        # A scratch store: no journal, no fsync; a bounded page cache (16 MiB) spills to disk.
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16384"):
            self.db.execute(f"PRAGMA {pragma}")
        for table in TABLES.values():
            self.db.execute(table)

    def add(self, record: dict[str, Any], order: tuple[int, int]) -> None:
        shape = shape_of(record)
        if shape == "error":
            self.errors[record["error"]["kind"]] += 1
            return
        kind = "breaking" if shape == "breaking" else "articles"
        if kind == "breaking":
            self.breaking_records += 1
            rank = breaking_rank(record, order)
        else:
            self.article_records += 1
            rank = article_rank(record, order)
        when, record_id = sort_key(kind, record)
        text = json.dumps(record, ensure_ascii=False)
        row = (record_id, *rank, partition_of(kind, record), micros(when), text)
        self.db.execute(UPSERTS[kind], row)

    def reject(self, file: str, line: int, reason: str) -> None:
        self.invalid_count += 1
        if len(self.invalid) < MAX_LISTED_INVALID:
            self.invalid.append({"file": file, "line": line, "reason": reason})

    def article(self, record_id: str) -> dict[str, Any] | None:
        """The article record kept for an id."""
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (record_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def kept(self, kind: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {kind}").fetchone()[0])

    def partitions(self, kind: str) -> list[str]:
        """The partition folders of a kind, in name order."""
        self.db.execute(f"CREATE INDEX IF NOT EXISTS {kind}_order ON {kind}(folder, sort_time, id)")
        rows = self.db.execute(f"SELECT DISTINCT folder FROM {kind} ORDER BY folder")
        return [folder for (folder,) in rows]

    def records_in(self, kind: str, folder: str) -> Iterator[dict[str, Any]]:
        """The records of one partition in their order, streamed from the store."""
        query = f"SELECT record FROM {kind} WHERE folder = ? ORDER BY sort_time, id"
        for (text,) in self.db.execute(query, (folder,)):
            yield json.loads(text)

    def close(self) -> None:
        self.db.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def merge_inputs(
    inputs: Sequence[Path],
    store: Path | None = None,
    progress: Callable[[int], object] | None = None,
) -> Merge:
    """Read every input in order; later inputs win ties between article revisions."""
    merge = Merge(store)
    with merge.db:  # one transaction
        for index, path in enumerate(inputs):
            for line, record, reason in read_records(path, progress):
                if record is None:
                    merge.reject(path.as_posix(), line, reason or "invalid")
                else:
                    merge.add(record, (index, line))
    return merge


# ---------------------------------------------------------------- partitions


def partition_value(value: Any) -> str:
    """A language as a folder name: itself when it is a plain code, else `unknown`."""
    text = str(value) if value is not None else ""
    return text if SAFE_PARTITION_VALUE.fullmatch(text) else UNKNOWN


def month_of(timestamp: str | None) -> str:
    """`YYYY-MM` of a timestamp as written (publisher's local time), else `unknown`."""
    return timestamp[:7] if timestamp else UNKNOWN


def partition_of(kind: str, record: dict[str, Any]) -> str:
    """The folder a record belongs in, relative to the dataset root."""
    when = record.get("published_at") if kind == "articles" else record.get("crawled_at")
    return f"{kind}/language={partition_value(record.get('language'))}/month={month_of(when)}"


def sort_key(kind: str, record: dict[str, Any]) -> tuple[datetime, str]:
    """Articles by publication time then id; breaking items by crawl time then id."""
    when = record.get("published_at") if kind == "articles" else record.get("crawled_at")
    return (parse_instant(when) or EARLIEST, record["id"])


# ---------------------------------------------------------------- writing files


def write_jsonl_gz(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Gzipped JSON Lines with no time or file name in the header, so the bytes are repeatable;
    written as the records come. The number of records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        for record in records:
            gz.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
            count += 1
    return count


def arrow_type(pa: Any, spec: Any) -> Any:
    """The pyarrow type of a column spec (see ARTICLE_COLUMNS)."""
    if isinstance(spec, list):
        return pa.list_(arrow_type(pa, spec[0]))
    if isinstance(spec, dict):
        return pa.struct([(name, arrow_type(pa, sub)) for name, sub in spec.items()])
    return {"string": pa.string(), "int64": pa.int64()}[spec]


def arrow_schema(pa: Any, columns: dict[str, Any]) -> Any:
    return pa.schema([(name, arrow_type(pa, spec)) for name, spec in columns.items()])


def unknown_fields(records: Iterable[dict[str, Any]], columns: dict[str, Any]) -> list[str]:
    """Record fields the parquet columns do not have (they would be lost silently)."""
    return sorted({name for record in records for name in record} - set(columns))


def import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DatasetError(PARQUET_HINT) from exc
    return pa, pq


def write_parquet(path: Path, kind: str, records: Iterable[dict[str, Any]]) -> None:
    """The records as parquet, PARQUET_BATCH rows at a time (one row group each)."""
    pa, pq = import_pyarrow()
    columns = COLUMNS_BY_KIND[kind]
    schema = arrow_schema(pa, columns)
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in [*records, None]:
            if record is not None:
                batch.append(record)
            if batch and (record is None or len(batch) == PARQUET_BATCH):
                missing = unknown_fields(batch, columns)
                if missing:
                    raise DatasetError(
                        f"the parquet columns of {kind} lack {', '.join(missing)}: "
                        "add them to newscrawl.dataset before exporting parquet"
                    )
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []


def file_entry(root: Path, path: Path, records: int) -> dict[str, Any]:
    return {
        "path": path.relative_to(root).as_posix(),
        "records": records,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
    }


@dataclass
class Kept:
    """What the written records add up to, for the manifest (counted as they are written)."""

    articles: int = 0
    breaking: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    versions: set[str] = field(default_factory=set)
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None

    def counted(
        self,
        kind: str,
        records: Iterable[dict[str, Any]],
        progress: Callable[[int], object] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The records, counted as they pass."""
        for record in records:
            setattr(self, kind, getattr(self, kind) + 1)
            self.by_type[record["type"]] += 1
            self.by_language[record["language"]] += 1
            self.versions.add(record["schema_version"])
            if kind == "articles" and record.get("published_at"):
                moment = (parse_instant(record["published_at"]) or EARLIEST, record["published_at"])
                self.first = min(self.first or moment, moment)
                self.last = max(self.last or moment, moment)
            if progress is not None:
                progress(1)
            yield record


def write_partitions(
    root: Path,
    kind: str,
    merge: Merge,
    kept: Kept,
    parquet: bool,
    progress: Callable[[int], object] | None = None,
) -> list[dict[str, Any]]:
    """Write every partition of one kind from the merge; the manifest entries of the files."""
    entries = []
    for folder in merge.partitions(kind):
        target = root / folder / JSONL_PART
        rows = write_jsonl_gz(target, kept.counted(kind, merge.records_in(kind, folder), progress))
        entries.append(file_entry(root, target, rows))
        if parquet:
            target = root / folder / PARQUET_PART
            write_parquet(target, kind, merge.records_in(kind, folder))
            entries.append(file_entry(root, target, rows))
    return entries


# ---------------------------------------------------------------- the manifest


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def schema_versions(records: Iterable[dict[str, Any]]) -> str | list[str]:
    """The one schema version of the records, or all of them (oldest first) when they differ."""
    found = sorted({r["schema_version"] for r in records}, key=version_key)
    if not found:
        return str(load_schema().get("version", ""))
    return found[0] if len(found) == 1 else found


def build_manifest(
    merge: Merge, kept: Kept, created_from: list[dict[str, Any]], files: list[dict[str, Any]]
) -> dict[str, Any]:
    versions = schema_versions({"schema_version": v} for v in kept.versions)
    return {
        "dataset_format": DATASET_FORMAT,
        "schema_version": versions,
        "created_from": created_from,
        "counts": {
            "articles": kept.articles,
            "breaking": kept.breaking,
            "by_type": dict(sorted(kept.by_type.items())),
            "by_language": dict(sorted(kept.by_language.items())),
            "revisions_dropped": merge.article_records - kept.articles,
            "breaking_duplicates_dropped": merge.breaking_records - kept.breaking,
            "errors_skipped": dict(sorted(merge.errors.items())),
            "invalid": merge.invalid_count,
        },
        "date_range": {
            "first_published": kept.first[1] if kept.first else None,
            "last_published": kept.last[1] if kept.last else None,
        },
        "files": sorted(files, key=lambda entry: entry["path"]),
        "invalid": merge.invalid,
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------- the output folder


def is_safe_relative(path: str) -> bool:
    """A manifest path that stays inside the dataset folder."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts


def load_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of a dataset folder written by this module, else None."""
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("dataset_format") != DATASET_FORMAT:
        return None
    return manifest


def listed_paths(manifest: dict[str, Any]) -> set[str]:
    files = manifest.get("files")
    entries = files if isinstance(files, list) else []
    return {e["path"] for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)}


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir())


def check_out_dir(out_dir: Path) -> None:
    """Raise DatasetError unless out_dir is absent, empty, or a dataset this module wrote.

    A previous dataset is replaced only when every file in it is one its manifest lists, so that
    nothing a person put there is deleted.
    """
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise DatasetError(f"{out_dir} exists and is not a folder")
    present = files_under(out_dir)
    if not present and not any(out_dir.iterdir()):
        return
    manifest = load_manifest(out_dir)
    if manifest is None:
        raise DatasetError(
            f"{out_dir} is not empty and holds no {DATASET_FORMAT} manifest.json: "
            "give a new or empty folder"
        )
    unexpected = [p for p in present if p != MANIFEST_NAME and p not in listed_paths(manifest)]
    if unexpected:
        raise DatasetError(
            f"{out_dir} holds a dataset but also {unexpected[0]}, which its manifest does not "
            "list: move it away or give another folder"
        )


def check_inputs(inputs: Sequence[Path]) -> None:
    if not inputs:
        raise DatasetError("no input files given")
    for path in inputs:
        if not path.is_file():
            raise DatasetError(f"input {path} is not a file")


def replace_folder(staging: Path, out_dir: Path) -> None:
    """Move the finished staging folder to out_dir, removing any previous dataset there."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old)


# ---------------------------------------------------------------- export and verify


def export_dataset(
    out_dir: Path, inputs: Sequence[Path], parquet: bool = False, progress: bool = False
) -> dict[str, Any]:
    """Merge crawl outputs into a dataset folder and return the manifest written there.
    `progress`: bars on stderr (reading the inputs, writing the records).

    Raises DatasetError (a ValueError) when out_dir holds something other than a previous dataset,
    when an input is missing, or when parquet is asked for without pyarrow installed.
    """
    out_dir = Path(out_dir).resolve()
    inputs = [Path(p) for p in inputs]
    check_inputs(inputs)
    check_out_dir(out_dir)
    if parquet:
        import_pyarrow()
    created_from = [
        {"file": p.as_posix(), "bytes": p.stat().st_size, "sha256": file_sha256(p)} for p in inputs
    ]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    store = out_dir.with_name(f".{out_dir.name}.merge.sqlite")
    store.unlink(missing_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    total = sum(p.stat().st_size for p in inputs)
    with progress_bar("reading", total, "B", progress) as bar:
        merge = merge_inputs(inputs, store, bar.update)
    try:
        staging.mkdir()
        kept = Kept()
        rows = merge.kept("articles") + merge.kept("breaking")
        with progress_bar("writing", rows, " records", progress) as bar:
            files = write_partitions(staging, "articles", merge, kept, parquet, bar.update)
            files += write_partitions(staging, "breaking", merge, kept, parquet, bar.update)
        manifest = build_manifest(merge, kept, created_from, files)
        (staging / MANIFEST_NAME).write_bytes(manifest_bytes(manifest))
        replace_folder(staging, out_dir)
    finally:
        merge.close()
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def progress_bar(label: str, total: int, unit: str, shown: bool) -> Any:
    """A tqdm progress bar on stderr, or one that shows nothing."""
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit=unit, unit_scale=True, disable=not shown,
                file=sys.stderr, dynamic_ncols=True)  # fmt: skip


def parquet_rows(path: Path) -> int | None:
    """Rows in a parquet file, or None when pyarrow is not installed to count them."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return int(pq.read_metadata(path).num_rows)


SHAPE_BY_KIND = {"articles": "article", "breaking": "breaking"}


def verify_jsonl_part(root: Path, relative: str) -> tuple[int, list[str], list[str]]:
    """(records, problems, ids) of one part-0.jsonl.gz."""
    kind, folder = relative.split("/", 1)[0], str(PurePosixPath(relative).parent)
    problems, ids, count = [], [], 0
    for line, record, reason in read_records(root / relative):
        count += 1
        if record is None:
            problems.append(f"{relative}:{line}: {reason}")
            continue
        ids.append(str(record.get("id")))
        shape = shape_of(record)
        if SHAPE_BY_KIND.get(kind) != shape:
            problems.append(f"{relative}:{line}: an {shape} record has no place in {kind}/")
        elif partition_of(kind, record) != folder:
            problems.append(f"{relative}:{line}: belongs in {partition_of(kind, record)}")
    return count, problems, ids


def verify_entry(root: Path, entry: Any) -> tuple[list[str], list[str]]:
    """(problems, record ids) of one file the manifest lists."""
    if not isinstance(entry, dict) or not is_safe_relative(str(entry.get("path", ""))):
        return [f"manifest.json: bad file entry {entry!r}"], []
    relative = entry["path"]
    path = root / relative
    if not path.is_file():
        return [f"{relative}: listed in manifest.json but missing"], []
    problems: list[str] = []
    if path.stat().st_size != entry.get("bytes"):
        problems.append(
            f"{relative}: {path.stat().st_size} bytes, manifest says {entry.get('bytes')}"
        )
    if file_sha256(path) != entry.get("sha256"):
        problems.append(f"{relative}: sha256 differs from manifest.json")
    ids: list[str] = []
    if relative.endswith(".jsonl.gz"):
        count, found, ids = verify_jsonl_part(root, relative)
        problems += found
    else:
        count = parquet_rows(path)
    if count is not None and count != entry.get("records"):
        problems.append(f"{relative}: {count} records, manifest says {entry.get('records')}")
    return problems, ids


def verify_dataset(out_dir: Path) -> list[str]:
    """Everything wrong with a dataset folder: files that differ from the manifest, records that
    fail the schema or sit in the wrong partition, duplicates, counts. Empty when all is well."""
    root = Path(out_dir)
    manifest = load_manifest(root)
    if manifest is None:
        return [f"{root / MANIFEST_NAME}: missing, unreadable or not a {DATASET_FORMAT} manifest"]
    problems: list[str] = []
    ids_by_kind: dict[str, list[str]] = {"articles": [], "breaking": []}
    for entry in manifest.get("files") or []:
        found, ids = verify_entry(root, entry)
        problems += found
        if ids:
            ids_by_kind.setdefault(entry["path"].split("/", 1)[0], []).extend(ids)
    listed = listed_paths(manifest)
    problems += [
        f"{p}: not listed in manifest.json"
        for p in files_under(root)
        if p != MANIFEST_NAME and p not in listed
    ]
    counts = manifest.get("counts") or {}
    for kind in ("articles", "breaking"):
        ids = ids_by_kind[kind]
        duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
        if duplicates:
            problems.append(f"{kind}: id {duplicates[0]} appears more than once")
        if len(ids) != counts.get(kind):
            problems.append(f"{kind}: {len(ids)} records, manifest counts {counts.get(kind)}")
    return problems


def summary(manifest: dict[str, Any], out_dir: Path) -> str:
    """A few lines for the terminal about a finished export."""
    counts = manifest["counts"]
    errors = ", ".join(f"{k} {n}" for k, n in counts["errors_skipped"].items()) or "none"
    lines = [
        f"wrote {out_dir}: {counts['articles']} articles, {counts['breaking']} breaking items"
        f" in {len(manifest['files'])} files",
        f"dropped: {counts['revisions_dropped']} older revisions or duplicate articles,"
        f" {counts['breaking_duplicates_dropped']} repeated breaking items",
        f"error records skipped: {errors}",
    ]
    if counts["invalid"]:
        lines.append(f"invalid lines skipped: {counts['invalid']} (listed in manifest.json)")
    return "\n".join(lines)
