"""What both readers (Al Mayadeen's template and the generic extractor) read the same way: an
element's text, the block elements of a body and how to walk them, words, the `<h1>` and
`<title>`, a whole number written in a page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.normalize.text import clean_text

# Body blocks by tag, and what is never text.
BLOCK_TAGS = {
    "p": "paragraph",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "blockquote": "quote",
    "li": "list_item",
}
SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "figure",
    "figcaption",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "iframe",
    "svg",
    "template",
    "select",
}

# A digit: every date and clock time has one, so a line without one needs no date search.
DIGIT = re.compile(r"\d")
# What a walk does with an element: skip it (and all under it), go into it, or take a block.
SKIP = "skip"
DESCEND = "descend"
Visit = Callable[[HtmlElement], "str | dict[str, str]"]


def raw_text(element: HtmlElement) -> str:
    """All the text under `element`, as `element.text_content()` gives it (XPath's `string()`:
    its text and its descendants' text and tails, no comments), written out by libxml2's text
    serialiser: the same string in a third of the time (`text_content` evaluates an XPath
    expression on every call). Compared on every element of the fixture and development pages.
    An element without children (no element, comment, processing instruction or entity in
    it) holds text nodes only: its `.text`, without a call to the serialiser (half the time)."""
    if not len(element):
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def text_of(element: HtmlElement) -> str:
    return clean_text(raw_text(element))


def short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text when it is short (at most `limit` characters before whitespace is
    collapsed), else None: reading the whole text under every candidate of a huge page would
    take quadratic time."""
    if not len(element):  # no child: its own text is all (what `itertext` would give)
        text = element.text or ""
        return None if len(text) > limit else clean_text(text)
    total, parts = 0, []
    for piece in element.itertext():
        total += len(piece)
        if total > limit:
            return None
        parts.append(piece)
    return clean_text("".join(parts))


def walk_blocks(elements: list[HtmlElement], visit: Visit) -> Iterator[dict[str, str]]:
    """The blocks under `elements`, in document order: `visit` says of each element whether to
    skip it, go into its child elements, or take it as a block (a `{"kind", "text"}`). A loop
    with its own stack, not recursion: a page may nest 100,000 elements deep. Comments,
    processing instructions and entities among them are passed over (never visited). (A
    child list is taken whole, a slice built in C, and such nodes left out as they come off
    the stack: filtering each list first took four times as long.)"""
    stack = elements[::-1]
    pop, push = stack.pop, stack.extend
    while stack:
        element = pop()
        if not isinstance(element.tag, str):
            continue
        what = visit(element)
        if what == DESCEND:
            push(element[::-1])
        elif isinstance(what, dict):
            yield what


# Scripts written without spaces between words: each character counts as a word (Han,
# Hiragana, Katakana), as word counts of Chinese and Japanese text are reckoned.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words_in(text: str) -> int:
    """Whitespace-separated words, each Chinese or Japanese character counting as one."""
    if text.isascii():
        return len(text.split())
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return unspaced + len(UNSPACED.sub(" ", text).split())


def count_words(blocks: list[dict[str, str]]) -> int:
    return sum(words_in(block["text"]) for block in blocks)


def html_title(page: HtmlElement) -> str | None:
    title = next(page.iter("title"), None)
    return text_of(title) if title is not None else None


def first_h1(
    root: HtmlElement, accept: Callable[[HtmlElement, str], bool] | None = None
) -> str | None:
    """The text of the first `<h1>` under `root` that has text (and that `accept` takes)."""
    for h1 in root.iter("h1"):
        text = text_of(h1)
        if text and (accept is None or accept(h1, text)):
            return text
    return None


def article_element(page: HtmlElement) -> HtmlElement:
    """The element holding the page's article: the `<article>` that holds the page's headline
    (its first `<h1>` with text; teasers of other stories are `<article>`s too), the innermost
    if they nest; when the headline is outside several `<article>`s (they are teasers), or the
    page has none, the page itself; else its longest `<article>`."""
    articles = list(page.iter("article"))
    if not articles:
        return page
    if len(articles) == 1:
        return articles[0]  # whichever way the headline lies, the rules below end here
    h1 = next((h for h in page.iter("h1") if text_of(h)), None)
    if h1 is not None:
        holding = next(h1.iterancestors("article"), None)  # the innermost
        if holding is not None:
            return holding
        if len(articles) > 1:
            return page
    return max(articles, key=lambda a: len(raw_text(a)))


# XPath's whitespace, which `normalize-space` collapses (not Python's wider `str.split`).
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def first_with_class(root: HtmlElement, tag: str, name: str) -> HtmlElement | None:
    """The first `tag` element under `root` (not `root` itself) whose `class` lists `name`:
    XPath's `.//tag[contains(concat(" ", normalize-space(@class), " "), " name ")]`, without
    compiling and running an XPath expression for it."""
    for element in root.iter(tag):
        classes = element.get("class")
        if classes and element is not root and name in _XML_SPACE.split(classes):
            return element
    return None


def whole_number(value: Any) -> int | None:
    """A non-negative whole number written as one or as ASCII digits (`"²"` is a digit to
    Python, not a number), at most 12 of them; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**12 else None
    text = value.strip() if isinstance(value, str) else ""
    if text and text.isascii() and text.isdigit() and len(text) <= 12:
        return int(text)
    return None
