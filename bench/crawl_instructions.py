"""Benchmark: instructions a page of the full crawl and of the bare spiders, counted by Valgrind.

CPU seconds a page vary by 10-20 % on this shared 2-core machine from one run to the next (the
other processes' load); the instructions a process executes do not depend on the load. Each crawl
of crawl_bench.py (the same commands, the same generated site served from another process by
`newscrawl serve`) runs twice under `valgrind --tool=callgrind` (no cache simulation), once for
the first N URLs and once for the first 2N: the difference of the two counts over N is what a page
costs, start-up and shutdown taken out. Kinds:
  full:  `newscrawl crawl` (extraction, pipelines, validation, JSON Lines export, report);
  bare:  the tuned fetch-only spider (bench/bare_spider.py --tuned), crawl_bench's baseline;
  items: the same spider yielding one small item a page to Scrapy's own JSON Lines feed
         (--items): what Scrapy's item machinery and a feed cost any spider with output.
Python's hash seed is fixed (PYTHONHASHSEED=0); what is left (the event loop's timing) moves a
count by well under 1 %. Instructions are not time (cache misses, system calls and IPC differ:
the full crawl's lxml work runs at a higher rate than the framework's Python), so the ratio here
says where instructions go and whether a change removed some, beside crawl_bench's CPU ratio.
Slow: about 1.5 minutes a crawl of 300 pages under Valgrind (six crawls for the default).

    python bench/crawl_instructions.py [--pages 300] [--kinds full,bare,items]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_args import OneLineParser, valgrind_choice
from crawl_runs import (
    bare_command,
    environment,
    free_port,
    mirror_server,
    newscrawl_command,
    served,
    warm,
)

from testkit.sitegen import build_site, generate_articles

KINDS = ("full", "bare", "items")
COLLECTED = re.compile(r"Collected : (\d+)")


def command(kind: str, mirror: str, urls: Path, work: Path) -> list[str]:
    timing = work / f"timing-{kind}.json"
    if kind == "full":
        return newscrawl_command(mirror, urls, work / "out.jsonl", timing, 16)
    flags = ("--tuned", "--items", str(work / "items.jsonl")) if kind == "items" else ("--tuned",)
    return bare_command(mirror, urls, timing, 16, *flags)


def instructions(crawl: list[str], work: Path) -> int:
    """Instructions the crawl process executed, start to exit."""
    log = work / "valgrind.log"
    valgrind = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=no",
        f"--callgrind-out-file={work / 'callgrind.out'}",
        f"--log-file={log}",
    ]
    env = {**environment(), "PYTHONHASHSEED": "0"}
    subprocess.run(valgrind + crawl, check=True, stdout=subprocess.DEVNULL, env=env)
    found = COLLECTED.search(log.read_text())
    if found is None:
        raise SystemExit(f"no instruction count in {log}")
    return int(found.group(1))


def main() -> None:
    parser = OneLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="N: crawls of N and 2N pages")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = valgrind_choice(parser, args.kinds, KINDS)
    with tempfile.TemporaryDirectory(prefix="newscrawl-instructions-") as tmp:
        work = Path(tmp)
        articles = generate_articles(2 * args.pages)
        build_site(work / "site", articles)
        lists = {}
        for size in (args.pages, 2 * args.pages):
            lists[size] = work / f"urls-{size}.txt"
            lists[size].write_text("\n".join(a.url for a in articles[:size]) + "\n")
        port = free_port()
        mirror = f"http://127.0.0.1:{port}"
        per_page = {}
        with served(mirror_server(work / "site", port), port):
            warm(mirror, [a.url for a in articles[:20]])
            for kind in kinds:
                counts = [instructions(command(kind, mirror, lists[n], work), work) for n in lists]
                per_page[kind] = (counts[1] - counts[0]) / args.pages
                print(f"{kind}: {counts} instructions", file=sys.stderr)
    print(f"site: {2 * args.pages} generated article pages; crawls of {args.pages} and "
          f"{2 * args.pages} pages, concurrency 16, under valgrind --tool=callgrind")  # fmt: skip
    for kind, count in per_page.items():
        print(f"{kind:6s} {count / 1e6:7.3f} M instructions a page")
    if "full" in per_page and "bare" in per_page:
        print(f"full / bare: {per_page['full'] / per_page['bare']:.3f}")
    if "items" in per_page and "bare" in per_page:
        print(f"items / bare: {per_page['items'] / per_page['bare']:.3f}")


if __name__ == "__main__":
    main()
