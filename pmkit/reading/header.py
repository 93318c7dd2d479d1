"""Finding a sheet's header row and which column holds which field.

The header is the first row within the sheet's first 10 that holds all of the sheet's
key headers (`ID` and `Task` on the Plan). Names match case-insensitively with outer
spaces ignored; columns may come in any order; unknown columns are the owner's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmkit.engine.errors import HeaderError
from pmkit.engine.issues import Code, Issue, Location, Severity, column_letter
from pmkit.engine.schema import Column, SheetSchema, normalize_name
from pmkit.reading.grid import Grid
from pmkit.reading.unread_columns import suggested_header

__all__ = ["HEADER_SEARCH_ROWS", "Header", "find_header", "merged_cell_issues"]

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, slots=True)
class FieldColumn:
    """A known column: its schema entry, its index in the grid's rows, its sheet column."""

    column: Column
    index: int
    number: int


@dataclass(frozen=True, slots=True)
class Header:
    """The header row of a sheet: its index in `grid.rows`, and its known columns by field."""

    grid_index: int
    sheet_row: int
    fields: dict[str, FieldColumn]
    others: tuple[tuple[int, int, str], ...] = ()
    """The owner's own columns: (index in the grid's rows, sheet column, header text)."""

    def number(self, field: str) -> int | None:
        """The 1-based sheet column of `field`, if the sheet has it."""
        found = self.fields.get(field)
        return found.number if found else None


def _cell(grid: Grid, sheet_row: int, number: int) -> str:
    return f"{grid.name}!{column_letter(number)}{sheet_row}"


def find_header_index(grid: Grid, keys: Sequence[str]) -> int | None:
    """Index in `grid.rows` of the first row (sheet rows 1–10) holding every key header."""
    wanted = {normalize_name(key) for key in keys}
    for index, row in enumerate(grid.rows):
        if grid.first_row + index > HEADER_SEARCH_ROWS:
            break
        names = {normalize_name(value) for value in row if isinstance(value, str)}
        if wanted <= names:
            return index
    return None


def find_header(grid: Grid, schema: SheetSchema, keys: Sequence[str]) -> Header:
    """The header of `grid` for `schema`; `HeaderError` if missing, repeated or merged."""
    index = find_header_index(grid, keys)
    if index is None:
        listed = " and ".join(f"'{key}'" for key in keys)
        raise HeaderError(
            f"The {grid.name} sheet has no header row: none of its first "
            f"{HEADER_SEARCH_ROWS} rows holds {listed}",
            Location(grid.name),
        )
    sheet_row = grid.first_row + index
    known = schema.by_header()
    fields: dict[str, FieldColumn] = {}
    others: list[tuple[int, int, str]] = []
    for offset, value in enumerate(grid.rows[index]):
        if not isinstance(value, str):
            continue
        number = grid.first_column + offset
        column = known.get(normalize_name(value))
        if column is None:
            if value.strip():
                others.append((offset, number, value.strip()))
            continue
        earlier = fields.get(column.field)
        if earlier is not None:
            raise HeaderError(
                f"The {grid.name} sheet has two '{column.header}' columns, at "
                f"{_cell(grid, sheet_row, earlier.number)} and {_cell(grid, sheet_row, number)}; "
                "rename or delete one",
                Location(grid.name, sheet_row, number),
            )
        fields[column.field] = FieldColumn(column, offset, number)
    for merged in grid.merged:
        if merged.first_row <= sheet_row <= merged.last_row and any(
            merged.first_column <= found.number <= merged.last_column for found in fields.values()
        ):
            raise HeaderError(
                f"Header cells {grid.name}!{merged} are merged; unmerge them so each "
                "column has its own header",
                Location(grid.name, merged.first_row, merged.first_column),
            )
    missing = [
        column.header for column in schema.columns if column.required and column.field not in fields
    ]
    if missing:
        raise HeaderError(
            f"The {grid.name} sheet's header row {sheet_row} has no "
            + " or ".join(f"'{name}'" for name in missing)
            + " column"
            + _meant(grid, sheet_row, others, schema, set(fields), missing),
            Location(grid.name, sheet_row),
        )
    return Header(index, sheet_row, fields, tuple(others))


def _meant(  # noqa: PLR0917 - the header row's parts
    grid: Grid,
    sheet_row: int,
    others: list[tuple[int, int, str]],
    schema: SheetSchema,
    present: set[str],
    missing: list[str],
) -> str:
    """`; is 'Duraton' (Plan!D1) meant to be 'Duration'? Rename it` — or nothing."""
    for _, number, text in others:
        meant = suggested_header(text, schema, present)
        if meant in missing:
            return (
                f"; is '{text}' ({_cell(grid, sheet_row, number)}) meant to be '{meant}'? Rename it"
            )
    return ""


def merged_cell_issues(grid: Grid, header: Header) -> list[Issue]:
    """A warning for each merged block below the header that touches a known column."""
    numbers = sorted(found.number for found in header.fields.values())
    issues = []
    for merged in grid.merged:
        if merged.last_row <= header.sheet_row:
            continue
        if not any(merged.first_column <= number <= merged.last_column for number in numbers):
            continue
        issues.append(
            Issue(
                Severity.WARNING,
                Code.MERGED_CELLS,
                Location(grid.name, merged.first_row, merged.first_column),
                None,
                f"Cells {merged} are merged; pmkit reads only the top-left cell and "
                "treats the rest as blank, so unmerge them and fill each cell",
            )
        )
    return issues
