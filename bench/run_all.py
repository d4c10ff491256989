"""Every benchmark, side by side, in one run, as the README's tables.

    python bench/run_all.py [--quick] [--data ../shared/data]

Runs, each in its own process and one after the other:
  extract_compare.py  newscrawl against trafilatura, newspaper4k and lxml parse-only, on the
                      fixture pages (accuracy, and speed as CPU time over lxml's parse time);
  generic_eval.py     the same tools on the real pages of the development set;
  extract_bench.py    extract + normalise + validate over lxml parse-only: fixture pages, a
                      generated site, the development set;
  crawl_bench.py      the full crawl against a bare Scrapy spider (CPU per page, pages/s);
  workers_bench.py    one worker against two on a Redis frontier (needs redis-server);
  memory_bench.py     memory per URL seen, at 5,000, 25,000 and 100,000 URLs.
Every speed figure is a ratio of two measurements made in the same run, in alternating order.
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
from typing import Any

HERE = Path(__file__).resolve().parent


def run(script: str, out: Path, *options: str) -> dict | None:
    command = [sys.executable, str(HERE / script), "--json", str(out), *options]
    print(f"running {script} {' '.join(options)}", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        print(f"{script} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(out.read_text())


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def accuracy_rows(title: str, figures: dict) -> list[str]:
    rows = []
    tools = figures.get("tools", figures)
    for name, tool in tools.items():
        accuracy = tool.get("accuracy") if isinstance(tool, dict) and "accuracy" in tool else tool
        speed = (
            f"{tool.get('ratio_to_parse_only', 0):.2f}x | {tool.get('cpu_ms_per_page', 0):.2f} | "
            f"{tool.get('pages_per_second', 0):,.0f}"
        )
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


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def speed_rows(extract: dict | None, crawl: dict | None, workers: dict | None) -> list[str]:
    rows = []
    for name, figures in (extract or {}).items():
        rows.append(
            f"| extract + normalise + validate, {name} ({figures['pages']} pages) | "
            f"full / lxml parse-only, CPU | {figures['ratio']}x ({spread(figures['ratios'])}) | "
            f"{figures['full_cpu_ms']} ms (lxml {figures['parse_cpu_ms']} ms) | "
            "`python bench/extract_bench.py` |"
        )
    if crawl:
        cpu, rate = crawl["cpu_ratio_full_to_bare"], crawl["rate_ratio_full_to_bare"]
        rows.append(
            f"| crawl of {crawl['pages']:,} pages, full / bare Scrapy spider | CPU a page | "
            f"{sorted(cpu)[len(cpu) // 2]:.2f}x ({spread(cpu)}) | "
            f"{crawl['full_cpu_ms_per_page']} ms (bare {crawl['bare_cpu_ms_per_page']} ms) | "
            "`python bench/crawl_bench.py` |"
        )
        rows.append(
            f"| crawl of {crawl['pages']:,} pages, full / bare Scrapy spider | pages/s | "
            f"{sorted(rate)[len(rate) // 2]:.2f} ({spread(rate)}) | "
            f"{crawl['full_pages_per_second']} pages/s (bare {crawl['bare_pages_per_second']}) | "
            "`python bench/crawl_bench.py` |"
        )
    if workers:
        rows.append(
            f"| two Redis workers / one, {workers['latency_seconds']} s site latency | pages/s | "
            f"{workers['ratio_two_to_one']} ({spread(workers['pairs'])}) | "
            f"one: {workers['one_worker_pages_per_second']} pages/s | "
            "`python bench/workers_bench.py` |"
        )
    return rows


def memory_rows(memory: dict | None) -> list[str]:
    if not memory:
        return []
    rows = ["| URLs seen | resident MiB | peak MiB |", "|---:|---:|---:|"]
    for count, figures in memory["memory"].items():
        if count != "end":
            rows.append(f"| {int(count):,} | {figures['rss_mib']} | {figures['peak_mib']} |")
    growth = ", ".join(f"{span}: {b} bytes" for span, b in memory["bytes_per_url"].items())
    rows.append(f"\npeak memory growth per URL ({growth}); `python bench/memory_bench.py`")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sites, fewer passes")
    parser.add_argument("--data", type=Path, help="the development set (default fixtures/fundus)")
    args = parser.parse_args()
    data = ["--data", str(args.data)] if args.data else []
    with tempfile.TemporaryDirectory(prefix="newscrawl-all-") as tmp:
        work = Path(tmp)
        results: dict[str, Any] = {
            "compare": run(
                "extract_compare.py", work / "compare.json", "--repeat", "2" if args.quick else "4"
            ),
            "generic": run(
                "generic_eval.py",
                work / "generic.json",
                "--repeat",
                "2" if args.quick else "4",
                *data,
            ),
            "extract": run(
                "extract_bench.py",
                work / "extract.json",
                "--rounds",
                "1" if args.quick else "3",
                *data,
            ),
            "crawl": run(
                "crawl_bench.py", work / "crawl.json", "--pages", "1000" if args.quick else "5000"
            ),
            "workers": run(
                "workers_bench.py", work / "workers.json", "--pages", "300" if args.quick else "600"
            )
            if shutil.which("redis-server")
            else None,
            "memory": run(
                "memory_bench.py",
                work / "memory.json",
                "--pages",
                "25000" if args.quick else "100000",
            ),
        }
    print(
        f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
        + ("; --quick: smaller sites, fewer passes" if args.quick else "")
        + "\n"
    )
    print("| speed | measure | same-run ratio (spread) | absolute | command |")
    print("|---|---|---:|---:|---|")
    print("\n".join(speed_rows(results["extract"], results["crawl"], results["workers"])))
    print()
    print(
        "| benchmark | tool | CPU / lxml parse CPU | CPU ms a page | pages/s (wall) "
        "| headline | authors | date | body F1 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for title, figures in (
        ("fixture pages", results["compare"]),
        ("development set (real pages)", results["generic"]),
    ):
        if figures:
            print("\n".join(accuracy_rows(title, figures)))
    print()
    print("\n".join(memory_rows(results["memory"])))
    if shutil.which("redis-server") is None:
        print("workers: skipped (redis-server not installed)")


if __name__ == "__main__":
    main()
