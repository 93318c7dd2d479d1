"""Render `OutputSheet`s into an openpyxl workbook, formatted for an owner.

Colours, fonts and number formats come from the house style (`pmkit.template.styles`).
Cells are created directly with a cached style per look, because a 10,000-task
report is a few hundred thousand cells and openpyxl's per-attribute styling would
dominate the run.
"""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Tone
from pmkit.template import styles

__all__ = ["write_output_sheet"]

_RED_LINE = "C00000"


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


_TONE_FILLS: dict[Tone, PatternFill] = {
    Tone.RED: styles.RED_FILL,
    Tone.AMBER: styles.AMBER_FILL,
    Tone.GREEN: styles.GREEN_FILL,
    Tone.INFO: _fill(styles.ACCENT_LIGHT),
    Tone.BAR: _fill("4472C4"),
    Tone.BAR_CRITICAL: _fill(_RED_LINE),
    Tone.BAR_DONE: _fill("A6A6A6"),
    Tone.BAR_BASELINE: _fill("BDD7EE"),
}
_TONE_COLOURS: dict[Tone, str] = {
    Tone.RED: "990000",
    Tone.AMBER: "7F4F00",
    Tone.GREEN: "274E13",
    Tone.INFO: styles.ACCENT,
    Tone.CRITICAL: _RED_LINE,
    Tone.MUTED: styles.GREY_TEXT,
    Tone.MILESTONE: "000000",
}
_ROLE_FONTS: dict[Role, Font] = {
    Role.TITLE: styles.TITLE_FONT,
    Role.SUBTITLE: styles.MUTED_FONT,
    Role.HEADING: styles.SECTION_FONT,
    Role.HEADER: styles.HEADER_FONT,
    Role.NOTE: styles.MUTED_FONT,
    Role.PARAGRAPH: Font(name=styles.FONT_NAME, size=12),
    Role.BODY: styles.BODY_FONT,
}
_KIND_FORMATS: dict[CellKind, str] = {
    CellKind.TEXT: "General",
    CellKind.INTEGER: "0",
    CellKind.NUMBER: "General",
    CellKind.RATIO: "0.00",
    CellKind.DATE: styles.DATE_FORMAT,
    CellKind.PERCENT: styles.PERCENT_FORMAT,
    CellKind.MONEY: styles.MONEY_FORMAT,
}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_MARKER_SIDE = Side(style="medium", color=_RED_LINE)


@dataclass(frozen=True, slots=True)
class _Look:
    role: Role
    kind: CellKind
    tone: Tone | None
    bold: bool
    link: bool
    marker: bool
    timeline_header: bool


class _Styles:
    """One openpyxl style array per distinct look, computed once per sheet."""

    def __init__(self, sheet: Worksheet, money_format: str) -> None:
        self._sheet = sheet
        self._money_format = money_format
        self._cache: dict[_Look, object] = {}

    def apply(self, cell: XlCell, look: _Look) -> None:
        style = self._cache.get(look)
        if style is None:
            self._style(cell, look)
            self._cache[look] = copy(cell._style)  # type: ignore[attr-defined]
        else:
            cell._style = copy(style)  # type: ignore[attr-defined]

    def _style(self, cell: XlCell, look: _Look) -> None:
        font = copy(_ROLE_FONTS[look.role])
        colour = _TONE_COLOURS.get(look.tone) if look.tone else None
        if look.link:
            colour, font.underline = "0563C1", "single"
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


def _alignment(look: _Look) -> Alignment:
    if look.timeline_header:
        return Alignment(horizontal="center", vertical="bottom", text_rotation=90)
    if look.role is Role.PARAGRAPH:
        return Alignment(vertical="top", wrap_text=True)
    if look.role is Role.HEADER:
        return styles.HEADER_ALIGNMENT
    if look.tone is Tone.MILESTONE:
        return Alignment(horizontal="center", vertical="center")
    if look.kind is CellKind.TEXT and look.role is Role.BODY:
        return Alignment(vertical="top")
    return Alignment(vertical="top")


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
    writer = _SheetWriter(ws, sheet)
    marker = sheet.marker_column
    for r, row in enumerate(sheet.rows, start=1):
        for c, item in enumerate(row.cells, start=1):
            writer.put(r, c, item, row.role)
        if marker and row.role in (Role.BODY, Role.HEADER) and len(row.cells) < marker:
            writer.put(r, marker, Cell(None), row.role)
        _size_row(ws, sheet, r, row.role)
    for c, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[_letter(c)].width = width
    _lay_out(ws, sheet)


class _SheetWriter:
    def __init__(self, ws: Worksheet, sheet: OutputSheet) -> None:
        self.ws = ws
        self.cells: dict[tuple[int, int], XlCell | MergedCell] = ws._cells
        self.looks = _Styles(ws, money_format(sheet.currency))
        self.timeline = sheet.timeline_from or 10**9
        self.marker = sheet.marker_column

    def put(self, r: int, c: int, item: Cell, role: Role) -> None:
        xl = XlCell(self.ws, row=r, column=c, value=item.value)
        look = _Look(
            role,
            item.kind,
            item.tone,
            item.bold,
            item.link is not None,
            c == self.marker and role in (Role.BODY, Role.HEADER),
            role is Role.HEADER and c >= self.timeline,
        )
        self.looks.apply(xl, look)
        if item.link is not None:
            sheet_name = item.link.sheet.replace("'", "''")
            xl.hyperlink = Hyperlink(ref=xl.coordinate, location=f"'{sheet_name}'!{item.link.cell}")
        self.cells[(r, c)] = xl


def _size_row(ws: Worksheet, sheet: OutputSheet, r: int, role: Role) -> None:
    if role is Role.PARAGRAPH:
        text = str(sheet.rows[r - 1].cells[0].value or "")
        chars_per_line = max(sum(sheet.widths) * 1.05, 40)
        lines = sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))
        ws.row_dimensions[r].height = 17 * lines + 8
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(sheet.widths))
    elif role is Role.TITLE:
        ws.row_dimensions[r].height = 28
    elif role is Role.HEADING:
        ws.row_dimensions[r].height = 26
    elif role is Role.HEADER:
        ws.row_dimensions[r].height = 48 if sheet.timeline_from else styles.HEADER_ROW_HEIGHT


def _lay_out(ws: Worksheet, sheet: OutputSheet) -> None:
    if sheet.header_row is not None:
        ws.freeze_panes = f"{_letter(sheet.freeze_columns + 1)}{sheet.header_row + 1}"
        title_rows = f"1:{sheet.header_row}"
        if sheet.timeline_from is None and len(sheet.rows) > sheet.header_row:
            last = _letter(len(sheet.header()))
            ws.auto_filter.ref = f"A{sheet.header_row}:{last}{len(sheet.rows)}"
    else:
        title_rows = None
    styles.set_print_layout(ws, title_rows=title_rows)
    if not sheet.landscape:
        ws.page_setup.orientation = "portrait"
    ws.sheet_view.zoomScale = 90 if sheet.timeline_from else 100


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
