"""The optional sheets → model objects: Holidays, Changes, Risks, Charter, Baseline, and
the History sheet pmkit's nightly job writes (read for the close-out review).

Each reader takes a `Grid` and returns its objects and the located issues it found. A
missing optional sheet is simply absent; a present one without its header row raises a
`HeaderError` like the Plan's, which `plan_from_grids` turns into an `unread-sheet`
warning: only the Plan is needed to schedule.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import (
    BaselineSnapshot,
    BaselineTask,
    ChangeRequest,
    CharterItem,
    Decision,
    ForecastPoint,
    Holiday,
    Risk,
)
from pmkit.engine.schema import (
    BASELINE,
    BASELINE_NUMBER_LABEL,
    BASELINE_SET_ON_LABEL,
    CHANGES,
    CHARTER,
    HOLIDAYS,
    RISKS,
    Kind,
    SheetSchema,
    normalize_name,
)
from pmkit.reading.cells import Cells, normalize_choice
from pmkit.reading.grid import Grid
from pmkit.reading.header import Header, find_header, find_header_index, merged_cell_issues
from pmkit.reading.unread_columns import near_miss_issues

__all__ = [
    "read_baseline",
    "read_changes",
    "read_charter",
    "read_history",
    "read_holidays",
    "read_risks",
    "table_rows",
]


_DECISIONS = {normalize_choice(decision.value): decision.value for decision in Decision}
_DECISIONS.update(
    {
        "approve": "Approved",
        "accepted": "Approved",
        "reject": "Rejected",
        "declined": "Rejected",
        "open": "Pending",
        "undecided": "Pending",
    }
)
_MET = {
    "yes": "Yes",
    "y": "Yes",
    "met": "Yes",
    "true": "Yes",
    "no": "No",
    "n": "No",
    "not met": "No",
    "false": "No",
}
_RUN_DATE, _FORECAST_FINISH = "Run date", "Forecast finish"
_SLIP = normalize_name("Slip (working days)")
_RISK_STATUS = {
    "open": "Open",
    "closed": "Closed",
    "close": "Closed",
    "active": "Open",
    "done": "Closed",
    "resolved": "Closed",
}


def _table(
    grid: Grid, schema: SheetSchema, keys: tuple[str, ...]
) -> tuple[Header, Cells, list[Issue]]:
    header = find_header(grid, schema, keys)
    issues = merged_cell_issues(grid, header) + near_miss_issues(grid, header, schema)
    return (
        header,
        Cells(grid.name, percent_cells=grid.percent_cells, dates_as_dates=grid.dates_as_dates),
        issues,
    )


def table_rows(grid: Grid, header: Header) -> Iterator[tuple[int, dict[str, object]]]:
    """Each non-blank row under the header: its sheet row and raw values by field.

    Blank rows and an Excel table's totals row are skipped.
    """
    fields = [(name, found.index) for name, found in header.fields.items()]
    for offset, row in enumerate(grid.rows[header.grid_index + 1 :], start=header.grid_index + 1):
        sheet_row = grid.first_row + offset
        if sheet_row in grid.totals_rows or all(
            v is None or (isinstance(v, str) and not v.strip()) for v in row
        ):
            continue
        yield sheet_row, {name: row[index] if index < len(row) else None for name, index in fields}


def _rows(grid: Grid, header: Header, cells: Cells) -> list[tuple[int, dict[str, Any]]]:
    """Each non-blank row under the header, read by its columns' kinds (choices as text)."""
    out = []
    for sheet_row, raw in table_rows(grid, header):
        values: dict[str, Any] = {}
        for field_name, value in raw.items():
            found = header.fields[field_name]
            kind = found.column.kind
            label = found.column.header
            if kind is Kind.ID:
                values[field_name] = cells.id(value, sheet_row, found.number, None, label)
            elif kind is Kind.DATE:
                values[field_name] = cells.date(value, sheet_row, found.number, None, label)
            elif kind is Kind.DAYS:
                values[field_name] = cells.days(value, sheet_row, found.number, None, label)
            elif kind is Kind.MONEY:
                amount = cells.money(value, sheet_row, found.number, None, label)
                if found.column.non_negative:
                    amount = cells.not_below_zero(
                        amount, value, sheet_row, found.number, None, label
                    )
                values[field_name] = amount
            elif kind is Kind.NUMBER:
                values[field_name] = cells.number(value, sheet_row, found.number, None, label)
            elif kind is Kind.SCORE:
                values[field_name] = cells.score(value, sheet_row, found.number, None, label)
            else:
                values[field_name] = cells.text(value, sheet_row, found.number, None, label)
        out.append((sheet_row, values))
    return out


