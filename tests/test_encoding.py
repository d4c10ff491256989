"""Pages whose bytes are not what their headers say: Arabic in Windows-1256, English in
Windows-1252, declared wrongly or not at all. The record must be the one the UTF-8 page gives.
And pages that are what they say, which must not be "corrected": ISO-2022-JP is all ASCII."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from w3lib.encoding import http_content_type_encoding

from newscrawl.extraction.encoding import header_charset, page_encoding, redecoded
from newscrawl.processing import page_response, record_for_page
from newscrawl.replay import read_saved_page
from tests.helpers import CRAWLED_AT, PAGES, load_json

VOLATILE = ("crawled_at", "content_hash")


def reencoded(case: str, encoding: str, content_type: str | None) -> dict:
    page = read_saved_page(PAGES / case)
    text = page.body.decode("utf-8").replace('<meta charset="utf-8">', "")
    headers = {"Content-Type": content_type} if content_type else {}
    return record_for_page(page.url, text.encode(encoding), 200, headers, CRAWLED_AT)


def expected(case: str) -> dict:
    return load_json(PAGES / case / "expected.json")


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=windows-1256",  # declared right
        "text/html; charset=utf-8",  # declared wrong
        "text/html",  # not declared
        None,  # no header at all
    ],
)
@pytest.mark.parametrize("case", ["ar-analysis-person", "ar-news-lebanon-full"])
def test_arabic_page_in_windows_1256(case: str, content_type: str | None) -> None:
    record = reencoded(case, "cp1256", content_type)
    assert {k: v for k, v in record.items() if k not in VOLATILE} == expected(case)


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html", None])
def test_english_page_in_windows_1252(content_type: str | None) -> None:
    # The headline has a typographic apostrophe (U+2019), which Windows-1252 writes as 0x92.
    record = reencoded("en-entities-headline", "cp1252", content_type)
    case = expected("en-entities-headline")
    assert record["headline"] == case["headline"]
    assert record["body"] == case["body"]


def test_the_rule() -> None:
    arabic = "الميادين".encode("cp1256")
    utf8 = "الميادين".encode()
    assert page_encoding(utf8, "text/html; charset=windows-1256", "cp1256") == "utf-8"
    assert page_encoding(arabic, "text/html; charset=utf-8", "cp1256") == "cp1256"
    assert page_encoding(arabic, "text/html; charset=koi8-r", "cp1256") == "koi8-r"
    assert page_encoding(b"plain ascii", None, "cp1256") == "utf-8"
    assert page_encoding("café".encode("latin-1"), None, "cp1252") == "cp1252"
    # All-ASCII bytes keep what they declare (ISO-2022-JP is 7-bit), unless it cannot read ASCII.
    japanese = "毎日新聞".encode("iso-2022-jp")
    assert page_encoding(japanese, "text/html; charset=iso-2022-jp", "cp1252") == "iso2022_jp"
    assert page_encoding(b"plain ascii", "text/html; charset=utf-16", "cp1252") == "utf-8"


JAPANESE_URL = "https://english.almayadeen.net/news/politics/a-page-in-japanese"
JAPANESE_HEADLINE = "毎日新聞の見出し"
JAPANESE_PARAGRAPH = "毎日新聞の本文の段落です。"


def japanese_page(meta: str) -> bytes:
    """A page in ISO-2022-JP: 7-bit, so its bytes are all ASCII."""
    html = (
        f"<!DOCTYPE html><html><head>{meta}<title>{JAPANESE_HEADLINE}</title>"
        '<meta property="og:type" content="article"></head>'
        f"<body><article><h1>{JAPANESE_HEADLINE}</h1><p>{JAPANESE_PARAGRAPH}</p></article>"
        "</body></html>"
    )
    body = html.encode("iso-2022-jp")
    assert body.isascii()
    return body


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        ('<meta charset="iso-2022-jp">', "text/html"),  # declared in the page only
        ("", "text/html; charset=iso-2022-jp"),  # declared in the header only
    ],
    ids=["meta", "header"],
)
def test_japanese_page_in_iso_2022_jp(meta: str, content_type: str) -> None:
    body = japanese_page(meta)
    headers = {"Content-Type": content_type}
    response = page_response(JAPANESE_URL, body, 200, headers)
    assert response.css("title::text").get() == JAPANESE_HEADLINE
    record = record_for_page(JAPANESE_URL, body, 200, headers, CRAWLED_AT)
    assert record["headline"] == JAPANESE_HEADLINE
    assert [block["text"] for block in record["body"]] == [JAPANESE_PARAGRAPH]


def test_an_ascii_page_is_left_as_it_is() -> None:
    # Every ASCII-compatible encoding reads ASCII bytes alike: no copy of the response.
    body = b"<html><head><title>Plain title</title></head><body><p>Text.</p></body></html>"
    latin1 = HtmlResponse(
        url=JAPANESE_URL, body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"}
    )
    assert redecoded(latin1, "cp1252") is latin1
    # A declaration that does not read ASCII as ASCII still gives way to UTF-8.
    utf16 = HtmlResponse(
        url=JAPANESE_URL, body=body, headers={"Content-Type": "text/html; charset=utf-16"}
    )
    assert redecoded(utf16, "cp1252").css("title::text").get() == "Plain title"


# A site the generic extractor reads, in a language not known beforehand: an undeclared page in
# a legacy encoding is read in the encoding a detector finds, when it is not a Latin one.
KOREAN = "서울시는 20일 새 자전거 도로를 만들기로 했다. 시의회는 이 계획을 승인했다. " * 12
RUSSIAN = "Городской совет одобрил новые велосипедные дорожки на трёх улицах центра. " * 12


@pytest.mark.parametrize(("text", "encoding"), [(KOREAN, "euc-kr"), (RUSSIAN, "cp1251")])
def test_an_undeclared_legacy_page_of_an_unknown_site_is_read_in_its_encoding(
    text: str, encoding: str
) -> None:
    html = f"<html><head><title>Новости</title></head><body><h1>{text[:30]}</h1><p>{text}</p>"
    body = f"{html}</body></html>".encode(encoding, errors="ignore")
    url = "https://news.example.org/2025/11/20/council-approves-new-bike-lanes"
    record = record_for_page(url, body, 200, {"Content-Type": "text/html"}, CRAWLED_AT)
    assert record["body"][0]["text"] == " ".join(text.split())


def test_a_detected_latin_encoding_leaves_the_legacy_one() -> None:
    western = ("Le conseil municipal a approuvé les nouvelles pistes cyclables. " * 10).encode(
        "cp1252"
    )
    assert page_encoding(western, None, "cp1252", detect=True) == "cp1252"


@pytest.mark.parametrize(
    "content_type",
    [None, "", "text/html", "text/html; charset=UTF-8", 'text/html; charset="windows-1256"',
     "text/html; charset=no-such", 'text/html; a="charset=koi8-r"; charset=latin1'],
)  # fmt: skip
def test_a_content_types_charset_is_read_as_w3lib_reads_it(content_type: str | None) -> None:
    for _ in range(2):  # asked again: the answer kept
        assert header_charset(content_type) == http_content_type_encoding(content_type)
