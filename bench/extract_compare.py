"""Compare newscrawl with trafilatura, newspaper4k and lxml parse-only on the same article pages.

One run, the same pages for every tool: every article page of `fixtures/site` (folders with
`info.json` + `body.html` whose URL is an article in `expected/records.jsonl`) and of
`fixtures/pages` (folders whose `expected.json` has a `headline`), plus those of any
`--pages-dir` given (either layout). Expected values come from those records: `headline`, the
authors' `name`s, `published_at` and the body blocks' texts joined by "\\n".

For each tool it reports pages per second on one core (one process, one thread; `--cpu N` also
pins it to CPU N, which helps on a quiet machine and hurts when another process is busy on that
CPU; only the extraction call is timed; best of --repeat passes, the tools interleaved in each
pass so that they see the same machine state, after one untimed warm-up pass whose output is the
one scored), the ratio of its time to lxml parse-only time, and its accuracy as scored by
`testkit.evaluation` (headline exact match, author set match, publication day match, body
4-gram F1). How each tool is called:

- newscrawl:    `record_for_page(url, body, status, headers, crawled_at)`; an error record is a
                miss on every field;
- trafilatura:  `bare_extraction(html, url=url, with_metadata=True, include_comments=False)`;
                its `author` string joins names with "; ";
- newspaper4k:  `Article(url, fetch_images=False, follow_meta_refresh=False)`,
                `download(input_html=html)`, `parse()`; no `nlp()`;
- lxml:         `lxml.html.document_fromstring(body)` (no accuracy).

trafilatura and newspaper4k take the body decoded to text (outside the timed call); newscrawl and
lxml take the bytes. Sockets are disabled for the whole run: a tool that tries to reach the
network fails that call, and the attempt is reported. trafilatura and newspaper4k are benchmark
extras (`pip install -e '.[bench]'`); a missing one is skipped with a message.

    python bench/extract_compare.py [--repeat 3] [--pages-dir DIR ...] [--json OUT] [--misses]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import lxml.html
from w3lib.encoding import html_to_unicode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from newscrawl.processing import record_for_page
from newscrawl.profiles import profile_for
from testkit.evaluation import FIELDS, PageScore, Score, record_values, score_page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (ROOT / "fixtures" / "site", ROOT / "fixtures" / "pages")
CRAWLED_AT = "2026-11-20T10:00:00+00:00"
INSTALL_HINT = "pip install -e '.[bench]'"

Values = dict[str, Any]


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    html: str
    expected: Values


@dataclass
class Tool:
    """`extract` is the timed call; `values` turns its result into evaluation's plain values."""

    name: str
    package: str
    extract: Callable[[Page], Any]
    values: Callable[[Any], Values | None] | None
    seconds: list[float] = field(default_factory=list)  # CPU seconds of each timed pass
    wall: list[float] = field(default_factory=list)  # wall seconds of the same passes
    outputs: list[Values | None] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return version_of(self.package)


# Pages and expected values


def expected_values(record: dict[str, Any]) -> Values:
    """The fields of an expected record that evaluation scores (only those the record has)."""
    return record_values(record)


def site_records(folder: Path) -> dict[str, dict[str, Any]]:
    """The article records of a replay folder's `expected/records.jsonl`, by URL."""
    path = folder / "expected" / "records.jsonl"
    if not path.exists():
        return {}
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {r["url"]: r for r in records if r.get("url") and "headline" in r and "error" not in r}


def content_type(headers: dict[str, str]) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), None)


def load_pages(folder: Path) -> list[Page]:
    """Every article page under `folder`: its own `expected.json`, else the folder's records."""
    records = site_records(folder)
    pages = []
    for info_path in sorted(folder.rglob("info.json")):
        case = info_path.parent
        body_path = case / "body.html"
        if not body_path.exists():
            continue
        info = json.loads(info_path.read_text(encoding="utf-8"))
        own = case / "expected.json"
        record = json.loads(own.read_text(encoding="utf-8")) if own.exists() else None
        record = record or records.get(info["url"])
        if not record or "headline" not in record or "error" in record:
            continue
        records.pop(info["url"], None)
        headers = info.get("headers") or {}
        body = body_path.read_bytes()
        _, html = html_to_unicode(content_type(headers), body)
        status = info.get("status", 200)
        pages.append(
            Page(shown(case), info["url"], status, headers, body, html, expected_values(record))
        )
    for url in records:
        print(f"warning: {shown(folder)}: no saved page for the expected article {url}")
    return pages


