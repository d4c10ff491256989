"""Who wrote a story on a page of any site: the names its metadata gives (JSON-LD `author`, the
author meta tags), without the publisher when a person is named beside it and without the
description some sites write after a name; else the byline a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.json_ld import ld_text
from newscrawl.extraction.page import short_text
from newscrawl.normalize.bylines import AGENCIES, BYLINE_START, split_names
from newscrawl.normalize.dates import date_in_line
from newscrawl.normalize.text import names_site

# "Do 25.04.24 | 14:07 Uhr | Von Eva Muster": the parts of a line.
LINE_PARTS = re.compile(r"\s+[|·•]\s+")
# Author-marked elements below the root, reached from their attributes (libxml2 tests the
# attributes, not every element against a predicate: twice as fast, the same elements in the
# same order).
BYLINE_XPATHS = tuple(
    etree.XPath(f".//*/@{found}/..")
    for found in (
        'itemprop[. = "author"]',
        'rel[. = "author"]',
        'class[contains(., "byline")]',
        'class[contains(., "author")]',
    )
)
# A name has at most this many words; a longer part of a byline is a description ("Povilas
# Aleksandravičius, Mykolo Romerio universiteto ... profesorius, Lrt.lt").
NAME_WORDS = 5


def _person_name(item: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str | None:
    """A Person's or Organization's name: its `name`, the name of the object its `@id` points
    to (a `@graph` that lists the people once), or its given and family names."""
    name = ld_text(item.get("name"))
    if name is None and isinstance(item.get("@id"), str) and item["@id"] in by_id:
        name = ld_text(by_id[item["@id"]].get("name"))
    if name is None:
        parts = (ld_text(item.get(key)) for key in ("givenName", "additionalName", "familyName"))
        name = " ".join(part for part in parts if part) or None
    return name


def ld_author_names(value: Any, objects: Iterable[dict[str, Any]]) -> list[str]:
    """The names of a JSON-LD `author`: a string, a Person or an Organization, or a list."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and "name" in o}
    names = []
    for item in value if isinstance(value, list) else [value]:
        name = _person_name(item, by_id) if isinstance(item, dict) else ld_text(item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def meta_author_names(meta: dict[str, list[str]], keys: Iterable[str]) -> list[str]:
    """Every name the first author meta tag gives (a page may repeat the tag, one name each),
    web addresses left out."""
    for key in keys:
        if meta.get(key):
            names = (v for v in meta[key] if not v.startswith(("http://", "https://")))
            return list(dict.fromkeys(names))
    return []


def people_first(names: list[str], site_names: Iterable[str]) -> list[str]:
    """`names` without descriptions (a part of more than `NAME_WORDS` words) and without the
    publisher's own name, as long as a person remains; `names` themselves when neither is
    there."""
    site = tuple(n for n in site_names if n)
    parts = [part for name in names for part in split_names(name)]
    kept = [p for p in parts if len(p.split()) <= NAME_WORDS] or parts
    if any(not names_site(p, site) and p.casefold() not in AGENCIES for p in kept):
        kept = [p for p in kept if not names_site(p, site)]
    return names if kept == parts else kept


def visible_byline(root: HtmlElement) -> str | None:
    """The byline a reader sees: an author-marked element, else a short "By …" line."""
    # Only short elements are read (`short_text`): reading the whole text under every
    # candidate of a deep page would take quadratic time.
    for xpath in BYLINE_XPATHS:
        for element in xpath(root):
            text = _without_dates(short_text(element, 600) or "")
            if text and len(text) < 120:
                return text
    for element in root.iter("p", "span", "div", "li"):
        text = short_text(element, 400)
        if text is not None and len(text) < 80:
            # "By Jane Rivera", or the byline part of "Do 25.04.24 | 14:07 Uhr | Von Eva Muster"
            byline = next((p for p in LINE_PARTS.split(text) if BYLINE_START.match(p)), None)
            if byline:
                return byline
    return None


def _without_dates(line: str) -> str:
    """A line's parts that show no date: "By Jane Rivera | April 28, 2023" to "By Jane Rivera"."""
    return " | ".join(p for p in LINE_PARTS.split(line) if not date_in_line(p, words_before=2))
