"""A sheet as a rectangle of cell values, with where it sits on the sheet.

The workbook reader (python-calamine), the Excel add-in (a `Plan[#All]` range) and the
Google Sheets sync (`values.batchGet`) all hand the sheet readers a `Grid`, so they
share one set of rules. Standard library only: this also runs in Pyodide.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from pmkit.engine.schema import PLAN, SETTINGS, SETTINGS_ROWS, Kind, normalize_name

__all__ = ["CellRange", "Grid", "is_percent_format", "zero_is_blank"]

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
      only asked about the few cells the value cannot settle, so it may be lazy;
    * `dates_as_dates`: True when a date-formatted cell arrives as a date (the .xlsx
      reader), so a number in a date column has no date format and is read with a note
      saying which date it stands for. False where dates may arrive as serial numbers
      (Google Sheets, the cell functions): such a number is read as the date it stands for.
    """

    name: str
    rows: Sequence[Sequence[object]]
    first_row: int = 1
    first_column: int = 1
    merged: tuple[CellRange, ...] = ()
    totals_rows: frozenset[int] = frozenset()
    percent_cells: Container[tuple[int, int]] = frozenset()
    dates_as_dates: bool = False


def is_percent_format(code: str) -> bool:
    """True when an Excel number format shows its value as a percentage (`0.0%`).

    For `Grid.percent_cells`: a `%` in quotes, escaped or in a `[$…]` tag is only shown.

    >>> is_percent_format("0.00%"), is_percent_format('0 "%"'), is_percent_format("General")
    (True, False, False)
    """
    return "%" in _LITERALS.sub("", code.split(";", maxsplit=1)[0])


# Kinds of Plan column whose cells are never 0, and the Settings rows keyed by name.
_NEVER_ZERO = frozenset({Kind.DATE, Kind.TEXT, Kind.CHOICE, Kind.PREDECESSORS})
_PLAN_KINDS = {name: column.kind for name, column in PLAN.by_header().items()}
_SETTING_KINDS = {normalize_name(row.name): row.kind for row in SETTINGS_ROWS}


def zero_is_blank(sheet: str, name: str) -> bool:
    """Whether a 0 in the Plan column headed `name`, or as the value of the setting
    `name` (`sheet` "Settings"), can only stand for a blank cell: xlwings Lite (Office.js)
    hands a formula pointing at a blank cell over as 0. No date, text, choice or
    predecessor list is 0, and of the settings only a count of days is; False for a
    name pmkit does not know.

    >>> zero_is_blank("Plan", "Deadline"), zero_is_blank("Plan", "Duration")
    (True, False)
    """
    key = normalize_name(name)
    if normalize_name(sheet) == normalize_name(SETTINGS.name):
        kind = _SETTING_KINDS.get(key)
        return kind is not None and kind is not Kind.DAYS
    return _PLAN_KINDS.get(key) in _NEVER_ZERO
