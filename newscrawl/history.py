"""The run history of a crawl: every run's report, kept as one JSON file per run.

Where: `NEWSCRAWL_HISTORY_DIR`; `newscrawl crawl -o x.jsonl` sets it to `x.history/` beside the
export (or, for an incremental crawl, `<state>.history/` beside its state file); `scrapy crawl
-O x.jsonl` gets `x.history/` beside its first local feed. Named after the file, not its
folder, so two crawls writing into one folder keep separate histories.

Each entry is `run-<UTC time>-<pid>.json`, written to a temporary file in the same folder and
renamed into place: a killed run leaves at most a `.run-*.tmp` file, which readers ignore and
pruning removes. An entry that cannot be read is skipped with a warning, never a crash.
Pruned after each run: entries older than `NEWSCRAWL_HISTORY_KEEP_DAYS` (90) and beyond the
newest `NEWSCRAWL_HISTORY_KEEP_RUNS` (500).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newscrawl.sidefiles import first_local_feed, side_file

logger = logging.getLogger(__name__)

ENTRY = re.compile(r"^run-(\d{8}T\d{6}\.\d{6}Z)-\d+\.json$")
TEMPORARY = ".run-"
STALE_TEMPORARY_SECONDS = 3600
KEEP_RUNS = 500
KEEP_DAYS = 90.0


def history_beside(path: Path) -> Path:
    """The history folder of the crawl that writes `path` (its export or its state file):
    `x.history` beside `x.jsonl`, `x.jsonl.gz` or `x.sqlite` (newscrawl/sidefiles.py)."""
    return side_file(path, "history")


def history_dir(settings: Any) -> Path | None:
    """Where this crawl keeps its history: the setting, else beside the state of an
    incremental crawl, else beside the first local feed; None when there is no such file."""
    explicit = settings.get("NEWSCRAWL_HISTORY_DIR")
    if explicit:
        return Path(explicit)
    state = settings.get("NEWSCRAWL_STATE_PATH")
    if settings.getbool("NEWSCRAWL_INCREMENTAL") and state:
        return history_beside(Path(state))
    feed = first_local_feed(settings)
    return history_beside(feed) if feed is not None else None


def entry_time(path: Path) -> datetime | None:
    match = ENTRY.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)


class History:
    def __init__(self, folder: Path, keep_runs: int = KEEP_RUNS, keep_days: float = KEEP_DAYS):
        self.folder = Path(folder)
        self.keep_runs = keep_runs
        self.keep_days = keep_days

    @classmethod
    def from_settings(cls, settings: Any) -> History | None:
        folder = history_dir(settings)
        if folder is None:
            return None
        return cls(
            folder,
            settings.getint("NEWSCRAWL_HISTORY_KEEP_RUNS", KEEP_RUNS),
            settings.getfloat("NEWSCRAWL_HISTORY_KEEP_DAYS", KEEP_DAYS),
        )

    def entries(self) -> list[Path]:
        """Entry files, oldest first."""
        try:
            return sorted(p for p in self.folder.iterdir() if ENTRY.match(p.name))
        except FileNotFoundError:
            return []
        except OSError as exc:
            logger.warning("history: cannot read %s: %s", self.folder, exc)
            return []

    def runs(self) -> list[dict[str, Any]]:
        """Every readable run report, oldest first."""
        runs = []
        for path in self.entries():
            try:
                report = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                logger.warning("history: skipping %s, which cannot be read: %s", path, exc)
                continue
            if isinstance(report, dict) and isinstance(report.get("articles"), int):
                runs.append(report)
            else:
                logger.warning("history: skipping %s, which is not a crawl report", path)
        return runs

    def add(self, report: dict[str, Any], now: datetime | None = None) -> Path:
        """Keep `report` as the newest run (atomically), then prune. Its path."""
        now = now or datetime.now(UTC)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"run-{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{os.getpid()}.json"
        text = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
        handle, temporary = tempfile.mkstemp(prefix=TEMPORARY, suffix=".tmp", dir=self.folder)
        try:
            os.chmod(temporary, 0o644)  # readable like the report beside it, not mkstemp's 0600
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.prune(now)
        return path

    def prune(self, now: datetime | None = None) -> list[Path]:
        """Remove entries beyond the newest `keep_runs` or older than `keep_days`, and
        temporary files a killed run left. What was removed."""
        now = now or datetime.now(UTC)
        entries = self.entries()
        oldest = now - timedelta(days=self.keep_days)
        doomed = entries[: max(len(entries) - max(self.keep_runs, 1), 0)]
        doomed += [p for p in entries[len(doomed) : -1] if (entry_time(p) or now) < oldest]
        for path in self.folder.glob(f"{TEMPORARY}*.tmp"):
            try:
                if time.time() - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    doomed.append(path)
            except OSError:
                continue
        for path in doomed:
            path.unlink(missing_ok=True)
        return doomed
