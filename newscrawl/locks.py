"""One writer at a time: an exclusive lock on a small file beside what is written.

A crawl locks its output (`x.lock` beside `x.jsonl`) and, when incremental, its state; an
export locks its dataset folder (`dataset.lock` beside `dataset/`). The lock is the kernel's
(flock(2)): it goes when its process ends, however it ends, so a killed run leaves no stale
lock, and `flock(1)` in a shell script takes the same lock. The file holds who took it last
(process id, host, command, time) so that the one refused can be told who is writing.

A file given through a symbolic link is locked beside both names (`writer_locks`). A process
knows the locks it holds (`held_here`): `newscrawl crawl` takes them before Scrapy starts, and
the crawl's own extension (newscrawl/run_locks.py, for `scrapy crawl` and scrapyd) then takes
only those it does not hold already (a second flock(2) of one file by one process, through
another descriptor, would refuse itself).
"""

from __future__ import annotations

import fcntl
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.sidefiles import side_file

_HELD: set[Path] = set()  # the real paths of the locks this process holds


class Locked(Exception):
    """Another process holds the lock: the message says which, and how to wait for it."""


def holder_line(command: str | None = None) -> str:
    """Who holds a lock: this process, and its command (default: newscrawl's command line)."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    command = command or " ".join(["newscrawl", *sys.argv[1:]])
    return f"pid {os.getpid()} on {socket.gethostname()} since {when}: {command}\n"


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def writer_locks(files: list[tuple[Path | None, str]]) -> list[tuple[Path, str]]:
    """The locks that keep each `(file, what)` to one writer (`what`: "the crawl output"…), in
    the one order every process takes them (of their real paths). A file given through a
    symbolic link is locked beside both names: beside the link (what `flock(1)` on the lock the
    link names takes) and beside the file it leads to, which every run writing that file,
    under whatever name, takes too."""
    found: dict[Path, tuple[Path, str]] = {}
    for path, what in files:
        if path is None:
            continue
        real = _real(path)
        named = f"{what} {path}" + (f" (a link to {real})" if path.is_symlink() else "")
        for lock in (side_file(path, "lock"), side_file(real, "lock")):
            found.setdefault(_real(lock), (lock, named))
    return [found[real] for real in sorted(found)]


def _real(path: Path) -> Path:
    """The path with its links resolved (as far as they go: a loop of links is left as it is,
    for the open to refuse)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return path.absolute()


def held_here(path: str | Path) -> bool:
    """Whether this process holds the lock on `path` (under any name)."""
    return _real(Path(path)) in _HELD


@contextmanager
def holding(
    path: str | Path,
    what: str,
    wait: bool = False,
    command: str | None = None,
    hint: str = "wait for it to finish, or give --wait",
) -> Iterator[None]:
    """Hold the lock on `path` (created when missing) while the block runs. Held by another
    process: wait until it is free (`wait`, saying so on stderr), else raise Locked naming
    `what` and the holder, then `hint`. `command`: what the lock file says this process runs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(descriptor):
            held_by = path.read_text(encoding="utf-8", errors="replace").strip() or "starting"
            if not wait:
                raise Locked(f"{what} is in use by another run ({held_by}; lock {path}): {hint}")
            print(f"newscrawl: waiting for {what} ({held_by})", file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # blocks until the holder is gone
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, holder_line(command).encode("utf-8"), 0)
        real = _real(path)
        _HELD.add(real)
        try:
            yield
        finally:
            _HELD.discard(real)
    finally:
        os.close(descriptor)  # releases the lock
