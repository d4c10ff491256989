"""n-tv (www.n-tv.de), read by the generic extractor. Headline: the og:title first. On the site's 3
pages of the development set (labels by the Fundus project's parser for this site), the headline
is the og:title: its share title is the headline without the kicker the page shows."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "n-tv",
    "www.n-tv.de",
    "n-tv",
    "de",
    "Europe/Berlin",
    headline_sources=OG_TITLE_FIRST,
)
