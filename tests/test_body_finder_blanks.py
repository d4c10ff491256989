"""Loose text's test for text of a host's own (written for speed: whitespace strings met before
are looked up, not stripped again) against the plain `str.strip(XML_SPACE)` it stands for."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from newscrawl.extraction import body_finder
from newscrawl.extraction.body_finder import (
    HOST_CHILDREN,
    LOOSE_TEXT_HOSTS,
    XML_BLANKS,
    XML_SPACE,
    _may_hold_loose_text,
    holds_text,
)
from newscrawl.extraction.document import parse_html
from testkit.devset import fundus_fixtures

ROOT = Path(__file__).resolve().parent.parent
# XML's whitespace, Python's other whitespace (not XML's: text to XPath), letters.
PIECES = [" ", "\t", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2003", "\u3000", "a"]
TEXTS = st.one_of(st.none(), st.lists(st.sampled_from(PIECES), max_size=10).map("".join))


@given(TEXTS)
def test_holds_text_is_strip_of_xml_whitespace_first_time_and_again(text: str | None) -> None:
    plain = bool(text and text.strip(XML_SPACE))
    assert holds_text(text) == plain
    assert holds_text(text) == plain  # remembered as blank, or not remembered
    if text is not None:
        assert (text in XML_BLANKS) == (bool(text) and not plain)


def test_the_blanks_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_finder, "XML_BLANKS", set())
    monkeypatch.setattr(body_finder, "XML_BLANKS_LIMIT", 5)
    for width in range(1, 20):
        assert not holds_text("\n" + " " * width)
    assert len(body_finder.XML_BLANKS) == 5
    assert not holds_text("\n" + " " * 30) and holds_text("\n" + " " * 30 + "x")


def plain_may_hold_loose_text(host: HtmlElement) -> bool:
    texts = [host.text, *(child.tail for child in host)]
    own = any(text and text.strip(XML_SPACE) for text in texts)
    return own and any(child.tag in HOST_CHILDREN for child in host)


def test_hosts_of_loose_text_are_those_of_the_plain_test_on_every_development_page() -> None:
    pages = fundus_fixtures(ROOT / "fixtures" / "fundus" / "fundus-fixtures")
    if not pages:
        pytest.skip("no development pages")
    found = 0
    for page in pages:
        hosts = list(parse_html(page.html.decode("utf-8", "replace")).iter(*LOOSE_TEXT_HOSTS))
        fast = [host for host in hosts if _may_hold_loose_text(host)]
        assert fast == [host for host in hosts if plain_may_hold_loose_text(host)], page.url
        found += len(fast)
    assert found > 50  # the development pages have such hosts: the test asks something
