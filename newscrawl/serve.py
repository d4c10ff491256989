"""A small HTTP server that serves a replay folder (or WARC archives) as a mirror (see
newscrawl.mirror)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newscrawl.pagestore import BrokenSavedPage, PageStore
from newscrawl.replay import NOT_SAVED, open_store

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "content-encoding"}


def send_answer(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> None:
    """A saved answer as the server sent it: its headers (not the hop-by-hop ones, which
    belonged to that connection) and its body, with this connection's Content-Length."""
    handler.send_response(status)
    for name, value in headers.items():
        if name.lower() not in HOP_BY_HOP:
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def make_handler(
    store: PageStore, latency: float = 0.0, answered: Callable[[], None] | None = None
) -> type[BaseHTTPRequestHandler]:
    class MirrorHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if latency:
                time.sleep(latency)  # a remote site's answer time, for benchmarks
            host, _, rest = self.path.lstrip("/").partition("/")
            url = f"https://{host}/{rest}"
            page = store.find(url)
            try:
                if page is None:
                    if problem := store.problem(url):
                        raise BrokenSavedPage(problem)
                    status, headers, body = 404, {"Content-Type": "text/html"}, NOT_SAVED
                else:
                    status, headers, body = page.answer(self.headers.get("If-None-Match"))
            except BrokenSavedPage as broken:
                # That page alone fails, and says why; nothing outside the folder is sent.
                status, headers = 500, {"Content-Type": "text/plain; charset=utf-8"}
                body = f"broken saved page: {broken}\n".encode()
            send_answer(self, status, headers, body)
            if answered is not None:
                answered()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return MirrorHandler


class ReplayServer:
    """Serves a replay folder (or WARC archives) on 127.0.0.1; usable as a context manager
    in tests. `answered` counts the answers sent (a test's measure of a crawl's progress)."""

    def __init__(self, root: str | Path, port: int = 0, latency: float = 0.0) -> None:
        self.store = open_store(root)
        self.store.urls()  # read it now: its broken pages are named at start
        self.answered = 0
        self._lock = threading.Lock()
        handler = make_handler(self.store, latency, self._count)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = self._handle_error  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handle_error(self, request: object, address: object) -> None:
        """A client that went away (a crawler killed mid-request) is not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            ThreadingHTTPServer.handle_error(self.httpd, request, address)  # type: ignore[arg-type]

    def _count(self) -> None:
        with self._lock:
            self.answered += 1

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
