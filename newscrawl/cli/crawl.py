"""`newscrawl crawl`: run a spider and write its records, failures, rejects and report."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.cli.warc_options import add_warc_options, apply_warc_options, print_archive
from newscrawl.history import history_beside
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem
from newscrawl.monitoring import monitoring_problem
from newscrawl.processing import project_settings
from newscrawl.profiles import all_profiles, profile_for
from newscrawl.profiles.almayadeen import EDITIONS
from newscrawl.report import format_report

DEFAULT_OUTPUT = "data/articles.jsonl"


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
    report.with_suffix(".html").unlink(missing_ok=True)
    settings.set("NEWSCRAWL_REJECTS_PATH", str(rejects), priority="cmdline")
    settings.set("NEWSCRAWL_REPORT_PATH", str(report), priority="cmdline")
    # Every run's report is kept (newscrawl/history.py): beside the state of an incremental
    # crawl, else named after -o.
    state = Path(args.state) if args.state else out.with_name("state.sqlite")
    history = history_beside(state if args.incremental else out)
    settings.set("NEWSCRAWL_HISTORY_DIR", str(history), priority="cmdline")
    feeds: dict[str, Any] = {
        str(failures): {"format": "jsonlines", "overwrite": True, "item_classes": [ErrorItem]}
    }
    if args.incremental:
        # Records are appended by the ExportPipeline, which commits each to the state.
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
    apply_warc_options(settings, args)
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
        profile = all_profiles().get(str(kwargs.get("profile")))
        if profile is not None:
            return profile.hosts
        return profile_for(kwargs["start"]).hosts if kwargs.get("start") else None
    edition = EDITIONS.get(str(kwargs.get("edition", "en")))
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

    from newscrawl.replay import open_store

    if args.replay and args.warc:
        print("newscrawl crawl: --warc archives what a site answers; a --replay is not the site",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        store = open_store(args.replay) if args.replay else None
    except FileNotFoundError as exc:
        print(f"newscrawl crawl: {exc}", file=sys.stderr)
        return 2
    settings, out, failures, rejects, report_path = crawl_settings(args)
    problem = monitoring_problem(settings)
    if problem:
        print(f"newscrawl crawl: {problem}", file=sys.stderr)
        return 2
    kwargs = spider_arguments(args, list(args.urls or []))
    if store is not None and args.mode == "urls" and not args.urls:
        # Every saved page of the site being crawled (the replay folder may hold others).
        hosts = crawled_site(args.spider, kwargs)
        saved = store.urls()
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
    print(f"report: {report_path} (and {report_path.with_suffix('.html')})")
    print(format_report(report))
    print_archive(crawler.stats.get_stats(), args)
    # Non-zero for schedulers (cron, systemd, scrapyd callers): the reasons are in the report.
    return 1 if report["verdict"]["failed"] else 0


def add_parser(commands: Any) -> None:
    crawl = commands.add_parser("crawl", help="run a spider and write JSON Lines")
    crawl.add_argument("spider", nargs="?", default="almayadeen")
    crawl.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help="records (JSON Lines)")
    crawl.add_argument("--failures", help="error records (default: failures.jsonl beside -o)")
    crawl.add_argument("--rejects", help="schema rejects (default: rejects.jsonl beside -o)")
    crawl.add_argument(
        "--replay",
        nargs="+",
        metavar="PATH",
        help="answer every request from replay folders or WARC archives (or folders of them)",
    )
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
    add_warc_options(crawl)
    crawl.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_crawl(args)
