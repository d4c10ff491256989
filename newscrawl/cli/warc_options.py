"""`--warc PATH` and `--warc-max-size SIZE`, shared by `newscrawl crawl` and `newscrawl record`."""

from __future__ import annotations

import argparse
import re
from typing import Any

from newscrawl.warc import DEFAULT_MAX_SIZE, archive_stem

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?", re.I)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def byte_size(text: str) -> int:
    """`1G`, `500M`, `64KiB`, `1000000` as bytes (binary units)."""
    match = _SIZE.fullmatch(text.strip())
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1G, 500M, 1048576)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def add_warc_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warc",
        metavar="PATH",
        help="archive every request and response as WARC/1.1 in PATH-00000.warc.gz, ...",
    )
    parser.add_argument(
        "--warc-max-size",
        type=byte_size,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help="start a new WARC file past this size (default 1G)",
    )


def apply_warc_options(settings: Any, args: argparse.Namespace) -> None:
    if args.warc:
        settings.set("NEWSCRAWL_WARC_PATH", str(args.warc), priority="cmdline")
        settings.set("NEWSCRAWL_WARC_MAX_SIZE", args.warc_max_size, priority="cmdline")


def print_archive(stats: dict[str, Any], args: argparse.Namespace) -> None:
    """What `--warc` wrote, after the crawl."""
    files = stats.get("warc/files") or []
    if args.warc and files:
        shown = files[0] if len(files) == 1 else f"{files[0]} … {files[-1]} ({len(files)} files)"
        print(f"archive: {shown}, {stats.get('warc/records', 0)} records")
    elif args.warc:
        print(f"archive: nothing written to {archive_stem(args.warc)}-*.warc.gz")
