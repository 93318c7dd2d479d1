"""How an output sheet is laid out, decided once for every writer (xlsx and Google):
row heights, merges, frozen panes, filters and how it prints (`page_setup`). The look of
each cell is `pmkit.outputs.palette`'s."""

from __future__ import annotations

from typing import NamedTuple

from pmkit.engine.issues import column_letter
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role
from pmkit.outputs.palette import KIND_ALIGNMENT, ROLE_FONTS, TIMELINE_HEADER_HEIGHT
from pmkit.outputs.print_layout import PageSetup, page_setup_for
from pmkit.outputs.text_size import LINE_POINTS, text_lines

__all__ = [
    "RowOutline",
    "auto_filter_ref",
    "filter_box",
    "freeze_cell",
    "merged_columns",
    "merged_range",
    "page_setup",
    "print_title_rows",
    "row_height",
    "row_outlines",
]


def row_height(sheet: OutputSheet, r: int) -> float | None:
    """Points for row `r` (1-based), or None to leave it at the default (on a sheet that
    prints with its page breaks set, every row has its height: the breaks count on it)."""
    row = sheet.rows[r - 1]
    if row.role is Role.PARAGRAPH:
        text = str(row.cells[0].value or "")
        points = ROLE_FONTS[Role.PARAGRAPH].size
        lines = text_lines(text, sum(sheet.widths), points=points)
        return (points + 4) * lines + 8
    if row.role is Role.TITLE:
        return 28.0
    if row.role is Role.HEADING:
        return 26.0
    if row.role is Role.HEADER:
        return TIMELINE_HEADER_HEIGHT if sheet.timeline_from else _header_height(sheet, row.cells)
    height = _wrapped_height(sheet, row.cells) if row.role is Role.BODY else None
    if height is None and sheet.paged:
        return LINE_POINTS
    return height


def _header_height(sheet: OutputSheet, cells: tuple[Cell, ...]) -> float:
    """Room for every header on as many lines as it wraps to (bold, in its column)."""
    lines = 1
    for c, item in enumerate(cells, start=1):
        if c <= len(sheet.widths) and isinstance(item.value, str) and item.value:
            indent = KIND_ALIGNMENT[item.kind].indent
            lines = max(
                lines, text_lines(item.value, sheet.widths[c - 1], indent_chars=indent, bold=True)
            )
    return LINE_POINTS * lines + 6


def _wrapped_height(sheet: OutputSheet, cells: tuple[Cell, ...]) -> float | None:
    """Room for wrapped text (viewers do not always re-fit rows written by a program)."""
    lines = 1
    for c in sheet.wrap_columns:
        if c <= len(cells) and c <= len(sheet.widths) and isinstance(cells[c - 1].value, str):
            indent = KIND_ALIGNMENT[CellKind.TEXT].indent
            lines = max(
                lines, text_lines(str(cells[c - 1].value), sheet.widths[c - 1], indent_chars=indent)
            )
    return LINE_POINTS * lines + 2 if lines > 1 else None


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
    return page_setup(sheet).title_rows_ref


def page_setup(sheet: OutputSheet) -> PageSetup:
    """How `sheet` prints (`pmkit.outputs.print_layout`): the header rows and the frozen
    columns repeat on every page; a paged sheet's rows kept together are never split."""
    heights = None
    if sheet.paged:
        heights = [row_height(sheet, r) or LINE_POINTS for r in range(1, len(sheet.rows) + 1)]
    return page_setup_for(
        sheet.widths,
        landscape=sheet.landscape,
        title_rows=None if sheet.header_row is None else (1, sheet.header_row),
        title_columns=sheet.freeze_columns,
        heights=heights,
        keep_with_next=[row.keep_with_next for row in sheet.rows],
    )
