"""Benchmark: what `-o x.jsonl.gz` costs against `-o x.jsonl`, per record written.

The gzip exporter writes each record as its own gzip member, in one write(2), so that a killed
crawl leaves a whole gzip file. This measures, in one run, the exporters' own write path
(`newscrawl.exporters`: JSON encoding, compression, the write) on the fixture site's 50 expected
records made unique (a number in the headline and body) and repeated to --records, interleaved
A B B A, best of --repeat, CPU time; and the bytes of the 50 distinct records written both ways,
beside one gzip stream of the same lines (what `gzip` makes of a finished file; a kill could leave
that one truncated).

    python bench/gzip_output_bench.py [--records 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from newscrawl.exporters import GzipRecordJsonLinesExporter, RecordJsonLinesExporter
from newscrawl.items import ArticleItem, BreakingItem

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "site" / "expected" / "records.jsonl"
CRAWLED_AT = "2026-11-30T10:00:00+00:00"


def items(count: int) -> list[Any]:
    """`count` distinct items: the fixture records, each copy with its own number in it."""
    records = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines()]
    made = []
    for n in range(count):
        record = {**records[n % len(records)], "crawled_at": CRAWLED_AT}
        if record["type"] == "breaking":
            record.update(text=f"{record['text']} ({n})", found_on="https://example.org/")
            made.append(BreakingItem(**record))
            continue
        record["headline"] = f"{record['headline']} ({n})"
        record["body"] = [{**b, "text": f"{b['text']} {n}"} for b in record["body"]]
        made.append(ArticleItem(**record, content_hash="sha256:" + "0" * 64))
    return made


def write_all(exporter_class: type[RecordJsonLinesExporter], batch: list[Any], path: Path) -> float:
    """CPU seconds to export every item of `batch` to `path`."""
    with path.open("wb") as file:
        exporter = exporter_class(file)
        started = time.process_time()
        for item in batch:
            exporter.export_item(item)
        return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    batch = items(args.records)
    kinds = {"jsonl": RecordJsonLinesExporter, "jsonl.gz": GzipRecordJsonLinesExporter}
    best = dict.fromkeys(kinds, float("inf"))
    with tempfile.TemporaryDirectory() as folder:
        paths = {kind: Path(folder) / f"out.{kind}" for kind in kinds}
        for kind in kinds:  # warm up
            write_all(kinds[kind], batch[:100], paths[kind])
        for _ in range(args.repeat):
            for kind in ("jsonl", "jsonl.gz", "jsonl.gz", "jsonl"):  # A B B A
                best[kind] = min(best[kind], write_all(kinds[kind], batch, paths[kind]))
        assert gzip.decompress(paths["jsonl.gz"].read_bytes()) == paths["jsonl"].read_bytes()
        distinct = batch[:50]  # sizes of distinct records (the copies would flatter one stream)
        for kind in kinds:
            write_all(kinds[kind], distinct, paths[kind])
        sizes = {kind: paths[kind].stat().st_size for kind in kinds}
        one_stream = len(gzip.compress(paths["jsonl"].read_bytes(), compresslevel=6, mtime=0))
    print(f"{platform.machine()}, Python {platform.python_version()}; {args.records} records,"
          f" best of {args.repeat}, CPU time")  # fmt: skip
    print("| output | CPU µs per record | bytes per record (50 distinct) | size / plain |")
    print("|---|---:|---:|---:|")
    for kind in kinds:
        per = best[kind] / args.records * 1e6
        print(
            f"| `-o x.{kind}` | {per:.0f} | {sizes[kind] / 50:.0f} |"
            f" {sizes[kind] / sizes['jsonl']:.2f} |"
        )
    print(
        f"| (one gzip stream of the same lines, for scale) | | "
        f"{one_stream / 50:.0f} | {one_stream / sizes['jsonl']:.2f} |"
    )
    print(f"gzip / plain CPU: {best['jsonl.gz'] / best['jsonl']:.2f}x")


if __name__ == "__main__":
    main()
