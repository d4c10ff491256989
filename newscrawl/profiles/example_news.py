"""Example News (`news.example.org`): the invented site of fixtures/generic-site, and the model
of a site profile file. Its pages are read by the generic extractor; the profile names what the
pages do not say on their own: the publisher, the newsroom's own byline, where the Google News
sitemap is."""

from __future__ import annotations

from newscrawl.profile import SiteProfile

PROFILE = SiteProfile(
    name="example-news",
    site="news.example.org",
    language="en",
    publisher="Example News",
    host="news.example.org",
    zone=None,  # the pages give their own offsets
    house_bylines=("Example News Desk",),
    title_suffixes=("Example News",),
    breaking_labels=(),
    sitemaps=("/news-sitemap.xml",),
    feeds=("/feed.xml",),
)
