"""`newscrawl crawl`: run a spider and write its records, failures, rejects and report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from newscrawl.items import ArticleItem, BreakingItem, ErrorItem
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
    if not args.redis:  # a shared crawl's worker appends to its files (see below)
        rejects.unlink(missing_ok=True)
    report.unlink(missing_ok=True)  # a crawl that never starts must not show the last report
    settings.set("NEWSCRAWL_REJECTS_PATH", str(rejects), priority="cmdline")
    settings.set("NEWSCRAWL_REPORT_PATH", str(report), priority="cmdline")
    # A worker of a shared crawl appends: started again after a kill, it keeps what it wrote
    # (the crawl's claims stop anyone from exporting those records again).
    overwrite = not args.redis
    feeds: dict[str, Any] = {
        str(failures): {"format": "jsonlines", "overwrite": overwrite, "item_classes": [ErrorItem]}
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
            "overwrite": overwrite,
            "item_classes": [ArticleItem, BreakingItem],
        }
    settings.set("FEEDS", feeds, priority="cmdline")
    if args.redis:
        from newscrawl.distributed import redis_settings

        if urlsplit(args.redis).scheme not in ("redis", "rediss", "unix"):
            usage_error(f"--redis {args.redis!r}: give a Redis URL, redis://host:6379/0")
        crawl_id = args.crawl_id or default_crawl_id(args)
        check_redis_names({"--crawl-id": crawl_id})
        for name, value in redis_settings(args.redis, crawl_id, [str(out), str(failures)]).items():
            if name in ("EXTENSIONS", "ITEM_PIPELINES"):
                value = {**settings.getdict(name), **value}
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
    if settings.get("REDIS_URL"):
        # The ids name Redis keys, wherever they come from (-s included).
        names = ("NEWSCRAWL_CRAWL_ID", "NEWSCRAWL_STATE_NAME")
        check_redis_names({f"-s {n}": settings.get(n) for n in names if settings.get(n)})
        check_frontier(settings)
    return settings, out, failures, rejects, report


def check_frontier(settings: Any) -> None:
    """Redis answers, and no other live worker of the crawl writes this worker's -o."""
    try:
        from redis.exceptions import RedisError
    except ImportError:
        print("newscrawl crawl: --redis needs: pip install 'newscrawl[distributed]'",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(1) from None
    from newscrawl.distributed import frontier_of
    from newscrawl.frontier import WorkerConflict

    try:
        frontier_of(settings).refuse_a_live_twin()
    except WorkerConflict as exc:
        usage_error(f"{exc}: give each worker its own -o")
    except (RedisError, OSError) as exc:
        print(f"newscrawl crawl: Redis at {settings.get('REDIS_URL')} does not answer: {exc}",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(1) from None


def check_redis_names(names: dict[str, str]) -> None:
    """A crawl id (or state name) names Redis keys: no glob characters, no `:`, never
    `state`; a bad one is a usage error (exit 2)."""
    from newscrawl.frontier import check_crawl_id

    for option, value in names.items():
        try:
            check_crawl_id(str(value))
        except ValueError:
            usage_error(f"{option} {value!r}: use letters, digits, '.', '_' and '-'")


def usage_error(message: str) -> NoReturn:
    print(f"newscrawl crawl: {message}", file=sys.stderr)
    raise SystemExit(2)


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


def add_parser(commands: Any) -> None:
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
    crawl.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_crawl(args)
