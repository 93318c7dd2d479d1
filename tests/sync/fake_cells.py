"""Cell values, A1 ranges and field masks as the Google Sheets API has them (for the fake).

Cells are `CellData` dicts: `userEnteredValue` (`stringValue` / `numberValue` /
`boolValue` / `formulaValue`) and `userEnteredFormat`. `render` gives a cell as the
values API returns it for `valueRenderOption` / `dateTimeRenderOption`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

__all__ = [
    "EPOCH",
    "ApiError",
    "Box",
    "Formula",
    "cell_from_python",
    "cell_from_raw",
    "cell_from_user_entered",
    "column_letters",
    "merge_cell",
    "merge_fields",
    "new_fields",
    "parse_cells",
    "parse_field_mask",
    "quote_title",
    "render",
    "select_fields",
    "serial_from_date",
    "split_range",
]

EPOCH = date(1899, 12, 30)  # Google's (and Excel's post-1900-03-01) day zero


class ApiError(Exception):
    """An error the fake answers with Google's envelope `{"error": {code, message, status}}`."""

    STATUS: ClassVar[dict[int, str]] = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
    }

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def envelope(self) -> dict[str, Any]:
        status = self.STATUS.get(self.code, "UNKNOWN")
        return {"error": {"code": self.code, "message": self.message, "status": status}}


@dataclass(frozen=True)
class Formula:
    """A seeded formula cell (`=SUM(A1:A3)`); the fake does not evaluate it."""

    text: str


def serial_from_date(day: date) -> int:
    return (day - EPOCH).days


def cell_from_python(value: object) -> dict[str, Any]:
    """Seed helper: a Python value as the CellData Google would store for it."""
    if isinstance(value, Formula):
        return {"userEnteredValue": {"formulaValue": value.text}}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, date):
        return {
            "userEnteredValue": {"numberValue": serial_from_date(value)},
            "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}},
        }
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def cell_from_user_entered(value: object) -> dict[str, Any]:
    """`valueInputOption=USER_ENTERED`: text is parsed as if typed into the UI."""
    if not isinstance(value, str):
        return cell_from_python(value)
    if value.startswith("'"):
        return {"userEnteredValue": {"stringValue": value[1:]}}
    if value.startswith("="):
        return {"userEnteredValue": {"formulaValue": value}}
    if value.upper() in ("TRUE", "FALSE"):
        return {"userEnteredValue": {"boolValue": value.upper() == "TRUE"}}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return cell_from_python(date.fromisoformat(value))
    if re.fullmatch(r"-?\d+(\.\d+)?%", value):
        return {
            "userEnteredValue": {"numberValue": float(value[:-1]) / 100},
            "userEnteredFormat": {"numberFormat": {"type": "PERCENT", "pattern": "0%"}},
        }
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return {"userEnteredValue": {"stringValue": value}} if value else {}
    return {"userEnteredValue": {"numberValue": int(number) if number.is_integer() else number}}


def cell_from_raw(value: object) -> dict[str, Any]:
    """`valueInputOption=RAW`: stored exactly as sent, text stays text."""
    if value is None or value == "":
        return {}
    if isinstance(value, bool | int | float):
        return cell_from_python(value)
    return {"userEnteredValue": {"stringValue": str(value)}}


# --- A1 ranges -----------------------------------------------------------------------------

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def quote_title(title: str) -> str:
    looks_like_cell = re.fullmatch(r"[A-Za-z]{1,3}\d+", title) is not None
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not looks_like_cell:
        return title
    return "'" + title.replace("'", "''") + "'"


def split_range(text: str) -> tuple[str, str]:
    """`'My Sheet'!A1:B2` → (`My Sheet`, `A1:B2`)."""
    if text.startswith("'"):
        match = re.match(r"^'((?:[^']|'')*)'(?:!(.*))?$", text)
        if not match:
            raise ApiError(400, f"Unable to parse range: {text}")
        return match.group(1).replace("''", "'"), match.group(2) or ""
    title, _, cells = text.partition("!")
    return title, cells


@dataclass
class Box:
    """A zero-based half-open box of cells inside one sheet."""

    row0: int
    col0: int
    row1: int
    col1: int


def parse_cells(cells: str, rows: int, cols: int, text: str) -> Box:
    if not cells:
        return Box(0, 0, rows, cols)
    first, _, last = cells.partition(":")
    last = last or first
    m1, m2 = _CELL.match(first), _CELL.match(last)
    if not m1 or not m2 or not (first and last):
        raise ApiError(400, f"Unable to parse range: {text}")
    c0 = _column_number(m1.group(1)) - 1 if m1.group(1) else 0
    r0 = int(m1.group(2)) - 1 if m1.group(2) else 0
    c1 = _column_number(m2.group(1)) if m2.group(1) else cols
    r1 = int(m2.group(2)) if m2.group(2) else rows
    return Box(r0, c0, min(r1, rows), min(c1, cols))


# --- sheets and spreadsheets ---------------------------------------------------------------


