"""`newscrawl serve`: serve a replay folder on 127.0.0.1, as a mirror for crawls."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
from typing import Any

from newscrawl.cli.usage import UsageError, command_parser


def cmd_serve(args: argparse.Namespace) -> int:
    from newscrawl.serve import ReplayServer

    if not os.path.exists(args.folder):
        raise UsageError(f"{args.folder}: no such folder or archive (give a replay folder)")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give 1 to 65535, or 0 for any free port")
    try:
        server = ReplayServer(args.folder, args.port, args.latency)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {args.port} is in use: give another with --port N (0: any free port)"
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {args.port} needs privileges: give one above 1023") from None
        raise
    print(f"serving {args.folder} at {server.url} (use --mirror {server.url})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.httpd.serve_forever()
    return 0


def add_parser(commands: Any) -> None:
    serve = command_parser(
        commands,
        "serve",
        "serve a replay folder or WARC archives as a mirror on 127.0.0.1",
        """Serve the saved pages of a replay folder (or WARC archives, or a folder of them) over
HTTP on 127.0.0.1 (never on other interfaces) until Ctrl-C: http://127.0.0.1:PORT/<host>/<path>
answers with the page saved for https://<host>/<path>, a 404 for a page never saved.
`crawl --mirror` and `record --mirror` fetch from it with Scrapy's real downloader.""",
        """newscrawl serve fixtures/site --port 8000
newscrawl crawl almayadeen --mirror http://127.0.0.1:8000 -o out.jsonl   # in another shell
newscrawl serve fixtures/site --port 0 --latency 0.2   # any free port, a slow site""",
    )
    serve.add_argument(
        "folder", metavar="PATH", help="a replay folder, a WARC archive or a folder of them"
    )
    serve.add_argument("--port", type=int, default=8000, help="default 8000; 0: any free port")
    serve.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer"
    )
    serve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_serve(args)
