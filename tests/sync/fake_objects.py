"""batchUpdate requests on formats, merges, filters and charts (banding and developer
metadata: `fake_metadata.py`).

The other half of the fake's batchUpdate (`fake_sheets.py` has tabs, cells and sizes).
Each handler takes the spreadsheet being changed (a trial copy: the batch is atomic),
the request's body (already checked against the discovery document) and where it is
(`requests[3].addChart`) for Google's error wording, and answers the request's reply.
The rules are Google's as far as they matter here: ranges must lie on the grid, merges
may not straddle the frozen panes or half of another merge, banded ranges may not
overlap, chart and metadata ids are unique, an update names something that exists.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tests.sync.fake_cells import (
    ApiError,
    merge_fields,
    new_fields,
    parse_field_mask,
)
from tests.sync.fake_metadata import METADATA_HANDLERS, Handler, grid_box, overlaps

if TYPE_CHECKING:
    from tests.sync.fake_sheets import FakeSheet, FakeSpreadsheet

__all__ = ["HANDLERS", "grid_box"]

_EMPTY: dict[str, Any] = {}
_CHART_KINDS = (
    "basicChart",
    "pieChart",
    "bubbleChart",
    "candlestickChart",
    "orgChart",
    "histogramChart",
    "waterfallChart",
    "treemapChart",
    "scorecardChart",
)


def _inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (
        outer[0] <= inner[0]
        and inner[1] <= outer[1]
        and outer[2] <= inner[2]
        and inner[3] <= outer[3]
    )


def _merge_box(sheet: FakeSheet, merge: dict[str, Any]) -> tuple[int, int, int, int]:
    return grid_box(sheet, merge, "merge")


# --- formats ---------------------------------------------------------------------------------


def repeat_cell(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    if not body.get("fields"):
        raise ApiError(400, f"Invalid {where}: At least one field must be specified.")
    grid = body.get("range", {})
    sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
    r0, r1, c0, c1 = grid_box(sheet, grid, where)
    fields = new_fields(body.get("cell", {}), parse_field_mask(body["fields"]))
    # Cells sharing one dict merge once (the old dict is kept alive, so its id stays its own).
    made: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for r in range(r0, r1):
        for c in range(c0, c1):
            old = sheet.cells.get((r, c), _EMPTY)
            done = made.get(id(old))
            if done is None:
                done = made[id(old)] = (old, merge_fields(old, fields))
            merged = done[1]
            if merged:
                sheet.cells[(r, c)] = merged
            else:
                sheet.cells.pop((r, c), None)
    return {}


# --- merges and filters ----------------------------------------------------------------------


def merge_cells(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    grid = body.get("range", {})
    sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
    box = grid_box(sheet, grid, where)
    kind = body.get("mergeType", "MERGE_ALL")
    if box[0] < sheet.frozen_row_count < box[1]:
        raise ApiError(400, f"Invalid {where}: You can't merge frozen and non-frozen rows.")
    if box[2] < sheet.frozen_column_count < box[3]:
        raise ApiError(400, f"Invalid {where}: You can't merge frozen and non-frozen columns.")
    for merge in sheet.merges:
        if overlaps(box, _merge_box(sheet, merge)):
            raise ApiError(
                400,
                f"Invalid {where}: You must select all cells in a merged range to merge or "
                "unmerge them.",
            )
    r0, r1, c0, c1 = box
    if kind == "MERGE_ALL":
        pieces = [box]
    elif kind == "MERGE_ROWS":
        pieces = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    else:
        pieces = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    for p0, p1, q0, q1 in pieces:
        if (p1 - p0) * (q1 - q0) < 2:
            continue
        sheet.merges.append(
            {
                "sheetId": sheet.sheet_id,
                "startRowIndex": p0,
                "endRowIndex": p1,
                "startColumnIndex": q0,
                "endColumnIndex": q1,
            }
        )
        for r in range(p0, p1):  # a merge keeps the top-left value only
            for c in range(q0, q1):
                if (r, c) != (p0, q0) and "userEnteredValue" in sheet.cells.get((r, c), {}):
                    kept = {k: v for k, v in sheet.cells[(r, c)].items() if k != "userEnteredValue"}
                    if kept:
                        sheet.cells[(r, c)] = kept
                    else:
                        del sheet.cells[(r, c)]
    return {}


def unmerge_cells(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    grid = body.get("range", {})
    sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
    box = grid_box(sheet, grid, where)
    kept = []
    for merge in sheet.merges:
        found = _merge_box(sheet, merge)
        if _inside(found, box):
            continue
        if overlaps(found, box):
            raise ApiError(
                400,
                f"Invalid {where}: You must select all cells in a merged range to merge or "
                "unmerge them.",
            )
        kept.append(merge)
    sheet.merges = kept
    return {}


def set_basic_filter(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    found = body.get("filter", {})
    grid = found.get("range")
    if grid is None:
        raise ApiError(400, f"Invalid {where}: filter.range is required")
    sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
    grid_box(sheet, grid, where)
    sheet.basic_filter = copy.deepcopy(found)
    return {}


def clear_basic_filter(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    sheet = book.sheet_by_id(body.get("sheetId", 0), where)
    sheet.basic_filter = None
    return {}


# --- charts ----------------------------------------------------------------------------------


def _charts(book: FakeSpreadsheet) -> Iterator[tuple[FakeSheet, dict[str, Any]]]:
    for sheet in book.sheets:
        for chart in sheet.charts:
            yield sheet, chart


def _check_chart_data(book: FakeSpreadsheet, data: dict[str, Any], where: str) -> None:
    sources = data.get("sourceRange", {}).get("sources", [])
    if not sources:
        raise ApiError(400, f"Invalid {where}: a chart's data needs a sourceRange")
    for grid in sources:
        sheet = book.sheet_by_id(grid.get("sheetId", 0), where)
        r0, r1, c0, c1 = grid_box(sheet, grid, where)
        if r1 - r0 != 1 and c1 - c0 != 1:
            raise ApiError(
                400, f"Invalid {where}: a chart's source range must be a single row or column"
            )


def _check_spec(book: FakeSpreadsheet, spec: dict[str, Any], where: str) -> None:
    kinds = [kind for kind in _CHART_KINDS if kind in spec]
    if len(kinds) != 1:
        raise ApiError(400, f"Invalid {where}: the chart spec must set exactly one chart type")
    basic = spec.get("basicChart")
    if basic is not None:
        if "chartType" not in basic:
            raise ApiError(400, f"Invalid {where}: basicChart.chartType is required")
        for domain in basic.get("domains", []):
            _check_chart_data(book, domain.get("domain", {}), where)
        for series in basic.get("series", []):
            _check_chart_data(book, series.get("series", {}), where)


def add_chart(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    chart = copy.deepcopy(body.get("chart", {}))
    _check_spec(book, chart.get("spec", {}), where)
    position = chart.get("position", {})
    overlay = position.get("overlayPosition")
    if overlay is None:
        raise ApiError(400, f"Invalid {where}: the fake only places charts over a sheet")
    anchor = overlay.get("anchorCell", {})
    sheet = book.sheet_by_id(anchor.get("sheetId", 0), where)
    if (
        anchor.get("rowIndex", 0) >= sheet.row_count
        or anchor.get("columnIndex", 0) >= sheet.column_count
    ):
        raise ApiError(400, f"Invalid {where}: the chart's anchor cell is off the grid")
    taken = {found.get("chartId") for _, found in _charts(book)}
    chart_id = chart.get("chartId")
    if chart_id is None:
        chart_id = max((c for c in taken if isinstance(c, int)), default=100) + 1
    elif chart_id in taken:
        raise ApiError(400, f"Invalid {where}: An object with id {chart_id} already exists.")
    chart["chartId"] = chart_id
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def update_chart_spec(book: FakeSpreadsheet, body: dict[str, Any], where: str) -> dict[str, Any]:
    chart_id = body.get("chartId")
    spec = body.get("spec", {})
    for _sheet, chart in _charts(book):
        if chart.get("chartId") == chart_id:
            _check_spec(book, spec, where)
            chart["spec"] = copy.deepcopy(spec)
            return {}
    raise ApiError(400, f"Invalid {where}: No chart with id: {chart_id}")


def delete_embedded_object(
    book: FakeSpreadsheet, body: dict[str, Any], where: str
) -> dict[str, Any]:
    object_id = body.get("objectId")
    for sheet, chart in _charts(book):
        if chart.get("chartId") == object_id:
            sheet.charts.remove(chart)
            return {}
    raise ApiError(400, f"Invalid {where}: No object with id: {object_id}")


HANDLERS: dict[str, Handler] = {
    "repeatCell": repeat_cell,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
    "addChart": add_chart,
    "updateChartSpec": update_chart_spec,
    "deleteEmbeddedObject": delete_embedded_object,
    **METADATA_HANDLERS,
}
"""The requests this module answers, by their name in `Request`."""
