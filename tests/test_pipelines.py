"""Pipelines in a real Scrapy crawler object: rejects are written with reasons and counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newscrawl.pipelines.bylines import BylinePipeline
from newscrawl.pipelines.normalization import NormalizationPipeline
from newscrawl.pipelines.tags import TagsPipeline
from newscrawl.pipelines.validation import InvalidRecord, ValidationPipeline
from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem

URL = "https://english.almayadeen.net/news/politics/x"


def article(**overrides: object) -> ArticleItem:
    fields = dict(
        url=URL,
        canonical_url=URL,
        id="almayadeen-en-1",
        site="almayadeen",
        language="en",
        publisher="Al Mayadeen English",
        type="news",
        headline="A headline",
        body=[{"kind": "paragraph", "text": "Text."}],
        crawled_at="2026-11-20T10:00:00+00:00",
        content_hash="sha256:" + "0" * 64,
    )
    fields.update(overrides)
    return ArticleItem(**fields)  # type: ignore[arg-type]


def test_invalid_item_goes_to_rejects_with_reasons_and_is_counted(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REJECTS_PATH": str(rejects)})
    crawler.stats.open_spider()
    pipeline = ValidationPipeline.from_crawler(crawler)
    assert pipeline.process_item(article()) is not None
    with pytest.raises(InvalidRecord):
        pipeline.process_item(article(headline="", published_at="yesterday"))
    pipeline.close_spider()
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert len(lines) == 1
    assert lines[0]["record"]["published_at"] == "yesterday"
    assert any(r.startswith("headline:") for r in lines[0]["reasons"])
    assert any(r.startswith("published_at:") for r in lines[0]["reasons"])
    assert crawler.stats.get_value("newscrawl/rejected") == 1
    assert crawler.stats.get_value("newscrawl/records/article/news") == 1


def test_byline_pipeline_keeps_raw_and_links() -> None:
    item = article(
        byline_raw="  By  Karim Haddad and AFP ",
        authors=[{"name": "Karim Haddad", "url": "https://english.almayadeen.net/authors/k"}],
    )
    item = BylinePipeline().process_item(item)
    assert item.byline_raw == "By Karim Haddad and AFP"
    assert item.authors == [
        {
            "name": "Karim Haddad",
            "kind": "person",
            "url": "https://english.almayadeen.net/authors/k",
        },
        {"name": "AFP", "kind": "organization", "url": None},
    ]


def test_other_records_pass_through_untouched() -> None:
    item = BreakingItem(
        "almayadeen-en-b0123456789abcdef",
        "almayadeen",
        "en",
        "Al Mayadeen English",
        "Text",
        None,
        None,
        URL,
        "2026-11-20T10:00:00+00:00",
    )
    assert BylinePipeline().process_item(item) is item


def test_an_article_a_normalising_step_raises_on_becomes_an_error_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A step that raises (a value no rule foresaw; here the tags step made to fail) turns the
    article into an error record naming the step and the exception: the URL is not lost and
    the crawl goes on with the next item."""

    def broken(self: object, item: ArticleItem) -> ArticleItem:
        raise ValueError("a value no rule foresaw")

    monkeypatch.setattr(TagsPipeline, "process_item", broken)
    pipeline = NormalizationPipeline()
    record = pipeline.process_item(article(headline="  A   headline "))
    assert isinstance(record, ErrorItem)
    assert record.url == URL and record.crawled_at == "2026-11-20T10:00:00+00:00"
    assert record.error == {
        "kind": "unparseable",
        "message": "normalising failed in TagsPipeline: ValueError: a value no rule foresaw",
    }
    monkeypatch.undo()
    fine = NormalizationPipeline().process_item(article(headline="  A   headline "))
    assert isinstance(fine, ArticleItem) and fine.headline == "A headline"


@pytest.mark.parametrize(
    ("language", "published_at"),
    [("fr", "2024-08-05T14:03:00+00:00"), ("en-GB", "2024-08-05T14:03:00+00:00"),
     ("en-US", "2024-05-08T14:03:00+00:00")],
)  # fmt: skip
def test_the_timestamp_step_reads_a_slashed_date_in_the_pages_order(
    language: str, published_at: str
) -> None:
    """A generic site's page (no zone known: the time stays as written, in UTC) in French, in
    British English and in American English shows the same `05/08/2024 14:03`."""
    from newscrawl.pipelines.timestamps import TimestampPipeline

    from newscrawl.profile import generic_profile

    item = article(url="https://news.example.org/a", language=language,
                   published_at_raw="05/08/2024 14:03")  # fmt: skip
    item.profile = generic_profile("news.example.org")
    assert TimestampPipeline().process_item(item).published_at == published_at


@pytest.mark.parametrize(
    ("raw", "crawled_at", "published_at"),
    [
        # Two days after the fetch: a misreading or a placeholder, not a publication time.
        ("2026-11-22T10:00:00+00:00", "2026-11-20T10:00:00+00:00", None),
        # A zone ahead of the crawler's clock, within the day allowed.
        ("2026-11-21T05:00:00+14:00", "2026-11-20T10:00:00+00:00", "2026-11-21T05:00:00+14:00"),
        ("2026-11-19T10:00:00+00:00", "2026-11-20T10:00:00", "2026-11-19T10:00:00+00:00"),
    ],
)
def test_a_time_after_the_fetch_is_no_publication_time(
    raw: str, crawled_at: str, published_at: str | None
) -> None:
    from newscrawl.pipelines.timestamps import TimestampPipeline

    from newscrawl.profile import generic_profile

    item = article(url="https://news.example.org/a", published_at_raw=raw,
                   modified_at_raw=raw, crawled_at=crawled_at)  # fmt: skip
    item.profile = generic_profile("news.example.org")
    done = TimestampPipeline().process_item(item)
    assert (done.published_at, done.modified_at) == (published_at, published_at)
    assert done.published_at_raw == raw  # the string the page shows is kept
