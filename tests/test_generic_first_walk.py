"""The generic reader's first walk of a page (its meta tags and scripts found, what is not text
dropped, in one walk, written for speed) against the plain reading it stands for: the meta tags
read by a walk of their own before anything is dropped, then the scripts read and dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.document import parse_html
from newscrawl.extraction.generic import NOT_TEXT, read_and_drop
from newscrawl.extraction.json_ld import LD_TYPE
from newscrawl.extraction.meta_tags import meta_values, read_meta_values
from testkit.devset import fundus_fixtures

ROOT = Path(__file__).resolve().parent.parent
Reading = tuple[dict[str, list[str]], list[str], list[str | None], bytes]


def plain_reading(page: HtmlElement) -> Reading:
    """The meta tags, the scripts and the page left, each read by a walk of its own."""
    meta = read_meta_values(page)
    data, scripts = [], []
    for element in list(page.iter(*NOT_TEXT)):
        if element.tag == "script":
            if element.get("type") == LD_TYPE:
                data.append(element.text or "")
            else:
                scripts.append(element.text)
        element.drop_tree()
    return meta, data, scripts, etree.tostring(page)


def first_walk_reading(page: HtmlElement) -> Reading:
    metas, data, scripts = read_and_drop(page)
    return meta_values(metas), data, [s.text for s in scripts], etree.tostring(page)


HIDDEN_META = """<html><head><meta property="og:title" content=" Harbour  "><noscript>
<meta name="robots" content="noindex"><script>var hidden = 1;</script></noscript>
<script type="application/ld+json">{"@type": "NewsArticle"}</script><style>p {}</style>
<meta name="Robots" content="index"></head><body><template><meta name="x" content="y">
</template><noscript><p>Enable JavaScript</p></noscript><script>var story = 1;</script>
<p>Text</p></body></html>"""


def test_meta_tags_in_a_dropped_noscript_are_read_as_before() -> None:
    meta, data, scripts, left = first_walk_reading(parse_html(HIDDEN_META))
    assert meta == {"og:title": ["Harbour"], "robots": ["noindex", "index"], "x": ["y"]}
    assert data == ['{"@type": "NewsArticle"}']
    assert scripts == ["var hidden = 1;", "var story = 1;"]
    assert b"noscript" not in left and b"<script" not in left and b"<p>Text</p>" in left
    assert first_walk_reading(parse_html(HIDDEN_META)) == plain_reading(parse_html(HIDDEN_META))


def test_the_first_walk_reads_every_development_page_as_the_plain_walks_do() -> None:
    pages = fundus_fixtures(ROOT / "fixtures" / "fundus" / "fundus-fixtures")
    if not pages:
        pytest.skip("no development pages")
    for page in pages:
        html = page.html.decode("utf-8", "replace")
        assert first_walk_reading(parse_html(html)) == plain_reading(parse_html(html)), page.url
