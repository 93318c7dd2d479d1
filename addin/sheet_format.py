"""An output sheet's look and print setup, applied through Excel's object model.

The look and the print setup are the sheet's `SheetLook`, as the report file and the
Google sync take them: number
formats, alignment and widths per column, the header's colours, tones (and the alignment
of a figure in a column of mixed kinds, `Cell.figure`) cell by cell up to
`MAX_STYLED_CELLS`, frozen panes, the Flags outline, and how the sheet prints — the same
settings `pmkit report` writes into a file. Calls that an Excel host cannot make (xlwings
Lite, an Excel without an object model for it) are skipped: each is only a nicety.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from pmkit.frontend import (
    Cell,
    CellKind,
    CellStyle,
    OutputSheet,
    Role,
    SheetLook,
    column_letter,
)

__all__ = ["EXCEL_ALIGNMENT", "MAX_STYLED_CELLS", "format_sheet"]

MAX_STYLED_CELLS = 5_000
"""Cells coloured one by one (each is a call into Excel); beyond this, values only."""
EXCEL_ALIGNMENT = {"left": -4131, "center": -4108, "right": -4152}
"""Excel's `xlLeft`, `xlCenter`, `xlRight`."""
_XL_ABOVE = 0
"""Excel's `xlSummaryAbove`: a finding's row sits above its details."""
_XL_LANDSCAPE, _XL_PORTRAIT = 2, 1
_POINTS_PER_INCH = 72


def format_sheet(target: Any, sheet: OutputSheet) -> None:  # noqa: PLR0912 - a call per format kind
    """Number formats by column, header and tones, widths and frozen panes — in the
    palette's look, as the report and the Google sync draw them — and the print setup."""
    look = SheetLook(sheet)
    for number, width in enumerate(sheet.widths, start=1):
        target.range((1, number)).column_width = width
    body_start = (sheet.header_row or 0) + 1
    body = sheet.rows[body_start - 1 :]
    last = body_start + len(body) - 1
    for column, kind in _column_kinds(body, sheet.width):
        style = look.column(kind)
        if body:
            cells = target.range((body_start, column), (last, column))
            if style.number_format != "General":
                cells.number_format = style.number_format
            _align(cells, style)
    styled = 0
    for r, row in enumerate(sheet.rows, start=1):
        if row.role is Role.HEADER:
            header = target.range((r, 1), (r, max(len(row.cells), 1)))
            style = look.cell(row.cells[0], row.role, 1)
            header.color = f"#{style.fill}"
            header.font.bold = style.bold
            header.font.color = f"#{style.font_colour}"
            for c, cell in enumerate(row.cells, start=1):
                _align(target.range((r, c)), look.cell(cell, row.role, c))
            continue
        if row.role in (Role.TITLE, Role.HEADING):
            target.range((r, 1)).font.bold = True
        for c, cell in enumerate(row.cells, start=1):
            if styled >= MAX_STYLED_CELLS:
                break
            if cell.tone is None and not cell.bold and cell.link is None and not cell.figure:
                continue
            styled += 1
            _style_cell(target.range((r, c)), cell, look.cell(cell, row.role, c))
    _outline(target, sheet)
    if sheet.header_row:
        try:  # not every Excel (nor xlwings Lite) can freeze panes; it is only a nicety
            top_left = f"{column_letter(sheet.freeze_columns + 1)}{sheet.header_row + 1}"
            target.freeze_panes.freeze_at(top_left)
        except Exception:
            pass
    _print_setup(target, look)


def _style_cell(rng: Any, cell: Cell, style: CellStyle) -> None:
    """One cell's tone, boldness, link — and its alignment when it is a figure in a
    column of mixed kinds (`Cell.figure`), which takes no alignment of the column's."""
    if cell.figure:
        _align(rng, style)
    if style.fill is not None:
        rng.color = f"#{style.fill}"
    if style.font_colour is not None:
        rng.font.color = f"#{style.font_colour}"
    if cell.bold:
        rng.font.bold = True
    if cell.link is not None:
        where = cell.link
        name = where.sheet.replace("'", "''")
        address = f"#'{name}'!{column_letter(where.column or 1)}{where.row or 1}"
        rng.add_hyperlink(address, str(cell.value or where))


