"""Every benchmark, side by side, in one run, as the README's tables.

    python bench/run_all.py [--quick] [--runs 3] [--data ../shared/data]

Runs, each in its own process and one after the other:
  extract_compare.py  newscrawl against trafilatura, newspaper4k and lxml parse-only, on the
                      fixture pages (accuracy, and speed as CPU time over lxml's parse time);
  generic_eval.py     the same tools on the real pages of the development set;
  extract_bench.py    extract + normalise + validate over lxml parse-only: fixture pages, a
                      generated site, the development set;
  crawl_bench.py      the full crawl against a bare Scrapy spider (CPU per page, pages/s);
  workers_bench.py    one worker against two on a Redis frontier (needs redis-server);
                      (these three each --runs times, one after another: each figure's median
                      and its lowest and highest run, measured at different moments)
  memory_bench.py     memory per URL seen, from 5,000 to 100,000 URLs.
Every speed figure is a ratio of two measurements made in the same run, in alternating order.
Needs the benchmark extras: pip install -e '.[bench,distributed]'.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
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


def across(values: list[float], digits: int = 2, unit: str = "") -> str:
    """The median of the runs' figures, with the lowest and highest run when there are more."""
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}{unit}"
    return f"{middle:.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


EXTRACT_TITLES = {
    "fixture pages": "extract + normalise + validate / lxml parse-only, the fixture pages "
    "(every kind, errors too)",
    "generated site": "the same, generated site pages (`testkit.sitegen`, every kind)",
    "development set": "the same, the real pages of the development set (generic extractor "
    "and profiles)",
}


def speed_rows(
    extract: list[dict], crawl: list[dict], workers: list[dict], commands: dict[str, str]
) -> list[str]:
    """The README's speed table: each figure's median over the runs (lowest–highest run) and,
    from each run, its own same-run spread."""
    rows = []
    for name, title in EXTRACT_TITLES.items():
        runs = [run[name] for run in extract if name in run]
        if not runs:
            continue
        within = ", ".join(spread(r["ratios"]) for r in runs)
        rows.append(
            f"| {title} ({runs[0]['pages']} pages) | `{commands['extract']}` | "
            f"{across([r['ratio'] for r in runs], unit='x')} [rounds: {within}] | "
            f"{across([r['full_cpu_ms'] for r in runs], 3)} ms "
            f"(lxml {across([r['parse_cpu_ms'] for r in runs], 3)} ms) |"
        )
    if crawl:
        cpu = [statistics.median(r["cpu_ratio_full_to_bare"]) for r in crawl]
        rate = [statistics.median(r["rate_ratio_full_to_bare"]) for r in crawl]
        cpu_rounds = ", ".join(spread(r["cpu_ratio_full_to_bare"]) for r in crawl)
        rate_rounds = ", ".join(spread(r["rate_ratio_full_to_bare"]) for r in crawl)
        rows.append(
            f"| crawl, full pipeline / bare Scrapy spider (tuned), CPU a page "
            f"({crawl[0]['pages']:,} "
            f"pages, concurrency {crawl[0]['concurrency']}) | `{commands['crawl']}` | "
            f"{across(cpu, unit='x')} [rounds: {cpu_rounds}] | "
            f"{across([r['full_cpu_ms_per_page'] for r in crawl])} ms "
            f"(bare {across([r['bare_cpu_ms_per_page'] for r in crawl])} ms) |"
        )
        stock = [statistics.median(r["cpu_ratio_full_to_stock"]) for r in crawl]
        stock_rounds = ", ".join(spread(r["cpu_ratio_full_to_stock"]) for r in crawl)
        rows.append(
            f"| crawl, full pipeline / stock Scrapy spider, CPU a page | the same runs | "
            f"{across(stock, unit='x')} [rounds: {stock_rounds}] | "
            f"stock {across([r['stock_cpu_ms_per_page'] for r in crawl])} ms |"
        )
        unmirrored = [statistics.median(r["cpu_ratio_without_mirror"]) for r in crawl]
        rows.append(
            f"| crawl, full / bare (tuned), the mirror's cost taken out of both (estimate) | "
            f"the same runs | {across(unmirrored, unit='x')} | "
            f"bare without the mirror {across([r['direct_cpu_ms_per_page'] for r in crawl])} ms |"
        )
        rows.append(
            f"| crawl, full pipeline / bare Scrapy spider, pages/s | the same runs | "
            f"{across(rate)} [rounds: {rate_rounds}] | — |"
        )
    if workers:
        one = [statistics.median(r["one_worker_pages_per_second"]) for r in workers]
        rows.append(
            f"| two Redis workers / one, site latency {workers[0]['latency_seconds']} s, "
            f"{workers[0]['concurrency_per_worker']} requests per worker "
            f"({workers[0]['pages']} pages) | `{commands['workers']}` | "
            f"{across([r['ratio_two_to_one'] for r in workers])} "
            f"[pairs: {', '.join(spread(r['pairs']) for r in workers)}] | "
            f"one worker {across(one, 1)} pages/s |"
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
    parser.add_argument(
        "--runs", type=int, default=1, help="run each speed benchmark this many times, one "
        "after another (a figure's spread over runs made at different moments)"
    )  # fmt: skip
    args = parser.parse_args()
    data = ["--data", str(args.data)] if args.data else []
    extract_options = ["--site-pages", "500", "--rounds", "1" if args.quick else "3", *data]
    crawl_options = ["--pages", "500" if args.quick else "2000", "--rounds", "1" if args.quick
                     else "3"]  # fmt: skip
    workers_options = ["--pages", "300" if args.quick else "600"]
    commands = {
        "extract": " ".join(["python bench/extract_bench.py", *extract_options]),
        "crawl": " ".join(["python bench/crawl_bench.py", *crawl_options]),
        "workers": " ".join(["python bench/workers_bench.py", *workers_options]),
    }
    speed: dict[str, list[dict]] = {"extract": [], "crawl": [], "workers": []}
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
        }
        for number in range(args.runs):
            for name, script, options in (
                ("extract", "extract_bench.py", extract_options),
                ("crawl", "crawl_bench.py", crawl_options),
                ("workers", "workers_bench.py", workers_options),
            ):
                if name == "workers" and shutil.which("redis-server") is None:
                    continue
                figures = run(script, work / f"{name}-{number}.json", *options)
                if figures:
                    speed[name].append(figures)
        results["memory"] = run(
            "memory_bench.py", work / "memory.json", "--pages", "25000" if args.quick else "100000"
        )
    print(
        f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
        + (f"; {args.runs} runs of each speed benchmark" if args.runs > 1 else "")
        + ("; --quick: smaller sites, fewer passes" if args.quick else "")
        + "\n"
    )
    print("| figure | command | same-run ratio, median of the runs (lowest–highest run) "
          "| CPU a page |")  # fmt: skip
    print("|---|---|---:|---:|")
    print("\n".join(speed_rows(speed["extract"], speed["crawl"], speed["workers"], commands)))
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
