"""The link walker's reading of a page's links (`links.site_links`: every `<a href>` resolved
from the page's origin when it is an absolute path or URL, remembered across pages) held to the
plain way (XPath, then each href joined against the page's URL and canonicalised) on every saved
page of the fixtures and on hand-made hrefs of every shape, read from pages at several URLs in
turn (a remembered answer must never leak from one page into another)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.extraction.document import parse_html
from newscrawl.extraction.links import _next_hrefs, next_pages, site_links
from newscrawl.normalize.urls import safe_canonical, safe_join
from newscrawl.profile import generic_profile
from newscrawl.profiles import profile_for
from newscrawl.replay import body_file, read_saved_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def plain_links(page: object, page_url: str, hosts: tuple[str, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for href in page.xpath("//a/@href"):  # type: ignore[attr-defined]
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        url = safe_canonical(safe_join(page_url, href))
        if url and urlsplit(url).hostname in hosts:
            seen.setdefault(url, None)
    return list(seen)


def saved_pages() -> list[Path]:
    folders = {info.parent for info in FIXTURES.glob("*/**/info.json")}
    return sorted(folder for folder in folders if body_file(folder) is not None)


@pytest.mark.parametrize("folder", saved_pages(), ids=lambda folder: folder.name)
def test_site_links_of_every_saved_page(folder: Path) -> None:
    page = read_saved_page(folder)
    root = parse_html(page.body.decode("utf-8", "replace"), page.url)
    profile = profile_for(page.url)
    assert site_links(root, page.url, profile) == plain_links(root, page.url, profile.hosts)
    assert list(_next_hrefs(root)) == root.xpath(PLAIN_NEXT)


PLAIN_NEXT = '//link[@rel="next"]/@href | //a[@rel="next"]/@href'


def test_rel_next_hrefs_in_page_order() -> None:
    root = parse_html(
        '<html><head><link rel="next" href="/p?page=2"><link rel="prev" href="/p">'
        '<link rel="next"></head><body><a rel="next" href="?page=3">3</a>'
        '<a rel="Next" href="?page=4">4</a><a rel="next prev" href="?page=5">5</a>'
        '<a href="?page=6" rel="next">6</a><div rel="next" href="/no">x</div></body></html>'
    )
    assert list(_next_hrefs(root)) == root.xpath(PLAIN_NEXT) == ["/p?page=2", "?page=3", "?page=6"]


HREFS = [
    "/news/a-story", "/news/a-story/", "//news.example.org/x/y", "//elsewhere.org/x",
    "https://news.example.org/p?utm_source=x&id=3#top", "http://news.example.org/q",
    "HTTPS://NEWS.EXAMPLE.ORG/Upper", "relative/page", "./here", "../up/one", "?page=2",
    "?page=3&utm_medium=y", "#section", "javascript:void(0)", "mailto:a@b.org", "  /padded  ",
    "", " ", "http://[broken/", "https:///no-host", "http:relative-with-scheme", "/a/../b/./c",
    "/%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9", "/العربية/خبر", "ftp://news.example.org/f",
    "https://news.example.org:8443/port", "/back\\slash", "data:text/html,x", "tel:+123",
    "https://&#9;?", "/a&#10;b",  # a tab, a newline: urlsplit removes them before reading
]  # fmt: skip
PAGE_URLS = [
    "https://news.example.org/",
    "https://news.example.org/section/world/",
    "https://news.example.org/section/world/story?page=1",
    "http://news.example.org/other/deep/path/page.html",
    "https://news.example.org:8443/ported/page",
    "https://user@news.example.org/with-user",
]


def test_site_links_of_hand_made_hrefs_read_from_pages_in_turn() -> None:
    anchors = "".join(f'<a href="{href}">x</a>' for href in HREFS)
    root = parse_html(f"<html><body>{anchors}<a>no href</a></body></html>")
    profile = generic_profile("news.example.org")
    for page_url in PAGE_URLS * 2:  # the second round reads every answer from the cache
        expected = plain_links(root, page_url, profile.hosts)
        assert site_links(root, page_url, profile) == expected
        assert next_pages(root, page_url, profile) == next_pages(root, page_url, profile, expected)
    assert "https://news.example.org/news/a-story" in site_links(root, PAGE_URLS[1], profile)
