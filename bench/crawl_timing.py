"""A Scrapy extension for the crawl benchmarks: the same clocks in every crawl measured.

Enabled in the bare spider and, through `-s EXTENSIONS=…`, in `newscrawl crawl` processes
started by `crawl_bench.py`, `workers_bench.py` and `memory_bench.py` (bench/ on PYTHONPATH).
It writes one JSON object to BENCH_TIMING_PATH when the spider closes:

- `opened`, `first_response`, `last_response`, `closed`: `time.monotonic()` (one clock,
  system-wide on Linux, so the workers of one crawl compare) and `time.process_time()` (CPU
  seconds of the whole process, every thread) at each moment; the process's start-up (imports,
  settings) comes before `opened` and is in none of the figures;
- `responses`: how many answers reached the engine;
- `memory`: at each count in BENCH_MEMORY_AT (default 1000, 5000, 25000, 100000) responses,
  the process's resident memory now (`rss_mib`, VmRSS) and at its peak so far (`peak_mib`,
  VmHWM); `end` as the spider closes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from scrapy import signals

MEMORY_AT = (1000, 5000, 25000, 100000)


def memory_mib() -> dict[str, float]:
    """VmRSS and VmHWM of this process, in MiB (Linux)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            key = "rss_mib" if name == "VmRSS" else "peak_mib"
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


def moment() -> dict[str, float]:
    return {"wall": time.monotonic(), "cpu": time.process_time()}


class CrawlTiming:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.path = Path(settings.get("BENCH_TIMING_PATH") or "timing.json")
        given = settings.get("BENCH_MEMORY_AT")
        self.memory_at = {int(n) for n in str(given).split(",")} if given else set(MEMORY_AT)
        self.responses = 0
        self.figures: dict[str, Any] = {"memory": {}}

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlTiming:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response, signal=signals.response_received)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        self.figures["opened"] = moment()

    def response(self) -> None:
        self.responses += 1
        now = moment()
        self.figures.setdefault("first_response", now)
        self.figures["last_response"] = now
        if self.responses in self.memory_at:
            self.figures["memory"][str(self.responses)] = memory_mib()

    def closed(self) -> None:
        self.figures["closed"] = moment()
        self.figures["responses"] = self.responses
        self.figures["memory"]["end"] = memory_mib()
        self.path.write_text(json.dumps(self.figures, indent=2) + "\n", encoding="utf-8")
