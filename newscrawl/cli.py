"""The `newscrawl` command: crawl, extract, validate, serve, and review fixtures."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem, to_record
from newscrawl.processing import now_utc, project_settings, record_for_page
from newscrawl.report import format_report
from newscrawl.schema import validate_record
from newscrawl.sites import (
    EDITIONS_BY_LANGUAGE,
    generic_profiles_only,
    profile_for,
    registered_profiles,
)

DEFAULT_OUTPUT = "data/articles.jsonl"


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


# ---------------------------------------------------------------- crawl


def crawl_settings(args: argparse.Namespace) -> Any:
    settings = project_settings()
    out = Path(args.output)
    failures = Path(args.failures) if args.failures else out.with_name("failures.jsonl")
    rejects = Path(args.rejects) if args.rejects else out.with_name("rejects.jsonl")
    report = out.with_name("report.json")
    for path in (out, failures, rejects):
        path.parent.mkdir(parents=True, exist_ok=True)
    rejects.unlink(missing_ok=True)
    report.unlink(missing_ok=True)  # a crawl that never starts must not show the last report
    settings.set("NEWSCRAWL_REJECTS_PATH", str(rejects), priority="cmdline")
    settings.set("NEWSCRAWL_REPORT_PATH", str(report), priority="cmdline")
    feeds: dict[str, Any] = {
        str(failures): {"format": "jsonlines", "overwrite": True, "item_classes": [ErrorItem]}
    }
    if args.incremental:
        # Records are appended by the ExportPipeline, which commits each to the state.
        state = Path(args.state) if args.state else out.with_name("state.sqlite")
        settings.set("NEWSCRAWL_INCREMENTAL", True, priority="cmdline")
        settings.set("NEWSCRAWL_STATE_PATH", str(state), priority="cmdline")
        settings.set("NEWSCRAWL_EXPORT_PATH", str(out), priority="cmdline")
        if args.revisit_days is not None:
            settings.set("NEWSCRAWL_REVISIT_DAYS", args.revisit_days, priority="cmdline")
    else:
        feeds[str(out)] = {
            "format": "jsonlines",
            "overwrite": True,
            "item_classes": [ArticleItem, BreakingItem],
        }
    settings.set("FEEDS", feeds, priority="cmdline")
    if args.redis:
        from newscrawl.distributed import redis_settings

        crawl_id = args.crawl_id or default_crawl_id(args)
        # The id names Redis keys (`newscrawl:<id>:*`, deleted by the last worker out): no
        # glob characters, and never `state`, the incremental states' own prefix.
        if not re.fullmatch(r"[\w.-]+", crawl_id) or crawl_id == "state":
            message = f"--crawl-id {crawl_id!r}: use letters, digits, '.', '_' and '-'"
            raise SystemExit(f"newscrawl crawl: {message}")
        for name, value in redis_settings(args.redis, crawl_id).items():
            if name == "EXTENSIONS":
                value = {**settings.getdict("EXTENSIONS"), **value}
            settings.set(name, value, priority="cmdline")
    local = args.replay or args.mirror
    if args.replay:
        settings.set("NEWSCRAWL_REPLAY_DIR", args.replay, priority="cmdline")
    if args.mirror:
        settings.set("NEWSCRAWL_MIRROR", args.mirror, priority="cmdline")
    if local:
        # A local copy of a site needs no politeness delays.
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 16, priority="cmdline")
    settings.set("LOG_LEVEL", "INFO" if args.verbose else "WARNING", priority="cmdline")
    for pair in args.set or []:
        key, _, value = pair.partition("=")
        settings.set(key, value, priority="cmdline")
    return settings, out, failures, rejects, report


def default_crawl_id(args: argparse.Namespace) -> str:
    """The shared frontier's name when `--crawl-id` is not given: the spider and what it
    crawls (a profile, the start URL's or first URL's host, else the edition), so that crawls
    of different sites on one Redis never share a queue."""
    kwargs = spider_arguments(args, list(args.urls or []))
    start = kwargs.get("start") or next(iter(args.urls or []), None)
    host = urlsplit(start).hostname if start else None
    return f"{args.spider}-{kwargs.get('profile') or host or kwargs.get('edition', 'en')}"


def crawled_site(spider: str, kwargs: dict[str, Any]) -> tuple[str, ...] | None:
    """The hosts of the site a crawl is of, as its spider will resolve them; None for a
    `news` crawl that names no site (its first URL will)."""
    if spider == "news":
        profile = registered_profiles().get(str(kwargs.get("profile")))
        if profile is not None:
            return profile.hosts
        return profile_for(kwargs["start"]).hosts if kwargs.get("start") else None
    edition = EDITIONS_BY_LANGUAGE.get(str(kwargs.get("edition", "en")))
    return edition.hosts if edition else ()


def spider_arguments(args: argparse.Namespace, urls: list[str]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"urls": urls} if urls else {}
    for name in ("edition", "mode", "since", "until", "max_pages", "max_depth"):
        value = getattr(args, name)
        if value is not None:
            kwargs[name] = value
    for pair in args.arg or []:
        key, _, value = pair.partition("=")
        kwargs[key] = value
    return kwargs


def cmd_crawl(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess

    from newscrawl.replay import ReplayStore

    settings, out, failures, rejects, report_path = crawl_settings(args)
    kwargs = spider_arguments(args, list(args.urls or []))
    if args.replay and args.mode == "urls" and not args.urls:
        # Every saved page of the site being crawled (the replay folder may hold others).
        hosts = crawled_site(args.spider, kwargs)
        saved = ReplayStore(args.replay).urls()
        kwargs["urls"] = [u for u in saved if hosts is None or urlsplit(u).hostname in hosts]
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(args.spider)
    process.crawl(crawler, **kwargs)
    process.start()
    if not report_path.exists():
        print(f"newscrawl crawl: the crawl did not run (no {report_path}); see the log above",
              file=sys.stderr)  # fmt: skip
        return 1
    report = json.loads(report_path.read_text(encoding="utf-8"))
    print(f"wrote {out}")
    print(f"failures: {failures}")
    if report["rejected_by_schema"]:
        print(f"rejects: {rejects}")
    print(f"report: {report_path}")
    print(format_report(report))
    # Non-zero for schedulers (cron, systemd, scrapyd callers): the reasons are in the report.
    return 1 if report["verdict"]["failed"] else 0


def cmd_record(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess

    from newscrawl.record import RecordSpider

    settings = project_settings()
    if args.mirror:
        settings.set("NEWSCRAWL_MIRROR", args.mirror, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(RecordSpider)
    process.crawl(crawler, urls=args.urls, into=args.into)
    process.start()
    spider = crawler.spider
    for folder in spider.saved:
        print(f"saved {folder}")
    for url, reason in spider.failed_urls:
        print(f"failed {url}: {reason}", file=sys.stderr)
    return 1 if spider.failed_urls else 0


# ---------------------------------------------------------------- extract


def _manifest_line(line: str) -> dict[str, Any]:
    try:
        entry = json.loads(line)
        url, path = entry["url"], entry["path"]
        if not isinstance(url, str) or not isinstance(path, str):
            raise TypeError("url and path must be strings")
    except (ValueError, KeyError, TypeError) as exc:
        message = f"manifest line is not a JSON object with url and path: {exc}"
        return to_record(ErrorItem.of(None, "bad_input", message, crawled_at=now_utc()))
    return record_for_file(url, path)


def record_for_file(url: str, path: str | Path) -> dict[str, Any]:
    """The record of a saved page: a file of its bytes, or a replay folder."""
    path = Path(path)
    try:
        if path.is_dir():
            from newscrawl.replay import read_saved_page

            page = read_saved_page(path)
            return record_for_page(url, page.body, page.status, page.headers)
        body = path.read_bytes()
    except OSError as exc:
        message = f"cannot read {path}: {exc.strerror or exc}"
        return to_record(ErrorItem.of(url, "not_found", message, crawled_at=now_utc()))
    return record_for_page(url, body)


def cmd_extract(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.generic:
        with generic_profiles_only():
            return _extract(args, stdin, stdout)
    return _extract(args, stdin, stdout)


def _extract(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.manifest:
        source = stdin if args.manifest == "-" else open(args.manifest, encoding="utf-8")  # noqa: SIM115
        with source:
            for line in source:
                if line.strip():
                    stdout.write(_dump(_manifest_line(line)) + "\n")
                    stdout.flush()
        return 0
    if not args.url or not args.file:
        print("newscrawl extract: give --url URL FILE, or --manifest -", file=sys.stderr)
        return 2
    stdout.write(_dump(record_for_file(args.url, args.file)) + "\n")
    return 0


# ---------------------------------------------------------------- validate


def check_lines(lines: Iterable[str]) -> Iterable[tuple[int, list[str]]]:
    """(line number, reasons) for every line of an export that is not a valid record."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield number, [f"not JSON: {exc}"]
            continue
        reasons = validate_record(record)
        if reasons:
            yield number, reasons


