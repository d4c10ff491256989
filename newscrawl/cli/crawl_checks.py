"""`newscrawl crawl`'s arguments, checked before Scrapy starts: the spider and its arguments,
the dates, the folders, and the files the crawl will write (named after `-o`,
newscrawl/sidefiles.py). A mistake is a UsageError: one line, exit 2, nothing written."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.appending import foreign_gzip_end
from newscrawl.cli.usage import (
    UsageError,
    check_count,
    check_date,
    check_distinct,
    check_exists,
    check_not_folder,
    check_url,
    check_writable,
    did_you_mean,
    pairs,
)
from newscrawl.locks import writer_locks
from newscrawl.sidefiles import side_file

# The formats `-o` writes, by the ending of its name.
OUTPUT_FORMATS = {".jsonl": "jsonlines", ".jsonl.gz": "jsonlines-gzip"}
SPIDER_HELP = (
    "almayadeen (the default: Al Mayadeen, --edition en|ar|es) or news (any news site:"
    " -a start=URL, or -a profile=NAME from `newscrawl profiles`)"
)
FOLLOW_VALUES = ("yes", "no", "true", "false", "1", "0")


@dataclass(frozen=True)
class CrawlFiles:
    """Every file a crawl writes; `state`: the SQLite state of an incremental crawl (None in a
    full crawl, or when the state is in Redis)."""

    out: Path
    failures: Path
    rejects: Path
    report: Path
    state: Path | None

    @property
    def locks(self) -> list[tuple[Path, str]]:
        """The locks a crawl holds, and what each keeps: its output's and its state's, beside
        each under both names when it is given through a symbolic link (newscrawl/locks.py)."""
        return writer_locks([(self.out, "the crawl output"), (self.state, "the crawl state")])


def crawl_files(args: argparse.Namespace) -> CrawlFiles:
    out = Path(args.output)
    state = None
    if args.incremental and not args.redis:
        state = Path(args.state) if args.state else side_file(out, "state.sqlite")
    return CrawlFiles(
        out=out,
        failures=Path(args.failures) if args.failures else side_file(out, "failures.jsonl"),
        rejects=Path(args.rejects) if args.rejects else side_file(out, "rejects.jsonl"),
        report=side_file(out, "report.json"),
        state=state,
    )


def output_format(path: str, option: str = "-o") -> str:
    """The feed format a file's name asks for; refused when newscrawl does not write it."""
    name = Path(path).name.lower()
    for ending, feed_format in sorted(OUTPUT_FORMATS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(ending):
            return feed_format
    endings = ", ".join(OUTPUT_FORMATS)
    raise UsageError(f"{option} {path}: newscrawl writes JSON Lines; end the name with {endings}")


def check_crawl(args: argparse.Namespace, kwargs: dict[str, Any]) -> CrawlFiles:
    """Everything about a crawl that can be checked before it starts; the files it writes."""
    check_settings(pairs(args.set, "-s"))
    check_spider(args.spider, kwargs)
    for path in replay_paths(args):
        check_exists(path, "--replay")
    if args.replay and args.warc:
        raise UsageError("--warc archives what a site answers; a --replay is not the site")
    if args.mirror:
        check_url(args.mirror, "--mirror")
    return check_outputs(args)


def check_settings(given: dict[str, str]) -> None:
    """Settings (`-s`) that cannot work: Spidermon's monitors without their extra, an alert
    newscrawl does not know (newscrawl/monitoring.py)."""
    from newscrawl.monitoring import monitoring_problem
    from newscrawl.processing import project_settings

    settings = project_settings()
    settings.setdict(given, priority="cmdline")
    problem = monitoring_problem(settings)
    if problem:
        raise UsageError(problem)


def replay_paths(args: argparse.Namespace) -> list[str]:
    replay = args.replay or []
    return [replay] if isinstance(replay, str) else list(replay)


def spider_names() -> list[str]:
    from scrapy.spiderloader import get_spider_loader

    from newscrawl.processing import project_settings

    return sorted(get_spider_loader(project_settings()).list())


def check_spider(spider: str, kwargs: dict[str, Any]) -> None:
    """The spider exists and its arguments are ones it understands."""
    from newscrawl.profiles.almayadeen import EDITIONS, edition_of
    from newscrawl.spiders.base import MODES, url_list

    names = spider_names()
    if spider not in names:
        raise UsageError(
            f"no spider named {spider!r}{did_you_mean(spider, names)}; spiders: {', '.join(names)}"
        )
    if kwargs.get("mode") not in (None, *MODES):
        mode = kwargs["mode"]
        raise UsageError(f"mode {mode!r}{did_you_mean(mode, MODES)}: one of {', '.join(MODES)}")
    urls = kwargs.get("urls")
    if isinstance(urls, str) and urls.startswith("@"):
        check_exists(urls[1:], "the URL file of -a urls=@FILE,")
    urls = url_list(urls)
    for url in urls:
        check_url(url, "start URL")
    window = {name: check_date(str(kwargs[name]), f"--{name}")
              for name in ("since", "until") if kwargs.get(name)}  # fmt: skip
    if len(window) == 2 and window["since"] > window["until"]:
        raise UsageError(f"--since {window['since']} is after --until {window['until']}")
    for name in ("max_pages", "max_depth", "max_listing_pages"):
        if kwargs.get(name) not in (None, ""):
            check_count(kwargs[name], f"--{name.replace('_', '-')}")
    if str(kwargs.get("follow", "yes")).lower() not in FOLLOW_VALUES:
        raise UsageError(f"-a follow={kwargs['follow']!r}: give yes or no")
    if spider == "news":
        check_news_arguments(kwargs, urls)
    elif spider == "almayadeen":
        for name in ("start", "profile"):
            if name in kwargs:
                raise UsageError(
                    f"-a {name}= is the news spider's: newscrawl crawl news -a {name}=…"
                )
        edition = kwargs.get("edition")
        if edition is not None and edition not in EDITIONS:
            raise UsageError(f"edition {edition!r}: one of {', '.join(EDITIONS)}")
        if urls and not any(edition_of(url) for url in urls):
            raise UsageError(
                f"{urls[0]} is not on Al Mayadeen: crawl another site with the news spider,"
                f" newscrawl crawl news --urls {urls[0]}"
            )


def check_news_arguments(kwargs: dict[str, Any], urls: list[str]) -> None:
    from newscrawl.profiles import all_profiles

    profile, start = kwargs.get("profile"), kwargs.get("start")
    if profile is not None:
        names = sorted(all_profiles())
        if profile not in names:
            raise UsageError(
                f"no profile named {profile!r}{did_you_mean(profile, names)}:"
                " `newscrawl profiles` lists them"
            )
    elif start is not None:
        check_url(start, "-a start=")
    elif not urls:
        raise UsageError(
            "the news spider needs a site: -a start=URL (any site) or -a profile=NAME"
            " (`newscrawl profiles` lists them), or --urls URL…"
        )


def check_outputs(args: argparse.Namespace) -> CrawlFiles:
    """The files the crawl writes: formats it writes, no two the same, no full crawl over the
    export of incremental crawls, and (last, as it may make their folders) each writable."""
    check_not_folder(args.output, "-o")
    output_format(args.output)
    files = crawl_files(args)
    output_format(str(files.failures), "--failures")
    if not files.rejects.name.endswith(".jsonl"):
        raise UsageError(f"--rejects {files.rejects}: a JSON Lines file, named *.jsonl")
    if not args.incremental:
        for option in ("state", "revisit_days"):
            if getattr(args, option) is not None:
                flag = f"--{option.replace('_', '-')}"
                raise UsageError(f"{flag} is for incremental crawls: add --incremental")
        state = side_file(files.out, "state.sqlite")
        if os.path.exists(state) and os.path.isfile(files.out) and os.path.getsize(files.out):
            raise UsageError(
                f"{files.out} holds the export of incremental crawls (their state is {state}):"
                " a full crawl would replace it; add --incremental, or give another -o"
            )
    elif output_format(args.output) != "jsonlines":
        raise UsageError(
            f"-o {args.output}: an incremental crawl appends to plain JSON Lines (.jsonl);"
            " `newscrawl export` compresses a dataset"
        )
    named = {"-o": files.out, "--failures": files.failures, "--rejects": files.rejects,
             "the report": files.report}  # fmt: skip
    if files.state is not None:
        named["--state"] = files.state
    check_distinct(named)
    for option, path in named.items():
        check_writable(path, option)
    for lock, _ in files.locks:  # a linked file's lock is beside it, maybe in another folder
        check_writable(lock, "the lock")
    if args.redis:  # a worker appends to its files: a .gz one must end in gzip members
        for path in (files.out, files.failures):
            if problem := foreign_gzip_end(path):
                raise UsageError(problem)
    return files
