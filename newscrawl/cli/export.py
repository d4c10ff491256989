"""`newscrawl export`: merge crawl outputs into a dataset folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_export(args: argparse.Namespace) -> int:
    from newscrawl.dataset import DatasetError, export_dataset, summary

    out = Path(args.out_dir)
    try:
        inputs = [Path(p) for p in args.inputs]
        manifest = export_dataset(out, inputs, args.parquet, progress=sys.stderr.isatty())
    except (DatasetError, OSError) as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 2
    print(summary(manifest, out))
    return 0


def add_parser(commands: Any) -> None:
    export = commands.add_parser("export", help="merge crawl outputs into a dataset folder")
    export.add_argument("out_dir", metavar="OUT_DIR")
    export.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="crawl outputs (.jsonl or .jsonl.gz)"
    )
    export.add_argument(
        "--parquet", action="store_true", help="also write part-0.parquet files (needs pyarrow)"
    )
    export.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_export(args)
