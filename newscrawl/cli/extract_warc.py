"""`newscrawl extract --warc FILE… | --warc-list FILE [--site NAME] [--host HOST] [--jobs N]`:
the records of every HTML page in WARC archives (newscrawl.warc_extract), as JSON Lines."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from newscrawl.warc_extract import Filters, Tally, extract_archives, is_url, source_size


def add_warc_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warc", nargs="+", metavar="FILE", help="WARC files (or folders)")
    parser.add_argument(
        "--warc-list",
        metavar="FILE",
        help="a file of WARC paths or http(s) URLs, one a line (gzipped or not; - is stdin)",
    )
    parser.add_argument(
        "--site", action="append", default=[], help="only this site's pages (e.g. almayadeen)"
    )
    parser.add_argument(
        "--host", action="append", default=[], help="only pages on this host or its subdomains"
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: CPU count)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="records (default: stdout)")


def listed_sources(path: str) -> list[str]:
    if path == "-":
        lines = sys.stdin.read().splitlines()
    else:
        with Path(path).open("rb") as raw:
            data = raw.read()
        lines = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def sources_of(args: argparse.Namespace) -> list[str]:
    """Every archive to read, in order; ValueError names the first that is not there."""
    given = list(args.warc or [])
    if args.warc_list:
        given += listed_sources(args.warc_list)
    sources: list[str] = []
    for source in given:
        if is_url(source):
            sources.append(source)
            continue
        from newscrawl.warc import warc_files

        try:
            sources += [str(path) for path in warc_files([source])]
        except FileNotFoundError as exc:
            raise ValueError(str(exc)) from None
    return sources


def progress_bar(total: int | None) -> Any:
    """A byte progress bar on stderr when it is a terminal (tqdm), else nothing."""
    from tqdm import tqdm

    return tqdm(
        total=total, unit="B", unit_scale=True, desc="archives", file=sys.stderr,
        disable=not sys.stderr.isatty(), dynamic_ncols=True,
    )  # fmt: skip


def run_warc(args: argparse.Namespace, stdout: TextIO) -> int:
    try:
        sources = sources_of(args)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"newscrawl extract: {exc}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("newscrawl extract: --jobs must be 1 or more", file=sys.stderr)
        return 2
    filters = Filters(frozenset(args.site), frozenset(h.lower() for h in args.host))
    sizes = [source_size(source) for source in sources]
    total = sum(s for s in sizes if s is not None) if None not in sizes else None
    tally = Tally()
    out = open(args.output, "w", encoding="utf-8") if args.output else stdout  # noqa: SIM115
    with progress_bar(total) as bar:
        for record in extract_archives(sources, filters, args.jobs, tally, bar.update):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            tally.records[record.get("error", {}).get("kind") or record["type"]] += 1
    if out is not stdout:
        out.close()
    print(f"newscrawl extract: {tally.line()}", file=sys.stderr)
    for source in tally.broken:
        print(f"newscrawl extract: {source} could not be read whole (see its error record)",
              file=sys.stderr)  # fmt: skip
    return 1 if tally.broken else 0
