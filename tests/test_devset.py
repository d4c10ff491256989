"""The development-set loader pairs each saved page with its own expected values."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from testkit.devset import fundus_fixtures


def write_country(root: Path) -> None:
    country = root / "de"
    country.mkdir(parents=True)
    # meta.info names three pages of one publisher; the first was never saved.
    meta = {
        f"Paper_2024_0{day}.html.gz": {"url": f"https://paper.example/{day}", "crawl_date": "x"}
        for day in (1, 2, 3)
    }
    (country / "meta.info").write_text(json.dumps(meta), encoding="utf-8")
    for day in (2, 3):
        page = f"<html><body><h1>Page {day}</h1></body></html>".encode()
        (country / f"Paper_2024_0{day}.html.gz").write_bytes(gzip.compress(page))
    expected = {"V1": {"title": "Page 2"}, "V1_1": {"title": "Page 3"}}
    (country / "Paper.json").write_text(json.dumps(expected), encoding="utf-8")


def test_a_page_named_but_not_saved_does_not_shift_the_labels(tmp_path: Path) -> None:
    write_country(tmp_path)
    pages = fundus_fixtures(tmp_path)
    assert [(p.url, p.expected["headline"]) for p in pages] == [
        ("https://paper.example/2", "Page 2"),
        ("https://paper.example/3", "Page 3"),
    ]
    assert [b"Page 2" in pages[0].html, b"Page 3" in pages[1].html] == [True, True]
