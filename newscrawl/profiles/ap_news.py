"""AP News (apnews.com), read by the generic extractor. Headline: the JSON-LD headline first. On
the site's 2 pages of the development set (labels by the Fundus project's parser for this site),
the headline is the JSON-LD headline: its JSON-LD headline is the edited one; og:title and <h1>
can carry an updated variant."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "apnews",
    "apnews.com",
    "AP News",
    "en",
    "America/New_York",
    headline_sources=JSON_LD_FIRST,
)
