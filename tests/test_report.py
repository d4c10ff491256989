"""The crawl report extension: counts, coverage, the progress line and the JSON file."""

from __future__ import annotations

import io
import json
from pathlib import Path

from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem
from newscrawl.report import CrawlReport, default_report_path, format_report

URL = "https://english.almayadeen.net/news/politics/x"


class FakeResponse:
    def __init__(self, status: int) -> None:
        self.status = status


def article(**overrides: object) -> ArticleItem:
    fields = dict(url=URL, canonical_url=URL, id="almayadeen-en-1", site="almayadeen")
    fields.update(language="en", publisher="Al Mayadeen English", type="news", headline="H")
    fields.update(overrides)
    return ArticleItem(**fields)  # type: ignore[arg-type]


def test_report_counts_and_coverage(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REPORT_PATH": str(path)})
    crawler.stats.open_spider()
    report = CrawlReport(crawler)
    for status in (200, 200, 200, 403):
        report.response(FakeResponse(status))
    report.scraped(article(authors=[{"name": "A", "kind": "person", "url": None}], tags=["x"]))
    report.scraped(article(type="opinion", published_at="2022-02-20T18:04:00+02:00"))
    report.scraped(BreakingItem("i", "s", "en", "p", "t", None, None, URL, "c"))
    report.scraped(ErrorItem.of(URL, "blocked", "HTTP 403", 403))
    report.closed("finished")
    data = json.loads(path.read_text())
    assert data["pages_fetched"] == 4
    assert data["http_statuses"] == {"200": 3, "403": 1}
    assert data["records_by_type"] == {"breaking": 1, "news": 1, "opinion": 1}
    assert data["errors_by_kind"] == {"blocked": 1}
    assert data["blocked_pages"] == 1
    assert data["field_coverage"]["authors"] == 0.5
    assert data["field_coverage"]["published_at"] == 0.5
    assert data["field_coverage"]["body"] == 0.0
    text = format_report(data)
    assert "records: breaking 1, news 1, opinion 1" in text
    assert "authors 50%" in text


def test_progress_line_on_a_terminal(monkeypatch) -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    report = CrawlReport(crawler)
    report.live = True
    screen = io.StringIO()
    monkeypatch.setattr("sys.stderr", screen)
    report.response(FakeResponse(200))
    report.scraped(article())
    report.progress()
    assert screen.getvalue().startswith("\rpages 1  records 1  errors 0  ")


def test_report_path_follows_the_export() -> None:
    crawler = get_crawler(settings_dict={"FEEDS": {"out/articles.jsonl": {"format": "jsonlines"}}})
    assert default_report_path(crawler.settings) == Path("out/articles.report.json")
