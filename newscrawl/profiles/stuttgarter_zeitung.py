"""Stuttgarter Zeitung (www.stuttgarter-zeitung.de), read by the generic extractor. Headline: the
og:title first. On the site's 2 pages of the development set (labels by the Fundus project's
parser for this site), the headline is the og:title: its share title joins kicker and headline
with a colon; the <h1> has no kicker."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "stuttgarter-zeitung",
    "www.stuttgarter-zeitung.de",
    "Stuttgarter Zeitung",
    "de",
    "Europe/Berlin",
    headline_sources=OG_TITLE_FIRST,
)
