"""The `newscrawl` command: crawl, report, record, serve, extract, validate, export, review
fixtures and list profiles. Each command is a module of this package (`add_parser`, `run`).

Exit status: 0 done; 1 the work failed (a failed crawl, invalid records, a failed write: the
reason is printed); 2 a mistake in the command line (one line on stderr saying what to do)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from newscrawl import __version__
from newscrawl.cli import (
    crawl,
    export,
    extract,
    fixtures,
    profiles,
    record,
    report,
    serve,
    validate,
)
from newscrawl.cli.usage import UsageError, did_you_mean
from newscrawl.locks import Locked

COMMANDS = (crawl, report, record, extract, validate, serve, export, fixtures, profiles)
DESCRIPTION = """Turn news websites into clean, validated JSON Lines datasets.

`newscrawl COMMAND --help` describes a command, with examples. Exit status: 0 done, 1 the work
failed (the reason is printed), 2 a mistake in the command line."""


def versions() -> str:
    try:
        scrapy = version("scrapy")
    except PackageNotFoundError:
        scrapy = "not installed"
    return f"newscrawl {__version__} (Scrapy {scrapy}, Python {sys.version.split()[0]})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=versions())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; an option the command does not have is reported by that command's
    parser (its usage, not the top-level one), with the nearest option it does have."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        command = commands.choices[args.command]
        options = [o for action in command._actions for o in action.option_strings]
        hint = did_you_mean(unknown[0].split("=")[0], options)
        command.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        return int(args.run(args))
    except (UsageError, Locked) as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"newscrawl {args.command}: interrupted", file=sys.stderr)
        return 130


__all__ = ["build_parser", "main"]
