"""The streaming export: the merge keeps its records in a SQLite spill store on disk, not in
memory. Many revisions and repeats spread over several inputs must come out exactly as the
dataset rules say (the rules written out plainly here, in Python, as the reference), and the
spill store must be gone afterwards."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest

from newscrawl.dataset import export_dataset, verify_dataset
from tests.helpers import FIXTURES, read_lines
from tests.test_dataset import all_records

ARTICLES = [r for r in read_lines(FIXTURES / "site" / "expected" / "records.jsonl")
            if r["type"] != "breaking"]  # fmt: skip
BREAKING = [r for r in read_lines(FIXTURES / "site" / "expected" / "records.jsonl")
            if r["type"] == "breaking"]  # fmt: skip


def sighting(record: dict[str, Any], day: int, revision: int | None) -> dict[str, Any]:
    seen = {**record, "crawled_at": f"2026-01-{day:02d}T10:00:00+00:00"}
    # What the expected export leaves out (it varies from crawl to crawl), a crawl writes.
    if record["type"] == "breaking":
        seen["found_on"] = "https://english.almayadeen.net/"
    else:
        seen["content_hash"] = "sha256:" + "0" * 64
    if revision is not None and record["type"] != "breaking":
        seen.update(revision=revision, first_seen_at="2026-01-01T10:00:00+00:00",
                    headline=f"{record['headline']} (r{revision} d{day})")  # fmt: skip
    return seen


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Four runs seeing the fixture records again, in random days and revisions."""
    folder = tmp_path_factory.mktemp("runs")
    chance = random.Random(19)
    made = []
    for number in range(4):
        records = [sighting(r, chance.randint(1, 28), chance.choice([None, 1, 2, 3]))
                   for r in ARTICLES + BREAKING if chance.random() < 0.8]  # fmt: skip
        path = folder / f"run{number}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        made.append((path, records))
    return made


def reference(runs: list[tuple[Path, list[dict[str, Any]]]]) -> dict[str, dict[str, Any]]:
    """The dataset rules, plainly: the highest revision (none is 1), then the latest crawl, then
    the later input and line, per article id; the earliest sighting per breaking id."""
    best: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
    for index, (_, records) in enumerate(runs):
        for line, record in enumerate(records, start=1):
            if record["type"] == "breaking":
                rank: tuple[Any, ...] = (record["crawled_at"], index, line)  # lower wins
                kept = best.get(record["id"])
                if kept is None or rank < kept[0]:
                    best[record["id"]] = (rank, record)
            else:
                rank = (record.get("revision", 1), record["crawled_at"], index, line)
                kept = best.get(record["id"])
                if kept is None or rank > kept[0]:
                    best[record["id"]] = (rank, record)
    return {key: record for key, (_, record) in best.items()}


def test_the_spilled_merge_keeps_what_the_rules_keep(runs: list, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    manifest = export_dataset(out, [path for path, _ in runs])
    exported = {r["id"]: r for r in all_records(out, "articles") + all_records(out, "breaking")}
    assert exported == reference(runs)
    assert (
        manifest["counts"]["revisions_dropped"]
        == sum(r["type"] != "breaking" for _, records in runs for r in records)
        - manifest["counts"]["articles"]
    )
    assert verify_dataset(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]  # no spill store left


def test_a_progress_bar_when_asked(runs: list, tmp_path: Path, capsys: Any) -> None:
    export_dataset(tmp_path / "dataset", [path for path, _ in runs], progress=True)
    shown = capsys.readouterr().err
    assert "reading" in shown and "writing" in shown
    export_dataset(tmp_path / "again", [path for path, _ in runs])
    assert capsys.readouterr().err == ""


def test_gzip_and_plain_inputs_merge_alike(runs: list, tmp_path: Path) -> None:
    packed = []
    for path, _ in runs:
        target = tmp_path / f"{path.name}.gz"
        target.write_bytes(gzip.compress(path.read_bytes()))
        packed.append(target)
    first = export_dataset(tmp_path / "plain", [path for path, _ in runs])
    second = export_dataset(tmp_path / "packed", packed)
    assert first["files"] == second["files"] and first["counts"] == second["counts"]
