"""The look of every workbook pmkit writes, as openpyxl objects: one accent colour, one
font, shared formats.

The colours, fonts and number formats themselves are defined once, in
`pmkit.outputs.palette` (which the Excel add-in and the Google sync also use); the
template and the sample plan take them from here, so an owner sees one calm house style.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.header_footer import HeaderFooterItem, _HeaderFooterPart
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.schema import Kind
from pmkit.outputs import palette
from pmkit.outputs.cells import Role, Tone

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
    "HEADER_ROW_HEIGHT",
    "INPUT_FILL",
    "LEFT_TOP",
    "LINE_HEIGHT",
    "MONEY_FORMAT",
    "MUTED_FONT",
    "NUMBER_FORMATS",
    "PERCENT_FORMAT",
    "RED_FILL",
    "SECTION_FONT",
    "SUBTLE_BORDER",
    "TABLE_STYLE",
    "TITLE_FONT",
    "WRAP_TOP",
    "alignment_for",
    "header_alignment_for",
    "number_format_for",
    "set_print_layout",
    "style_header_row",
    "text_height",
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
HEADER_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADER_ROW_HEIGHT = palette.HEADER_ROW_HEIGHT
"""Two lines, so long headers (Start No Earlier Than) wrap instead of widening columns."""
WRAP_TOP = Alignment(vertical="top", wrap_text=True)
LEFT_TOP = Alignment(horizontal="left", vertical="top")
LINE_HEIGHT = 15.0
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


_CENTERED = frozenset(
    {Kind.DATE, Kind.DAYS, Kind.PERCENT, Kind.CAPACITY, Kind.SCORE, Kind.CHOICE, Kind.ID}
)


def alignment_for(kind: Kind, *, wrap: bool = False) -> Alignment:
    """Cell alignment of a column of this kind: dates, days, ids and choices centred (so
    they never run into the text beside them), money right, text left; all top-aligned."""
    if kind in _CENTERED:
        return Alignment(horizontal="center", vertical="top", wrap_text=wrap)
    if kind is Kind.MONEY:
        return Alignment(horizontal="right", vertical="top", wrap_text=wrap)
    # One step of indent keeps text clear of a right-aligned number in the column before.
    return Alignment(horizontal="left", vertical="top", wrap_text=wrap, indent=1)


def header_alignment_for(kind: Kind) -> Alignment:
    """Header cells line up with their column's values and wrap onto two lines."""
    cell = alignment_for(kind)
    return Alignment(
        horizontal=cell.horizontal, vertical="center", wrap_text=True, indent=cell.indent
    )


def number_format_for(kind: Kind) -> str:
    """The Excel number format of a column of this kind (`ddd d mmm yyyy` for dates)."""
    return NUMBER_FORMATS.get(kind, "General")


_NARROW_CHARACTERS = frozenset("iljtfr.,;:'!|()[] -/")
_WIDE_CHARACTERS = frozenset("mwMW@%")


def _text_units(text: str) -> float:
    """Rough printed width of `text` in Calibri 11, in units of a column-width character."""
    units = 0.0
    for character in text:
        if character in _NARROW_CHARACTERS:
            units += 0.5
        elif character in _WIDE_CHARACTERS:
            units += 1.3
        elif character.isupper() or character.isdigit():
            units += 1.0
        else:
            units += 0.8
    return units


def text_height(
    text: str, width_chars: float, *, line_height: float = LINE_HEIGHT, indent_chars: float = 0.0
) -> float:
    """Row height (points) that shows `text` wrapped in a column `width_chars` wide.

    Neither openpyxl nor Excel fits wrapped rows on opening, so the height is set here,
    from a word-by-word estimate of the wrapped lines (measured against LibreOffice's
    rendering; it errs towards one line too many, never too few).
    """
    usable = max(width_chars * 0.84 - indent_chars, 1.0)
    space = _text_units(" ")
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            length = _text_units(word)
            if used and used + space + length > usable:
                lines += 1
                used = length
            else:
                used += (space if used else 0.0) + length
    return max(lines, 1) * line_height + 3


def style_header_row(sheet: Worksheet, row: int, first_column: int, last_column: int) -> None:
    """Accent fill, white bold text, wrapped: the header row of every pmkit table."""
    for column in range(first_column, last_column + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    sheet.row_dimensions[row].height = HEADER_ROW_HEIGHT


def set_print_layout(sheet: Worksheet, *, title_rows: str | None = None) -> None:
    """Landscape, fit to one page wide, header repeated on every page, page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.print_options.horizontalCentered = False
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.HeaderFooter.oddFooter = HeaderFooterItem(
        left=_HeaderFooterPart(text="&A"), right=_HeaderFooterPart(text="Page &P of &N")
    )
