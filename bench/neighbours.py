"""Run a command beside busy neighbours: how the README's "loaded" figures are measured.

    python bench/neighbours.py [--count 4] [--kind hash|python] -- COMMAND [ARG ...]

Starts --count processes that keep a CPU each busy for as long as COMMAND runs:
  hash:    SHA-256 of a 1 MiB buffer, again and again; each pass reads the whole buffer, so
           it evicts what the benchmark had in the caches it shares (the README's "loaded");
  python:  a pure-Python loop over a few small objects: CPU-bound but cache-friendly, like a
           test suite running beside the benchmark.
COMMAND runs in the foreground, its output as it is. The neighbours are killed when it ends,
however it ends, and stop by themselves if this process is killed. The load average before and
after goes to stderr. The exit status is COMMAND's (2 for a mistake in the arguments).

    python bench/neighbours.py -- python bench/extract_bench.py --rounds 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_args import OneLineParser

# Each neighbour stops when its parent, whose pid it is given, is gone (it has been adopted by
# another process), even when that happened before it started.
NEIGHBOURS = {
    "hash": (
        "import hashlib, os, sys\n"
        "parent, buffer = int(sys.argv[1]), os.urandom(1 << 20)\n"
        "while os.getppid() == parent:\n"
        "    hashlib.sha256(buffer).digest()\n"
    ),
    "python": (
        "import os, sys\n"
        "parent, total = int(sys.argv[1]), 0\n"
        "while os.getppid() == parent:\n"
        "    for n in range(10_000):\n"
        "        total = (total + n * n) % 1_000_003\n"
    ),
}
SETTLE_SECONDS = 2.0  # the neighbours' start-up is not part of the load


def parse(argv: list[str]) -> argparse.Namespace:
    parser = OneLineParser(prog="neighbours", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4, help="busy processes (default 4)")
    parser.add_argument("--kind", choices=sorted(NEIGHBOURS), default="hash")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command to run: give it after --")
    if not 0 <= args.count <= 64:
        parser.error(f"--count must be between 0 and 64, not {args.count}")
    if shutil.which(args.command[0]) is None:
        parser.error(f"cannot run {args.command[0]}: no such program")
    return args


def load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def main(argv: list[str]) -> int:
    args = parse(argv)
    code = NEIGHBOURS[args.kind]
    neighbours = [
        subprocess.Popen([sys.executable, "-c", code, str(os.getpid())]) for _ in range(args.count)
    ]
    pids = ", ".join(str(process.pid) for process in neighbours) or "none"
    print(f"neighbours: {args.count} {args.kind} (pids {pids}); load {load()}", file=sys.stderr)
    try:
        time.sleep(SETTLE_SECONDS if neighbours else 0)
        command = subprocess.Popen(args.command)
        try:
            return command.wait()
        except KeyboardInterrupt:
            command.send_signal(signal.SIGINT)
            return command.wait()
    finally:
        for process in neighbours:
            process.kill()
        for process in neighbours:
            process.wait()
        print(f"neighbours: stopped; load {load()}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
