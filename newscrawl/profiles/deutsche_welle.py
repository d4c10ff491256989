"""Deutsche Welle (www.dw.com), read by the generic extractor. Headline: the JSON-LD headline
first. On the site's 3 pages of the development set (labels by the Fundus project's parser for
this site), the headline is the JSON-LD headline: its og:title adds the site's name and the
date, and its older pages carry no JSON-LD, where the <h1> is the headline."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "dw",
    "www.dw.com",
    "Deutsche Welle",
    "de",
    "Europe/Berlin",
    headline_sources=JSON_LD_FIRST,
)
