from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
ARABIC_METADATA = FIXTURES / "data" / "almayadeen-ar-tawsiyat-2024-05.jsonl"


def fixture_cases() -> list[Path]:
    return sorted(p.parent for p in PAGES.glob("*/info.json"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file; none when the file does not exist (yet)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def arabic_metadata() -> list[dict[str, Any]]:
    lines = ARABIC_METADATA.read_text(encoding="utf-8").splitlines()
    return [json.loads(json.loads(line)["script_text"]) for line in lines]
