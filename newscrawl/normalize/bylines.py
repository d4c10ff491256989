"""Bylines to author records: "By" removed, names split, junk dropped, organisations marked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from newscrawl.normalize.text import clean_text, names_site

# News agencies and wire services that appear as bylines or sources (compared case-insensitively).
AGENCIES = frozenset(
    name.casefold()
    for name in (
        "Agencies",
        "Agence France-Presse",
        "AFP",
        "Associated Press",
        "AP",
        "Reuters",
        "Sputnik",
        "TASS",
        "RIA Novosti",
        "Xinhua",
        "Anadolu",
        "Anadolu Agency",
        "IRNA",
        "SANA",
        "WAFA",
        "NNA",
        "ANI",
        "EFE",
        "dpa",
        "Prensa Latina",
        "Press TV",
        "Al Mayadeen",
        "Bloomberg",
        "وكالات",
        "الميادين",
        "Agencias",
    )
)

# Words that make a byline an organisation: newspapers, agencies, channels, sites.
ORGANIZATION_WORDS = re.compile(
    r"^(?:صحيفة|وكالة|موقع|قناة|شبكة|مجلة|معهد|مركز)\s|"
    r"\b(?:newspaper|news agency|agency|magazine|network|channel|institute|desk|staff)$",
    re.I,
)

# "By", "Written by", "Por", "بقلم", "كتب" at the start of a byline.
# The words a byline starts with, in the languages seen: "By", "Written by", "Von", "Par", "Por",
# "Door", "Av", "Af", "بقلم", "كتب"; the Italian "di" only in lower case ("Di Maio" is a name).
LEAD_WORDS = (
    r"written\s+by|reported\s+by|by|von|par|por|bajo|door|av|af|(?-i:di)|بقلم|كتبت?|إعداد"
)
_LEAD = re.compile(rf"^\s*(?:{LEAD_WORDS})\s*:?(?:\s+|$)", re.I)
# A line that is a byline: one of those words, then a name.
BYLINE_START = re.compile(rf"^\s*(?:{LEAD_WORDS})\s*:?\s+\S", re.I)
# "and" in the languages whose bylines were seen joining two names (en, es, ar, de, da/no, sv, fr).
_SPLIT = re.compile(
    r"\s*(?:,|;|\||\s&\s|\s(?:and|y|und|og|och|et)\s|\sو\s|،)\s*", re.I
)
# A name written as its URL slug ("sophie-foster") and a name followed by the author's short
# sign ("Elena Oberholzer (obe)").
_SLUG = re.compile(r"^[a-z]+(?:-[a-z]+){1,3}$")
_SIGN = re.compile(r"\s*\([a-z.]{2,5}\)$")
# The job title East Asian bylines write after the name ("신현주 기자", "王小明 记者"): reporter,
# correspondent, senior reporter.
_TITLE_AFTER = re.compile(r"\s*(?:선임기자|기자|특파원|記者|记者|特派員)$")
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_JUNK = re.compile(
    r"^(?:email\s+the\s+author|follow\s+(?:on|me)\b.*|contact\s+(?:the\s+)?author|twitter|"
    r"staff\s+writer|more\s+by\s+.*|@\w+)$",
    re.I,
)


def strip_by(byline: str) -> str:
    """Remove a leading "By" word (never letters of the name that follows it)."""
    return _LEAD.sub("", byline, count=1)


def split_names(byline: str) -> list[str]:
    """Split a byline into names on commas, semicolons, "&" and "and" (also "und", "og", "och",
    "et", "y", "و"); a name written as a slug is spelt out, an author's short sign dropped."""
    text = _URL.sub(" ", _EMAIL.sub(" ", strip_by(clean_text(byline))))
    names = []
    for part in _SPLIT.split(text):
        name = _TITLE_AFTER.sub("", _SIGN.sub("", part.strip())).strip(" .|-–—:")
        if _SLUG.match(name):
            name = " ".join(word.capitalize() for word in name.split("-"))
        if name and not _JUNK.match(name) and any(ch.isalpha() for ch in name):
            names.append(name)
    return names


def is_organization(name: str, house_names: Iterable[str]) -> bool:
    if name.casefold() in AGENCIES or names_site(name, house_names):
        return True
    return bool(ORGANIZATION_WORDS.search(name))


def parse_byline(
    byline: str | None,
    house_names: Iterable[str] = (),
    author_urls: Mapping[str, str] | None = None,
) -> list[dict[str, str | None]]:
    """Author records for a byline, in order, each name once.

    `author_urls` maps a displayed name to its author page, when the page links it.
    """
    if not byline:
        return []
    urls = {clean_text(k).casefold(): v for k, v in (author_urls or {}).items()}
    return [
        {"name": name, "kind": kind, "url": urls.get(name.casefold())}
        for name, kind in _authors(byline, tuple(house_names))
    ]


@lru_cache(maxsize=4096)  # a site's authors sign many of its articles
def _authors(byline: str, house: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The names of a byline, each once, in order, with their kind (a pure function of the
    byline and the house names: answered once per byline)."""
    authors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in split_names(byline):
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        organization = is_organization(name, house)
        authors.append((name, "organization" if organization else "person"))
    return tuple(authors)
