"""WIRED (www.wired.com), read by the generic extractor. Headline: the JSON-LD headline first. On
the site's 1 page of the development set (labels by the Fundus project's parser for this site),
the headline is the JSON-LD headline: its JSON-LD headline is the edited one; og:title and <h1>
carry the display variant."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "wired",
    "www.wired.com",
    "WIRED",
    "en",
    "America/New_York",
    headline_sources=JSON_LD_FIRST,
)
