"""The block walk and the template's shared link list give what the plain ways give."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from newscrawl.extraction.almayadeen import template
from newscrawl.extraction.page import BLOCK_TAGS, DESCEND, SKIP, SKIP_TAGS, text_of, walk_blocks

BASE = "https://english.almayadeen.net/news/politics/a-page"


def _visit(element: HtmlElement) -> str | dict[str, str]:
    if element.tag in SKIP_TAGS:
        return SKIP
    kind = BLOCK_TAGS.get(element.tag)
    if kind and text_of(element):
        return {"kind": kind, "text": text_of(element)}
    return DESCEND


def _plain_walk(elements: list[HtmlElement]) -> list[dict[str, str]]:
    """The walk as recursion, each child list filtered of comments first (the plain way)."""
    blocks: list[dict[str, str]] = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        what = _visit(element)
        if what == DESCEND:
            blocks += _plain_walk([c for c in element if isinstance(c.tag, str)])
        elif isinstance(what, dict):
            blocks.append(what)
    return blocks


_LEAVES = st.sampled_from(
    ["text", "By Jane", "01 Oct 2025", " ", "<!-- a comment -->", "<?pi x?>", "&amp; more"]
)


def _nested(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(["div", "p", "ul", "li", "h2", "span", "figure", "script", "a"])
    return st.builds(
        lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>", tags, st.lists(children, max_size=4)
    )


_MARKUP = st.lists(st.recursive(_LEAVES, _nested, max_leaves=30), max_size=6).map("".join)


@given(_MARKUP)
def test_walk_blocks_gives_the_plain_walks_blocks(markup: str) -> None:
    body = lxml.html.document_fromstring(f"<html><body>{markup}</body></html>").find("body")
    assert body is not None
    for elements in (body[:], [body]):
        visited: list[HtmlElement] = []  # only elements, each once, in document order
        assert list(walk_blocks(elements, _recording(visited))) == _plain_walk(elements)
        assert visited == _walked(elements)


def _recording(visited: list[HtmlElement]) -> Callable[[HtmlElement], str | dict[str, str]]:
    def visit(element: HtmlElement) -> str | dict[str, str]:
        visited.append(element)
        return _visit(element)

    return visit


def _walked(elements: list[HtmlElement]) -> list[HtmlElement]:
    """The elements the plain walk visits, in order."""
    order: list[HtmlElement] = []
    for element in elements:
        if isinstance(element.tag, str):
            order.append(element)
            if _visit(element) == DESCEND:
                order += _walked(element[:])
    return order


_LINKS = st.lists(
    st.tuples(
        st.sampled_from(["/tags/Gaza", "/authors/jane-doe", "/news/x", "", "/TAGS/Iran/"]),
        st.sampled_from(["Gaza", "Jane Doe", "", " Iran "]),
    ),
    max_size=8,
)


@given(_LINKS)
def test_the_shared_link_list_changes_no_answer(links: list[tuple[str, str]]) -> None:
    anchors = "".join(
        f'<li><a href="{href}">{name}</a></li>' if href else f"<li><a>{name}</a></li>"
        for href, name in links
    )
    page = lxml.html.document_fromstring(
        f"<html><body><article><h1>Title</h1><ul>{anchors}</ul><p>Text</p></article></body></html>"
    )
    root = page.find(".//article")
    assert root is not None
    shared = template.read_links(root)
    assert [href for _, href in shared] == [a.get("href") or "" for a in root.iter("a")]
    assert template.read_tags(root, shared) == template.read_tags(root)
    with_links = template.read_header(root, None, BASE, shared)
    assert with_links.author_urls == template.read_header(root, None, BASE).author_urls
