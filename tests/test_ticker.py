"""The breaking-news ticker of each edition: items, their attribution and their links."""

from __future__ import annotations

import lxml.html

from newscrawl.extraction.ticker import attribution_of, breaking_items
from newscrawl.profiles.almayadeen import ARABIC, SPANISH
from tests.helpers import CRAWLED_AT


def test_attribution_is_who_said_it() -> None:
    assert attribution_of("Lebanese Presidency: President has assigned…") == "Lebanese Presidency"
    assert attribution_of("Heavy rain causes flooding on the coastal highway") is None
    # More than eight words before the colon is a sentence, not a source.
    assert attribution_of("One two three four five six seven eight nine: text") is None


def test_a_ticker_label_is_not_an_attribution() -> None:
    labels = SPANISH.breaking_labels
    assert attribution_of("Última hora: Sismo de magnitud 5 en el norte", labels) is None
    assert attribution_of("Cancillería venezolana: Nueva ronda de diálogo", labels) == (
        "Cancillería venezolana"
    )
    assert attribution_of("عاجل: انقطاع الكهرباء في بيروت", ARABIC.breaking_labels) is None


def test_arabic_ticker_items() -> None:
    page = lxml.html.document_fromstring(
        '<html lang="ar"><body><div class="breaking-news"><span>عاجل</span><ul>'
        "<li>الرئاسة اللبنانية: الرئيس يستقبل وفداً</li>"
        '<li><a href="/news/politics/x">عاجل: خبر مع رابط</a></li>'
        "</ul></div></body></html>"
    )
    items = breaking_items(page, "https://www.almayadeen.net/", ARABIC, CRAWLED_AT)
    assert [(i.text, i.attribution, i.url) for i in items] == [
        ("الرئاسة اللبنانية: الرئيس يستقبل وفداً", "الرئاسة اللبنانية", None),
        ("عاجل: خبر مع رابط", None, "https://www.almayadeen.net/news/politics/x"),
    ]
    assert all(i.id.startswith("almayadeen-ar-b") and i.language == "ar" for i in items)
