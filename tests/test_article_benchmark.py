"""The generic extractor on real pages of sites nobody on the team tuned for: the tuning half of
the Zyte/Scrapinghub article-extraction benchmark kept in fixtures/article-benchmark (see its
README). An accuracy floor with the benchmark's own metric, and the classes of failure of
issue 15, page by page. Expected values are the benchmark's hand-checked article bodies, or
what the page shows (quoted below)."""

from __future__ import annotations

from functools import cache

import pytest

from newscrawl.processing import record_for_page
from newscrawl.schema import validate_record
from testkit.devset import DevPage, article_benchmark, held_out
from testkit.evaluation import benchmark_counts, benchmark_figures
from tests.helpers import CRAWLED_AT, FIXTURES

HEADERS = {"Content-Type": "text/html"}


@cache
def pages() -> dict[str, DevPage]:
    return {page.name[:8]: page for page in article_benchmark(FIXTURES / "article-benchmark")}


@cache
def record(key: str) -> dict:
    page = pages()[key]
    return record_for_page(page.url, page.html, 200, HEADERS, CRAWLED_AT)


def body_text(found: dict) -> str:
    return "\n".join(block["text"] for block in found.get("body") or [])


def precision_recall(key: str) -> tuple[float, float]:
    tp, fp, fn = benchmark_counts(pages()[key].expected["body"], body_text(record(key)))
    return tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0


def test_the_subset_is_the_tuning_half_only() -> None:
    assert len(pages()) == 69
    assert not any(held_out(page) for page in pages().values())


def test_no_real_article_is_refused_and_every_record_is_valid() -> None:
    for key in pages():
        found = record(key)
        assert "error" not in found, (key, found.get("error"))
        assert validate_record(found) == [], key


def test_accuracy_floor() -> None:
    """Measured on these 69 pages when issue 15's second round closed: precision 0.984, recall
    0.984, F1 0.984 (first round: 0.978 each; before issue 15: 4 of them refused). The floor
    keeps what was reached."""
    counts = [
        benchmark_counts(page.expected["body"], body_text(record(key)))
        for key, page in pages().items()
    ]
    figures = benchmark_figures(counts)
    assert figures["precision"] >= 0.983
    assert figures["recall"] >= 0.984


# ---------------------------------------------------------------- real articles refused before


@pytest.mark.parametrize(
    "key",
    [
        "c467d507",  # detroit.cbslocal.com: a four-paragraph story above forty teaser blurbs
        "e372e42c",  # jpost.com: the <article> holding the headline holds no text
        "0ec95c72",  # entermedia.co.kr: no article markup at all, text in <br> lines
        "9da36ae4",  # entermedia.co.kr, another story
    ],
)
def test_a_real_article_without_the_usual_markup_is_read_whole(key: str) -> None:
    precision, recall = precision_recall(key)
    assert precision >= 0.95 and recall >= 0.95


def test_teasers_around_a_short_story_stay_out() -> None:
    texts = [block["text"] for block in record("c467d507")["body"]]
    truth = pages()["c467d507"].expected["body"].split("\n")
    assert texts[0] == truth[0]  # "ST. JOSEPH, Mich. (AP) — Michigan health authorities are ..."
    assert not any("DNR Seeks Tips" in text for text in texts)  # a teaser's headline


# ---------------------------------------------------------------- bodies cut short before


@pytest.mark.parametrize(
    "key",
    [
        "232a43fb",  # macrumors.com: paragraphs as "text<br><br>text" in a div with blocks
        "6a72de37",  # dawgsbynature.com: the story's lists and tables
    ],
)
def test_a_body_written_without_paragraph_elements_is_read_to_its_end(key: str) -> None:
    _, recall = precision_recall(key)
    truth = [line for line in pages()[key].expected["body"].split("\n") if line.strip()]
    assert recall >= 0.97
    ending = " ".join(truth[-1].split()[-6:])  # the story's last words are read
    assert ending in " ".join(body_text(record(key)).split())


# ---------------------------------------------------------------- dates found but not read before


@pytest.mark.parametrize(
    ("key", "published_at"),
    [
        # JSON-LD "datePublished": "01:38:07 PM IST Nov 20, 2019" (a time before its date; the
        # zone name IST is ambiguous and left aside: the day is what the page says)
        ("65408257", "2019-11-20T13:38:07+00:00"),
        # JSON-LD "datePublished": "Tue Nov 19 2019 03:05:46 GMT+0000" (JavaScript's form)
        ("a078b365", "2019-11-19T03:05:46+00:00"),
    ],
)
def test_dates_in_other_forms_are_read(key: str, published_at: str) -> None:
    assert record(key)["published_at"] == published_at


def test_a_page_without_date_markup_is_dated() -> None:
    """entermedia.co.kr shows its date only in running text: "[입력시간 : 2018-08-25 15:24]"."""
    assert record("0ec95c72")["published_at"].startswith("2018-08-25")


# ---------------------------------------------------------------- pictures


def test_a_figure_gives_its_picture_a_caption_and_a_credit() -> None:
    """vox.com's lead <figure>: <figcaption>Air pollution is once again surging in Delhi. It’s
    part of a larger pollution problem in India.</figcaption> <cite>Sanjeev Verma/Hindustan
    Times/Getty Images</cite>."""
    captioned = [image for image in record("16c30add")["images"] if image["caption"]]
    assert captioned[0]["caption"] == (
        "Air pollution is once again surging in Delhi. It’s part of a larger pollution problem "
        "in India."
    )
    assert captioned[0]["credit"] == "Sanjeev Verma/Hindustan Times/Getty Images"
    assert captioned[0]["url"].endswith("GettyImages_1180855514.0.jpg")
