"""`to_record` copies an item's attributes at once: the same record, key for key and in the
same order, as reading each field of the dataclass (what it did before), whatever was set on
the item after it was made."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.items import OPTIONAL, ArticleItem, BreakingItem, ErrorItem, Item, to_record
from newscrawl.profile import generic_profile


def field_by_field(item: Item) -> dict[str, Any]:
    return {
        f.name: getattr(item, f.name)
        for f in fields(item)
        if f.name not in OPTIONAL or getattr(item, f.name) is not None
    }


def article() -> ArticleItem:
    return ArticleItem(
        "https://a.example/x", "https://a.example/x", "a-en-1", "a", "en", "A", "news"
    )


def breaking() -> BreakingItem:
    return BreakingItem("a-en-b1", "a", "en", "A", "Text", None, None, "https://a.example/", "")


def error() -> ErrorItem:
    return ErrorItem.of("https://a.example/y", "http_error", "HTTP 500", 500, "")


CHANGES = st.sampled_from([
    ("profile", generic_profile("a.example")), ("fallbacks", frozenset({"body"})),
    ("revision", 2), ("first_seen_at", "2024-08-05T10:00:00+00:00"), ("revision", None),
    ("crawled_at", "2024-08-05T11:00:00+00:00"), ("status", 404), ("headline", "New"),
    ("not_a_field", "x"),
])  # fmt: skip


@given(make=st.sampled_from([article, breaking, error]), changes=st.lists(CHANGES, max_size=5))
def test_to_record_is_the_fields_read_one_by_one(make: Any, changes: list[Any]) -> None:
    item = make()
    for name, value in changes:
        setattr(item, name, value)
    record = to_record(item)
    assert list(record.items()) == list(field_by_field(item).items())
    assert "profile" not in record and "not_a_field" not in record


def test_incremental_fields_appear_only_when_set() -> None:
    item = article()
    assert "revision" not in to_record(item)
    item.revision, item.first_seen_at = 1, "2024-08-05T10:00:00+00:00"
    record = to_record(item)
    assert list(record)[-3:] == ["revision", "first_seen_at", "schema_version"]
    assert record["revision"] == 1


def test_a_field_deleted_and_set_again_keeps_its_place() -> None:
    item = article()
    del item.headline
    item.headline = "Again"
    assert list(to_record(item)) == [f.name for f in fields(item) if f.name not in OPTIONAL]
