"""A mirror server on 127.0.0.1 that misbehaves on purpose, and the reliability run built on it.

`FaultServer` serves a replay folder the way `newscrawl serve` does (`/<host>/<path>`), except
for the URLs of its fault plan, which answer with 5xx bursts, 429 with Retry-After, slow
answers, connection resets, cut-off bodies, wrong charsets, oversize pages, a gzip bomb (small
on the wire, too large once decompressed), JSON nested 100,000 deep in a page's scripts,
endless redirect chains, a redirect cycle (A -> B -> C -> A), off-site redirects, Cloudflare
challenges (403 and 503), soft 404s, a robots.txt that disallows a section, endless pagination,
a calendar trap and a link longer than the crawl's URL length limit. It logs every request, so
a test can check that retries were bounded and polite and that every URL the crawler asked for
is accounted for.

`python -m testkit.faultserver` runs the reliability crawl of the fixture site and prints its
report (the figures in the README); `tests/test_faults.py` runs the same and asserts on it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.replay import NOT_SAVED, ReplayStore, SavedPage
from newscrawl.serve import HOP_BY_HOP, send_answer
from newscrawl.sidefiles import side_file

HOST = "english.almayadeen.net"
BASE = f"https://{HOST}"

CHALLENGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    b'<meta name="robots" content="noindex,nofollow"></head><body>'
    b'<div id="challenge-error-text">Enable JavaScript and cookies to continue</div>'
    b"<script>window._cf_chl_opt={cType: 'managed'};</script>"
    b'<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>'
    b"</body></html>"
)
SOFT_404 = (
    b"<!DOCTYPE html><html><head><title>Page not found | Al Mayadeen English</title></head>"
    b"<body><h1>Sorry, this page could not be found</h1><p>The page you are looking for does"
    b" not exist.</p></body></html>"
)
ERROR_PAGE = b"<!DOCTYPE html><html><head><title>%d</title></head><body>error</body></html>"
ROBOTS = b"User-agent: *\nDisallow: /search\nDisallow: /articles/blog/\n"

# The faults whose page still gives its article (after retries, waits or re-decoding).
RECOVERING = ("burst_503", "burst_500", "retry_after_429", "wrong_charset", "no_charset")
# The faults whose page still gives its article, read from fewer sources: JSON nested deeper
# than Python's parser goes, in the page's metadata script and in a JSON-LD script, is set
# aside (the article is read from its meta tags and template).
DEGRADING = ("deep_json",)
# The faults that end a page as a failure, and the failure kind each must give.
TERMINAL = {
    "always_502": "http_error",
    "slow": "fetch_failed",
    "reset": "fetch_failed",
    "short_body": "fetch_failed",
    "truncated_html": "unparseable",
    "oversize": "too_large",
    "gzip_bomb": "too_large",
    "challenge_403": "blocked",
    "challenge_503": "blocked",
    "soft_404": "not_found",
}
# Pages the fault plan adds, linked from the home page.
CYCLE = [f"{BASE}/news/politics/cycle-{letter}" for letter in "abc"]
# A link longer than URLLENGTH_LIMIT (Scrapy's 2,083): never requested, a `skipped` failure.
LONG_URL = f"{BASE}/news/politics/{'a-long-winded-slug-' * 120}end"
EXTRA = {
    f"{BASE}/news/politics/loop-start": ("redirect_loop", "http_error"),
    CYCLE[0]: ("redirect_cycle", "http_error"),
    f"{BASE}/news/politics/leaving-the-site": ("offsite_redirect", "off_site"),
    f"{BASE}/news/politics/archive-2025-10-01": ("calendar", "not_article"),
    LONG_URL: ("long_url", "skipped"),
}
REDIRECTING = ("redirect_loop", "redirect_cycle", "offsite_redirect")
CALENDAR_QUERY = f"{BASE}/news/politics?date=2025-10-01"


@dataclass
class Hit:
    at: float
    url: str
    fault: str | None


@dataclass
class FaultPlan:
    """URL → fault kind; `block_after`: every answer after that many requests is a challenge."""

    faults: dict[str, str] = field(default_factory=dict)
    endless_pagination: str | None = f"{BASE}/news/politics"
    block_after: int | None = None
    slow_seconds: float = 3.0
    oversize_bytes: int = 2 * 1024 * 1024


FAULTABLE = re.compile(r"^/(?:news/[^/]+|articles/(?:opinion|analysis|features))/")


def default_plan(store: ReplayStore) -> FaultPlan:
    """The reliability run's plan: the site's articles in URL order take the faults in turn
    (blog posts are left to robots.txt), and the extra pages come on top."""
    articles = sorted(
        url
        for url, page in store.pages.items()
        if page.status == 200
        and url == page.url
        and FAULTABLE.match(urlsplit(url).path)
    )
    kinds = [*RECOVERING, *DEGRADING, *TERMINAL]
    faults = dict(zip(articles[: len(kinds)], kinds, strict=True))
    faults.update({url: kind for url, (kind, _) in EXTRA.items()})
    return FaultPlan(faults=faults)


def _cp1252(body: bytes, declare: bool) -> tuple[bytes, str]:
    text = body.decode("utf-8").replace('<meta charset="utf-8">', "")
    header = "text/html; charset=utf-8" if declare else "text/html"
    return text.encode("cp1252", errors="xmlcharrefreplace"), header


def _calendar_page(day: int) -> bytes:
    nxt = f"/news/politics/archive-2025-10-{day + 1:02d}"
    return (
        f"<!DOCTYPE html><html><head><title>Archive 2025-10-{day:02d}</title>"
        '<meta property="og:type" content="website"></head><body><main><h1>Archive</h1>'
        f'<a href="{nxt}">next day</a><a href="/news/politics?date=2025-10-{day + 1:02d}">'
        "filter</a></main></body></html>"
    ).encode()


def _endless_page(page: SavedPage, number: int) -> bytes:
    """Page `number` of a listing that never ends: page 2's cards, a `rel=next` onward."""
    text = page.body.decode("utf-8")
    text = text.replace("</head>", f'<link rel="next" href="?page={number + 1}">\n</head>', 1)
    return text.encode()