def read_holidays(grid: Grid) -> tuple[list[Holiday], list[Issue]]:
    """The Holidays sheet: `Date` | `Name`."""
    header, cells, issues = _table(grid, HOLIDAYS, ("Date",))
    holidays = []
    date_column = header.number("day")
    for row, values in _rows(grid, header, cells):
        day = values.get("day")
        if isinstance(day, date):
            holidays.append(
                Holiday(day, values.get("name") or "", Location(grid.name, row, date_column))
            )
    unread = [
        replace(issue, message=issue.message + _DAY_OFF_NOT_COUNTED)
        if issue.code is Code.BAD_DATE and issue.location and issue.location.column == date_column
        else issue
        for issue in cells.issues
    ]
    return holidays, issues + unread


_DAY_OFF_NOT_COUNTED = (
    "; until then this day off is not counted, so work may be planned on it and dates after "
    "it may be too early"
)


def read_changes(grid: Grid) -> tuple[list[ChangeRequest], list[Issue]]:
    """The Changes sheet; a blank Decision is Pending."""
    header, cells, issues = _table(grid, CHANGES, ("CR ID",))
    changes = []
    for row, values in _rows(grid, header, cells):
        change_id = values.pop("id", None)
        if change_id is None:
            cells.add(
                Severity.ERROR,
                Code.MISSING_ID,
                row,
                header.number("id") or grid.first_column,
                None,
                f"The change request on row {row} has no CR ID; it is ignored",
            )
            continue
        column = header.number("decision") or 0
        chosen = cells.choice(
            values.pop("decision", None), row, column, None, "Decision", choices=_DECISIONS
        )
        changes.append(
            ChangeRequest(
                change_id,
                description=values.get("description") or "",
                requested_by=values.get("requested_by"),
                requested_on=values.get("requested_on"),
                decision=Decision(chosen) if chosen else Decision.PENDING,
                days_impact=values.get("days_impact"),
                cost_impact=values.get("cost_impact"),
                row=row,
            )
        )
    return changes, issues + cells.issues


def read_risks(grid: Grid) -> tuple[list[Risk], list[Issue]]:
    """The Risks sheet; a blank Status is Open."""
    header, cells, issues = _table(grid, RISKS, ("ID", "Risk"))
    mitigation = header.number("mitigation")
    risks = []
    for row, values in _rows(grid, header, cells):
        risk_id = values.get("id") or f"row {row}"
        column = header.number("status") or 0
        chosen = cells.choice(
            values.get("status"), row, column, risk_id, "Status", choices=_RISK_STATUS
        )
        risks.append(
            Risk(
                risk_id,
                values.get("description") or "",
                likelihood=values.get("likelihood"),
                impact=values.get("impact"),
                owner=values.get("owner"),
                mitigation=values.get("mitigation"),
                is_open=chosen != "Closed",
                review_date=values.get("review_date"),
                row=row,
                mitigation_cell=Location(grid.name, row, mitigation),
            )
        )
    return risks, issues + cells.issues


