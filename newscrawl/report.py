"""The crawl report: what was fetched, what came out, how complete the articles are.

A Scrapy extension. During the crawl it shows a live progress line on a terminal (plain log lines
otherwise); at the end it judges the run, against its crawl's history too (newscrawl/drift.py),
keeps the report in that history (newscrawl/history.py), logs a summary and writes the report as
JSON beside the export (NEWSCRAWL_REPORT_PATH, else `<export name>.report.json`) and as a page to
look at beside it (`.html`, newscrawl/report_html.py).
"""

from __future__ import annotations

import json
import logging
import resource
import statistics
import sys
import time
from array import array
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from twisted.internet import task

from newscrawl.drift import NOT_ERRORS, Thresholds, fallback_shares, judge, known_articles
from newscrawl.history import History
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem
from newscrawl.report_html import render_report
from newscrawl.sidefiles import side_file_setting

logger = logging.getLogger(__name__)

COVERAGE_FIELDS = (
    "authors", "published_at", "modified_at", "summary", "section", "region", "topic", "sources",
    "tags", "images", "reading_time_minutes", "word_count", "body",
)  # fmt: skip
MEMORY_MILESTONES = (1000, 5000, 10000, 50000, 100000)


def peak_memory_mib() -> float:
    """This process's peak resident memory so far, in MiB.

    Linux's VmHWM first: unlike `ru_maxrss`, it is not inherited from the parent process.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def default_report_path(settings: Any) -> Path | None:
    return side_file_setting(settings, "NEWSCRAWL_REPORT_PATH", "report.json")


class CrawlReport:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = default_report_path(crawler.settings)
        self.interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 1.0)
        self.live = sys.stderr.isatty()
        self.pages = 0
        self.statuses: Counter[int] = Counter()
        self.records: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.coverage: Counter[str] = Counter()
        self.articles = 0
        self.body_chars = array("L")  # each article's body length, for the median
        self.sections: Counter[str] = Counter()
        self.days: Counter[str] = Counter()
        self.final: dict[str, Any] | None = None
        self.memory: dict[str, float] = {}
        self.started = time.monotonic()
        self._progress: task.LoopingCall | None = None
        self._last_log = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlReport:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response, signal=signals.response_received)
        crawler.signals.connect(extension.scraped, signal=signals.item_scraped)
        return extension

    # ------------------------------------------------------------------ signals

    def opened(self) -> None:
        self.started = time.monotonic()
        self._progress = task.LoopingCall(self.progress)
        self._progress.start(self.interval, now=False)

    def response(self, response: Any) -> None:
        self.pages += 1
        self.statuses[response.status] += 1
        if self.pages in MEMORY_MILESTONES:
            self.memory[str(self.pages)] = peak_memory_mib()

    def scraped(self, item: Any) -> None:
        if isinstance(item, ErrorItem):
            self.errors[item.kind] += 1
        elif isinstance(item, BreakingItem):
            self.records["breaking"] += 1
        elif isinstance(item, ArticleItem):
            self.articles += 1
            self.records[item.type] += 1
            for field in COVERAGE_FIELDS:
                if getattr(item, field) not in (None, "", [], {}):
                    self.coverage[field] += 1
            self.body_chars.append(sum(len(block.get("text") or "") for block in item.body))
            self.sections[item.section or "(none)"] += 1
            self.days[(item.published_at or "")[:10] or "(no date)"] += 1

    def closed(self, reason: str) -> None:
        if self._progress is not None and self._progress.running:
            self._progress.stop()
        if self.live:
            sys.stderr.write("\n")
        self.finish(reason)

    def finish(self, reason: str) -> dict[str, Any]:
        """The run's report, judged, kept in the history and written: once, by whoever asks
        first at the end (this extension's close, or a Spidermon monitor, newscrawl/monitors)."""
        if self.final is not None:
            return self.final
        history = History.from_settings(self.crawler.settings)
        past = history.runs() if history else []
        report = self.final = self.with_verdict(self.build(reason), past)
        if history is not None:
            try:
                history.add(report)
            except OSError as exc:  # the run still gets its report, failed with the reason
                verdict = report["verdict"]
                verdict["reasons"].append(f"the run could not be kept in its history: {exc}")
                verdict["failed"] = True
        logger.info("crawl report:\n%s", format_report(report))
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            page = render_report([*past, report])
            self.path.with_suffix(".html").write_text(page, encoding="utf-8")
        return report

    # ------------------------------------------------------------------ output

    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def progress(self) -> None:
        errors = sum(self.errors.values())
        records = sum(self.records.values())
        line = (
            f"pages {self.pages}  records {records}  errors {errors}  "
            f"{self.pages / self.elapsed():.1f} pages/s"
        )
        if self.live:
            sys.stderr.write(f"\r{line}   ")
            sys.stderr.flush()
        elif time.monotonic() - self._last_log >= 30:
            self._last_log = time.monotonic()
            logger.info(line)

    def build(self, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        newscrawl_stats = {
            key.removeprefix("newscrawl/"): value
            for key, value in sorted(stats.items())
            if key.startswith("newscrawl/") and not key.startswith("newscrawl/records/")
        }
        self.memory.setdefault("end", peak_memory_mib())
        articles = self.articles or 1
        return {
            "crawl": crawl_identity(self.crawler),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "finish_reason": reason,
            "elapsed_seconds": round(self.elapsed(), 2),
            "pages_fetched": self.pages,
            "pages_per_second": round(self.pages / self.elapsed(), 1),
            "http_statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "articles": self.articles,
            "records_by_type": dict(sorted(self.records.items())),
            "errors_by_kind": dict(sorted(self.errors.items())),
            "blocked_pages": self.errors.get("blocked", 0),
            "field_coverage": {
                field: round(self.coverage[field] / articles, 3) for field in COVERAGE_FIELDS
            },
            "median_body_chars": statistics.median(self.body_chars) if self.body_chars else None,
            "fallback_share": fallback_shares(newscrawl_stats),
            "articles_by_section": dict(self.sections.most_common()),
            "articles_by_day": dict(sorted(self.days.items())),
            "rejected_by_schema": stats.get("newscrawl/rejected", 0),
            "counters": newscrawl_stats,
            "peak_memory_mib": self.memory,
        }

    def with_verdict(
        self, report: dict[str, Any], history: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        settings = self.crawler.settings
        reasons = failure_reasons(
            report,
            blocked_share=settings.getfloat("NEWSCRAWL_FAIL_BLOCKED_SHARE", 0.5),
            error_share=settings.getfloat("NEWSCRAWL_FAIL_ERROR_SHARE", 0.25),
            expect_articles=settings.getbool("NEWSCRAWL_FAIL_WITHOUT_ARTICLES", True),
            min_pages=settings.getint("NEWSCRAWL_FAIL_MIN_PAGES", 0),
        )
        # Against the recent successful runs of the same crawl (none yet: judged as above).
        drift = judge(
            report,
            history or [],
            Thresholds.from_settings(settings),
            accept=settings.getbool("NEWSCRAWL_DRIFT_ACCEPT", False),
        )
        report["drift"] = drift.as_dict()
        reasons += drift.reasons
        report["verdict"] = {"failed": bool(reasons), "reasons": reasons}
        return report


def crawl_identity(crawler: Any) -> dict[str, Any]:
    """What makes two runs the same crawl, for the drift baseline: the spider, its site, where
    it starts, its limits, and whether it is incremental."""
    spider = getattr(crawler, "spider", None)
    profile = getattr(spider, "profile", None)
    return {
        "spider": getattr(spider, "name", None),
        "site": getattr(profile, "name", None),
        "mode": getattr(spider, "mode", None),
        "max_pages": getattr(spider, "max_pages", None),
        "max_depth": getattr(spider, "max_depth", None),
        "incremental": crawler.settings.getbool("NEWSCRAWL_INCREMENTAL"),
    }


# A crawl stopped by one of its own limits (--max-pages, CLOSESPIDER_*) has done its job.
FINISHED = ("finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout")


def failure_reasons(
    report: dict[str, Any],
    blocked_share: float,
    error_share: float,
    expect_articles: bool,
    min_pages: int = 0,
) -> list[str]:
    """Why a crawl counts as failed, for schedulers: empty when it did its job.

    Failed: it did not finish; at least `blocked_share` of its answers were blocks; error
    records are more than `error_share` of all records; or (`expect_articles`) it found no
    article at all, neither new nor already known (an incremental crawl that finds only
    unchanged articles has not failed). Each share is judged only once what it is a share of
    reaches `min_pages`: answers for the blocked share, records for the error share (a worker
    of a shared crawl may get a handful of pages, or many listings and few records: 22 pages,
    5 articles and the site's two failures failed a healthy worker).
    """
    reasons = []
    if report["finish_reason"] not in FINISHED:
        reasons.append(f"the crawl stopped early: {report['finish_reason']}")
    pages = report["pages_fetched"]
    if pages and pages >= min_pages and report["blocked_pages"] / pages >= blocked_share:
        reasons.append(
            f"mostly blocked: {report['blocked_pages']} of {pages} answers were blocks"
            f" (threshold {blocked_share:.0%})"
        )
    counters = report["counters"]
    known = known_articles(report)  # articles an incremental crawl met again, not exported
    if counters.get("stopped_early"):
        reasons.append(f"stopped early, the site blocks the crawl: {counters['stopped_early']}")
    # URLs left for a limit of the crawl (skipped) or after an early stop are not errors.
    errors = sum(n for k, n in report["errors_by_kind"].items() if k not in NOT_ERRORS)
    records = errors + sum(report["records_by_type"].values()) + known
    if records and records >= min_pages and errors / records > error_share:
        reasons.append(
            f"too many errors: {errors} error records of {records} (threshold {error_share:.0%})"
        )
    if expect_articles and not report["articles"] and not known:
        reasons.append("no articles: the crawl found no article page")
    return reasons


def format_report(report: dict[str, Any]) -> str:
    """The report as a few human lines."""
    lines = [
        f"pages fetched: {report['pages_fetched']} in {report['elapsed_seconds']} s "
        f"({report['pages_per_second']} pages/s), finished: {report['finish_reason']}",
        "records: "
        + (", ".join(f"{k} {v}" for k, v in report["records_by_type"].items()) or "none"),
        "errors: " + (", ".join(f"{k} {v}" for k, v in report["errors_by_kind"].items()) or "none"),
        f"blocked pages: {report['blocked_pages']}, rejected by the schema: "
        f"{report['rejected_by_schema']}",
    ]
    if report["articles"]:
        coverage = ", ".join(f"{k} {round(v * 100)}%" for k, v in report["field_coverage"].items())
        lines.append(f"field coverage over {report['articles']} articles: {coverage}")
    for reason in report.get("verdict", {}).get("reasons", []):
        lines.append(f"FAILED: {reason}")
    return "\n".join(lines)
