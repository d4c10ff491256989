"""`newscrawl record`: save pages in the replay format."""

from __future__ import annotations

import argparse
import os
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

from newscrawl.cli.usage import UsageError, check_url, command_parser
from newscrawl.cli.warc_options import add_warc_options, apply_warc_options, print_archive


def status_note(status: int) -> str:
    """What a saved answer is, when it is not a page (a 404 is saved too, and replayed so)."""
    if status < 300:
        return ""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "status"
    return f" (HTTP {status} {phrase}: saved as the site answered)"


def cmd_record(args: argparse.Namespace) -> int:
    for url in args.urls:
        check_url(url, "URL")
    if args.mirror:
        check_url(args.mirror, "--mirror")
    into = Path(args.into)
    if os.path.exists(into) and not os.path.isdir(into):
        raise UsageError(f"--into {into} is a file: give a folder")

    from scrapy.crawler import CrawlerProcess

    from newscrawl.processing import project_settings
    from newscrawl.recorder import RecordSpider
    from newscrawl.replay import read_saved_page

    settings = project_settings()
    if args.mirror:
        settings.set("NEWSCRAWL_MIRROR", args.mirror, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    apply_warc_options(settings, args)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(RecordSpider)
    process.crawl(crawler, urls=args.urls, into=args.into)
    process.start()
    spider = crawler.spider
    errors = 0
    for folder in spider.saved:
        page = read_saved_page(folder)
        errors += page.status >= 400
        print(f"saved {page.url} in {folder}{status_note(page.status)}")
    for url, reason in spider.failed_urls:
        print(f"failed {url}: {reason}", file=sys.stderr)
    saved = len(spider.saved)
    line = f"{saved} {'answer' if saved == 1 else 'answers'} saved in {into}"
    if errors:
        line += f", {errors} of them {'an error page' if errors == 1 else 'error pages'}"
    if spider.failed_urls:
        line += f"; {len(spider.failed_urls)} URL(s) got no answer"
    print(line)
    print_archive(crawler.stats.get_stats(), args)
    return 1 if spider.failed_urls else 0


def add_parser(commands: Any) -> None:
    record = command_parser(
        commands,
        "record",
        "save pages in the replay format",
        """Fetch URLs through Scrapy with the production settings (robots.txt, User-Agent) and
save each answer as it came, redirects and error pages included, in a folder per URL inside
--into (body.* and info.json): the replay format of `crawl --replay`, `serve` and `extract`.
Exit 1 when a URL got no answer at all (a connection that failed, robots.txt said no).""",
        """newscrawl record https://english.almayadeen.net/ --into saved/
newscrawl record https://english.almayadeen.net/ --mirror http://127.0.0.1:8000 --into saved/""",
    )
    record.add_argument("urls", nargs="+", metavar="URL")
    record.add_argument("--into", required=True, metavar="DIR", help="the replay folder")
    record.add_argument(
        "--mirror", metavar="URL", help="fetch them from a mirror such as `newscrawl serve`"
    )
    add_warc_options(record)
    record.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_record(args)
