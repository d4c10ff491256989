"""`safe_join` answers as `urllib.parse.urljoin` does (None for what it refuses), whatever the
base and the link: the answers it remembers per site origin are the ones `urljoin` gives."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.normalize.urls import _canonical, canonicalize_url, safe_join

BASES = st.sampled_from([
    "https://english.almayadeen.net/news/politics/x-y?a=1#f",
    "http://a.b/c/d/",
    "https://A.B:8080/x/../y",
    "https://[::1]/p",
    "https://a.b",
    "https://u:p@h.com/p;q?x#y",
    "ftp://x/y",
    "https:///nohost/p",
    "https://h.com/%zz/é",
])  # fmt: skip
PIECES = st.sampled_from([
    "/", "//", "..", ".", "a", "é", " ", "?", "#", ";", ":", "[", "]", "@",
    "http:", "https:", "x.y", "%2e", "HTTPS://", "https://", "http://",
])  # fmt: skip
LINKS = st.lists(PIECES, max_size=8).map("".join)


def plain_join(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined).hostname  # noqa: B018
    except ValueError:
        return None
    return joined


@given(base=BASES, href=LINKS)
def test_safe_join_is_urljoin(base: str, href: str) -> None:
    assert safe_join(base, href) == plain_join(base, href)
    assert safe_join(base, href) == plain_join(base, href)  # remembered: the same answer


def test_root_relative_links_of_two_pages_of_a_site() -> None:
    first = "https://english.almayadeen.net/news/politics/one"
    second = "https://english.almayadeen.net/articles/analysis/two?x=1"
    for base in (first, second):
        assert safe_join(base, " /authors/someone ") == (
            "https://english.almayadeen.net/authors/someone"
        )
        assert safe_join(base, "/a/../b/./c?d#e") == "https://english.almayadeen.net/b/c?d#e"
    assert safe_join(first, "three") == "https://english.almayadeen.net/news/politics/three"


PLAIN_PIECES = st.sampled_from([*"abcXYZ019._~!$&'()*+,;=:@/-", "//", "é", "%2F", "?", "#", " "])
HOSTS = st.sampled_from(["english.almayadeen.net", "a.b", "x-y.example.org", "1.2.3.4", "a..b",
                         "-a.b", "a.b.", "H.com", "h.com:8080", "h.com:99999", ""])  # fmt: skip


@given(
    scheme=st.sampled_from(["http://", "https://", "HTTP://", "ftp://"]),
    host=HOSTS,
    path=st.lists(PLAIN_PIECES, max_size=12).map("".join),
)
def test_canonical_urls_the_short_way_are_the_long_way(scheme: str, host: str, path: str) -> None:
    """A URL that is canonical but for a trailing slash skips the full work, same answer."""
    url = scheme + host + path
    canonicalize_url.cache_clear()
    try:
        expected: str | None = _canonical(url)
    except ValueError:
        expected = None
    try:
        found: str | None = canonicalize_url(url)
    except ValueError:
        found = None
    assert found == expected
