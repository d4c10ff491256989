"""The "Source: …" credit line to a list of sources."""

from __future__ import annotations

import re

from newscrawl.normalize.text import clean_text

_LEAD = re.compile(r"^\s*(?:sources?|fuente|المصدر)\s*:\s*", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\sand\s|،)\s*", re.I)


def parse_sources(raw: str | list[str] | None) -> list[str]:
    """`Source: Agencies, Reuters` becomes `["Agencies", "Reuters"]`; each source once."""
    if not raw:
        return []
    values = [raw] if isinstance(raw, str) else raw
    sources: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _SPLIT.split(_LEAD.sub("", clean_text(value), count=1)):
            name = part.strip(" .")
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                sources.append(name)
    return sources
