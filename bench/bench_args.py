"""Command-line arguments of the benchmark scripts: a mistake gets one line and status 2."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """`argparse`, with a mistake told in one line (no usage block) and status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def valgrind_choice(
    parser: argparse.ArgumentParser, value: str, allowed: Iterable[str]
) -> list[str]:
    """The comma-separated names of `value`, each one of `allowed`; valgrind must be installed."""
    allowed = tuple(allowed)
    names = value.split(",")
    if not set(names) <= set(allowed):
        parser.error(f"choose from {', '.join(allowed)}, not {value}")
    if shutil.which("valgrind") is None:
        parser.error("needs valgrind (apt-get install valgrind)")
    return names