def cmd_validate(args: argparse.Namespace, stdout: TextIO) -> int:
    bad = 0
    with open(args.file, encoding="utf-8") as lines:
        for number, reasons in check_lines(lines):
            bad += 1
            for reason in reasons:
                stdout.write(f"{args.file}:{number}: {reason}\n")
    stdout.write(f"{args.file}: {bad} bad line(s)\n" if bad else f"{args.file}: all valid\n")
    return 1 if bad else 0


# ---------------------------------------------------------------- serve and fixtures


def cmd_serve(args: argparse.Namespace) -> int:
    from newscrawl.serve import MirrorServer

    server = MirrorServer(args.folder, args.port, args.latency)
    print(f"serving {args.folder} at {server.url} (use --mirror {server.url})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.httpd.serve_forever()
    return 0


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


# ---------------------------------------------------------------- entry point


def cmd_export(args: argparse.Namespace) -> int:
    from newscrawl.dataset import DatasetError, export_dataset, summary

    out = Path(args.out_dir)
    try:
        manifest = export_dataset(out, [Path(p) for p in args.inputs], parquet=args.parquet)
    except (DatasetError, OSError) as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 2
    print(summary(manifest, out))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    crawl = commands.add_parser("crawl", help="run a spider and write JSON Lines")
    crawl.add_argument("spider", nargs="?", default="almayadeen")
    crawl.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help="records (JSON Lines)")
    crawl.add_argument("--failures", help="error records (default: failures.jsonl beside -o)")
    crawl.add_argument("--rejects", help="schema rejects (default: rejects.jsonl beside -o)")
    crawl.add_argument("--replay", metavar="DIR", help="serve pages from a replay folder, offline")
    crawl.add_argument(
        "--mirror", metavar="URL", help="fetch pages from a mirror such as `newscrawl serve`"
    )
    crawl.add_argument(
        "--edition",
        choices=("en", "ar", "es"),
        help="the edition to crawl (default en; a URL crawl: its first URL's edition)",
    )
    crawl.add_argument(
        "--mode",
        choices=("sections", "sitemap", "feed", "urls"),
        help="where to start (default: sections; urls when --urls is given)",
    )
    crawl.add_argument(
        "--urls",
        nargs="*",
        help="start URLs (with --replay and --mode urls: every saved page of the edition when"
        " none is given)",
    )
    crawl.add_argument(
        "--incremental",
        action="store_true",
        help="export only new and changed articles, appending to -o (state in --state)",
    )
    crawl.add_argument(
        "--state", metavar="PATH", help="the incremental state (default: state.sqlite beside -o)"
    )
    crawl.add_argument(
        "--revisit-days",
        type=float,
        help="re-fetch known articles this many days after publication (default 3)",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="be one worker of a crawl shared through Redis (redis://host:6379/0)",
    )
    crawl.add_argument(
        "--crawl-id", help="with --redis: the shared crawl's name (default: SPIDER-EDITION)"
    )
    crawl.add_argument("--since", help="sitemap mode: first day of the archive (YYYY-MM-DD)")
    crawl.add_argument("--until", help="sitemap mode: last day of the archive (YYYY-MM-DD)")
    crawl.add_argument("--max-pages", type=int, help="request at most this many pages")
    crawl.add_argument("--max-depth", type=int, help="follow links at most this deep")
    crawl.add_argument(
        "-a", "--arg", action="append", metavar="NAME=VALUE", help="any other spider argument"
    )
    crawl.add_argument(
        "-s", "--set", action="append", metavar="NAME=VALUE", help="override a Scrapy setting"
    )
    crawl.add_argument("-v", "--verbose", action="store_true", help="Scrapy's INFO log")

    record = commands.add_parser("record", help="save pages in the replay format")
    record.add_argument("urls", nargs="+", metavar="URL")
    record.add_argument("--into", required=True, metavar="DIR", help="the replay folder")
    record.add_argument("--mirror", metavar="URL", help="fetch them from a mirror")

    extract = commands.add_parser("extract", help="print the record of saved pages")
    extract.add_argument("file", nargs="?", help="a saved page, or a replay folder")
    extract.add_argument("--url", help="the URL the page was fetched from")
    extract.add_argument(
        "--manifest", metavar="FILE", help='JSON Lines {"url", "path"}; - is stdin'
    )
    extract.add_argument(
        "--generic",
        action="store_true",
        help="read every site with the generic profile, even one that has a profile",
    )

    validate = commands.add_parser("validate", help="check an export against the schema")
    validate.add_argument("file")

    serve = commands.add_parser("serve", help="serve a replay folder as a mirror on 127.0.0.1")
    serve.add_argument("folder")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer"
    )

    export = commands.add_parser("export", help="merge crawl outputs into a dataset folder")
    export.add_argument("out_dir", metavar="OUT_DIR")
    export.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="crawl outputs (.jsonl or .jsonl.gz)"
    )
    export.add_argument(
        "--parquet", action="store_true", help="also write part-0.parquet files (needs pyarrow)"
    )

    fixtures = commands.add_parser("fixtures", help="compare fixture pages with expected.json")
    fixtures.add_argument("folder", nargs="?", default="fixtures/pages")
    fixtures.add_argument("--write", action="store_true", help="rewrite expected.json files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "crawl":
        return cmd_crawl(args)
    if args.command == "extract":
        return cmd_extract(args, sys.stdin, sys.stdout)
    if args.command == "validate":
        return cmd_validate(args, sys.stdout)
    if args.command == "record":
        return cmd_record(args)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "export":
        return cmd_export(args)
    return cmd_fixtures(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
