"""`newscrawl fixtures`: compare saved pages with their expected records (a layout change
shows as a difference), and rewrite them for review."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from newscrawl.cli.usage import UsageError, command_parser

VOLATILE = ("crawled_at", "content_hash")
EXPECTED = "expected.json"


def expected_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """What a fixture's expected.json holds: the record minus volatile fields and messages."""
    if "error" in record:
        expected = {
            "url": record["url"],
            "status": record.get("status"),
            "error": {"kind": record["error"]["kind"]},
        }
        return expected
    return {k: v for k, v in record.items() if k not in VOLATILE}


def cmd_fixtures(args: argparse.Namespace, stdout: TextIO) -> int:
    from newscrawl.processing import record_for_page
    from newscrawl.replay import read_saved_page

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder (give a folder of saved pages)")
    # Every saved page, two of the same URL included (a fixture may be a variant of another).
    pages = [read_saved_page(info.parent) for info in sorted(folder.rglob("info.json"))]
    if not pages:
        raise UsageError(f"{folder} holds no saved page (no info.json in it or below it)")
    if not args.write and not any((page.folder / EXPECTED).exists() for page in pages):
        raise UsageError(
            f"none of the {len(pages)} pages in {folder} has an {EXPECTED} to compare with"
            " (a replay folder such as fixtures/site is checked by crawling it); --write"
            " creates them for review"
        )
    changed = new = 0
    for page in pages:
        record = record_for_page(page.url, page.body, page.status, page.headers)
        fresh = expected_from_record(record)
        path = page.folder / EXPECTED
        name = page.folder.relative_to(folder).as_posix()
        if not path.exists():
            new += 1
            stdout.write(f"{name}: no {EXPECTED}\n")
        else:
            old = json.loads(path.read_text(encoding="utf-8"))
            if old == fresh:
                continue
            changed += 1
            fields = sorted(k for k in set(fresh) | set(old) if old.get(k) != fresh.get(k))
            stdout.write(f"{name}: differs in {', '.join(fields)}\n")
        if args.write:
            text = json.dumps(fresh, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
    total = changed + new
    if args.write:
        stdout.write(
            f"rewrote {total} expected file(s) of {len(pages)} pages; review them with git diff\n"
        )
        return 0
    if not total:
        stdout.write(f"all {len(pages)} pages agree with their {EXPECTED}\n")
        return 0
    stdout.write(
        f"{changed} of {len(pages)} pages differ, {new} have no {EXPECTED}; if the change is"
        " intended, --write accepts it (then review with git diff)\n"
    )
    return 1


def add_parser(commands: Any) -> None:
    fixtures = command_parser(
        commands,
        "fixtures",
        "compare saved pages with their expected.json (exit 1 when any differs)",
        """Extract every saved page in FOLDER (a folder per page: body.*, info.json and the
expected.json a person wrote) and compare the record with expected.json, naming each page and
the fields that differ. Exit 1 when any page differs or has no expected.json, so that a CI job
catches a site's layout change; --write rewrites the expected files from the code, to review
with git diff before committing.""",
        """newscrawl fixtures
newscrawl fixtures fixtures/pages
newscrawl fixtures saved/ --write && git diff saved/""",
    )
    fixtures.add_argument(
        "folder",
        nargs="?",
        default="fixtures/pages",
        metavar="FOLDER",
        help="saved pages with expected.json files (default: fixtures/pages)",
    )
    fixtures.add_argument(
        "--write", action="store_true", help="rewrite the expected.json files (accept the change)"
    )
    fixtures.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_fixtures(args, sys.stdout)
