"""`newscrawl crawl`: run a spider and write its records, failures, rejects and report."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any
from urllib.parse import urlsplit

from newscrawl.cli.crawl_checks import SPIDER_HELP, check_crawl, crawl_files, output_format
from newscrawl.cli.crawl_summary import crawl_summary
from newscrawl.cli.usage import UsageError, command_parser, pairs
from newscrawl.cli.warc_options import add_warc_options, apply_warc_options, print_archive
from newscrawl.history import history_beside
from newscrawl.items import ArticleItem, BreakingItem, ErrorItem
from newscrawl.locks import holding
from newscrawl.profiles import all_profiles, profile_for
from newscrawl.profiles.almayadeen import EDITIONS

DEFAULT_OUTPUT = "data/articles.jsonl"


def crawl_settings(args: argparse.Namespace) -> Any:
    from newscrawl.processing import project_settings

    settings = project_settings()
    files = crawl_files(args)
    out, failures, rejects, report = files.out, files.failures, files.rejects, files.report
    for path in (out, failures, rejects):
        path.parent.mkdir(parents=True, exist_ok=True)
    if not args.redis:  # a shared crawl's worker appends to its files (see below)
        rejects.unlink(missing_ok=True)
    report.unlink(missing_ok=True)  # a crawl that never starts must not show the last report
    report.with_suffix(".html").unlink(missing_ok=True)
    settings.set("NEWSCRAWL_REJECTS_PATH", str(rejects), priority="cmdline")
    settings.set("NEWSCRAWL_REPORT_PATH", str(report), priority="cmdline")
    # Every run's report is kept (newscrawl/history.py): beside the state of an incremental
    # crawl, else named after -o.
    history = history_beside(files.state or out)
    settings.set("NEWSCRAWL_HISTORY_DIR", str(history), priority="cmdline")
    # A worker of a shared crawl appends: started again after a kill, it keeps what it wrote
    # (the crawl's claims stop anyone from exporting those records again).
    overwrite = not args.redis
    feeds: dict[str, Any] = {
        str(failures): {
            "format": output_format(str(failures)),
            "overwrite": overwrite,
            "item_classes": [ErrorItem],
        }
    }
    if args.incremental:
        # Records are appended by the ExportPipeline, which commits each to the state (a
        # SQLite file, or in Redis with --redis).
        settings.set("NEWSCRAWL_INCREMENTAL", True, priority="cmdline")
        if files.state is not None:
            settings.set("NEWSCRAWL_STATE_PATH", str(files.state), priority="cmdline")
        settings.set("NEWSCRAWL_EXPORT_PATH", str(out), priority="cmdline")
        if args.revisit_days is not None:
            settings.set("NEWSCRAWL_REVISIT_DAYS", args.revisit_days, priority="cmdline")
    else:
        feeds[str(out)] = {
            "format": output_format(str(out)),
            "overwrite": overwrite,
            "item_classes": [ArticleItem, BreakingItem],
        }
    settings.set("FEEDS", feeds, priority="cmdline")
    if args.redis:
        from newscrawl.distributed import redis_settings

        crawl_id = args.crawl_id or default_crawl_id(args)
        for name, value in redis_settings(args.redis, crawl_id, [str(out), str(failures)]).items():
            if name in ("EXTENSIONS", "ITEM_PIPELINES"):
                value = {**settings.getdict(name), **value}
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
    for key, value in pairs(args.set, "-s").items():
        settings.set(key, value, priority="cmdline")
    if settings.get("REDIS_URL"):
        check_frontier(settings)
    return settings, out, failures, rejects, report


def check_redis(args: argparse.Namespace) -> None:
    """The Redis options, before anything is written: a Redis URL, and ids that name Redis
    keys, wherever they come from (--crawl-id, -s): no glob characters, no `:`, never
    `state` (the incremental states' prefix)."""
    given = pairs(args.set, "-s")
    if not (args.redis or given.get("REDIS_URL")):
        return
    names = {f"-s {n}": given[n] for n in ("NEWSCRAWL_CRAWL_ID", "NEWSCRAWL_STATE_NAME")
             if given.get(n)}  # fmt: skip
    if args.redis:
        if urlsplit(args.redis).scheme not in ("redis", "rediss", "unix"):
            raise UsageError(f"--redis {args.redis!r}: give a Redis URL, redis://host:6379/0")
        names["--crawl-id"] = args.crawl_id or default_crawl_id(args)
    check_redis_names(names)


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
        raise UsageError(f"{exc}: give each worker its own -o") from None
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
            message = f"{option} {value!r}: use letters, digits, '.', '_' and '-'"
            raise UsageError(message) from None


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
    kwargs.update(pairs(args.arg, "-a"))
    return kwargs


def cmd_crawl(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess

    from newscrawl.replay import open_store

    kwargs = spider_arguments(args, list(args.urls or []))
    files = check_crawl(args, kwargs)
    check_redis(args)
    with contextlib.ExitStack() as locks:
        for lock, what in files.locks:
            locks.enter_context(holding(lock, what, args.wait))
        settings = crawl_settings(args)[0]
        if args.replay and args.mode == "urls" and not args.urls:
            # Every saved page of the site being crawled (the replay folder may hold others).
            hosts = crawled_site(args.spider, kwargs)
            saved = open_store(args.replay).urls()
            kwargs["urls"] = [u for u in saved if hosts is None or urlsplit(u).hostname in hosts]
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(args.spider)
        not_started: list[Any] = []
        process.crawl(crawler, **kwargs).addErrback(not_started.append)
        process.start()
    if not_started:
        error = not_started[0].value
        if isinstance(error, ValueError | TypeError | KeyError | LookupError):
            raise UsageError(str(error))  # a spider argument the checks did not know
        print(f"newscrawl crawl: the crawl did not start: {error}", file=sys.stderr)
        return 1
    status = crawl_summary(files, crawler.stats.get_stats(), args)
    print_archive(crawler.stats.get_stats(), args)
    return status


def add_parser(commands: Any) -> None:
    crawl = command_parser(
        commands,
        "crawl",
        "run a spider and write JSON Lines",
        """Crawl a news site and write its records as JSON Lines (-o), with the files that go
with them named after -o: for -o data/ar.jsonl, the error records in data/ar.failures.jsonl,
the records that fail the schema in data/ar.rejects.jsonl, the report in data/ar.report.json
and data/ar.report.html, every run's report in data/ar.history/ (and, --incremental, the state
in data/ar.state.sqlite). A full crawl replaces -o; an incremental one appends to it.
-o x.jsonl.gz writes gzip. While it runs, the crawl holds a lock (data/ar.lock): a second crawl
of the same output is refused (exit 2) or waits (--wait).

Exit status: 0 the crawl did its job, 1 it failed (the report says why: blocked, too many
errors, no articles, a drift from its recent runs, a write that failed), 2 a mistake in the
command line.""",
        """newscrawl crawl almayadeen --replay fixtures/site -o data/articles.jsonl
newscrawl crawl almayadeen --edition ar -o data/ar.jsonl
newscrawl crawl almayadeen --incremental -o data/en/articles.jsonl
newscrawl crawl almayadeen --mode sitemap --since 2025-10-01 --until 2025-10-31 -o oct.jsonl.gz
newscrawl crawl news -a start=https://example.com/ -o data/example.jsonl
newscrawl crawl news -a profile=zdf -o data/zdf.jsonl    # names: newscrawl profiles
newscrawl crawl news --urls https://example.com/2025/11/20/a-story -o story.jsonl""",
    )
    crawl.add_argument("spider", nargs="?", default="almayadeen", help=SPIDER_HELP)
    crawl.add_argument(
        "-o",
        "--output",
        default=DEFAULT_OUTPUT,
        metavar="FILE",
        help=f"the records: FILE.jsonl, or FILE.jsonl.gz for gzip (default: {DEFAULT_OUTPUT},"
        " replaced by a full crawl)",
    )
    crawl.add_argument(
        "--failures", metavar="FILE", help="error records (default: X.failures.jsonl beside -o)"
    )
    crawl.add_argument(
        "--rejects", metavar="FILE", help="schema rejects (default: X.rejects.jsonl beside -o)"
    )
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
        "--state", metavar="PATH", help="the incremental state (default: X.state.sqlite beside -o)"
    )
    crawl.add_argument(
        "--revisit-days",
        type=float,
        help="re-fetch known articles this many days after publication (default 3)",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="be one worker of a crawl shared through Redis (redis://host:6379/0); a worker"
        " appends to -o and resumes its part when started again",
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
    crawl.add_argument(
        "--wait",
        action="store_true",
        help="when another crawl holds this output or state, wait for it instead of exiting 2",
    )
    crawl.add_argument("-v", "--verbose", action="store_true", help="Scrapy's INFO log")
    add_warc_options(crawl)
    crawl.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_crawl(args)
