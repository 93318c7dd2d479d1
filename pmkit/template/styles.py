"""The look of every workbook pmkit writes, as openpyxl objects: one accent colour, one
font, shared formats.

The colours, fonts and number formats themselves are defined once, in
`pmkit.outputs.palette` (which the Excel add-in and the Google sync also use); the
template and the sample plan take them from here, so an owner sees one calm house style.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.schema import Kind
from pmkit.outputs import palette
from pmkit.outputs.cells import CellKind, Role, Tone
from pmkit.outputs.print_layout import MARGINS, PageSetup
from pmkit.outputs.text_size import LINE_POINTS, text_lines

__all__ = [
    "ACCENT",
    "ACCENT_LIGHT",
    "AMBER_FILL",
    "BODY_FONT",
    "DATE_FORMAT",
    "FONT_NAME",
    "GREEN_FILL",
    "GREY_TEXT",
    "HEADER_ALIGNMENT",
    "HEADER_FILL",
    "HEADER_FONT",
    "INPUT_FILL",
    "LEFT_TOP",
    "LINE_HEIGHT",
    "MONEY_FORMAT",
    "MUTED_FONT",
    "NUMBER_FORMATS",
    "PARAGRAPH_TOP",
    "PERCENT_FORMAT",
    "RED_FILL",
    "SECTION_FONT",
    "SUBTLE_BORDER",
    "TABLE_STYLE",
    "TITLE_FONT",
    "WRAP_TOP",
    "alignment_for",
    "header_alignment_for",
    "header_height",
    "number_format_for",
    "set_print_layout",
    "style_header_row",
]

FONT_NAME = palette.FONT_NAME
ACCENT = palette.ACCENT
"""Deep blue: header rows, titles. The only strong colour pmkit uses."""
ACCENT_LIGHT = palette.ACCENT_LIGHT
GREY_TEXT = palette.GREY_TEXT


def _font(role: Role) -> Font:
    spec = palette.ROLE_FONTS[role]
    return Font(
        name=FONT_NAME,
        size=spec.size,
        bold=spec.bold or None,
        italic=spec.italic or None,
        color=spec.colour,
    )


def _solid(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


TITLE_FONT = _font(Role.TITLE)
SECTION_FONT = _font(Role.HEADING)
BODY_FONT = _font(Role.BODY)
MUTED_FONT = _font(Role.NOTE)
HEADER_FONT = _font(Role.HEADER)
HEADER_FILL = _solid(ACCENT)
HEADER_ALIGNMENT = Alignment(horizontal="left", vertical="bottom", wrap_text=True, indent=1)
WRAP_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
"""A table's wrapped text, a step in from the left like its header."""
LEFT_TOP = Alignment(horizontal="left", vertical="top", indent=1)
PARAGRAPH_TOP = Alignment(vertical="top", wrap_text=True)
"""Text running across the sheet from its left edge, under a heading."""
LINE_HEIGHT = LINE_POINTS
"""Points per line of 11-point text."""
INPUT_FILL = _solid(ACCENT_LIGHT)
"""Pale accent behind cells the owner is meant to fill in (the Settings values)."""
SUBTLE_BORDER = Border(bottom=Side(style="thin", color=palette.RULE_COLOUR))

# Soft red / amber / green backgrounds for status cells (dark text stays readable).
RED_FILL = _solid(palette.TONE_FILLS[Tone.RED])
AMBER_FILL = _solid(palette.TONE_FILLS[Tone.AMBER])
GREEN_FILL = _solid(palette.TONE_FILLS[Tone.GREEN])

TABLE_STYLE = "TableStyleLight1"
"""A quiet banded style; the header's own fill and font override its header colours."""