def shown(path: Path) -> str:
    """`path` relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


# Tools


def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def newscrawl_tool(generic_only: bool = False) -> Tool:
    """newscrawl as it runs (with its site profiles), or (`generic_only`) as it reads a site
    it has no profile for: the generic rule alone."""

    def extract(page: Page) -> dict[str, Any]:
        profile = profile_for(page.url, generic_only)
        return record_for_page(page.url, page.body, page.status, page.headers, CRAWLED_AT, profile)

    def values(record: dict[str, Any]) -> Values | None:
        return None if "error" in record else record_values(record)

    name = "newscrawl (no site profile)" if generic_only else "newscrawl"
    return Tool(name, "newscrawl", extract, values)


def trafilatura_tool() -> Tool | None:
    try:
        import trafilatura
    except ImportError as exc:
        print(f"trafilatura is not installed ({exc}): row skipped; {INSTALL_HINT}")
        return None

    def extract(page: Page) -> Any:
        return trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, include_comments=False
        )

    def values(document: Any) -> Values | None:
        if document is None:
            return None
        # trafilatura splits bylines itself and joins the names with "; " (metadata.check_authors).
        authors = [name.strip() for name in (document.author or "").split(";")]
        return {
            "headline": document.title,
            "authors": [name for name in authors if name],
            "published_at": document.date,
            "body": document.text,
        }

    return Tool("trafilatura", "trafilatura", extract, values)


def newspaper_tool() -> Tool | None:
    try:
        import newspaper
    except ImportError as exc:
        print(f"newspaper4k is not installed ({exc}): row skipped; {INSTALL_HINT}")
        return None

    def extract(page: Page) -> Any:
        # fetch_images=False: no image downloads to size the top image; no meta-refresh fetches.
        article = newspaper.Article(page.url, fetch_images=False, follow_meta_refresh=False)
        article.download(input_html=page.html)
        article.parse()
        return article

    def values(article: Any) -> Values:
        published = article.publish_date
        return {
            "headline": article.title,
            "authors": list(article.authors),
            "published_at": published.isoformat() if published else None,
            "body": article.text,
        }

    return Tool("newspaper4k", "newspaper4k", extract, values)


def lxml_tool() -> Tool:
    def extract(page: Page) -> Any:
        return lxml.html.document_fromstring(page.body)

    return Tool("lxml parse-only", "lxml", extract, values=None)


# Running


class NetworkDisabled(OSError):
    pass


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Make every socket connection and name lookup fail; yields the list of attempts."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(" ".join(repr(a) for a in args if not isinstance(a, socket.socket)))
        raise NetworkDisabled("network access is disabled during the benchmark")

    patched = [(socket.socket, "connect"), (socket.socket, "connect_ex"), (socket, "getaddrinfo")]
    saved = [getattr(owner, name) for owner, name in patched]
    for owner, name in patched:
        setattr(owner, name, refuse)
    try:
        yield attempts
    finally:
        for (owner, name), original in zip(patched, saved, strict=True):
            setattr(owner, name, original)


def run_pass(
    tool: Tool, pages: list[Page]
) -> tuple[float, float, list[Any], dict[str, str]]:
    """CPU and wall seconds spent inside `tool.extract` over all pages, its results (None where
    it raised) and the exceptions by page name."""
    gc.collect()
    cpu = wall = 0.0
    results: list[Any] = []
    errors: dict[str, str] = {}
    for page in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            result = tool.extract(page)
        except Exception as exc:
            result = None
            errors[page.name] = f"{type(exc).__name__}: {exc}"
        cpu += time.process_time() - start_cpu
        wall += time.perf_counter() - start
        results.append(result)
    return cpu, wall, results, errors


def pin_to_cpu(cpu: int | None) -> int | None:
    """Pin the process to `cpu` where the OS allows it; the CPU pinned to, or None."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    os.sched_setaffinity(0, {cpu})
    return cpu


def benchmark(tools: list[Tool], pages: list[Page], repeat: int) -> None:
    for tool in tools:  # the untimed warm-up pass, whose output is the one scored
        _, _, results, tool.errors = run_pass(tool, pages)
        if tool.values is not None:
            tool.outputs = [tool.values(r) if r is not None else None for r in results]
    for number in range(repeat):
        # The tools in turn, the order reversed every other pass (A B C, C B A, ...).
        for tool in tools if number % 2 == 0 else tools[::-1]:
            cpu, wall, _, _ = run_pass(tool, pages)
            tool.seconds.append(cpu)
            tool.wall.append(wall)


# Reporting


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def parse_only_seconds(tools: list[Tool]) -> float:
    return min(next(tool for tool in tools if tool.values is None).seconds)


def ratio_to_parse_only(tool: Tool, tools: list[Tool]) -> float:
    """`tool`'s best CPU time over lxml parse-only's best CPU time, both from this run."""
    return min(tool.seconds) / parse_only_seconds(tools)


def cpu_ms_per_page(tool: Tool, pages: list[Page]) -> float:
    return 1000 * min(tool.seconds) / len(pages)


