"""newscrawl from Python (newscrawl/api.py): the record of a page from its HTML or a saved
page, as a crawl exports it; and `import newscrawl` does not import Scrapy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import newscrawl
from tests.helpers import CRAWLED_AT, PAGES, load_json, without

SEED = PAGES / "en-news-seed"
SEED_URL = load_json(SEED / "info.json")["url"]


def test_extract_reads_html_text_with_its_url() -> None:
    html = (SEED / "body.html").read_text(encoding="utf-8")
    record = newscrawl.extract(html, url=SEED_URL, crawled_at=CRAWLED_AT)
    assert without(record) == load_json(SEED / "expected.json")
    assert record["crawled_at"] == CRAWLED_AT


def test_extract_file_reads_a_saved_page_folder_and_a_file() -> None:
    from newscrawl import extract_file

    from_folder = extract_file(SEED, crawled_at=CRAWLED_AT)  # the URL is in info.json
    from_file = extract_file(SEED / "body.html", url=SEED_URL, crawled_at=CRAWLED_AT)
    assert from_folder == from_file
    assert from_folder["headline"] == "Putin tells Macron Donbass escalation due to Kyiv forces"


def test_a_page_that_is_not_an_article_is_an_error_record() -> None:
    blocked = newscrawl.extract_file(PAGES / "blocked-cloudflare")
    assert blocked["error"]["kind"] == "blocked"
    assert newscrawl.extract(b"\x00\x01\xff", url=SEED_URL)["error"]["kind"] == "unparseable"


def test_generic_sets_the_sites_profile_aside() -> None:
    html = (SEED / "body.html").read_bytes()
    assert newscrawl.extract(html, url=SEED_URL)["publisher"] == "Al Mayadeen English"
    generic = newscrawl.extract(html, url=SEED_URL, generic=True)
    assert generic["site"] == "almayadeen"  # its own reader stays: the CMS has its own extractor


def test_mistakes_raise() -> None:
    with pytest.raises(FileNotFoundError):
        newscrawl.extract_file(PAGES / "no-such-page")
    with pytest.raises(ValueError, match="give the url"):
        newscrawl.extract_file(SEED / "body.html")
    with pytest.raises(ValueError, match="not a saved page"):
        newscrawl.extract_file(PAGES)


def test_import_newscrawl_does_not_import_scrapy(tmp_path: Path) -> None:
    code = (
        "import sys, newscrawl\n"
        "from newscrawl import extract\n"
        "assert 'scrapy' not in sys.modules, 'imported scrapy'\n"
        "print(newscrawl.__version__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "0.1.0\n"
