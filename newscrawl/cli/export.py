"""`newscrawl export`: merge crawl outputs into a dataset folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newscrawl.cli.usage import UsageError, command_parser
from newscrawl.locks import holding


def dataset_lock(out: Path) -> Path:
    """The lock of a dataset folder: `dataset.lock` beside `dataset/`."""
    return out.with_name(f"{out.name}.lock")


def cmd_export(args: argparse.Namespace) -> int:
    from newscrawl.dataset import (
        DatasetError,
        check_inputs,
        check_out_dir,
        export_dataset,
        summary,
    )

    out, inputs = Path(args.out_dir), [Path(p) for p in args.inputs]
    if not out.name or out.name in (".", ".."):
        raise UsageError(f"{args.out_dir}: give the dataset's own folder, e.g. datasets/news")
    try:
        check_inputs(inputs)  # before the lock, so that a mistake leaves nothing behind
        check_out_dir(out.resolve())
        # One export at a time into a folder: each builds beside it and replaces it.
        with holding(dataset_lock(out.resolve()), f"the dataset {out}", args.wait):
            manifest = export_dataset(out, inputs, args.parquet, progress=sys.stderr.isatty())
    except DatasetError as exc:  # a folder that is not ours, a missing input, no pyarrow
        raise UsageError(str(exc)) from None
    except OSError as exc:  # a failed write: the previous dataset, if any, is untouched
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 1
    print(summary(manifest, out))
    return 0


def add_parser(commands: Any) -> None:
    export = command_parser(
        commands,
        "export",
        "merge crawl outputs into a dataset folder",
        """Merge crawl outputs (JSON Lines, plain or gzip, from any number of runs) into one
dataset folder: the latest revision of each article and one copy of each breaking-news item,
partitioned by language and month, with a manifest.json of counts and checksums. Error records
are counted, not kept. OUT_DIR must be new, empty, or a dataset an earlier export wrote (it is
replaced whole). One export at a time per folder (OUT_DIR.lock): a second is refused (exit 2)
or waits (--wait).""",
        """newscrawl export datasets/almayadeen data/articles.jsonl
newscrawl export datasets/almayadeen data/run-*/articles.jsonl --parquet
newscrawl export --wait datasets/almayadeen data/en/articles.jsonl data/ar/articles.jsonl""",
    )
    export.add_argument("out_dir", metavar="OUT_DIR")
    export.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="crawl outputs (.jsonl or .jsonl.gz)"
    )
    export.add_argument(
        "--parquet", action="store_true", help="also write part-0.parquet files (needs pyarrow)"
    )
    export.add_argument(
        "--wait", action="store_true", help="when another export holds OUT_DIR, wait for it"
    )
    export.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_export(args)
