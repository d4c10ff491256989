"""Benchmark: one worker against two on one Redis frontier, in one run.

Generates a synthetic site of N article pages (default 1,000), serves it from a separate
`newscrawl serve` process on 127.0.0.1 that answers after --latency seconds (a remote site is
not instant; default 0.05 s), starts a private redis-server, and crawls the same N URLs
  1. with one worker (`newscrawl crawl --redis …`),
  2. with two workers started together on a fresh crawl id (they share the queue and the
     duplicate filter),
each with --concurrency requests per worker. Prints pages per second (wall clock from the first
start to the last exit) and the ratio two/one, and checks that the two exported every page once.

    python bench/workers_bench.py [--pages 1000] [--latency 0.05] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from testkit.sitegen import build_site, generate_articles

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_bench import free_port, wait_for


def crawl_with(workers: int, work: Path, mirror: str, redis_url: str, urls: Path,
               concurrency: int, name: str) -> tuple[float, list[dict]]:  # fmt: skip
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "--mirror", mirror,
               "--redis", redis_url, "--crawl-id", name, "-a", f"urls=@{urls}",
               "-a", "follow=no", "-s", f"CONCURRENT_REQUESTS={concurrency}",
               "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               "-s", "ROBOTSTXT_OBEY=False", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "DOWNLOAD_DELAY=0"]  # fmt: skip
    outs = [work / name / f"w{n}" / "out.jsonl" for n in range(workers)]
    started = time.perf_counter()
    processes = [
        subprocess.Popen([*command, "-o", str(out)], stdout=subprocess.DEVNULL) for out in outs
    ]
    for process in processes:
        process.wait()
    elapsed = time.perf_counter() - started
    records = [json.loads(line) for out in outs for line in out.open()]
    return elapsed, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise SystemExit("needs redis-server (apt-get install redis-server)")
    with tempfile.TemporaryDirectory(prefix="newscrawl-workers-") as tmp:
        work = Path(tmp)
        articles = generate_articles(args.pages)
        build_site(work / "site", articles, special_cases=False)
        urls = work / "urls.txt"
        urls.write_text("\n".join(a.url for a in articles) + "\n", encoding="utf-8")
        port, redis_port = free_port(), free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "newscrawl.cli", "serve", str(work / "site"),
             "--port", str(port), "--latency", str(args.latency)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        redis = subprocess.Popen(
            [redis_server, "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(port)
            wait_for(redis_port)
            mirror, redis_url = f"http://127.0.0.1:{port}", f"redis://127.0.0.1:{redis_port}/0"
            one_time, one = crawl_with(1, work, mirror, redis_url, urls, args.concurrency, "one")
            two_time, two = crawl_with(2, work, mirror, redis_url, urls, args.concurrency, "two")
        finally:
            server.terminate()
            redis.terminate()
            server.wait()
            redis.wait()
    articles_one = {r["id"] for r in one if r.get("headline")}
    articles_two = [r["id"] for r in two if r.get("headline")]
    assert len(articles_two) == len(set(articles_two)) == len(articles_one) == args.pages
    figures = {
        "pages": args.pages,
        "latency_seconds": args.latency,
        "concurrency_per_worker": args.concurrency,
        "one_worker_pages_per_second": round(args.pages / one_time, 1),
        "two_workers_pages_per_second": round(args.pages / two_time, 1),
        "ratio_two_to_one": round(one_time / two_time, 2),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
