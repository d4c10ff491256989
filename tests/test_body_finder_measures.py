"""The body finder's measures, written for speed, against the plain definitions they stand for:
the furniture words of `class` and `id` attributes (a grouped regex) against a flat alternation,
and the weighted paragraph text under each element (childless elements read without the
serialiser, ancestor chains built once per element) against a walk up from every paragraph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from newscrawl.extraction.body_finder import (
    BOILERPLATE,
    BOILERPLATE_WORDS,
    COMMENTS,
    STRUCTURE_TAGS,
    TEXT_LEAF_TAGS,
    WEAK_PARAGRAPH,
    PageTexts,
    _paragraph_totals,
    _squashed_length,
    has_class_words,
    is_boilerplate,
)
from newscrawl.extraction.document import parse_html
from testkit.devset import fundus_fixtures

ROOT = Path(__file__).resolve().parent.parent
FLAT_BOILERPLATE = re.compile("|".join(BOILERPLATE_WORDS), re.I)

CLASS_PIECES = st.sampled_from([
    "ad", "ads", "Ad", "cta", "CTA", "share", "Sharebar", "bad", "adsl", "x", "-", "_", " ", "1",
    "é", "ſ", "K", "tags", "tag", "tagline", "poll", "polls", "comment", "main", "article-body",
])  # fmt: skip


@given(st.lists(CLASS_PIECES, max_size=8).map("".join))
def test_furniture_words_are_found_as_a_flat_alternation_finds_them(attributes: str) -> None:
    assert BOILERPLATE.found_in(attributes) == (FLAT_BOILERPLATE.search(attributes) is not None)


def plain_squashed_length(text: str) -> int:
    return len(" ".join(text.split()))


# Single inner spaces, runs of them, and every other kind of whitespace Python's `str.split`
# knows (separators and control characters), beside letters and other characters.
PRINTABLE_PIECES = [" ", "a", "é", "字", "-"]
OTHER_PIECES = ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2009", "\u2028",
                "\u3000", "\u200b", "\x00"]  # fmt: skip
SPACED_TEXT = st.one_of(
    st.lists(st.sampled_from(PRINTABLE_PIECES), max_size=12),
    st.lists(st.sampled_from(PRINTABLE_PIECES + OTHER_PIECES), max_size=12),
).map("".join)


@given(SPACED_TEXT)
def test_squashed_length_is_the_length_of_the_text_with_whitespace_runs_made_one_space(
    text: str,
) -> None:
    assert _squashed_length(text) == plain_squashed_length(text)


def plain_paragraph_length(element: HtmlElement) -> int | None:
    """What `PageTexts.paragraph_length` means, read with `text_content()` every time."""
    links = list(element.iter("a"))
    if element.tag == "li":
        if any((a.text or "").strip() or plain_squashed_length(a.text_content()) for a in links):
            return None
        return plain_squashed_length(element.text_content()) or None
    leaf = element.tag in TEXT_LEAF_TAGS and all(c.tag not in STRUCTURE_TAGS for c in element)
    if element.tag not in ("p", "pre") and not leaf:
        return None
    length = plain_squashed_length(element.text_content())
    if length < 25 or sum(plain_squashed_length(a.text_content()) for a in links) / length > 0.5:
        return None
    return length


def plain_totals(root: HtmlElement) -> dict[HtmlElement, float]:
    """What `_paragraph_totals` means: each paragraph's weight added to its parent and every
    ancestor up to `root`, unless one of them (not `root`) is readers' comments."""
    totals: dict[HtmlElement, float] = {}
    for element in root.iter("p", "li", "pre", *TEXT_LEAF_TAGS):
        length = plain_paragraph_length(element)
        if length is None or is_boilerplate(element):
            continue
        chain = []
        node = element.getparent()
        while node is not None:
            chain.append(node)
            if node is root:
                break
            node = node.getparent()
        if any(n is not root and has_class_words(n, COMMENTS) for n in chain):
            continue
        weight = length * (1.0 if element.tag == "p" else WEAK_PARAGRAPH)
        for node in chain:
            totals[node] = totals.get(node, 0.0) + weight
    return totals


def assert_measured_as_plainly(root: HtmlElement) -> None:
    texts = PageTexts()
    assert _paragraph_totals(root, texts) == plain_totals(root)
    for element in root.iter("p", "li", "pre", "h2", "span", *TEXT_LEAF_TAGS):
        assert texts.paragraph_length(element) == plain_paragraph_length(element)


WORDS = "A story's paragraph, long enough to be counted as the body text"
MARKUP = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", '<div class="comments">', '<div class="share">',
    "<section>", "</section>", "<ul>", "<li>", "</li>", "</ul>", '<a href="/x">', "</a>",
    "<span>", "</span>", "<td>", "<pre>", "</pre>", "<br>", "<!-- c -->", "<h2>", "</h2>",
    "short", WORDS, f"\n  {WORDS}\t", "&amp;", "\u00a0", " ",
])  # fmt: skip


@given(st.lists(MARKUP, max_size=30).map("".join))
def test_paragraph_totals_are_what_a_walk_up_from_each_paragraph_gives(fragment: str) -> None:
    root = parse_html(f"<html><body><article>{fragment}</article></body></html>")
    assert_measured_as_plainly(root)
    article = next(root.iter("article"))
    assert_measured_as_plainly(article)


@pytest.mark.parametrize("number", range(0, 178, 11))
def test_paragraph_totals_of_real_pages_are_what_a_walk_up_gives(number: int) -> None:
    pages = fundus_fixtures(ROOT / "fixtures" / "fundus" / "fundus-fixtures")
    page = pages[number % len(pages)]
    root = parse_html(page.html.decode("utf-8", "replace"), page.url)
    assert_measured_as_plainly(root)
