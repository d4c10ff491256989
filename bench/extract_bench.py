"""Benchmark: extract + normalise + validate against parsing the same pages with lxml alone.

Builds N pages (default 2,000) from the fixture articles, each made unique (post id, headline,
paragraph order), then, in the same run, times
  1. parse-only:  lxml.html.document_fromstring(body) for every page,
  2. full:        newscrawl's record_for_page (Scrapy response, extraction, every pipeline,
                  schema validation) for every page,
and prints records per second of both and the ratio (full time / parse-only time). Best of
--repeat runs for each, interleaved, so both see the same machine state.

    python bench/extract_bench.py [--pages 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from pathlib import Path

import lxml.html

from newscrawl.processing import record_for_page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def article_templates() -> list[tuple[str, bytes]]:
    templates = []
    for info in sorted(PAGES.glob("en-*/info.json")):
        meta = json.loads(info.read_text(encoding="utf-8"))
        templates.append((meta["url"], (info.parent / "body.html").read_bytes()))
    return templates


def make_pages(count: int) -> list[tuple[str, bytes]]:
    templates = article_templates()
    pages = []
    for n in range(count):
        url, body = templates[n % len(templates)]
        unique = re.sub(rb'"postid": "(\d+)"', f'"postid": "{9000000 + n}"'.encode(), body)
        unique = unique.replace(b"</h1>", f" ({n})</h1>".encode(), 1)
        pages.append((f"{url}-{n}", unique))
    return pages


def time_parse(pages: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for _, body in pages:
        lxml.html.document_fromstring(body)
    return time.perf_counter() - start


def time_full(pages: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for url, body in pages:
        record = record_for_page(url, body, crawled_at="2026-11-20T10:00:00+00:00")
        if "error" in record:
            raise SystemExit(f"benchmark page failed: {record['error']}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = make_pages(args.pages)
    time_full(pages[:50])  # warm caches (schema, pipelines) outside the measurement
    parse_times, full_times = [], []
    for _ in range(args.repeat):
        parse_times.append(time_parse(pages))
        full_times.append(time_full(pages))
    parse, full = min(parse_times), min(full_times)
    size = sum(len(body) for _, body in pages) / len(pages) / 1024
    print(
        f"pages: {len(pages)} (mean {size:.0f} KiB), best of {args.repeat}; "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    print(f"lxml parse only:                 {len(pages) / parse:8.0f} pages/s")
    print(f"extract + normalise + validate:  {len(pages) / full:8.0f} records/s")
    print(f"ratio (full time / parse time):  {full / parse:8.2f}x")


if __name__ == "__main__":
    main()
