"""`newscrawl serve`: serve a replay folder on 127.0.0.1, as a mirror for crawls."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any


def cmd_serve(args: argparse.Namespace) -> int:
    from newscrawl.serve import ReplayServer

    server = ReplayServer(args.folder, args.port, args.latency)
    print(f"serving {args.folder} at {server.url} (use --mirror {server.url})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.httpd.serve_forever()
    return 0


def add_parser(commands: Any) -> None:
    serve = commands.add_parser(
        "serve", help="serve a replay folder or WARC archives as a mirror on 127.0.0.1"
    )
    serve.add_argument("folder")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer"
    )
    serve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_serve(args)
