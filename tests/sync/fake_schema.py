"""Request bodies and field masks checked against the Sheets v4 discovery document.

The fake Google refuses what Google refuses: a field the API does not have (`Unknown
name "colour" at 'requests[0].repeat_cell.cell.user_entered_format'`), an enum value it
does not know, a value of the wrong JSON type, a field mask naming a field that does not
exist. The schema is the discovery document google-api-python-client ships
(`discovery_cache/documents/sheets.v4.json`), so the field names are Google's own.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from tests.sync.fake_cells import ApiError

__all__ = ["check_body", "check_field_mask", "schemas"]

_PROTO_TYPES = {"int32": "TYPE_INT32", "int64": "TYPE_INT64", "double": "TYPE_DOUBLE"}
_SCHEMAS: dict[str, Any] = {}


@cache
def schemas() -> dict[str, Any]:
    """The `schemas` of the Sheets v4 discovery document."""
    text = files("googleapiclient").joinpath("discovery_cache/documents/sheets.v4.json")
    document: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    _SCHEMAS.update(document["schemas"])
    return dict(document["schemas"])


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _where(path: list[str]) -> str:
    """Google names fields in snake case in its messages: `requests[0].repeat_cell`."""
    return ".".join(_snake(part) for part in path)


def check_body(body: Any, schema: str) -> None:
    """Raise `ApiError(400)` with Google's wording for the first thing Google would refuse."""
    _check_object(body, schemas()[schema], [])


def _check_object(value: Any, schema: dict[str, Any], path: list[str]) -> None:
    # `path` is one list, pushed and popped on the way down (bodies hold ~10^5 fields).
    if not isinstance(value, dict):
        raise ApiError(
            400,
            f"Invalid value at '{_where(path)}' ({schema.get('id', 'object')}), "
            f"{json.dumps(value)}",
        )
    properties = schema.get("properties", {})
    for name, item in value.items():
        spec = properties.get(name)
        if spec is None:
            at = f" at '{_where(path)}'" if path else ""
            raise ApiError(
                400,
                f'Invalid JSON payload received. Unknown name "{name}"{at}: Cannot find field.',
            )
        path.append(name)
        _check_value(item, spec, path)
        path.pop()


def _check_value(value: Any, spec: dict[str, Any], path: list[str]) -> None:
    ref = spec.get("$ref")
    if ref is not None:
        _check_object(value, _SCHEMAS[ref] if _SCHEMAS else schemas()[ref], path)
        return
    kind = spec.get("type")
    if kind == "array":
        if not isinstance(value, list):
            raise ApiError(400, f"{_bad(path)}, {json.dumps(value)}: Proto field is repeated")
        name = path[-1]
        for index, item in enumerate(value):
            path[-1] = f"{name}[{index}]"
            _check_value(item, spec.get("items", {}), path)
        path[-1] = name
    elif kind == "object":
        if not isinstance(value, dict):
            raise ApiError(400, f"{_bad(path)} (object), {json.dumps(value)}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise ApiError(400, f"{_bad(path)} (TYPE_BOOL), {json.dumps(value)}")
    elif kind == "integer":
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole and not (isinstance(value, str) and re.fullmatch(r"-?\d+", value)):
            proto = _PROTO_TYPES.get(spec.get("format", ""), "TYPE_INT32")
            raise ApiError(400, f"{_bad(path)} ({proto}), {json.dumps(value)}")
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            proto = _PROTO_TYPES.get(spec.get("format", ""), "TYPE_DOUBLE")
            raise ApiError(400, f"{_bad(path)} ({proto}), {json.dumps(value)}")
    elif kind == "string":
        if not isinstance(value, str):
            raise ApiError(400, f"{_bad(path)} (TYPE_STRING), {json.dumps(value)}")
        if "enum" in spec and value not in spec["enum"]:
            raise ApiError(
                400,
                f"{_bad(path)} (type.googleapis.com/google.apps.sheets.v4), {json.dumps(value)}",
            )


def _bad(path: list[str]) -> str:
    return f"Invalid value at '{_where(path)}'"


def check_field_mask(mask: str, schema: str) -> None:
    """A `fields` mask (`sheets(properties(title),charts)`) names only real fields."""
    _check_mask_paths(_paths(mask), schemas()[schema], mask)


def _paths(mask: str) -> list[list[str]]:
    paths: list[list[str]] = []
    stack: list[list[str]] = [[]]
    token = ""
    for char in mask + ",":
        if char == "(":
            stack.append([*stack[-1], token.strip()])
            token = ""
        elif char in "),":
            if token.strip():
                paths.append([*stack[-1], token.strip()])
            token = ""
            if char == ")":
                stack.pop()
        else:
            token += char
    return paths


def _check_mask_paths(paths: list[list[str]], root: dict[str, Any], mask: str) -> None:
    for path in paths:
        schema: dict[str, Any] | None = root
        for part in path:
            if part == "*" or schema is None:
                break
            spec = schema.get("properties", {}).get(part)
            if spec is None:
                raise ApiError(400, f"Request contains an invalid argument. (fields: {mask})")
            spec = spec.get("items", spec) if spec.get("type") == "array" else spec
            schema = schemas()[spec["$ref"]] if "$ref" in spec else None
