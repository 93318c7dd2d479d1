"""An output sheet as a front end draws it: `SheetLook`, one question at a time.

pmkit's own xlsx writers draw an `OutputSheet` from the palette (`pmkit.outputs.palette`)
and the layout (`pmkit.outputs.layout`, `pmkit.outputs.print_layout`) directly. The
Excel add-in (xlwings) and the Google sync draw the same sheet through another medium's
calls; they ask this one object instead: how each cell looks, how a table's column is
formatted, each row's height and merge, where the filter goes, how the sheet prints, and
the History chart's lines. The answers are the ones the report file is written from, so
a red cell is the same red in every medium. Standard library only.

>>> from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row
>>> costs = OutputSheet("Costs", (Row((Cell(12.5, CellKind.MONEY),)),), (10.0,), currency="USD")
>>> look = SheetLook(costs)
>>> look.column(CellKind.MONEY).horizontal, look.cell(Cell("x"), Role.HEADER, 1).bold
('right', True)
"""

from __future__ import annotations

from collections.abc import Mapping

from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role
from pmkit.outputs.layout import filter_box, merged_columns, page_setup, row_height
from pmkit.outputs.palette import (
    FONT_NAME,
    TREND_COLOURS,
    CellStyle,
    Look,
    cell_style,
    look_of,
    money_format,
)
from pmkit.outputs.print_layout import FOOTER, MARGINS, Margins, PageSetup

__all__ = ["SheetLook"]


class SheetLook:
    """How `sheet` is drawn: its cells' styles (in its currency), rows, filter and print.

    `font_name` is every cell's font; `trend_colours` the History chart's line colours by
    series (`slip`, `spi`, `cpi`); `margins` (inches) and `footer` (Excel's header/footer
    codes) are every printed page's.
    """

    __slots__ = ("money", "sheet")

    font_name: str = FONT_NAME
    trend_colours: Mapping[str, str] = TREND_COLOURS
    margins: Margins = MARGINS
    footer: str = FOOTER

    def __init__(self, sheet: OutputSheet) -> None:
        self.sheet = sheet
        self.money = money_format(sheet.currency)
        """The sheet's money format (`"$"#,##0` for USD)."""

    def cell(self, cell: Cell, role: Role, column: int) -> CellStyle:
        """The style of `cell` in 1-based `column` of a `role` row of the sheet."""
        return cell_style(look_of(self.sheet, cell, role, column), self.money)

    def column(self, kind: CellKind) -> CellStyle:
        """The style of a table's plain body cell of `kind`: the number format and the
        alignment its whole column takes (a header sits as its column's values do)."""
        return cell_style(Look(Role.BODY, kind, None, False, False, False, False), self.money)

    def row_height(self, r: int) -> float | None:
        """Points for row `r` (1-based), or None to leave it at the default."""
        return row_height(self.sheet, r)

    def merged_columns(self, r: int) -> int | None:
        """How many columns row `r` (1-based) spans from column A when merged (None: not)."""
        return merged_columns(self.sheet, r)

    def filter_box(self) -> tuple[int, int, int] | None:
        """(header row, last row, last column), 1-based, of a plain table's filter buttons."""
        return filter_box(self.sheet)

    def page(self) -> PageSetup:
        """How the sheet prints: orientation, scale or fit, titles and page breaks."""
        return page_setup(self.sheet)
