"""The published record schema and the one function that checks a record against it."""

from __future__ import annotations

import json
import re
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


# fastjsonschema's code names each array item it checks (`data.body[3]`) by formatting a string
# with `locals()` before checking it, valid or not: half its time on an article's blocks. Only
# whether a record passes is asked of it (jsonschema names the reasons), so the names go.
_ITEM_NAME = re.compile(r'\(name_prefix or "data"\) \+ "[^"]*"\.format\(\*\*locals\(\)\)')


@cache
def _fast_check(shape: str) -> Any:
    """The same schema compiled to Python code: about twenty times faster than jsonschema on
    valid records (whose only answer is that they pass)."""
    schema = load_schema()
    code = fastjsonschema.compile_to_code({"$ref": f"#/$defs/{shape}", "$defs": schema["$defs"]})
    namespace: dict[str, Any] = {}
    exec(compile(_ITEM_NAME.sub("name_prefix", code), "<record schema>", "exec"), namespace)
    return namespace["validate"]


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
