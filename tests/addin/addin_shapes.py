"""Sheets of a workbook as Excel hands them to a cell function, in both runtimes' shapes.

Classic xlwings (Windows): empty = None, every number a float, date cells `datetime`.
Office.js (xlwings Lite): empty = "", whole numbers `int`, dates as serial numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

Rows = list[list[Any]]

_EPOCH = datetime(1899, 12, 30)


def excel_serial(value: date) -> int | float:
    """A date as Excel's 1900-system serial number (whole for a date without time)."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    days = (moment - _EPOCH).total_seconds() / 86400
    return int(days) if days.is_integer() else days


def sheet_tables(path: Path) -> dict[str, Rows]:
    """Each sheet's used range (its table with headers, from A1) as raw cell values."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    tables: dict[str, Rows] = {}
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        while rows and all(cell is None for cell in rows[-1]):
            rows.pop()
        tables[sheet.title] = rows
    return tables


def classic(rows: Rows) -> Rows:
    """As classic xlwings sends a range: None, floats, datetimes."""
    return [[_classic_cell(cell) for cell in row] for row in rows]


def _classic_cell(cell: object) -> object:
    if isinstance(cell, bool) or cell is None or isinstance(cell, str | datetime):
        return cell
    if isinstance(cell, date):
        return datetime(cell.year, cell.month, cell.day)
    if isinstance(cell, int | float):
        return float(cell)
    return cell


def officejs(rows: Rows) -> Rows:
    """As Office.js sends a range to xlwings Lite: "", ints, serial dates."""
    return [[_officejs_cell(cell) for cell in row] for row in rows]


def _officejs_cell(cell: object) -> object:
    if cell is None:
        return ""
    if isinstance(cell, bool | str):
        return cell
    if isinstance(cell, date):
        return excel_serial(cell)
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def column(rows: Rows, header: str) -> list[Any]:
    """The values under `header` (the first row holds the headers), without the header."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]
