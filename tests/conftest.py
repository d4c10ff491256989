"""Pytest fixtures shared by the test modules (helpers are in tests/helpers.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import ARABIC_METADATA


@pytest.fixture(scope="session")
def arabic_metadata() -> list[dict[str, Any]]:
    lines = ARABIC_METADATA.read_text(encoding="utf-8").splitlines()
    return [json.loads(json.loads(line)["script_text"]) for line in lines]
