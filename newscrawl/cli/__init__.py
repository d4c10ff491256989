"""The `newscrawl` command: crawl, report, record, serve, extract, validate, export, and review
fixtures.
Each command is a module of this package (`add_parser`, `run`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from newscrawl.cli import crawl, export, extract, fixtures, record, report, serve, validate

COMMANDS = (crawl, report, record, extract, validate, serve, export, fixtures)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


__all__ = ["build_parser", "main"]
