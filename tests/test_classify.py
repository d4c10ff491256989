"""Pages that are not articles give error records with the right kind, never empty articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newscrawl.extraction.classify import CHALLENGE_MARKERS
from newscrawl.processing import record_for_page
from tests.helpers import FIXTURES

URL = "https://english.almayadeen.net/news/politics/some-article"
PAGE = b"<html><head><title>x</title></head><body><h1>x</h1><p>text</p></body></html>"


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind"),
    [
        (404, b"<html><body>gone</body></html>", None, "not_found"),
        (410, b"", None, "not_found"),
        (403, b"<html><body>Forbidden</body></html>", None, "blocked"),
        (429, b"slow down", None, "blocked"),
        (503, b"<html><title>Just a moment...</title><body>cf-chl</body></html>", None, "blocked"),
        # A challenge served with 200 is still a block.
        (
            200,
            b"<html><head><title>Just a moment...</title></head>"
            b"<body><script src='/cdn-cgi/challenge-platform/x.js'></script></body></html>",
            None,
            "blocked",
        ),
        (500, b"<html><body>error</body></html>", None, "http_error"),
        (301, b"", {"Location": "https://english.almayadeen.net/x"}, "not_article"),
        (200, b"", None, "unparseable"),
        (200, b"   \n  ", None, "unparseable"),
        (200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {"Content-Type": "image/png"}, "unparseable"),
        (200, PAGE[:40], None, "unparseable"),
        (200, PAGE, {"Content-Type": "text/html", "Content-Length": "999"}, "unparseable"),
        (
            200,
            b"<html><head><title>Page not found | Al Mayadeen English</title></head>"
            b"<body>sorry</body></html>",
            None,
            "not_found",
        ),
        # A page with no article metadata is a listing or other page.
        (200, PAGE, None, "not_article"),
        # An article page whose body cannot be found is unparseable, not an empty article.
        (
            200,
            b"<html><head><meta property='og:type' content='article'><title>T</title></head>"
            b"<body><article><h1>T</h1></article></body></html>",
            None,
            "unparseable",
        ),
    ],
)
def test_error_kinds(status: int, body: bytes, headers: dict | None, kind: str) -> None:
    record = record_for_page(URL, body, status, headers)
    assert "headline" not in record
    assert record["error"]["kind"] == kind
    assert record["error"]["message"]
    assert record["url"] == URL


def test_broken_metadata_script_falls_back_to_the_page() -> None:
    body = (
        b"<html><head><title>A headline | Al Mayadeen English</title>"
        b"<meta property='og:type' content='article'>"
        b"<meta property='article:published_time' content='2022-02-20T16:04:00.0000000'>"
        b"<script id='tawsiyat-metadata' type='text/tawsiyat'>{\"type\": \"article\", </script>"
        b"</head><body><article><h1>A headline</h1><div class='p-content'><p>One.</p></div>"
        b"</article></body></html>"
    )
    record = record_for_page(URL, body)
    assert record["headline"] == "A headline"
    assert record["published_at"] == "2022-02-20T18:04:00+02:00"
    assert record["body"] == [{"kind": "paragraph", "text": "One."}]


def test_header_and_body_found_by_visible_text_without_known_classes() -> None:
    """No metadata script, no known class names: the visible text patterns still give the
    byline, source, date and reading time, and the body stops at the article's edges."""
    body = b"""<!DOCTYPE html><html><head><title>Port reopens | Al Mayadeen English</title>
    <meta property="og:type" content="article"></head><body>
    <nav><a href="/news/politics">Politics</a></nav>
    <main><article><h1>Port reopens</h1>
      <div class="x1"><span>By <a href="/authors/rima-saad">Rima Saad</a></span>
      <span>Source: Agencies</span><time>14 Jul 2024 21:30</time></div>
      <div class="x2">3 Min Read</div>
      <p>The port reopened on Sunday.</p>
      <blockquote><p>"We are ready," the director said.</p></blockquote>
      <p>Traffic resumed at dawn.</p>
      <ul><li><a href="/tags/Ports">Ports</a></li><li><a href="/tags/Lebanon">Lebanon</a></li></ul>
    </article><aside><h2>Most Read</h2><p>Other story</p></aside></main>
    <footer><p>All Rights Reserved</p></footer></body></html>"""
    record = record_for_page(URL, body)
    assert record["authors"] == [
        {
            "name": "Rima Saad",
            "kind": "person",
            "url": "https://english.almayadeen.net/authors/rima-saad",
        }
    ]
    assert record["byline_raw"] == "By Rima Saad"
    assert record["sources"] == ["Agencies"]
    assert record["published_at"] == "2024-07-14T21:30:00+03:00"
    assert record["published_at_raw"] == "14 Jul 2024 21:30"
    assert record["reading_time_minutes"] == 3
    assert record["tags"] == ["Ports", "Lebanon"]
    assert record["body"] == [
        {"kind": "paragraph", "text": "The port reopened on Sunday."},
        {"kind": "quote", "text": '"We are ready," the director said.'},
        {"kind": "paragraph", "text": "Traffic resumed at dawn."},
    ]
    assert record["word_count"] == 15


