"""Row and column groups (the +/- outline controls) for the fake Sheets API.

Google documents its groups by what adding and deleting do to depths, and every rule it
states follows from one model, kept here: each row (or column) has a depth, the number of
groups holding it; adding a group adds one to the depth of its range, deleting one takes
one away; and the groups are the longest runs of rows at each depth or deeper. So
`[C:D]` inside `[B:E]` is a group of depth 2 inside one of depth 1, a range overlapping a
group widens it and nests the overlap, and deleting `D:E` from them leaves `B:D` and
`C:C`. Two groups that touch at the same depth are one group.

`updateDimensionGroup` names a group that exists by its range and depth; collapsing it
hides its rows and expanding it shows them. Deleting a group shows nothing again: the
rows stay as they were (hidden rows are shown by `updateDimensionProperties` with
`hiddenByUser`). Groups are returned by `spreadsheets.get` as `rowGroups` /
`columnGroups`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.sync.fake_cells import ApiError, parse_field_mask
from tests.sync.fake_metadata import Handler

if TYPE_CHECKING:
    from tests.sync.fake_sheets import FakeSpreadsheet
    from tests.sync.fake_tab import FakeSheet

__all__ = ["GROUP_HANDLERS", "MAX_DEPTH", "dimension_groups", "trim_groups"]

MAX_DEPTH = 8
"""Google nests groups at most eight deep."""
_DIMENSIONS = ("ROWS", "COLUMNS")

Group = tuple[int, int, int]  # start, end (exclusive), depth


def dimension_groups(sheet: FakeSheet, dimension: str) -> list[Group]:
    """The groups of a dimension: the longest runs at each depth, by start then depth."""
    depths = sheet.group_depths[dimension]
    groups: list[Group] = []
    for depth in range(1, max(depths.values(), default=0) + 1):
        start: int | None = None
        for index in range(min(depths, default=0), max(depths, default=-1) + 2):
            if depths.get(index, 0) >= depth:
                if start is None:
                    start = index
            elif start is not None:
                groups.append((start, index, depth))
                start = None
    return sorted(groups)


def group_resource(sheet: FakeSheet, dimension: str) -> list[dict[str, Any]]:
    """The groups as `spreadsheets.get` returns them (`collapsed` only when true)."""
    found = []
    for start, end, depth in dimension_groups(sheet, dimension):
        group: dict[str, Any] = {
            "range": {
                "sheetId": sheet.sheet_id,
                "dimension": dimension,
                "startIndex": start,
                "endIndex": end,
            },
            "depth": depth,
        }
        if (start, end, depth) in sheet.collapsed_groups[dimension]:
            group["collapsed"] = True
        found.append(group)
    return found


def trim_groups(sheet: FakeSheet) -> None:
    """After a resize: depths, hidden rows and collapsed groups beyond the grid go."""
    for dimension, limit in (("ROWS", sheet.row_count), ("COLUMNS", sheet.column_count)):
        depths = sheet.group_depths[dimension]
        for index in [i for i in depths if i >= limit]:
            del depths[index]
        sheet.hidden_indices[dimension] = {i for i in sheet.hidden_indices[dimension] if i < limit}
        _keep_collapsed(sheet, dimension)


def _keep_collapsed(sheet: FakeSheet, dimension: str) -> None:
    """A group keeps its collapsed state only while it exists unchanged."""
    existing = set(dimension_groups(sheet, dimension))
    sheet.collapsed_groups[dimension] &= existing


def _span(
    book: FakeSpreadsheet, body: dict[str, Any], where: str, key: str = "range"
) -> tuple[FakeSheet, str, int, int]:
    span = body.get(key)
    if not isinstance(span, dict):
        raise ApiError(400, f"Invalid {where}: {key} is required")
    sheet = book.sheet_by_id(span.get("sheetId", 0), where)
    dimension = span.get("dimension", "DIMENSION_UNSPECIFIED")
    if dimension not in _DIMENSIONS:
        raise ApiError(400, f"Invalid {where}: dimension must be ROWS or COLUMNS")
    limit = sheet.row_count if dimension == "ROWS" else sheet.column_count
    start, end = span.get("startIndex", 0), span.get("endIndex", limit)
    if not 0 <= start < end <= limit:
        raise ApiError(
            400, f"Invalid {where}: range {start}:{end} is empty or exceeds grid limits ({limit})"
        )
    return sheet, dimension, start, end


def _reply(kind: str, sheet: FakeSheet, dimension: str) -> dict[str, Any]:
    return {kind: {"dimensionGroups": group_resource(sheet, dimension)}}


def add_dimension_group(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    sheet, dimension, start, end = _span(book, body, where)
    depths = sheet.group_depths[dimension]
    if any(depths.get(index, 0) >= MAX_DEPTH for index in range(start, end)):
        raise ApiError(400, f"Invalid {where}: groups can be nested at most {MAX_DEPTH} deep")
    for index in range(start, end):
        depths[index] = depths.get(index, 0) + 1
    _keep_collapsed(sheet, dimension)
    return _reply("addDimensionGroup", sheet, dimension)


def delete_dimension_group(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    sheet, dimension, start, end = _span(book, body, where)
    depths = sheet.group_depths[dimension]
    if any(depths.get(index, 0) == 0 for index in range(start, end)):
        raise ApiError(400, f"Invalid {where}: no group covers the whole range {start}:{end}")
    for index in range(start, end):
        depths[index] -= 1
        if not depths[index]:
            del depths[index]
    _keep_collapsed(sheet, dimension)
    return _reply("deleteDimensionGroup", sheet, dimension)


def update_dimension_group(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    if not body.get("fields"):
        raise ApiError(400, f"Invalid {where}: At least one field must be specified.")
    fields = parse_field_mask(body["fields"])
    if any(path not in ("*", "collapsed") for path in fields):
        raise ApiError(400, f"Invalid {where}: only collapsed can be updated ({body['fields']})")
    group = body.get("dimensionGroup", {})
    sheet, dimension, start, end = _span(book, group, where)
    depth = group.get("depth", 0)
    if (start, end, depth) not in dimension_groups(sheet, dimension):
        raise ApiError(
            400, f"Invalid {where}: no group of depth {depth} over {dimension} {start}:{end}"
        )
    collapsed = bool(group.get("collapsed", False))
    if collapsed:
        sheet.collapsed_groups[dimension].add((start, end, depth))
        sheet.hidden_indices[dimension].update(range(start, end))
    else:
        sheet.collapsed_groups[dimension].discard((start, end, depth))
        sheet.hidden_indices[dimension].difference_update(range(start, end))
    return {}


GROUP_HANDLERS: dict[str, Handler] = {
    "addDimensionGroup": add_dimension_group,
    "deleteDimensionGroup": delete_dimension_group,
    "updateDimensionGroup": update_dimension_group,
}
"""The requests this module answers, by their name in `Request`."""
