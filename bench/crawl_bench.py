"""Benchmark: the full crawl pipeline against a bare fetch-only Scrapy spider, in one run.

Generates a synthetic site of N article pages (default 5,000; every kind of page, varied
templates) with `testkit.sitegen`, serves it from a separate `newscrawl serve` process on
127.0.0.1, warms the server (its index of the site, the first answers), then crawls the same N
URLs through Scrapy's real downloader, alternating four crawls (full, bare, stock, direct,
direct, stock, bare, full; then again for each further --rounds):
  full:  `newscrawl crawl` (extraction, every pipeline, validation, JSON Lines export, report),
  bare:  a Scrapy spider that only fetches (bench/bare_spider.py --tuned), with the Scrapy
         settings newscrawl uses to cut Scrapy's own cost a page (CONCURRENT_ITEMS=1 above all):
         the baseline of the goal, so that the ratio is what newscrawl's own work costs;
  stock: the same spider with Scrapy's default settings (what a stock Scrapy spider costs);
  direct: the tuned spider asking the mirror for its own URLs, without the mirror middleware
         (which sends each request through the scheduler twice, in full and bare alike): the
         difference bare - direct is what the mirror costs a page, which a crawl of the real
         site does not pay; the ratio is also printed with it taken out of both.
Each crawl is its own process, timed by the same extension (bench/crawl_timing.py) from the
spider's opening to its closing (process start-up excluded): wall seconds and CPU seconds of the
whole process. Prints per crawl pages/s and CPU milliseconds per page, and the same-run
ratios: CPU per page full / bare and full / stock (the crawler's own cost, whatever else the
machine runs) and pages/s full / bare.

    python bench/crawl_bench.py [--pages 5000] [--concurrency 16] [--rounds 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_runs import (
    bare_command,
    figures,
    free_port,
    mirror_server,
    newscrawl_command,
    run,
    served,
    spread,
    warm,
)

from testkit.sitegen import build_site, generate_articles

ORDER = ("full", "bare", "stock", "direct", "direct", "stock", "bare", "full")
FLAGS = {"bare": ("--tuned",), "stock": (), "direct": ("--tuned", "--direct")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the six crawls")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        work = Path(tmp)
        articles = generate_articles(args.pages)
        build_site(work / "site", articles)
        urls = [a.url for a in articles]
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        port = free_port()
        mirror = f"http://127.0.0.1:{port}"
        runs: dict[str, list[dict]] = {kind: [] for kind in ("full", "bare", "stock", "direct")}
        with served(mirror_server(work / "site", port), port):
            warm(mirror, urls[:20])
            timing = work / "timing.json"
            for kind in ORDER * args.rounds:
                if kind == "full":
                    command = newscrawl_command(
                        mirror, url_file, work / "out.jsonl", timing, args.concurrency
                    )
                else:
                    flags = FLAGS[kind]
                    command = bare_command(mirror, url_file, timing, args.concurrency, *flags)
                runs[kind].append(figures(run(command, timing)))
                print(f"{kind}: {runs[kind][-1]}", file=sys.stderr)
            exported = sum(1 for _ in (work / "out.jsonl").open())
    report(args, runs, exported)


def round_ratios(
    runs: dict[str, list[dict]], rounds: int, figure: str, baseline: str
) -> list[float]:
    """Same-round ratios: each round's two full runs against its two `baseline` runs."""
    full, base = runs["full"], runs[baseline]
    return [
        statistics.mean(f[figure] for f in full[2 * r : 2 * r + 2])
        / statistics.mean(b[figure] for b in base[2 * r : 2 * r + 2])
        for r in range(rounds)
    ]


def without_mirror(runs: dict[str, list[dict]], rounds: int) -> list[float]:
    """Each round's full / bare CPU a page with the mirror's cost (bare - direct) taken out of
    both: an estimate of the ratio on the real site."""
    ratios = []
    for r in range(rounds):
        full, bare, direct = (
            statistics.mean(x["cpu_ms_per_page"] for x in runs[kind][2 * r : 2 * r + 2])
            for kind in ("full", "bare", "direct")
        )
        ratios.append((full - bare + direct) / direct)
    return ratios


def report(args: argparse.Namespace, runs: dict[str, list[dict]], exported: int) -> None:
    full, bare, stock = runs["full"], runs["bare"], runs["stock"]
    cpu_ratios = round_ratios(runs, args.rounds, "cpu_ms_per_page", "bare")
    unmirrored = without_mirror(runs, args.rounds)
    stock_ratios = round_ratios(runs, args.rounds, "cpu_ms_per_page", "stock")
    rate_ratios = round_ratios(runs, args.rounds, "pages_per_second", "bare")
    print(
        f"site: {args.pages} article pages on 127.0.0.1, concurrency {args.concurrency}, "
        f"{args.rounds} round(s) of full-bare-stock-direct-direct-stock-bare-full; "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    titles = (
        ("stock", "stock Scrapy fetch-only"),
        ("bare", "bare fetch-only (tuned)"),
        ("direct", "bare, no mirror (direct)"),
        ("full", "full newscrawl crawl"),
    )
    for kind, title in titles:
        rates = [r["pages_per_second"] for r in runs[kind]]
        cpu = [r["cpu_ms_per_page"] for r in runs[kind]]
        print(f"{title:24s} pages/s {spread(rates)}   CPU ms/page {spread(cpu)}")
    print(f"records exported by the last full crawl: {exported}")
    print(f"CPU per page, full / bare:  {spread(cpu_ratios)}")
    print(f"CPU per page, full / stock: {spread(stock_ratios)}")
    print(
        f"the same, the mirror's cost out of both (full - bare + direct) / direct: "
        f"{spread(unmirrored)}"
    )
    print(f"pages/s, full / bare:       {spread(rate_ratios)}")
    memory = full[-1]["memory"]
    print(
        "full crawl memory (MiB, resident / peak): "
        + ", ".join(f"{k} pages {v['rss_mib']} / {v['peak_mib']}" for k, v in memory.items())
    )
    if args.json:
        result = {
            "pages": args.pages,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "runs": runs,
            "cpu_ratio_full_to_bare": [round(r, 3) for r in cpu_ratios],
            "cpu_ratio_full_to_stock": [round(r, 3) for r in stock_ratios],
            "cpu_ratio_without_mirror": [round(r, 3) for r in unmirrored],
            "rate_ratio_full_to_bare": [round(r, 3) for r in rate_ratios],
            "full_cpu_ms_per_page": statistics.median(r["cpu_ms_per_page"] for r in full),
            "bare_cpu_ms_per_page": statistics.median(r["cpu_ms_per_page"] for r in bare),
            "stock_cpu_ms_per_page": statistics.median(r["cpu_ms_per_page"] for r in stock),
            "direct_cpu_ms_per_page": statistics.median(
                r["cpu_ms_per_page"] for r in runs["direct"]
            ),
            "full_pages_per_second": statistics.median(r["pages_per_second"] for r in full),
            "bare_pages_per_second": statistics.median(r["pages_per_second"] for r in bare),
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
