"""What Excel sends a cell function, turned into pmkit's types. The one translation layer.

Two runtimes send the same range differently:

* classic xlwings (Windows): empty cells are None, numbers float, date cells `datetime`,
  dates computed by formulas serial floats, a single cell a bare value, a row or a
  column a 1-D list, error cells None (or `#N/A` text with `err_to_str`);
* xlwings Lite / Office.js: empty cells `""` (or 0 when a formula points at a blank),
  whole numbers `int`, every date a serial number, everything a 2-D list, errors as
  text such as `#REF!`.

Everything here accepts both. Cells are read by the engine's own cell readers
(`pmkit.reading.cells`, `pmkit.reading.predecessors`), so `=PM_SLIP(Plan[#All])` and
`pmkit schedule` read a plan identically. Standard library only: this module runs in
Pyodide (xlwings Lite) as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from pmkit import ArgumentError, HeaderError, Plan
from pmkit.frontend import (
    PLAN,
    ExcelError,
    column_letter,
    date_from_cell,
    describe,
    normalize_name,
    parse_id,
    plan_from_grids,
    zero_is_blank,
)
from pmkit.frontend import Grid as SheetGrid

__all__ = [
    "Grid",
    "as_grid",
    "check_plain_cells",
    "parse_choice",
    "parse_date_argument",
    "parse_day_count",
    "parse_holidays",
    "parse_task_id",
    "read_plan_table",
]

Grid = tuple[tuple[Any, ...], ...]
"""A range as rows of cell values; hashable, so it doubles as the cache key."""

EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)
_SHOWN_VALUE = 20  # characters of a bad argument quoted back
_CHOICE_MESSAGE = 100  # a choice message fits a cell answer with the function's name
_HEADER_SEARCH_ROWS = 10  # docs/plan-workbook.md: the header is within the first 10 rows
_PLAN_COLUMNS = PLAN.by_header()


def as_grid(value: object) -> Grid:
    """Any shape Excel sends → rows of cells: a scalar is 1 × 1, a 1-D list one row.

    >>> as_grid([[1, 2], [3, 4]]), as_grid(5), as_grid([1, 2])
    (((1, 2), (3, 4)), ((5,),), ((1, 2),))
    """
    if isinstance(value, list | tuple):
        if not value:
            return ()
        if isinstance(value[0], list | tuple):
            return tuple(map(tuple, value))
        return (tuple(value),)
    return ((value,),)


def check_plain_cells(table: Grid | None, what: str) -> None:
    """Raise a plain `ArgumentError` naming the first cell that holds no plain value.

    Excel hands over text, numbers, dates, booleans and blanks; a list or a record (an
    Excel data type, a Python object) has no meaning in a plan and cannot be cached.
    """
    for row_number, row in enumerate(table or (), start=1):
        for column_number, cell in enumerate(row, start=1):
            try:
                hash(cell)
            except TypeError:
                where = f"{column_letter(column_number)}{row_number}"
                place = f"{PLAN.name}!{where}" if what == "plan" else f"{what}: cell {where}"
                raise ArgumentError(
                    f"{place} holds {_kind_of(cell)}, not a value; "
                    "use text, a number or a date there"
                ) from None


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a record (an Excel data type)"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    return f"a {type(value).__name__}"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_blank_or_zero(value: object) -> bool:
    """Blank, or the 0 Office.js sends for a formula that points at a blank cell."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return bool(value == 0)  # 0, 0.0 and False


