"""How an output sheet is laid out, decided once for every writer (xlsx and Google):
row heights, merges, frozen panes, filters and print titles. The look of each cell is
`pmkit.outputs.palette`'s."""

from __future__ import annotations

import math
from typing import NamedTuple

from pmkit.engine.issues import column_letter
from pmkit.outputs.cells import Cell, OutputSheet, Role
from pmkit.outputs.palette import HEADER_ROW_HEIGHT, TIMELINE_HEADER_HEIGHT

__all__ = [
    "RowOutline",
    "auto_filter_ref",
    "filter_box",
    "freeze_cell",
    "merged_columns",
    "merged_range",
    "print_title_rows",
    "row_height",
    "row_outlines",
]


def row_height(sheet: OutputSheet, r: int) -> float | None:
    """Points for row `r` (1-based), or None to leave it at the default."""
    row = sheet.rows[r - 1]
    if row.role is Role.PARAGRAPH:
        text = str(row.cells[0].value or "")
        # Column widths count 11-point characters; the paragraph is set in 12 point.
        chars_per_line = max(sum(sheet.widths) * 0.95, 40)
        lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))
        return 16.0 * lines + 12
    if row.role is Role.TITLE:
        return 28.0
    if row.role is Role.HEADING:
        return 26.0
    if row.role is Role.HEADER:
        return TIMELINE_HEADER_HEIGHT if sheet.timeline_from else HEADER_ROW_HEIGHT
    if row.role is Role.BODY and sheet.wrap_columns:
        return _wrapped_height(sheet, row.cells)
    return None


def _wrapped_height(sheet: OutputSheet, cells: tuple[Cell, ...]) -> float | None:
    """Room for wrapped text (viewers do not always re-fit rows written by a program)."""
    lines = 1
    for c in sheet.wrap_columns:
        if c > len(cells) or c > len(sheet.widths):
            continue
        text = cells[c - 1].value
        if isinstance(text, str):
            lines = max(lines, _wrapped_lines(text, sheet.widths[c - 1]))
    return 15.0 * lines + 2 if lines > 1 else None


def _wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a column `width` characters wide, broken between words as
    the viewers break it (a word longer than a line takes lines of its own)."""
    per_line = max(int(width * 1.2), 8)
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            if used:
                used += 1 + size
            else:
                extra = (size - 1) // per_line
                lines += extra
                used = size - extra * per_line
    return lines


class RowOutline(NamedTuple):
    """How a row sits in the sheet's row outline: its level, whether it starts hidden (a
    collapsed detail), and whether it is the summary row of a collapsed group."""

    level: int
    hidden: bool
    collapsed: bool


def row_outlines(sheet: OutputSheet) -> dict[int, RowOutline]:
    """Rows (1-based) that take part in an outline: detail rows at level 1, hidden, and
    the row above each group marked collapsed (the summary row sits above its details)."""
    outlines: dict[int, RowOutline] = {}
    for first, last in sheet.outline_groups():
        for r in range(first, last + 1):
            outlines[r] = RowOutline(1, True, False)
        if first > 1:
            outlines[first - 1] = RowOutline(0, False, True)
    return outlines


def merged_columns(sheet: OutputSheet, r: int) -> int | None:
    """How many columns row `r` (1-based) spans from column A when merged: a paragraph row
    spans the sheet's width; other rows are not merged (None)."""
    if sheet.rows[r - 1].role is Role.PARAGRAPH and len(sheet.widths) > 1:
        return len(sheet.widths)
    return None


def merged_range(sheet: OutputSheet, r: int) -> str | None:
    """A paragraph row spans the sheet's width: `A3:E3`."""
    columns = merged_columns(sheet, r)
    return None if columns is None else f"A{r}:{column_letter(columns)}{r}"


def freeze_cell(sheet: OutputSheet) -> str | None:
    """The top-left cell that scrolls (`C2`): rows above and columns left stay put."""
    if sheet.header_row is None:
        return None
    return f"{column_letter(sheet.freeze_columns + 1)}{sheet.header_row + 1}"


def filter_box(sheet: OutputSheet) -> tuple[int, int, int] | None:
    """Where a plain table's filter buttons go: (header row, last row, last column), all
    1-based; None on a sheet without a table, or on the Gantt's time scale."""
    if sheet.header_row is None or sheet.timeline_from is not None:
        return None
    if len(sheet.rows) <= sheet.header_row:
        return None
    return sheet.header_row, len(sheet.rows), len(sheet.header())


def auto_filter_ref(sheet: OutputSheet) -> str | None:
    """Filter buttons on a plain table's header row: `A1:S40`."""
    box = filter_box(sheet)
    if box is None:
        return None
    header, last_row, last_column = box
    return f"A{header}:{column_letter(last_column)}{last_row}"


def print_title_rows(sheet: OutputSheet) -> str | None:
    """Rows repeated at the top of every printed page: `1:1`."""
    return None if sheet.header_row is None else f"1:{sheet.header_row}"