def test_cloudflare_script_on_an_ordinary_article_is_not_a_block() -> None:
    body = (
        b"<html><head><title>Port reopens | Al Mayadeen English</title>"
        b"<meta property='og:type' content='article'></head><body><article><h1>Port reopens</h1>"
        b"<div class='p-content'><p>The port reopened.</p></div></article>"
        b"<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script></body></html>"
    )
    assert record_for_page(URL, body)["headline"] == "Port reopens"


def test_incapsulas_script_on_an_ordinary_article_is_not_a_block() -> None:
    """Incapsula adds `<script src="/_Incapsula_Resource?SWJIYLWA=…">` to every page it serves;
    only its block page ("Request unsuccessful. Incapsula incident ID: …") is a block."""
    script = b"<script src='/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3'>"
    body = (
        b"<html><head><title>Port reopens | Al Mayadeen English</title>"
        b"<meta property='og:type' content='article'></head><body><article><h1>Port reopens</h1>"
        b"<div class='p-content'><p>The port reopened.</p></div></article>"
        + script
        + b"</script></body></html>"
    )
    assert record_for_page(URL, body)["headline"] == "Port reopens"
    blocked = (
        b"<html style='height:100%'><head><meta name='robots' content='noindex,nofollow'></head>"
        b"<body><iframe src='/_Incapsula_Resource?CWUDNSAI=9&xinfo=1&incident_id=2'>"
        b"Request unsuccessful. Incapsula incident ID: 2</iframe></body></html>"
    )
    assert record_for_page(URL, blocked)["error"]["kind"] == "blocked"


