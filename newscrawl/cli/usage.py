"""What every command shares: its parser (a description and examples in `--help`), and the
checks of its arguments, made before any work starts. A mistake raises UsageError, which
`newscrawl` prints as one line on stderr, exiting 2 (see README, "Exit status")."""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class UsageError(Exception):
    """A mistake in the command line: the message says what to do instead."""


def command_parser(
    commands: Any, name: str, summary: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A subcommand's parser: `summary` in `newscrawl --help`, the description and the
    examples (shell lines, kept as written) in `newscrawl NAME --help`."""
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean X?)` when a choice is close to `word`, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def check_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{what} {url!r} is not a web address: give http://… or https://…")
    return url


def check_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date: write it as YYYY-MM-DD") from None


def check_count(value: Any, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise UsageError(f"{what} {value!r} is not a whole number") from None
    if number < 0:
        raise UsageError(f"{what} must be 0 or more, not {number}")
    return number


def check_exists(path: str | Path, what: str) -> Path:
    path = Path(path)
    if not os.path.exists(path):  # also when a folder on the way cannot be searched
        raise UsageError(f"{what} {path}: no such file or folder")
    return path


def check_not_folder(path: str | Path, what: str) -> Path:
    """`path` (as typed: a trailing `/` counts) does not name a folder."""
    text = str(path)
    if text.endswith(("/", os.sep)) or os.path.isdir(text):
        example = Path(text) / "x.jsonl"
        raise UsageError(f"{what} {text} is a folder: give a file in it, e.g. {example}")
    return Path(text)


def check_writable(path: str | Path, what: str) -> Path:
    """`path` names a file that can be written: not a folder, its folder exists or can be
    made, and a file can be opened there (tried, not guessed from permission bits; a file made
    for the try is removed)."""
    path = check_not_folder(path, what)
    existed = os.path.exists(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as exc:
        raise UsageError(f"{what} {path} cannot be written: {exc.strerror or exc}") from None
    if not existed:
        path.unlink(missing_ok=True)
    return path


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same path once links are resolved, or the same
    file under two names (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def check_distinct(paths: dict[str, Path]) -> None:
    """No two of the outputs (by the option that names each) are one file."""
    named = list(paths.items())
    for index, (first, a) in enumerate(named):
        for second, b in named[index + 1 :]:
            if same_file(a, b):
                raise UsageError(
                    f"{first} and {second} are the same file ({a}): one would overwrite the"
                    " other; give each its own file"
                )


def pairs(values: Iterable[str] | None, option: str) -> dict[str, str]:
    """`NAME=VALUE` arguments (-a, -s) as a dict."""
    found = {}
    for pair in values or []:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise UsageError(f"{option} {pair!r}: write it as NAME=VALUE")
        found[name] = value
    return found
