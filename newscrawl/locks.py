"""One writer at a time: an exclusive lock on a small file beside what is written.

A crawl locks its output (`x.lock` beside `x.jsonl`) and, when incremental, its state; an
export locks its dataset folder (`dataset.lock` beside `dataset/`). The lock is the kernel's
(flock(2)): it goes when its process ends, however it ends, so a killed run leaves no stale
lock, and `flock(1)` in a shell script takes the same lock. The file holds who took it last
(process id, host, command, time) so that the one refused can be told who is writing.
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


class Locked(Exception):
    """Another process holds the lock: the message says which, and how to wait for it."""


def holder_line() -> str:
    when = datetime.now(UTC).isoformat(timespec="seconds")
    command = " ".join(["newscrawl", *sys.argv[1:]])
    return f"pid {os.getpid()} on {socket.gethostname()} since {when}: {command}\n"


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def holding(path: str | Path, what: str, wait: bool = False) -> Iterator[None]:
    """Hold the lock on `path` (created when missing) while the block runs. Held by another
    process: wait until it is free (`wait`, saying so on stderr), else raise Locked naming
    `what` and the holder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(descriptor):
            held_by = path.read_text(encoding="utf-8", errors="replace").strip() or "starting"
            if not wait:
                raise Locked(
                    f"{what} is in use by another run ({held_by}; lock {path}):"
                    " wait for it to finish, or give --wait"
                )
            print(f"newscrawl: waiting for {what} ({held_by})", file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # blocks until the holder is gone
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, holder_line().encode("utf-8"), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock
