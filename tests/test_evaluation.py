"""The scoring rules of testkit.evaluation, on cases computed by hand."""

from __future__ import annotations

import pytest

from testkit.evaluation import (
    PageScore,
    Score,
    authors_match,
    benchmark_counts,
    benchmark_figures,
    body_f1,
    date_match,
    headline_match,
    normalize_text,
    parse_iso,
    score_page,
)

# normalize_text


def test_normalize_text_collapses_and_strips_whitespace() -> None:
    assert normalize_text("  Gas\tforum \n\n talks  ") == "Gas forum talks"


def test_normalize_text_applies_nfkc() -> None:
    # Ligature, full-width letters, no-break space and a decomposed é all fold to plain forms.
    assert normalize_text("ﬁnal\u00a0ＡＢＣ cafe\u0301") == "final ABC café"


def test_normalize_text_of_nothing_is_empty() -> None:
    assert normalize_text(None) == ""
    assert normalize_text(" \u2003 ") == ""


def test_normalize_text_keeps_case_and_format_characters() -> None:
    assert normalize_text("Gaza") != normalize_text("gaza")
    assert normalize_text("\u200fعاجل") == "\u200fعاجل"


# headline_match


def test_headline_match_ignores_whitespace_and_unicode_form() -> None:
    assert headline_match("Beirut's  port\u00a0reopens", " Beirut's port reopens\n")
    assert headline_match("Caf\u00e9 owners protest", "Cafe\u0301 owners protest")


def test_headline_match_is_strict_about_site_suffix_case_and_punctuation() -> None:
    expected = "Five things to know about the gas forum talks"
    assert not headline_match(expected, expected + " | Al Mayadeen English")
    assert not headline_match(expected, expected.lower())
    assert not headline_match(expected, expected + ".")


def test_headline_match_with_no_headline_expected() -> None:
    assert headline_match(None, None)
    assert headline_match(None, "  ")
    assert not headline_match(None, "Something")
    assert not headline_match("Something", None)


# authors_match


def test_authors_match_ignores_order_and_case() -> None:
    assert authors_match(["Hala Dakroub", "Jad Mansour"], ["jad mansour", "HALA DAKROUB"])


def test_authors_match_normalises_each_name() -> None:
    assert authors_match(["Lina  Saab"], [" Lina\u00a0Saab "])
    # casefold, not lower: ß and SS compare equal.
    assert authors_match(["Hans Großmann"], ["HANS GROSSMANN"])


def test_authors_match_needs_the_same_set() -> None:
    assert not authors_match(["Hala Dakroub", "Jad Mansour"], ["Hala Dakroub"])
    assert not authors_match(["Hala Dakroub"], ["Hala Dakroub", "Al Mayadeen English"])
    assert not authors_match(["Hala Dakroub and Jad Mansour"], ["Hala Dakroub", "Jad Mansour"])


def test_authors_match_empty_lists_and_duplicates() -> None:
    assert authors_match([], [])
    assert authors_match([], ["", "  "])
    assert not authors_match([], ["Staff"])
    assert not authors_match(["Staff"], [])
    assert authors_match(["Lina Saab"], ["Lina Saab", "lina saab"])


# date_match


def test_date_match_same_instant_across_midnight() -> None:
    # 22:30 UTC on the 9th is 01:30 on the 10th in Beirut summer time (+03:00).
    assert date_match("2025-10-10T01:30:00+03:00", "2025-10-09T22:30:00+00:00")
    assert date_match("2025-10-10T01:30:00+03:00", "2025-10-09T22:30:00Z")


def test_date_match_converts_got_to_expected_offset() -> None:
    expected = "2025-11-18T23:49:00+02:00"
    # 00:10 at +03:00 on the 19th is 23:10 at +02:00 on the 18th: same local day.
    assert date_match(expected, "2025-11-19T00:10:00+03:00")
    # 01:00 at +02:00 on the 19th is the next day.
    assert not date_match(expected, "2025-11-19T01:00:00+02:00")
    # 23:00 UTC on the 18th is 01:00 on the 19th at +02:00.
    assert not date_match(expected, "2025-11-18T23:00:00+00:00")


def test_date_match_naive_compares_dates_as_written() -> None:
    expected = "2025-10-10T01:30:00+03:00"
    assert date_match(expected, "2025-10-10")
    assert date_match(expected, "2025-10-10T23:59:59")
    # The naive UTC time of the same instant is written on the 9th: a miss.
    assert not date_match(expected, "2025-10-09T22:30:00.0000000")
    assert date_match("2025-10-10", "2025-10-10T01:30:00+03:00")
    assert not date_match("2025-10-10", "2025-10-09T23:30:00+03:00")


def test_date_match_missing_and_unparseable() -> None:
    assert date_match(None, None)
    assert not date_match(None, "2025-10-10")
    assert not date_match("2025-10-10T01:30:00+03:00", None)
    assert not date_match("2025-10-10T01:30:00+03:00", "")
    assert not date_match("2025-10-10T01:30:00+03:00", "10 Oct 2025 01:30")
    assert not date_match("not a date", "2025-10-10")