def _shown(value: object) -> str:
    """A bad argument quoted back as Excel shows it (`'soon'`, `TRUE`, `2026-03-09`, `2`),
    cut to `_SHOWN_VALUE` characters."""
    text = describe(value)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def _refuse_excel_error(value: object, what: str) -> None:
    """An argument whose cell shows an Excel error (`#N/A`) is named as that error."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise ArgumentError(f"{what}: the cell shows the Excel error {value.strip()}")


# -- scalar arguments -----------------------------------------------------------------------


def parse_date_argument(value: object, what: str) -> date | None:
    """A date argument (status_date, start, finish): a date cell, a serial, or ISO text.

    Blank (and the 0 of an empty reference) is None, meaning "not given".
    """
    value = _first_cell(value, what)
    if _is_blank_or_zero(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    _refuse_excel_error(value, what)
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            return date_from_cell(value)
        except (OverflowError, ValueError) as exc:  # DateTextError: why it is not a date
            raise ArgumentError(f"{what}: {exc}") from None
    raise ArgumentError(f"{what}: {_shown(value)} is not a date")


def parse_task_id(value: object, what: str = "task_id") -> str | None:
    """A task id argument: `7`, `7.0` and `"7"` are all task "7"; blank is None."""
    value = _first_cell(value, what)
    if _is_blank(value):
        return None
    _refuse_excel_error(value, what)
    if isinstance(value, datetime | date):
        raise ArgumentError(f"{what} is a date ({_shown(value)}), not a task ID")
    task_id = None if isinstance(value, bool) else parse_id(value)
    if task_id is None:
        raise ArgumentError(f"{what} {_shown(value)} is not a task ID")
    return task_id


def parse_day_count(value: object, what: str) -> int:
    """A number of days such as WORKDAY's `days`: `5.0` and `"5"` are 5, and a fraction is
    truncated toward zero as Excel's WORKDAY does (`1.5` → 1, `-1.5` → -1)."""
    value = _first_cell(value, what)
    if _is_blank(value):
        raise ArgumentError(f"{what} is missing; give a number of working days")
    _refuse_excel_error(value, what)
    if isinstance(value, datetime | date):
        raise ArgumentError(f"{what} {_shown(value)} is a date, not a number of working days")
    number: float | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise ArgumentError(f"{what} {_shown(value)} is not a number of working days")
    return math.trunc(number)


def parse_choice(value: object, what: str, choices: Sequence[str], default: str) -> str:
    """One of `choices` (case-insensitive, spaces and `_`/`-` ignored); blank → default."""
    value = _first_cell(value, what)
    if _is_blank_or_zero(value):
        return default
    _refuse_excel_error(value, what)
    wanted = _choice_key(value) if isinstance(value, str) else None
    for choice in choices:
        if _choice_key(choice) == wanted:
            return choice
    opening = f"{what} {_shown(value)} is not one of: "
    listed = ", ".join(choices)
    if len(opening) + len(listed) > _CHOICE_MESSAGE:  # a cell answer stays short
        listed = listed[: _CHOICE_MESSAGE - len(opening) - 1].rsplit(", ", 1)[0] + ", …"
    raise ArgumentError(opening + listed)


