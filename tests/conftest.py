"""Pytest fixtures shared by the test modules (helpers are in tests/helpers.py)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from testkit.processes import RedisServer
from tests.helpers import ARABIC_METADATA

# Property tests have no wall-clock deadline (a loaded machine is not a failure; hangs are caught
# by CPU budgets where they matter). HYPOTHESIS_PROFILE=thorough tries 50 times more examples.
settings.register_profile("newscrawl", deadline=None)
settings.register_profile("thorough", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "newscrawl"))


@pytest.fixture(scope="session")
def arabic_metadata() -> list[dict[str, Any]]:
    lines = ARABIC_METADATA.read_text(encoding="utf-8").splitlines()
    return [json.loads(json.loads(line)["script_text"]) for line in lines]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server of the tests' own on 127.0.0.1 (nothing kept on disk)."""
    pytest.importorskip("redis")
    if shutil.which("redis-server") is None:
        # CI (.ci/run) installs redis-server and requires these tests; elsewhere they wait for it.
        if os.environ.get("NEWSCRAWL_REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed: apt-get install redis-server")
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server
