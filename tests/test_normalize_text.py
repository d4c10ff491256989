import html
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.normalize.reading_time import estimate_reading_time, parse_reading_time
from newscrawl.normalize.sources import parse_sources
from newscrawl.normalize.tags import normalize_tags
from newscrawl.normalize.text import _INVISIBLE, clean_text, strip_site_suffix
from newscrawl.normalize.urls import canonicalize_url

SUFFIXES = ("Al Mayadeen English", "Al Mayadeen")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("US &amp; UK &quot;deeply concerned&quot;", 'US & UK "deeply concerned"'),
        ("Sana&#8217;a strikes", "Sana’a strikes"),
        ("  two\n\tlines  ", "two lines"),
        ("\u200fغزة\u200e", "غزة"),  # direction marks go, letters stay
        ("Cafe\u0301", "Café"),  # NFC
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert unicodedata.is_normalized("NFC", clean_text(raw))


# Every character `str.split` splits on, and others around them.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@given(st.text(alphabet=WHITESPACE + "ab\u00e9\u0627\u200b", max_size=12))
def test_clean_text_collapses_every_whitespace_as_split_does(raw: str) -> None:
    """Text already collapsed is returned as it is; any other whitespace is collapsed."""
    assert clean_text(raw) == " ".join(unicodedata.normalize("NFC", raw).split())


def test_the_invisible_marks_are_all_unprintable() -> None:
    """`clean_text` looks for them only in text that `str.isprintable` refuses."""
    marks = [chr(c) for c in range(0x110000) if _INVISIBLE.match(chr(c))]
    assert len(marks) > 10
    assert not any(mark.isprintable() for mark in marks)


MARKS = "".join(chr(c) for c in range(0x10000) if _INVISIBLE.match(chr(c)))


@given(st.text(alphabet=MARKS + WHITESPACE[:8] + "abééا&amp;", max_size=16))
def test_clean_text_is_the_plain_definition(raw: str) -> None:
    """Entities decoded, marks removed, NFC, whitespace collapsed: each step on all the text."""
    plain = unicodedata.normalize("NFC", _INVISIBLE.sub("", html.unescape(raw)))
    assert clean_text(raw) == " ".join(plain.split())


def test_site_suffix_removed_only_at_the_end() -> None:
    assert (
        strip_site_suffix("Putin tells Macron | Al Mayadeen English", SUFFIXES)
        == "Putin tells Macron"
    )
    assert (
        strip_site_suffix("Al Mayadeen English turns ten", SUFFIXES)
        == "Al Mayadeen English turns ten"
    )
    assert strip_site_suffix("| Al Mayadeen", SUFFIXES) == "| Al Mayadeen"
    # Not a site name: a phrase that only mentions it stays.
    assert strip_site_suffix("Gaza - Al Mayadeen crew targeted by drone", SUFFIXES) == (
        "Gaza - Al Mayadeen crew targeted by drone"
    )


@pytest.mark.parametrize(
    ("headline", "names", "stripped"),
    [
        # A place, a phrase or a longer name that shares words with the site's is not it.
        (
            "Wildfire spreads north - Los Angeles",
            ["Los Angeles Times"],
            "Wildfire spreads north - Los Angeles",
        ),
        ("Judge rules - Trump vs. CNN", ["CNN"], "Judge rules - Trump vs. CNN"),
        (
            "Vote - Die Neue Südtiroler Tageszeitung",
            ["tageszeitung"],
            "Vote - Die Neue Südtiroler Tageszeitung",
        ),
        ("Der 9. Juli naht - Tageblatt.lu", ["Tageblatt"], "Der 9. Juli naht"),
        ("Kyiv - Moscow talks resume", ["毎日新聞", "example"], "Kyiv - Moscow talks resume"),
        ("Talks resume · NRK", ["NRK"], "Talks resume"),
    ],
)
def test_site_suffixes_of_any_site(headline: str, names: list[str], stripped: str) -> None:
    assert strip_site_suffix(headline, names) == stripped


def test_tags_deduplicated_keeping_first_spelling_and_order() -> None:
    assert normalize_tags("Russia,Emmanuel Macron,Kyiv,Ukraine,Vladimir Putin,Russia") == [
        "Russia",
        "Emmanuel Macron",
        "Kyiv",
        "Ukraine",
        "Vladimir Putin",
    ]
    assert normalize_tags(["Gaza", " gaza ", "GAZA", "West Bank"]) == ["Gaza", "West Bank"]
    assert normalize_tags("غزة، لبنان,غزة") == ["غزة", "لبنان"]
    assert normalize_tags(None) == []


def test_real_arabic_keywords(arabic_metadata: list[dict]) -> None:
    """Every real keyword string: no empty or repeated tag, letters untouched, order kept."""
    repeated = 0
    for record in arabic_metadata:
        # One real keyword carries an invisible right-to-left mark ("موقع \u200fالراهب").
        keywords = record["keywords"].replace("\u200f", "")
        raw = [" ".join(k.split()) for k in keywords.split(",") if k.strip()]
        tags = normalize_tags(record["keywords"])
        assert tags == list(dict.fromkeys(raw)), record["postid"]
        repeated += len(raw) != len(tags)
    assert repeated == 132  # once trimmed, 132 of the 296 real scripts repeat a keyword
    marked = next(r for r in arabic_metadata if r["postid"] == "1863993")
    assert "موقع الراهب" in normalize_tags(marked["keywords"])


@pytest.mark.parametrize(
    ("raw", "sources"),
    [
        ("Source: Agencies", ["Agencies"]),
        ("Source: Al Mayadeen English, Agencies", ["Al Mayadeen English", "Agencies"]),
        ("Sources: Reuters and AFP", ["Reuters", "AFP"]),
        ("Source: Agencies, agencies", ["Agencies"]),
        (None, []),
    ],
)
def test_sources(raw: str | None, sources: list[str]) -> None:
    assert parse_sources(raw) == sources


def test_reading_time() -> None:
    assert parse_reading_time("2 Min Read") == 2
    assert parse_reading_time("12 min read") == 12
    assert parse_reading_time("Read") is None
    assert estimate_reading_time(284) == 2
    assert estimate_reading_time(0) is None


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://English.Almayadeen.net/news/politics/x/?utm_source=tw&utm_medium=s#top",
            "https://english.almayadeen.net/news/politics/x",
        ),
        (
            "https://english.almayadeen.net/news/politics/x?fbclid=abc&page=2",
            "https://english.almayadeen.net/news/politics/x?page=2",
        ),
        ("https://english.almayadeen.net/", "https://english.almayadeen.net/"),
    ],
)
def test_canonical_urls(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical
