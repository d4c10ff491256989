"""Scoring of extracted articles against expected values: the same rules for every tool.

Benchmarks (`bench/extract_compare.py`) and evaluations on real pages use these functions to
compare what a tool extracted from a page with what a person wrote down for it. Nothing here knows
about any tool: callers first turn a tool's output into plain values (a headline string, a list of
author names, an ISO 8601 date string, a body text), then score them here.

The rules, field by field:

`normalize_text(s)`
    Unicode NFKC, every run of whitespace (as `str.split` sees it, so also no-break and other
    Unicode spaces) replaced by one space, leading and trailing whitespace removed. `None` counts
    as the empty string. Used for comparison only, never to change data. It does not remove
    invisible format characters (such as U+200F RIGHT-TO-LEFT MARK): a tool that leaves one in a
    headline does not match an expected headline without it.

`headline_match(expected, got)`
    Exact string equality after `normalize_text`. Strict on purpose: a site-name suffix
    (`"… | Al Mayadeen English"`) is a miss, because that is how the published "headline exact
    match" figures of other tools count it. Case and punctuation count. An expected `None`
    (the page has no headline) matches only a missing or empty headline.

`authors_match(expected, got)`
    The two author lists are equal as *sets* after `normalize_text` and `casefold`: order and
    case do not matter, duplicates collapse, names that normalise to the empty string are dropped.
    No author expected and none found is a match; any extra or missing name is a miss.

`date_match(expected_iso, got_iso)`
    Same calendar day in the publisher's local time. Both strings are parsed as ISO 8601
    (`datetime.fromisoformat`, which also reads a date alone, a `Z` suffix and long fractions).
    - both carry a UTC offset: `got` is converted to `expected`'s offset and the two dates are
      compared (`2025-10-09T22:30:00+00:00` matches `2025-10-10T01:30:00+03:00`);
    - either is naive (no offset, or a date alone): the date parts are compared as written, since
      a naive time cannot be moved to another zone;
    - `expected` is `None` (the page shows no date): a match only if `got` is `None` too;
    - otherwise a `None` or unparseable string on either side is a miss.

`body_f1(expected_text, got_text, n=4)`
    F1 between the multisets of word n-grams of the two texts, tokens being
    `normalize_text(text).split()`. Overlap counts each n-gram at most as often as it occurs on
    both sides; precision = overlap / n-grams of `got`, recall = overlap / n-grams of `expected`,
    F1 = 2 * overlap / (n-grams of `expected` + n-grams of `got`). When the expected text has
    fewer than `n` tokens, `n` is lowered to its token count (a two-word body is scored on
    bigrams). Both texts empty: 1.0; exactly one empty: 0.0. A `got` text too short to hold one
    n-gram scores 0.0.

`benchmark_counts(expected_text, got_text, n=4)` and `benchmark_figures(counts)`
    The metric of the Zyte/Scrapinghub article-extraction benchmark (its `evaluate.py`), for
    figures comparable with its published ones. Tokens are the runs of word characters of the
    text, case kept (no NFKC); n-grams are the tuples of n consecutive tokens (a text of fewer
    than n tokens is one shorter tuple). Per page, over the multisets of n-grams: true positives
    (the overlap), false positives (predicted beyond the truth) and false negatives (true beyond
    the prediction), divided by their sum so that every page weighs the same. Page precision is
    tp / (tp + fp) and recall tp / (tp + fn), each 1.0 when fp and fn are both 0. Precision is
    the mean over the pages with a non-empty prediction (tp + fp > 0), recall the mean over the
    pages with a non-empty truth (an empty prediction scores 0 there), F1 the harmonic mean of
    the two means.

`score_page(expected, got)` and `Score`
    A page's expected values and a tool's output are mappings with the keys `headline`,
    `authors` (list of names), `published_at` (ISO 8601 string or `None`) and `body` (text).
    A key missing from `expected` means the field is not annotated for that page: it is not scored
    (its `PageScore` value is `None`) and that page does not count in the field's mean. A key
    present with `None` or an empty value is annotated ("this page has no date") and is scored.
    A key missing from `got` (or a `got` of `None`, e.g. a tool that failed on the page) counts as
    nothing found. `Score` adds up `PageScore`s and gives, per field, the mean over the pages that
    have that field scored, with the number of those pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

FIELDS = ("headline", "authors", "date", "body_f1")


def normalize_text(s: str | None) -> str:
    """`s` in NFKC with whitespace runs collapsed to one space and stripped (for comparison)."""
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFKC", s).split())


def headline_match(expected: str | None, got: str | None) -> bool:
    """Whether the headlines are equal after `normalize_text` (strict: suffixes count)."""
    return normalize_text(expected) == normalize_text(got)


def _author_key(name: str) -> str:
    return normalize_text(name).casefold()


def authors_match(expected: Iterable[str], got: Iterable[str]) -> bool:
    """Whether both lists name the same authors, ignoring order, case and whitespace."""
    expected_set = {_author_key(name) for name in expected} - {""}
    got_set = {_author_key(name) for name in got} - {""}
    return expected_set == got_set


def parse_iso(value: str | None) -> datetime | None:
    """The ISO 8601 string as a datetime (a date alone gives midnight), or None if it is not one."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _local_day(expected: datetime, got: datetime) -> tuple[date, date]:
    if expected.utcoffset() is not None and got.utcoffset() is not None:
        return expected.date(), got.astimezone(expected.tzinfo).date()
    return expected.date(), got.date()


