"""A sheet as a rectangle of cell values, with where it sits on the sheet.

The workbook reader (python-calamine), the Excel add-in (a `Plan[#All]` range) and the
Google Sheets sync (`values.batchGet`) all hand the sheet readers a `Grid`, so they
share one set of rules. Standard library only: this also runs in Pyodide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CellRange", "Grid"]


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
    should arrive as `pmkit.reading.cells.ExcelError('#REF!')`. Rows may be ragged.
    """

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1
    first_column: int = 1
    merged: tuple[CellRange, ...] = ()
