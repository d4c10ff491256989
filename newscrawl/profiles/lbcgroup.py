"""LBCI (www.lbcgroup.tv), read by the generic extractor. Headline: the og:title first. On the
site's 1 page of the development set (labels by the Fundus project's parser for this site), the
headline is the og:title: its share title is the headline without the quotation marks the page
puts around its first words."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "lbcgroup",
    "www.lbcgroup.tv",
    "LBCI",
    "ar",
    "Asia/Beirut",
    headline_sources=OG_TITLE_FIRST,
)
