"""The sets a crawl keeps of what it has seen: members as 8-byte digests, a bounded size per
member, and Scrapy's duplicate filter on them."""

from __future__ import annotations

from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.digests import DigestSet, digest
from newscrawl.dupefilter import DigestDupeFilter


def test_a_digest_set_answers_as_a_set_does() -> None:
    urls = [f"https://example.org/news/article-{n}" for n in range(5000)]
    seen = DigestSet()
    assert [seen.add(url) for url in urls] == [True] * len(urls)
    assert [seen.add(url) for url in urls[::7]] == [False] * len(urls[::7])
    assert len(seen) == len(urls)
    assert all(url in seen for url in urls)
    assert not any(f"https://example.org/news/other-{n}" in seen for n in range(5000))
    assert b"bytes" not in seen and seen.add(b"bytes") and b"bytes" in seen
    assert 42 not in seen  # not a string: never a member


def test_a_digest_set_takes_at_most_32_bytes_a_member() -> None:
    seen = DigestSet(f"https://example.org/{n}" for n in range(100_000))
    assert len(seen) == 100_000
    assert 8 * len(seen) < seen.nbytes <= 32 * len(seen)


def test_a_digest_is_never_zero_the_empty_slot() -> None:
    assert all(digest(str(n)) != 0 for n in range(1000))
    assert digest("a") == digest(b"a")


def test_the_duplicate_filter_lets_each_request_through_once() -> None:
    crawler = get_crawler(
        settings_dict={"DUPEFILTER_CLASS": "newscrawl.dupefilter.DigestDupeFilter"}
    )
    dupefilter = DigestDupeFilter.from_crawler(crawler)
    assert isinstance(dupefilter._fingerprints, DigestSet)
    first = Request("https://example.org/a?x=1&y=2")
    assert not dupefilter.request_seen(first)
    assert dupefilter.request_seen(Request("https://example.org/a?y=2&x=1"))  # the same request
    assert not dupefilter.request_seen(Request("https://example.org/a", method="POST"))
    assert not dupefilter.request_seen(Request("https://example.org/b"))
