"""The README's examples run as written: every `sh` and `python` block, in order, in a temporary
copy of the repository, each command exiting 0. A block preceded by
`<!-- readme-test: skip (reason) -->` needs what a test cannot have (the live web, a package
index, a Redis or scrapyd server); a command ending in `&` runs in the background until its
block ends; a command whose comment says `# exit N` must exit N; port 8000 becomes a free port
(README, "Development")."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # real crawls

BLOCK = re.compile(
    r"(?:<!-- readme-test: skip \((?P<skip>[^)]*)\) -->\n)?```(?P<language>sh|python)\n"
    r"(?P<body>.*?)```",
    re.S,
)
PORT = re.compile(r"(?<=--port )8000\b|(?<=127\.0\.0\.1:)8000\b")
EXIT = re.compile(r"#\s*exit (\d+)\b")


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    body: str
    skip: str | None


def readme_blocks() -> list[Block]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        Block(text.count("\n", 0, m.start()) + 1, m["language"], m["body"], m["skip"])
        for m in BLOCK.finditer(text)
    ]


def commands(body: str) -> list[str]:
    """The shell commands of a block: continuation lines joined, comment lines left out."""
    joined = re.sub(r"\\\n\s*", "", body)
    return [line for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the examples read (README and fixtures), where they write too."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    shutil.copy(ROOT / "README.md", root)
    return root


def test_the_readme_has_runnable_and_skipped_examples() -> None:
    blocks = readme_blocks()
    assert sum(b.skip is None for b in blocks) >= 5
    assert all(b.skip for b in blocks if "pip install" in b.body or "--redis" in b.body)
    for block in (b for b in blocks if b.skip is None):
        assert "URL…" not in block.body, f"README.md:{block.line}: a placeholder cannot run"


def run_shell(block: Block, root: Path, env: dict[str, str]) -> None:
    body = PORT.sub(str(free_port()), block.body)
    background: list[subprocess.Popen[str]] = []
    try:
        for command in commands(body):
            code = command.split(" #")[0].rstrip()
            if code.endswith("&"):
                server = subprocess.Popen(["bash", "-c", f"exec {code[:-1]}"], cwd=root, env=env,
                                          stdout=subprocess.PIPE, text=True)  # fmt: skip
                background.append(server)
                assert server.stdout is not None
                said = server.stdout.readline()
                assert said.startswith("serving "), f"README.md:{block.line}: {code}: {said!r}"
                continue
            done = subprocess.run(["bash", "-c", code], cwd=root, env=env, capture_output=True,
                                  text=True, timeout=600)  # fmt: skip
            where = f"README.md:{block.line}: {code}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            expected = EXIT.search(command)
            assert done.returncode == (int(expected[1]) if expected else 0), where
            assert "Traceback" not in done.stderr, where
    finally:
        for server in background:
            server.terminate()
            server.wait(timeout=30)


def test_every_example_runs_as_written(copy: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran = 0
    for block in readme_blocks():
        if block.skip:
            continue
        if block.language == "sh":
            run_shell(block, copy, env)
        else:
            script = copy / f"readme_{block.line}.py"
            script.write_text(block.body, encoding="utf-8")
            done = subprocess.run([sys.executable, str(script)], cwd=copy, env=env,
                                  capture_output=True, text=True, timeout=300)  # fmt: skip
            assert done.returncode == 0, f"README.md:{block.line}:\n{done.stderr[-3000:]}"
        ran += 1
    assert ran == sum(b.skip is None for b in readme_blocks())
    # What the examples made: two runs, a dataset with Parquet, a recorded page.
    assert (copy / "data" / "run-1" / "articles.report.json").exists()
    assert (copy / "datasets" / "almayadeen" / "manifest.json").exists()
    assert list((copy / "datasets" / "almayadeen").rglob("part-0.parquet"))
    assert list((copy / "saved").glob("*/info.json"))
