"""Drift: does this run look like the recent successful runs of the same crawl?

Pure functions from crawl reports (newscrawl/report.py's JSON) to a judgement; nothing here
reads files or Scrapy objects. A site that ships a new template still gives articles, so the
crawl's own verdict (blocks, errors, no articles) stays green; what moves are these figures:

- `articles`: articles found (exported, or met again unchanged by an incremental crawl);
- `coverage/<field>`: the share of articles that have each field (authors, published_at, ...);
- `median_body_chars`: the median length of an article's body text;
- `fallback/<source>`: the share of article pages read without the site's usual source
  (`metadata`: no structured metadata; `body`: no body container of the site's template);
- `errors/<kind>`: error kinds never seen in the crawl's history.

The baseline of a figure is its median over the last `baseline_runs` successful runs of the
same crawl (since the last accepted run); a run with no such run is not judged on drift.
Shares are compared only when this run has `min_articles` articles (pages) to measure them on.
A field's coverage fails when it falls by more than `coverage_drop` points or loses more than
`coverage_loss` of its baseline share, whichever is smaller; a fallback share fails when it
rises by more than `fallback_rise` points; and neither ever fails within three standard errors
of the difference between this run's share and the baseline's (both are samples: a small run's
shares are noisier than a large one's).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

# Error records that are not errors: URLs left for a limit of the crawl, or after an early stop.
NOT_ERRORS = frozenset({"skipped", "stopped"})
# Counters of articles an incremental crawl met again without exporting them.
KNOWN_ARTICLES = ("unchanged", "unchanged/not_modified", "skipped/settled")
READ_ARTICLES = "read/articles"
FALLBACK_PREFIX = "read/fallback/"
# What readers fall back from (newscrawl/items.py, `Record.fallbacks`), counted by the spider.
FALLBACK_SOURCES = ("metadata", "body")


@dataclass(frozen=True)
class Thresholds:
    """When a figure has drifted too far (each is a setting, `NEWSCRAWL_DRIFT_*`)."""

    baseline_runs: int = 5  # the baseline: this many recent successful runs (median)
    min_articles: int = 20  # shares are judged on at least this many articles (pages)
    coverage_drop: float = 0.2  # a field's share of articles falling by more (0.2: 20 points)
    coverage_loss: float = 0.5  # ... or losing more than this fraction of its baseline share
    fallback_rise: float = 0.2  # the share of pages read through a fallback rising by more
    articles_drop: float = 0.5  # articles found falling by more than this fraction
    body_drop: float = 0.5  # the median body length falling by more than this fraction
    new_error_min: int = 3  # an error kind never seen before, with at least this many records

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """From Scrapy settings (anything with `getint` and `getfloat`)."""
        defaults = cls()
        return cls(
            baseline_runs=settings.getint("NEWSCRAWL_DRIFT_BASELINE_RUNS", defaults.baseline_runs),
            min_articles=settings.getint("NEWSCRAWL_DRIFT_MIN_ARTICLES", defaults.min_articles),
            coverage_drop=settings.getfloat(
                "NEWSCRAWL_DRIFT_COVERAGE_DROP", defaults.coverage_drop
            ),
            coverage_loss=settings.getfloat(
                "NEWSCRAWL_DRIFT_COVERAGE_LOSS", defaults.coverage_loss
            ),
            fallback_rise=settings.getfloat(
                "NEWSCRAWL_DRIFT_FALLBACK_RISE", defaults.fallback_rise
            ),
            articles_drop=settings.getfloat(
                "NEWSCRAWL_DRIFT_ARTICLES_DROP", defaults.articles_drop
            ),
            body_drop=settings.getfloat("NEWSCRAWL_DRIFT_BODY_DROP", defaults.body_drop),
            new_error_min=settings.getint("NEWSCRAWL_DRIFT_NEW_ERRORS", defaults.new_error_min),
        )


@dataclass(frozen=True)
class Check:
    """One figure of this run against its baseline."""

    figure: str  # `articles`, `coverage/authors`, `median_body_chars`, `fallback/body`, ...
    baseline: float
    now: float
    limit: float  # the threshold applied: points of a share, or a fraction of a count
    failed: bool
    runs: int  # how many baseline runs the baseline is the median of

    @property
    def kind(self) -> str:
        return self.figure.split("/")[0]

    @property
    def name(self) -> str:
        return self.figure.split("/", 1)[-1]

    def message(self) -> str:
        """What moved, with both figures: `authors coverage dropped: 100.0% -> 0.0% ...`."""
        base = f"median of {self.runs} run{'s' if self.runs != 1 else ''}"
        if self.kind == "coverage":
            return (
                f"{self.name} coverage dropped: {self.baseline:.1%} of articles in the baseline"
                f" ({base}), {self.now:.1%} now (threshold: {points(self.limit)} points)"
            )
        if self.kind == "fallback":
            return (
                f"pages read without the site's {FALLBACK_WHAT.get(self.name, self.name)} rose:"
                f" {self.baseline:.1%} in the baseline ({base}), {self.now:.1%} now"
                f" (threshold: {points(self.limit)} points)"
            )
        if self.kind == "errors":
            return (
                f"new error kind {self.name}: {self.now:.0f} error records, never seen in the"
                f" crawl's history (threshold: {self.limit:.0f} records)"
            )
        what = {"articles": "articles found", "median_body_chars": "median body length"}
        unit = " characters" if self.kind == "median_body_chars" else ""
        change = 1 - self.now / self.baseline if self.baseline else 0.0
        return (
            f"{what.get(self.kind, self.kind)} dropped: {self.baseline:g}{unit} in the baseline"
            f" ({base}), {self.now:g}{unit} now (down {change:.0%}, threshold {self.limit:.0%})"
        )


FALLBACK_WHAT = {"metadata": "structured metadata", "body": "body container"}


@dataclass(frozen=True)
class Judgement:
    checks: tuple[Check, ...]
    baseline_runs: int  # successful runs the baseline is made of (0: not judged)
    accepted: bool  # this run starts a new baseline (NEWSCRAWL_DRIFT_ACCEPT)

    @property
    def reasons(self) -> list[str]:
        """Why the run fails on drift (nothing for an accepted run)."""
        if self.accepted:
            return []
        return [check.message() for check in self.checks if check.failed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "baseline_runs": self.baseline_runs,
            "accepted": self.accepted,
            "checks": [asdict(check) for check in self.checks],
        }


def points(share: float) -> str:
    """A share as percentage points, one decimal at most: `20`, `20.7`."""
    return f"{round(share * 100, 1):g}"


def known_articles(report: dict[str, Any]) -> int:
    """Articles an incremental crawl met again without exporting them."""
    counters = report.get("counters", {})
    return sum(counters.get(key, 0) for key in KNOWN_ARTICLES)


def figures(report: dict[str, Any], min_articles: int) -> dict[str, float]:
    """The comparable figures of one run; shares only when measured on `min_articles`."""
    found: dict[str, float] = {"articles": report["articles"] + known_articles(report)}
    if report["articles"] >= min_articles:
        for field, share in report.get("field_coverage", {}).items():
            found[f"coverage/{field}"] = share
        if report.get("median_body_chars") is not None:
            found["median_body_chars"] = report["median_body_chars"]
    counters = report.get("counters", {})
    if counters.get(READ_ARTICLES, 0) >= min_articles:
        for source, share in fallback_shares(counters).items():
            found[f"fallback/{source}"] = share
    return found


def fallback_shares(counters: dict[str, Any]) -> dict[str, float]:
    """The share of article pages read without each usual source (the report's counters);
    empty when no article page was read."""
    read = counters.get(READ_ARTICLES, 0)
    if not read:
        return {}
    counted = [k.removeprefix(FALLBACK_PREFIX) for k in counters if k.startswith(FALLBACK_PREFIX)]
    return {
        source: round(counters.get(FALLBACK_PREFIX + source, 0) / read, 4)
        for source in sorted({*FALLBACK_SOURCES, *counted})
    }


def same_crawl(report: dict[str, Any]) -> Any:
    """What makes two runs the same crawl: spider, site, mode, limits, incremental or not."""
    return report.get("crawl")


def baseline_runs(
    history: Sequence[dict[str, Any]], report: dict[str, Any], count: int
) -> list[dict[str, Any]]:
    """The last `count` successful runs of `report`'s crawl, since its last accepted run
    (history oldest first)."""
    runs = [run for run in history if same_crawl(run) == same_crawl(report)]
    accepted = [i for i, run in enumerate(runs) if run.get("drift", {}).get("accepted")]
    if accepted:
        runs = runs[accepted[-1] :]
    good = [run for run in runs if not run.get("verdict", {}).get("failed", False)]
    return good[-count:] if count > 0 else []


def sample_size(report: dict[str, Any], kind: str) -> int:
    """What a share of this kind is measured on: articles exported, or article pages read."""
    if kind == "fallback":
        return report.get("counters", {}).get(READ_ARTICLES, 0)
    return report["articles"]


def _noise(baseline: float, now: float, size: int, baseline_size: float) -> float:
    """Three standard errors of the difference between two shares, `now` measured on `size`
    items and `baseline` on `baseline_size`, were they samples of one share (the pooled one):
    the two-proportion test."""
    if not size or not baseline_size:
        return 1.0
    pooled = (baseline * baseline_size + now * size) / (baseline_size + size)
    return 3 * math.sqrt(pooled * (1 - pooled) * (1 / size + 1 / baseline_size))


def judge(
    report: dict[str, Any],
    history: Sequence[dict[str, Any]],
    thresholds: Thresholds,
    accept: bool = False,
) -> Judgement:
    """This run (`report`, without its verdict) against its crawl's `history` (oldest first)."""
    base = baseline_runs(history, report, thresholds.baseline_runs)
    now = figures(report, thresholds.min_articles)
    past = [figures(run, thresholds.min_articles) for run in base]
    checks: list[Check] = []
    for figure, value in now.items():
        measured = [(run[figure], original) for run, original in zip(past, base, strict=True)
                    if figure in run]  # fmt: skip
        if not measured:
            continue
        baseline = statistics.median(v for v, _ in measured)
        kind = figure.split("/")[0]
        size = statistics.median(sample_size(original, kind) for _, original in measured)
        checks.append(_check(figure, baseline, value, len(measured), size, report, thresholds))
    if base:
        checks += _new_errors(report, history, thresholds)
    return Judgement(tuple(checks), len(base), accept)


def _check(
    figure: str,
    baseline: float,
    now: float,
    runs: int,
    baseline_size: float,
    report: dict[str, Any],
    thresholds: Thresholds,
) -> Check:
    kind = figure.split("/")[0]
    if kind == "coverage":
        # A rare field vanishing is a fall too: by the points, or by the share of itself lost.
        fall = min(thresholds.coverage_drop, thresholds.coverage_loss * baseline)
        limit = max(fall, _noise(baseline, now, sample_size(report, kind), baseline_size))
        failed = baseline - now > limit
    elif kind == "fallback":
        rise = thresholds.fallback_rise
        limit = max(rise, _noise(baseline, now, sample_size(report, kind), baseline_size))
        failed = now - baseline > limit
    else:
        limit = thresholds.articles_drop if kind == "articles" else thresholds.body_drop
        failed = now < baseline * (1 - limit)
    return Check(figure, round(baseline, 4), round(now, 4), round(limit, 4), failed, runs)


def _new_errors(
    report: dict[str, Any], history: Iterable[dict[str, Any]], thresholds: Thresholds
) -> list[Check]:
    seen = {
        kind
        for run in history
        if same_crawl(run) == same_crawl(report)
        for kind in run.get("errors_by_kind", {})
    }
    return [
        Check(f"errors/{kind}", 0, count, thresholds.new_error_min,
              count >= thresholds.new_error_min, 0)
        for kind, count in sorted(report.get("errors_by_kind", {}).items())
        if kind not in seen and kind not in NOT_ERRORS
    ]  # fmt: skip
