"""Text clean-up shared by every field: entities, whitespace, Unicode form, invisible marks."""

from __future__ import annotations

import html
import unicodedata

# Direction marks and embeddings that change how text is shown but carry no letter.
_INVISIBLE = dict.fromkeys(
    map(
        ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
    ),
    None,
)


def clean_text(value: str | None) -> str:
    """Decode HTML entities, drop invisible direction marks, NFC-normalise, collapse whitespace.

    The letters themselves are never changed (no case folding, no transliteration).
    """
    if not value:
        return ""
    text = html.unescape(value) if "&" in value else value
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return " ".join(text.split())


def clean_optional(value: str | None) -> str | None:
    """`clean_text`, but None for a value that is empty once cleaned."""
    text = clean_text(value)
    return text or None


def strip_site_suffix(headline: str, site_names: tuple[str, ...]) -> str:
    """Remove a trailing ` | Site Name` (or ` - Site Name`) that `<title>` tags add."""
    for name in site_names:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            suffix = f"{separator}{name}"
            if headline.endswith(suffix) and len(headline) > len(suffix):
                return headline[: -len(suffix)].rstrip()
    return headline
