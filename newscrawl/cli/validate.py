"""`newscrawl validate`: check an export against the record schema."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from newscrawl.cli.usage import UsageError, command_parser

MISSING = "(record): '"
MISSING_END = "' is a required property"
SHOWN = 5


def check_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(line number, reasons) for every line of an export that is not a valid record."""
    from newscrawl.schema import validate_record

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:  # not UTF-8 is a ValueError too
            yield number, [f"not JSON: {exc}"]
            continue
        except RecursionError:
            yield number, ["not JSON: nested too deeply"]
            continue
        reasons = validate_record(record)
        if reasons:
            yield number, reasons


def summarised(reasons: list[str]) -> str:
    """A record's reasons on one line: the missing fields named together, then the others,
    at most SHOWN of them."""
    missing = [r[len(MISSING) : -len(MISSING_END)] for r in reasons
               if r.startswith(MISSING) and r.endswith(MISSING_END)]  # fmt: skip
    others = [r for r in reasons if not (r.startswith(MISSING) and r.endswith(MISSING_END))]
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + others
    more = len(parts) - SHOWN
    return "; ".join(parts[:SHOWN]) + (f" (and {more} more)" if more > 0 else "")


def open_export(path: Path) -> IO[bytes]:
    """An export's bytes, gunzipped when it is gzip (whatever its name)."""
    if not os.path.exists(path):  # also when a folder on the way cannot be searched
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give an export file (.jsonl or .jsonl.gz)")
    raw = path.open("rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    raw.seek(0)
    return raw


def validate_file(path: Path, stdout: TextIO) -> int:
    """Name every bad line of one export; the number of bad lines."""
    bad = 0
    with open_export(path) as lines:
        try:
            for number, reasons in check_lines(lines):
                bad += 1
                stdout.write(f"{path}:{number}: {summarised(reasons)}\n")
        except (OSError, EOFError) as exc:  # a broken gzip stream
            bad += 1
            stdout.write(f"{path}: unreadable after the last line shown: {exc}\n")
    stdout.write(f"{path}: {bad} bad line(s)\n" if bad else f"{path}: all valid\n")
    return bad


def cmd_validate(args: argparse.Namespace, stdout: TextIO) -> int:
    paths = [Path(f) for f in args.files]
    for path in paths:
        open_export(path).close()  # every file is there before any is read
    bad = sum(validate_file(path, stdout) for path in paths)
    return 1 if bad else 0


def add_parser(commands: Any) -> None:
    validate = command_parser(
        commands,
        "validate",
        "check an export against the schema",
        """Check every line of crawl exports (JSON Lines, plain or gzip) against the record
schema (docs/record-format.md). Each bad line is named once, with its reasons; exit 1 when
any line is bad, 0 when all are valid.""",
        """newscrawl validate data/articles.jsonl
newscrawl validate data/articles.failures.jsonl data/run-2/articles.jsonl.gz""",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help=".jsonl or .jsonl.gz")
    validate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_validate(args, sys.stdout)
