"""The one reading of a page's encoding (`encoding.reading`), as a saved page's response is built
in it (`page_response`) and as the crawl's middleware gives it to an answer (`redecoded`), held
to the plain way on every combination of body, `Content-Type` and site profile below: Scrapy
reads the answer first (BOM, header, `<meta>`, then its own guess), and the rule corrects that
reading when it differs (the way the crawl read pages before `reading`). Same text, same tree,
and the same encoding wherever the name can matter (a body with non-ASCII bytes and no BOM)."""

from __future__ import annotations

import codecs
import itertools
from typing import Any

import pytest
from lxml import etree
from scrapy.http import HtmlResponse

from newscrawl.extraction.document import parse_page
from newscrawl.extraction.encoding import page_encoding, reading, redecoded
from newscrawl.processing import page_response
from newscrawl.profile import SiteProfile, generic_profile
from newscrawl.profiles.almayadeen import ARABIC, ENGLISH

ARABIC_TEXT = "الميادين: خبر عاجل عن الطقس في بيروت"
LATIN_TEXT = "Le conseil a approuvé les pistes cyclables – “enfin”"
KOREAN_TEXT = "서울시는 20일 새 자전거 도로를 만들기로 했다. 시의회는 이 계획을 승인했다. " * 6
JAPANESE_TEXT = "毎日新聞の見出し"


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


BODIES: dict[str, bytes] = {
    "ascii": page("plain text").encode(),
    "ascii-meta-utf8": page("plain", '<meta charset="utf-8">').encode(),
    "ascii-meta-utf16": page("plain", '<meta charset="utf-16">').encode(),
    "ascii-meta-bogus": page("plain", '<meta charset="no-such">').encode(),
    "iso2022jp-meta": page(JAPANESE_TEXT, '<meta charset="iso-2022-jp">').encode("iso-2022-jp"),
    "iso2022jp-bare": page(JAPANESE_TEXT).encode("iso-2022-jp"),
    "utf8-arabic": page(ARABIC_TEXT).encode(),
    "utf8-arabic-meta-1256": page(ARABIC_TEXT, '<meta charset="windows-1256">').encode(),
    "cp1256-arabic": page(ARABIC_TEXT).encode("cp1256"),
    "cp1256-arabic-meta-utf8": page(ARABIC_TEXT, '<meta charset="utf-8">').encode("cp1256"),
    "cp1252-latin": page(LATIN_TEXT).encode("cp1252"),
    "latin1-meta": page("café", '<meta charset="iso-8859-1">').encode("latin-1"),
    "euc-kr": page(KOREAN_TEXT).encode("euc-kr"),
    "utf8-bom": codecs.BOM_UTF8 + page(ARABIC_TEXT).encode(),
    "utf8-bom-ascii": codecs.BOM_UTF8 + page("plain").encode(),
    "utf16-bom": page(LATIN_TEXT).encode("utf-16"),
    "utf16le-bare": page("plain").encode("utf-16-le"),
}
CONTENT_TYPES = (
    None,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1256",
    "text/html; charset=iso-8859-1",
    "text/html; charset=utf-16",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=koi8-r",
    "text/html; charset=no-such",
)
PROFILES: dict[str, SiteProfile] = {
    "english": ENGLISH,
    "arabic": ARABIC,
    "generic": generic_profile("news.example.org"),
}
CASES = list(itertools.product(BODIES, CONTENT_TYPES, PROFILES))


def _reads_ascii(encoding: str) -> bool:
    probe = b"<p class=a>Text, 0.9!</p>"
    try:
        return probe.decode(encoding) == probe.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def plain_way(body: bytes, content_type: str | None, profile: SiteProfile) -> Any:
    """Scrapy's own reading, corrected by the rule where it differs."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(url=f"https://{profile.host}/a", body=body, headers=headers)
    if body.isascii() and _reads_ascii(response.encoding):
        return response  # every ASCII-compatible reading reads ASCII bytes alike
    legacy, detect = profile.legacy_encoding, profile.extractor == "generic"
    rule = codecs.lookup(page_encoding(body, content_type, legacy, detect)).name
    if codecs.lookup(response.encoding).name == rule:
        return response
    return response.replace(encoding=rule)


def crawled(body: bytes, content_type: str | None, profile: SiteProfile) -> Any:
    """An answer as Scrapy's downloader gives it, through the crawl's middleware."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(url=f"https://{profile.host}/a", body=body, headers=headers)
    return redecoded(response, profile.legacy_encoding, profile.extractor == "generic")


def saved(body: bytes, content_type: str | None, profile: SiteProfile) -> Any:
    headers = {"Content-Type": content_type} if content_type else {"X-None": "1"}
    return page_response(f"https://{profile.host}/a", body, 200, headers, profile)


def tree(response: Any) -> bytes:
    return etree.tostring(parse_page(response), encoding="unicode").encode()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 429


@pytest.mark.parametrize(("body", "content_type", "profile"), CASES)
def test_one_reading_for_crawled_and_saved_pages(
    body: str, content_type: str | None, profile: str
) -> None:
    data, site = BODIES[body], PROFILES[profile]
    expected = plain_way(data, content_type, site)
    for response in (crawled(data, content_type, site), saved(data, content_type, site)):
        assert response.text == expected.text
        assert tree(response) == tree(expected)
        if not data.isascii() and not data.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
            assert codecs.lookup(response.encoding).name == codecs.lookup(expected.encoding).name


def test_reading_names_the_codec_that_reads_the_page() -> None:
    assert reading(BODIES["cp1256-arabic"], "text/html; charset=utf-8", "cp1256") == "cp1256"
    assert reading(BODIES["utf8-arabic"], "text/html; charset=windows-1256", "cp1256") == "utf-8"
    assert reading(BODIES["iso2022jp-meta"], "text/html", "cp1252") == "iso2022_jp"
    assert reading(BODIES["ascii"], "text/html; charset=utf-16", "cp1252") == "utf-8"
    assert reading(BODIES["utf16-bom"], "text/html; charset=utf-8", "cp1252") == "utf-16-le"
    assert reading(BODIES["euc-kr"], None, "cp1252", detect=True) == "cp949"


@pytest.mark.parametrize(("body", "content_type", "profile"), CASES[::7])
def test_the_middleware_never_asks_scrapy_to_sniff(
    body: str, content_type: str | None, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sniffed(self: Any) -> None:
        raise AssertionError("Scrapy sniffed the body for its own reading")

    monkeypatch.setattr(HtmlResponse, "_body_declared_encoding", sniffed)
    monkeypatch.setattr(HtmlResponse, "_body_inferred_encoding", sniffed)
    response = crawled(BODIES[body], content_type, PROFILES[profile])
    assert response.text is not None  # read in the encoding it was given, BOM or header


@pytest.mark.parametrize(
    "headers",
    [None, {"Content-Type": "text/html; charset=cp1256", "x-a": "1", "X-A": "2"}, {"Server": "é"}],
)
def test_a_saved_page_is_the_response_scrapy_would_make(headers: dict[str, str] | None) -> None:
    body = BODIES["cp1256-arabic"]
    site = PROFILES["arabic"]
    response = page_response(f"https://{site.host}/a", body, 203, headers, site)
    given = headers or {"Content-Type": "text/html; charset=utf-8"}
    plain = HtmlResponse(
        url=response.url, body=body, status=203, headers=given, encoding=response.encoding
    )
    assert type(response) is HtmlResponse
    assert (response.url, response.status, response.body) == (plain.url, 203, body)
    assert response.headers == plain.headers and type(response.headers) is type(plain.headers)
    assert response.text == plain.text
