"""Benchmark: what the run history costs a crawl at its end, against the crawl itself.

Crawls the fixture site once with `newscrawl crawl` (a child process: its CPU seconds), then, in
this process, repeats the end-of-run work the history adds with a full history of N runs
(default 500, the pruning default) of that crawl's report: read every entry, judge the run
against them, render report.html, add the entry (and prune). Prints the CPU seconds of both
and their ratio. The crawl and the end-of-run work alternate (A B B A), after one untimed crawl.

    python bench/history_bench.py [--runs 500]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.drift import Thresholds, judge  # noqa: E402
from newscrawl.history import History  # noqa: E402
from newscrawl.report_html import render_report  # noqa: E402


def crawl(out: Path) -> float:
    """CPU seconds of one `newscrawl crawl` of the fixture site (a child process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "--replay",
               str(ROOT / "fixtures" / "site"), "-o", str(out)]  # fmt: skip
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def end_of_run(history: History, report: dict) -> float:
    """CPU seconds of the history's part of a crawl's end."""
    start = time.process_time()
    past = history.runs()
    judged = dict(report)
    judged["drift"] = judge(report, past, Thresholds()).as_dict()
    render_report([*past, judged])
    history.add(judged)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        folder = Path(tmp)
        crawl(folder / "warm.jsonl")  # untimed
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        # As a run with a baseline keeps it: with its drift checks.
        report["drift"] = judge(report, [report, report], Thresholds()).as_dict()
        history = History(folder / "full.history", keep_runs=args.runs)
        start = datetime.now(UTC) - timedelta(hours=args.runs)
        for n in range(args.runs):
            history.add(report, now=start + timedelta(hours=n))
        crawls, ends = [], []
        for order in ("AB", "BA"):
            for step in order:
                if step == "A":
                    crawls.append(crawl(folder / "timed.jsonl"))
                else:
                    ends.append(end_of_run(history, report))
        size = sum(p.stat().st_size for p in history.entries()) / len(history.entries())
    crawl_cpu, end_cpu = min(crawls), min(ends)
    print(f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()},"
          f" Python {platform.python_version()}")  # fmt: skip
    print(f"crawl of the fixture site (83 pages): {crawl_cpu:.2f} CPU s (best of 2)")
    print(f"end-of-run history work with {args.runs} runs kept ({size / 1024:.1f} KiB each):"
          f" {end_cpu * 1000:.0f} CPU ms (best of 2)")  # fmt: skip
    print(f"ratio history work / crawl: {end_cpu / crawl_cpu:.3f}")


if __name__ == "__main__":
    main()
