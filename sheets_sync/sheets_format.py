"""One output sheet → the Sheets API requests that draw it.

Values go in one `updateCells` over the whole tab (typed: text as `stringValue`, never
parsed, so `=IMPORTXML(…)` stays text; numbers as `numberValue`; dates as serial
numbers), which also clears last night's formats. Then one `repeatCell` lays the base
look over the whole tab and one more goes to each rectangle of cells sharing another
look (`sheets_sync.sheets_looks`) — a table's column of dates is one request, a Gantt bar
another — so the batch grows with the plan's rows, not its cells. Merges, filter
buttons, column widths and row heights follow (every row and column shown again), and
last the row groups: each grouped finding of the Flags tab opens to its details with the
+/- control on its own row (`OutputSheet.outline_groups`), collapsed, as in Excel.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, NamedTuple

from pmkit.frontend import Cell, OutputSheet, Role, SheetLook
from sheets_sync.sheets_looks import (
    WILD,
    SheetLooks,
    format_request,
    nested_format,
    rectangles,
    status_line,
)

__all__ = [
    "DEFAULT_COLUMN_PIXELS",
    "DEFAULT_ROW_PIXELS",
    "Grid",
    "column_pixels",
    "group_requests",
    "sheet_requests",
]

_EPOCH = date(1899, 12, 30)
_WEB_SCHEMES = ("https://", "http://")
_CELL_FIELDS = "userEnteredValue,userEnteredFormat,note"
DEFAULT_ROW_PIXELS = 21
DEFAULT_COLUMN_PIXELS = 100


class Grid(NamedTuple):
    """A tab's size and frozen panes, as pmkit sets them."""

    rows: int
    columns: int
    frozen_rows: int
    frozen_columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def properties(self) -> dict[str, int]:
        return {
            "rowCount": self.rows,
            "columnCount": self.columns,
            "frozenRowCount": self.frozen_rows,
            "frozenColumnCount": self.frozen_columns,
            # a group's +/- control on the row above it: the finding heads its details
            "rowGroupControlAfter": False,
        }


# --- values --------------------------------------------------------------------------------


