"""`newscrawl profiles`: the registered site profiles, for `newscrawl crawl news -a profile=`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from newscrawl.cli.usage import command_parser

COLUMNS = ("name", "hosts", "extractor", "language", "publisher")


def hosts_cell(hosts: tuple[str, ...]) -> str:
    """The main host, and how many other hosts the site has (`--json` lists them all)."""
    return hosts[0] + (f" (+{len(hosts) - 1} more)" if len(hosts) > 1 else "")


def profile_rows(full: bool = False) -> list[dict[str, str]]:
    from newscrawl.profiles import all_profiles

    return [
        {
            "name": p.name,
            "hosts": " ".join(p.hosts) if full else hosts_cell(p.hosts),
            "extractor": p.extractor,
            "language": p.language,
            "publisher": p.publisher,
        }
        for p in sorted(all_profiles().values(), key=lambda p: p.name)
    ]


def table(rows: list[dict[str, str]]) -> str:
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    lines = [[c.upper() for c in COLUMNS], *([r[c] for c in COLUMNS] for r in rows)]
    return "\n".join(
        "  ".join(cell.ljust(widths[c]) for c, cell in zip(COLUMNS, line, strict=True)).rstrip()
        for line in lines
    )


def cmd_profiles(args: argparse.Namespace, stdout: TextIO) -> int:
    rows = profile_rows(full=args.json)
    if args.json:
        stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    else:
        stdout.write(table(rows) + "\n")
        stdout.write(
            f"{len(rows)} profiles. Any other site is read by the generic profile:"
            " newscrawl crawl news -a start=URL\n"
        )
    return 0


def add_parser(commands: Any) -> None:
    profiles = command_parser(
        commands,
        "profiles",
        "list the site profiles (for crawl news -a profile=NAME)",
        """List every registered site profile: its name (for `newscrawl crawl news -a
profile=NAME`), the hosts it crawls, which extractor reads its pages (`almayadeen`: that CMS's
own reader; `generic`: JSON-LD, meta tags and the page's text), its language and publisher.
docs/site-profiles.md says how to add one.""",
        """newscrawl profiles
newscrawl profiles --json""",
    )
    profiles.add_argument("--json", action="store_true", help="one JSON object a line")
    profiles.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_profiles(args, sys.stdout)