def _choice_key(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


def _first_cell(value: object, what: str) -> object:
    """A one-cell argument may arrive as a scalar, [x] or [[x]] depending on the runtime."""
    if isinstance(value, list | tuple):
        cells = [cell for row in as_grid(value) for cell in row]
        filled = [cell for cell in cells if not _is_blank(cell)]
        if len(filled) > 1:
            raise ArgumentError(f"{what} should be one cell, not a range of {len(cells)}")
        return filled[0] if filled else None
    return value


def parse_holidays(value: object) -> tuple[date, ...]:
    """A range of holiday dates: a column, a row, or a `Date | Name` table (first column).

    Blanks are skipped, and so is a header cell such as `Date` at the top.
    """
    if value is None:
        return ()
    grid = as_grid(value)
    if len(grid) > 1 and max(len(row) for row in grid) > 1:
        cells = [row[0] if row else None for row in grid]  # a Date | Name table
    else:
        cells = [cell for row in grid for cell in row]
    # a bad date names its place in the range (a cell function is given values, not cells)
    unit = "row" if len(grid) > 1 else "cell"
    days: list[date] = []
    for position, cell in enumerate(cells):
        if _is_blank_or_zero(cell):
            continue
        if position == 0 and isinstance(cell, str) and normalize_name(cell) in {"date", "holiday"}:
            continue
        day = parse_date_argument(cell, f"holidays, {unit} {position + 1} of the range")
        if day is not None:
            days.append(day)
    return tuple(days)


# -- the plan ------------------------------------------------------------------------------


def read_plan_table(
    table: Grid,
    *,
    holidays: Sequence[date] = (),
    settings: Grid | None = None,
    changes: Grid | None = None,
    baseline: Grid | None = None,
    today: date | None = None,
) -> Plan:
    """The Plan table with its header row (`Plan[#All]`) → a `Plan`, exactly as `read_plan`.

    `settings`, `changes` and `baseline` are those sheets' tables, when the formula
    passes them; `holidays` are added to the plan's non-working days. Row numbers in
    findings assume the table starts in row 1 of its sheet, as the template's does.
    Raises `ArgumentError` when the range has no header row.
    """
    header_index = _header_index(table)
    grids = {PLAN.name: SheetGrid(PLAN.name, _plan_rows(table, header_index))}
    if settings is not None:
        grids["Settings"] = SheetGrid("Settings", _settings_rows(settings))
    for sheet, grid in (("Changes", changes), ("Baseline", baseline)):
        if grid is not None:
            grids[sheet] = SheetGrid(sheet, [_cleaned(row) for row in grid])
    if holidays:
        rows = [("Date", "Name"), *((day, "") for day in holidays)]
        grids["Holidays"] = SheetGrid("Holidays", rows)
    try:
        return plan_from_grids(PLAN.name, grids, today=today)
    except HeaderError as exc:
        raise ArgumentError(exc.message) from None  # the reader's sentence, cell and all


def _header_index(table: Grid) -> int:
    for index, row in enumerate(table[:_HEADER_SEARCH_ROWS]):
        names = {normalize_name(cell) for cell in row if isinstance(cell, str)}
        if "id" in names and "task" in names:
            return index
    if not any(not _is_blank(cell) for row in table for cell in row):
        raise ArgumentError("the plan range is empty; pass the whole Plan table: Plan[#All]")
    raise ArgumentError(
        "the plan range has no header row with ID and Task; pass the whole table "
        "with its headers: Plan[#All]"
    )


def _plan_rows(table: Grid, header_index: int) -> list[tuple[object, ...]]:
    """The rows with Office.js quirks undone: error text → `ExcelError`, blank-0 → None.

    Checked with C-level `in` and `isdisjoint` tests first: most rows of a classic
    table need nothing, which keeps a 10,000-row plan fast.
    """
    header = table[header_index]
    names = list(map(str, header))
    columns = [_PLAN_COLUMNS.get(normalize_name(name)) for name in names]
    # Office.js sends 0 for a formula that points at a blank cell
    zero_columns = [i for i, name in enumerate(names) if zero_is_blank(PLAN.name, name)]
    id_index = next((i for i, column in enumerate(columns) if column and column.field == "id"), 0)
    pick = itemgetter(*zero_columns, id_index, id_index)  # two or more: always a tuple
    rows: list[tuple[object, ...]] = list(table[: header_index + 1])
    errors = EXCEL_ERRORS
    for row in table[header_index + 1 :]:
        try:
            zeros = 0 in pick(row)
        except IndexError:  # a ragged row
            zeros = 0 in row
        has_errors = _has_errors(row)
        if not zeros and not has_errors:
            rows.append(row)
            continue
        blank_id = id_index >= len(row) or _is_blank_or_zero(row[id_index])
        if blank_id and all(map(_is_blank_or_zero, row)):
            rows.append(())  # a blank row as Office.js sends it: zeros and ""
            continue
        cells = list(row)
        for index in zero_columns:
            if index < len(cells) and _is_zero(cells[index]):
                cells[index] = None
        if has_errors:
            cells = [
                ExcelError(cell) if cell.__class__ is str and cell in errors else cell
                for cell in cells
            ]
        rows.append(tuple(cells))
    return rows


def _has_errors(row: tuple[object, ...]) -> bool:
    try:
        return not EXCEL_ERRORS.isdisjoint(row)
    except TypeError:  # an unhashable cell value: look at the text cells one by one
        return any(cell in EXCEL_ERRORS for cell in row if isinstance(cell, str))


def _needs_cleaning(row: tuple[object, ...]) -> bool:
    return 0 in row or _has_errors(row)


def _clean(cell: object, zero_is_blank: bool) -> object:
    if isinstance(cell, str):
        return ExcelError(cell) if cell in EXCEL_ERRORS else cell
    if zero_is_blank and _is_zero(cell):
        return None
    return cell


def _cleaned(row: tuple[object, ...]) -> tuple[object, ...]:
    if not _needs_cleaning(row):
        return row
    return tuple(_clean(cell, zero_is_blank=False) for cell in row)


def _settings_rows(settings: Grid) -> list[tuple[object, ...]]:
    """Settings rows; a 0 from an empty reference is dropped, except for day counts."""
    rows: list[tuple[object, ...]] = []
    for row in settings:
        if len(row) < 2 or not isinstance(row[0], str):
            rows.append(row)
            continue
        value = row[1]
        if isinstance(value, str) and value in EXCEL_ERRORS:
            value = ExcelError(value)
        elif _is_zero(value) and zero_is_blank("Settings", row[0]):
            value = None
        rows.append((row[0], value, *row[2:]))
    return rows


def _is_zero(value: object) -> bool:
    return not isinstance(value, str | bool | datetime | date) and value == 0