def _value(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return {"numberValue": (value - _EPOCH).days}
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return {"stringValue": str(value)}
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _cell_data(cell: Cell, gids: dict[str, int]) -> dict[str, Any]:
    if cell.value is None and not cell.is_link:
        return {}
    data: dict[str, Any] = {}
    value = _value(cell.value)
    if value is not None:
        data["userEnteredValue"] = value
    uri = None
    if cell.link is not None and cell.link.sheet in gids:
        uri = f"#gid={gids[cell.link.sheet]}&range={cell.link.cell or 'A1'}"
    elif cell.url is not None and cell.url.startswith(_WEB_SCHEMES):
        uri = cell.url  # a browser cannot open a file on the owner's disk: text only
    if uri is not None:
        data["userEnteredFormat"] = {"textFormat": {"link": {"uri": uri}}}
    return data


# --- the requests ----------------------------------------------------------------------------


def sheet_requests(
    sheet: OutputSheet, sheet_id: int, grid: Grid, gids: dict[str, int]
) -> list[dict[str, Any]]:
    """Everything that draws `sheet` on the tab `sheet_id` (already sized to `grid`):
    values, formats, merges, filter buttons, column widths and row heights, row groups."""
    looks = SheetLooks(sheet)
    rows: list[dict[str, Any]] = []
    keys: list[list[int]] = []
    for row in sheet.rows:
        cells = row.cells
        used = len(cells)
        while used and cells[used - 1].value is None and not cells[used - 1].is_link:
            used -= 1
        rows.append({"values": [_cell_data(cell, gids) for cell in cells[:used]]} if used else {})
        if row.role is Role.BODY:  # most body cells of a Gantt are empty: no look to find
            keys.append(
                [
                    WILD
                    if cell.value is None and cell.tone is None
                    else looks.number(cell, Role.BODY, c)
                    for c, cell in enumerate(cells, 1)
                ]
            )
        else:
            keys.append([looks.number(cell, row.role, c) for c, cell in enumerate(cells, 1)])
    requests: list[dict[str, Any]] = [
        {"updateCells": {"range": {"sheetId": sheet_id}, "rows": rows, "fields": _CELL_FIELDS}},
        format_request(sheet_id, (0, grid.rows, 0, grid.columns), looks.base),
    ]
    width = max((len(row) for row in keys), default=0)
    # The Gantt's task columns and its time scale are swept apart: the first are table
    # columns, the second bars along rows.
    split = min(width, (sheet.timeline_from or width + 1) - 1)
    boxes = rectangles(keys, looks.empty_safe, 0, split, along_rows=False)
    boxes += rectangles(keys, looks.empty_safe, split, width, along_rows=True)
    nested = {key: nested_format(looks.diffs[key]) for key in {box[4] for box in boxes}}
    for row0, row1, col0, col1, key in sorted(boxes):
        area = (row0, row1, col0, col1)
        requests.append(format_request(sheet_id, area, looks.diffs[key], nested[key]))
    requests += status_line(sheet, sheet_id)
    requests += _merges(sheet, sheet_id)
    box = looks.look.filter_box()
    if box is not None:
        header, last_row, last_column = box
        requests.append(
            {
                "setBasicFilter": {
                    "filter": {
                        "range": {
                            "sheetId": sheet_id,
                            "startRowIndex": header - 1,
                            "endRowIndex": last_row,
                            "startColumnIndex": 0,
                            "endColumnIndex": last_column,
                        }
                    }
                }
            }
        )
    requests += _dimension_requests(sheet, sheet_id, grid)
    requests += group_requests(sheet, sheet_id)
    return requests


def group_requests(sheet: OutputSheet, sheet_id: int) -> list[dict[str, Any]]:
    """A collapsed row group over each run of detail rows: `addDimensionGroup` makes it
    (depth 1: the runs never touch or nest), `updateDimensionGroup` collapses it."""
    requests: list[dict[str, Any]] = []
    for first, last in sheet.outline_groups():
        span = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": first - 1, "endIndex": last}
        requests.append({"addDimensionGroup": {"range": span}})
        requests.append(
            {
                "updateDimensionGroup": {
                    "dimensionGroup": {"range": span, "depth": 1, "collapsed": True},
                    "fields": "collapsed",
                }
            }
        )
    return requests


def _merges(sheet: OutputSheet, sheet_id: int) -> list[dict[str, Any]]:
    requests = []
    look = SheetLook(sheet)
    for r in range(1, len(sheet.rows) + 1):
        columns = look.merged_columns(r)
        if columns is not None:
            requests.append(
                {
                    "mergeCells": {
                        "range": {
                            "sheetId": sheet_id,
                            "startRowIndex": r - 1,
                            "endRowIndex": r,
                            "startColumnIndex": 0,
                            "endColumnIndex": columns,
                        },
                        "mergeType": "MERGE_ALL",
                    }
                }
            )
    return requests


def column_pixels(width_chars: float) -> int:
    """An Excel column width (characters of Calibri 11) in screen pixels."""
    return max(8, round(width_chars * 7 + 5))


def _dimension_requests(sheet: OutputSheet, sheet_id: int, grid: Grid) -> list[dict[str, Any]]:
    """Every column's width and every row's height, set on each run (a rebuilt tab keeps
    nothing of last night's sizes), every row and column shown (last night's collapsed
    groups hid some); equal neighbours share one request."""
    widths = [column_pixels(width) for width in sheet.widths]
    widths += [DEFAULT_COLUMN_PIXELS] * (grid.columns - len(widths))
    heights = []
    look = SheetLook(sheet)
    for r in range(1, grid.rows + 1):
        points = look.row_height(r) if r <= len(sheet.rows) else None
        heights.append(DEFAULT_ROW_PIXELS if points is None else round(points * 4 / 3))
    requests = []
    for dimension, sizes in (("COLUMNS", widths), ("ROWS", heights)):
        start = 0
        for index in range(1, len(sizes) + 1):
            if index == len(sizes) or sizes[index] != sizes[start]:
                requests.append(
                    {
                        "updateDimensionProperties": {
                            "range": {
                                "sheetId": sheet_id,
                                "dimension": dimension,
                                "startIndex": start,
                                "endIndex": index,
                            },
                            "properties": {"pixelSize": sizes[start], "hiddenByUser": False},
                            "fields": "pixelSize,hiddenByUser",
                        }
                    }
                )
                start = index
    return requests
