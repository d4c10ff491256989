"""Spidermon monitors on the crawl report's figures: the verdict and each kind of drift.

Needs the monitoring extra (`pip install 'newscrawl[monitoring]'`); newscrawl imports this
module only through Spidermon (newscrawl/monitoring.py). The monitors judge nothing themselves:
they read the report the crawl report extension builds once at the end (newscrawl/report.py,
`CrawlReport.finish`) with its drift checks (newscrawl/drift.py), so Spidermon and
`newscrawl crawl`'s exit status always agree, and each failure message names the figure, its
baseline and this run's value.

    SPIDERMON_ENABLED = True                       # newscrawl's settings name the suite
    NEWSCRAWL_ALERTS = ["slack", "telegram"]       # actions run when a monitor fails

`NEWSCRAWL_ALERTS` takes the names of newscrawl/monitoring.py's `ALERTS` or the dotted path of
any Spidermon action; each action reads its own settings (`SPIDERMON_SLACK_SENDER_TOKEN`, ...;
README "Alerts").
"""

from __future__ import annotations

from typing import Any

from scrapy.utils.misc import load_object
from spidermon import Monitor, MonitorSuite, monitors

from newscrawl.drift import Check
from newscrawl.monitoring import alert_actions
from newscrawl.report import CrawlReport


def crawl_report(crawler: Any) -> dict[str, Any]:
    """This run's judged report, from the crawl report extension (built now if the spider's
    close has not reached it yet)."""
    extension = next(
        (e for e in crawler.extensions.middlewares if isinstance(e, CrawlReport)), None
    )
    if extension is None:
        raise RuntimeError("newscrawl's monitors need the crawl report extension (EXTENSIONS)")
    return extension.finish(crawler.stats.get_value("finish_reason") or "finished")


class DriftMonitor(Monitor):
    """A monitor on one kind of the report's drift checks."""

    kind = ""
    longMessage = False

    def drifted(self) -> list[Check]:
        drift = crawl_report(self.data.crawler).get("drift", {})
        if drift.get("accepted"):
            return []
        checks = [Check(**check) for check in drift.get("checks", [])]
        return [check for check in checks if check.failed and check.kind == self.kind]

    def assert_no_drift(self) -> None:
        drifted = self.drifted()
        if drifted:
            self.fail("; ".join(check.message() for check in drifted))


@monitors.name("Crawl verdict")
class VerdictMonitor(Monitor):
    @monitors.name("the crawl finished, was not blocked, had few errors and found articles")
    def test_the_crawl_did_its_job(self) -> None:
        report = crawl_report(self.data.crawler)
        drift = {Check(**c).message() for c in report.get("drift", {}).get("checks", [])}
        reasons = [r for r in report["verdict"]["reasons"] if r not in drift]
        if reasons:
            self.fail("; ".join(reasons))


@monitors.name("Articles found")
class ArticlesMonitor(DriftMonitor):
    kind = "articles"

    @monitors.name("not far fewer articles than the baseline")
    def test_articles_found(self) -> None:
        self.assert_no_drift()


@monitors.name("Field coverage")
class CoverageMonitor(DriftMonitor):
    kind = "coverage"

    @monitors.name("no field's coverage fell below its baseline")
    def test_field_coverage(self) -> None:
        self.assert_no_drift()


@monitors.name("Body length")
class BodyLengthMonitor(DriftMonitor):
    kind = "median_body_chars"

    @monitors.name("the median body is not far shorter than the baseline's")
    def test_median_body_length(self) -> None:
        self.assert_no_drift()


@monitors.name("Fallback sources")
class FallbackMonitor(DriftMonitor):
    kind = "fallback"

    @monitors.name("pages are still read from the site's metadata and body container")
    def test_fallback_share(self) -> None:
        self.assert_no_drift()


@monitors.name("Error kinds")
class ErrorKindsMonitor(DriftMonitor):
    kind = "errors"

    @monitors.name("no error kind the crawl has never seen")
    def test_new_error_kinds(self) -> None:
        self.assert_no_drift()


class CrawlMonitorSuite(MonitorSuite):
    """newscrawl's monitors, with the alert actions `NEWSCRAWL_ALERTS` names run when one
    fails."""

    monitors = [
        VerdictMonitor,
        ArticlesMonitor,
        CoverageMonitor,
        BodyLengthMonitor,
        FallbackMonitor,
        ErrorKindsMonitor,
    ]

    def __init__(self, *args: Any, crawler: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, crawler=crawler, **kwargs)
        if crawler is not None:
            for path in alert_actions(crawler.settings):
                self.add_monitors_failed_action(load_object(path))
