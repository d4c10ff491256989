"""Where the files that go with a crawl's output are written: beside it, named after it.

`newscrawl crawl -o data/ar.jsonl` writes its error records to `data/ar.failures.jsonl`, its
schema rejects to `data/ar.rejects.jsonl`, its report to `data/ar.report.json`, keeps an
incremental crawl's state in `data/ar.state.sqlite` and takes its lock on `data/ar.lock`; a
second crawl into the same folder (`-o data/es.jsonl`) has its own `data/es.*` files. The
output's name loses `.gz`, then its last suffix: `x.jsonl`, `x.jsonl.gz` and `x` all give
`x.<name>`. `scrapy crawl -O x.jsonl` names its report and rejects the same way, after its
first local feed. This is the one place that rule is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def output_stem(path: str | Path) -> str:
    """The output's name without `.gz` and without its last suffix: `articles` for
    `articles.jsonl` and `articles.jsonl.gz`."""
    name = Path(path).name.removesuffix(".gz")
    return Path(name).stem or name


def side_file(out: str | Path, name: str) -> Path:
    """The file `name` (`report.json`, `failures.jsonl`, …) that goes with the output `out`:
    `x.report.json` beside `x.jsonl`."""
    out = Path(out)
    return out.with_name(f"{output_stem(out)}.{name}")


def local_feed(uri: Any) -> Path | None:
    """The local file a feed's URI names (`x.jsonl`, `file:///data/x.jsonl`); None for a feed
    elsewhere (`s3://…`, `stdout:`)."""
    text = str(uri)
    if "://" not in text or text.startswith("file://"):
        return Path(text.removeprefix("file://"))
    return None


def first_local_feed(settings: Any) -> Path | None:
    """The first feed a crawl writes to a local file (`scrapy crawl -O x.jsonl`): what its
    side files are named after when no setting names them."""
    for uri in settings.getdict("FEEDS") or {}:
        if (path := local_feed(uri)) is not None:
            return path
    return None


def side_file_setting(settings: Any, setting: str, name: str) -> Path | None:
    """The path a setting names, else the side file `name` of the first local feed."""
    explicit = settings.get(setting)
    if explicit:
        return Path(explicit)
    feed = first_local_feed(settings)
    return side_file(feed, name) if feed is not None else None