def date_match(expected_iso: str | None, got_iso: str | None) -> bool:
    """Whether `got` falls on the same calendar day as `expected` in `expected`'s offset."""
    if expected_iso is None:
        return got_iso is None
    expected, got = parse_iso(expected_iso), parse_iso(got_iso)
    if expected is None or got is None:
        return False
    expected_day, got_day = _local_day(expected, got)
    return expected_day == got_day


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def body_f1(expected_text: str | None, got_text: str | None, n: int = 4) -> float:
    """F1 over the multisets of word n-grams of the two texts (see the module docstring)."""
    expected_tokens = normalize_text(expected_text).split()
    got_tokens = normalize_text(got_text).split()
    if not expected_tokens or not got_tokens:
        return 1.0 if expected_tokens == got_tokens else 0.0
    n = min(n, len(expected_tokens))
    expected_grams, got_grams = _ngrams(expected_tokens, n), _ngrams(got_tokens, n)
    total = expected_grams.total() + got_grams.total()
    overlap = (expected_grams & got_grams).total()
    return 2 * overlap / total


_WORD = re.compile(r"\w+")


def _shingles(text: str | None, n: int) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def benchmark_counts(
    expected_text: str | None, got_text: str | None, n: int = 4
) -> tuple[float, float, float]:
    """The benchmark's (tp, fp, fn) for one page, scaled to sum to 1 (see the module docstring)."""
    expected, got = _shingles(expected_text, n), _shingles(got_text, n)
    tp = (expected & got).total()
    fp, fn = (got - expected).total(), (expected - got).total()
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def benchmark_figures(counts: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """The benchmark's precision, recall and F1 over pages' `benchmark_counts`."""
    pages = list(counts)
    precisions = [_page_precision(*c) for c in pages if c[0] + c[1] > 0]
    recalls = [_page_recall(*c) for c in pages if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    both = precision + recall
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / both if both else 0.0,
    }


def record_values(record: Mapping[str, Any]) -> dict[str, Any]:
    """A newscrawl record (extracted or expected) as the plain values scored here, for the
    fields it has: `headline`, `authors` (the names), `published_at`, `body` (the text blocks,
    one a line). A field the record lacks stays out: not annotated, not scored."""
    values: dict[str, Any] = {}
    if "headline" in record:
        values["headline"] = record["headline"]
    if "authors" in record:
        values["authors"] = [author["name"] for author in record["authors"] or []]
    if "published_at" in record:
        values["published_at"] = record["published_at"]
    if "body" in record:
        values["body"] = "\n".join(block["text"] for block in record["body"] or [])
    return values


@dataclass(frozen=True)
class PageScore:
    """One page's result per field; None where the page has no expected value for the field."""

    headline: bool | None = None
    authors: bool | None = None
    date: bool | None = None
    body_f1: float | None = None


def score_page(expected: Mapping[str, Any], got: Mapping[str, Any] | None) -> PageScore:
    """Score a tool's output against a page's expected values (keys as in the module docstring)."""
    got = got or {}
    return PageScore(
        headline=(
            headline_match(expected["headline"], got.get("headline"))
            if "headline" in expected
            else None
        ),
        authors=(
            authors_match(expected["authors"] or [], got.get("authors") or [])
            if "authors" in expected
            else None
        ),
        date=(
            date_match(expected["published_at"], got.get("published_at"))
            if "published_at" in expected
            else None
        ),
        body_f1=body_f1(expected["body"], got.get("body")) if "body" in expected else None,
    )


@dataclass
class Score:
    """Per-field sums over pages: `mean(field)` over the pages that have the field scored."""

    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0.0))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pages: int = 0

    def add(self, page: PageScore) -> None:
        self.pages += 1
        for name in FIELDS:
            value = getattr(page, name)
            if value is not None:
                self.totals[name] += float(value)
                self.counts[name] += 1

    def mean(self, name: str) -> float | None:
        """The field's mean (a match rate for booleans), or None if no page has it scored."""
        count = self.counts[name]
        return self.totals[name] / count if count else None

    def summary(self) -> dict[str, Any]:
        """`{"pages": N, "<field>": mean or None, "<field>_pages": count, …}` for every field."""
        result: dict[str, Any] = {"pages": self.pages}
        for name in FIELDS:
            result[name] = self.mean(name)
            result[f"{name}_pages"] = self.counts[name]
        return result

    @classmethod
    def of(cls, pages: Iterable[PageScore]) -> Score:
        score = cls()
        for page in pages:
            score.add(page)
        return score
