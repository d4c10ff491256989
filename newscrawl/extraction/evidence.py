"""Is a page of an unknown site an article? The evidence, weighed.

A page handed to the generic extractor was reached by an article link or given to `extract`: it
is an article unless the page says otherwise. Markup settles it either way when there is some
(an article JSON-LD object, `og:type` article, `article:published_time`); without it, a page with
a headline and a story's worth of text is an article, and a home page, a page that says it is a
listing, or a page with little text is not.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

# JSON-LD types of pages that list other pages.
LISTING_TYPES = frozenset({
    "collectionpage", "itemlist", "searchresultspage", "profilepage", "aboutpage", "contactpage",
})  # fmt: skip
# Query parameters that say where a visitor came from, not which page they asked for.
TRACKING_PARAMETER = re.compile(r"utm_\w+|fbclid|gclid|ref|source|cmp", re.I)
# Words of text (each Chinese or Japanese character a word) that make a story: fewer with a date
# or an article-shaped URL (`/2023/12/20/…`, a slug of words), more without either.
STORY_WORDS = 150
DATED_STORY_WORDS = 50


def not_an_article(
    url: str,
    has_article_markup: bool,
    page_types: set[str],
    headline: str | None,
    words: int,
    dated: bool,
    article_shaped_url: bool,
) -> str | None:
    """Why the page is not an article, or None when it is one (by the module's rule)."""
    if has_article_markup:
        return None
    if _is_home_page(url):
        return "the site's home page, without article markup"
    listing = sorted(page_types & LISTING_TYPES)
    if listing:
        return f"the page says it is a listing (JSON-LD {listing[0]}), without article markup"
    if not headline:
        return "no headline and no article markup"
    needed = DATED_STORY_WORDS if dated or article_shaped_url else STORY_WORDS
    if words < needed:
        return f"{words} words of text, no article markup: too little for a story"
    return None


def _is_home_page(url: str) -> bool:
    """The site's root with nothing but tracking in its query: `/?p=123` (a blog's post by
    number) is a page of its own."""
    parts = urlsplit(url)
    if parts.path.strip("/"):
        return False
    asked = parse_qsl(parts.query, keep_blank_values=True)
    return all(TRACKING_PARAMETER.fullmatch(key) for key, _ in asked)
