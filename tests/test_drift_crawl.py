"""A scheduled crawl that notices a site change: real `newscrawl crawl` processes on the fixture
site twice, then on the same site after a template change (fixtures/site-changed), then on the
unchanged site again, all with the same `-o`; then the report page in a real browser.

Expected figures come from the fixture site's expected export (fixtures/site/expected), not from
the crawler: the baseline share of a field is the share of expected articles that have it.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from testkit import browser
from tests.helpers import FIXTURES, ROOT, crawl_command, load_json, read_lines

pytestmark = pytest.mark.slow  # runs real crawls (deselect with -m 'not slow')

SITE = FIXTURES / "site"
CHANGED = FIXTURES / "site-changed"
ARTICLES = [r for r in read_lines(SITE / "expected" / "records.jsonl") if r["type"] != "breaking"]


def share(field: str) -> float:
    """The share of the fixture site's expected articles that have `field`."""
    return sum(1 for r in ARTICLES if r[field] not in (None, "", [], {})) / len(ARTICLES)


def limit(before: float, after: float, size: int = 38) -> str:
    """The threshold in points for a share moving from `before` to `after`, both on `size`
    pages: 20, or three standard errors of the difference under the pooled share."""
    pooled = (before + after) / 2
    noise = 3 * math.sqrt(pooled * (1 - pooled) * 2 / size)
    return f"{round(max(0.2, noise) * 100, 1):g}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Four runs with one `-o`: site, site, changed site, site. Each run's exit status,
    standard output and report; the third run's report page (copied before the fourth)."""
    folder = tmp_path_factory.mktemp("drift")
    out = folder / "x.jsonl"
    results: dict[str, Any] = {"out": out, "folder": folder, "runs": []}
    for site in (SITE, SITE, CHANGED, SITE):
        command = crawl_command(out, "almayadeen", "--replay", str(site))
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
        report = load_json(folder / "x.report.json")
        results["runs"].append({"rc": done.returncode, "stdout": done.stdout,
                                "stderr": done.stderr, "report": report})  # fmt: skip
        if site is CHANGED:
            shutil.copy(folder / "x.report.html", folder / "third.html")
    return results


def test_two_clean_runs_then_the_changed_site_exit_0_0_1(runs: dict[str, Any]) -> None:
    assert [run["rc"] for run in runs["runs"]] == [0, 0, 1, 0], runs["runs"][2]["stderr"][-2000:]
    first, second, third, fourth = (run["report"] for run in runs["runs"])
    assert first["drift"]["baseline_runs"] == 0 and first["drift"]["checks"] == []
    assert second["drift"]["baseline_runs"] == 1 and second["verdict"]["reasons"] == []
    assert third["drift"]["baseline_runs"] == 2
    # The failed run is never part of a baseline: the fourth is judged against the first two.
    assert fourth["drift"]["baseline_runs"] == 2 and fourth["verdict"]["reasons"] == []
    # Every run is kept, named after -o.
    history = runs["folder"] / "x.history"
    assert len(list(history.glob("run-*.json"))) == 4


def test_the_third_report_names_each_field_that_dropped_with_both_figures(
    runs: dict[str, Any],
) -> None:
    third = runs["runs"][2]["report"]
    drifted = {check["figure"]: check for check in third["drift"]["checks"] if check["failed"]}
    # The template change hides the authors (byline markup), the region (only in the metadata
    # script), the metadata script itself and the body container: exactly these.
    assert sorted(drifted) == ["coverage/authors", "coverage/region", "fallback/body",
                               "fallback/metadata"]  # fmt: skip
    authors, region = share("authors"), share("region")
    assert (authors, round(region, 3)) == (1.0, 0.763)
    # Thresholds: 20 points, or three standard errors of the difference of two shares of 38
    # when larger (README, "Run history, drift and alerts").
    assert third["verdict"]["reasons"] == [
        f"authors coverage dropped: {authors:.1%} of articles in the baseline (median of 2"
        f" runs), 0.0% now (threshold: {limit(authors, 0.0)} points)",
        f"region coverage dropped: {region:.1%} of articles in the baseline (median of 2 runs),"
        f" 0.0% now (threshold: {limit(region, 0.0)} points)",
        "pages read without the site's body container rose: 0.0% in the baseline (median of 2"
        f" runs), 100.0% now (threshold: {limit(0.0, 1.0)} points)",
        "pages read without the site's structured metadata rose: 0.0% in the baseline (median"
        f" of 2 runs), 100.0% now (threshold: {limit(0.0, 1.0)} points)",
    ]
    assert [limit(authors, 0), limit(region, 0)] == ["34.4", "33.4"]
    # What did not change is not named: the articles are all still found.
    checks = {check["figure"]: check for check in third["drift"]["checks"]}
    assert checks["articles"]["baseline"] == checks["articles"]["now"] == len(ARTICLES) == 38
    assert checks["coverage/published_at"]["now"] == 1.0
    # Topic (5 of 38 articles) vanishes too, within the noise of 38 articles: noted, not failed.
    assert (checks["coverage/topic"]["now"], checks["coverage/topic"]["failed"]) == (0.0, False)
    for reason in third["verdict"]["reasons"]:
        assert f"FAILED: {reason}" in runs["runs"][2]["stdout"]


