"""The metadata mapping (posttype, category, country, coverage, author) on all 296 real Arabic
scripts, each wrapped in a minimal page and run through the real extractor and pipelines."""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import Any

import pytest

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.processing import record_for_page
from tests.helpers import ARABIC_METADATA

# The documented mapping of the Arabic edition's posttype labels (docs/record-format.md).
POSTTYPE_TO_TYPE = {
    "أخبار": "news",
    "تقارير إخبارية": "feature",
    "نشرة الأخبار": "live",
    "فيديو": "video",
    "صحافة": "news",
    "منوعات": "news",
    "مقالات": "opinion",
    "متابعات": "analysis",
    "بودكاست": "video",
}


def scripts() -> list[str]:
    lines = ARABIC_METADATA.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["script_text"] for line in lines]


def wrap(script_text: str) -> bytes:
    data = json.loads(script_text)
    title = html.escape(data["title"])
    text = html.escape(data["description"] or data["title"])  # a few real scripts lack one
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title} | الميادين نت</title>"
        f'<script id="tawsiyat-metadata" type="text/tawsiyat">{script_text}</script>'
        f'</head><body><article><h1>{title}</h1><p class="lg_para summary">{text}</p>'
        f'<div class="p-content"><p>{text}</p></div></article></body></html>'
    ).encode()


def classes(data: dict[str, Any], mapping: str) -> list[str]:
    return [c["value"].strip() for c in data["classes"] if c["mapping"] == mapping]


@pytest.fixture(scope="module")
def records() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for text in scripts():
        data = json.loads(text)
        out.append((data, record_for_page(data["url"], wrap(text))))
    return out


def test_all_296_real_pages_become_valid_records(records) -> None:
    assert len(records) == 296
    for data, record in records:
        assert "error" not in record, (data["postid"], record.get("error"))


def test_mapping_of_every_class(records) -> None:
    for data, record in records:
        where = data["postid"]
        assert record["id"] == f"almayadeen-ar-{data['postid']}", where
        assert record["language"] == "ar" and record["publisher"] == "الميادين", where
        assert record["type"] == POSTTYPE_TO_TYPE[classes(data, "posttype")[0]], where
        # Every real news page has a category; the other kinds (/press/…, /tv-reports/…) have
        # neither a category nor a section segment in their URL.
        assert record["section"] == next(iter(classes(data, "category")), None), where
        assert record["region"] == next(iter(classes(data, "country")), None), where
        assert record["topic"] == next(iter(classes(data, "coverage")), None), where
        assert [a["name"] for a in record["authors"]] == classes(data, "author"), where
        assert record["byline_raw"] == data["author"], where
        assert record["published_at"] == data["published_time"], where
        assert record["modified_at"] == data["last_updated"], where
        assert record["canonical_url"] == canonicalize_url(data["url"]), where
        assert record["word_count"] == int(data["word_count"]), where
        # Video objects (newscasts) and video posts carry a video; these bare scripts have
        # no player and no duration.
        if data["type"] == "videoobject" or record["type"] == "video":
            assert record["video"] == {"url": None, "duration_seconds": None}, where
        else:
            assert record["video"] is None, where


def test_type_counts_match_the_real_distribution(records) -> None:
    counts = Counter(record["type"] for _, record in records)
    assert counts == {"news": 191, "feature": 36, "live": 34, "video": 20, "opinion": 12,
                      "analysis": 3}  # fmt: skip


def test_authors_are_people_or_organisations(records) -> None:
    kinds = {a["name"]: a["kind"] for _, r in records for a in r["authors"]}
    organisations = {name for name, kind in kinds.items() if kind == "organization"}
    assert {"الميادين نت", "شبكة الميادين"} <= organisations
    assert all(name.startswith(("صحيفة", "موقع", "الميادين", "شبكة", "وكالة", "مجلة", "معهد",
                                "مركز", "قناة")) for name in organisations)  # fmt: skip
    assert kinds["حسن لافي"] == "person"


def test_sections_as_the_edition_writes_them(records) -> None:
    sections = Counter(record["section"] for _, record in records)
    assert sections["سياسة"] == 157
    assert sections["أخبار منوعة"] == 13  # the real value has a leading space: trimmed
    assert " أخبار منوعة" not in sections


def test_keywords_split_and_deduplicated(records) -> None:
    for data, record in records:
        assert len(record["tags"]) == len({t.casefold() for t in record["tags"]})
        assert all(tag.strip() == tag and tag for tag in record["tags"])
        assert set(record["tags"]) <= {
            " ".join(k.replace("\u200f", "").split()) for k in data["keywords"].split(",")
        }
