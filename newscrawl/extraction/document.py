"""A fetched HTML page as an lxml tree, parsed once per answer for everyone who reads it (the
spider's link walker, the ticker reader, the extraction).

The tree is the one Scrapy's `response.selector.root` gives (parsel's: the decoded text,
stripped, NUL characters removed, re-encoded as UTF-8 and parsed by lxml's HTML parser with
`recover` and `huge_tree`), built without parsel's Selector around it, and with a class lookup
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

_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)
_local = threading.local()  # lxml parsers are not shared between threads


def _parser() -> etree.HTMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
        parser.set_element_class_lookup(_LOOKUP)
        _local.parser = parser
    return parser


def parse_html(text: str, url: str | None = None) -> HtmlElement:
    """The tree of an HTML document given as text (an empty one: `<html/>`)."""
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = _parser()
    root = etree.fromstring(body, parser=parser, base_url=url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser, base_url=url)
    return root


_TREES: WeakKeyDictionary[Response, Any] = WeakKeyDictionary()


def page_root(response: Response) -> Any:
    """The root of the answer's document (parsed on the first call, then remembered for as
    long as the answer lives). Raises what the parser raises on a document it refuses."""
    try:
        return _TREES[response]
    except KeyError:
        pass
    if type(response) is HtmlResponse:
        root = parse_html(response.text, response.url)
    else:
        root = response.selector.root
    _TREES[response] = root
    return root
