"""Navigation extraction: listing pages yield article links, sub-listings and next pages."""

from __future__ import annotations

from datetime import date

import lxml.html

from newscrawl.extraction.feeds import (
    feed_links,
    month_in_window,
    parse_sitemap,
    sitemap_month,
)
from newscrawl.extraction.links import article_links, listing_links, next_pages
from newscrawl.profiles.almayadeen import ARABIC, ENGLISH

HOST = "english.almayadeen.net"
BASE = f"https://{HOST}"

LISTING = f"""<html><head><link rel="next" href="/news/politics?page=2"></head><body>
<nav><a href="/news/politics">Politics</a> <a href="/news/economy">Economy</a>
<a href="/region/palestine">Palestine</a> <a href="/articles/opinion">Opinion</a>
<a href="https://www.almayadeen.net/news/politics">عربي</a></nav>
<a href="/news/politics/first-story?utm_source=twitter&amp;utm_medium=social#top">First</a>
<a href="/news/politics/first-story">First again</a>
<a href="{BASE}/articles/opinion/a-view">A view</a>
<a href="https://www.almayadeen.net/news/politics/arabic-story">Arabic edition</a>
<a href="https://example.com/news/politics/elsewhere">Elsewhere</a>
<a href="/authors/karim-haddad">Karim Haddad</a>
<a href="/tags/Gaza">Gaza</a>
<nav class="pages"><a href="/news/politics?page=1">1</a><a href="/news/politics?page=2">2</a>
<a href="/news/politics?page=3">3</a></nav>
</body></html>"""


def page():
    return lxml.html.document_fromstring(LISTING)


def test_article_links_are_canonical_on_site_and_unique() -> None:
    assert article_links(page(), f"{BASE}/news/politics", ENGLISH) == [
        f"{BASE}/news/politics/first-story",
        f"{BASE}/articles/opinion/a-view",
    ]


def test_listing_links_are_sections_regions_and_authors_of_this_edition() -> None:
    assert listing_links(page(), f"{BASE}/", ENGLISH) == [
        f"{BASE}/news/politics",
        f"{BASE}/news/economy",
        f"{BASE}/region/palestine",
        f"{BASE}/articles/opinion",
        f"{BASE}/authors/karim-haddad",
    ]


def test_next_pages_follow_rel_next_and_later_page_numbers() -> None:
    assert next_pages(page(), f"{BASE}/news/politics", ENGLISH) == [
        f"{BASE}/news/politics?page=2",
        f"{BASE}/news/politics?page=3",
    ]
    assert next_pages(page(), f"{BASE}/news/politics?page=3", ENGLISH) == [
        f"{BASE}/news/politics?page=2"  # rel=next is followed as the page states it
    ]


INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://english.almayadeen.net/sitemaps/all/sitemap-2025-9.xml</loc></sitemap>
<sitemap><loc>https://english.almayadeen.net/sitemaps/all/sitemap-2025-10.xml</loc></sitemap>
</sitemapindex>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://english.almayadeen.net/news/politics/a</loc><lastmod>2025-10-02</lastmod></url>
<url><loc>https://english.almayadeen.net/news/politics/b</loc></url>
</urlset>"""


def test_sitemaps() -> None:
    kind, entries = parse_sitemap(INDEX)
    assert kind == "index"
    assert [sitemap_month(e.loc) for e in entries] == [date(2025, 9, 1), date(2025, 10, 1)]
    kind, entries = parse_sitemap(URLSET)
    assert kind == "urlset"
    assert [(e.loc[-1], e.lastmod) for e in entries] == [("a", "2025-10-02"), ("b", None)]
    assert parse_sitemap(b"<html><body>Just a moment...</body></html>") == ("invalid", [])
    assert parse_sitemap(b"") == ("invalid", [])


def test_archive_window_by_month() -> None:
    october = date(2025, 10, 1)
    assert month_in_window(october, date(2025, 10, 31), None)
    assert month_in_window(october, None, date(2025, 10, 1))
    assert not month_in_window(october, date(2025, 11, 1), None)
    assert not month_in_window(october, None, date(2025, 9, 30))


def test_rss_and_atom_links() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
    <item><title>A</title><link>https://english.almayadeen.net/news/politics/a</link></item>
    <item><title>B</title><link> https://english.almayadeen.net/news/politics/b </link></item>
    </channel></rss>"""
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <entry><link rel="alternate" href="https://english.almayadeen.net/news/politics/c"/></entry>
    </feed>"""
    assert feed_links(rss) == [
        "https://english.almayadeen.net/news/politics/a",
        "https://english.almayadeen.net/news/politics/b",
    ]
    assert feed_links(atom) == ["https://english.almayadeen.net/news/politics/c"]


def test_xml_parsing_is_safe_from_entities(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    external = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><link>https://english.almayadeen.net/news/x/&xxe;</link>
</item></channel></rss>""".encode()
    assert all("TOP-SECRET" not in link for link in feed_links(external))
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>"
        "<urlset><url><loc>&lol9;</loc></url></urlset>"
    ).encode()
    _, entries = parse_sitemap(laughs)
    assert sum(len(e.loc) for e in entries) < 1000


def test_an_arabic_articles_slug_is_an_article_not_a_listing() -> None:
    home = "https://www.almayadeen.net/"
    page = lxml.html.document_fromstring(
        '<html><body><a href="/articles/الانقسام-الإسرائيلي">مقال</a>'
        '<a href="/news/politics">سياسة</a><a href="/authors/حسن-لافي">حسن لافي</a></body></html>'
    )
    opinion = "https://www.almayadeen.net/articles/%D8%A7%D9%84%D8%A7%D9%86%D9%82%D8%B3%D8%A7%D9%85"
    opinion += "-%D8%A7%D9%84%D8%A5%D8%B3%D8%B1%D8%A7%D8%A6%D9%8A%D9%84%D9%8A"
    assert article_links(page, home, ARABIC) == [opinion]
    assert listing_links(page, home, ARABIC) == [
        "https://www.almayadeen.net/news/politics",
        "https://www.almayadeen.net/authors/%D8%AD%D8%B3%D9%86-%D9%84%D8%A7%D9%81%D9%8A",
    ]


def test_an_unknown_sites_pages_are_not_taken_for_al_mayadeen_listings() -> None:
    from newscrawl.profile import generic_profile

    home = "https://news.example.org/"
    page = lxml.html.document_fromstring(
        '<html><body><a href="/news/local">Local</a><a href="/authors/jane-rivera">Jane</a>'
        '<a href="/2025/11/20/council-approves-new-bike-lanes">A story</a></body></html>'
    )
    profile = generic_profile("news.example.org")
    assert listing_links(page, home, profile) == []
    assert article_links(page, home, profile) == [
        "https://news.example.org/2025/11/20/council-approves-new-bike-lanes"
    ]
