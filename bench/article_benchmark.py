"""newscrawl against trafilatura and newspaper4k on the Zyte/Scrapinghub article-extraction
benchmark (181 pages of 181 sites, hand-checked article bodies), in one run, with the benchmark's
own metric (`testkit.evaluation.benchmark_figures`: precision over the pages with a non-empty
prediction, recall over all pages, F1 of the two means), beside lxml's parse-only time.

    python bench/article_benchmark.py [--data ../shared/data/article-extraction-benchmark]
        [--repeat 3] [--cpu N] [--json OUT] [--misses]

Printed per tool: body precision, recall and F1 on every page, then on the tuning half and on the
held-out half of the set (`testkit.devset.held_out`: by a hash of the site's host; the generic
extractor's rules were tuned on the first half only, so the held-out figures are out of sample);
pages refused (newscrawl: an error record; trafilatura: no result; newspaper4k: no text); pages/s
and the ratio to lxml's parse-only time (best of --repeat passes, tools in A B B A order), CPU
milliseconds per page and the CPU-time ratio. The tools are called as in bench/extract_compare.py
(whose machinery this reuses); `--misses` lists the tuning half's pages below 0.9; trafilatura's
body is its `text` (the same figures as the benchmark's own `trafilatura.extract(html)` call),
newspaper4k's its `text`, newscrawl's the record's body blocks joined by newlines. `--data
fixtures/article-benchmark` runs the subset the tests keep.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_compare import (
    Page,
    Tool,
    benchmark,
    cpu_ms_per_page,
    lxml_tool,
    machine,
    newscrawl_tool,
    newspaper_tool,
    no_network,
    pin_to_cpu,
    print_failures,
    ratio_to_parse_only,
    trafilatura_tool,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from testkit.devset import DevPage, article_benchmark, held_out
from testkit.evaluation import benchmark_counts, benchmark_figures

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
HEADERS = {"Content-Type": "text/html"}
HALVES = (("all pages", None), ("tuning half (in sample)", False),
          ("held-out half (out of sample)", True))  # fmt: skip


def as_page(page: DevPage) -> Page:
    # The benchmark's own runners read every page as UTF-8 text; newscrawl and lxml take the bytes.
    html = page.html.decode("utf-8", errors="replace")
    return Page(page.name, page.url, 200, dict(HEADERS), page.html, html, page.expected)


def body_of(values: dict[str, Any] | None) -> str:
    return (values or {}).get("body") or ""


def figures_for(tool: Tool, pages: list[Page], half: bool | None) -> dict[str, float]:
    counts = [
        benchmark_counts(page.expected["body"], body_of(got))
        for page, got in zip(pages, tool.outputs, strict=True)
        if half is None or held_out_page(page) == half
    ]
    return benchmark_figures(counts)


def held_out_page(page: Page) -> bool:
    return held_out(DevPage(page.name, page.url, b""))


def refused(tool: Tool) -> int:
    return sum(1 for got in tool.outputs if not body_of(got).strip())


def report(tools: list[Tool], pages: list[Page]) -> tuple[list[str], dict[str, Any]]:
    scored = [t for t in tools if t.values is not None]
    lines = []
    figures: dict[str, Any] = {}
    for title, half in HALVES:
        count = sum(1 for p in pages if half is None or held_out_page(p) == half)
        if not count:
            continue
        lines += [f"\nbody, {title}: {count} pages", "| tool | precision | recall | F1 |",
                  "|---|---:|---:|---:|"]  # fmt: skip
        for tool in scored:
            found = figures_for(tool, pages, half)
            figures.setdefault(tool.name, {})[title] = found
            lines.append(f"| {tool.name} {tool.version} | {found['precision']:.3f} | "
                         f"{found['recall']:.3f} | {found['f1']:.3f} |")  # fmt: skip
    lines += ["\n| tool | pages refused | pages/s (wall) | CPU ms/page | CPU / lxml CPU |",
              "|---|---:|---:|---:|---:|"]  # fmt: skip
    for tool in tools:
        wall = min(tool.wall)
        no_body = "—" if tool.values is None else str(refused(tool))
        lines.append(
            f"| {tool.name} {tool.version} | {no_body} | {len(pages) / wall:,.0f} | "
            f"{cpu_ms_per_page(tool, pages):.2f} | {ratio_to_parse_only(tool, tools):.2f}x |"
        )
        figure = figures.setdefault(tool.name, {})
        figure.update(
            version=tool.version,
            refused=None if tool.values is None else refused(tool),
            pages_per_second=len(pages) / wall,
            cpu_ms_per_page=cpu_ms_per_page(tool, pages),
            cpu_ratio_to_parse_only=ratio_to_parse_only(tool, tools),
            errors=tool.errors,
        )
    return lines, figures


def misses(tool: Tool, pages: list[Page], names: set[str], below: float = 0.9) -> list[str]:
    """The pages of `names` where `tool`'s body falls short: name, half, precision, recall."""
    lines = []
    for page, got in zip(pages, tool.outputs, strict=True):
        if page.name not in names:
            continue
        tp, fp, fn = benchmark_counts(page.expected["body"], body_of(got))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        if min(precision, recall) < below:
            half = "held-out" if held_out_page(page) else "tuning"
            lines.append(f"  {page.name[:12]} {half:8} P {precision:.2f} R {recall:.2f} {page.url}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", type=int, help="pin the process to this CPU")
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument("--misses", action="store_true", help="tuning pages below 0.9 P or R")
    parser.add_argument("--all-misses", action="store_true", help="with --misses: every page")
    parser.add_argument("--only", help="comma-separated tool names (newscrawl, trafilatura, …)")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        parser.error(f"{args.data}: no ground-truth.json (give --data the benchmark's folder)")
    logging.disable(logging.CRITICAL)
    pages = [as_page(page) for page in article_benchmark(args.data)]
    cpu = pin_to_cpu(args.cpu)
    with no_network() as attempts:
        optional = [trafilatura_tool(), newspaper_tool()]
        tools = [newscrawl_tool(), *[t for t in optional if t], lxml_tool()]
        if args.only:
            wanted = set(args.only.split(","))
            tools = [t for t in tools if t.package in wanted or t.values is None]
        benchmark(tools, pages, args.repeat)
    host = machine()
    pinned = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {host['processor']}, {host['cpu_count']} CPUs"
          f" ({pinned}), Python {host['python']}; {len(pages)} pages from {args.data}; best of"
          f" {args.repeat} timed passes")  # fmt: skip
    lines, figures = report(tools, pages)
    print("\n".join(lines))
    print_failures(tools, attempts)
    if args.misses:
        # The tuning half only, unless asked: reading the held-out pages' misses is tuning on them.
        shown = pages if args.all_misses else [p for p in pages if not held_out_page(p)]
        for tool in tools:
            if tool.values is not None:
                print(f"\n{tool.name} below 0.9 precision or recall:")
                print("\n".join(misses(tool, pages, set(p.name for p in shown))) or "  none")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
