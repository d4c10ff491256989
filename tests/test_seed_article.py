"""The seed article must export the values the site notes list, read off the real page's text."""

from __future__ import annotations

from newscrawl.processing import record_for_page
from newscrawl.replay import read_saved_page
from tests.helpers import PAGES

SEED = PAGES / "en-news-seed"


def seed_record() -> dict:
    page = read_saved_page(SEED)
    return record_for_page(page.url, page.body, page.status, page.headers)


def test_seed_values_from_the_site_notes() -> None:
    record = seed_record()
    assert record["headline"] == "Putin tells Macron Donbass escalation due to Kyiv forces"
    assert record["summary"] == (
        "The Kremlin said Sunday that the Russian President told Emmanuel Macron the escalation "
        "comes from the actions of Kyiv forces."
    )
    assert record["authors"] == [{"name": "Al Mayadeen net", "kind": "organization", "url": None}]
    assert record["byline_raw"] == "By Al Mayadeen net"
    assert record["sources"] == ["Agencies"]
    assert record["published_at"] == "2022-02-20T18:04:00+02:00"
    assert record["reading_time_minutes"] == 2
    assert (record["section"], record["language"], record["publisher"]) == (
        "Politics",
        "en",
        "Al Mayadeen English",
    )
    assert record["tags"] == ["Russia", "Emmanuel Macron", "Kyiv", "Ukraine", "Vladimir Putin"]
    assert record["topic"] == "Russia & NATO"
    main_image = record["images"][0]
    assert main_image["caption"] == (
        "A Meeting Russian President Vladimir Putin and French President Emmanuel Macron in "
        "Moscow, Russia February 7, 2022"
    )
    assert main_image["credit"] == "Sputnik"


def test_seed_body_is_the_article_and_nothing_else() -> None:
    body = seed_record()["body"]
    assert body[0]["text"].startswith("According to the Kremlin")
    assert body[-1]["text"].endswith("ceasefire in Eastern Ukraine.")
    headings = [b["text"] for b in body if b["kind"] == "heading"]
    assert headings == ["Putin: US, NATO, must be serious regarding Russian security demands"]
    text = " ".join(b["text"] for b in body)
    assert "Macton" in text  # the published typo stays
    for outside in (
        "BREAKING",
        "Most Read",
        "Read Next",
        "All Rights Reserved",
        "Draconian Western-led sanctions",
        "Ushakov",
        "Min Read",
        "Source:",
    ):
        assert outside not in text
    assert len(body) == 11
