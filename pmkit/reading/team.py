"""The Team sheet: `Owner` | `Email` | `Capacity` | `Days Off` → `TeamMember`s.

Capacity is read by the reader's percent rules (a cell formatted as a percentage holds
a fraction; `50%` text is 50 %; a plain number above 1 is a whole percent, with a note),
up to `MAX_CAPACITY`: a vendor with a team may give more than one person's week. Blank is
100 %. Days Off is one cell of dates and ranges, `2026-04-06..2026-04-10, 2026-05-01`
(also `to` or a dash between two dates, and `;` or new lines between items); a cell
holding a real date is that one day. A bad email, capacity or day off is a finding at
its cell, and that value alone is dropped (a bad capacity counts as 100 %). Names are
matched as owners are (`model.owner_key`); a name listed twice keeps its first row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import NamedTuple, TypeVar

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import DaysOff, TeamMember, owner_key
from pmkit.engine.schema import MAX_CAPACITY, PLAN_YEARS, TEAM
from pmkit.reading.cells import Cells, describe
from pmkit.reading.dates import DateTextError, parse_date_text
from pmkit.reading.formula_values import ExcelError
from pmkit.reading.grid import Grid
from pmkit.reading.header import Header, find_header, merged_cell_issues
from pmkit.reading.plain_percents import PlainNumbers, plain_numbers
from pmkit.reading.sheets import table_rows
from pmkit.reading.unread_columns import near_miss_issues

__all__ = [
    "DaysOffError",
    "is_email_address",
    "parse_days_off",
    "read_capacity",
    "read_days_off",
    "read_email",
    "read_team",
]

_T = TypeVar("_T")
_Reader = Callable[[Cells, object, int, int, "str | None", str], "_T | None"]

_EMAIL = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"'.]+$")
# Items are separated by `;`, new lines, or a comma not followed by a lone year (so
# `Apr 6, 2026` stays one date); a range's ends by `..`, `to` or a dash between spaces.
_ITEMS = re.compile(r"[;\n]+|,(?!\s*\d{4}\b(?![-/.]\d))")
_RANGE = re.compile(r"\s*(?:\.\.|–|—|\s-\s|\bto\b)\s*", re.IGNORECASE)


class DaysOffError(ValueError):
    """A Days Off cell that cannot be read; the message says which part and why."""


def parse_days_off(value: object) -> tuple[DaysOff, ...]:
    """A Days Off cell → its days and ranges, in the order written.

    >>> [str(days) for days in parse_days_off("2026-04-06..2026-04-10, 1 May 2026")]
    ['2026-04-06..2026-04-10', '2026-05-01']

    Raises `DaysOffError` naming the first part that is not a date or a range.
    """
    if isinstance(value, datetime):
        return (DaysOff(value.date(), value.date()),)
    if isinstance(value, date):
        return (DaysOff(value, value),)
    if not isinstance(value, str):
        raise DaysOffError(f"{describe(value)} is not a date; write dates like 2026-04-06")
    found: list[DaysOff] = []
    for item in _ITEMS.split(value):
        if not item.strip():
            continue
        ends = _RANGE.split(item.strip())
        if len(ends) > 2:
            raise DaysOffError(f"'{item.strip()}' is not a date or a range like first..last")
        try:
            first = parse_date_text(ends[0])
            last = parse_date_text(ends[-1])
        except DateTextError as exc:
            raise DaysOffError(str(exc)) from None
        if last < first:
            raise DaysOffError(f"'{item.strip()}' ends before it starts")
        found.append(DaysOff(first, last))
    return tuple(found)


def read_team(grid: Grid) -> tuple[list[TeamMember], list[Issue]]:
    """The Team sheet: one member per row with an Owner; findings at their cells."""
    header = find_header(grid, TEAM, ("Owner",))
    issues = merged_cell_issues(grid, header) + near_miss_issues(grid, header, TEAM)
    cells = Cells(grid.name, percent_cells=grid.percent_cells, dates_as_dates=grid.dates_as_dates)
    name_column = header.number("name") or grid.first_column
    members: list[TeamMember] = []
    first_row: dict[str, int] = {}
    rows = list(table_rows(grid, header))
    capacity = header.fields.get("capacity")
    plain = None
    if capacity is not None:  # 3 beside 0.5 is 300 %, beside 50 it is 3 %
        values = [raw.get("capacity") for _, raw in rows]
        sheet_rows = [row for row, _ in rows]
        plain = plain_numbers(values, sheet_rows, capacity.number, grid.percent_cells, MAX_CAPACITY)
    read_capacity_here = partial(read_capacity, plain=plain)
    for row, raw in rows:
        name = cells.text(raw.get("name"), row, name_column, None, "Owner")
        if name is None:
            continue
        key = owner_key(name)
        if key in first_row:
            cells.add(
                Severity.WARNING,
                Code.DUPLICATE_TEAM_MEMBER,
                row,
                name_column,
                None,
                f"{name} is on the Team sheet twice (rows {first_row[key]} and {row}); "
                f"pmkit uses row {first_row[key]}: delete or merge the other",
            )
            continue
        first_row[key] = row

        cell = _Cell(cells, header, raw, row)
        email = cell.read("email", read_email)
        before = len(cells.issues)
        share = cell.read("capacity", read_capacity_here)
        if share is None and len(cells.issues) > before:  # say what is counted instead
            cells.issues[-1] = replace(
                cells.issues[-1], message=f"{cells.issues[-1].message}; pmkit counts 100 %"
            )
        members.append(
            TeamMember(
                name,
                email=email,
                capacity=1.0 if share is None else share,
                days_off=cell.read("days_off", read_days_off) or (),
                location=Location(grid.name, row, name_column),
            )
        )
    return members, issues + cells.issues


class _Cell(NamedTuple):
    """One row's cells, read by the column's reader when the column is there and not blank."""

    cells: Cells
    header: Header
    raw: dict[str, object]
    row: int

    def read(self, field: str, reader: _Reader[_T]) -> _T | None:
        found, value = self.header.fields.get(field), self.raw.get(field)
        if found is None or value is None or (isinstance(value, str) and not value.strip()):
            return None
        return reader(self.cells, value, self.row, found.number, None, found.column.header)


def is_email_address(text: str) -> bool:
    """Whether `text` is one e-mail address (`sam@example.com`), as pmkit can send to."""
    return _EMAIL.match(text) is not None


def read_email(  # noqa: PLR0917 - a cell reader's arguments, as `Cells` methods take them
    cells: Cells, value: object, row: int, column: int, task_id: str | None, label: str
) -> str | None:
    """An e-mail address (`sam@example.com`), or None after reporting anything else."""
    text = cells.text(value, row, column, task_id, label)
    if text is None or is_email_address(text):
        return text
    cells.add(
        Severity.ERROR,
        Code.BAD_VALUE,
        row,
        column,
        task_id,
        f"{label} {describe(text)} is not an e-mail address like sam@example.com, so pmkit "
        "cannot reach them",
    )
    return None


def read_capacity(  # noqa: PLR0917
    cells: Cells,
    value: object,
    row: int,
    column: int,
    task_id: str | None,
    label: str,
    *,
    plain: PlainNumbers | None = None,
) -> float | None:
    """A share of a working week, 0 % to `MAX_CAPACITY`, by the reader's percent rules
    (`plain`: what the column's other plain numbers say a 3 means)."""
    return cells.percent(value, row, column, task_id, label, maximum=MAX_CAPACITY, plain=plain)


def read_days_off(  # noqa: PLR0917
    cells: Cells, value: object, row: int, column: int, task_id: str | None, label: str
) -> tuple[DaysOff, ...] | None:
    """Days and ranges (`parse_days_off`), or a date cell (an Excel serial too); None after
    reporting a cell that cannot be read (then none of its days count)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = cells.date(value, row, column, task_id, label)
        return None if day is None else (DaysOff(day, day),)
    if isinstance(value, ExcelError):
        cells.text(value, row, column, task_id, label)  # reports the Excel error
        return None
    try:
        found = parse_days_off(value)
    except DaysOffError as exc:
        cells.add(
            Severity.ERROR,
            Code.BAD_DATE,
            row,
            column,
            task_id,
            f"{label}: {exc}; none of this cell's days off are counted",
        )
        return None
    first_year, last_year = PLAN_YEARS
    outside = [
        days for days in found if not first_year <= days.first.year <= days.last.year <= last_year
    ]
    if outside:
        cells.add(
            Severity.ERROR,
            Code.BAD_DATE,
            row,
            column,
            task_id,
            f"{label}: {outside[0]} is not a date a plan can use (years {first_year} to "
            f"{last_year}); none of this cell's days off are counted",
        )
        return None
    return found
