"""毎日新聞 (mainichi.jp), read by the generic extractor. Headline: the <h1> first. On the site's 1
page of the development set (labels by the Fundus project's parser for this site), the headline
is the <h1>: its JSON-LD and og:title end with the paper's name; the <h1> is the headline alone."""

from __future__ import annotations

from newscrawl.sites import H1_FIRST, news_site

PROFILE = news_site(
    "mainichi",
    "mainichi.jp",
    "毎日新聞",
    "ja",
    "Asia/Tokyo",
    headline_sources=H1_FIRST,
)
