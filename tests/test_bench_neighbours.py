"""bench/neighbours.py, which measures the README's "loaded" figures: the neighbours run while
the command runs, the command's exit status comes back, the neighbours die with the command
and, when the script itself is killed, by themselves; mistakes get one line and status 2."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "neighbours.py"
# The command lists the running children of its parent, the script: itself and the neighbours.
SIBLINGS = "import os; p = os.getppid(); print(open(f'/proc/{p}/task/{p}/children').read())"


def neighbours(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def pids_of(stderr: str) -> list[int]:
    found = re.search(r"\(pids ([\d, ]+)\)", stderr)
    assert found, stderr
    return [int(pid) for pid in found.group(1).split(", ")]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has stopped; it only waits to be reaped


def wait_until_gone(pids: list[int], budget: float = 60) -> list[int]:
    deadline = time.monotonic() + budget
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize("kind", ["hash", "python"])
def test_the_neighbours_run_beside_the_command_and_stop_with_it(kind: str) -> None:
    done = neighbours("--count", "2", "--kind", kind, "--", sys.executable, "-c", SIBLINGS)
    assert done.returncode == 0, done.stderr
    started = pids_of(done.stderr)
    assert len(started) == 2
    running = {int(pid) for pid in done.stdout.split()}
    assert set(started) <= running  # both were running while the command ran
    assert "neighbours: stopped" in done.stderr
    assert wait_until_gone(started) == []


def test_the_command_s_exit_status_is_the_script_s() -> None:
    done = neighbours("--count", "1", "--", sys.executable, "-c", "raise SystemExit(3)")
    assert done.returncode == 3
    assert wait_until_gone(pids_of(done.stderr)) == []


def test_killed_script_s_neighbours_stop_by_themselves() -> None:
    script = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--count", "2", "--", "sleep", "611"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert script.stderr is not None
    started = pids_of(script.stderr.readline())
    script.send_signal(signal.SIGKILL)
    script.wait()
    try:
        assert wait_until_gone(started) == []
    finally:
        subprocess.run(["pkill", "-f", "^sleep 611$"], check=False)
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "neighbours: no command to run: give it after --\n"),
        (["--"], "neighbours: no command to run: give it after --\n"),
        (["--kind", "disk", "--", "true"], "neighbours: argument --kind: invalid choice"),
        (["--count", "-1", "--", "true"], "neighbours: --count must be between 0 and 64, not -1\n"),
        (["--", "no-such-program-here"], "neighbours: cannot run no-such-program-here: no such"),
    ],
)
def test_mistakes_get_one_line_and_status_2(args: list[str], message: str) -> None:
    done = neighbours(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(message)
