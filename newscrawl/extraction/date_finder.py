"""Where a page of any site shows its publication date, when its metadata gives none: the
article's `<time datetime>`, the lines a reader looks at (under the headline, lines marked as
dates, lines labelled "Published" or "Updated"), any `<time datetime>` of the page, the date in
the URL's path (`/2023/12/20/`), and last what htmldate (trafilatura's date finder) reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.body_finder import ClassWords, has_class_words
from newscrawl.extraction.page import DIGIT, short_text
from newscrawl.normalize.dates import date_in_line, parse_datetime

# Where a page without a date in its metadata shows one: in the first lines after its `<h1>`,
# in lines its template marks as date or info lines, or in lines labelled as a date.
LINES_AFTER_H1 = 12
DATE_LINE_CLASS = ClassWords(r"date|datum|time|zeit|meta|info|publish|posted|byline")
# Labels in front of a date ("Published", "Updated"), in the languages of the shipped profiles
# and their neighbours.
DATE_LABEL = re.compile(
    r"^(?:datum|date|published|posted|updated|last updated|veröffentlicht|erschienen|publiziert"
    r"|aktualisiert|stand|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato"
    r"|publisert|oppdatert|publicerad|uppdaterad|udgivet|opdateret|gepubliceerd|bijgewerkt"
    r"|opublikowano|입력|수정|등록|更新|公開|発行|发布|نشر)\b",
    re.I,
)
NOT_DATE_LINES = frozenset({"figure", "figcaption", "nav", "aside", "footer", "form", "button"})
FOLLOWING = etree.XPath("following::*")
ARTICLE_TIMES = etree.XPath(".//time/@datetime")
PAGE_TIMES = etree.XPath("//time/@datetime")
# A date in a URL's path: /2023/12/20/ or /2023-12-20 (the day, no time).
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)")


def date_lines(root: HtmlElement, page: HtmlElement) -> Iterator[tuple[HtmlElement, str | None]]:
    """Where a reader looks for the date, each line with its `short_text`: the first lines after
    the page's `<h1>`, then the article's `<time>`s, lines whose class or id says date, time,
    meta or info, and lines that a date label starts ("<strong>Datum</strong> 28.04.2023")."""
    h1 = next((h for h in page.iter("h1") if short_text(h, 400)), None)
    if h1 is not None:
        lines = ((e, short_text(e, 400)) for e in FOLLOWING(h1))
        yield from islice(((e, text) for e, text in lines if text), LINES_AFTER_H1)
    for element in root.iter(etree.Element):
        if element.tag == "time" or has_class_words(element, DATE_LINE_CLASS):
            yield element, short_text(element, 400)
        elif (text := element.text) and DATE_LABEL.match(text.strip()):
            parent = element.getparent()
            line = element if parent is None else parent  # the label may be the line's <strong>
            yield line, short_text(line, 400)


def visible_date(root: HtmlElement, page: HtmlElement) -> str | None:
    """The date a reader sees near the headline, for a page whose metadata has none: the first
    short line of `date_lines` that shows one ("Do 25.04.24 | 14:07 Uhr"), as `date_in_line`
    writes it ("25.04.24 14:07")."""
    for element, text in date_lines(root, page):
        if not text or len(text) > 100 or not DIGIT.search(text):
            continue
        if any(e.tag in NOT_DATE_LINES for e in (element, *element.iterancestors())):
            continue
        found = date_in_line(text)
        if found and parse_datetime(found, None) is not None:
            return found
    return None


def url_date(url: str) -> str | None:
    """The day a URL's path names (`/2023/12/20/slug`), as an ISO date; None if it names none."""
    match = URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return text if parse_datetime(text, None) is not None else None


# Before this year a "publication date" is a CMS's empty value (`0001-01-01T00:00:00Z`).
EARLIEST_YEAR = 1990


def plausible(raw: str | None) -> str | None:
    """`raw`, unless it names a day before `EARLIEST_YEAR` (a placeholder, not a date)."""
    moment = parse_datetime(raw, None) if raw else None
    return None if moment is not None and moment.year < EARLIEST_YEAR else raw


def library_date(page: HtmlElement, url: str) -> str | None:
    """htmldate's reading of the page (trafilatura's date finder; its conservative search, no
    guess from dates in the running text), as an ISO date; None when it finds none or fails."""
    from htmldate import find_date  # imported on the first page that needs it

    try:
        return find_date(page, url=url, original_date=True, extensive_search=False) or None
    except (ValueError, TypeError, OverflowError):
        return None


def page_date(root: HtmlElement, page: HtmlElement, url: str) -> str | None:
    """The publication date the page shows when its metadata has none (see the module)."""
    return (
        next(iter(ARTICLE_TIMES(root)), None)
        or visible_date(root, page)
        or next(iter(PAGE_TIMES(page)), None)
        or url_date(url)
        or library_date(page, url)
    )
