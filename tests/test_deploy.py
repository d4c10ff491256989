"""The shipped scheduling files stay true: every newscrawl command in deploy/ parses with the
current command line, and the scrapyd deploy target and settings entry point exist."""

from __future__ import annotations

import configparser
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from newscrawl.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
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
