"""Börsen-Zeitung (www.boersen-zeitung.de), read by the generic extractor. Headline: the JSON-LD
headline first. On the site's 3 pages of the development set (labels by the Fundus project's
parser for this site), the headline is the JSON-LD headline: its og:title carries the site's
name and the <h1> a kicker."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "boersen-zeitung",
    "www.boersen-zeitung.de",
    "Börsen-Zeitung",
    "de",
    "Europe/Berlin",
    headline_sources=JSON_LD_FIRST,
)