def parse_field_mask(mask: str) -> list[str]:
    """`userEnteredValue,userEnteredFormat(numberFormat,textFormat)` → dotted paths."""
    paths: list[str] = []
    depth, start, prefix_stack = 0, 0, [""]
    token = ""
    for char in mask + ",":
        if char == "(":
            prefix_stack.append(prefix_stack[-1] + token.strip() + ".")
            token = ""
            depth += 1
        elif char == ")":
            if token.strip():
                paths.append(prefix_stack[-1] + token.strip())
            token = ""
            prefix_stack.pop()
            depth -= 1
        elif char == ",":
            if token.strip():
                paths.append(prefix_stack[-1] + token.strip())
            token = ""
        else:
            token += char
    del start
    if depth:
        raise ApiError(400, f"Invalid field mask: {mask}")
    return paths


def select_fields(data: Any, paths: list[str]) -> Any:
    """Google's partial response: keep only the `fields` paths (lists apply to each item)."""
    if isinstance(data, list):
        return [select_fields(item, paths) for item in data]
    if not isinstance(data, dict):
        return data
    tree: dict[str, list[str]] = {}
    for path in paths:
        head, _, rest = path.partition(".")
        tree.setdefault(head, []).append(rest)
    if "*" in tree:
        return data
    chosen: dict[str, Any] = {}
    for head, rests in tree.items():
        if head in data:
            whole = any(rest == "" for rest in rests)
            chosen[head] = data[head] if whole else select_fields(data[head], rests)
    return chosen


def _get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _set_path(data: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    """Set the field `parts` in `data`, copying each dict on the way (stored dicts are
    shared between cells and never changed in place); a None value removes the field,
    and any dict left empty by it."""
    trail = [data]
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        child = dict(child) if isinstance(child, dict) else {}
        node[part] = child
        node = child
        trail.append(node)
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    for depth in range(len(parts) - 1, 0, -1):
        if not trail[depth]:
            del trail[depth - 1][parts[depth - 1]]


def merge_cell(old: dict[str, Any], new: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`old` with the `fields` of `new` (a field `new` lacks is cleared), as a new dict.

    Values are shared, not copied: the fake never changes a stored dict in place.
    """
    return merge_fields(old, new_fields(new, fields))


def new_fields(new: dict[str, Any], fields: list[str]) -> list[tuple[tuple[str, ...], Any]]:
    """The `fields` of `new` as (path, value) pairs, worked out once for many cells."""
    if fields == ["*"]:
        return [(("*",), copy.deepcopy(new))]
    return [(tuple(path.split(".")), _get_path(new, path)) for path in fields]


def merge_fields(old: dict[str, Any], fields: list[tuple[tuple[str, ...], Any]]) -> dict[str, Any]:
    """`old` with `new_fields(...)` applied, as a new dict."""
    if fields and fields[0][0] == ("*",):
        return dict(fields[0][1])
    merged = dict(old)
    for parts, value in fields:
        if len(parts) == 1:
            if value is None or value == {}:
                merged.pop(parts[0], None)
            else:
                merged[parts[0]] = value
        else:
            _set_path(merged, parts, value)
    for key in [k for k, v in merged.items() if v == {}]:
        del merged[key]
    return merged


def render(cell: dict[str, Any] | None, value_render: str, date_render: str) -> Any:
    """One cell as the values API returns it for the render options."""
    if not cell or "userEnteredValue" not in cell:
        return ""
    value = cell["userEnteredValue"]
    number_format = cell.get("userEnteredFormat", {}).get("numberFormat", {})
    if "formulaValue" in value:
        # The fake does not evaluate formulas: they show Google's error for a failed import.
        return value["formulaValue"] if value_render == "FORMULA" else "#N/A"
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        flag = value["boolValue"]
        return ("TRUE" if flag else "FALSE") if value_render == "FORMATTED_VALUE" else flag
    number = value.get("numberValue", 0)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    is_date = number_format.get("type") in ("DATE", "DATE_TIME")
    if is_date and (value_render == "FORMATTED_VALUE" or date_render == "FORMATTED_STRING"):
        day = EPOCH + timedelta(days=int(number))
        pattern = number_format.get("pattern", "")
        return (
            day.isoformat()
            if pattern.startswith("yyyy-mm-dd")
            else f"{day.month}/{day.day}/{day.year}"
        )
    if value_render == "FORMATTED_VALUE":
        if number_format.get("type") == "PERCENT":  # as Google shows it: 3 as 300%
            # text in quotes is shown as it is (`"≥ "0.0%`: ≥ 300.0%)
            parts = re.split(r'"([^"]*)"', number_format.get("pattern", "0%"))
            shown = []
            for index, part in enumerate(parts):
                if index % 2 or not part:
                    shown.append(part)
                    continue
                decimals = len(part.split(".", 1)[1].rstrip("%")) if "." in part else 0
                shown.append(f"{number * 100:.{decimals}f}%")
            return "".join(shown)
        return str(number)
    return number
