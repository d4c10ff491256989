"""`safe_join` answers as `urllib.parse.urljoin` does (None for what it refuses), whatever the
base and the link: the answers it remembers per site origin are the ones `urljoin` gives."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.normalize.urls import (
    _canonical,
    _origin,
    canonical_candidate,
    canonicalize_url,
    hostname,
    safe_join,
)

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


# Links most of which are plain (joined without urllib), with what makes one not plain.
LINK_STARTS = st.sampled_from(["/", "https://", "http://", "https://h.com", "http://a.b:8080"])
LINK_PIECES = st.sampled_from([
    "a", "x-y", "/", "//", ".", "..", "/.", "/..", "./", "%2e", "?", "?q=1&r", "#", "#f", ";",
    ";p", ":", "@", "~", "é", " ", "\t", "[", "]", "\\", "'", "(", "*", "=",
])  # fmt: skip


@given(base=BASES, start=LINK_STARTS, rest=st.lists(LINK_PIECES, max_size=8).map("".join))
@example(base="https://a.b/c", start="/", rest="a/./b")
@example(base="https://a.b/c", start="/", rest="a/..")
@example(base="https://a.b/c", start="/", rest="x?")
@example(base="https://a.b/c", start="/", rest="x#")
@example(base="https://a.b/c", start="/", rest="x;")
@example(base="https://a.b/c", start="https://h.com", rest="/x;")
@example(base="https://a.b/c", start="https://h.com", rest="?")
@example(base="https://u:p@h.com/p;q?x#y", start="/", rest="a?b#c")
@example(base="https://[::1]/p", start="/", rest="a")
def test_plain_links_join_as_urljoin_joins_them(base: str, start: str, rest: str) -> None:
    href = start + rest
    assert safe_join(base, href) == plain_join(base, href)


def long_origin(url: str) -> str | None:
    """What `_origin` answers, worked out by `urlsplit` for every URL."""
    if not url.startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


ORIGIN_PIECES = st.sampled_from([
    *"aZ09.-:/?#@[]", "\t", "\n", "\r", " ", "é", "８", "%2F", "80", "::1",
])  # fmt: skip


@given(
    scheme=st.sampled_from(["http://", "https://", "HTTP://", "ftp://", " http://", ""]),
    host=HOSTS,
    rest=st.lists(ORIGIN_PIECES, max_size=10).map("".join),
)
@example(scheme="https://", host="a.b", rest="\t/x")  # urlsplit removes the tab
@example(scheme="https://", host="a.b", rest="[/x")  # and refuses the bracket
@example(scheme="https://", host="a.b", rest="é/x")  # and checks a non-ASCII host
@example(scheme="https://", host="h.com:8080", rest="")
def test_origins_the_short_way_are_urlsplits(scheme: str, host: str, rest: str) -> None:
    """A URL whose host is plain ASCII gets its origin without `urlsplit`: the same answer."""
    url = scheme + host + rest
    assert _origin(url) == long_origin(url)


def long_candidate(page_url: str, candidate: str | None) -> str | None:
    """`canonical_candidate` with every step the long way."""
    joined = plain_join(page_url, candidate)
    try:
        found = _canonical(joined) if joined else None
    except ValueError:
        found = None
    if found and urlsplit(found).scheme in ("http", "https") and urlsplit(found).hostname:
        return found
    return None


@given(base=BASES, start=LINK_STARTS, rest=st.lists(LINK_PIECES, max_size=8).map("".join))
@example(base="https://a.b/c", start="https://h.com", rest="/x/")
@example(base="ftp://x/y", start="https://h.com", rest="/x")
@example(base="https://a.b/c/d?e=1", start="https://", rest="\t?")  # no host once tabs go
def test_canonical_candidates_the_short_way_are_the_long_way(
    base: str, start: str, rest: str
) -> None:
    assert canonical_candidate(base, start + rest) == long_candidate(base, start + rest)


@given(
    scheme=st.sampled_from(["http://", "https://", "HTTP://", "ftp://", " http://", ""]),
    host=HOSTS,
    rest=st.lists(ORIGIN_PIECES, max_size=10).map("".join),
)
@example(scheme="https://", host="H.com", rest=":8080/x")
@example(scheme="https://", host="a.b", rest="\t/x")
def test_hostnames_the_short_way_are_urlsplits(scheme: str, host: str, rest: str) -> None:
    url = scheme + host + rest
    try:
        expected: str | None = urlsplit(url).hostname
    except ValueError:
        expected = "refused"
    try:
        found: str | None = hostname(url)
    except ValueError:
        found = "refused"
    assert found == expected
