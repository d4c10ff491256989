"""Requests as JSON for the shared Redis queue: scrapy-redis's serializer interface (`dumps`,
`loads`), without pickle. Bytes (headers, body) travel as base64; everything else a request
carries here (URL, callback and errback names, meta of plain values) is JSON already. A request
whose meta is not JSON fails loudly when queued instead of being pickled."""

from __future__ import annotations

import base64
import json
from typing import Any

BYTES = "__bytes__"


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {str(k.decode("latin-1") if isinstance(k, bytes) else k): _plain(v)
                for k, v in value.items()}  # fmt: skip
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {BYTES}:
            return base64.b64decode(value[BYTES])
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


def dumps(request: dict[str, Any]) -> bytes:
    return json.dumps(_plain(request), separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> dict[str, Any]:
    loaded = json.loads(data)
    if not isinstance(loaded, dict):
        raise ValueError("a queued request must be a JSON object")
    return _restore(loaded)