def table(tools: list[Tool], pages: list[Page], scores: dict[str, Score]) -> list[str]:
    columns = ["tool", "pages/s (wall)", "CPU ms/page", "ratio to lxml parse-only (CPU)"]
    columns += ["headline", "authors", "date", "body F1", "pages"]
    lines = ["| " + " | ".join(columns) + " |", "|---" + "|---:" * (len(columns) - 1) + "|"]
    for tool in tools:
        best = min(tool.seconds)
        score = scores.get(tool.name)
        if score is None:
            cells = ["—"] * 4
        else:
            f1 = score.mean("body_f1")
            cells = [percent(score.mean(name)) for name in FIELDS[:3]]
            cells.append("—" if f1 is None else f"{f1:.3f}")
        lines.append(
            f"| {tool.name} {tool.version} | {len(pages) / min(tool.wall):,.0f} | "
            + f"{1000 * best / len(pages):.2f} | {ratio_to_parse_only(tool, tools):.2f}x | "
            + " | ".join(cells)
            + f" | {len(pages)} |"
        )
    return lines


def misses(tool: Tool, pages: list[Page], page_scores: list[PageScore]) -> list[str]:
    lines = []
    for page, got, result in zip(pages, tool.outputs, page_scores, strict=True):
        wrong = [name for name in FIELDS[:3] if getattr(result, name) is False]
        if result.body_f1 is not None and result.body_f1 < 0.9:
            wrong.append(f"body_f1={result.body_f1:.2f}")
        if not wrong:
            continue
        lines.append(f"  {page.name}: {', '.join(wrong)}")
        for name in ("headline", "authors", "published_at"):
            key = "date" if name == "published_at" else name
            if key in wrong:
                shown = None if got is None else got.get(name)
                lines.append(f"    {name}: expected {page.expected.get(name)!r}, got {shown!r}")
    return lines


def print_failures(tools: list[Tool], network_attempts: list[str]) -> None:
    """The pages each tool raised on, and any network access that was refused."""
    for tool in tools:
        if tool.errors:
            print(f"{tool.name}: {len(tool.errors)} pages raised: {sorted(tool.errors.items())}")
    if network_attempts:
        print(f"network access attempted and refused {len(network_attempts)} times")


def per_page(pages: list[Page], results: list[PageScore] | None) -> dict[str, Any] | None:
    if results is None:
        return None
    return {page.name: asdict(result) for page, result in zip(pages, results, strict=True)}


def machine() -> dict[str, Any]:
    return {
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.system(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per tool (best kept)")
    parser.add_argument(
        "--pages-dir",
        type=Path,
        action="append",
        default=[],
        help="another folder of saved pages (fixtures/pages or fixtures/site layout); repeatable",
    )
    parser.add_argument("--cpu", type=int, help="pin the process to this CPU")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list each tool's misses per page")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the tools' warnings about odd pages are not results

    folders = list(dict.fromkeys(p.resolve() for p in (*DEFAULT_DIRS, *args.pages_dir)))
    pages = [page for folder in folders for page in load_pages(folder)]
    if not pages:
        raise SystemExit("no article pages found")
    cpu = pin_to_cpu(args.cpu)
    with no_network() as network_attempts:  # from the imports on: they could fetch too
        optional = [trafilatura_tool(), newspaper_tool()]
        tools = [newscrawl_tool(), *[t for t in optional if t is not None], lxml_tool()]
        benchmark(tools, pages, args.repeat)

    page_scores = {
        tool.name: [score_page(p.expected, got) for p, got in zip(pages, tool.outputs, strict=True)]
        for tool in tools
        if tool.values is not None
    }
    scores = {name: Score.of(results) for name, results in page_scores.items()}
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    host = machine()
    versions = {tool.package: tool.version for tool in tools}
    print(
        f"{now}; {host['processor']}, {host['cpu_count']} CPUs"
        f" ({'pinned to CPU ' + str(cpu) if cpu is not None else 'not pinned'}),"
        f" Python {host['python']}; "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
    )
    counts = next(iter(scores.values())).counts
    print(
        f"{len(pages)} article pages from "
        + ", ".join(shown(folder) for folder in folders)
        + f"; best of {args.repeat} timed passes; fields scored on "
        + ", ".join(f"{name} {count}" for name, count in counts.items())
        + " pages"
    )
    print()
    print("\n".join(table(tools, pages, scores)))
    print_failures(tools, network_attempts)
    if args.misses:
        for tool in tools:
            if tool.name in page_scores:
                print(f"\n{tool.name} misses:")
                print("\n".join(misses(tool, pages, page_scores[tool.name])) or "  none")

    if args.json:
        figures = {
            "date": now,
            "machine": host,
            "pinned_cpu": cpu,
            "versions": versions,
            "repeat": args.repeat,
            "pages": [page.name for page in pages],
            "network_attempts": network_attempts,
            "tools": {
                tool.name: {
                    "version": tool.version,
                    "cpu_seconds": min(tool.seconds),
                    "all_cpu_seconds": tool.seconds,
                    "all_wall_seconds": tool.wall,
                    "cpu_ms_per_page": 1000 * min(tool.seconds) / len(pages),
                    "pages_per_second": len(pages) / min(tool.wall),
                    "ratio_to_parse_only": ratio_to_parse_only(tool, tools),
                    "errors": tool.errors,
                    "accuracy": scores[tool.name].summary() if tool.name in scores else None,
                    "per_page": per_page(pages, page_scores.get(tool.name)),
                }
                for tool in tools
            },
        }
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
