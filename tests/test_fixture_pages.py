"""Every saved page against its expected.json, one test per page and field, so a failure names
both. Expected files are written by a person reading the page (`newscrawl fixtures` shows where
the code now disagrees, `--write` rewrites them for review)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.processing import record_for_page
from newscrawl.replay import read_saved_page
from newscrawl.schema import validate_record
from tests.helpers import CRAWLED_AT, fixture_cases, load_json


@cache
def actual(case: Path) -> dict[str, Any]:
    page = read_saved_page(case)
    return record_for_page(page.url, page.body, page.status, page.headers, CRAWLED_AT)


def _params() -> list[Any]:
    params = []
    for case in fixture_cases():
        expected = load_json(case / "expected.json")
        for field in expected:
            params.append(pytest.param(case, field, expected[field], id=f"{case.name}::{field}"))
    return params


@pytest.mark.parametrize(("case", "field", "expected"), _params())
def test_field(case: Path, field: str, expected: Any) -> None:
    record = actual(case)
    if field == "error":
        assert "error" in record, f"{case.name}: expected an error record, got an article"
        assert record["error"]["kind"] == expected["kind"], record["error"]["message"]
    else:
        assert record.get(field) == expected


@pytest.mark.parametrize("case", fixture_cases(), ids=lambda c: c.name)
def test_record_is_schema_valid_and_complete(case: Path) -> None:
    record = actual(case)
    assert validate_record(record) == []
    expected = load_json(case / "expected.json")
    if "error" in record:
        assert record["error"]["message"]
    else:
        missing = set(record) - set(expected) - {"crawled_at", "content_hash"}
        assert not missing, f"{case.name}: expected.json lacks {sorted(missing)}"


def test_there_are_enough_fixtures() -> None:
    names = {case.name for case in fixture_cases()}
    articles = {n for n in names if n.startswith("en-")}
    assert len(articles) >= 6
    assert {"blocked-cloudflare", "section-politics", "empty-page", "truncated-page"} <= names
