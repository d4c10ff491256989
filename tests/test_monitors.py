"""Spidermon monitors on the report's figures (newscrawl/monitors.py, newscrawl/monitoring.py),
with Spidermon installed (the test extra): real crawls of the fixture site and of the changed
site, each alert action in its offline ("fake") mode, which logs the message it would send."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import monitoring
from newscrawl.cli import main
from newscrawl.monitoring import Monitoring, monitoring_problem
from newscrawl.report import CrawlReport
from newscrawl.sidefiles import side_file
from tests.helpers import FIXTURES, ROOT, crawl_command, load_json

pytest.importorskip("spidermon", reason="the monitoring extra: pip install -e '.[test]'")

from newscrawl.monitors import crawl_report

# The reasons themselves in the Telegram and e-mail messages (Spidermon's default messages name
# the failed monitors only).
REASONS = (
    "{% for r in result.monitors_failed_results %}"
    "{{ r.error.strip().splitlines()[-1] | replace('AssertionError: ', '') }}\n{% endfor %}"
)
ALERTS = {
    "SPIDERMON_ENABLED": "1",
    "NEWSCRAWL_ALERTS": "slack,email,telegram,discord",
    "SPIDERMON_SLACK_FAKE": "1",
    "SPIDERMON_SLACK_SENDER_TOKEN": "xoxb-test",
    "SPIDERMON_SLACK_SENDER_NAME": "newscrawl",
    "SPIDERMON_SLACK_RECIPIENTS": "#crawls",
    "SPIDERMON_EMAIL_FAKE": "1",
    "SPIDERMON_EMAIL_SENDER": "crawler@example.org",
    "SPIDERMON_EMAIL_TO": "desk@example.org",
    "SPIDERMON_EMAIL_SUBJECT": "newscrawl: the crawl failed",
    "SPIDERMON_BODY_TEXT": REASONS,
    "SPIDERMON_SMTP_HOST": "127.0.0.1",
    "SPIDERMON_SMTP_USER": "crawler",
    "SPIDERMON_SMTP_PASSWORD": "not-used-offline",
    "SPIDERMON_TELEGRAM_FAKE": "1",
    "SPIDERMON_TELEGRAM_SENDER_TOKEN": "123:test",
    "SPIDERMON_TELEGRAM_RECIPIENTS": "@desk",
    "SPIDERMON_TELEGRAM_MESSAGE": REASONS,
    "SPIDERMON_DISCORD_FAKE": "1",
    "SPIDERMON_DISCORD_WEBHOOK_URL": "http://127.0.0.1:9/not-used-offline",
}
MONITORS = (
    "Crawl verdict/the crawl finished, was not blocked, had few errors and found articles",
    "Articles found/not far fewer articles than the baseline",
    "Field coverage/no field's coverage fell below its baseline",
    "Body length/the median body is not far shorter than the baseline's",
    "Fallback sources/pages are still read from the site's metadata and body container",
    "Error kinds/no error kind the crawl has never seen",
)


def messages(log: str, action: str) -> list[str]:
    """What an alert action in its offline mode logged instead of sending, one per log record."""
    records = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[)", log)
    prefix = f"[spidermon.contrib.actions.{action}] INFO: "
    return [r.split(prefix, 1)[1] for r in records if prefix in r]


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """Exit status and log of three monitored runs with one -o (site, site, changed site),
    then that -o."""
    out = tmp_path_factory.mktemp("monitored") / "x.jsonl"
    settings = [arg for name, value in ALERTS.items() for arg in ("-s", f"{name}={value}")]
    results = []
    for site in ("site", "site", "site-changed"):
        command = crawl_command(out, "almayadeen", "--replay", str(FIXTURES / site), "-v")
        done = subprocess.run([*command, *settings], capture_output=True, text=True,
                              timeout=300, cwd=ROOT)  # fmt: skip
        results.append((done.returncode, done.stderr))
    return [*results, out]


@pytest.mark.slow  # runs real crawls
def test_the_monitors_pass_on_the_fixture_site(logs: list[Any]) -> None:
    for rc, log in logs[:2]:
        assert rc == 0, log[-3000:]
        for monitor in MONITORS:
            assert f"[Spidermon] {monitor}... OK" in log
        assert "[Spidermon] 6 monitors in" in log
        assert "spider finished with errors" not in log and "Subject:" not in log


@pytest.mark.slow  # runs real crawls
def test_the_monitors_fail_on_the_changed_site_and_alert(logs: list[Any]) -> None:
    (rc, log), out = logs[2], logs[3]
    assert rc == 1  # the crawl's own verdict agrees
    failing = {MONITORS[2], MONITORS[4]}
    for monitor in MONITORS:
        assert f"[Spidermon] {monitor}... {'FAIL' if monitor in failing else 'OK'}" in log
    assert "FAILED (failures=2)" in log
    # Each failed monitor's message: the report's reasons of its kind, with both figures.
    report = load_json(side_file(out, "report.json"))
    coverage, fallback = report["verdict"]["reasons"][:2], report["verdict"]["reasons"][2:]
    assert coverage[0].startswith("authors coverage dropped: 100.0% of articles in the baseline")
    assert fallback[1].startswith("pages read without the site's structured metadata rose")
    reasons = ["; ".join(coverage), "; ".join(fallback)]
    assert messages(log, "telegram") == ["\n".join(reasons) + "\n"]
    (email,) = messages(log, "email")
    assert "Subject: newscrawl: the crawl failed" in email and "\n".join(reasons) in email
    for action in ("slack", "discord"):
        message = "".join(messages(log, action))
        assert "spider finished with errors" in message
        assert "Field coverage/no field's coverage fell below its baseline" in message
        assert "Fallback sources/pages are still read from the site's metadata" in message
    for action in ("Slack", "Smtp", "Telegram", "Discord"):
        name = "SendSmtpEmail" if action == "Smtp" else f"Send{action}MessageSpiderFinished"
        assert f"[Spidermon] {name}... OK" in log


def test_the_monitors_read_the_report_once_whoever_asks_first(tmp_path: Path) -> None:
    settings = {"EXTENSIONS": {"newscrawl.report.CrawlReport": 500},
                "NEWSCRAWL_REPORT_PATH": str(tmp_path / "report.json"),
                "NEWSCRAWL_HISTORY_DIR": str(tmp_path / "x.history")}  # fmt: skip
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    crawler.stats.set_value("finish_reason", "finished")
    extension = next(e for e in crawler.extensions.middlewares if isinstance(e, CrawlReport))
    extension.opened()
    # Spidermon's close handler before the report's: the report is built, kept and written.
    first = crawl_report(crawler)
    assert first["verdict"]["reasons"] == ["no articles: the crawl found no article page"]
    extension.closed("finished")
    assert crawl_report(crawler) is first
    assert len(list((tmp_path / "x.history").glob("run-*.json"))) == 1
    assert (tmp_path / "report.json").is_file() and (tmp_path / "report.html").is_file()


def test_monitoring_is_off_unless_enabled_and_stands_aside_for_the_projects_own() -> None:
    with pytest.raises(NotConfigured):
        Monitoring.from_crawler(get_crawler(settings_dict={}))
    own = {"SPIDERMON_ENABLED": True,
           "EXTENSIONS": {"spidermon.contrib.scrapy.extensions.Spidermon": 500}}  # fmt: skip
    with pytest.raises(NotConfigured):
        Monitoring.from_crawler(get_crawler(settings_dict=own))


def test_enabling_monitors_without_spidermon_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(monitoring, "NEEDED", ("spidermon", "no_such_module_for_newscrawl"))
    problem = monitoring_problem(Settings({"SPIDERMON_ENABLED": "1"}))
    assert problem == (
        "SPIDERMON_ENABLED is set but no_such_module_for_newscrawl not installed:"
        " pip install 'newscrawl[monitoring]'"
    )
    assert monitoring_problem(Settings({"SPIDERMON_ENABLED": "0"})) is None
    out = tmp_path / "x.jsonl"
    site = str(FIXTURES / "site")
    assert main(["crawl", "--replay", site, "-o", str(out), "-s", "SPIDERMON_ENABLED=1"]) == 2
    assert capsys.readouterr().err == f"newscrawl crawl: {problem}\n"
    with pytest.raises(RuntimeError, match="pip install 'newscrawl\\[monitoring\\]'"):
        Monitoring.from_crawler(get_crawler(settings_dict={"SPIDERMON_ENABLED": True}))


def test_an_unknown_alert_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args: list[Any] = ["crawl", "--replay", str(FIXTURES / "site"), "-o", str(tmp_path / "x")]
    args += ["-s", "SPIDERMON_ENABLED=1", "-s", "NEWSCRAWL_ALERTS=slack,sms"]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        "newscrawl crawl: NEWSCRAWL_ALERTS: no alert 'sms' (use slack, email, telegram, discord,"
        " or an action's dotted path)\n"
    )