def read_charter(grid: Grid) -> tuple[list[CharterItem], list[Issue]]:
    """The Charter sheet: rows with a Goal (other rows are notes and are skipped), and the
    owner's Yes or No under Met? once the project is over."""
    header, cells, issues = _table(grid, CHARTER, ("Goal",))
    met_column = header.number("met")
    items = []
    for row, values in _rows(grid, header, cells):
        if not values.get("goal"):
            continue
        met = cells.choice(values.get("met"), row, met_column or 0, None, "Met?", choices=_MET)
        items.append(
            CharterItem(
                values["goal"],
                values.get("success_measure"),
                values.get("target"),
                values.get("owner"),
                row,
                met=None if met is None else met == "Yes",
                met_cell=Location(grid.name, row, met_column) if met_column else None,
            )
        )
    return items, issues + cells.issues


def read_history(grid: Grid) -> list[ForecastPoint]:
    """The History sheet pmkit's nightly job writes: one forecast finish per run date,
    oldest first. Rows it cannot read are skipped: the sheet is pmkit's own output."""
    index = find_header_index(grid, (_RUN_DATE, _FORECAST_FINISH))
    if index is None:
        return []
    names = [normalize_name(value) if isinstance(value, str) else "" for value in grid.rows[index]]
    run_at = names.index(normalize_name(_RUN_DATE))
    finish_at = names.index(normalize_name(_FORECAST_FINISH))
    slip_at = names.index(_SLIP) if _SLIP in names else None
    cells = Cells(grid.name, dates_as_dates=grid.dates_as_dates)
    points: dict[date, ForecastPoint] = {}
    for offset, row in enumerate(grid.rows[index + 1 :], start=index + 1):
        sheet_row = grid.first_row + offset
        values = list(row) + [None] * 3
        run = cells.date(values[run_at], sheet_row, run_at + 1, None, _RUN_DATE)
        if run is None:
            continue
        finish = cells.date(values[finish_at], sheet_row, finish_at + 1, None, _FORECAST_FINISH)
        slip = values[slip_at] if slip_at is not None else None
        days = int(slip) if isinstance(slip, int | float) and math.isfinite(slip) else None
        points[run] = ForecastPoint(run, finish, days)
    return [points[day] for day in sorted(points)]


def _labelled_value(grid: Grid, above: int, label: str) -> tuple[object, int, int] | None:
    """The value right of a `label` cell in the rows above the header: (value, row, column)."""
    key = normalize_name(label)
    for offset, row in enumerate(grid.rows[:above]):
        for index, value in enumerate(row):
            if isinstance(value, str) and normalize_name(value).rstrip(":") == key:
                for right in range(index + 1, len(row)):
                    if row[right] not in (None, ""):
                        return row[right], grid.first_row + offset, grid.first_column + right
                return None
    return None


def read_baseline(grid: Grid) -> tuple[BaselineSnapshot, list[Issue]]:
    """The Baseline sheet: `Baseline set on` | date above an ID | Task | Duration | … table."""
    header, cells, issues = _table(grid, BASELINE, ("ID", "Task"))
    set_on = None
    if found := _labelled_value(grid, header.grid_index, BASELINE_SET_ON_LABEL):
        set_on = cells.date(found[0], found[1], found[2], None, BASELINE_SET_ON_LABEL)
    number = 1
    if found := _labelled_value(grid, header.grid_index, BASELINE_NUMBER_LABEL):
        number = (
            cells.days(
                found[0], found[1], found[2], None, BASELINE_NUMBER_LABEL, code=Code.BAD_VALUE
            )
            or 1
        )
    tasks = []
    seen: set[str] = set()
    for row, values in _rows(grid, header, cells):
        task_id = values.get("id")
        if task_id is None or task_id in seen:
            continue
        seen.add(task_id)
        tasks.append(
            BaselineTask(
                task_id,
                values.get("name") or "",
                values.get("duration_days"),
                values.get("start"),
                values.get("finish"),
                values.get("cost"),
                row,
            )
        )
    columns = MappingProxyType({name: found.number for name, found in header.fields.items()})
    return BaselineSnapshot(set_on, tuple(tasks), number, columns), issues + cells.issues
