"""What many tests use: paths, the fixed crawl time, comparing records, running a crawl as a
real subprocess, and waiting for a condition (never a fixed sleep: tests must pass on a loaded
machine). Pytest fixtures live in conftest.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from newscrawl.sidefiles import side_file
from testkit.faultserver import read_lines as read_lines  # the one implementation, re-exported
from testkit.processes import lines_in as lines_in
from testkit.processes import wait_until as wait_until

ROOT = Path(__file__).resolve().parent.parent
# The crawl time of every page the tests extract (fixed, so records compare whole).
CRAWLED_AT = "2026-11-20T10:00:00+00:00"
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
ARABIC_METADATA = FIXTURES / "data" / "almayadeen-ar-tawsiyat-2024-05.jsonl"
# Fields that differ from one crawl of the same pages to the next. Tests that compare crawls of
# the fixture site also leave out where a record was found (crawl order) and, incrementally, its
# revision history: they pass their own set, `VOLATILE | {...}`.
VOLATILE = frozenset({"crawled_at", "content_hash"})


def fixture_cases() -> list[Path]:
    return sorted(p.parent for p in PAGES.glob("*/info.json"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def without(record: dict[str, Any], volatile: frozenset[str] = VOLATILE) -> dict[str, Any]:
    """The record without its volatile fields."""
    return {k: v for k, v in record.items() if k not in volatile}


def stable(record: dict[str, Any], volatile: frozenset[str] = VOLATILE) -> str:
    """The record without its volatile fields as one JSON string, keys sorted: records compare
    and sort as these."""
    return json.dumps(without(record, volatile), sort_keys=True)


def crawl_command(out: Path, *args: str) -> list[str]:
    """`newscrawl crawl ARGS -o OUT` as a command line for this Python."""
    return [sys.executable, "-m", "newscrawl.cli", "crawl", *args, "-o", str(out)]


def crawl_outputs(out: Path) -> dict[str, Any]:
    """What a crawl exported to `out`: its records, its failures and its report beside it."""
    return {
        "records": read_lines(out),
        "failures": read_lines(side_file(out, "failures.jsonl")),
        "report": load_json(side_file(out, "report.json")),
    }


def cli_crawl(out: Path, *args: str, rc: int = 0, timeout: float = 300) -> dict[str, Any]:
    """Run `newscrawl crawl ARGS -o OUT` to its end; it must exit with `rc`. Its outputs
    (crawl_outputs) and its standard output."""
    done = subprocess.run(crawl_command(out, *args), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)  # fmt: skip
    assert done.returncode == rc, done.stdout[-2000:] + done.stderr[-3000:]
    return {**crawl_outputs(out), "stdout": done.stdout}
