"""How a sheet prints, decided once for every writer that can print (the xlsx report by
both its writers, the template, the Excel add-in; Google Sheets has no print setup a
program can set).

The page is the smaller of A4 and Letter in each direction, so a sheet prints the same on
either paper. A sheet narrow enough to print at `MIN_SCALE` or more is fitted to one
page wide. A wider one prints at `MIN_SCALE` — its smallest text (10-point notes) at
8 points, readable at arm's length — across as many pages as it needs, with its header
rows and its first columns (ID and Task) repeated on every page. A sheet whose rows must
stay together (a heading with its table, a Gantt task's two bars) prints at a fixed
scale, every row a known height, with its page breaks set between those groups: a
program that fits a sheet to the page chooses its own breaks (Excel then ignores the
ones it was given).

>>> setup = page_setup_for((7.0, 36.0, *(15.0,) * 17), title_rows=(1, 1), title_columns=2)
>>> setup.fit_width, setup.scale, setup.title_columns_ref
(False, 80, 'A:B')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pmkit.engine.issues import column_letter
from pmkit.outputs.palette import ROLE_FONTS

__all__ = [
    "MARGINS",
    "MIN_PRINTED_POINTS",
    "MIN_SCALE",
    "PAPER",
    "Margins",
    "PageSetup",
    "column_points",
    "page_breaks",
    "page_height_points",
    "page_setup_for",
    "printable_width_points",
]

PAPER = (595.0, 792.0)
"""Points, portrait: the narrower of A4 (595 × 842) and Letter (612 × 792) each way."""
MIN_PRINTED_POINTS = 8.0
"""The smallest text a printed page may carry."""
MIN_SCALE = math.ceil(100 * MIN_PRINTED_POINTS / min(font.size for font in ROLE_FONTS.values()))
"""Percent: the smallest scale at which every font of the palette prints at 8 points."""
_FIT_SAFETY = 0.97
"""Share of a page filled when breaks are set: rounding in each program never pushes the
last row of a group onto the next page."""


@dataclass(frozen=True, slots=True)
class Margins:
    """Inches, as Excel's page setup takes them."""

    left: float = 0.4
    right: float = 0.4
    top: float = 0.5
    bottom: float = 0.6
    header: float = 0.3
    footer: float = 0.3


MARGINS = Margins()
FOOTER = "&L&A&RPage &P of &N"
"""The footer of every printed page: the sheet's name left, `Page 2 of 5` right."""


@dataclass(frozen=True, slots=True)
class PageSetup:
    """A sheet's print setup. `fit_width`: one page wide, as many tall as it takes;
    else printed at `scale` percent. `title_rows` (first, last; 1-based) and the first
    `title_columns` columns repeat on every page; a page ends after each row of
    `row_breaks`."""

    landscape: bool
    fit_width: bool
    scale: int
    title_rows: tuple[int, int] | None = None
    title_columns: int = 0
    row_breaks: tuple[int, ...] = ()

    @property
    def title_rows_ref(self) -> str | None:
        """`1:2`, as Excel's print titles name rows."""
        return None if self.title_rows is None else "{}:{}".format(*self.title_rows)

    @property
    def title_columns_ref(self) -> str | None:
        """`A:B`, as Excel's print titles name columns."""
        if not self.title_columns:
            return None
        return f"A:{column_letter(self.title_columns)}"


def column_points(width_chars: float) -> float:
    """Printed width of a column `width_chars` wide. Excel's unit is a digit of Calibri 11,
    7 pixels on screen (plus 5 pixels of padding, 96 pixels to the inch); LibreOffice
    measures the digit as it is, 7.4 pixels, so a page is laid out for 7.5."""
    return (width_chars * 7.5 + 5) * 0.75


def printable_width_points(landscape: bool) -> float:
    """Points across a page between the margins."""
    width = PAPER[1] if landscape else PAPER[0]
    return width - (MARGINS.left + MARGINS.right) * 72


def page_height_points(landscape: bool, scale: int) -> float:
    """Points of the sheet (at 100 %) that fit down one page at `scale` percent."""
    height = PAPER[0] if landscape else PAPER[1]
    return (height - (MARGINS.top + MARGINS.bottom) * 72) * 100 / scale


def page_setup_for(
    widths: Sequence[float],
    *,
    landscape: bool = True,
    title_rows: tuple[int, int] | None = None,
    title_columns: int = 0,
    heights: Sequence[float] | None = None,
    keep_with_next: Sequence[bool] = (),
) -> PageSetup:
    """The print setup of a sheet with column `widths`.

    `heights` (points, every row) and `keep_with_next` (per row: it stays on the page of
    the row after it) ask for page breaks between groups of rows; they need both.
    """
    natural = printable_width_points(landscape) / max(sum(map(column_points, widths)), 1.0)
    paged = heights is not None and any(keep_with_next)
    if not paged and natural * 100 >= MIN_SCALE:
        return PageSetup(landscape, True, min(100, math.floor(natural * 100)), title_rows)
    scale = max(MIN_SCALE, min(100, math.floor(natural * 100)))
    # Columns repeat only where the sheet runs over more than one page across.
    repeat = title_columns if natural * 100 < scale else 0
    breaks: tuple[int, ...] = ()
    if paged and heights is not None:
        breaks = page_breaks(heights, keep_with_next, landscape, scale, title_rows)
    return PageSetup(landscape, False, scale, title_rows, repeat, breaks)


def page_breaks(
    heights: Sequence[float],
    keep_with_next: Sequence[bool],
    landscape: bool,
    scale: int,
    title_rows: tuple[int, int] | None,
) -> tuple[int, ...]:
    """Rows (1-based) after which a page ends, so that no group of rows kept together is
    cut: the rows up to and including the first that is not kept with its next."""
    page = page_height_points(landscape, scale) * _FIT_SAFETY
    first, used = 1, 0.0
    if title_rows is not None:  # repeated on every page
        page -= sum(heights[title_rows[0] - 1 : title_rows[1]])
        first = title_rows[1] + 1
    breaks: list[int] = []
    row = first
    count = len(heights)
    while row <= count:
        last = row
        while last < count and last - 1 < len(keep_with_next) and keep_with_next[last - 1]:
            last += 1
        block = sum(heights[row - 1 : last])
        if used and used + block > page:
            breaks.append(row - 1)
            used = 0.0
        used += block
        row = last + 1
    return tuple(breaks)