def test_parse_iso_reads_long_fractions_and_date_alone() -> None:
    parsed = parse_iso("2022-02-20T16:04:00.0000000")
    assert parsed is not None and parsed.hour == 16 and parsed.tzinfo is None
    assert parse_iso("2022-02-20") is not None
    assert parse_iso("yesterday") is None


# body_f1


def test_body_f1_hand_computed() -> None:
    # expected "the cat sat on the mat": 4-grams (the cat sat on), (cat sat on the),
    # (sat on the mat) = 3.
    # got "the cat sat on the mat today": the same 3 plus (on the mat today) = 4.
    # overlap 3, precision 3/4, recall 3/3, F1 = 2 * 3 / (3 + 4) = 6/7.
    assert body_f1("the cat sat on the mat", "the cat sat on the mat today") == pytest.approx(6 / 7)


def test_body_f1_counts_repeated_ngrams_as_a_multiset() -> None:
    # n=2. expected "a b a b a": (a b) x2, (b a) x2 = 4 bigrams.
    # got "a b a": (a b) x1, (b a) x1 = 2 bigrams. overlap min counts = 1 + 1 = 2.
    # F1 = 2 * 2 / (4 + 2) = 2/3 (precision 1, recall 1/2).
    assert body_f1("a b a b a", "a b a", n=2) == pytest.approx(2 / 3)


def test_body_f1_lowers_n_for_short_expected_text() -> None:
    # expected has 2 tokens, so bigrams: {(hello world)}; got {(hello world), (world again)}.
    # F1 = 2 * 1 / (1 + 2) = 2/3.
    assert body_f1("hello world", "hello world again") == pytest.approx(2 / 3)
    assert body_f1("hello", "hello") == 1.0


def test_body_f1_identical_disjoint_and_empty() -> None:
    text = "Energy ministers meet this week to discuss export routes"
    assert body_f1(text, text) == 1.0
    assert body_f1(text, "  " + text.replace(" ", "\n") + " ") == 1.0
    assert body_f1(text, "completely different words appear in this one") == 0.0
    assert body_f1("", "") == 1.0
    assert body_f1(None, " ") == 1.0
    assert body_f1(text, "") == 0.0
    assert body_f1("", text) == 0.0


def test_body_f1_got_shorter_than_n_scores_zero() -> None:
    assert body_f1("one two three four five", "one two three") == 0.0


def test_body_f1_normalises_unicode_before_tokenising() -> None:
    # The ligature "ﬁ" is NFKC "fi": both texts give the same tokens.
    assert body_f1("the ﬁnal report was published", "the final report was published") == 1.0


# score_page and Score


def test_score_page_scores_only_annotated_fields() -> None:
    expected = {"headline": "Port reopens", "published_at": None}
    got = {"headline": "Port reopens", "authors": ["Someone"], "published_at": None, "body": "x"}
    assert score_page(expected, got) == PageScore(headline=True, date=True)


def test_score_page_failed_tool_counts_as_nothing_found() -> None:
    expected = {
        "headline": "Port reopens",
        "authors": [],
        "published_at": "2025-10-10T01:30:00+03:00",
        "body": "",
    }
    assert score_page(expected, None) == PageScore(
        headline=False, authors=True, date=False, body_f1=1.0
    )


def test_score_means_over_pages_with_the_field() -> None:
    score = Score.of(
        [
            PageScore(headline=True, authors=True, date=False, body_f1=1.0),
            PageScore(headline=False, authors=None, date=True, body_f1=0.5),
            PageScore(headline=True, authors=None, date=None, body_f1=0.0),
            PageScore(headline=True),
        ]
    )
    assert score.summary() == {
        "pages": 4,
        "headline": 0.75,
        "headline_pages": 4,
        "authors": 1.0,
        "authors_pages": 1,
        "date": 0.5,
        "date_pages": 2,
        "body_f1": 0.5,
        "body_f1_pages": 3,
    }


def test_score_of_no_pages_has_no_means() -> None:
    score = Score()
    assert score.mean("headline") is None
    assert score.summary()["body_f1_pages"] == 0


# The article-extraction benchmark's metric, worked by hand.


def test_benchmark_counts_are_shingle_overlaps_scaled_to_one() -> None:
    # truth: (a b c d), (b c d e); prediction: (a b c d): one shared, one missed.
    assert benchmark_counts("a b c d e", "a, b; c. d") == (0.5, 0.0, 0.5)
    # Case is kept: "A" is not "a"; a text of fewer than four tokens is one shingle.
    assert benchmark_counts("a b", "A b") == (0.0, 0.5, 0.5)
    assert benchmark_counts("a b", "a b") == (1.0, 0.0, 0.0)
    assert benchmark_counts("a b c d", "") == (0.0, 0.0, 1.0)


def test_benchmark_precision_skips_empty_predictions_and_recall_counts_them() -> None:
    pages = [(0.5, 0.0, 0.5), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)]
    figures = benchmark_figures(pages)
    assert figures["precision"] == pytest.approx((1.0 + 0.5) / 2)  # the empty page left out
    assert figures["recall"] == pytest.approx((0.5 + 0.0 + 1.0) / 3)
    assert figures["f1"] == pytest.approx(2 * 0.75 * 0.5 / 1.25)
