"""How an output sheet is laid out in a workbook, decided once for every xlsx writer:
the look of each cell, row heights, merges, frozen panes, filters and print titles."""

from __future__ import annotations

import math
from typing import NamedTuple

from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Tone
from pmkit.template import styles

__all__ = [
    "Look",
    "RowOutline",
    "auto_filter_ref",
    "column_letter",
    "freeze_cell",
    "look_of",
    "merged_range",
    "print_title_rows",
    "row_height",
    "row_outlines",
]


class Look(NamedTuple):
    """Everything that decides a cell's style; equal looks share one style record."""

    role: Role
    kind: CellKind
    tone: Tone | None
    bold: bool
    link: bool
    marker: bool
    timeline_header: bool
    wrap: bool = False


def look_of(sheet: OutputSheet, item: Cell, role: Role, column: int) -> Look:
    timeline = sheet.timeline_from or 10**9
    return Look(
        role,
        item.kind,
        item.tone,
        item.bold,
        item.link is not None,
        column == sheet.marker_column and role in (Role.BODY, Role.HEADER),
        role is Role.HEADER and column >= timeline,
        role is Role.BODY and column in sheet.wrap_columns,
    )


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
        return 48.0 if sheet.timeline_from else styles.HEADER_ROW_HEIGHT
    if row.role is Role.BODY and sheet.wrap_columns:
        return _wrapped_height(sheet, row.cells)
    return None


def _wrapped_height(sheet: OutputSheet, cells: tuple[Cell, ...]) -> float | None:
    """Room for wrapped text (viewers do not always re-fit rows written by a program)."""
    lines = 1
    for c in sheet.wrap_columns:
        if c <= len(cells) and c <= len(sheet.widths) and isinstance(cells[c - 1].value, str):
            text = str(cells[c - 1].value)
            lines = max(lines, math.ceil(len(text) / max(sheet.widths[c - 1] * 1.2, 8)))
    return 15.0 * lines + 2 if lines > 1 else None


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


def merged_range(sheet: OutputSheet, r: int) -> str | None:
    """A paragraph row spans the sheet's width: `A3:E3`."""
    if sheet.rows[r - 1].role is Role.PARAGRAPH and len(sheet.widths) > 1:
        return f"A{r}:{column_letter(len(sheet.widths))}{r}"
    return None


def freeze_cell(sheet: OutputSheet) -> str | None:
    """The top-left cell that scrolls (`C2`): rows above and columns left stay put."""
    if sheet.header_row is None:
        return None
    return f"{column_letter(sheet.freeze_columns + 1)}{sheet.header_row + 1}"


def auto_filter_ref(sheet: OutputSheet) -> str | None:
    """Filter buttons on a plain table's header row (not on the Gantt's time scale)."""
    if sheet.header_row is None or sheet.timeline_from is not None:
        return None
    if len(sheet.rows) <= sheet.header_row:
        return None
    last = column_letter(len(sheet.header()))
    return f"A{sheet.header_row}:{last}{len(sheet.rows)}"


def print_title_rows(sheet: OutputSheet) -> str | None:
    """Rows repeated at the top of every printed page: `1:1`."""
    return None if sheet.header_row is None else f"1:{sheet.header_row}"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
