"""Benchmark: extract + normalise + validate against parsing the same pages with lxml alone.

Three sets of pages, each timed on its own, in the same run:
  fixture pages:   every saved page under fixtures/ (articles of every kind in the three
                   editions, error pages, the generic site's pages), as `newscrawl extract`
                   reads them;
  generated site:  --site-pages article pages (default 1,000) of `testkit.sitegen` (every kind
                   of page, varied headlines, bodies, bylines, media, tickers);
  development set: the real pages of the development set (fixtures/fundus, or --data
                   ../shared/data for the whole set), read as a crawl reads them (their
                   publisher's profile, else the generic one).
For each set, in each of --rounds rounds, the two are timed alternately (parse, full, full,
parse), CPU time (`time.process_time`) and wall time on one clock:
  parse-only:  `lxml.html.document_fromstring(body)` for every page,
  full:        newscrawl's `record_for_page` (Scrapy response, encoding, classification,
               extraction, every pipeline, schema validation) for every page.
Prints per set CPU and wall milliseconds a page and the same-round ratio full / parse-only
(CPU), as the median over rounds and its spread.

    python bench/extract_bench.py [--site-pages 1000] [--rounds 3] [--data DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from newscrawl.processing import record_for_page
from newscrawl.replay import ReplayStore
from testkit.devset import fundus_eval, fundus_fixtures
from testkit.sitegen import build_site, generate_articles

ROOT = Path(__file__).resolve().parent.parent
CRAWLED_AT = "2026-11-20T10:00:00+00:00"
HTML = {"Content-Type": "text/html"}

Page = tuple[str, bytes, int, dict[str, str] | None]


def saved_pages(folder: Path) -> list[Page]:
    """Every saved page (replay layout) under `folder`, in folder order."""
    store = ReplayStore(folder)
    pages = []
    for url in store.urls():
        page = store.find(url)
        if page is not None and page.body:
            pages.append((page.url, page.body, page.status, page.headers or None))
    return pages


def site_pages(count: int, work: Path) -> list[Page]:
    articles = generate_articles(count)
    build_site(work, articles)
    store = ReplayStore(work)
    pages = []
    for spec in articles:
        page = store.find(spec.url)
        if page is not None:
            pages.append((page.url, page.body, page.status, page.headers))
    return pages


def dev_pages(data: Path) -> list[Page]:
    found = fundus_fixtures(data / "fundus-fixtures")
    if (data / "fundus-eval").exists():
        found += fundus_eval(data / "fundus-eval")
    return [(page.url, page.html, 200, dict(HTML)) for page in found]


def parse_only(pages: list[Page]) -> None:
    for _, body, _, _ in pages:
        with contextlib.suppress(ValueError, lxml.etree.ParserError):  # empty: no document
            lxml.html.document_fromstring(body)


def full(pages: list[Page]) -> None:
    for url, body, status, headers in pages:
        record_for_page(url, body, status, headers, CRAWLED_AT)


def timed(work: Callable[[list[Page]], None], pages: list[Page]) -> tuple[float, float]:
    """CPU seconds and wall seconds of `work(pages)`, on one clock each."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    work(pages)
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(pages: list[Page], rounds: int) -> dict[str, object]:
    full(pages)  # warm: schema, pipelines, regexes, caches of the code (not of the pages)
    ratios, parse_cpu, full_cpu, parse_wall, full_wall = [], [], [], [], []
    for _ in range(rounds):
        first = timed(parse_only, pages)
        one, two = timed(full, pages), timed(full, pages)
        last = timed(parse_only, pages)
        ratios.append((one[0] + two[0]) / (first[0] + last[0]))
        parse_cpu += [first[0], last[0]]
        full_cpu += [one[0], two[0]]
        parse_wall += [first[1], last[1]]
        full_wall += [one[1], two[1]]
    per_page = 1000 / len(pages)
    return {
        "pages": len(pages),
        "mean_kib": round(sum(len(p[1]) for p in pages) / len(pages) / 1024, 1),
        "parse_cpu_ms": round(statistics.median(parse_cpu) * per_page, 3),
        "full_cpu_ms": round(statistics.median(full_cpu) * per_page, 3),
        "parse_wall_ms": round(statistics.median(parse_wall) * per_page, 3),
        "full_wall_ms": round(statistics.median(full_wall) * per_page, 3),
        "ratio": round(statistics.median(ratios), 2),
        "ratios": [round(r, 2) for r in ratios],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "fixtures" / "fundus")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-extract-") as tmp:
        sets = {
            "fixture pages": [
                p
                for d in ("pages", "site", "generic-site")
                for p in saved_pages(ROOT / "fixtures" / d)
            ],
            "generated site": site_pages(args.site_pages, Path(tmp) / "site"),
            "development set": dev_pages(args.data),
        }
    results = {name: measure(pages, args.rounds) for name, pages in sets.items()}
    print(
        f"{args.rounds} rounds of parse, full, full, parse per set; medians (spread of the "
        f"same-round ratios); Python {platform.python_version()} on {platform.machine()}"
    )
    print(
        "| pages | n | mean KiB | lxml parse CPU ms | full CPU ms | full wall ms "
        "| full / parse (CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        spread = f"{min(r['ratios']):.2f}–{max(r['ratios']):.2f}"  # type: ignore[type-var]
        print(
            f"| {name} | {r['pages']} | {r['mean_kib']} | {r['parse_cpu_ms']} | "
            f"{r['full_cpu_ms']} | {r['full_wall_ms']} | {r['ratio']}x ({spread}) |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
