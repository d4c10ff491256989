"""The published record schema and the one function that checks a record against it."""

from __future__ import annotations

import ast
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


# Keywords that hold only for values of one JSON type (any other value passes them).
_TYPED_KEYWORDS = frozenset(
    {"pattern", "minLength", "properties", "required", "additionalProperties"}
)


def _null_or(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with each `{"oneOf": [{"$ref": one-typed definition}, {"type": "null"}]}` in it
    made the one equivalent check `{…the definition, "type": [its type, "null"]}` (its other
    keywords hold only for values of its type, so null passes them): fastjsonschema tries
    each branch of a `oneOf` and raises an exception in the one that fails, five times an
    article."""
    if isinstance(node, list):
        return [_null_or(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    branches = node.get("oneOf")
    if isinstance(branches, list) and len(branches) == 2 and branches[1] == {"type": "null"}:
        target = defs.get(str(branches[0].get("$ref", "")).removeprefix("#/$defs/"))
        if (
            isinstance(target, dict)
            and isinstance(target.get("type"), str)
            and set(target) - {"type"} <= _TYPED_KEYWORDS
        ):
            return _null_or({**target, "type": [target["type"], "null"]}, defs)
    return {key: _null_or(value, defs) for key, value in node.items()}


def _inlined(node: Any, defs: dict[str, Any], within: tuple[str, ...] = ()) -> Any:
    """`node` with each reference `{"$ref": "#/$defs/name"}` in it replaced by the definition
    (a reference to a definition it is within is kept): fastjsonschema calls a function for a
    reference, building the value's name for its messages, on every value it checks."""
    if isinstance(node, list):
        return [_inlined(item, defs, within) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else ""
    if len(node) == 1 and ref != name and name in defs and name not in within:
        return _inlined(defs[name], defs, (*within, name))
    return {key: _inlined(value, defs, within) for key, value in node.items()}


@cache
def _fast_check(shape: str) -> Any:
    """The same schema compiled to Python code: about twenty times faster than jsonschema on
    valid records (whose only answer is that they pass)."""
    defs = load_schema()["$defs"]
    defs = _null_or(defs, defs)
    # The definitions stay beside for any reference left (one within its own definition).
    schema = {**_inlined({"$ref": f"#/$defs/{shape}"}, defs), "$defs": defs}
    code = fastjsonschema.compile_to_code(schema)
    namespace: dict[str, Any] = {}
    code = _hoist_key_sets(_ITEM_NAME.sub('(name_prefix or "data")', code), namespace)
    exec(compile(code, "<record schema>", "exec"), namespace)
    return namespace["validate"]


# fastjsonschema's code builds the set of an object's required keys from a list literal on
# every call (`set(['kind', 'text']) - data.keys()`): once per record, once per body block.
_KEY_SET = re.compile(r"\bset\((\[[^\[\]]*\])\)")


def _hoist_key_sets(code: str, namespace: dict[str, Any]) -> str:
    """`code` with each such set made once, as a frozenset in `namespace`."""
    names: dict[str, str] = {}

    def hoisted(match: re.Match[str]) -> str:
        literal = match.group(1)
        if literal not in names:
            names[literal] = name = f"_KEYS_{len(names)}"
            namespace[name] = frozenset(ast.literal_eval(literal))
        return names[literal]

    return _KEY_SET.sub(hoisted, code)


def shape_of(record: Any) -> str:
    """Which of the three documented shapes a record claims to be."""
    if isinstance(record, dict) and "error" in record:
        return "error"
    if isinstance(record, dict) and record.get("type") == "breaking":
        return "breaking"
    return "article"


@cache
def _block_rule() -> tuple[frozenset[str], frozenset[str]] | None:
    """The keys and the kinds of an article's body block, when the schema says what
    `_plain_blocks` checks (a list of objects of exactly a `kind` from a list and a non-empty
    `text`); None when it says anything else."""
    defs = load_schema()["$defs"]
    block = defs["block"]
    kinds = block.get("properties", {}).get("kind", {}).get("enum", [])
    known = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "text"],
        "properties": {"kind": {"enum": kinds}, "text": {"type": "string", "minLength": 1}},
    }
    body = {"type": "array", "items": {"$ref": "#/$defs/block"}}
    if block != known or defs["article"]["properties"].get("body") != body:
        return None
    return frozenset(known["required"]), frozenset(kinds)


def _plain_blocks(body: Any) -> bool:
    """Whether an article's body is valid by the block rule, in one loop: about a third of the
    compiled check's cost a block (a call, a set of the keys, each key looked up and removed).
    False answers nothing: the compiled check then reads the body itself."""
    rule = _block_rule()
    if rule is None or type(body) is not list:
        return False
    keys, kinds = rule
    for block in body:
        if type(block) is not dict or block.keys() != keys:
            return False
        kind, text = block["kind"], block["text"]
        if type(kind) is not str or kind not in kinds or type(text) is not str or not text:
            return False
    return True


def _passes(shape: str, record: dict[str, Any]) -> bool:
    """Whether the compiled check passes the record; an article's body of plain blocks is
    not read again by it (the record is checked with an empty body)."""
    if shape == "article" and _plain_blocks(record.get("body")):
        record = {**record, "body": []}
    try:
        _fast_check(shape)(record)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate_record(record: Any) -> list[str]:
    """Every reason the record breaks the schema, as `field: message` lines (empty when valid)."""
    if not isinstance(record, dict):
        return [f"(record): expected a JSON object, got {type(record).__name__}"]
    shape = shape_of(record)
    if _passes(shape, record):
        return []
    # invalid: let jsonschema name every reason
    reasons = []
    try:
        for error in _validator(shape).iter_errors(record):
            where = "/".join(str(part) for part in error.absolute_path) or "(record)"
            reasons.append(f"{where}: {error.message}")
    except RecursionError:  # the message would quote a value nested deeper than repr() goes
        return ["(record): nested too deeply to check"]
    return sorted(reasons)
