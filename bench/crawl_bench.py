"""Benchmark: the full crawl pipeline against a bare fetch-only Scrapy spider, in one run.

Generates a synthetic site of N article pages (default 5,000) in the site's template, serves it
from a separate `newscrawl serve` process on 127.0.0.1, then crawls the same N URLs twice through
Scrapy's real downloader:
  1. bare:  a spider that only fetches (bench/bare_spider.py),
  2. full:  `newscrawl crawl` (extraction, every pipeline, validation, JSON Lines export, report).
Prints pages per second of both, the ratio full/bare, and the full crawl's peak memory after
1,000 and after 5,000 pages.

    python bench/crawl_bench.py [--pages 5000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from testkit.sitegen import build_site, generate_articles

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the mirror server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        work = Path(tmp)
        articles = generate_articles(args.pages)
        build_site(work / "site", articles)
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(a.url for a in articles) + "\n", encoding="utf-8")
        port = free_port()
        serve = ["serve", str(work / "site"), "--port", str(port)]
        server = subprocess.Popen(
            [sys.executable, "-m", "newscrawl.cli", *serve], stdout=subprocess.DEVNULL
        )
        try:
            wait_for(port)
            mirror = f"http://127.0.0.1:{port}"
            bare_out = work / "bare.json"
            subprocess.run(
                [sys.executable, str(HERE / "bare_spider.py"), str(url_file), mirror,
                 str(bare_out), str(args.concurrency)],
                check=True,
            )  # fmt: skip
            subprocess.run(
                [sys.executable, "-m", "newscrawl.cli", "crawl", "--mirror", mirror,
                 "-a", f"urls=@{url_file}", "-a", "follow=no", "-o", str(work / "out.jsonl"),
                 "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
                 "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
                 "-s", "ROBOTSTXT_OBEY=False", "-s", "NEWSCRAWL_PROGRESS_INTERVAL=5"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait()
        bare = json.loads(bare_out.read_text())
        full = json.loads((work / "out.report.json").read_text())
        exported = sum(1 for _ in (work / "out.jsonl").open())
    bare_rate = bare["pages"] / bare["elapsed_seconds"]
    full_rate = full["pages_fetched"] / full["elapsed_seconds"]
    print(f"site: {args.pages} article pages on 127.0.0.1, concurrency {args.concurrency}; "
          f"Python {platform.python_version()} on {platform.machine()}")  # fmt: skip
    print(f"bare fetch-only spider: {bare['pages']:6d} pages  {bare_rate:8.1f} pages/s")
    print(f"full newscrawl crawl:   {full['pages_fetched']:6d} pages  {full_rate:8.1f} pages/s  "
          f"({exported} records exported)")  # fmt: skip
    print(f"ratio full/bare:        {full_rate / bare_rate:.2f}")
    memory = full["peak_memory_mib"]
    print(f"full crawl peak memory: {memory.get('1000', '-')} MiB after 1,000 pages, "
          f"{memory.get('5000', '-')} MiB after 5,000 pages")  # fmt: skip
    if args.json:
        figures = {
            "pages": args.pages,
            "bare_pages_per_second": round(bare_rate, 1),
            "full_pages_per_second": round(full_rate, 1),
            "ratio_full_to_bare": round(full_rate / bare_rate, 2),
            "full_peak_memory_mib": memory,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    bare_memory = bare["peak_memory_mib"]
    print(f"bare spider peak memory: {bare_memory.get('1000', '-')} MiB after 1,000 pages, "
          f"{bare_memory.get('5000', '-')} MiB after 5,000 pages")  # fmt: skip


if __name__ == "__main__":
    main()
