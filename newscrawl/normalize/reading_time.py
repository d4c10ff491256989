"""Reading time in whole minutes."""

from __future__ import annotations

import math
import re

from newscrawl.normalize.dates import to_ascii_digits

WORDS_PER_MINUTE = 200
_MINUTES = re.compile(r"(\d+)\s*(?:min|mins|minutes?|دقيقة|دقائق|دقيقتان|minutos?)\b", re.I)


def parse_reading_time(raw: str | int | None) -> int | None:
    """`2 Min Read` (or an int) to 2; None when the text names no minutes."""
    if raw is None:
        return None
    if isinstance(raw, int):
        return raw if raw > 0 else None
    match = _MINUTES.search(to_ascii_digits(raw))
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    return None


def estimate_reading_time(word_count: int | None) -> int | None:
    if not word_count:
        return None
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))