def test_arabic_page_without_metadata_reads_its_visible_date() -> None:
    url = "https://www.almayadeen.net/news/politics/خبر-تجريبي"
    body = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
    <title>عنوان الخبر | الميادين نت</title><meta property="og:type" content="article"></head>
    <body><article><h1>عنوان الخبر</h1><ul><li>٢٠ شباط ٢٠٢٢ ١٨:٠٤</li></ul>
    <div class="p-content"><p>نص الخبر الأول.</p></div>
    <ul><li><a href="/tags/غزة">غزة</a></li></ul></article></body></html>""".encode()
    record = record_for_page(url, body)
    assert record["language"] == "ar" and record["publisher"] == "الميادين"
    assert record["headline"] == "عنوان الخبر"
    assert record["published_at_raw"] == "٢٠ شباط ٢٠٢٢ ١٨:٠٤"
    assert record["published_at"] == "2022-02-20T18:04:00+02:00"
    assert record["body"] == [{"kind": "paragraph", "text": "نص الخبر الأول."}]
    assert record["tags"] == ["غزة"]


def test_a_page_cut_before_its_footer_is_truncated_one_ending_with_its_footer_is_not() -> None:
    seed = (FIXTURES / "pages" / "en-news-seed" / "body.html").read_bytes()
    assert b"</footer>" in seed[-1024:]
    cut = seed[: len(seed) * 6 // 10]
    assert record_for_page(URL, cut)["error"]["message"] == (
        "truncated: the page ends before </body></html>"
    )
    # A template that never closes <body> and <html> but whose footer came: the page is whole.
    unclosed = seed[: seed.rindex(b"</body>")]
    record = record_for_page(URL, unclosed)
    assert "error" not in record
    assert record["headline"] == record_for_page(URL, seed)["headline"]


def test_a_relative_canonical_link_is_resolved_against_the_page() -> None:
    """`<link rel="canonical" href="/news/…">` names an absolute URL on the page's site; it
    once became `canonical_url` as written, and the record was refused by the schema."""
    seed = (FIXTURES / "pages" / "en-news-seed" / "body.html").read_bytes()
    body = re.sub(rb'(rel="canonical" href=")[^"]*', rb"\1/news/politics/a-story", seed, count=1)
    record = record_for_page(URL, body)
    assert record["canonical_url"] == "https://english.almayadeen.net/news/politics/a-story"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (b"<html><head><TITLE lang=en>Just a moment...</TITLE></head>", "Just a moment..."),
        (b"<title>First</title><title>Second</title>", "First"),
        (b"<title>Never closed", ""),
        (b"<title", ""),
        (b"no title at all", ""),
        (b"<title>\xd8\xb9\xd8\xa7\xd8\xac\xd9\x84</title>", "\u0639\u0627\u062c\u0644"),
    ],
)
def test_the_page_title_is_the_first_closed_title(head: bytes, title: str) -> None:
    from newscrawl.extraction.classify import _page_title

    assert _page_title(head + b"<body>text</body></html>") == title


TITLE_PIECES = st.sampled_from([
    b"<title", b"<TITLE", b"<TiTlE", b">", b"</title", b"</TITLE>", b"</Title", b"x",
    b"\xd9\x86", b"<", b"/", b" ", b"title", b"<tit", b"le>",
])  # fmt: skip


def _plain_title(body: bytes) -> str:
    """The definition: the first tags within the first 64 KiB, whatever their case."""
    head = body[:65536]
    lowered = head.lower()
    start = lowered.find(b"<title")
    opened = lowered.find(b">", start) if start != -1 else -1
    closed = lowered.find(b"</title", opened) if opened != -1 else -1
    return "" if closed == -1 else head[opened + 1 : closed].decode("utf-8", "replace").strip()


@given(st.lists(TITLE_PIECES, max_size=14).map(b"".join))
def test_the_title_tags_are_found_in_any_case(body: bytes) -> None:
    from newscrawl.extraction.classify import _page_title

    assert _page_title(body) == _plain_title(body)


@given(
    st.integers(65536 - 60, 65536 + 4),
    st.lists(TITLE_PIECES, max_size=10).map(b"".join),
    st.sampled_from((b"", *CHALLENGE_MARKERS)),
    st.lists(TITLE_PIECES, max_size=10).map(b"".join),
)
@example(65536 - 14, b"", b"", b"<title>x</TITLE></html>")  # `</TITLE` across the end
@example(65536 - 3, b"", b"", b"<TITLE>x</title>")  # `<TITLE` across the end
@example(65536 - 5, b"", b"px-captcha", b"")  # a marker across the end
def test_the_title_and_challenge_scripts_are_read_in_the_first_64_kib(
    offset: int, before: bytes, marker: bytes, after: bytes
) -> None:
    """Read within bounds of the body, not from a copy of its head: what the plain slice
    `body[:65536]` holds, to the byte, when a tag or a marker crosses its end."""
    from newscrawl.extraction.classify import _looks_challenged, _page_title

    body = b"x" * (offset - len(before)) + before + marker + after
    assert _page_title(body) == _plain_title(body)
    plain = any(found in body[:65536] for found in CHALLENGE_MARKERS)
    assert _looks_challenged(body, "") is plain


@pytest.mark.parametrize(
    ("title", "says"),
    [
        ("Page Not Found | Al Mayadeen", True),
        ("PAGE\tNOT\nFOUND", True),
        ("Error 404 - Site", True),
        ("404| x", True),
        ("Not found | News", True),
        ("الصفحة غير موجودة", True),
        ("Found: a lost manuscript", False),
        ("404 years of history", False),
        ("Iran-US talks resume in Muscat | Al Mayadeen English", False),
    ],
)
def test_soft_404_titles(title: str, says: bool) -> None:
    from newscrawl.extraction.classify import SOFT_404

    assert (SOFT_404.search(title) is not None) is says
