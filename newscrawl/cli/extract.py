"""`newscrawl extract`: the record of saved pages, as the crawl would export it."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from newscrawl.cli.extract_warc import add_warc_arguments, run_warc
from newscrawl.cli.usage import UsageError, command_parser


def _manifest_line(line: str, generic_only: bool) -> dict[str, Any]:
    from newscrawl.items import ErrorItem, now_utc, to_record

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
    """The record of a saved page (a file of its bytes, or a saved page's folder); a
    `not_found` error record when it cannot be read. `generic_only`: read as the generic rule
    alone reads a site (profile_for's `generic_only`)."""
    from newscrawl.api import extract_file
    from newscrawl.items import ErrorItem, now_utc, to_record
    from newscrawl.replay import BrokenSavedPage

    try:
        return extract_file(path, url, generic=generic_only)
    except BrokenSavedPage as exc:  # a link out of the folder, or a malformed info.json
        return to_record(ErrorItem.of(url, "bad_input", str(exc), crawled_at=now_utc()))
    except (OSError, ValueError) as exc:
        message = f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
        return to_record(ErrorItem.of(url, "not_found", message, crawled_at=now_utc()))


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def saved_pages(path: Path, url: str | None) -> list[tuple[str | None, Path]]:
    """(URL, page) for what FILE names: a file (its URL must be given), a saved page's folder,
    or a replay folder (every page in it, or the one saved for `url`)."""
    if not os.path.exists(path):  # also when a folder on the way cannot be searched
        raise UsageError(f"{path}: no such file or folder")
    if not path.is_dir():
        if not url:
            raise UsageError(f"{path} is a file: give the URL it was fetched from, --url URL")
        return [(url, path)]
    if (path / "info.json").is_file():
        return [(url, path)]
    from newscrawl.replay import ReplayStore

    store = ReplayStore(path)
    if url:
        page = store.find(url)
        if page is None:
            raise UsageError(f"{path} holds no saved page for {url}")
        return [(url, page.folder)]
    folders = sorted({page.folder for page in store.pages.values()})
    if not folders:
        raise UsageError(f"{path} holds no saved page (no info.json in it or below it)")
    return [(None, folder) for folder in folders]


def cmd_extract(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.warc or args.warc_list:
        return run_warc(args, stdout)
    if args.manifest:
        if args.manifest != "-" and not Path(args.manifest).is_file():
            raise UsageError(f"--manifest {args.manifest}: no such file")
        source = stdin if args.manifest == "-" else open(args.manifest, encoding="utf-8")  # noqa: SIM115
        with source:
            for line in source:
                if line.strip():
                    stdout.write(_dump(_manifest_line(line, args.generic)) + "\n")
                    stdout.flush()
        return 0
    if not args.file:
        raise UsageError("give FILE (a saved page or a replay folder), --manifest -, or --warc")
    from newscrawl.api import extract_file

    for url, page in saved_pages(Path(args.file), args.url):
        stdout.write(_dump(extract_file(page, url, generic=args.generic)) + "\n")
    return 0


def add_parser(commands: Any) -> None:
    extract = command_parser(
        commands,
        "extract",
        "print the record of saved pages",
        """Print the record of saved pages as a crawl would export it (extraction, the item
pipelines and the schema check), one JSON object a line. FILE is a file of a page's bytes
(give --url), a saved page's folder (body.* and info.json, which holds the URL), or a replay
folder (every page saved in it, or with --url the one saved for that URL). A page that is not
an article gives its error record. From Python: newscrawl.extract(html, url=...).""",
        """newscrawl extract fixtures/pages/en-news-seed
newscrawl extract --url https://example.com/2025/11/20/a-story page.html
newscrawl extract fixtures/site > site.jsonl
newscrawl extract --generic fixtures/pages/en-news-seed    # without the site's profile
echo '{"url": "https://example.com/a", "path": "page.html"}' | newscrawl extract --manifest -""",
    )
    extract.add_argument(
        "file", nargs="?", metavar="FILE", help="a saved page (file or folder), or a replay folder"
    )
    extract.add_argument("--url", help="the URL the page was fetched from")
    extract.add_argument(
        "--manifest",
        metavar="FILE",
        help='JSON Lines {"url", "path"} (- is stdin): one record or error record per line,'
        " never stopping at a bad line",
    )
    extract.add_argument(
        "--generic",
        action="store_true",
        help="read every site with the generic profile, even one that has a profile",
    )
    add_warc_arguments(extract)
    extract.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_extract(args, sys.stdin, sys.stdout)
