"""The optional sheets → model objects: Settings, Holidays, Changes, Risks, Charter, Baseline.

Each reader takes a `Grid` and returns its objects and the located issues it found. A
missing optional sheet is simply absent; a present one without its header row is a
`HeaderError` like the Plan's, since the owner clearly meant to fill it in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from pmkit.issues import Code, Issue, Location, Severity
from pmkit.model import (
    BaselineSnapshot,
    BaselineTask,
    ChangeRequest,
    CharterItem,
    Decision,
    Holiday,
    Risk,
    Settings,
)
from pmkit.reading.cells import Cells, normalize_choice
from pmkit.reading.grid import Grid
from pmkit.reading.header import Header, find_header, find_header_index, merged_cell_issues
from pmkit.schema import (
    BASELINE,
    CHANGES,
    CHARTER,
    HOLIDAYS,
    RISKS,
    SETTINGS_ROWS,
    Kind,
    SheetSchema,
    normalize_name,
)

__all__ = [
    "BASELINE_NUMBER_LABEL",
    "BASELINE_SET_ON_LABEL",
    "parse_work_week",
    "read_baseline",
    "read_changes",
    "read_charter",
    "read_holidays",
    "read_risks",
    "read_settings",
]

BASELINE_SET_ON_LABEL = "Baseline set on"
"""Label cell above the Baseline header; the date is in the next cell to its right."""
BASELINE_NUMBER_LABEL = "Baseline number"

_DAYS = {
    "mon": 0, "monday": 0, "mo": 0,
    "tue": 1, "tues": 1, "tuesday": 1, "tu": 1,
    "wed": 2, "wednesday": 2, "we": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "th": 3,
    "fri": 4, "friday": 4, "fr": 4,
    "sat": 5, "saturday": 5, "sa": 5,
    "sun": 6, "sunday": 6, "su": 6,
}  # fmt: skip
_RANGE = re.compile(r"^([a-z]+)\.?-([a-z]+)\.?$")
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}
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
_RISK_STATUS = {
    "open": "Open",
    "closed": "Closed",
    "close": "Closed",
    "active": "Open",
    "done": "Closed",
    "resolved": "Closed",
}


def parse_work_week(text: str) -> frozenset[int]:
    """`Mon-Fri`, `Sun-Thu`, `Mon,Tue,Thu`, `Mon-Wed, Fri` → weekday numbers (Monday = 0).

    >>> sorted(parse_work_week("Sun-Thu"))
    [0, 1, 2, 3, 6]
    """
    days: set[int] = set()
    joined = re.sub(r"\s*(?:-|–|—|\bto\b)\s*", "-", text.strip().casefold())
    for piece in re.split(r"[,;/\s]+", joined):
        if not piece:
            continue
        if match := _RANGE.match(piece):
            first, last = _DAYS.get(match[1]), _DAYS.get(match[2])
            if first is None or last is None:
                raise ValueError(piece)
            day = first
            days.add(day)
            while day != last:  # wraps past Sunday: Fri-Mon is Fri, Sat, Sun, Mon
                day = (day + 1) % 7
                days.add(day)
        elif (day_number := _DAYS.get(piece.rstrip("."))) is not None:
            days.add(day_number)
        else:
            raise ValueError(piece)
    if not days:
        raise ValueError(text)
    return frozenset(days)


def _setting_value(  # noqa: PLR0917 - a setting, its value and its cell
    cells: Cells, name: str, kind: Kind, value: object, row: int, column: int
) -> tuple[str, Any] | None:
    """One setting's value; None when blank or bad (bad values are reported)."""
    field_name = next(setting.field for setting in SETTINGS_ROWS if setting.name == name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    before = len(cells.issues)
    parsed: Any
    if field_name == "work_week":
        try:
            parsed = parse_work_week(str(value))
        except ValueError:
            cells.add(
                Severity.ERROR,
                Code.BAD_SETTING,
                row,
                column,
                None,
                f"Work Week '{value}' is not a set of days; write it like Mon-Fri, "
                "Sun-Thu or Mon,Tue,Thu (Mon-Fri is used)",
            )
            return None
    elif field_name == "move_unfinished_work":
        word = str(value).strip().casefold()
        if isinstance(value, bool):
            parsed = value
        elif word in _YES or word in _NO:
            parsed = word in _YES
        else:
            cells.add(
                Severity.ERROR,
                Code.BAD_SETTING,
                row,
                column,
                None,
                f"{name} should be Yes or No, not '{value}' (Yes is used)",
            )
            return None
    elif field_name == "holiday_country":
        parsed = str(value).strip().upper()
    elif field_name == "scope_creep_threshold_pct":
        text = str(value).strip()
        percent_sign = isinstance(value, str) and text.endswith("%")
        number = cells.number(text[:-1] if percent_sign else value, row, column, None, name)
        # A cell formatted as a percentage holds 0.1 for 10 %.
        parsed = number if number is None or percent_sign or number >= 1 else number * 100
    elif kind is Kind.DAYS:
        parsed = cells.days(value, row, column, None, name, code=Code.BAD_SETTING)
    elif kind is Kind.DATE:
        parsed = cells.date(value, row, column, None, name)
    else:
        parsed = cells.text(value, row, column, None, name)
    if parsed is None or len(cells.issues) > before:
        for index in range(before, len(cells.issues)):
            cells.issues[index] = replace(cells.issues[index], code=Code.BAD_SETTING)
        return None
    return field_name, parsed


def read_settings(grid: Grid) -> tuple[Settings, list[Issue], dict[str, Location]]:
    """The Settings sheet: `Setting` | `Value` rows (the header row itself is optional).

    Also returns where each setting's value sits, for findings about it later.
    """
    cells = Cells(grid.name)
    header_index = find_header_index(grid, ("Setting", "Value"))
    name_offset, value_offset = 0, 1
    if header_index is not None:
        header_row = [
            normalize_name(v) if isinstance(v, str) else "" for v in grid.rows[header_index]
        ]
        name_offset, value_offset = header_row.index("setting"), header_row.index("value")
    known = {normalize_name(setting.name): setting for setting in SETTINGS_ROWS}
    values: dict[str, Any] = {}
    seen: dict[str, int] = {}
    where: dict[str, Location] = {}
    start = 0 if header_index is None else header_index + 1
    for offset, row in enumerate(grid.rows[start:], start=start):
        name = row[name_offset] if name_offset < len(row) else None
        if not isinstance(name, str) or not name.strip():
            continue
        sheet_row = grid.first_row + offset
        value = row[value_offset] if value_offset < len(row) else None
        setting = known.get(normalize_name(name))
        column = grid.first_column + value_offset
        if setting is None:
            cells.add(
                Severity.INFO,
                Code.UNKNOWN_SETTING,
                sheet_row,
                grid.first_column + name_offset,
                None,
                f"The setting '{name.strip()}' is not one pmkit knows; it is ignored",
            )
            continue
        if setting.field in seen:
            cells.add(
                Severity.WARNING,
                Code.BAD_SETTING,
                sheet_row,
                column,
                None,
                f"{setting.name} is set again (first on row {seen[setting.field]}); "
                "this row is used",
            )
        seen[setting.field] = sheet_row
        where[setting.field] = Location(grid.name, sheet_row, column)
        parsed = _setting_value(cells, setting.name, setting.kind, value, sheet_row, column)
        if parsed is not None:
            values[parsed[0]] = parsed[1]
    return Settings(**values), cells.issues, where


def _table(
    grid: Grid, schema: SheetSchema, keys: tuple[str, ...]
) -> tuple[Header, Cells, list[Issue]]:
    header = find_header(grid, schema, keys)
    return header, Cells(grid.name), merged_cell_issues(grid, header)


def _rows(grid: Grid, header: Header, cells: Cells) -> list[tuple[int, dict[str, Any]]]:
    """Each non-blank row under the header, read by its columns' kinds (choices as text)."""
    out = []
    for offset, row in enumerate(grid.rows[header.grid_index + 1 :], start=header.grid_index + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        sheet_row = grid.first_row + offset
        values: dict[str, Any] = {}
        for field_name, found in header.fields.items():
            value = row[found.index] if found.index < len(row) else None
            kind = found.column.kind
            label = found.column.header
            if kind is Kind.ID:
                values[field_name] = cells.id(value, sheet_row, found.number, None, label)
            elif kind is Kind.DATE:
                values[field_name] = cells.date(value, sheet_row, found.number, None, label)
            elif kind is Kind.DAYS:
                values[field_name] = cells.days(value, sheet_row, found.number, None, label)
            elif kind is Kind.MONEY:
                values[field_name] = cells.money(value, sheet_row, found.number, None, label)
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
    return holidays, issues + cells.issues


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
                row=row,
            )
        )
    return risks, issues + cells.issues


def read_charter(grid: Grid) -> tuple[list[CharterItem], list[Issue]]:
    """The Charter sheet: rows with a Goal (other rows are notes and are skipped)."""
    header, cells, issues = _table(grid, CHARTER, ("Goal",))
    items = [
        CharterItem(
            values["goal"],
            values.get("success_measure"),
            values.get("target"),
            values.get("owner"),
            row,
        )
        for row, values in _rows(grid, header, cells)
        if values.get("goal")
    ]
    return items, issues + cells.issues


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
    return BaselineSnapshot(set_on, tuple(tasks), number), issues + cells.issues
