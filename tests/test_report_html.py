"""The report page (newscrawl/report_html.py) and `newscrawl report`, on hand-made reports.
tests/test_drift_crawl.py checks the page of real runs in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from newscrawl.cli import main
from newscrawl.history import History
from newscrawl.report_html import day_series, render_report


def report(n: int, **changes: Any) -> dict[str, Any]:
    data = {
        "crawl": {"spider": "news", "site": "example", "mode": "sections"},
        "finished_at": f"2026-11-0{n}T06:00:00+00:00",
        "finish_reason": "finished",
        "pages_fetched": 10 * n,
        "articles": n,
        "records_by_type": {"news": n},
        "errors_by_kind": {},
        "field_coverage": {"authors": 1.0},
        "articles_by_section": {},
        "articles_by_day": {},
        "counters": {},
        "verdict": {"failed": False, "reasons": []},
    }
    data.update(changes)
    return data


def dom(page: str) -> Any:
    return lxml_html.fromstring(page)


def test_a_first_run_without_articles_or_errors() -> None:
    page = dom(render_report([report(0, field_coverage={"authors": 0.0})]))
    assert page.xpath('//section[@id="verdict"]/@data-failed') == ["false"]
    assert "judged on this run alone" in page.xpath('//section[@id="verdict"]')[0].text_content()
    assert page.xpath('//*[@id="pages-fetched"]/text()') == ["0"]
    # No articles: no coverage to show (an empty cell, not 0 %).
    assert page.xpath('//*[@data-field="authors"]/@data-value') == [""]
    errors = page.xpath('//*[@id="error-kinds"]')[0].text_content()
    assert "No error records in these runs." in errors
    assert not page.xpath('//*[@id="drift"]')
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_the_page_escapes_what_the_site_wrote() -> None:
    section = '<script>alert("x")</script> & Co'
    page = render_report([report(1, articles_by_section={section: 1})])
    assert "<script>" not in page
    assert dom(page).xpath('//*[@id="sections"]//@data-label') == [section]


def test_only_the_latest_runs_are_charted() -> None:
    history = [report(n % 9 + 1) for n in range(40)]
    page = dom(render_report(history, runs_shown=30))
    runs = page.xpath('//*[@data-series="pages fetched"]/@data-run')
    assert runs == [f"#{n}" for n in range(11, 41)]
    assert len(page.xpath('//section[@id="runs"]//tr[@data-run]')) == 30
    assert "40 runs in the history" in page.xpath('//p[@class="sub"]')[0].text_content()
    with pytest.raises(ValueError):
        render_report([])


def test_articles_by_day_fill_the_gaps_and_keep_the_latest_days() -> None:
    by_day = {"2025-10-01": 2, "2025-10-04": 1, "(no date)": 5}
    assert day_series(by_day) == [("2025-10-01", 2), ("2025-10-02", 0), ("2025-10-03", 0),
                                  ("2025-10-04", 1)]  # fmt: skip
    years = {"2019-01-01": 1, "2025-10-04": 3}
    assert day_series(years, most=3) == [("2025-10-02", 0), ("2025-10-03", 0), ("2025-10-04", 3)]
    assert day_series({"(no date)": 2}) == []


def test_newscrawl_report_finds_the_history_beside_an_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = History(tmp_path / "en.history")
    history.add(report(1))
    history.add(report(2, verdict={"failed": True, "reasons": ["too many errors: 9 of 10"]}))
    assert main(["report", str(tmp_path / "en.jsonl")]) == 0
    page = tmp_path / "en.report.html"
    assert capsys.readouterr().out == f"wrote {page}: 2 runs, the last one FAILED\n"
    shown = dom(page.read_text(encoding="utf-8"))
    assert [li.text_content() for li in shown.xpath('//li[@class="reason"]')] == [
        "too many errors: 9 of 10"
    ]
    assert main(["report", str(tmp_path / "en.history"), "-o", str(tmp_path / "a.html")]) == 0
    assert (tmp_path / "a.html").read_bytes() == page.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "no history at {tmp}/missing.history: run a crawl first"),
        (["empty.history"], "{tmp}/empty.history holds no run report"),
        (["empty.history", "--runs", "0"], "--runs must be at least 1"),
    ],
)
def test_newscrawl_report_mistakes(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.history").mkdir()
    assert main(["report", *(str(tmp_path / a) if "." in a else a for a in args)]) == 2
    assert capsys.readouterr().err == f"newscrawl report: {message.format(tmp=tmp_path)}\n"
