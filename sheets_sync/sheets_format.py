"""One output sheet → the Sheets API requests that draw it, formats sent as few as possible.

Values go in one `updateCells` over the whole tab (typed: text as `stringValue`, never
parsed, so `=IMPORTXML(…)` stays text; numbers as `numberValue`; dates as serial
numbers), which also clears last night's formats. Formats do not travel with every
cell: each cell's look comes from `pmkit.outputs.palette` — the same look the xlsx
report and the Excel add-in draw — and becomes a Google `CellFormat`. One `repeatCell`
lays the base look over the whole tab, then each rectangle of cells sharing another look
gets one `repeatCell` with only the fields that differ (a table's column of dates is one
request, a Gantt bar another), so the batch grows with the plan's rows, not its cells.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from itertools import groupby
from typing import Any, NamedTuple

from pmkit.outputs import Cell, CellKind, OutputSheet, Role
from pmkit.outputs.layout import filter_box, merged_columns, row_height
from pmkit.outputs.palette import (
    DATE_FORMAT,
    FONT_NAME,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    TIMELINE_DATE_FORMAT,
    CellStyle,
    Look,
    cell_style,
    look_of,
    money_format,
)

__all__ = [
    "DEFAULT_COLUMN_PIXELS",
    "DEFAULT_ROW_PIXELS",
    "Grid",
    "colour",
    "sheet_requests",
]

_EPOCH = date(1899, 12, 30)
_CELL_FIELDS = "userEnteredValue,userEnteredFormat,note"
DEFAULT_ROW_PIXELS = 21
DEFAULT_COLUMN_PIXELS = 100
_BASE_LOOK = Look(Role.BODY, CellKind.TEXT, None, False, False, False, False)
_DATE_PATTERNS = frozenset({DATE_FORMAT, TIMELINE_DATE_FORMAT})
_VERTICAL = {"top": "TOP", "center": "MIDDLE", "bottom": "BOTTOM"}
_HORIZONTAL = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


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
        }


def colour(hex_rgb: str) -> dict[str, Any]:
    """`RRGGBB` as a Sheets `ColorStyle`."""
    red, green, blue = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    # Three decimals name each of the 256 levels exactly (1/255 is 0.0039).
    return {"rgbColor": {"red": round(red, 3), "green": round(green, 3), "blue": round(blue, 3)}}


# --- looks → CellFormat fields -------------------------------------------------------------


def _number_format(pattern: str) -> dict[str, str] | None:
    if pattern == "General":
        return None
    if pattern in _DATE_PATTERNS:
        kind = "DATE"
    elif pattern == PERCENT_FORMAT:
        kind = "PERCENT"
    elif MONEY_FORMAT in pattern:
        kind = "CURRENCY"
    else:
        kind = "NUMBER"
    return {"type": kind, "pattern": pattern}


def _leaves(style: CellStyle) -> dict[str, Any]:
    """A style as CellFormat field paths → values (only what differs from Google's default)."""
    leaves: dict[str, Any] = {
        "textFormat.fontFamily": FONT_NAME,
        "textFormat.fontSize": style.font_size,
        "verticalAlignment": _VERTICAL[style.vertical],
    }
    if style.bold:
        leaves["textFormat.bold"] = True
    if style.italic:
        leaves["textFormat.italic"] = True
    if style.underline:
        leaves["textFormat.underline"] = True
    if style.font_colour:
        leaves["textFormat.foregroundColorStyle"] = colour(style.font_colour)
    if style.fill:
        leaves["backgroundColorStyle"] = colour(style.fill)
    number = _number_format(style.number_format)
    if number is not None:
        leaves["numberFormat"] = number
    if style.horizontal:
        leaves["horizontalAlignment"] = _HORIZONTAL[style.horizontal]
    if style.wrap:
        leaves["wrapStrategy"] = "WRAP"
    if style.rotation:
        leaves["textRotation"] = {"angle": style.rotation}
    if style.side_lines:
        line = {"style": "SOLID_MEDIUM", "colorStyle": colour(style.side_lines)}
        leaves["borders.left"] = line
        leaves["borders.right"] = line
    elif style.bottom_rule:
        leaves["borders.bottom"] = {"style": "SOLID", "colorStyle": colour(style.bottom_rule)}
    return leaves


def _nest(leaves: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in leaves.items():
        node = nested
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return nested


def _format_request(
    sheet_id: int,
    box: tuple[int, int, int, int],
    leaves: dict[str, Any],
    cell: tuple[dict[str, Any], str] | None = None,
) -> dict[str, Any]:
    """`repeatCell` of the format `leaves` over `box`; `cell` is the nested format and its
    field mask when already built (many rectangles share a look)."""
    row0, row1, col0, col1 = box
    nested, fields = cell or _nested(leaves)
    return {
        "repeatCell": {
            "range": {
                "sheetId": sheet_id,
                "startRowIndex": row0,
                "endRowIndex": row1,
                "startColumnIndex": col0,
                "endColumnIndex": col1,
            },
            "cell": nested,
            "fields": fields,
        }
    }


def _nested(leaves: dict[str, Any]) -> tuple[dict[str, Any], str]:
    fields = ",".join(f"userEnteredFormat.{path}" for path in leaves)
    return {"userEnteredFormat": _nest(leaves)}, fields


_WILD = -1
"""An empty cell on which no format shows: it joins whatever run it sits in."""
_SHOWS_WHEN_EMPTY = ("backgroundColorStyle", "borders.")
_SIDE_LINES = ("borders.left", "borders.right")


class _Looks:
    """Each distinct look's CellFormat difference from the base, numbered once per sheet.

    Only what shows counts: a number format on text, or a font on an empty cell, changes
    nothing on screen, so such cells may share a rectangle with their neighbours. The
    status-date column's side lines are left out here (one request draws the whole line).
    """

    def __init__(self, sheet: OutputSheet) -> None:
        self.sheet = sheet
        self.money = money_format(sheet.currency)
        self.base = _leaves(cell_style(_BASE_LOOK, self.money))
        self.diffs: list[dict[str, Any]] = [{}]  # 0: the base look
        self.empty_safe: list[bool] = [True]  # whether the look shows on an empty cell
        self._numbers: dict[tuple[Any, ...], int] = {}
        self._by_diff: dict[str, int] = {repr([]): 0}

    def number(self, cell: Cell, role: Role, column: int) -> int:
        value = cell.value
        shown = "empty" if value is None else "text" if isinstance(value, str) else "number"
        sheet = self.sheet
        cache_key = (
            role,
            cell.kind,
            cell.tone,
            cell.bold,
            cell.link is not None,
            column == sheet.marker_column,
            column >= (sheet.timeline_from or 10**9),
            column in sheet.wrap_columns,
            shown,
        )
        found = self._numbers.get(cache_key)
        if found is None:
            found = self._number(look_of(sheet, cell, role, column), shown)
            self._numbers[cache_key] = found
        return found

    def _number(self, look: Look, shown: str) -> int:
        leaves = _leaves(cell_style(look, self.money))
        diff = {
            k: v
            for k, v in leaves.items()
            if self.base.get(k) != v
            and k not in _SIDE_LINES
            and not (shown == "text" and k == "numberFormat")
            and not (shown == "empty" and not k.startswith(_SHOWS_WHEN_EMPTY))
        }
        if not diff and shown == "empty":
            return _WILD
        key = repr(sorted(diff.items()))
        found = self._by_diff.setdefault(key, len(self.diffs))
        if found == len(self.diffs):
            self.diffs.append(diff)
            self.empty_safe.append(not any(k.startswith(_SHOWS_WHEN_EMPTY) for k in diff))
        return found


def _runs(line: list[int], empty_safe: list[bool]) -> list[tuple[int, int, int]]:
    """(first, end, look) of each run of equal looks in `line` (base runs left out). A
    wildcard takes its predecessor's look when that look does not show on an empty cell,
    so a run goes on through it; else it is base."""
    runs: list[tuple[int, int, int]] = []
    column = previous = 0
    for found, group in groupby(line):
        count = len(list(group))
        key = (previous if empty_safe[previous] else 0) if found == _WILD else found
        if key:
            if runs and runs[-1][1] == column and runs[-1][2] == key:
                runs[-1] = (runs[-1][0], column + count, key)
            else:
                runs.append((column, column + count, key))
        column += count
        previous = key
    return runs


def _rectangles_by_rows(
    keys: list[list[int]], empty_safe: list[bool]
) -> list[tuple[int, int, int, int, int]]:
    """Runs of equal looks along each row, stacked while the rows below repeat them."""
    done: list[tuple[int, int, int, int, int]] = []
    open_runs: dict[tuple[int, int, int], int] = {}
    for r, row in enumerate(keys):
        current = _runs(row, empty_safe)
        for run in current:
            open_runs.setdefault(run, r)
        if len(open_runs) > len(current):
            ongoing = set(current)
            for run in [run for run in open_runs if run not in ongoing]:
                c0, c1, key = run
                done.append((open_runs.pop(run), r, c0, c1, key))
    done += [(r0, len(keys), c0, c1, key) for (c0, c1, key), r0 in open_runs.items()]
    return done


def _rectangles(
    keys: list[list[int]], empty_safe: list[bool], first: int, last: int, *, along_rows: bool
) -> list[tuple[int, int, int, int, int]]:
    """Rectangles of equal looks over columns `first`..`last` (exclusive), swept along
    rows (a Gantt's bars) or down columns (a table's columns)."""
    band = [row[first:last] for row in keys]
    if along_rows:
        found = _rectangles_by_rows(band, empty_safe)
    else:
        columns = [[row[c] if c < len(row) else _WILD for row in band] for c in range(last - first)]
        found = [
            (r0, r1, c0, c1, k) for c0, c1, r0, r1, k in _rectangles_by_rows(columns, empty_safe)
        ]
    return [(r0, r1, c0 + first, c1 + first, k) for r0, r1, c0, c1, k in found]


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
    if cell.value is None and cell.link is None:
        return {}
    data: dict[str, Any] = {}
    value = _value(cell.value)
    if value is not None:
        data["userEnteredValue"] = value
    if cell.link is not None and cell.link.sheet in gids:
        uri = f"#gid={gids[cell.link.sheet]}&range={cell.link.cell or 'A1'}"
        data["userEnteredFormat"] = {"textFormat": {"link": {"uri": uri}}}
    return data


# --- the requests ----------------------------------------------------------------------------


def sheet_requests(
    sheet: OutputSheet, sheet_id: int, grid: Grid, gids: dict[str, int]
) -> list[dict[str, Any]]:
    """Everything that draws `sheet` on the tab `sheet_id` (already sized to `grid`):
    values, formats, merges, filter buttons, column widths and row heights."""
    looks = _Looks(sheet)
    rows: list[dict[str, Any]] = []
    keys: list[list[int]] = []
    for row in sheet.rows:
        cells = row.cells
        used = len(cells)
        while used and cells[used - 1].value is None and cells[used - 1].link is None:
            used -= 1
        rows.append({"values": [_cell_data(cell, gids) for cell in cells[:used]]} if used else {})
        if row.role is Role.BODY:  # most body cells of a Gantt are empty: no look to find
            keys.append(
                [
                    _WILD
                    if cell.value is None and cell.tone is None
                    else looks.number(cell, Role.BODY, c)
                    for c, cell in enumerate(cells, 1)
                ]
            )
        else:
            keys.append([looks.number(cell, row.role, c) for c, cell in enumerate(cells, 1)])
    requests: list[dict[str, Any]] = [
        {"updateCells": {"range": {"sheetId": sheet_id}, "rows": rows, "fields": _CELL_FIELDS}},
        _format_request(sheet_id, (0, grid.rows, 0, grid.columns), looks.base),
    ]
    width = max((len(row) for row in keys), default=0)
    # The Gantt's task columns and its time scale are swept apart: the first are table
    # columns, the second bars along rows.
    split = min(width, (sheet.timeline_from or width + 1) - 1)
    rectangles = _rectangles(keys, looks.empty_safe, 0, split, along_rows=False)
    rectangles += _rectangles(keys, looks.empty_safe, split, width, along_rows=True)
    nested = {key: _nested(looks.diffs[key]) for key in {rect[4] for rect in rectangles}}
    for row0, row1, col0, col1, key in sorted(rectangles):
        area = (row0, row1, col0, col1)
        requests.append(_format_request(sheet_id, area, looks.diffs[key], nested[key]))
    requests += _status_line(sheet, sheet_id)
    requests += _merges(sheet, sheet_id)
    box = filter_box(sheet)
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
    return requests


def _status_line(sheet: OutputSheet, sheet_id: int) -> list[dict[str, Any]]:
    """The Gantt's status-date column: its side lines down the header and the bars."""
    column = sheet.marker_column
    if column is None or sheet.header_row is None:
        return []
    look = look_of(sheet, Cell(None), Role.BODY, column)
    leaves = _leaves(cell_style(look))
    lines = {k: v for k, v in leaves.items() if k in _SIDE_LINES}
    last = max((r for r, row in enumerate(sheet.rows, 1) if row.role is Role.BODY), default=0)
    box = (sheet.header_row - 1, max(last, sheet.header_row), column - 1, column)
    return [_format_request(sheet_id, box, lines)] if lines else []


def _merges(sheet: OutputSheet, sheet_id: int) -> list[dict[str, Any]]:
    requests = []
    for r in range(1, len(sheet.rows) + 1):
        columns = merged_columns(sheet, r)
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
    nothing of last night's sizes); equal neighbours share one request."""
    widths = [column_pixels(width) for width in sheet.widths]
    widths += [DEFAULT_COLUMN_PIXELS] * (grid.columns - len(widths))
    heights = []
    for r in range(1, grid.rows + 1):
        points = row_height(sheet, r) if r <= len(sheet.rows) else None
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
                            "properties": {"pixelSize": sizes[start]},
                            "fields": "pixelSize",
                        }
                    }
                )
                start = index
    return requests
