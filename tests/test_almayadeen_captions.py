"""Al Mayadeen's figure captions: a credit in parentheses at the end is split off, found with
string methods as the regex that states the rule would find it."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.extraction.almayadeen.template import split_credit
from newscrawl.normalize.text import clean_text

# The rule: a caption, then a credit in parentheses (no parenthesis in it) that ends the text.
CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]+)\)\s*$", re.S)


def split_by_the_rule(text: str | None) -> tuple[str | None, str | None]:
    text = clean_text(text)
    if not text:
        return None, None
    match = CREDIT.match(text)
    if match and match.group("caption").strip():
        return match.group("caption").strip(), match.group("credit").strip()
    return text, None


PIECES = st.sampled_from(["(", ")", " ", "  ", "\n", "\u00a0", "a", "AFP", "é", "&amp;", "\u200f"])


@given(st.lists(PIECES, max_size=12).map("".join))
@example("A meeting in Moscow (Sputnik)")
@example("A meeting in Moscow (Sputnik) ")
@example("(Sputnik)")
@example("A meeting ( )")
@example("A (b) c)")
@example("A ((b)")
@example("A (b)\n")
def test_credits_split_as_the_rule_splits_them(text: str) -> None:
    assert split_credit(text) == split_by_the_rule(text)


def test_a_credit_is_split_off() -> None:
    assert split_credit("Gaza's new plant (AFP)") == ("Gaza's new plant", "AFP")
    assert split_credit("A (rare) view of Gaza (Reuters)") == ("A (rare) view of Gaza", "Reuters")
    assert split_credit("No credit here") == ("No credit here", None)
    assert split_credit(None) == (None, None)
