"""The generic extractor on real pages nobody on the team wrote, side by side with trafilatura
and newspaper4k in one run (and lxml parse-only for scale).

Pages: the Fundus development set (fundus-fixtures: ~250 pages of ~180 publishers with expected
title, authors, date and body; fundus-eval: 80 pages with checked body text). Default: the copy in
fixtures/fundus; `--data ../shared/data` for the whole set. Accuracy with testkit.evaluation
(headline exact, author set exact, publication day, body 4-gram F1), speed on one CPU, best of
--repeat passes. Two newscrawl rows: with its site profiles (as it runs), and with every site read
by the generic profile (what it does on a site it has no profile for). The profiles' headline
sources were chosen on these publishers' pages, so the first row is in-sample for headlines;
`bench/profile_holdout.py` estimates how profiles chosen on a site's other pages do.

    python bench/generic_eval.py [--data ../shared/data] [--repeat 3] [--json OUT] [--misses]
        [--half tuning|held-out]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_compare import (
    Page,
    benchmark,
    lxml_tool,
    machine,
    misses,
    newscrawl_tool,
    newspaper_tool,
    no_network,
    pin_to_cpu,
    ratio_to_parse_only,
    table,
    trafilatura_tool,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from testkit.devset import DevPage, fundus_eval, fundus_fixtures, held_out
from testkit.evaluation import Score, score_page

ROOT = Path(__file__).resolve().parent.parent
HEADERS = {"Content-Type": "text/html"}


def as_page(page: DevPage) -> Page:
    html = page.html.decode("utf-8", errors="replace")
    return Page(page.name, page.url, 200, dict(HEADERS), page.html, html, page.expected)


def dev_pages(data: Path) -> list[Page]:
    pages = fundus_fixtures(data / "fundus-fixtures")
    if (data / "fundus-eval").exists():
        pages += fundus_eval(data / "fundus-eval")
    return [as_page(page) for page in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "fixtures" / "fundus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--cpu", type=int, help="pin the process to this CPU")
    parser.add_argument("--only", choices=("fixtures", "eval"), help="one half of the set")
    parser.add_argument(
        "--half",
        choices=("tuning", "held-out"),
        help="the pages of one half of the fixed split (testkit.devset.held_out: by a hash of"
        " the site's host); the generic extractor's rules were tuned on the tuning half only",
    )
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    pages = dev_pages(args.data)
    if args.only:
        pages = [p for p in pages if p.name.startswith("eval/") == (args.only == "eval")]
    if args.half:
        wanted = args.half == "held-out"
        pages = [p for p in pages if held_out(DevPage(p.name, p.url, b"")) == wanted]
    cpu = pin_to_cpu(args.cpu)
    with no_network():
        optional = [trafilatura_tool(), newspaper_tool()]
        ours = [newscrawl_tool(), newscrawl_tool(generic_only=True)]
        tools = [*ours, *[t for t in optional if t], lxml_tool()]
        benchmark(tools, pages, args.repeat)
    page_scores = {
        tool.name: [score_page(p.expected, got) for p, got in zip(pages, tool.outputs, strict=True)]
        for tool in tools
        if tool.values is not None
    }
    scores = {name: Score.of(results) for name, results in page_scores.items()}
    host = machine()
    pinned = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    print(f"{datetime.now(UTC):%Y-%m-%d}; {host['processor']}, {host['cpu_count']} CPUs"
          f" ({pinned}), Python {host['python']}; {len(pages)} pages from {args.data}")  # fmt: skip
    counts = next(iter(scores.values())).counts
    print("fields scored on " + ", ".join(f"{k} {v}" for k, v in counts.items()) + " pages\n")
    print("\n".join(table(tools, pages, scores)))
    if args.misses:
        for tool in tools:
            if tool.name in page_scores:
                print(f"\n{tool.name} misses:")
                print("\n".join(misses(tool, pages, page_scores[tool.name])))
    if args.json:
        figures = {name: score.summary() for name, score in scores.items()}
        for tool in tools:
            figure = figures.setdefault(tool.name, {})
            figure["pages_per_second"] = len(pages) / min(tool.wall)
            figure["cpu_ms_per_page"] = 1000 * min(tool.seconds) / len(pages)
            figure["ratio_to_parse_only"] = ratio_to_parse_only(tool, tools)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
