"""What the crawl benchmarks share: a site served on 127.0.0.1, crawls run as separate processes
with `crawl_timing.CrawlTiming` in them, and the figures read from it the same way for each."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMING = "crawl_timing.CrawlTiming"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def environment() -> dict[str, str]:
    """The crawl processes find `crawl_timing` (bench/); newscrawl is the installed one."""
    path = os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path.rstrip(os.pathsep)}


@contextmanager
def served(command: Sequence[str], port: int) -> Iterator[None]:
    """A server process (started with `command`) for the duration of the block."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=environment())
    try:
        wait_for(port)
        yield
    finally:
        server.terminate()
        server.wait()


def mirror_server(site: Path, port: int, latency: float = 0.0) -> list[str]:
    command = [sys.executable, "-m", "newscrawl.cli", "serve", str(site), "--port", str(port)]
    return command + (["--latency", str(latency)] if latency else [])


def warm(mirror: str, urls: Sequence[str]) -> None:
    """Fetch a few pages once: the server builds its index of the site on its first request."""
    for url in urls:
        host_path = url.split("://", 1)[1]
        with urllib.request.urlopen(f"{mirror}/{host_path}", timeout=120) as answer:
            answer.read()


def newscrawl_command(
    mirror: str, url_file: Path, out: Path, timing: Path, concurrency: int, *settings: str
) -> list[str]:
    """`newscrawl crawl` of the URLs in `url_file` through the mirror, with the project's
    extensions and CrawlTiming."""
    from newscrawl.processing import project_settings

    extensions = {**project_settings().getdict("EXTENSIONS"), TIMING: 0}
    names = dict(pair.split("=", 1) for pair in settings)
    if "EXTENSIONS" in names:  # the caller's extensions (the Redis frontier's), merged
        extensions.update(json.loads(names.pop("EXTENSIONS")))
    options = {
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "ROBOTSTXT_OBEY": "False",
        "NEWSCRAWL_PROGRESS_INTERVAL": "5",
        "BENCH_TIMING_PATH": str(timing),
        **names,
        "EXTENSIONS": json.dumps(extensions),
    }
    command = [
        sys.executable,
        "-m",
        "newscrawl.cli",
        "crawl",
        "--mirror",
        mirror,
        "-a",
        f"urls=@{url_file}",
        "-a",
        "follow=no",
        "-o",
        str(out),
    ]
    for name, value in options.items():
        command += ["-s", f"{name}={value}"]
    return command


def bare_command(
    mirror: str, url_file: Path, timing: Path, concurrency: int, *flags: str
) -> list[str]:
    """The bare fetch-only spider; `flags`: `--tuned`, `--direct` (bare_spider.py)."""
    script = str(HERE / "bare_spider.py")
    command = [sys.executable, script, str(url_file), mirror, str(timing), str(concurrency)]
    return command + list(flags)


def run(command: Sequence[str], timing: Path) -> dict[str, Any]:
    """Run one crawl process to its end; its CrawlTiming figures."""
    timing.unlink(missing_ok=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=environment())
    return json.loads(timing.read_text(encoding="utf-8"))


def figures(timing: dict[str, Any]) -> dict[str, Any]:
    """Pages, wall seconds, CPU seconds (spider opened to closed) and the rates."""
    pages = timing["responses"]
    wall = timing["closed"]["wall"] - timing["opened"]["wall"]
    cpu = timing["closed"]["cpu"] - timing["opened"]["cpu"]
    return {
        "pages": pages,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "pages_per_second": round(pages / wall, 1),
        "cpu_ms_per_page": round(1000 * cpu / pages, 3),
        "memory": timing["memory"],
    }


def spread(values: Sequence[float]) -> str:
    """`median (min–max)` of a few figures."""
    low, high = min(values), max(values)
    return f"{statistics.median(values):.2f} ({low:.2f}–{high:.2f})"
