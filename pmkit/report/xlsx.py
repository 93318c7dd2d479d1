"""Render `OutputSheet`s into an openpyxl workbook, formatted for an owner.

Colours, fonts and number formats come from the house style (`pmkit.template.styles`).
Cells are created directly with a cached style per look, because a 10,000-task
report is a few hundred thousand cells and openpyxl's per-attribute styling would
dominate the run.
"""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Tone, palette
from pmkit.report.layout import (
    Look,
    auto_filter_ref,
    column_letter,
    freeze_cell,
    look_of,
    merged_range,
    print_title_rows,
    row_height,
    row_outlines,
)
from pmkit.template import styles

__all__ = ["CellStyles", "link_location", "money_format", "write_output_sheet"]

_RED_LINE = palette.STATUS_LINE


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


_TONE_FILLS: dict[Tone, PatternFill] = {
    tone: _fill(rgb) for tone, rgb in palette.TONE_FILLS.items()
}
_TONE_COLOURS: dict[Tone, str] = dict(palette.TONE_FONTS)
_ROLE_FONTS: dict[Role, Font] = {
    Role.TITLE: styles.TITLE_FONT,
    Role.SUBTITLE: styles.MUTED_FONT,
    Role.HEADING: styles.SECTION_FONT,
    Role.HEADER: styles.HEADER_FONT,
    Role.NOTE: styles.MUTED_FONT,
    Role.PARAGRAPH: Font(name=styles.FONT_NAME, size=12),
    Role.BODY: styles.BODY_FONT,
}
_KIND_FORMATS: dict[CellKind, str] = dict(palette.KIND_FORMATS)
_CURRENCY_SYMBOLS = palette.CURRENCY_SYMBOLS
_MARKER_SIDE = Side(style="medium", color=_RED_LINE)


class CellStyles:
    """One openpyxl style array per distinct look, computed once per sheet."""

    def __init__(self, money_format: str) -> None:
        self._money_format = money_format
        self._cache: dict[Look, object] = {}

    def apply(self, cell: XlCell, look: Look) -> None:
        style = self._cache.get(look)
        if style is None:
            self.style(cell, look)
            self._cache[look] = copy(cell._style)  # type: ignore[attr-defined]
        else:
            cell._style = copy(style)  # type: ignore[attr-defined]

    def style(self, cell: XlCell, look: Look) -> None:
        """Set font, fill, number format, alignment and border of `cell` for `look`."""
        font = copy(_ROLE_FONTS[look.role])
        colour = _TONE_COLOURS.get(look.tone) if look.tone else None
        if look.link:
            colour, font.underline = palette.LINK_COLOUR, "single"
        if colour:
            font.color = colour
        if look.bold:
            font.bold = True
        if look.tone is Tone.MILESTONE:
            font.size = 11
        cell.font = font
        fill = _TONE_FILLS.get(look.tone) if look.tone else None
        if look.role is Role.HEADER:
            fill = styles.HEADER_FILL
            if look.marker:
                fill = _fill(_RED_LINE)
        if fill is not None:
            cell.fill = fill
        if look.kind is CellKind.MONEY:
            cell.number_format = self._money_format
        elif look.timeline_header:
            cell.number_format = "d mmm"
        else:
            cell.number_format = _KIND_FORMATS[look.kind]
        cell.alignment = _alignment(look)
        if look.marker:
            cell.border = Border(left=_MARKER_SIDE, right=_MARKER_SIDE)
        elif look.role is Role.HEADER:
            cell.border = styles.SUBTLE_BORDER


def _alignment(look: Look) -> Alignment:
    if look.timeline_header:
        return Alignment(horizontal="center", vertical="bottom", text_rotation=90)
    if look.role is Role.PARAGRAPH:
        return Alignment(vertical="top", wrap_text=True)
    if look.role is Role.HEADER:
        return styles.HEADER_ALIGNMENT
    if look.tone is Tone.MILESTONE:
        return Alignment(horizontal="center", vertical="center")
    return Alignment(vertical="top", wrap_text=look.wrap)


def money_format(currency: str | None) -> str:
    """`$#,##0` for USD, `#,##0 "CHF"` for currencies without a common symbol."""
    if not currency:
        return styles.MONEY_FORMAT
    symbol = _CURRENCY_SYMBOLS.get(currency.upper())
    if symbol:
        return f'"{symbol}"{styles.MONEY_FORMAT}'
    return f'{styles.MONEY_FORMAT} "{currency}"'


def write_output_sheet(workbook: Workbook, sheet: OutputSheet, index: int | None = None) -> None:
    """Create `sheet.name` in `workbook` (at `index`) and fill it; the name must be free."""
    ws = workbook.create_sheet(sheet.name, index)
    looks = CellStyles(money_format(sheet.currency))
    cells: dict[tuple[int, int], XlCell | MergedCell] = ws._cells
    marker = sheet.marker_column
    for r, row in enumerate(sheet.rows, start=1):
        items = list(row.cells)
        if marker and row.role in (Role.BODY, Role.HEADER) and len(items) < marker:
            items += [Cell(None)] * (marker - len(items))
        for c, item in enumerate(items, start=1):
            xl = XlCell(ws, row=r, column=c, value=item.value)
            if isinstance(item.value, str) and xl.data_type == "f":
                # openpyxl takes any text starting with "=" for a formula; an owner's task
                # named "=IMPORTXML(...)" must stay text, never run when Excel opens it.
                xl.data_type = "s"
            looks.apply(xl, look_of(sheet, item, row.role, c))
            if item.link is not None:
                xl.hyperlink = Hyperlink(ref=xl.coordinate, location=link_location(item))
            cells[(r, c)] = xl
        height = row_height(sheet, r)
        if height is not None:
            ws.row_dimensions[r].height = height
        merged = merged_range(sheet, r)
        if merged:
            ws.merge_cells(merged)
    outlines = row_outlines(sheet)
    for r, outline in outlines.items():
        dimension = ws.row_dimensions[r]
        dimension.outlineLevel = outline.level
        dimension.hidden = outline.hidden
        dimension.collapsed = outline.collapsed
    if outlines:  # the finding sits above its details: its button must be on its own row
        ws.sheet_properties.outlinePr.summaryBelow = False
        ws.sheet_format.outlineLevelRow = 1
    for c, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[column_letter(c)].width = width
    freeze = freeze_cell(sheet)
    if freeze:
        ws.freeze_panes = freeze
    auto_filter = auto_filter_ref(sheet)
    if auto_filter:
        ws.auto_filter.ref = auto_filter
    styles.set_print_layout(ws, title_rows=print_title_rows(sheet))
    if not sheet.landscape:
        ws.page_setup.orientation = "portrait"
    ws.sheet_view.zoomScale = 90 if sheet.timeline_from else 100


def link_location(item: Cell) -> str:
    """`'Plan'!F7`: where an in-workbook hyperlink jumps."""
    assert item.link is not None
    sheet_name = item.link.sheet.replace("'", "''")
    return f"'{sheet_name}'!{item.link.cell}"
