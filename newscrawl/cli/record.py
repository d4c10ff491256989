"""`newscrawl record`: save pages in the replay format."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newscrawl.cli.warc_options import add_warc_options, apply_warc_options, print_archive
from newscrawl.processing import project_settings


def cmd_record(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess

    from newscrawl.recorder import RecordSpider

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
    for folder in spider.saved:
        print(f"saved {folder}")
    for url, reason in spider.failed_urls:
        print(f"failed {url}: {reason}", file=sys.stderr)
    print_archive(crawler.stats.get_stats(), args)
    return 1 if spider.failed_urls else 0


def add_parser(commands: Any) -> None:
    record = commands.add_parser("record", help="save pages in the replay format")
    record.add_argument("urls", nargs="+", metavar="URL")
    record.add_argument("--into", required=True, metavar="DIR", help="the replay folder")
    record.add_argument("--mirror", metavar="URL", help="fetch them from a mirror")
    add_warc_options(record)
    record.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return cmd_record(args)
