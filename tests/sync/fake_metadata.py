"""batchUpdate requests on banding and developer metadata, for the fake Sheets API.

Handlers take the spreadsheet being changed (a trial copy: the batch is atomic), the
request's body and where it is (`requests[3].addBanding`) for Google's error wording.
Banded ranges may not overlap; metadata ids are unique; an update or delete names
metadata that exists (found by a `developerMetadataLookup`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tests.sync.fake_cells import (
    ApiError,
    column_letters,
    merge_cell,
    parse_field_mask,
    quote_title,
)

if TYPE_CHECKING:
    from tests.sync.fake_sheets import FakeSheet, FakeSpreadsheet

__all__ = ["METADATA_HANDLERS", "Handler", "grid_box", "overlaps"]

Handler = Callable[["FakeSpreadsheet", dict[str, Any], str], dict[str, Any]]


def grid_box(sheet: FakeSheet, grid: dict[str, Any], where: str) -> tuple[int, int, int, int]:
    """A GridRange as (row0, row1, col0, col1), half-open; refused off the grid."""
    r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
    r1 = grid.get("endRowIndex", sheet.row_count)
    c1 = grid.get("endColumnIndex", sheet.column_count)
    if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
        raise ApiError(400, f"Invalid {where}: invalid range {grid}")
    if r1 > sheet.row_count or c1 > sheet.column_count:
        a1 = f"{column_letters(c0 + 1)}{r0 + 1}:{column_letters(c1)}{r1}"
        raise ApiError(
            400,
            f"Invalid {where}: Range ({quote_title(sheet.title)}!{a1}) exceeds grid limits. "
            f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return r0, r1, c0, c1


def overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


# --- banding -----------------------------------------------------------------------------------


def add_banding(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    banded = copy.deepcopy(body.get("bandedRange", {}))
    grid = banded.get("range")
    if grid is None:
        raise ApiError(400, f"Invalid {where}: bandedRange.range is required")
    if "rowProperties" not in banded and "columnProperties" not in banded:
        raise ApiError(400, f"Invalid {where}: rowProperties or columnProperties is required")
    sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
    box = grid_box(sheet, grid, where)
    for other in sheet.banded_ranges:
        if overlaps(box, grid_box(sheet, other["range"], where)):
            raise ApiError(
                400,
                f"Invalid {where}: You cannot add alternating colors to a range that already "
                "has alternating colors.",
            )
    taken = {b.get("bandedRangeId") for s in book.sheets for b in s.banded_ranges}
    banded_id = banded.get("bandedRangeId")
    if banded_id is None:
        banded_id = max((b for b in taken if isinstance(b, int)), default=500) + 1
    elif banded_id in taken:
        raise ApiError(400, f"Invalid {where}: Banded range with id {banded_id} already exists.")
    banded["bandedRangeId"] = banded_id
    sheet.banded_ranges.append(banded)
    return {"addBanding": {"bandedRange": copy.deepcopy(banded)}}


def delete_banding(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    banded_id = body.get("bandedRangeId")
    for sheet in book.sheets:
        for banded in sheet.banded_ranges:
            if banded.get("bandedRangeId") == banded_id:
                sheet.banded_ranges.remove(banded)
                return {}
    raise ApiError(400, f"Invalid {where}: No banded range with id: {banded_id}")


# --- developer metadata --------------------------------------------------------------------


def _all_metadata(book: FakeSpreadsheet) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any]]]:
    for item in book.developer_metadata:
        yield book.developer_metadata, item
    for sheet in book.sheets:
        for item in sheet.developer_metadata:
            yield sheet.developer_metadata, item


def create_developer_metadata(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    item = copy.deepcopy(body.get("developerMetadata", {}))
    if not item.get("metadataKey"):
        raise ApiError(400, f"Invalid {where}: metadataKey is required")
    if "visibility" not in item:
        raise ApiError(400, f"Invalid {where}: Developer metadata visibility must be specified")
    location = item.get("location", {})
    if location.get("dimensionRange") is not None or "locationType" in location:
        raise ApiError(400, f"Invalid {where}: the fake keeps metadata on sheets and files only")
    if location.get("spreadsheet"):
        target = book.developer_metadata
        item["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
    elif "sheetId" in location:
        target = book.sheet_by_id(location["sheetId"], where).developer_metadata
        item["location"] = {"locationType": "SHEET", "sheetId": location["sheetId"]}
    else:
        raise ApiError(400, f"Invalid {where}: developerMetadata.location is required")
    taken = {found.get("metadataId") for _, found in _all_metadata(book)}
    metadata_id = item.get("metadataId")
    if metadata_id is None:
        metadata_id = max((m for m in taken if isinstance(m, int)), default=7000) + 1
    elif metadata_id in taken:
        raise ApiError(
            400, f"Invalid {where}: Developer metadata with id {metadata_id} already exists."
        )
    item["metadataId"] = metadata_id
    target.append(item)
    return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(item)}}


def _matches(item: dict[str, Any], lookup: dict[str, Any]) -> bool:
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if key in lookup and item.get(key) != lookup[key]:
            return False
    location = lookup.get("metadataLocation")
    if location is not None:
        found = item.get("location", {})
        if location.get("spreadsheet") and found.get("locationType") != "SPREADSHEET":
            return False
        if "sheetId" in location and found.get("sheetId") != location["sheetId"]:
            return False
    return (
        "locationType" not in lookup or item["location"]["locationType"] == lookup["locationType"]
    )


def _lookup(data_filter: dict[str, Any], where: str) -> dict[str, Any]:
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is None:
        raise ApiError(400, f"Invalid {where}: the fake finds metadata by developerMetadataLookup")
    return dict(lookup)


def update_developer_metadata(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    if not body.get("fields"):
        raise ApiError(400, f"Invalid {where}: fields is required")
    lookups = [_lookup(f, where) for f in body.get("dataFilters", [])]
    found = [item for _, item in _all_metadata(book) if any(_matches(item, x) for x in lookups)]
    if not found:
        raise ApiError(400, f"Invalid {where}: No developer metadata matches the data filters")
    fields = parse_field_mask(body["fields"])
    if any(path.split(".")[0] in ("metadataId", "location") for path in fields):
        raise ApiError(400, f"Invalid {where}: the fake updates keys, values and visibility only")
    replies = []
    for item in found:
        merged = merge_cell(item, body.get("developerMetadata", {}), fields)
        item.clear()
        item.update(merged)
        replies.append(copy.deepcopy(item))
    return {"updateDeveloperMetadata": {"developerMetadata": replies}}


def delete_developer_metadata(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    lookup = _lookup(body.get("dataFilter", {}), where)
    gone = [(owner, item) for owner, item in _all_metadata(book) if _matches(item, lookup)]
    for owner, item in gone:
        owner.remove(item)
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": [item for _, item in gone]}}


METADATA_HANDLERS: dict[str, Handler] = {
    "addBanding": add_banding,
    "deleteBanding": delete_banding,
    "createDeveloperMetadata": create_developer_metadata,
    "updateDeveloperMetadata": update_developer_metadata,
    "deleteDeveloperMetadata": delete_developer_metadata,
}
"""The requests this module answers, by their name in `Request`."""
