"""`newscrawl validate`: check an export against the record schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from newscrawl.dataset import load_json_line
from newscrawl.schema import validate_record


def check_lines(lines: Iterable[str]) -> Iterable[tuple[int, list[str]]]:
    """(line number, reasons) for every line of an export that is not a valid record."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = load_json_line(line)
        except ValueError as exc:
            yield number, [f"not JSON: {exc}"]
            continue
        reasons = validate_record(record)
        if reasons:
            yield number, reasons


def cmd_validate(args: argparse.Namespace, stdout: TextIO) -> int:
    bad = 0
    with open(args.file, encoding="utf-8") as lines:
        for number, reasons in check_lines(lines):
            bad += 1
            for reason in reasons:
                stdout.write(f"{args.file}:{number}: {reason}\n")
    stdout.write(f"{args.file}: {bad} bad line(s)\n" if bad else f"{args.file}: all valid\n")
    return 1 if bad else 0


def add_parser(commands: Any) -> None:
    validate = commands.add_parser("validate", help="check an export against the schema")
    validate.add_argument("file")
    validate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_validate(args, sys.stdout)
