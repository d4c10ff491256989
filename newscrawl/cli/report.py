"""`newscrawl report`: a crawl's history as one page to look at (newscrawl/report_html.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newscrawl.cli.usage import command_parser
from newscrawl.history import History, history_beside
from newscrawl.report_html import RUNS_SHOWN, render_report


def default_page(history: Path) -> Path:
    """`x.report.html` beside `x.history`."""
    return history.with_name(f"{history.name.removesuffix('.history')}.report.html")


def run(args: argparse.Namespace) -> int:
    given = Path(args.history)
    folder = given if given.is_dir() else history_beside(given)
    if not folder.is_dir():
        print(f"newscrawl report: no history at {folder}: run a crawl first", file=sys.stderr)
        return 2
    if args.runs < 1:
        print("newscrawl report: --runs must be at least 1", file=sys.stderr)
        return 2
    runs = History(folder).runs()
    if not runs:
        print(f"newscrawl report: {folder} holds no run report", file=sys.stderr)
        return 2
    page = Path(args.output) if args.output else default_page(folder)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_report(runs, runs_shown=args.runs), encoding="utf-8")
    verdict = "FAILED" if runs[-1].get("verdict", {}).get("failed") else "ok"
    print(f"wrote {page}: {len(runs)} runs, the last one {verdict}")
    return 0


def add_parser(commands: Any) -> None:
    report = command_parser(
        commands,
        "report",
        "render a crawl's run history as one HTML page (charts, drift, verdict)",
        """Draw a crawl's run history (every run's report, kept in x.history beside -o x.jsonl, or
beside the state of an incremental crawl) as one self-contained HTML page: the last run's
verdict and its reasons, each drift figure against its baseline, pages and records per run,
field coverage over runs. A crawl writes this page itself (x.report.html); this command draws
it again, for another number of runs or into another file.""",
        """newscrawl report data/articles.jsonl
newscrawl report data/en/articles.state.sqlite --runs 100 -o en.html
newscrawl report data/articles.history""",
    )
    report.add_argument(
        "history",
        metavar="HISTORY_OR_OUTPUT",
        help="a history folder (x.history), or the crawl's -o or state file (x.history beside it)",
    )
    report.add_argument(
        "-o", "--output", help="the page to write (default: x.report.html beside x.history)"
    )
    report.add_argument(
        "--runs", type=int, default=RUNS_SHOWN, help=f"runs shown (default {RUNS_SHOWN})"
    )
    report.set_defaults(run=run)
