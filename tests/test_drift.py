"""Drift verdicts (newscrawl/drift.py) on small hand-made reports."""

from __future__ import annotations

from typing import Any

from newscrawl.drift import Check, Thresholds, baseline_runs, figures, judge

CRAWL = {"spider": "almayadeen", "site": "almayadeen-en", "mode": "sections",
         "max_pages": None, "max_depth": None, "incremental": False}  # fmt: skip
DEFAULTS = Thresholds()


def run(
    articles: int = 100,
    coverage: dict[str, float] | None = None,
    body: float | None = 1200,
    fallback: dict[str, int] | None = None,
    errors: dict[str, int] | None = None,
    failed: bool = False,
    **changes: Any,
) -> dict[str, Any]:
    """A report as newscrawl/report.py writes it, with only what drift reads."""
    counters: dict[str, int] = {"read/articles": articles}
    for source, pages in (fallback or {}).items():
        counters[f"read/fallback/{source}"] = pages
    report = {
        "crawl": dict(CRAWL),
        "articles": articles,
        "field_coverage": {"authors": 1.0, "tags": 0.9, "topic": 0.3, **(coverage or {})},
        "median_body_chars": body,
        "errors_by_kind": errors or {"not_found": 2},
        "counters": counters,
        "verdict": {"failed": failed, "reasons": ["x"] if failed else []},
    }
    report.update(changes)
    return report


def failed(judgement: Any) -> list[str]:
    return [check.figure for check in judgement.checks if check.failed]


def test_no_history_is_not_judged() -> None:
    judgement = judge(run(coverage={"authors": 0.0}), [], DEFAULTS)
    assert judgement.checks == () and judgement.baseline_runs == 0 and judgement.reasons == []


def test_a_run_like_its_baseline_passes() -> None:
    history = [run(), run(articles=104, coverage={"tags": 0.86}), run(body=1250)]
    judgement = judge(run(articles=98, coverage={"tags": 0.88}, body=1190), history, DEFAULTS)
    assert judgement.baseline_runs == 3
    assert failed(judgement) == [] and judgement.reasons == []
    figures_compared = {check.figure for check in judgement.checks}
    assert {"articles", "coverage/authors", "median_body_chars", "fallback/metadata"} <= (
        figures_compared
    )


def test_a_dropped_field_names_the_field_and_both_figures() -> None:
    judgement = judge(run(coverage={"authors": 0.0}), [run(), run()], DEFAULTS)
    assert failed(judgement) == ["coverage/authors"]
    # The threshold shown is the one applied: 20 points, or three standard errors of the
    # difference between two shares of 100 articles (pooled 50 %) when larger.
    assert judgement.reasons == [
        "authors coverage dropped: 100.0% of articles in the baseline (median of 2 runs),"
        " 0.0% now (threshold: 21.2 points)"
    ]
    large = judge(run(1000, coverage={"authors": 0.0}), [run(1000)], DEFAULTS)
    assert large.reasons[0].endswith("(median of 1 run), 0.0% now (threshold: 20 points)")


def test_the_baseline_is_the_median_of_the_last_successful_runs() -> None:
    history = [
        run(coverage={"tags": 0.2}),  # too old: only the last 5 successful runs count
        *[run(coverage={"tags": share}) for share in (0.9, 0.92, 0.5, 0.88, 0.91)],
        run(coverage={"tags": 0.1}, failed=True),  # a failed run is never a baseline
    ]
    judgement = judge(run(coverage={"tags": 0.65}), history, DEFAULTS)
    tags = next(c for c in judgement.checks if c.figure == "coverage/tags")
    assert (tags.baseline, tags.runs, tags.failed) == (0.9, 5, True)
    assert judge(run(coverage={"tags": 0.75}), history, DEFAULTS).reasons == []


def test_a_rare_field_vanishing_fails_when_the_run_is_large_enough() -> None:
    # Topic on 30 % of articles falls to 5 %: by 25 points, beyond the 20-point threshold.
    assert failed(judge(run(coverage={"topic": 0.05}), [run()], DEFAULTS)) == ["coverage/topic"]
    # On 13 % of 1,000 articles, gone: 13 points, but more than half of itself.
    history = [run(articles=1000, coverage={"topic": 0.13})]
    now = run(articles=1000, coverage={"topic": 0.0})
    topic = next(c for c in judge(now, history, DEFAULTS).checks if c.figure == "coverage/topic")
    assert topic.failed and topic.limit == 0.065
    # On 13 % of 38 articles (5 of them), gone: within three standard errors of 38 articles.
    history = [run(articles=38, coverage={"topic": 0.132})]
    small = judge(run(articles=38, coverage={"topic": 0.0}), history, DEFAULTS)
    topic = next(c for c in small.checks if c.figure == "coverage/topic")
    assert not topic.failed and topic.limit == 0.1709


