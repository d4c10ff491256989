"""Benchmark: `newscrawl export`'s peak memory and time at 1x, 10x and 100x the fixture run.

The fixture run: `newscrawl crawl almayadeen --replay fixtures/site` (38 articles, 12 breaking
items, 2 error records). Its records are multiplied N times, each copy with its own ids and URLs
(`-copyK` appended), into one JSON Lines input per scale; then, for each scale, in its own child
process, in the same run:

- `newscrawl export` (the streaming merge: a SQLite spill store on disk), and
- the same records held in memory, one dict per kept id, as the export before this one did
  (the baseline: a child that only reads, validates and keeps them),

each child's peak resident memory read with os.wait4 (ru_maxrss), and its CPU time.

    python bench/export_bench.py [--scales 1,10,100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newscrawl.sidefiles import side_file

ROOT = Path(__file__).resolve().parent.parent
HOLD_IN_MEMORY = """
import sys
from pathlib import Path
from newscrawl.dataset import read_records
kept = {}
for path in sys.argv[1:]:
    for line, record, reason in read_records(Path(path)):
        if record is not None and "error" not in record:
            kept[record["id"]] = record
print(len(kept))
"""


def fixture_run(folder: Path) -> list[dict[str, Any]]:
    out = folder / "run" / "articles.jsonl"
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "--replay",
               str(ROOT / "fixtures" / "site"), "-o", str(out)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, timeout=600)
    failures = side_file(out, "failures.jsonl")
    lines = out.read_text(encoding="utf-8") + failures.read_text(encoding="utf-8")
    return [json.loads(line) for line in lines.splitlines()]


def copy_of(record: dict[str, Any], number: int) -> dict[str, Any]:
    """The record as a distinct one: copy `number` of it, with its own id (in the id's own
    shape: a post number, or 16 hex digits) and URLs."""
    copied = dict(record)
    if number == 0 or "id" not in record:
        return copied
    prefix, _, tail = record["id"].rpartition("-")
    if tail.isdigit():
        copied["id"] = f"{prefix}-{int(tail) + 10_000_000 * number}"
    else:
        digest = hashlib.sha256(f"{record['id']}/{number}".encode()).hexdigest()
        copied["id"] = f"{prefix}-{tail[0]}{digest[:16]}"
    for key in ("url", "canonical_url"):
        if isinstance(copied.get(key), str):
            copied[key] = f"{copied[key]}-copy{number}"
    return copied


def make_input(records: list[dict[str, Any]], scale: int, path: Path) -> int:
    with path.open("w", encoding="utf-8") as out:
        for number in range(scale):
            for record in records:
                out.write(json.dumps(copy_of(record, number), ensure_ascii=False) + "\n")
    return len(records) * scale


def measure(command: list[str]) -> tuple[float, float, float]:
    """(peak RSS MiB, CPU s, wall s) of a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:4]} failed: {child.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        records = fixture_run(folder)
        print(f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()};"
              f" the fixture run: {len(records)} records")  # fmt: skip
        print("| scale | records in | input MB | export peak RSS MiB | export CPU s | export wall s"
              " | held in memory: peak RSS MiB |")  # fmt: skip
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for scale in scales:
            source = folder / f"x{scale}.jsonl"
            count = make_input(records, scale, source)
            export = [sys.executable, "-m", "newscrawl.cli", "export", str(folder / f"ds{scale}"),
                      str(source)]  # fmt: skip
            held = [sys.executable, "-c", HOLD_IN_MEMORY, str(source)]
            rss, cpu, wall = measure(export)
            held_rss, _, _ = measure(held)
            manifest = json.loads((folder / f"ds{scale}" / "manifest.json").read_text("utf-8"))
            kept = manifest["counts"]["articles"] + manifest["counts"]["breaking"]
            assert kept == (count - 2 * scale), (kept, count)  # less the error records
            print(f"| {scale}x | {count:,} | {source.stat().st_size / 1e6:.1f} | {rss:.1f} | "
                  f"{cpu:.2f} | {wall:.2f} | {held_rss:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
