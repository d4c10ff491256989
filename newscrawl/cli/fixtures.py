"""`newscrawl fixtures`: compare saved pages with their expected records (a layout change
shows as a difference), and rewrite them for review."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from newscrawl.processing import record_for_page

VOLATILE = ("crawled_at", "content_hash")


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
    from newscrawl.replay import ReplayStore

    store = ReplayStore(args.folder)
    changed = 0
    for page in sorted(
        {p.folder: p for p in store.pages.values()}.values(), key=lambda p: p.folder
    ):
        record = record_for_page(page.url, page.body, page.status, page.headers)
        new = expected_from_record(record)
        path = page.folder / "expected.json"
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        if old == new:
            continue
        changed += 1
        fields = sorted(k for k in set(new) | set(old or {}) if (old or {}).get(k) != new.get(k))
        name = page.folder.relative_to(store.root).as_posix()
        stdout.write(f"{name}: differs in {', '.join(fields)}\n")
        if args.write:
            path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    verb = "rewrote" if args.write else "would rewrite"
    stdout.write(f"{verb} {changed} expected file(s); review them with git diff\n")
    return 0


def add_parser(commands: Any) -> None:
    fixtures = commands.add_parser("fixtures", help="compare fixture pages with expected.json")
    fixtures.add_argument("folder", nargs="?", default="fixtures/pages")
    fixtures.add_argument("--write", action="store_true", help="rewrite expected.json files")
    fixtures.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_fixtures(args, sys.stdout)