def test_noise_in_a_small_run_is_not_drift() -> None:
    # Tags on 60 % of articles, 40 % of 25 articles now: 20 points, within 3 standard errors.
    history = [run(articles=25, coverage={"tags": 0.6})]
    assert judge(run(articles=25, coverage={"tags": 0.4}), history, DEFAULTS).reasons == []
    # Shares are not judged at all below min_articles (an incremental run with 3 new articles).
    few = judge(run(articles=3, coverage={"authors": 0.0, "tags": 0.0}), history, DEFAULTS)
    assert not any(c.figure.startswith("coverage/") for c in few.checks)


def test_fewer_articles_and_shorter_bodies() -> None:
    history = [run(articles=100, body=1200), run(articles=110, body=1300)]
    judgement = judge(run(articles=40, body=500), history, DEFAULTS)
    assert failed(judgement) == ["articles", "median_body_chars"]
    assert judgement.reasons[0] == (
        "articles found dropped: 105 in the baseline (median of 2 runs), 40 now"
        " (down 62%, threshold 50%)"
    )
    assert judgement.reasons[1].startswith(
        "median body length dropped: 1250 characters in the baseline (median of 2 runs),"
        " 500 characters now (down 60%"
    )
    assert judge(run(articles=60, body=700), history, DEFAULTS).reasons == []
    # A worker of a shared crawl (newscrawl/distributed.py): its article count is not judged.
    worker = Thresholds(articles_drop=1.0)
    assert failed(judge(run(articles=1, body=1200), history, worker)) == []


def test_incremental_runs_count_the_articles_they_met_again() -> None:
    quiet = run(articles=0, counters={"unchanged": 40, "skipped/settled": 55, "read/articles": 3})
    assert figures(quiet, 20) == {"articles": 95}
    assert judge(quiet, [run(articles=100)], DEFAULTS).reasons == []


def test_pages_read_through_a_fallback() -> None:
    history = [run(fallback={"metadata": 1}), run()]
    judgement = judge(run(fallback={"metadata": 100, "body": 100}), history, DEFAULTS)
    assert failed(judgement) == ["fallback/body", "fallback/metadata"]
    assert judgement.reasons[1] == (
        "pages read without the site's structured metadata rose: 0.5% in the baseline"
        " (median of 2 runs), 100.0% now (threshold: 21.2 points)"
    )
    assert judge(run(fallback={"metadata": 10}), history, DEFAULTS).reasons == []


def test_error_kinds_never_seen_before() -> None:
    history = [run(errors={"not_found": 2}), run(errors={"blocked": 1}, failed=True)]
    judgement = judge(run(errors={"not_found": 1, "blocked": 9, "too_large": 4}), history, DEFAULTS)
    assert failed(judgement) == ["errors/too_large"]
    assert judgement.reasons == [
        "new error kind too_large: 4 error records, never seen in the crawl's history"
        " (threshold: 3 records)"
    ]
    # One or two records of a new kind are noted, not failed; `skipped` is never an error.
    judgement = judge(run(errors={"too_large": 2, "skipped": 50}), history, DEFAULTS)
    assert [c.figure for c in judgement.checks if c.kind == "errors"] == ["errors/too_large"]
    assert judgement.reasons == []


def test_only_runs_of_the_same_crawl_make_the_baseline() -> None:
    other = run(articles=5, crawl={**CRAWL, "max_pages": 10})
    assert baseline_runs([run(), other], run(), 5) == [run()]
    assert judge(run(articles=100), [other], DEFAULTS).checks == ()


def test_an_accepted_run_starts_a_new_baseline() -> None:
    history = [run(), run()]
    accepted = judge(run(coverage={"authors": 0.0}), history, DEFAULTS, accept=True)
    assert failed(accepted) == ["coverage/authors"] and accepted.reasons == []
    new_normal = run(coverage={"authors": 0.0}, drift=accepted.as_dict())
    judgement = judge(run(coverage={"authors": 0.02}), [*history, new_normal], DEFAULTS)
    assert judgement.baseline_runs == 1 and judgement.reasons == []


def test_checks_round_trip_through_the_report() -> None:
    judgement = judge(run(coverage={"authors": 0.0}), [run()], DEFAULTS)
    stored = judgement.as_dict()
    assert [Check(**c) for c in stored["checks"]] == list(judgement.checks)


def test_thresholds_come_from_settings() -> None:
    from scrapy.settings import Settings

    settings = Settings({"NEWSCRAWL_DRIFT_COVERAGE_DROP": "0.5", "NEWSCRAWL_DRIFT_MIN_ARTICLES": 5})
    thresholds = Thresholds.from_settings(settings)
    assert (thresholds.coverage_drop, thresholds.min_articles) == (0.5, 5)
    assert thresholds.baseline_runs == DEFAULTS.baseline_runs
    assert judge(run(coverage={"tags": 0.5}), [run()], thresholds).reasons == []
