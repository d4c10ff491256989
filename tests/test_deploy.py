"""The shipped scheduling files stay true: every newscrawl command in deploy/ parses with the
current command line, and the scrapyd deploy target and settings entry point exist."""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest

from newscrawl.cli import build_parser
from tests.helpers import ROOT

DEPLOY = ROOT / "deploy"


def newscrawl_commands() -> list[tuple[str, list[str]]]:
    """(file, arguments after `newscrawl`) for every newscrawl command line in deploy/."""
    found = []
    for path in sorted(DEPLOY.rglob("*")):
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            if line.lstrip().startswith("#"):
                continue
            line = line.replace("%i", "en").replace("$DATA", "/var/lib/newscrawl")
            words = shlex.split(line)
            if "-c" in words:  # flock … sh -c '<the command> > log 2>&1 || cat log'
                line = words[words.index("-c") + 1]
            words = shlex.split(line.split("||")[0].split(">")[0])
            for index, word in enumerate(words[:-1]):
                command = words[index + 1]
                if (word == "newscrawl" or word.endswith("/newscrawl")) and command in (
                    "crawl",
                    "export",
                ):
                    found.append((path.name, words[index + 1 :]))
                    break
    return found


def test_deploy_ships_cron_and_systemd_files() -> None:
    names = {p.name for p in DEPLOY.rglob("*") if p.is_file()}
    assert {"newscrawl", "newscrawl-crawl@.service", "newscrawl-crawl@.timer",
            "newscrawl-export.service", "newscrawl-export.timer"} <= names  # fmt: skip
    timer = (DEPLOY / "systemd" / "newscrawl-crawl@.timer").read_text()
    assert re.search(r"^OnCalendar=hourly$", timer, re.M)
    assert "Persistent=true" in timer


@pytest.mark.parametrize(("name", "args"), newscrawl_commands())
def test_every_scheduled_command_parses(name: str, args: list[str]) -> None:
    parsed = build_parser().parse_args(args)
    if parsed.command == "crawl":
        assert parsed.incremental, f"{name}: scheduled crawls should be incremental"


def test_there_are_scheduled_crawls_and_exports() -> None:
    commands = {args[0] for _, args in newscrawl_commands()}
    assert commands == {"crawl", "export"}


def test_scrapyd_deploy_target_and_settings_entry_point() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "scrapy.cfg")
    assert config["settings"]["default"] == "newscrawl.settings"
    assert config["deploy:local"]["project"] == "newscrawl"
    assert config["deploy:local"]["url"].startswith("http://")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["scrapy"]["settings"] == "newscrawl.settings"


def cron_line(tmp_path: Path, marker: str) -> tuple[str, dict[str, str]]:
    """The cron command holding `marker`, with $DATA in `tmp_path`, and an environment whose
    `newscrawl` only says that it ran."""
    line = next(
        entry
        for entry in (DEPLOY / "cron" / "newscrawl").read_text().splitlines()
        if marker in entry and not entry.startswith("#")
    )
    command = line.split(None, 6)[6]  # after the five time fields and the user
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "newscrawl"
    fake.write_text("#!/bin/sh\necho ran\n")
    fake.chmod(0o755)
    return command.replace("$DATA", str(tmp_path / "data")), {"PATH": f"{bin_dir}:/usr/bin:/bin"}


def test_the_first_cron_run_makes_its_folder(tmp_path: Path) -> None:
    """On a new machine, $DATA/en does not exist yet: the first run still runs and logs."""
    command, env = cron_line(tmp_path, "--edition en")
    (tmp_path / "data").mkdir()
    done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=30)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "en" / "last.log").read_text() == "ran\n"


def test_a_skipped_cron_run_leaves_the_running_crawls_log_alone(tmp_path: Path) -> None:
    """The cron line, run by a real shell while another run holds its lock: it exits 0 (no
    mail) and neither truncates nor touches the running crawl's log."""
    command, env = cron_line(tmp_path, "--edition en")
    (tmp_path / "data" / "en").mkdir(parents=True)
    log = tmp_path / "data" / "en" / "last.log"
    log.write_text("the running crawl's log\n")
    # The running crawl: flock(1) holding the lock until told to finish. Not killed: a
    # process killed with SIGKILL releases its lock only once the kernel has run its exit,
    # which on a loaded machine can come after its parent's wait() for another member of its
    # group has returned. Told to finish, `flock` exits after its shell: the lock is free once
    # `holder` is reaped.
    holder = subprocess.Popen(["flock", str(tmp_path / "data" / "en.lock"), "-c",
                               "echo held; read line"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                              timeout=30)  # fmt: skip
    finally:
        holder.communicate("done\n", timeout=60)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == "the running crawl's log\n"
    # And with the lock free, the command runs and writes its log.
    done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=30)  # fmt: skip
    assert done.returncode == 0 and log.read_text() == "ran\n"
