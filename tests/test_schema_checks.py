"""The fast schema check (fastjsonschema, with its `oneOf`-with-null forms made single checks,
and an article's body of plain blocks checked in one loop) and jsonschema (which names the
reasons) answer the same for valid and broken records."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.processing import record_for_page
from newscrawl.schema import (
    _block_rule,
    _fast_check,
    _inlined,
    _plain_blocks,
    _validator,
    shape_of,
    validate_record,
)
from tests.helpers import PAGES, load_json


def page_record(name: str) -> dict[str, Any]:
    info = load_json(PAGES / name / "info.json")
    body = (PAGES / name / "body.html").read_bytes()
    return record_for_page(info["url"], body, info["status"], info["headers"])


SEED = page_record("en-news-seed")
VIDEO = page_record("es-video")


def broken(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    *parents, last = path
    holder = changed
    for key in parents:
        holder = holder[key]
    holder[last] = value
    return changed


CASES = [
    SEED,
    VIDEO,
    broken(SEED, ("published_at",), None),
    broken(SEED, ("published_at",), "yesterday"),
    broken(SEED, ("published_at",), 20231108),
    broken(SEED, ("modified_at",), "2023-11-08T12:20:00+00:00"),
    broken(SEED, ("modified_at",), {"at": "2023-11-08T12:20:00+00:00"}),
    broken(SEED, ("video",), None),
    broken(SEED, ("video",), {"url": None, "duration_seconds": None}),
    broken(SEED, ("video",), {"url": "https://x.org/v.mp4", "duration_seconds": 12}),
    broken(SEED, ("video",), {"url": "ftp://x.org/v.mp4", "duration_seconds": 12}),
    broken(SEED, ("video",), {"url": None}),
    broken(SEED, ("video",), {"url": None, "duration_seconds": -1, "extra": 1}),
    broken(SEED, ("video",), "https://x.org/v.mp4"),
    broken(SEED, ("video",), []),
    broken(VIDEO, ("video", "url"), "not a url"),
    broken(VIDEO, ("video", "url"), 7),
    broken(SEED, ("authors", 0, "url"), None),
    broken(SEED, ("authors", 0, "url"), "https://english.almayadeen.net/authors/x y"),
    broken(SEED, ("authors", 0, "url"), ["https://english.almayadeen.net/authors/x"]),
]


@pytest.mark.parametrize("record", CASES)
def test_the_fast_check_and_jsonschema_agree(record: dict[str, Any]) -> None:
    shape = shape_of(record)
    reasons = list(_validator(shape).iter_errors(record))
    try:
        _fast_check(shape)(record)
        passed = True
    except Exception:  # fastjsonschema's JsonSchemaException
        passed = False
    assert passed == (not reasons), [error.message for error in reasons]


def test_the_cases_hold_valid_and_broken_records() -> None:
    valid = [not list(_validator(shape_of(r)).iter_errors(r)) for r in CASES]
    assert valid.count(True) >= 5 and valid.count(False) >= 10


class Block(dict):  # a dict of another type: the one-loop rule leaves it to the compiled check
    pass


BLOCK_VALUES = st.sampled_from(["paragraph", "list_item", "quote", "caption", "", "x", 1, None])
BLOCKS = st.one_of(
    st.fixed_dictionaries({"kind": BLOCK_VALUES, "text": BLOCK_VALUES}),
    st.fixed_dictionaries({"kind": BLOCK_VALUES, "text": BLOCK_VALUES, "extra": BLOCK_VALUES}),
    st.fixed_dictionaries({"text": BLOCK_VALUES}),
    st.builds(Block, kind=BLOCK_VALUES, text=BLOCK_VALUES),
    st.sampled_from([None, "paragraph", ["paragraph", "x"], {}]),
)


@given(body=st.lists(BLOCKS, max_size=4), headline=st.sampled_from(["Headline", ""]))
@example(body=[{"kind": "paragraph", "text": ""}], headline="Headline")
@example(body=[{"kind": "caption", "text": "A"}], headline="Headline")
@example(body=[{"kind": ["paragraph"], "text": "A"}], headline="Headline")
@example(body=[{"kind": "quote", "text": "A"}, Block(kind="quote", text="")], headline="Headline")
@example(body=[{"kind": "quote", "text": 1}], headline="Headline")
def test_the_one_loop_block_rule_and_jsonschema_agree(body: list[Any], headline: str) -> None:
    record = {**SEED, "body": body, "headline": headline}
    assert (validate_record(record) == []) == (not list(_validator("article").iter_errors(record)))


def test_the_one_loop_block_rule_reads_the_schema_and_real_bodies() -> None:
    assert _block_rule() == (
        frozenset({"kind", "text"}),
        frozenset({"paragraph", "heading", "quote", "list_item"}),
    )
    assert _plain_blocks(SEED["body"]) and len(SEED["body"]) > 3
    assert not _plain_blocks([*SEED["body"], {"kind": "caption", "text": "A"}])


def test_references_are_inlined_except_within_their_own_definition() -> None:
    defs = {
        "url": {"type": "string", "pattern": "^https?://"},
        "tree": {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/tree"}}}},
    }
    node = {"properties": {"a": {"$ref": "#/$defs/url"}, "t": {"$ref": "#/$defs/tree"}}}
    assert _inlined(node, defs) == {
        "properties": {"a": defs["url"], "t": defs["tree"]},  # the tree's own reference kept
    }
    assert _inlined({"$ref": "url"}, defs) == {"$ref": "url"}  # not a reference to a definition