class FaultServer:
    def __init__(self, root: str | Path, plan: FaultPlan | None = None) -> None:
        self.store = ReplayStore(root)
        self.plan = plan if plan is not None else default_plan(self.store)
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.attempts: Counter[str] = Counter()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        # A reset or a client that gave up leaves a dead socket behind: not worth a traceback.
        self.httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ answers

    def _log(self, key: str, url: str, fault: str | None) -> None:
        """A request for `url`, counted as an attempt at `key` (a redirect loop's hops are
        attempts at its first URL)."""
        with self.lock:
            self.attempts[key] += 1
            self.hits.append(Hit(time.monotonic(), url, fault))

    def answer(self, url: str) -> tuple[str | None, Callable[[BaseHTTPRequestHandler], None]]:
        """The fault that applies to `url` (None: none) and how to answer."""
        plan = self.plan
        if plan.block_after is not None and len(self.hits) >= plan.block_after:
            return "challenge_403", lambda h: _send(h, 403, CHALLENGE, _challenge_headers())
        if url == f"{BASE}/robots.txt":
            return None, lambda h: _send(h, 200, ROBOTS, {"Content-Type": "text/plain"})
        fault = plan.faults.get(url)
        page = self.store.find(url)
        listing, _, query = url.partition("?")
        if plan.endless_pagination == listing and query.startswith("page="):
            number = int(query.removeprefix("page=") or 1)
            second = self.store.find(f"{listing}?page=2")
            if number >= 2 and second is not None:
                body = _endless_page(second, number)
                return "endless_pagination", lambda h: _send(h, 200, body, _html())
        if url in CYCLE:
            target = urlsplit(CYCLE[(CYCLE.index(url) + 1) % len(CYCLE)]).path
            return "redirect_cycle", lambda h: _send(h, 302, b"", {"Location": target})
        if url.startswith(f"{BASE}/news/politics/archive-2025-10-"):
            day = int(url.rsplit("-", 1)[1])
            return "calendar", lambda h: _send(h, 200, _calendar_page(day), _html())
        if url == f"{BASE}/":
            body = self._home(page)
            return None, lambda h: _send(h, 200, body, dict(page.headers) if page else _html())
        if fault is None:
            if page is None:
                return None, lambda h: _send(h, 404, NOT_SAVED, _html())
            status, headers, body = page.answer()
            return None, lambda h: _send(h, status, body, headers)
        attempt = self.attempts[url] + 1
        recovered = {"burst_503": 2, "burst_500": 1, "retry_after_429": 1}
        if fault in recovered and attempt > recovered[fault]:
            return None, self._faulty(fault, url, page)  # served normally now: no fault
        return fault, self._faulty(fault, url, page)

    def _home(self, page: SavedPage | None) -> bytes:
        body = page.body.decode("utf-8") if page else "<html><body></body></html>"
        links = "".join(
            f'<li><a href="{urlsplit(url).path}">{kind}</a></li>'
            for url, (kind, _) in EXTRA.items()
        )
        links += f'<li><a href="{urlsplit(CALENDAR_QUERY).path}?date=2025-10-01">Oct 1</a></li>'
        return body.replace("</main>", f'<ul class="extra">{links}</ul>\n</main>', 1).encode()

    def _faulty(
        self, fault: str, url: str, page: SavedPage | None
    ) -> Callable[[BaseHTTPRequestHandler], None]:
        attempt = self.attempts[url] + 1
        body = page.body if page else b""
        if (fault == "burst_503" and attempt <= 2) or (fault == "burst_500" and attempt <= 1):
            status = 503 if fault == "burst_503" else 500
            return lambda h: _send(h, status, ERROR_PAGE % status, _html())
        if fault == "always_502":
            return lambda h: _send(h, 502, ERROR_PAGE % 502, _html())
        if fault == "retry_after_429" and attempt == 1:
            return lambda h: _send(h, 429, ERROR_PAGE % 429, {**_html(), "Retry-After": "1"})
        if fault == "wrong_charset" or fault == "no_charset":
            encoded, content_type = _cp1252(body, declare=fault == "wrong_charset")
            return lambda h: _send(h, 200, encoded, {"Content-Type": content_type})
        if fault == "slow":
            return lambda h: (time.sleep(self.plan.slow_seconds), _send(h, 200, body, _html()))
        if fault == "reset":
            return _reset
        if fault == "short_body":
            return lambda h: _send(h, 200, body[: len(body) // 2], _html(), length=len(body))
        if fault == "truncated_html":
            return lambda h: _send(h, 200, body[: len(body) * 6 // 10], _html())
        if fault == "gzip_bomb":
            unpacked = body.replace(b"</body>", b" " * self.plan.oversize_bytes + b"</body>", 1)
            return lambda h: _send_gzip(h, gzip.compress(unpacked, mtime=0))
        if fault == "deep_json":
            deep = b"[" * 100_000 + b"]" * 100_000
            return lambda h: _send(h, 200, _with_deep_json(body, deep), _html())
        if fault == "oversize":
            padding = b"<!-- " + b"x" * self.plan.oversize_bytes + b" -->"
            big = body.replace(b"</body>", padding + b"</body>", 1)
            return lambda h: _send(h, 200, big, _html())
        if fault in ("challenge_403", "challenge_503"):
            status = 403 if fault == "challenge_403" else 503
            return lambda h: _send(h, status, CHALLENGE, _challenge_headers())
        if fault == "soft_404":
            return lambda h: _send(h, 200, SOFT_404, _html())
        if fault == "redirect_loop":
            target = f"/news/politics/loop-start?hop={attempt}"
            return lambda h: _send(h, 302, b"", {"Location": target})
        if fault == "offsite_redirect":
            return lambda h: _send(h, 302, b"", {"Location": "https://evil.example.com/phish"})
        status, headers, body = page.answer() if page else (404, _html(), NOT_SAVED)
        return lambda h: _send(h, status, body, headers)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host, _, rest = self.path.lstrip("/").partition("/")
                url = f"https://{host}/{rest}"
                if url.startswith(f"{BASE}/news/politics/loop-start?hop="):
                    url_key = f"{BASE}/news/politics/loop-start"
                else:
                    url_key = url
                fault, respond = server.answer(url_key)
                server._log(url_key, url, fault)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    respond(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def _with_deep_json(body: bytes, deep: bytes) -> bytes:
    """The page with `deep` as its metadata script's JSON and as a JSON-LD script."""
    page = re.sub(rb'(<script id="tawsiyat-metadata"[^>]*>).*?(</script>)',
                  lambda m: m.group(1) + deep + m.group(2), body, count=1, flags=re.S)  # fmt: skip
    script = b'<script type="application/ld+json">' + deep + b"</script>"
    return page.replace(b"</head>", script + b"</head>", 1)


def _send_gzip(handler: BaseHTTPRequestHandler, packed: bytes) -> None:
    """A gzip-encoded answer (send_answer drops Content-Encoding, a replay's hop-by-hop)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(packed)))
    handler.end_headers()
    handler.wfile.write(packed)
    handler.wfile.flush()


def _html() -> dict[str, str]:
    return {"Content-Type": "text/html; charset=utf-8"}


def _challenge_headers() -> dict[str, str]:
    return {
        "Content-Type": "text/html; charset=UTF-8",
        "Server": "cloudflare",
        "cf-mitigated": "challenge",
        "cf-ray": "8f00000000000000-BEY",
    }


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str],
    length: int | None = None,
) -> None:
    """`send_answer`, or (`length`) an answer that announces `length` bytes, sends fewer and
    closes the connection."""
    if length is None:
        send_answer(handler, status, headers, body)
        handler.wfile.flush()
        return
    handler.send_response(status)
    for name, value in headers.items():
        if name.lower() not in HOP_BY_HOP:
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(length))
    handler.send_header("Connection", "close")
    handler.close_connection = True
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)


def _reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP reset, before any answer."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


# ---------------------------------------------------------------- the reliability run

CRAWL_SETTINGS = (
    "DOWNLOAD_TIMEOUT=1",
    "DOWNLOAD_MAXSIZE=1048576",
    "DOWNLOAD_WARNSIZE=0",
)


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file; none when the file does not exist (yet). The tests
    import this one (tests.conftest.read_lines)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run_crawl(server_url: str, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    settings = [part for pair in CRAWL_SETTINGS for part in ("-s", pair)]
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "almayadeen", "-o", str(out),
               "--mirror", server_url, "-a", "max_listing_pages=5",
               *settings, *options]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def reliability_run(site: Path, out_dir: Path) -> dict[str, Any]:
    """Crawl `site` through the fault server; the figures of the reliability report."""
    out = out_dir / "articles.jsonl"
    with FaultServer(site) as server:
        done = run_crawl(server.url, out)
    records = read_lines(out)
    failures = read_lines(side_file(out, "failures.jsonl"))
    report = json.loads(side_file(out, "report.json").read_text())
    expected = read_lines(site / "expected" / "records.jsonl")
    terminal = {url for url, kind in server.plan.faults.items() if kind in TERMINAL}
    expected_articles = {
        r["url"]
        for r in expected
        if r["type"] != "breaking"
        and r["url"] not in terminal
        and not urlsplit(r["url"]).path.startswith("/articles/blog/")
    }
    exported = {r["url"] for r in records if r["type"] != "breaking"}
    injected = Counter(hit.fault for hit in server.hits if hit.fault)
    per_url: dict[str, int] = defaultdict(int)
    for hit in server.hits:
        per_url[hit.url] += 1  # a redirect loop's hops are separate URLs
    return {
        "exit_code": done.returncode,
        "requests_made": len(server.hits),
        "faults_injected": dict(sorted(injected.items())),
        "max_attempts_per_url": max(per_url.values()),
        "records_expected": len(expected_articles),
        "records_exported": len(exported),
        "breaking_exported": sum(1 for r in records if r["type"] == "breaking"),
        "failures_by_reason": dict(sorted(Counter(f["error"]["kind"] for f in failures).items())),
        "records_lost": len(expected_articles - exported),
        "report": report,
        "records": records,
        "failures": failures,
        "hits": server.hits,
        "plan": server.plan,
        "stderr": done.stderr,
    }


FIGURES = (
    "requests_made",
    "faults_injected",
    "max_attempts_per_url",
    "records_expected",
    "records_exported",
    "breaking_exported",
    "failures_by_reason",
    "records_lost",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkit.faultserver", description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("fixtures/site"))
    parser.add_argument("--out", type=Path, help="write the report here (JSON)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = reliability_run(args.site, Path(tmp))
    figures = {key: result[key] for key in FIGURES}
    text = json.dumps(figures, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result["records_lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
