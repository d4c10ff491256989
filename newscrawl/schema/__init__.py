"""The published record schema and the one function that checks a record against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

SCHEMA_FILE = "record.schema.json"


@cache
def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(shape: str) -> Draft202012Validator:
    schema = load_schema()
    sub = {"$ref": f"#/$defs/{shape}", "$defs": schema["$defs"]}
    return Draft202012Validator(sub, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_check(shape: str) -> Any:
    """The same schema compiled to Python code: about ten times faster on valid records."""
    schema = load_schema()
    return fastjsonschema.compile({"$ref": f"#/$defs/{shape}", "$defs": schema["$defs"]})


def shape_of(record: Any) -> str:
    """Which of the three documented shapes a record claims to be."""
    if isinstance(record, dict) and "error" in record:
        return "error"
    if isinstance(record, dict) and record.get("type") == "breaking":
        return "breaking"
    return "article"


def validate_record(record: Any) -> list[str]:
    """Every reason the record breaks the schema, as `field: message` lines (empty when valid)."""
    if not isinstance(record, dict):
        return [f"(record): expected a JSON object, got {type(record).__name__}"]
    shape = shape_of(record)
    try:
        _fast_check(shape)(record)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: let jsonschema name every reason
    reasons = []
    try:
        for error in _validator(shape).iter_errors(record):
            where = "/".join(str(part) for part in error.absolute_path) or "(record)"
            reasons.append(f"{where}: {error.message}")
    except RecursionError:  # the message would quote a value nested deeper than repr() goes
        return ["(record): nested too deeply to check"]
    return sorted(reasons)
