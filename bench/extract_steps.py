"""Where a page's extraction time goes, step by step, beside lxml's parse of the same pages.

For each set of `extract_bench.py` (fixture pages, generated site, development set), the path
of `record_for_page` is timed cumulatively, each run adding one step to the ones before:

  response:   the Scrapy response with its encoding (`page_response`);
  classify:   + the classification (`classify.judge`: statuses, titles, challenge markers);
  parse:      + our parse of the page (`document.parse_page`);
  read:       + the site's reader (Al Mayadeen's or the generic one), on pages not rejected;
  pipelines:  + the item pipelines and schema validation (`process_item`): the whole record.

A step's cost is its run minus the one before, so each is measured where it runs in a real
extraction (after the steps before it, with their effect on the processor's caches), not
alone. Every round times lxml's parse and the five runs on one clock (CPU time), in one order
and then the reverse; the figures are medians over rounds. It prints, per set, the CPU
microseconds a page of each step, the whole record against lxml's parse, and what issue 16's
aim (the record within 2x the parse) would leave the reader: the cost of everything but the
reader, against the parse, and how many times faster the reader would have to be.

    python bench/extract_steps.py [--rounds 4] [--site-pages 1000] [--data DIR]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_bench import CRAWLED_AT, ROOT, Page, dev_pages, parse_only, saved_pages, site_pages

from newscrawl.extraction import READERS
from newscrawl.extraction.classify import judge
from newscrawl.extraction.document import parse_page
from newscrawl.items import ErrorItem
from newscrawl.processing import page_response, process_item
from newscrawl.profiles import profile_for

STEPS = ("response", "classify", "parse", "read", "pipelines")


def up_to(last: int) -> Callable[[list[Page]], None]:
    """A run of the record's path up to and including step number `last` of `STEPS`."""

    def run(pages: list[Page]) -> None:
        for url, body, status, headers in pages:
            profile = profile_for(url)
            response = page_response(url, body, status, headers, profile)
            if last == 0:
                continue
            rejection = judge(response)
            if last == 1:
                continue
            if rejection is not None:
                item = ErrorItem.of(url, rejection.kind, rejection.message, status, CRAWLED_AT)
            else:
                page = parse_page(response)
                if last == 2:
                    continue
                item = READERS[profile.extractor](page, url, profile, status, CRAWLED_AT)
            if last == 4:
                process_item(item)

    return run


def measure(pages: list[Page], rounds: int) -> dict[str, float]:
    """CPU microseconds a page: lxml's parse (`lxml`) and each step's own cost."""
    runs: dict[str, Callable[[list[Page]], None]] = {"lxml": parse_only}
    runs.update({name: up_to(number) for number, name in enumerate(STEPS)})
    for run in runs.values():  # warm: imports, caches, the parser
        run(pages)
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for number in range(rounds):
        order = list(runs) if number % 2 == 0 else list(reversed(runs))
        for name in order:
            gc.collect()
            started = time.process_time()
            runs[name](pages)
            seconds[name].append(time.process_time() - started)
    total = {name: statistics.median(values) * 1e6 / len(pages) for name, values in seconds.items()}
    costs = {"lxml": total["lxml"]}
    before = 0.0
    for name in STEPS:
        costs[name] = total[name] - before
        before = total[name]
    return costs


def report(label: str, count: int, costs: dict[str, float]) -> str:
    lxml_parse = costs["lxml"]
    record = sum(costs[name] for name in STEPS)
    others = record - costs["read"]
    budget = 2 * lxml_parse - others
    steps = ", ".join(f"{name} {costs[name]:.0f}" for name in STEPS)
    if budget > 0:
        needed = f"the reader {costs['read'] / budget:.1f}x faster ({budget:.0f} µs)"
    else:
        needed = "out of reach even with a reader that cost nothing"
    return (
        f"{label} ({count} pages), CPU µs a page: lxml's parse {lxml_parse:.0f}; {steps}\n"
        f"  record {record / lxml_parse:.2f}x the parse; all but the reader "
        f"{others / lxml_parse:.2f}x; 2x needs {needed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--site-pages", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=ROOT / "fixtures" / "fundus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        sets = {
            "fixture pages": [
                page
                for folder in ("pages", "site", "generic-site")
                for page in saved_pages(ROOT / "fixtures" / folder)
            ],
            "generated site": site_pages(args.site_pages, Path(work) / "site"),
            "development set": dev_pages(args.data),
        }
        for label, pages in sets.items():
            print(report(label, len(pages), measure(pages, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
