"""Output cells' looks → Sheets API `CellFormat`s, sent as rectangles rather than per cell.

Each cell's look comes from the sheet's `SheetLook` — the same look the xlsx report and
the Excel add-in draw — and becomes the CellFormat fields that differ from the tab's
base look. Cells sharing a look are gathered into rectangles (down a table's columns,
along a Gantt's rows), each one `repeatCell` carrying only those fields. What does not
show is not sent: a number format on text, or a font on an empty cell, so such cells
join their neighbours' rectangles.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from pmkit.frontend import Cell, CellKind, CellStyle, OutputSheet, Role, SheetLook

__all__ = [
    "WILD",
    "SheetLooks",
    "colour",
    "format_request",
    "nested_format",
    "rectangles",
    "status_line",
]

_NUMBER_TYPES = {"date": "DATE", "percent": "PERCENT", "money": "CURRENCY", "number": "NUMBER"}
_VERTICAL = {"top": "TOP", "center": "MIDDLE", "bottom": "BOTTOM"}
_HORIZONTAL = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}
_PADDED_SIDE = {"left": "left", "right": "right"}
_PADDING_PIXELS = 3
"""Google's own padding on each side of a cell."""
_INDENT_PIXELS = 9
"""One step of indent, as Excel draws it."""


def colour(hex_rgb: str) -> dict[str, Any]:
    """`RRGGBB` as a Sheets `ColorStyle`."""
    red, green, blue = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    # Three decimals name each of the 256 levels exactly (1/255 is 0.0039).
    return {"rgbColor": {"red": round(red, 3), "green": round(green, 3), "blue": round(blue, 3)}}


def _number_format(style: CellStyle) -> dict[str, str] | None:
    kind = style.number_kind
    if kind is None:
        return None
    return {"type": _NUMBER_TYPES[kind], "pattern": style.number_format}


def _leaves(style: CellStyle) -> dict[str, Any]:
    """A style as CellFormat field paths → values (only what differs from Google's default)."""
    leaves: dict[str, Any] = {
        "textFormat.fontFamily": SheetLook.font_name,
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
    number = _number_format(style)
    if number is not None:
        leaves["numberFormat"] = number
    if style.horizontal:
        leaves["horizontalAlignment"] = _HORIZONTAL[style.horizontal]
    if style.indent and style.horizontal in _PADDED_SIDE:
        # Sheets has no indent: padding on the aligned side keeps neighbours apart
        leaves[f"padding.{_PADDED_SIDE[style.horizontal]}"] = (
            _PADDING_PIXELS + style.indent * _INDENT_PIXELS
        )
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


def format_request(
    sheet_id: int,
    box: tuple[int, int, int, int],
    leaves: dict[str, Any],
    cell: tuple[dict[str, Any], str] | None = None,
) -> dict[str, Any]:
    """`repeatCell` of the format `leaves` over `box`; `cell` is the nested format and its
    field mask when already built (many rectangles share a look)."""
    row0, row1, col0, col1 = box
    nested, fields = cell or nested_format(leaves)
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


def nested_format(leaves: dict[str, Any]) -> tuple[dict[str, Any], str]:
    fields = ",".join(f"userEnteredFormat.{path}" for path in leaves)
    return {"userEnteredFormat": _nest(leaves)}, fields


WILD = -1
"""An empty cell on which no format shows: it joins whatever run it sits in."""
_SHOWS_WHEN_EMPTY = ("backgroundColorStyle", "borders.")
_SIDE_LINES = ("borders.left", "borders.right")


class SheetLooks:
    """Each distinct look's CellFormat difference from the base, numbered once per sheet.

    Only what shows counts: a number format on text, or a font on an empty cell, changes
    nothing on screen, so such cells may share a rectangle with their neighbours. The
    status-date column's side lines are left out here (one request draws the whole line).
    """

    def __init__(self, sheet: OutputSheet) -> None:
        self.sheet = sheet
        self.look = SheetLook(sheet)
        self.base = _leaves(self.look.column(CellKind.TEXT))
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
            cell.is_link,
            column == sheet.marker_column,
            column >= (sheet.timeline_from or 10**9),
            column in sheet.wrap_columns,
            cell.figure,
            shown,
        )
        found = self._numbers.get(cache_key)
        if found is None:
            found = self._number(self.look.cell(cell, role, column), shown)
            self._numbers[cache_key] = found
        return found

    def _number(self, style: CellStyle, shown: str) -> int:
        leaves = _leaves(style)
        diff = {
            k: v
            for k, v in leaves.items()
            if self.base.get(k) != v
            and k not in _SIDE_LINES
            and not (shown == "text" and k == "numberFormat")
            and not (shown == "empty" and not k.startswith(_SHOWS_WHEN_EMPTY))
        }
        if not diff and shown == "empty":
            return WILD
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
        key = (previous if empty_safe[previous] else 0) if found == WILD else found
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


def rectangles(
    keys: list[list[int]], empty_safe: list[bool], first: int, last: int, *, along_rows: bool
) -> list[tuple[int, int, int, int, int]]:
    """Rectangles of equal looks over columns `first`..`last` (exclusive), swept along
    rows (a Gantt's bars) or down columns (a table's columns)."""
    band = [row[first:last] for row in keys]
    if along_rows:
        found = _rectangles_by_rows(band, empty_safe)
    else:
        columns = [[row[c] if c < len(row) else WILD for row in band] for c in range(last - first)]
        found = [
            (r0, r1, c0, c1, k) for c0, c1, r0, r1, k in _rectangles_by_rows(columns, empty_safe)
        ]
    return [(r0, r1, c0 + first, c1 + first, k) for r0, r1, c0, c1, k in found]


def status_line(sheet: OutputSheet, sheet_id: int) -> list[dict[str, Any]]:
    """The Gantt's status-date column: its side lines down the header and the bars."""
    column = sheet.marker_column
    if column is None or sheet.header_row is None:
        return []
    leaves = _leaves(SheetLook(sheet).cell(Cell(None), Role.BODY, column))
    lines = {k: v for k, v in leaves.items() if k in _SIDE_LINES}
    last = max((r for r, row in enumerate(sheet.rows, 1) if row.role is Role.BODY), default=0)
    box = (sheet.header_row - 1, max(last, sheet.header_row), column - 1, column)
    return [format_request(sheet_id, box, lines)] if lines else []