def test_newscrawl_report_renders_the_same_history(runs: dict[str, Any]) -> None:
    page = runs["folder"] / "again.html"
    command = [sys.executable, "-m", "newscrawl.cli", "report", str(runs["out"]), "-o", str(page)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {page}: 4 runs, the last one ok\n"
    assert page.read_text(encoding="utf-8") == (runs["folder"] / "x.report.html").read_text(
        encoding="utf-8"
    )


@pytest.fixture(scope="module")
def rendered(runs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The third run's report page as chromium rendered it (its DOM)."""
    if browser.chromium() is None:
        if os.environ.get("NEWSCRAWL_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed: apt-get install chromium")
    profile = tmp_path_factory.mktemp("chromium")
    return lxml_html.fromstring(browser.dump_dom(runs["folder"] / "third.html", profile))


def texts(dom: Any, xpath: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in dom.xpath(xpath)]


def test_the_page_shows_the_verdict_and_its_reasons_first(
    rendered: Any, runs: dict[str, Any]
) -> None:
    third = runs["runs"][2]["report"]
    verdict = rendered.xpath('//section[@id="verdict"]')[0]
    assert verdict.get("data-failed") == "true"
    assert rendered.xpath("//main/section")[0] is verdict
    assert texts(verdict, ".//h2")[0] == "FAILED the crawl failed"
    assert texts(verdict, './/li[@class="reason"]') == third["verdict"]["reasons"]


def test_the_page_shows_the_drift_figures(rendered: Any) -> None:
    rows = {row.get("data-figure"): row for row in rendered.xpath("//tr[@data-figure]")}
    expected = [
        ("coverage/authors", share("authors"), 0.0),
        ("coverage/region", share("region"), 0.0),
        ("fallback/metadata", 0.0, 1.0),
        ("fallback/body", 0.0, 1.0),
    ]
    for figure, baseline, now in expected:
        row = rows[figure]
        assert row.get("data-failed") == "true", figure
        assert texts(row, './td[contains(@class, "baseline")]') == [f"{baseline:.1%}"]
        assert texts(row, './td[contains(@class, "now")]') == [f"{now:.1%}"]
    assert rows["coverage/topic"].get("data-failed") == "false"
    assert texts(rows["articles"], "./td")[1:3] == ["38", "38"]


def test_the_page_charts_every_run(rendered: Any, runs: dict[str, Any]) -> None:
    reports = [run["report"] for run in runs["runs"][:3]]

    def values(xpath: str) -> list[str]:
        return [element.get("data-value") for element in rendered.xpath(xpath)]

    pages = values('//*[@id="per-run"]//*[@data-series="pages fetched"]')
    assert pages == [str(report["pages_fetched"]) for report in reports]
    # The changed site's author pages (/writers/) are not walked: 17 pages fewer.
    assert int(pages[0]) - int(pages[2]) == 17
    records = values('//*[@id="per-run"]//*[@data-series="records"]')
    assert records == [str(len(ARTICLES) + 12)] * 3  # 38 articles and 12 ticker items each run
    authors = values('//*[@id="coverage"]//*[@data-field="authors"]')
    assert authors == ["1", "1", "0"]
    cell = rendered.xpath('//*[@data-field="region"][@data-run="#3"]')[0]
    assert texts(cell, "./*[local-name()='text']") == ["0"]
    assert cell.xpath("./*[local-name()='rect']")[0].get("class") == "drifted"
    errors = {(e.get("data-kind"), e.get("data-run")): e.get("data-value")
              for e in rendered.xpath('//*[@id="error-kinds"]//*[@data-kind]')}  # fmt: skip
    assert errors == {(kind, f"#{n}"): "1" for kind in ("blocked", "not_found") for n in (1, 2, 3)}


def test_the_page_shows_articles_by_section_and_by_day(rendered: Any) -> None:
    sections = Counter(r["section"] or "(none)" for r in ARTICLES)
    shown = {bar.get("data-label"): int(bar.get("data-value"))
             for bar in rendered.xpath('//*[@id="sections"]//*[@data-label]')}  # fmt: skip
    assert shown == dict(sections)
    days = Counter(r["published_at"][:10] for r in ARTICLES)
    bars = {bar.get("data-day"): int(bar.get("data-value"))
            for bar in rendered.xpath('//*[@id="days"]//*[@data-day]')}  # fmt: skip
    assert {day: n for day, n in bars.items() if n} == dict(days)
    assert min(bars) == min(days) and max(bars) == max(days)  # every day between, zeros too
    assert sum(bars.values()) == len(ARTICLES)


def test_the_page_is_self_contained(runs: dict[str, Any]) -> None:
    page = (runs["folder"] / "third.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and " src=" not in page and "<link" not in page
    assert "default-src 'none'" in page


def test_a_screenshot_shows_the_failed_verdict(
    rendered: Any, runs: dict[str, Any], tmp_path: Path
) -> None:
    png = browser.screenshot(runs["folder"] / "third.html", tmp_path / "report.png",
                             tmp_path / "profile", 800, 300)  # fmt: skip
    width, height, rows = browser.read_png(png)
    assert (width, height) == (800, 300)
    size = len(rows[0]) // width
    badge = bytes((0xC5, 0x22, 0x1F))  # the FAILED badge and the verdict's left border
    red = sum(1 for row in rows for x in range(0, len(row), size) if row[x : x + 3] == badge)
    assert red > 500, red
