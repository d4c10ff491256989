"""Benchmark: the memory a crawl holds per URL it has seen, from 5,000 to 100,000 URLs.

A site of N distinct article pages is served on 127.0.0.1 without writing N pages to disk: the
server renders `--templates` articles with `testkit.sitegen` (every kind of page) and answers
URL number i with template i mod T, its own URL (canonical link, og:url, metadata) and post id
made the page's own, so that every page is a distinct article with its own canonical URL and
id. `newscrawl crawl` fetches all N pages (a URL-list crawl, concurrency 16) with the benchmarks'
timing extension, which notes the process's resident memory (now and at its peak) after 5,000,
10,000, 25,000, 50,000 and 100,000 answers. Prints those and the growth per URL between them
(the first 10,000 or so answers fill caches and the allocator's pools: the growth after them is
what a longer crawl adds).

    python bench/memory_bench.py [--pages 100000] [--json OUT]
    python bench/memory_bench.py --serve SITE_DIR PORT       (the server, started by the above)
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_runs import figures, free_port, newscrawl_command, run, served, warm

from testkit.sitegen import build_site, generate_articles

MILESTONES = (5000, 10000, 25000, 50000, 100000)
POSTID = re.compile(rb'("postid": "|name="postid" content=")(\d+)')


def page_urls(templates: list[str], count: int) -> list[str]:
    """URL i: template i mod T's URL with `-x<i>` after it."""
    return [f"{templates[i % len(templates)]}-x{i}" for i in range(count)]


def serve(site: Path, port: int) -> None:
    """Answer `/<host>/<path>-x<i>` with template page `<path>`, made page i's own."""
    urls = json.loads((site / "templates.json").read_text(encoding="utf-8"))
    from newscrawl.replay import ReplayStore

    store = ReplayStore(site)
    bodies = {url: store.find(url).body for url in urls}  # type: ignore[union-attr]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            url = "https://" + self.path.lstrip("/")
            template, _, number = url.rpartition("-x")
            body = bodies.get(template)
            if body is None or not number.isdigit():
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            own = body.replace(template.encode(), url.encode())
            own = POSTID.sub(lambda m: m[1] + str(50_000_000 + int(number)).encode(), own)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(own)))
            self.end_headers()
            self.wfile.write(own)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100000)
    parser.add_argument("--templates", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the Python whose newscrawl crawls (another checkout's venv)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("SITE_DIR", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]))
        return
    with tempfile.TemporaryDirectory(prefix="newscrawl-memory-") as tmp:
        work = Path(tmp)
        articles = generate_articles(args.templates)
        build_site(work / "site", articles, special_cases=False)
        templates = [a.url for a in articles]
        (work / "site" / "templates.json").write_text(json.dumps(templates), encoding="utf-8")
        urls = page_urls(templates, args.pages)
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        port = free_port()
        mirror = f"http://127.0.0.1:{port}"
        server = [sys.executable, __file__, "--serve", str(work / "site"), str(port)]
        milestones = ",".join(str(n) for n in MILESTONES if n <= args.pages)
        with served(server, port):
            warm(mirror, urls[:5])
            timing = work / "timing.json"
            command = newscrawl_command(
                mirror,
                url_file,
                work / "out.jsonl",
                timing,
                args.concurrency,
                f"BENCH_MEMORY_AT={milestones}",
                "NEWSCRAWL_FAIL_WITHOUT_ARTICLES=False",
            )
            result = figures(run([args.python, *command[1:]], timing))
            exported = sum(1 for _ in (work / "out.jsonl").open())
    report(args, result, exported)


def report(args: argparse.Namespace, result: dict, exported: int) -> None:
    memory = result["memory"]
    print(
        f"{result['pages']} pages fetched, {exported} records exported, "
        f"{result['pages_per_second']} pages/s, {result['cpu_ms_per_page']} ms CPU a page"
    )
    print("| URLs seen | resident MiB | peak MiB |")
    print("|---:|---:|---:|")
    for count in [k for k in memory if k != "end"]:
        print(f"| {int(count):,} | {memory[count]['rss_mib']} | {memory[count]['peak_mib']} |")
    counts = sorted(int(k) for k in memory if k != "end")
    growth = {}
    for low, high in itertools.pairwise(counts):
        delta = memory[str(high)]["peak_mib"] - memory[str(low)]["peak_mib"]
        growth[f"{low}-{high}"] = round(delta * 1024 * 1024 / (high - low))
        print(f"peak growth {low:,} -> {high:,} URLs: {growth[f'{low}-{high}']} bytes a URL")
    if args.json:
        args.json.write_text(
            json.dumps({**result, "exported": exported, "bytes_per_url": growth}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
