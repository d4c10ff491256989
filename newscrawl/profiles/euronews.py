"""Euronews (www.euronews.com), read by the generic extractor. Headline: the og:title first. On the
site's 4 pages of the development set (labels by the Fundus project's parser for this site), the
headline is the og:title: its share title is the headline; JSON-LD and <h1> carry a longer
variant."""

from __future__ import annotations

from newscrawl.profile import OG_TITLE_FIRST, news_site

PROFILE = news_site(
    "euronews",
    "www.euronews.com",
    "Euronews",
    "en",
    "Europe/Paris",
    aliases=(
        "fr.euronews.com",
        "de.euronews.com",
        "es.euronews.com",
        "it.euronews.com",
        "pt.euronews.com",
        "gr.euronews.com",
        "hu.euronews.com",
        "ru.euronews.com",
        "tr.euronews.com",
        "arabic.euronews.com",
        "per.euronews.com",
    ),
    headline_sources=OG_TITLE_FIRST,
)
