"""TechCrunch (techcrunch.com), read by the generic extractor. Headline: the og:title first. On the
site's 2 pages of the development set (labels by the Fundus project's parser for this site), the
headline is the og:title: its share title keeps the straight quotes the edited headline has."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "techcrunch",
    "techcrunch.com",
    "TechCrunch",
    "en",
    "America/Los_Angeles",
    headline_sources=OG_TITLE_FIRST,
)
