"""JSON-LD of a page: its objects (`@graph` and lists flattened), its article object, and the
plain values of their fields."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from newscrawl.normalize.urls import safe_canonical, safe_join

ARTICLE_TYPES = {
    "newsarticle": "news",
    "article": "news",
    "reportagenewsarticle": "feature",
    "analysisnewsarticle": "analysis",
    "opinionnewsarticle": "opinion",
    "backgroundnewsarticle": "analysis",
    "reviewnewsarticle": "opinion",
    "askpublicnewsarticle": "news",
    "blogposting": "blog",
    "socialmediaposting": "blog",
    "liveblogposting": "live",
    "report": "news",
    "videoobject": "video",
}


LD_TYPE = "application/ld+json"
CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
# `json.loads(text, strict=False)` builds a decoder (and its scanner) on every call: one, made
# once. (It differs from `json.loads` only on a text that begins with a byte order mark, which
# both refuse.)
_DECODER = json.JSONDecoder(strict=False)


def ld_objects(scripts: Iterable[str]) -> list[dict[str, Any]]:
    """Every JSON-LD object in the texts of the page's `<script type="application/ld+json">`s,
    `@graph` and lists flattened."""
    found: list[dict[str, Any]] = []
    for script in scripts:
        text = script.strip()
        if not text:
            continue
        if "<![CDATA[" in text or "]]>" in text:
            text = CDATA.sub("", text)
        try:
            data = _DECODER.decode(text)
        except (ValueError, RecursionError):  # broken, or nested deeper than the parser goes
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
                main = item.get("mainEntity")
                if isinstance(main, dict | list):
                    stack.append(main)
    return found


def ld_types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return [str(v).rsplit("/", 1)[-1].lower() for v in values if v]


def article_object(objects: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    """The page's article object: one of the article types, the one about this URL first."""
    articles = [o for o in objects if any(t in ARTICLE_TYPES for t in ld_types(o))]
    if not articles:
        return None

    def rank(item: dict[str, Any]) -> tuple[int, int, int]:
        about = ld_text(item.get("url")) or ld_text(_id_of(item.get("mainEntityOfPage")))
        same = int(bool(about) and safe_canonical(safe_join(url, about)) == safe_canonical(url))
        return (same, int(bool(item.get("headline"))), int(bool(item.get("datePublished"))))

    return max(articles, key=rank)


def _id_of(value: Any) -> Any:
    return value.get("@id") or value.get("url") if isinstance(value, dict) else value


def ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value:
        return ld_text(value[0])
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or value.get("text"))
    return None


def ld_urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        url = ld_text(item.get("url") or item.get("contentUrl")) if isinstance(item, dict) else item
        if isinstance(url, str) and url.strip():
            urls.append(url.strip())
    return urls
