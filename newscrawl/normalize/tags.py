"""Tag lists: split, trimmed, deduplicated case-insensitively, first spelling and order kept."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.normalize.text import clean_text

_SPLIT = re.compile(r"[,،;]")


def normalize_tags(values: Iterable[str] | str | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _SPLIT.split(value or ""):
            tag = clean_text(part).strip(" #")
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags
