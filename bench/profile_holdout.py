"""How well does a site profile's headline source do on pages it was not chosen on?

The shipped profiles (newscrawl/profiles/) name a headline source for publishers whose chosen
headline (the Fundus label) is not the one the generic rule finds, chosen on those publishers'
own pages of the development set: their figure on these pages is in-sample. This script gives
the out-of-sample figure, leave-one-out over each publisher's labelled pages:

- for every page, the headline order is chosen on the *other* pages of its publisher, among the
  generic rule and the three orders the profiles use (`OG_TITLE_FIRST`, `JSON_LD_FIRST`,
  `H1_FIRST`): the one that gets most of them right, the generic rule on a tie or when the
  order would lose one the generic rule gets (a publisher with one page keeps the generic rule);
- the page is scored with that order.

    python bench/profile_holdout.py [--data ../shared/data]

It needs publishers with two or more labelled pages: the whole development set (the default,
`../shared/data`), not the one-page-per-publisher copy in fixtures/fundus.

Prints, over the pages with an expected headline: the generic rule alone, the best order per
publisher chosen on all its pages (in-sample, what the shipped profiles reach), and the
leave-one-out figure.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # testkit: not installed
from newscrawl.extraction.generic import read_article
from newscrawl.processing import page_response, process_item
from newscrawl.profile import H1_FIRST, JSON_LD_FIRST, OG_TITLE_FIRST, generic_profile
from testkit.devset import DevPage, fundus_fixtures
from testkit.evaluation import headline_match

ROOT = Path(__file__).resolve().parent.parent
CRAWLED_AT = "2026-11-20T10:00:00+00:00"
ORDERS: tuple[tuple[str, ...] | None, ...] = (None, OG_TITLE_FIRST, JSON_LD_FIRST, H1_FIRST)


def headline(page: DevPage, order: tuple[str, ...] | None) -> str | None:
    response = page_response(page.url, page.html, 200, {"Content-Type": "text/html"})
    profile = replace(generic_profile(urlsplit(page.url).hostname or ""), headline_sources=order)
    record = process_item(
        read_article(response.selector.root, page.url, profile, 200, CRAWLED_AT)
    )
    return record.get("headline")


def chosen(hits: dict[tuple[str, ...] | None, list[bool]], pages: list[int]) -> tuple | None:
    """The order that gets most of `pages` right without losing one the generic rule gets."""
    generic = hits[None]
    best, best_count = None, sum(generic[i] for i in pages)
    for order in ORDERS[1:]:
        count = sum(hits[order][i] for i in pages)
        keeps = all(hits[order][i] or not generic[i] for i in pages)
        if keeps and count > best_count:
            best, best_count = order, count
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    by_publisher: dict[str, list[DevPage]] = defaultdict(list)
    for page in fundus_fixtures(args.data / "fundus-fixtures"):
        if page.expected.get("headline"):
            by_publisher[page.name.rsplit("_", 3)[0]].append(page)
    several = sum(1 for pages in by_publisher.values() if len(pages) > 1)
    if not several:
        parser.error(f"no publisher has two labelled pages in {args.data}: nothing to hold out")
    generic = in_sample = held_out = total = 0
    for pages in by_publisher.values():
        hits = {
            order: [headline_match(p.expected["headline"], headline(p, order)) for p in pages]
            for order in ORDERS
        }
        everything = list(range(len(pages)))
        total += len(pages)
        generic += sum(hits[None])
        in_sample += sum(hits[chosen(hits, everything)])
        for i in everything:
            held_out += hits[chosen(hits, [j for j in everything if j != i])][i]
    print(f"{total} pages with an expected headline, {len(by_publisher)} publishers, {several} of"
          f" them with two or more pages ({args.data})")  # fmt: skip
    print(f"generic rule alone:                   {generic / total:.3f} ({generic})")
    print(f"order chosen on all the site's pages: {in_sample / total:.3f} ({in_sample})")
    print(f"order chosen on the site's other pages (leave-one-out): {held_out / total:.3f}"
          f" ({held_out})")  # fmt: skip


if __name__ == "__main__":
    main()