DATE_FORMAT = palette.DATE_FORMAT
"""`Wed 15 Apr 2026`: unambiguous in every locale, unlike 04/05/2026, and the way every
sentence pmkit writes shows a date (`pmkit.engine.figures`)."""
PERCENT_FORMAT = palette.PERCENT_FORMAT
MONEY_FORMAT = palette.MONEY_FORMAT
NUMBER_FORMATS: dict[Kind, str] = {
    Kind.DATE: DATE_FORMAT,
    Kind.PERCENT: PERCENT_FORMAT,
    Kind.CAPACITY: PERCENT_FORMAT,
    Kind.MONEY: MONEY_FORMAT,
    Kind.DAYS: "0",
    Kind.SCORE: "0",
    Kind.NUMBER: "General",
    # Text, so that "3,4" stays a list of predecessors instead of becoming the number 34.
    Kind.PREDECESSORS: "@",
    # Text too: a list of days off stays as typed, and one date typed alone stays readable.
    Kind.DATES: "@",
    Kind.ID: "General",
    Kind.TEXT: "General",
    Kind.CHOICE: "General",
}


_TABLE_KINDS: dict[Kind, CellKind] = {
    Kind.DATE: CellKind.DATE,
    Kind.DAYS: CellKind.INTEGER,
    Kind.PERCENT: CellKind.PERCENT,
    Kind.CAPACITY: CellKind.PERCENT,
    Kind.SCORE: CellKind.INTEGER,
    Kind.MONEY: CellKind.MONEY,
    Kind.NUMBER: CellKind.NUMBER,
    # short codes sit centred, like the figures: clear of the text either side
    Kind.ID: CellKind.INTEGER,
    Kind.CHOICE: CellKind.INTEGER,
}


def alignment_for(kind: Kind, *, wrap: bool = False) -> Alignment:
    """Cell alignment of a column of this kind, as the output sheets align theirs
    (`pmkit.outputs.palette.KIND_ALIGNMENT`): dates, days, ids and choices centred (so
    they never run into the text beside them), money right and text left, each a step
    in; all top-aligned."""
    align = palette.KIND_ALIGNMENT[_TABLE_KINDS.get(kind, CellKind.TEXT)]
    return Alignment(
        horizontal=align.horizontal, vertical="top", wrap_text=wrap, indent=align.indent
    )


def header_alignment_for(kind: Kind) -> Alignment:
    """Header cells line up with their column's values and wrap onto as many lines as
    they need."""
    cell = alignment_for(kind)
    return Alignment(
        horizontal=cell.horizontal, vertical="bottom", wrap_text=True, indent=cell.indent
    )


def number_format_for(kind: Kind) -> str:
    """The Excel number format of a column of this kind (`ddd d mmm yyyy` for dates)."""
    return NUMBER_FORMATS.get(kind, "General")


def header_height(headers: Iterable[tuple[str, float]]) -> float:
    """Room for every header (text, column width) on the lines it wraps to, in bold."""
    lines = max(
        (text_lines(text, width, indent_chars=1, bold=True) for text, width in headers if text),
        default=1,
    )
    return LINE_HEIGHT * lines + 6


def style_header_row(sheet: Worksheet, row: int, first_column: int, last_column: int) -> None:
    """Accent fill, white bold text, wrapped: the header row of every pmkit table, as
    tall as its longest header needs (set the column widths first)."""
    headers = []
    for column in range(first_column, last_column + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        width = sheet.column_dimensions[get_column_letter(column)].width or 8.43
        headers.append((str(cell.value or ""), float(width)))
    sheet.row_dimensions[row].height = header_height(headers)


def set_print_layout(sheet: Worksheet, setup: PageSetup) -> None:
    """The sheet's print setup (`pmkit.outputs.print_layout`): orientation, fit to the
    page width or a fixed scale, margins, titles repeated on every page, page breaks,
    and the sheet's name and page number in the footer."""
    sheet.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=setup.fit_width)
    if setup.fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    else:
        sheet.page_setup.scale = setup.scale
    m = MARGINS
    sheet.page_margins = PageMargins(
        left=m.left, right=m.right, top=m.top, bottom=m.bottom, header=m.header, footer=m.footer
    )
    sheet.print_options.horizontalCentered = False
    if setup.title_rows_ref:
        sheet.print_title_rows = setup.title_rows_ref
    if setup.title_columns_ref:
        sheet.print_title_cols = setup.title_columns_ref
    for row in setup.row_breaks:
        sheet.row_breaks.append(Break(id=row))
    sheet.HeaderFooter.oddFooter = HeaderFooterItem(
        left=_HeaderFooterPart(text="&A"), right=_HeaderFooterPart(text="Page &P of &N")
    )
