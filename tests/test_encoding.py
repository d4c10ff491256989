"""Pages whose bytes are not what their headers say: Arabic in Windows-1256, English in
Windows-1252, declared wrongly or not at all. The record must be the one the UTF-8 page gives."""

from __future__ import annotations

import pytest

from newscrawl.extraction.encoding import page_encoding
from newscrawl.processing import record_for_page
from newscrawl.replay import read_saved_page
from tests.conftest import PAGES, load_json

CRAWLED_AT = "2026-11-20T10:00:00+00:00"
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
