"""What `newscrawl crawl` prints at the end: what it wrote and where, the report, and what to
do about what went wrong; and its exit status (0 done, 1 failed)."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

from newscrawl.cli.crawl_checks import CrawlFiles, replay_paths

# Records an incremental crawl met again and did not export, by report counter.
KNOWN = {
    "unchanged": "unchanged",
    "unchanged/not_modified": "not modified (HTTP 304)",
    "skipped/settled": "settled (older than the revisit window, not fetched)",
}


def crawl_summary(files: CrawlFiles, stats: dict[str, Any], args: argparse.Namespace) -> int:
    from newscrawl.exporters import EXPORT_FAILED
    from newscrawl.report import format_report

    export_error = stats.get(EXPORT_FAILED)
    try:
        report = json.loads(files.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = export_error or f"no report: {exc}"
        print(f"newscrawl crawl: the crawl failed ({reason}); see the log above", file=sys.stderr)
        return 1
    lines = written_lines(report, files, args.incremental)
    if export_error:
        lines[0] = f"{files.out} holds {records_in(files.out)} records: the export failed"
    print("\n".join(lines))
    print(format_report(report))
    for hint in hints(report, files, args):
        print(f"hint: {hint}")
    if export_error:
        print(f"newscrawl crawl: {export_error}", file=sys.stderr)
    # Non-zero for schedulers (cron, systemd, scrapyd callers): the reasons are in the report.
    return 1 if report["verdict"]["failed"] or export_error else 0


def written_lines(report: dict[str, Any], files: CrawlFiles, incremental: bool) -> list[str]:
    """Where each kind of record went, with how many."""
    by_type = report["records_by_type"]
    records = sum(by_type.values())
    breaking = by_type.get("breaking", 0)
    kinds = f"{records - breaking} articles, {breaking} breaking-news items"
    if not incremental:
        lines = [f"wrote {files.out}: {records} records ({kinds})"]
    elif records:
        revised = report["counters"].get("revised", 0)
        lines = [f"appended {records} records to {files.out} ({kinds}; {revised} revised)"]
    else:
        lines = [f"nothing new: {files.out} unchanged"]
    known = [f"{report['counters'][k]} {what}" for k, what in KNOWN.items()
             if report["counters"].get(k)]  # fmt: skip
    if incremental and known:
        lines.append("known records not exported again: " + ", ".join(known))
    errors = sum(report["errors_by_kind"].values())
    lines.append(f"failures: {files.failures} ({errors} error records)")
    if report["rejected_by_schema"]:
        lines.append(f"rejects: {files.rejects} ({report['rejected_by_schema']} records)")
    page = files.report.with_suffix(".html")  # the report as a page (newscrawl/report_html.py)
    lines.append(f"report: {files.report}" + (f" (and {page})" if page.exists() else ""))
    return lines


def records_in(path: Path) -> int:
    """The whole records an output holds (after a failed write, fewer than were scraped)."""
    try:
        with gzip.open(path) if path.name.endswith(".gz") else path.open("rb") as lines:
            return sum(1 for line in lines if line.endswith(b"\n"))
    except (OSError, EOFError):
        return 0


def hints(report: dict[str, Any], files: CrawlFiles, args: argparse.Namespace) -> list[str]:
    """What to do about failures that have a usual cause."""
    found = []
    if report["errors_by_kind"].get("not_found"):
        for folder in replay_paths(args):
            missing = not_saved(files.failures, Path(folder))
            if missing:
                found.append(
                    f"{missing} pages were never saved in {folder} (not_found): a replay answers"
                    f" only what was recorded; save them with `newscrawl record URL… --into"
                    f" {folder}`, or crawl only the saved pages with --mode urls"
                )
    return found


def not_saved(failures: Path, folder: Path) -> int:
    """How many not_found failures are of URLs the replay folder has no page for."""
    from newscrawl.replay import ReplayStore

    if not folder.is_dir():
        return 0
    store = ReplayStore(folder)
    opener = gzip.open if failures.name.endswith(".gz") else open
    missing = 0
    with opener(failures, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["error"]["kind"] == "not_found" and store.find(record["url"]) is None:
                missing += 1
    return missing
