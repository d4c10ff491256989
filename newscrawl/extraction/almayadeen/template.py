"""Al Mayadeen's page template: the article's header lines, body blocks, images and tags.

The English edition's CSS classes are not known, so the header is found by its visible TEXT
patterns ("By …", "Source: …", "20 Feb 2022 18:04", "2 Min Read"). The only classes used are the
ones confirmed on the Arabic edition of the same CMS (`div.p-content`, `p.summary`), each with a
class-free fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawl.extraction.page import (
    BLOCK_TAGS,
    DESCEND,
    SKIP,
    SKIP_TAGS,
    first_with_class,
    short_text,
    text_of,
    walk_blocks,
)
from newscrawl.normalize.bylines import BYLINE_START
from newscrawl.normalize.dates import looks_like_timestamp
from newscrawl.normalize.text import clean_text
from newscrawl.normalize.urls import safe_canonical, safe_join

SOURCE = re.compile(r"^(?:Source|Sources|المصدر|Fuente)\s*:\s*\S", re.I)
# `\s*+`: possessive, as no alternative starts with a space (a plain `\s*` gives the space back
# one character at a time and tries every alternative again: most text nodes are indentation).
HEADER_START = re.compile(
    r"^\s*+(?:by|written|بقلم|por|sources?|المصدر|fuente|today|hoy|ayer|اليوم|أمس|امس|[\d٠-٩]"
    r"|[A-Za-z]{3,9}\.?\s+\d)",
    re.I,
)
READING = re.compile(r"^\d+\s*(?:Min|Mins|Minutes?)\s+Read$", re.I)

TAG_LINK = re.compile(r"/(?:tags?|keywords?)/", re.I)
AUTHOR_LINK = re.compile(r"^(?:https?://[^/]+)?/authors?/[^/?#]+/?$", re.I)


def body_container(root: HtmlElement) -> HtmlElement | None:
    return first_with_class(root, "div", "p-content")


@dataclass
class Header:
    byline: str | None = None
    author_urls: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    date: str | None = None
    reading_time: str | None = None
    elements: set[HtmlElement] = field(default_factory=set)


Link = tuple[HtmlElement, str]


def read_links(root: HtmlElement) -> list[Link]:
    """The `<a>` elements under `root` with their `href` (`""` when none), in document order:
    read once for the author-link fallback and the tag list."""
    return [(link, link.get("href") or "") for link in root.iter("a")]


def read_header(
    root: HtmlElement, body: HtmlElement | None, base_url: str, links: list[Link] | None = None
) -> Header:
    """The byline, source, date and reading-time lines, found by their text, outside the body.

    Only text nodes that start like a header line are looked at; the line is then the text of
    the element that holds the node (`<li>By <a>Name</a></li>` gives `By Name`). `links`:
    `read_links(root)`, when the caller has it already.
    """
    header = Header()
    for element in _header_candidates(root, body):  # each outside the body, quotes, figures…
        text = short_text(element, 400)
        if not text or len(text) > 160:
            continue
        if header.byline is None and BYLINE_START.match(text) and len(text.split()) <= 20:
            header.byline = text
            header.elements.add(element)
            for link in element.iter("a"):
                name, href = text_of(link), safe_canonical(safe_join(base_url, link.get("href")))
                if name and href:
                    header.author_urls[name] = href
        elif header.source is None and SOURCE.match(text):
            header.source = text
            header.elements.add(element)
        elif header.date is None and len(text) <= 40 and looks_like_timestamp(text):
            header.date = text
            header.elements.add(element)
        elif header.reading_time is None and READING.match(text):
            header.reading_time = text
            header.elements.add(element)
    if not header.author_urls:
        # No "By …" line (the Arabic header shows the names alone): the author-page links
        # of the article's own header area. The first link of a name is kept: a name already
        # stored is not joined and canonicalised again (a page may repeat it 100,000 times).
        for link, href in read_links(root) if links is None else links:
            if not AUTHOR_LINK.search(href):
                continue
            name = text_of(link)
            if not name or name in header.author_urls or _outside_header(link, root, body):
                continue
            absolute = safe_canonical(safe_join(base_url, href))
            if absolute:
                header.author_urls[name] = absolute
    return header


def _header_candidates(root: HtmlElement, body: HtmlElement | None) -> list[HtmlElement]:
    """Elements holding a text node that starts like a header line, in document order. What
    is inside the body, a quote, a figure, navigation or a script is not gone into: nothing
    there is a header line (`_outside_header`); such an element's tail is still read. So no
    element found is inside any of them: `_outside_header` is False for each."""
    found: dict[HtmlElement, None] = {}
    starts = HEADER_START.match
    text = root.text
    if text and not text.isspace() and starts(text):
        found[root] = None
    stack = root[::-1]  # the children, last first (a slice of an element: a list, built in C)
    pop, push = stack.pop, stack.extend
    while stack:
        element = pop()
        inside = not (element is body or element.tag in _NOT_HEADER)
        if inside:
            text = element.text
            if text and not text.isspace() and starts(text):
                found.setdefault(element, None)
        tail = element.tail
        if tail and not tail.isspace() and starts(tail):
            found.setdefault(element.getparent(), None)
        if inside:
            push(element[::-1])  # a comment's slice is empty
    return list(found)


# What holds no header line: what `_outside_header` leaves out, the body aside.
_NOT_HEADER = frozenset({*SKIP_TAGS, "blockquote"})


def _outside_header(element: HtmlElement, root: HtmlElement, body: HtmlElement | None) -> bool:
    """Inside the body, a quote, a figure, navigation or a script: not a header line."""
    node: HtmlElement | None = element
    while node is not None and node is not root:
        if node is body or node.tag in SKIP_TAGS or node.tag == "blockquote":
            return True
        node = node.getparent()
    return False


def _blocks_under(
    container: HtmlElement, exclude: Callable[[HtmlElement], bool] | None = None
) -> list[dict[str, str]]:
    """The blocks under `container`; an element `exclude` names is left out with all under it,
    and a block tag without text is gone into (its text may sit in what it holds)."""

    def visit(element: HtmlElement) -> str | dict[str, str]:
        tag = element.tag
        if tag in SKIP_TAGS or (exclude is not None and exclude(element)):
            return SKIP
        kind = BLOCK_TAGS.get(tag)
        if kind:
            text = text_of(element)
            if text:
                return {"kind": kind, "text": text}
        return DESCEND

    return list(walk_blocks(container[:], visit))


def read_body(
    root: HtmlElement, body: HtmlElement | None, header: Header, summary: str | None
) -> list[dict[str, str]]:
    """Body blocks in order: the `p-content` container if the page has one, else the article
    element minus its header lines, headline, lede, tag list and link lists."""
    if body is not None:
        return _blocks_under(body)

    def exclude(element: HtmlElement) -> bool:
        if element in header.elements or element.tag == "h1":
            return True
        if summary and element.tag == "p" and text_of(element) == summary:
            return True
        return _is_link_list(element)

    return _blocks_under(root, exclude)


def _is_link_list(element: HtmlElement) -> bool:
    """A list whose items are only links (tags, related articles, share buttons)."""
    if element.tag not in ("ul", "ol"):
        return False
    items = [li for li in element if isinstance(li.tag, str)]
    if not items:
        return True
    for li in items:
        link_text = "".join(text_of(a) for a in li.iter("a"))
        if not link_text or len(link_text) < len(text_of(li)) * 0.8:
            return False
    return True


def read_tags(root: HtmlElement, links: list[Link] | None = None) -> list[str]:
    """The article's visible tag list: links to tag pages inside the article (`links`:
    `read_links(root)`, when the caller has it already)."""
    tags = []
    for link, href in read_links(root) if links is None else links:
        if TAG_LINK.search(href):
            text = text_of(link)
            if text:
                tags.append(text)
    return tags


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    r"""`A meeting in Moscow (Sputnik)` to (`A meeting in Moscow`, `Sputnik`).

    What `^(.*?)\s*\(([^()]+)\)\s*$` (re.S) would match, found without trying its lazy caption
    at every character: a cleaned text ends in no space, so the credit lies between its last
    `(` and the `)` that ends it, with no `)` in between; the caption, before it, is not blank."""
    text = clean_text(text)
    if not text:
        return None, None
    if text.endswith(")"):
        opened = text.rfind("(")
        credit, caption = text[opened + 1 : -1], text[:opened].strip()
        if opened != -1 and credit and ")" not in credit and caption:
            return caption, credit.strip()
    return text, None


def read_images(root: HtmlElement, base_url: str) -> list[dict[str, str | None]]:
    """Figures of the article in order: `{"url", "caption", "credit"}`."""
    images: list[dict[str, str | None]] = []
    for figure in root.iter("figure"):
        img = next(figure.iter("img"), None)
        if img is None:
            continue
        src = img.get("src") or img.get("data-src")
        if not src or src.startswith("data:"):
            continue
        caption: str | None = None  # the first caption with text, else the image's `alt`
        for figcaption in figure.iter("figcaption"):
            caption = text_of(figcaption)
            if caption:
                break
        caption, credit = split_credit(caption or img.get("alt"))
        absolute = safe_join(base_url, src)
        if absolute:
            images.append({"url": absolute, "caption": caption, "credit": credit})
    return images


def lede(root: HtmlElement) -> str | None:
    found = first_with_class(root, "p", "summary")
    return text_of(found) if found is not None else None
