"""`newscrawl extract`: the record of saved pages, as the crawl would export it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from newscrawl.items import ErrorItem, now_utc, to_record
from newscrawl.processing import record_for_page
from newscrawl.profiles import profile_for
from newscrawl.replay import BrokenSavedPage, read_saved_page


def _manifest_line(line: str, generic_only: bool) -> dict[str, Any]:
    try:
        entry = json.loads(line)
        url, path = entry["url"], entry["path"]
        if not isinstance(url, str) or not isinstance(path, str):
            raise TypeError("url and path must be strings")
    except (ValueError, KeyError, TypeError) as exc:
        message = f"manifest line is not a JSON object with url and path: {exc}"
        return to_record(ErrorItem.of(None, "bad_input", message, crawled_at=now_utc()))
    return record_for_file(url, path, generic_only)


def record_for_file(url: str, path: str | Path, generic_only: bool = False) -> dict[str, Any]:
    """The record of a saved page: a file of its bytes, or a replay folder. `generic_only`:
    read as the generic rule alone reads a site (profile_for's `generic_only`)."""
    profile = profile_for(url, generic_only)
    path = Path(path)
    try:
        if path.is_dir():
            page = read_saved_page(path)
            return record_for_page(url, page.body, page.status, page.headers, profile=profile)
        body = path.read_bytes()
    except OSError as exc:
        message = f"cannot read {path}: {exc.strerror or exc}"
        return to_record(ErrorItem.of(url, "not_found", message, crawled_at=now_utc()))
    except BrokenSavedPage as exc:
        return to_record(ErrorItem.of(url, "bad_input", str(exc), crawled_at=now_utc()))
    return record_for_page(url, body, profile=profile)


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def cmd_extract(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.manifest:
        source = stdin if args.manifest == "-" else open(args.manifest, encoding="utf-8")  # noqa: SIM115
        with source:
            for line in source:
                if line.strip():
                    stdout.write(_dump(_manifest_line(line, args.generic)) + "\n")
                    stdout.flush()
        return 0
    if not args.url or not args.file:
        print("newscrawl extract: give --url URL FILE, or --manifest -", file=sys.stderr)
        return 2
    stdout.write(_dump(record_for_file(args.url, args.file, args.generic)) + "\n")
    return 0


def add_parser(commands: Any) -> None:
    extract = commands.add_parser("extract", help="print the record of saved pages")
    extract.add_argument("file", nargs="?", help="a saved page, or a replay folder")
    extract.add_argument("--url", help="the URL the page was fetched from")
    extract.add_argument(
        "--manifest", metavar="FILE", help='JSON Lines {"url", "path"}; - is stdin'
    )
    extract.add_argument(
        "--generic",
        action="store_true",
        help="read every site with the generic profile, even one that has a profile",
    )
    extract.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_extract(args, sys.stdin, sys.stdout)
