"""Al Mayadeen's CMS metadata script:
`<script id="tawsiyat-metadata" type="text/tawsiyat">{…}</script>`."""

from __future__ import annotations

import json
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.page import whole_number

SCRIPT_ID = "tawsiyat-metadata"


def read_metadata(page: HtmlElement) -> dict[str, Any] | None:
    """The script's JSON object, or None when the page has none or it is not valid JSON."""
    text = None
    for script in page.iter("script"):
        if script.get("id") == SCRIPT_ID:
            text = script.text
            break
    if not text or not text.strip():
        return None
    try:
        data = json.loads(text.strip())
    except (ValueError, RecursionError):  # broken, or nested deeper than the parser goes
        return None
    return data if isinstance(data, dict) else None


def first_classes(metadata: dict[str, Any] | None) -> dict[str, str]:
    """The first value of each mapping of the metadata's `classes` (posttype, category,
    country, coverage, …), read in one pass over them."""
    found: dict[str, str] = {}
    classes = metadata.get("classes") if metadata else None
    for entry in classes if isinstance(classes, list) else []:
        if isinstance(entry, dict):
            mapping, value = entry.get("mapping"), entry.get("value")
            if isinstance(mapping, str) and isinstance(value, str) and value.strip():
                found.setdefault(mapping, value.strip())
    return found


def count_field(metadata: dict[str, Any] | None, key: str) -> int | None:
    """A whole number of the metadata (`word_count`, `video_duration`): `whole_number`."""
    return whole_number(text_field(metadata, key))


def text_field(metadata: dict[str, Any] | None, key: str) -> str | None:
    """A string field of the metadata; numbers become strings, empty strings become None."""
    if not metadata:
        return None
    value = metadata.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
