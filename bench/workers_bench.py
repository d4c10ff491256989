"""Benchmark: one worker against two on one Redis frontier, where the site is the limit.

Generates a synthetic site of N article pages (default 600), serves it from a separate `newscrawl
serve` process on 127.0.0.1 that answers each request after --latency seconds (a remote site is
not instant: default 0.2 s), starts a private redis-server, warms the server, and crawls the same
N URLs, alternating one worker, two workers, two workers, one worker, each crawl on a fresh
crawl id (two workers share its queue and duplicate filter), with --concurrency requests per
worker (default 4). With these defaults one worker can fetch at most 20 pages a second and needs
about a tenth of a CPU for them: the site's latency is the limit, not the machine, so a second
worker should double the pace.

Pages per second are counted from the first answer any worker received to the last one (the
benchmarks' timing extension in every worker, one clock for all), so process start-up and the
idle wait at the end are in no figure. Checks that the two workers exported every page once.

    python bench/workers_bench.py [--pages 600] [--latency 0.2] [--concurrency 4] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_runs import environment, free_port, mirror_server, newscrawl_command, served, warm

from testkit.sitegen import build_site, generate_articles

ORDER = (1, 2, 2, 1)


def crawl_with(
    workers: int, work: Path, mirror: str, redis_url: str, urls: Path, concurrency: int, name: str
) -> tuple[float, int, float, list[dict]]:
    """Pages per second (first answer to last, over all workers), answers, CPU ms a page and
    the records the workers exported."""
    extensions = json.dumps({"newscrawl.distributed.FrontierIdle": 400})
    outs = [work / name / f"w{n}" / "out.jsonl" for n in range(workers)]
    timings = [out.with_name("timing.json") for out in outs]
    processes = []
    for out, timing in zip(outs, timings, strict=True):
        command = newscrawl_command(
            mirror,
            urls,
            out,
            timing,
            concurrency,
            "AUTOTHROTTLE_ENABLED=False",
            "DOWNLOAD_DELAY=0",
            f"EXTENSIONS={extensions}",
        )
        command += ["--redis", redis_url, "--crawl-id", name]
        processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, env=environment()))
    for process in processes:
        process.wait()
    times = [json.loads(t.read_text(encoding="utf-8")) for t in timings]
    busy = [t for t in times if t["responses"]]
    first = min(t["first_response"]["wall"] for t in busy)
    last = max(t["last_response"]["wall"] for t in busy)
    answers = sum(t["responses"] for t in times)
    cpu = sum(t["closed"]["cpu"] - t["opened"]["cpu"] for t in times)
    records = [json.loads(line) for out in outs for line in out.open()]
    return answers / (last - first), answers, 1000 * cpu / answers, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise SystemExit("needs redis-server (apt-get install redis-server)")
    rates: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="newscrawl-workers-") as tmp:
        work = Path(tmp)
        articles = generate_articles(args.pages)
        build_site(work / "site", articles, special_cases=False)
        urls = work / "urls.txt"
        urls.write_text("\n".join(a.url for a in articles) + "\n", encoding="utf-8")
        port, redis_port = free_port(), free_port()
        mirror, redis_url = f"http://127.0.0.1:{port}", f"redis://127.0.0.1:{redis_port}/0"
        redis = [redis_server, "--port", str(redis_port), "--save", "", "--appendonly", "no"]
        with (
            served(mirror_server(work / "site", port, args.latency), port),
            served(redis, redis_port),
        ):
            warm(mirror, [a.url for a in articles[:20]])
            for run_number, workers in enumerate(ORDER):
                name = f"bench-{run_number}"
                rate, answers, per_page, records = crawl_with(
                    workers, work, mirror, redis_url, urls, args.concurrency, name
                )
                ids = [r["id"] for r in records if r.get("headline")]
                assert len(ids) == len(set(ids)) == args.pages == answers, (workers, answers)
                rates[workers].append(rate)
                cpu[workers].append(per_page)
                print(
                    f"{workers} worker(s): {rate:.1f} pages/s, {per_page:.2f} ms CPU a page",
                    file=sys.stderr,
                )
    ratio = statistics.mean(rates[2]) / statistics.mean(rates[1])
    figures = {
        "pages": args.pages,
        "latency_seconds": args.latency,
        "concurrency_per_worker": args.concurrency,
        "one_worker_pages_per_second": [round(r, 1) for r in rates[1]],
        "two_workers_pages_per_second": [round(r, 1) for r in rates[2]],
        "cpu_ms_per_page": {"one": cpu[1], "two": cpu[2]},
        "ratio_two_to_one": round(ratio, 2),
        "pairs": [
            round(two / one, 2) for one, two in zip(rates[1], reversed(rates[2]), strict=True)
        ],
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
