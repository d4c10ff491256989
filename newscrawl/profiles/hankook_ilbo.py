"""한국일보 (www.hankookilbo.com), read by the generic extractor. Headline: the JSON-LD headline
first. On the site's 3 pages of the development set (labels by the Fundus project's parser for
this site), the headline is the JSON-LD headline wherever the page has one (2 pages): its
og:title and <h1> put quotation marks around a quote that opens the JSON-LD headline without
them."""

from __future__ import annotations

from newscrawl.profile import JSON_LD_FIRST, news_site

PROFILE = news_site(
    "hankookilbo",
    "www.hankookilbo.com",
    "한국일보",
    "ko",
    "Asia/Seoul",
    headline_sources=JSON_LD_FIRST,
)
