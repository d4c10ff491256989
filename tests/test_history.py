"""The run history (newscrawl/history.py): where it lives, atomic entries, pruning."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.history import History, history_beside, history_dir

START = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


def report(articles: int) -> dict:
    return {"articles": articles, "verdict": {"failed": False, "reasons": []}}


def test_a_history_is_named_after_the_file_not_its_folder(tmp_path: Path) -> None:
    assert history_beside(tmp_path / "en.jsonl") == tmp_path / "en.history"
    assert history_beside(tmp_path / "en.jsonl.gz") == tmp_path / "en.history"
    assert history_beside(tmp_path / "state.sqlite") == tmp_path / "state.history"
    # Two crawls writing into one folder keep separate histories.
    assert history_beside(tmp_path / "ar.jsonl") != history_beside(tmp_path / "es.jsonl")


def test_where_a_crawl_keeps_its_history() -> None:
    assert history_dir(Settings({"NEWSCRAWL_HISTORY_DIR": "/var/h"})) == Path("/var/h")
    incremental = {"NEWSCRAWL_INCREMENTAL": True, "NEWSCRAWL_STATE_PATH": "/v/en/state.sqlite"}
    assert history_dir(Settings(incremental)) == Path("/v/en/state.history")
    feeds = {"FEEDS": {"s3://bucket/x.jsonl": {}, "file:///data/en.jsonl": {}}}
    assert history_dir(Settings(feeds)) == Path("/data/en.history")
    assert history_dir(Settings({"FEEDS": {"s3://bucket/x.jsonl": {}}})) is None


def test_runs_come_back_oldest_first(tmp_path: Path) -> None:
    history = History(tmp_path / "x.history")
    assert history.runs() == []
    for n in range(3):
        history.add(report(n), now=START + timedelta(hours=n))
    assert [r["articles"] for r in history.runs()] == [0, 1, 2]
    assert len(list((tmp_path / "x.history").iterdir())) == 3


def test_a_run_killed_while_writing_leaves_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(tmp_path / "x.history")
    history.add(report(1), now=START)

    def killed(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        history.add(report(2), now=START + timedelta(hours=1))
    monkeypatch.undo()
    assert [p.name for p in (tmp_path / "x.history").iterdir()] == [history.entries()[0].name]
    assert [r["articles"] for r in history.runs()] == [1]


def test_what_a_kill_or_a_disk_leaves_never_breaks_the_next_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "x.history"
    history = History(folder)
    history.add(report(1), now=START)
    # A temporary file a SIGKILL left mid-write, a cut-off entry and a stranger's file.
    leftover = folder / ".run-abc123.tmp"
    leftover.write_text('{"articles": 3, "verd', encoding="utf-8")
    (folder / "run-20261101T070000.000000Z-99.json").write_text('{"articl', encoding="utf-8")
    (folder / "run-20261101T080000.000000Z-99.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="newscrawl.history"):
        assert [r["articles"] for r in history.runs()] == [1]
    assert "cannot be read" in caplog.text and "not a crawl report" in caplog.text
    history.add(report(2), now=START + timedelta(hours=3))
    assert [r["articles"] for r in history.runs()] == [1, 2]
    assert leftover.exists()  # it may be another run's, still writing
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    assert leftover in history.prune(START + timedelta(hours=3))
    assert not leftover.exists() and (folder / "notes.txt").exists()


def test_pruned_by_count_and_by_age(tmp_path: Path) -> None:
    history = History(tmp_path / "x.history", keep_runs=4, keep_days=2)
    for n in range(6):
        history.add(report(n), now=START + timedelta(hours=n))
    assert [r["articles"] for r in history.runs()] == [2, 3, 4, 5]
    # Three days later the four are older than two days: all go but the newest run.
    history.add(report(6), now=START + timedelta(days=3))
    assert [r["articles"] for r in history.runs()] == [6]
    entry = history.entries()[0]
    assert json.loads(entry.read_text(encoding="utf-8")) == report(6)


def test_pruning_settings() -> None:
    settings = Settings(
        {"NEWSCRAWL_HISTORY_DIR": "h", "NEWSCRAWL_HISTORY_KEEP_RUNS": "7",
         "NEWSCRAWL_HISTORY_KEEP_DAYS": "1.5"}
    )  # fmt: skip
    history = History.from_settings(settings)
    assert history is not None
    assert (history.folder, history.keep_runs, history.keep_days) == (Path("h"), 7, 1.5)
