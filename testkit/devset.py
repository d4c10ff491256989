"""The development set of the generic extractor: real news pages with expected values, in the
two layouts of the Fundus project's test data (see fixtures/fundus/README.md).

- `fundus-fixtures/<country>/`: `<Publisher>_<date>.html.gz`, `meta.info` (file → URL, crawl
  date) and `<Publisher>.json` (expected title, authors, publishing_date, topics, body; one
  entry per page, keyed `V1`, `V1_1`, …, in file order).
- `fundus-eval/`: `html/<Publisher>_<n>.html.gz` and `ground_truth.json` (checked body text).

- `article-extraction-benchmark/`: `html/<key>.html.gz` and `ground-truth.json` (key to url and
  hand-checked `articleBody`; the Zyte/Scrapinghub benchmark).

Each page becomes a `DevPage` whose `expected` uses the keys of `testkit.evaluation`:
`headline`, `authors`, `published_at`, `body`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class DevPage:
    name: str  # country/file or eval/file
    url: str
    html: bytes
    expected: dict[str, Any] = field(default_factory=dict)


def _body_text(body: dict[str, Any]) -> str:
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += section.get("headline") or []
        parts += section.get("paragraphs") or []
    return "\n".join(parts)


def fundus_fixtures(root: Path) -> list[DevPage]:
    pages = []
    for country in sorted(p for p in root.iterdir() if p.is_dir()):
        meta = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for expected_file in sorted(country.glob("*.json")):
            publisher = expected_file.stem
            entries = list(json.loads(expected_file.read_text(encoding="utf-8")).values())
            # Entries follow the publisher's files that exist: meta.info also names pages
            # that were never saved, and counting those would shift every later label.
            files = sorted(
                name
                for name in meta
                if name.startswith(f"{publisher}_") and (country / name).exists()
            )
            for name, entry in zip(files, entries, strict=False):
                expected: dict[str, Any] = {}
                if entry.get("title"):
                    expected["headline"] = entry["title"]
                if "authors" in entry:
                    expected["authors"] = list(entry["authors"] or [])
                if entry.get("publishing_date"):
                    expected["published_at"] = entry["publishing_date"].replace(" ", "T", 1)
                if entry.get("body"):
                    expected["body"] = _body_text(entry["body"])
                html = gzip.decompress((country / name).read_bytes())
                pages.append(DevPage(f"{country.name}/{name}", meta[name]["url"], html, expected))
    return pages


def fundus_eval(root: Path) -> list[DevPage]:
    truth = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name, entry in sorted(truth.items()):
        path = root / "html" / name
        if not path.exists():
            continue
        publisher = name.split("_")[0].lower()
        url = f"https://www.{publisher}.com/eval/{name.removesuffix('.html.gz')}"
        body = "\n".join(entry["body"]) if isinstance(entry["body"], list) else entry["body"]
        pages.append(DevPage(f"eval/{name}", url, gzip.decompress(path.read_bytes()),
                             {"body": body}))  # fmt: skip
    return pages


def article_benchmark(root: Path) -> list[DevPage]:
    """The article-extraction benchmark's pages, named by key, expected `body` its articleBody."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, entry in sorted(truth.items()):
        path = root / "html" / f"{key}.html.gz"
        if path.exists():
            html = gzip.decompress(path.read_bytes())
            pages.append(DevPage(key, entry["url"], html, {"body": entry.get("articleBody") or ""}))
    return pages


def held_out(page: DevPage) -> bool:
    """The fixed split of the development sets: a page is held out (never tuned on) when the
    first byte of the SHA-256 of its site's host (without `www.`) is odd, and in the tuning half
    when it is even. By host, so that no site is on both sides; half of the sites each way."""
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    return hashlib.sha256(host.encode()).digest()[0] % 2 == 1
