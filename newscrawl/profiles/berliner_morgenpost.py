"""Berliner Morgenpost (www.morgenpost.de), read by the generic extractor. Headline: the JSON-LD
headline first. On the site's 3 pages of the development set (labels by the Fundus project's
parser for this site), the headline is the JSON-LD headline: its JSON-LD headline is the edited
one; og:title and <h1> carry the teaser variant."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "morgenpost",
    "www.morgenpost.de",
    "Berliner Morgenpost",
    "de",
    "Europe/Berlin",
    headline_sources=JSON_LD_FIRST,
)
