"""`newscrawl.dataset`: crawl outputs merged into a partitioned, versioned dataset folder.

The inputs come from one real crawl of the fixture site (fixtures/site), replayed offline.
"""

from __future__ import annotations

import copy
import gzip
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newscrawl.dataset import (
    ARTICLE_COLUMNS,
    BREAKING_COLUMNS,
    DATASET_FORMAT,
    DatasetError,
    Merge,
    export_dataset,
    month_of,
    partition_of,
    schema_versions,
    summary,
    verify_dataset,
)
from newscrawl.schema import load_schema
from tests.helpers import FIXTURES, cli_crawl, read_lines

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
# An article of the fixture site published on 2025-10-31 (Beirut time).
OCTOBER_ARTICLE = "almayadeen-en-1984368"


def write_lines(path: Path, lines: list[Any]) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def read_part(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def parts(root: Path, kind: str) -> dict[str, list[dict[str, Any]]]:
    """Every part-0.jsonl.gz of one kind, by folder relative to the dataset root."""
    return {
        path.parent.relative_to(root).as_posix(): read_part(path)
        for path in sorted((root / kind).rglob("part-0.jsonl.gz"))
    }


def all_records(root: Path, kind: str) -> list[dict[str, Any]]:
    return [record for records in parts(root, kind).values() for record in records]


def folder_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def crawl_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """articles.jsonl and articles.failures.jsonl of one replayed crawl of the fixture site."""
    out_dir = tmp_path_factory.mktemp("crawl")
    cli_crawl(out_dir / "articles.jsonl", "almayadeen", "--replay", str(SITE))
    return out_dir


@pytest.fixture(scope="module")
def crawled(crawl_dir: Path) -> list[dict[str, Any]]:
    return read_lines(crawl_dir / "articles.jsonl")


@pytest.fixture(scope="module")
def dataset(crawl_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crawl exported once; tests that only read it share it."""
    out = tmp_path_factory.mktemp("export") / "dataset"
    export_dataset(out, [crawl_dir / "articles.jsonl"])
    return out


def manifest_of(root: Path) -> dict[str, Any]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the whole crawl


def test_every_article_is_exported_once(crawled: list[dict[str, Any]], dataset: Path) -> None:
    articles = [r for r in crawled if r["type"] != "breaking"]
    assert len(articles) == 38
    exported = all_records(dataset, "articles")
    assert Counter(r["id"] for r in exported) == Counter(r["id"] for r in articles)
    by_id = {r["id"]: r for r in articles}
    assert all(record == by_id[record["id"]] for record in exported)


def test_articles_sit_in_the_month_they_were_published(dataset: Path) -> None:
    folders = parts(dataset, "articles")
    assert sorted(folders) == [
        "articles/language=en/month=2025-10",
        "articles/language=en/month=2025-11",
    ]
    october = {r["id"]: r for r in folders["articles/language=en/month=2025-10"]}
    assert october[OCTOBER_ARTICLE]["published_at"].startswith("2025-10-31")
    for folder, records in folders.items():
        assert {r["published_at"][:7] for r in records} == {folder[-7:]}


def test_records_are_sorted_by_publication_time_then_id(dataset: Path) -> None:
    for records in parts(dataset, "articles").values():
        # By the moment of publication: October mixes +03:00 (summer) and +02:00 (winter) times.
        keys = [(datetime.fromisoformat(r["published_at"]), r["id"]) for r in records]
        assert keys == sorted(keys)


def test_breaking_items_are_partitioned_by_crawl_month(
    crawled: list[dict[str, Any]], dataset: Path
) -> None:
    breaking = [r for r in crawled if r["type"] == "breaking"]
    folders = parts(dataset, "breaking")
    assert list(folders) == [f"breaking/language=en/month={breaking[0]['crawled_at'][:7]}"]
    assert sorted(r["id"] for r in all_records(dataset, "breaking")) == sorted(
        r["id"] for r in breaking
    )


def test_manifest_counts_match_the_input(crawled: list[dict[str, Any]], dataset: Path) -> None:
    manifest = manifest_of(dataset)
    counts = manifest["counts"]
    assert manifest["dataset_format"] == DATASET_FORMAT
    (version,) = {r["schema_version"] for r in crawled}
    assert manifest["schema_version"] == version
    assert counts["articles"] == sum(r["type"] != "breaking" for r in crawled)
    assert counts["breaking"] == sum(r["type"] == "breaking" for r in crawled)
    assert counts["by_type"] == dict(Counter(r["type"] for r in crawled))
    assert counts["by_language"] == dict(Counter(r["language"] for r in crawled))
    assert counts["revisions_dropped"] == 0
    assert counts["invalid"] == 0
    assert manifest["invalid"] == []
    published = sorted(r["published_at"] for r in crawled if r["type"] != "breaking")
    assert manifest["date_range"] == {
        "first_published": published[0],
        "last_published": published[-1],
    }


def test_manifest_describes_every_file(crawl_dir: Path, dataset: Path) -> None:
    import hashlib

    manifest = manifest_of(dataset)
    source = crawl_dir / "articles.jsonl"
    assert manifest["created_from"] == [
        {
            "file": source.as_posix(),
            "bytes": source.stat().st_size,
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        }
    ]
    on_disk = sorted(p for p in folder_bytes(dataset) if p != "manifest.json")
    assert [entry["path"] for entry in manifest["files"]] == on_disk
    for entry in manifest["files"]:
        data = (dataset / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["records"] == len(read_part(dataset / entry["path"]))


def test_verify_accepts_a_fresh_dataset(dataset: Path) -> None:
    assert verify_dataset(dataset) == []


def test_verify_finds_a_changed_file(dataset: Path, tmp_path: Path) -> None:
    import shutil

    copy_dir = tmp_path / "copy"
    shutil.copytree(dataset, copy_dir)
    part = copy_dir / "articles/language=en/month=2025-10/part-0.jsonl.gz"
    records = read_part(part)
    with gzip.open(part, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records[1:])
    problems = verify_dataset(copy_dir)
    assert any("sha256 differs" in p for p in problems)
    assert any(f"{len(records) - 1} records, manifest says {len(records)}" in p for p in problems)
    assert any(p.startswith("articles: ") for p in problems)


def test_export_is_byte_identical_when_repeated(crawl_dir: Path, tmp_path: Path) -> None:
    inputs = [crawl_dir / "articles.jsonl", crawl_dir / "articles.failures.jsonl"]
    first = export_dataset(tmp_path / "one", inputs)
    second = export_dataset(tmp_path / "two", inputs)
    assert first == second
    assert folder_bytes(tmp_path / "one") == folder_bytes(tmp_path / "two")
    # The gzip header carries no time and no file name.
    part = tmp_path / "one" / first["files"][0]["path"]
    assert part.read_bytes()[4:8] == b"\0\0\0\0"


# ---------------------------------------------------------------- several runs


def test_latest_revision_wins_and_duplicates_are_dropped(
    crawled: list[dict[str, Any]], crawl_dir: Path, tmp_path: Path
) -> None:
    articles = [r for r in crawled if r["type"] != "breaking"]
    revised, repeated = copy.deepcopy(articles[0]), articles[1]
    # A later crawl saw the first article edited: revision 2, with a new headline.
    revised_fields = {
        "revision": 2,
        "first_seen_at": revised["crawled_at"],
        "headline": revised["headline"] + " (updated)",
    }
    revised.update(revised_fields)
    later = write_lines(tmp_path / "later.jsonl", [revised, repeated])
    # The revision outranks input order: the older crawl is given last.
    manifest = export_dataset(tmp_path / "dataset", [later, crawl_dir / "articles.jsonl"])

    exported = {r["id"]: r for r in all_records(tmp_path / "dataset", "articles")}
    assert len(exported) == len(articles)
    assert exported[revised["id"]] == revised
    assert exported[repeated["id"]] == repeated
    assert manifest["counts"]["articles"] == len(articles)
    assert manifest["counts"]["revisions_dropped"] == 2
    assert verify_dataset(tmp_path / "dataset") == []


def article(**changes: Any) -> dict[str, Any]:
    base = {"id": "almayadeen-en-1", "crawled_at": "2025-11-01T10:00:00+00:00", "headline": "a"}
    return {**base, **changes}


def test_same_revision_the_latest_crawl_wins_then_the_later_input() -> None:
    merge = Merge()
    merge.add(article(headline="later crawl", crawled_at="2025-11-02T00:00:00+00:00"), (0, 1))
    merge.add(article(headline="earlier crawl, later input"), (1, 1))
    assert merge.article("almayadeen-en-1")["headline"] == "later crawl"

    merge = Merge()
    merge.add(article(headline="first input"), (0, 1))
    merge.add(article(headline="second input"), (1, 1))
    assert merge.article("almayadeen-en-1")["headline"] == "second input"

    merge = Merge()
    merge.add(article(headline="revision 3", revision=3), (0, 1))
    merge.add(
        article(headline="revision 2", revision=2, crawled_at="2026-01-01T00:00:00+00:00"), (1, 1)
    )
    assert merge.article("almayadeen-en-1")["headline"] == "revision 3"


def test_every_schema_version_of_the_records_is_listed() -> None:
    def versions(*found: str) -> str | list[str]:
        return schema_versions({"schema_version": v} for v in found)

    assert versions("1.1.0", "1.1.0") == "1.1.0"
    assert versions("1.10.0", "1.2.0", "1.1.0") == ["1.1.0", "1.2.0", "1.10.0"]
    assert versions() == load_schema()["version"]


def test_breaking_items_keep_their_first_sighting(
    crawled: list[dict[str, Any]], tmp_path: Path
) -> None:
    item = next(r for r in crawled if r["type"] == "breaking")
    seen_later = {**item, "crawled_at": "2030-01-01T00:00:00+00:00"}
    seen_first = {**item, "crawled_at": "2020-01-01T00:00:00+00:00"}
    inputs = [
        write_lines(tmp_path / "run2.jsonl", [seen_later]),
        write_lines(tmp_path / "run1.jsonl", [seen_first]),
    ]
    manifest = export_dataset(tmp_path / "dataset", inputs)
    assert all_records(tmp_path / "dataset", "breaking") == [seen_first]
    assert manifest["counts"]["breaking"] == 1
    assert manifest["counts"]["breaking_duplicates_dropped"] == 1
    assert list(parts(tmp_path / "dataset", "breaking")) == ["breaking/language=en/month=2020-01"]


# ---------------------------------------------------------------- bad and other input


def test_bad_lines_are_counted_not_exported(crawled: list[dict[str, Any]], tmp_path: Path) -> None:
    no_headline = {k: v for k, v in crawled[-1].items() if k != "headline"}
    lines = [crawled[0], '{"url": "https://x", broken', "[1, 2]", no_headline, *crawled[1:-1]]
    source = write_lines(tmp_path / "mixed.jsonl", lines)
    manifest = export_dataset(tmp_path / "dataset", [source])

    assert manifest["counts"]["invalid"] == 3
    assert [(e["file"], e["line"]) for e in manifest["invalid"]] == [
        (source.as_posix(), 2),
        (source.as_posix(), 3),
        (source.as_posix(), 4),
    ]
    reasons = [e["reason"] for e in manifest["invalid"]]
    assert reasons[0].startswith("not JSON")
    assert reasons[1] == "not a JSON object: list"
    assert "headline" in reasons[2]
    exported = all_records(tmp_path / "dataset", "articles") + all_records(
        tmp_path / "dataset", "breaking"
    )
    assert sorted(r["id"] for r in exported) == sorted(r["id"] for r in crawled[:-1])


def test_only_the_first_twenty_invalid_lines_are_listed(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "junk.jsonl", [f"junk {n}" for n in range(25)])
    manifest = export_dataset(tmp_path / "dataset", [source])
    assert manifest["counts"]["invalid"] == 25
    assert [e["line"] for e in manifest["invalid"]] == list(range(1, 21))
    assert manifest["files"] == []


def test_error_records_are_counted_and_skipped(crawl_dir: Path, tmp_path: Path) -> None:
    failures = read_lines(crawl_dir / "articles.failures.jsonl")
    assert failures
    inputs = [crawl_dir / "articles.jsonl", crawl_dir / "articles.failures.jsonl"]
    manifest = export_dataset(tmp_path / "dataset", inputs)
    assert manifest["counts"]["errors_skipped"] == dict(
        Counter(f["error"]["kind"] for f in failures)
    )
    exported = all_records(tmp_path / "dataset", "articles") + all_records(
        tmp_path / "dataset", "breaking"
    )
    assert not any("error" in r for r in exported)
    assert manifest["counts"]["invalid"] == 0
    # The fixture site's two failures (fixtures/site/README.md): the Cloudflare block, the
    # dead link.
    skipped = "error records skipped: blocked 1, not_found 1"
    assert skipped in summary(manifest, tmp_path / "dataset")


def test_gzipped_input_gives_the_same_dataset(
    crawl_dir: Path, dataset: Path, tmp_path: Path
) -> None:
    source = tmp_path / "articles.jsonl.gz"
    source.write_bytes(gzip.compress((crawl_dir / "articles.jsonl").read_bytes()))
    manifest = export_dataset(tmp_path / "dataset", [source])
    assert manifest["files"] == manifest_of(dataset)["files"]
    assert manifest["counts"] == manifest_of(dataset)["counts"]


def test_a_truncated_gzip_input_keeps_what_could_be_read(crawl_dir: Path, tmp_path: Path) -> None:
    whole = gzip.compress((crawl_dir / "articles.jsonl").read_bytes())
    source = tmp_path / "cut.jsonl.gz"
    source.write_bytes(whole[: len(whole) // 2])
    manifest = export_dataset(tmp_path / "dataset", [source])
    assert manifest["invalid"][-1]["reason"].startswith("unreadable")
    assert 0 < manifest["counts"]["articles"] + manifest["counts"]["breaking"] < 50
    assert verify_dataset(tmp_path / "dataset") == []


def test_a_missing_input_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not a file"):
        export_dataset(tmp_path / "dataset", [tmp_path / "nope.jsonl"])
    assert not (tmp_path / "dataset").exists()


# ---------------------------------------------------------------- partitions


def test_month_is_the_publishers_local_month() -> None:
    assert month_of("2025-10-31T23:30:00+02:00") == "2025-10"
    assert month_of("2025-11-01T00:30:00+02:00") == "2025-11"  # 2025-10-31 in UTC
    assert month_of(None) == "unknown"


def test_undated_articles_go_to_month_unknown() -> None:
    record = {"language": "ar", "published_at": None, "crawled_at": "2025-11-01T00:00:00+00:00"}
    assert partition_of("articles", record) == "articles/language=ar/month=unknown"
    assert partition_of("breaking", record) == "breaking/language=ar/month=2025-11"
    assert partition_of("breaking", {**record, "language": "../x"}).startswith(
        "breaking/language=unknown/"
    )


# ---------------------------------------------------------------- the output folder


def test_a_folder_with_other_files_is_refused(crawl_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DatasetError, match="not empty"):
        export_dataset(out, [crawl_dir / "articles.jsonl"])
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_previous_dataset_is_replaced(
    crawled: list[dict[str, Any]], crawl_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dataset"
    export_dataset(out, [crawl_dir / "articles.jsonl"])
    only_breaking = [r for r in crawled if r["type"] == "breaking"]
    manifest = export_dataset(out, [write_lines(tmp_path / "b.jsonl", only_breaking)])
    assert manifest["counts"]["articles"] == 0
    assert not (out / "articles").exists()
    assert verify_dataset(out) == []


def test_a_dataset_with_an_unlisted_file_is_refused(crawl_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export_dataset(out, [crawl_dir / "articles.jsonl"])
    (out / "articles" / "my-analysis.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"my-analysis\.csv"):
        export_dataset(out, [crawl_dir / "articles.jsonl"])
    assert (out / "articles" / "my-analysis.csv").exists()


# ---------------------------------------------------------------- parquet


def test_parquet_columns_cover_every_schema_field() -> None:
    defs = load_schema()["$defs"]
    assert list(ARTICLE_COLUMNS) == list(defs["article"]["properties"])
    assert set(BREAKING_COLUMNS) == set(defs["breaking"]["properties"])


def test_parquet_without_pyarrow_says_what_to_install(
    crawl_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(DatasetError, match=r"pip install 'newscrawl\[parquet\]'"):
        export_dataset(tmp_path / "dataset", [crawl_dir / "articles.jsonl"], parquet=True)
    assert not (tmp_path / "dataset").exists()


def test_parquet_parts_hold_the_same_records(crawl_dir: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "dataset"
    manifest = export_dataset(out, [crawl_dir / "articles.jsonl"], parquet=True)

    paths = [entry["path"] for entry in manifest["files"]]
    jsonl_parts = [p for p in paths if p.endswith(".jsonl.gz")]
    assert sorted(p for p in paths if p.endswith(".parquet")) == sorted(
        p.replace(".jsonl.gz", ".parquet") for p in jsonl_parts
    )
    article_schemas = []
    for relative in jsonl_parts:
        records = read_part(out / relative)
        table = pq.read_table(out / relative.replace(".jsonl.gz", ".parquet"))
        assert table.num_rows == len(records)
        assert table.column("id").to_pylist() == [r["id"] for r in records]
        if relative.startswith("articles/"):
            article_schemas.append(table.schema)
            row = table.slice(0, 1).to_pylist()[0]
            assert row["authors"] == records[0]["authors"]
            assert row["body"] == records[0]["body"]
    assert len(article_schemas) == 2
    assert article_schemas[0] == article_schemas[1]
    assert verify_dataset(out) == []

    again = export_dataset(tmp_path / "again", [crawl_dir / "articles.jsonl"], parquet=True)
    assert again == manifest
