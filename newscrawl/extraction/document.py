"""A fetched HTML page as an lxml tree, parsed once per answer for everyone who reads it (the
spider's link walker, the ticker reader, the extraction).

The tree is the one Scrapy's `response.selector.root` gives (parsel's: the decoded text,
stripped, NUL characters removed, re-encoded as UTF-8 and parsed by lxml's HTML parser with
`recover` and `huge_tree`), built without parsel's Selector around it, without the table of
`id` attributes libxml2 keeps for XPath's `id()` (nothing here calls it; 4-5 % of a parse), and
with a class lookup
done in C: every element is an `lxml.html.HtmlElement` (lxml.html's own lookup calls back into
Python for each element, to give form controls their own classes, which nothing here uses).
Answers that are not HTML responses (XML, JSON, plain text) keep Scrapy's selector.
"""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HtmlProcessingInstruction,
)
from scrapy.http import HtmlResponse, Response

from newscrawl.extraction.encoding import header_charset
from newscrawl.extraction.utf8 import is_utf8

_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)
_local = threading.local()  # lxml parsers are not shared between threads


def _parser() -> etree.HTMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, collect_ids=False)
        parser.set_element_class_lookup(_LOOKUP)
        _local.parser = parser
    return parser


def parse_html(text: str, url: str | None = None) -> HtmlElement:
    """The tree of an HTML document given as text (an empty one: `<html/>`)."""
    return _parse_utf8(text.strip().replace("\x00", "").encode("utf-8"), url)


def _parse_utf8(markup: bytes, url: str | None) -> HtmlElement:
    parser = _parser()
    root = etree.fromstring(markup or b"<html/>", parser=parser, base_url=url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser, base_url=url)
    return root


# The ASCII characters `str.strip()` removes.
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _utf8_markup(response: HtmlResponse) -> bytes | None:
    """What `parse_html(response.text)` hands the parser, taken from the body without decoding
    and encoding it again, when that is the same: the response is read as UTF-8 and its body is
    valid UTF-8 without NUL characters (so its text is the body decoded), and what is left
    once ASCII spaces are stripped off begins and ends with ASCII (so `str.strip()` would strip
    no more: no BOM, no U+00A0 or other non-ASCII space at either end). Else None."""
    if header_charset(f"charset={response.encoding}") != "utf-8":  # w3lib's reading, cached
        return None
    markup = response.body.strip(_ASCII_SPACE)
    if not markup or markup[0] >= 0x80 or markup[-1] >= 0x80 or b"\x00" in markup:
        return None
    if not markup.isascii() and not is_utf8(response.body):  # the same answer as `markup`'s
        return None
    return markup


_TREES: WeakKeyDictionary[Response, Any] = WeakKeyDictionary()


def page_root(response: Response) -> Any:
    """The root of the answer's document (parsed on the first call, then remembered for as
    long as the answer lives). Raises what the parser raises on a document it refuses."""
    try:
        return _TREES[response]
    except KeyError:
        pass
    root = parse_page(response)
    _TREES[response] = root
    return root


def parse_page(response: Response) -> Any:
    """`page_root`, parsed on every call: for an answer read once."""
    if type(response) is HtmlResponse:
        markup = _utf8_markup(response)
        if markup is not None:
            return _parse_utf8(markup, response.url)
        return parse_html(response.text, response.url)
    return response.selector.root
