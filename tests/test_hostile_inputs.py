"""Inputs built to crash a command: JSON nested deeper than Python's parser goes, integers
beyond what Parquet stores, and a reader that raises. Each ends as a clear record or error
record (or a counted bad line), never as a traceback or a page with no trace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.dataset import export_dataset, verify_dataset
from newscrawl.extraction import READERS
from newscrawl.processing import record_for_page
from newscrawl.schema import load_schema, validate_record
from tests.helpers import PAGES, ROOT, load_json

URL = "https://example.com/2024/05/01/a-story-nested-far-too-deep"
WORDS = "Every paragraph of this story says something the reader came for. " * 20
INT64_MAX = 2**63 - 1


def page_with_json_ld(json_ld: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Deep | Example</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-05-01T10:00:00+00:00">'
        f'<script type="application/ld+json">{json_ld}</script></head><body><article>'
        f"<h1>A story nested far too deep</h1><p>{WORDS}</p><p>{WORDS}</p></article></body></html>"
    ).encode()


def nested(depth: int) -> str:
    """A JSON-LD article whose `about` is `depth` lists deep."""
    return '{"@type":"NewsArticle","about":' + "[" * depth + "]" * depth + "}"


def newscrawl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_ld_nested_too_deep_is_set_aside_and_the_page_read(depth: int) -> None:
    record = record_for_page(URL, page_with_json_ld(nested(depth)))
    assert "error" not in record, record
    assert record["headline"] == "A story nested far too deep"
    assert record["body"][0]["text"].startswith("Every paragraph")


def test_extract_manifest_answers_every_line_after_a_deep_json_ld_page(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_bytes(page_with_json_ld(nested(5_000)))
    plain = PAGES / "en-two-authors"
    lines = [
        {"url": URL, "path": str(deep)},
        {"url": load_json(plain / "info.json")["url"], "path": str(plain)},
    ]
    manifest = "".join(json.dumps(line) + "\n" for line in lines)
    done = newscrawl("extract", "--manifest", "-", stdin=manifest)
    assert done.returncode == 0, done.stderr[-2000:]
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a.get("headline") for a in answers] == [
        "A story nested far too deep",
        load_json(plain / "expected.json")["headline"],
    ]


def test_a_reader_that_raises_gives_an_error_record_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last-resort guard: whatever a reader raises on one page, that page still ends as a
    record (an error record naming the exception), never as a lost URL."""

    def broken(*args: Any) -> Any:
        raise KeyError("a field the reader did not expect")

    monkeypatch.setitem(READERS, "generic", broken)
    record = record_for_page(URL, page_with_json_ld("{}"))
    assert record["url"] == URL
    assert record["error"]["kind"] == "unparseable"
    assert "KeyError" in record["error"]["message"]
    assert "a field the reader did not expect" in record["error"]["message"]
    assert validate_record(record) == []


def test_validate_names_a_line_nested_too_deep(tmp_path: Path) -> None:
    export = tmp_path / "articles.jsonl"
    # Too deep to parse; deep enough that quoting the value in a schema message would recurse.
    just_parsed = '{"id": "x", "body": ' + "[" * 990 + "]" * 990 + "}"
    export.write_text("[" * 5_000 + "\n" + just_parsed + "\n{}\n", encoding="utf-8")
    done = newscrawl("validate", str(export))
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert f"{export}:1: not JSON: nested too deeply" in done.stdout
    assert f"{export}:2: " in done.stdout
    assert f"{export}:3: " in done.stdout


def a_valid_article() -> dict[str, Any]:
    case = PAGES / "en-two-authors"
    info = load_json(case / "info.json")
    record = record_for_page(info["url"], (case / "body.html").read_bytes())
    assert validate_record(record) == []
    return record


def test_export_counts_a_line_nested_too_deep_and_writes_the_rest(tmp_path: Path) -> None:
    good = a_valid_article()
    export = tmp_path / "articles.jsonl"
    export.write_text("[" * 5_000 + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    done = newscrawl("export", str(tmp_path / "dataset"), str(export))
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = load_json(tmp_path / "dataset" / "manifest.json")
    assert manifest["counts"]["articles"] == 1
    assert manifest["counts"]["invalid"] == 1
    assert manifest["invalid"][0]["reason"].startswith("not JSON: nested too deeply")


def test_every_integer_of_the_schema_fits_in_int64() -> None:
    """Parquet stores counts as int64: the schema bounds every integer it defines."""
    found = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            types = node.get("type")
            if types == "integer" or (isinstance(types, list) and "integer" in types):
                found.append(where)
                assert node.get("maximum", INT64_MAX + 1) <= INT64_MAX, where
                assert node.get("minimum", -INT64_MAX - 2) >= -INT64_MAX - 1, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, f"{where}/{n}")

    walk(load_schema(), "")
    assert len(found) >= 5  # revision, word_count, reading time, video duration, status


@pytest.mark.parametrize("field", ["revision", "word_count", "reading_time_minutes"])
def test_parquet_export_of_an_integer_beyond_int64(tmp_path: Path, field: str) -> None:
    pytest.importorskip("pyarrow")
    good = a_valid_article()
    huge = {**good, "id": good["id"] + "-huge", field: INT64_MAX + 1}
    assert validate_record(huge) != []  # beyond the schema now: a bad line, not a crash
    export = tmp_path / "articles.jsonl"
    export.write_text(json.dumps(good) + "\n" + json.dumps(huge) + "\n", encoding="utf-8")
    manifest = export_dataset(tmp_path / "dataset", [export], parquet=True)
    assert manifest["counts"]["articles"] == 1 and manifest["counts"]["invalid"] == 1
    assert field in manifest["invalid"][0]["reason"]
    assert verify_dataset(tmp_path / "dataset") == []
    # The largest value the schema allows is written and read back.
    edge = {**good, field: INT64_MAX}
    assert validate_record(edge) == []
    export.write_text(json.dumps(edge) + "\n", encoding="utf-8")
    export_dataset(tmp_path / "edge", [export], parquet=True)
    assert verify_dataset(tmp_path / "edge") == []


def test_schema_check_of_a_value_nested_deeper_than_repr_goes() -> None:
    value: list[Any] = []
    for _ in range(5_000):
        value = [value]
    assert validate_record({"type": "news", "body": value}) == [
        "(record): nested too deeply to check"
    ]
