"""Business Insider Deutschland (www.businessinsider.de), read by the generic extractor. Headline:
the og:title first. On the site's 1 page of the development set (labels by the Fundus project's
parser for this site), the headline is the og:title: its share title is the headline; JSON-LD
carries a search-engine variant."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "businessinsider-de",
    "www.businessinsider.de",
    "Business Insider Deutschland",
    "de",
    "Europe/Berlin",
    headline_sources=OG_TITLE_FIRST,
)
