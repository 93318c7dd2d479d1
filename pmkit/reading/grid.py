"""A sheet as a rectangle of cell values, with where it sits on the sheet.

The workbook reader (python-calamine), the Excel add-in (a `Plan[#All]` range) and the
Google Sheets sync (`values.batchGet`) all hand the sheet readers a `Grid`, so they
share one set of rules. Standard library only: this also runs in Pyodide.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

__all__ = ["CellRange", "Grid", "is_percent_format"]

_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [tags]


@dataclass(frozen=True, slots=True)
class CellRange:
    """A block of cells in 1-based sheet coordinates, both corners included."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def __contains__(self, cell: tuple[int, int]) -> bool:
        row, column = cell
        return (
            self.first_row <= row <= self.last_row
            and self.first_column <= column <= self.last_column
        )

    def __str__(self) -> str:
        from pmkit.engine.issues import column_letter

        first = f"{column_letter(self.first_column)}{self.first_row}"
        last = f"{column_letter(self.last_column)}{self.last_row}"
        return first if first == last else f"{first}:{last}"


@dataclass(frozen=True, slots=True)
class Grid:
    """Cell values of one sheet: `rows[0][0]` is the cell at (`first_row`, `first_column`).

    Empty cells may be `''` or None. A formula whose cached value is an Excel error
    should arrive as `pmkit.reading.formula_values.ExcelError('#REF!')`, and one saved without a
    value as `UncalculatedFormula('SUM(D2:D9)')`. Rows may be ragged.

    What a value alone does not say, a front end passes when it can (each defaults to
    "nothing known", which reads the values as they are):

    * `totals_rows`: sheet rows that are an Excel table's totals row (not tasks);
    * `percent_cells`: (sheet row, column) of cells formatted as a percentage, whose
      value is a fraction (a cell showing 150 % holds 1.5). Any container works; it is
      only asked about the few cells the value cannot settle, so it may be lazy.
    """

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1
    first_column: int = 1
    merged: tuple[CellRange, ...] = ()
    totals_rows: frozenset[int] = frozenset()
    percent_cells: Container[tuple[int, int]] = frozenset()


def is_percent_format(code: str) -> bool:
    """True when an Excel number format shows its value as a percentage (`0.0%`).

    For `Grid.percent_cells`: a `%` in quotes, escaped or in a `[$…]` tag is only shown.

    >>> is_percent_format("0.00%"), is_percent_format('0 "%"'), is_percent_format("General")
    (True, False, False)
    """
    return "%" in _LITERALS.sub("", code.split(";", maxsplit=1)[0])
