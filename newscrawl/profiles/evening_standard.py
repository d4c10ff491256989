"""Evening Standard (www.standard.co.uk), read by the generic extractor. Headline: the og:title
first. On the site's 2 pages of the development set (labels by the Fundus project's parser for
this site), the headline is the og:title: its share title is the headline; JSON-LD and <h1>
carry a longer variant."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "standard",
    "www.standard.co.uk",
    "Evening Standard",
    "en",
    "Europe/London",
    headline_sources=OG_TITLE_FIRST,
)
