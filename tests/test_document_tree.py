"""A page's tree is parsed from its body's bytes when they are what decoding them would give
back: whatever the body and its declared encoding, the tree is the one its decoded text gives.
And the text under an element is read as `text_content()` reads it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from scrapy.http import HtmlResponse

from newscrawl.extraction.document import _utf8_markup, page_root, parse_html
from newscrawl.extraction.page import raw_text

PIECES = st.sampled_from([
    "<html>", "<p>", "</p>", "text", "\u0646\u0635", "\u00e9", " ", "\n", "\t", "\x0c", "\x1c",
    "\x00", "\u00a0", "\u2003", "\ufeff", "\u0085", "&amp;", "<!-- c -->", "</html>",
])  # fmt: skip
RAW = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00\x00\xfe\xff", b"\xc3", b"\xe9"])
CHARSETS = st.sampled_from(["utf-8", "UTF8", "windows-1252", "latin-1", "ascii", "", "utf-16"])


@given(
    before=RAW,
    text=st.lists(PIECES, max_size=12).map("".join),
    after=RAW,
    charset=CHARSETS,
)
def test_the_tree_from_the_bytes_is_the_tree_from_the_text(
    before: bytes, text: str, after: bytes, charset: str
) -> None:
    body = before + text.encode("utf-8") + after
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    response = HtmlResponse(
        "https://a.example/p", body=body, headers={"Content-Type": content_type}
    )
    markup = _utf8_markup(response)
    if markup is not None:  # the same bytes the text would be parsed from
        assert markup == response.text.strip().replace("\x00", "").encode("utf-8")
    expected = etree.tostring(parse_html(response.text, response.url))
    assert etree.tostring(page_root(response)) == expected


IDS = st.sampled_from([
    '<div id="a">', '<p id="a">', '<span id="">', '<b id="a b">', "</div>", "</p>", "x",
    '<a id="\u0646" href="#a">', "<!-- id=a -->",
])  # fmt: skip


@given(st.lists(IDS, max_size=12).map("".join))
def test_the_tree_is_the_one_scrapy_s_selector_gives(fragment: str) -> None:
    """Without the table of ids (duplicate and empty ids too), the tree is Scrapy's own."""
    body = f"<html><body>{fragment}</body></html>".encode()
    response = HtmlResponse("https://a.example/p", body=body, headers={"Content-Type": "text/html"})
    expected = etree.tostring(response.selector.root)
    assert etree.tostring(page_root(response)) == expected


def test_a_utf8_page_is_parsed_from_its_bytes() -> None:
    body = "\n <html><p>\u0646\u0635 \u00e9</p></html>\n".encode()
    response = HtmlResponse("https://a.example/p", body=body, headers={"Content-Type": "text/html"})
    assert _utf8_markup(response) == body.strip()
    assert page_root(response).findtext(".//p") == "\u0646\u0635 \u00e9"


MARKUP = st.sampled_from([
    "<p>", "</p>", "<b>", "</b>", "a", " ", "\r\n", "\x01", "&#0;", "&#1;", "&nbsp;", "&amp;",
    "&lt;", "<!--c-->", "<?pi x?>", "<![CDATA[z]]>", "<script>x<y</script>", "<br>", "\u0646",
    "\U0001f600", "&#xD800;", "<svg><text>t</text></svg>", "<template>t</template>", "<", ">",
])  # fmt: skip


@given(st.lists(MARKUP, max_size=15).map("".join))
def test_raw_text_is_text_content(fragment: str) -> None:
    root = parse_html(f"<html><body><div>{fragment}</div>tail</body></html>")
    for element in root.iter(etree.Element):
        assert raw_text(element) == element.text_content()
