"""Al Mayadeen: walks one edition of the site to its article pages.

Editions: `-a edition=en` (default, english.almayadeen.net), `ar` (www.almayadeen.net) or `es`
(espanol.almayadeen.net); each crawl stays on its edition's host. A URL crawl without `edition`
takes the edition of its first URL; a start URL of another host ends as a `bad_input` failure
that says which edition to ask for. Where a walk starts: the edition's home page (sections), its
sitemap index (`/sitemaps/all.xml`, monthly sitemaps) or its feed (`/rss`); modes and limits
are the shared walk's (newscrawl/spiders/base.py).
"""

from __future__ import annotations

from typing import Any

from newscrawl.spiders.base import OTHER_SITE, SiteSpider, url_list

from newscrawl.profiles.almayadeen import EDITIONS, ENGLISH, edition_of


class AlmayadeenSpider(SiteSpider):
    name = "almayadeen"
    profile = ENGLISH
    allowed_domains = [*ENGLISH.hosts]

    def __init__(
        self, edition: str | None = None, urls: str | list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(urls=url_list(urls), **kwargs)
        if edition is None:
            first = edition_of(self.start_list[0]) if self.start_list else None
            edition = (first or ENGLISH).language
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {', '.join(EDITIONS)}")
        self.use_profile(EDITIONS[edition])

    def off_site_message(self, url: str) -> str:
        other = edition_of(url)
        hint = f"crawl it with -a edition={other.language}" if other else OTHER_SITE
        return f"not on {self.profile.host} (the {self.profile.language} edition): {hint}"
