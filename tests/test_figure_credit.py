"""A figure's credit element (`figures._credit_element`, which skips elements without `class`
and `id`) against its plain definition: the first `<cite>`, or element whose class or id says
credit, below the figure."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from newscrawl.extraction.document import parse_html
from newscrawl.extraction.figures import _credit_element

CREDIT_WORDS = re.compile(r"credit|copyright|source|photographer|author|rights", re.I)


def plain_credit_element(figure: HtmlElement) -> HtmlElement | None:
    for element in figure.iter():
        if element is figure or not isinstance(element.tag, str):
            continue
        attributes = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag == "cite" or CREDIT_WORDS.search(attributes):
            return element
    return None


MARKUP = st.sampled_from([
    "<span>", "</span>", "<cite>", "</cite>", '<span class="">', '<span id="">',
    '<span class="Photo-Credit">', '<div id="source">', '<p class="caption">', "</p>", "</div>",
    "<picture>", '<source srcset="a.jpg">', "</picture>", '<img src="a.jpg">', "<!-- c -->",
    '<em class=" " id="rights">', "</em>", "Photo: Reuters", " ",
])  # fmt: skip


@given(st.lists(MARKUP, max_size=20).map("".join))
def test_credit_element_is_the_first_cite_or_credit_class_below_the_figure(inner: str) -> None:
    root = parse_html(f'<html><body><figure class="credit">{inner}</figure></body></html>')
    figure = next(root.iter("figure"))
    assert _credit_element(figure) is plain_credit_element(figure)