def _align(cells: Any, style: CellStyle) -> None:
    """A range's horizontal alignment and indent (the style's), through Excel's API."""
    with contextlib.suppress(Exception):
        cells.api.HorizontalAlignment = EXCEL_ALIGNMENT[style.horizontal or "left"]
        cells.api.IndentLevel = style.indent


def _print_setup(target: Any, look: SheetLook) -> None:
    """Orientation, fit or scale, margins, footer, titles on every page and page breaks
    (`SheetLook.page`); rows whose breaks count on them get their height."""
    sheet = look.sheet
    setup = look.page()
    margins = look.margins
    try:
        if sheet.paged:
            _row_heights(target, look)
        api = target.api.PageSetup
        api.Orientation = _XL_LANDSCAPE if setup.landscape else _XL_PORTRAIT
        if setup.fit_width:
            api.Zoom = False
            api.FitToPagesWide = 1
            api.FitToPagesTall = False
        else:
            api.Zoom = setup.scale
        api.LeftMargin = margins.left * _POINTS_PER_INCH
        api.RightMargin = margins.right * _POINTS_PER_INCH
        api.TopMargin = margins.top * _POINTS_PER_INCH
        api.BottomMargin = margins.bottom * _POINTS_PER_INCH
        api.HeaderMargin = margins.header * _POINTS_PER_INCH
        api.FooterMargin = margins.footer * _POINTS_PER_INCH
        left, right = look.footer.removeprefix("&L").split("&R")
        api.LeftFooter, api.RightFooter = left, right
        titles = setup.title_rows_ref
        api.PrintTitleRows = f"${titles.replace(':', ':$')}" if titles else ""
        columns = setup.title_columns_ref
        api.PrintTitleColumns = f"${columns.replace(':', ':$')}" if columns else ""
        target.api.ResetAllPageBreaks()
        for row in setup.row_breaks:
            target.api.HPageBreaks.Add(Before=target.range((row + 1, 1)).api)
    except Exception:  # a host without Excel's page setup prints as it likes
        pass


def _row_heights(target: Any, look: SheetLook) -> None:
    """Each row's height, one call per run of rows of the same height."""
    heights = [look.row_height(r) for r in range(1, len(look.sheet.rows) + 1)]
    start = 0
    for index in range(1, len(heights) + 1):
        if index == len(heights) or heights[index] != heights[start]:
            if heights[start] is not None:
                target.range((start + 1, 1), (index, 1)).row_height = heights[start]
            start = index


def _outline(target: Any, sheet: OutputSheet) -> None:
    """Group each run of detail rows under the row above it, collapsed (the Flags sheet's
    grouped findings open to their per-cell findings with Excel's outline buttons)."""
    groups = sheet.outline_groups()
    try:  # Excel's object model; xlwings Lite and other hosts may not offer outlines
        target.api.Cells.ClearOutline()  # the groups of the sheet this one replaces
        if not groups:
            return
        target.api.Outline.SummaryRow = _XL_ABOVE
        for first, last in groups:
            target.range((first, 1), (last, 1)).api.EntireRow.Group()
        target.api.Outline.ShowLevels(RowLevels=1)
    except Exception:
        pass


def _column_kinds(rows: Iterable[Any], width: int) -> list[tuple[int, CellKind]]:
    """Columns whose body cells all share one kind (the tables' columns)."""
    kinds: dict[int, CellKind | None] = {}
    for row in rows:
        if row.role is not Role.BODY:
            continue
        for c, cell in enumerate(row.cells, start=1):
            if cell.value is None:
                continue
            seen = kinds.get(c, cell.kind)
            kinds[c] = cell.kind if seen is cell.kind else None
    return [(c, kind) for c, kind in sorted(kinds.items()) if kind is not None and c <= width]
