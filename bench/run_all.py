"""Every benchmark, side by side, in one run, as one table (the README's).

    python bench/run_all.py [--quick]

Runs, each in its own process and one after the other:
  extract_compare.py  newscrawl against trafilatura, newspaper4k and lxml parse-only, on the
                      fixture pages (accuracy and speed (time / lxml parse time) on one core);
  generic_eval.py     the same tools on the real pages of the development set (fixtures/fundus);
  crawl_bench.py      the full pipeline against a bare fetch-only spider on a loopback site;
  workers_bench.py    one worker against two on a Redis frontier (needs redis-server).
Needs the benchmark extras: pip install -e '.[bench,distributed]'.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, out: Path, *options: str) -> dict | None:
    command = [sys.executable, str(HERE / script), "--json", str(out), *options]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        print(f"{script} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(out.read_text())


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def accuracy_rows(title: str, figures: dict) -> list[str]:
    rows = []
    tools = figures.get("tools", figures)
    for name, tool in tools.items():
        accuracy = tool.get("accuracy") if isinstance(tool, dict) and "accuracy" in tool else tool
        # the same-run ratio is the speed figure; pages/s is absolute, from separate processes
        speed = f"{ratio(tool.get('ratio_to_parse_only'))} | {tool.get('pages_per_second', 0):,.0f}"
        if not isinstance(accuracy, dict) or "headline" not in accuracy:
            rows.append(f"| {title} | {name} | {speed} | — | — | — | — |")
            continue
        body = accuracy.get("body_f1")
        rows.append(
            f"| {title} | {name} | {speed} | "
            f"{percent(accuracy.get('headline'))} | {percent(accuracy.get('authors'))} | "
            f"{percent(accuracy.get('date'))} | {'—' if body is None else f'{body:.3f}'} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sites, one timed pass")
    args = parser.parse_args()
    repeat = "1" if args.quick else "3"
    with tempfile.TemporaryDirectory(prefix="newscrawl-all-") as tmp:
        work = Path(tmp)
        compare = run("extract_compare.py", work / "compare.json", "--repeat", repeat)
        generic = run("generic_eval.py", work / "generic.json", "--repeat", repeat)
        crawl = run("crawl_bench.py", work / "crawl.json",
                    "--pages", "1000" if args.quick else "5000")  # fmt: skip
        workers = None
        if shutil.which("redis-server"):
            workers = run("workers_bench.py", work / "workers.json",
                          "--pages", "500" if args.quick else "2000")  # fmt: skip
    passes = (
        "--quick: every figure below is from ONE timed pass (no best of several), on smaller "
        "crawl and workers sites"
        if args.quick
        else f"extraction figures: best of {repeat} timed passes"
    )
    print(
        f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; {passes}\n"
    )
    print(
        "speed: time / lxml parse time = a tool's best time over lxml parse-only's best time, "
        "measured in the same run (lower is faster); pages/s is absolute and secondary: each "
        "benchmark runs in its own process, so pages/s does not compare across benchmarks\n"
    )
    print(
        "| benchmark | tool | time / lxml parse time | pages/s (absolute) "
        "| headline | authors | date | body F1 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for title, figures in (("fixture pages", compare), ("development set (real pages)", generic)):
        if figures:
            print("\n".join(accuracy_rows(title, figures)))
    print()
    if crawl:
        print(f"crawl of {crawl['pages']} loopback pages: full pipeline "
              f"{crawl['full_pages_per_second']} pages/s, bare fetch-only spider "
              f"{crawl['bare_pages_per_second']} pages/s, "
              f"ratio {crawl['ratio_full_to_bare']}")  # fmt: skip
    if workers:
        print(f"{workers['pages']} pages at {workers['latency_seconds']} s latency: one worker "
              f"{workers['one_worker_pages_per_second']} pages/s, two workers "
              f"{workers['two_workers_pages_per_second']} pages/s, ratio "
              f"{workers['ratio_two_to_one']}")  # fmt: skip
    elif shutil.which("redis-server") is None:
        print("workers: skipped (redis-server not installed)")


if __name__ == "__main__":
    main()
