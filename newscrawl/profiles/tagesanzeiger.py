"""Tages-Anzeiger (www.tagesanzeiger.ch), read by the generic extractor. Headline: the og:title
first. On the site's 2 pages of the development set (labels by the Fundus project's parser for
this site), the headline is the og:title: its share title drops the kicker the page and JSON-LD
put before the headline."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "tagesanzeiger",
    "www.tagesanzeiger.ch",
    "Tages-Anzeiger",
    "de",
    "Europe/Zurich",
    headline_sources=OG_TITLE_FIRST,
)
