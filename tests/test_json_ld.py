"""JSON-LD's decoder, made once, reads every script text as `json.loads(text, strict=False)`."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.extraction.json_ld import _DECODER

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
AROUND = st.sampled_from(["", " ", "\n\t", "\ufeff", "\ufeff ", "x", "\x00", "\u00a0"])


def _read(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", read(text)
    except ValueError:
        return "refused", None


@given(AROUND, JSON_VALUES, AROUND, st.booleans())
@example("\ufeff", {"@type": "NewsArticle"}, "", False)  # a byte order mark: both refuse
@example("", "a\tb\nc", "", True)  # control characters in a string: strict=False reads them
def test_the_decoder_reads_as_json_loads_does(
    before: str, value: Any, after: str, raw_controls: bool
) -> None:
    text = before + json.dumps(value, ensure_ascii=False) + after
    if raw_controls:
        text = text.replace("\\t", "\t").replace("\\n", "\n")
    plain = _read(lambda t: json.loads(t, strict=False), text)
    assert _read(_DECODER.decode, text) == plain
