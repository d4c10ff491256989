"""Text clean-up shared by every field: entities, whitespace, Unicode form, invisible marks."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Direction marks and embeddings that change how text is shown but carry no letter.
# Removed in one C pass (a regex: `str.translate` with a table looks each character up in Python).
_INVISIBLE = re.compile(
    "[\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad]"
)


def clean_text(value: str | None) -> str:
    """Decode HTML entities, drop invisible direction marks, NFC-normalise, collapse whitespace.

    The letters themselves are never changed (no case folding, no transliteration).
    """
    if not value:
        return ""
    text = html.unescape(value) if "&" in value else value
    if not text.isascii():
        if not text.isprintable():  # the marks are format characters, which it refuses
            text = _INVISIBLE.sub("", text)  # (a regex scan costs three of `isprintable`)
        text = unicodedata.normalize("NFC", text)
    return collapse_whitespace(text)


def collapse_whitespace(text: str) -> str:
    """`text` with its whitespace runs made single spaces, and none at either end."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # No whitespace but single inner spaces (every other whitespace character is a
        # separator or control character, which `isprintable` refuses): already collapsed.
        return text
    return " ".join(text.split())


def clean_optional(value: str | None) -> str | None:
    """`clean_text`, but None for a value that is empty once cleaned."""
    text = clean_text(value)
    return text or None


# What may follow a site's name where it signs or titles with it ("STERN.de", "n-tv NACHRICHTEN",
# "Tageblatt.lu"): a domain (a two-letter country one, or one of these) or a newsroom word.
_SITE_TAIL = frozenset({
    "com", "net", "org", "info", "tv", "online", "news", "nachrichten", "redaktion", "staff",
    "desk", "newsroom", "digital",
})  # fmt: skip
# Spaced separators, then those East Asian titles write without spaces: the full-width bar and
# the Hangul letter ㅣ that Korean sites use as a bar ("제목ㅣ한국일보", "標題｜中央社").
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", "｜", "ㅣ")


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)  # a site's names are asked about for every byline and headline
def _words(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(name.casefold()))


def names_site(text: str, site_names: Iterable[str]) -> bool:
    """Whether `text` is the site's own name as the site spells it anywhere: one of
    `site_names` (its name, publisher or host), or either with a domain or a newsroom word
    ("mdr.de" and "MDR", "VnExpress" and "vnexpress.net"), in any script; never a person or a
    phrase that shares its first words ("Sternberg" on stern.de, "Los Angeles" on the Los
    Angeles Times, "Marie" on Marie Claire)."""
    words = _words(text)
    if not words:
        return False
    for name in site_names:
        name_words = _words(name)
        if not name_words:
            continue
        # One is the other plus a domain or a newsroom word, either way round.
        shorter, longer = sorted((words, name_words), key=len)
        rest = longer[len(shorter) :]
        if longer[: len(shorter)] == shorter and all(len(w) == 2 or w in _SITE_TAIL for w in rest):
            return True
    return False


def strip_site_suffix(headline: str, site_names: Iterable[str]) -> str:
    """Remove a trailing ` | Site` (or ` - Site`, ` · Site`, …) that `<title>` and share titles
    add, when the part after the last separator is the site's name (`names_site`)."""
    names = tuple(site_names)
    for separator in TITLE_SEPARATORS:
        head, found, tail = headline.rpartition(separator)
        if found and head.strip() and names_site(tail, names):
            return head.rstrip()
    return headline
