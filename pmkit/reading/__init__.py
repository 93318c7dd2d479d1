"""Reading plan files: `read_plan(path)` for .xlsx/.xlsm (and .xml via the MSPDI reader).

>>> plan = read_plan("plan.xlsx")
>>> plan.tasks[0].id, str(plan.location(plan.tasks[0], "deadline"))
('1', 'Plan!K2')

Front ends that already hold the cell values (the Excel add-in, the Google Sheets
sync) call `plan_from_grids` with one `Grid` per sheet and get the same rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from pmkit.engine.actual_durations import soften_findings
from pmkit.engine.collector import collector_paused
from pmkit.engine.errors import HeaderError, MissingSheetError, NotAWorkbookError, PlanFileError
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Holiday, Plan, Settings, Task
from pmkit.engine.schema import HISTORY_SHEET, INPUT_SHEETS, PLAN, normalize_name
from pmkit.reading.formula_values import ExcelError, UncalculatedFormula
from pmkit.reading.grid import CellRange, Grid
from pmkit.reading.public_holidays import (
    HolidaysUnavailableError,
    UnknownCountryError,
    holiday_years,
    public_holidays,
)
from pmkit.reading.settings import read_settings
from pmkit.reading.sheets import (
    read_baseline,
    read_changes,
    read_charter,
    read_history,
    read_holidays,
    read_risks,
)
from pmkit.reading.tasks import read_tasks
from pmkit.reading.team import read_team

__all__ = [
    "CellRange",
    "ExcelError",
    "Grid",
    "UncalculatedFormula",
    "plan_from_grids",
    "read_plan",
]

_Read = TypeVar("_Read")

_NOT_SUPPORTED = {
    ".xls": "an old-style .xls workbook; open it in Excel and save it as .xlsx",
    ".xlsb": "a binary .xlsb workbook; open it in Excel and save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet; save it as .xlsx",
    ".csv": (
        "a CSV file, which holds one sheet; pmkit needs the plan workbook (.xlsx) with its "
        "Plan sheet: save the workbook as .xlsx (in Google Sheets, File > Download > "
        "Microsoft Excel (.xlsx)), or paste these rows into the Plan sheet of a workbook "
        "from pmkit template"
    ),
    ".mpp": "a Microsoft Project .mpp file; save it from Project as XML (.xml)",
}


def read_plan(path: str | Path) -> Plan:
    """Read a plan workbook (.xlsx/.xlsm) or a Microsoft Project XML file (.xml).

    Problems with single cells become `plan.issues`; a file that cannot be used at all
    raises a `PlanFileError` (`NotAWorkbookError`, `UnsafeFileError`,
    `MissingSheetError`, `HeaderError`) whose message is one plain sentence.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".xml":
        return _read_project_xml(path)
    if suffix in _NOT_SUPPORTED and not _looks_like_zip(path):
        raise NotAWorkbookError(f"{path.name} is {_NOT_SUPPORTED[suffix]}")
    # calamine hands back one list per row; with the collector paused for the whole read
    # (not only `plan_from_grids`) it does not walk them again and again: its collections
    # cost 12 ms of a 10,000-task read. The grids are gone before it resumes.
    with collector_paused():
        return _read_workbook(path)


def _read_workbook(path: Path) -> Plan:
    from pmkit.reading.workbook import open_workbook  # keeps calamine out of Pyodide imports

    with open_workbook(path) as workbook:
        if workbook.find_sheet(PLAN.name) is None:
            found = ", ".join(f"'{name}'" for name in workbook.sheet_names) or "none"
            raise MissingSheetError(
                f"{path.name} has no Plan sheet (sheets found: {found}); "
                "name the sheet with the tasks 'Plan'"
            )
        grids = {}
        problems = []
        for schema in INPUT_SHEETS:
            sheet = workbook.find_sheet(schema.name)
            if sheet is None:
                continue
            try:
                grids[schema.name] = workbook.grid(sheet)
            except PlanFileError as exc:
                if schema is PLAN:
                    raise
                problems.append(unread_sheet_issue(sheet, exc.message))
        history = workbook.find_sheet(HISTORY_SHEET)
        if history is not None:
            # pmkit's own output, read for the close-out review only: a History sheet that
            # cannot be read leaves the review without the forecast's course, nothing else
            with contextlib.suppress(PlanFileError):
                grids[HISTORY_SHEET] = workbook.grid(history)
        plan = plan_from_grids(path.stem, grids, source=str(path), problems=problems)
        # The stamp of the bytes just parsed: a writer replaces the file only while it
        # still holds them (`pmkit.files.check_unchanged`).
        return replace(plan, origin=workbook.checked.origin)


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(2) == b"PK"
    except OSError:
        return False


def _read_project_xml(path: Path) -> Plan:
    try:
        from pmkit.mspdi import read_mspdi
    except ImportError:
        raise NotAWorkbookError(
            f"{path.name} is an XML file, and reading Microsoft Project XML is not available "
            "in this version; use the plan workbook (.xlsx)"
        ) from None
    plan: Plan = read_mspdi(path)
    return plan


def _find(grids: Mapping[str, Grid], sheet: str) -> Grid | None:
    key = normalize_name(sheet)
    for name, grid in grids.items():
        if normalize_name(name) == key:
            return grid
    return None


def plan_from_grids(
    name: str,
    grids: Mapping[str, Grid],
    *,
    source: str | None = None,
    today: date | None = None,
    problems: Iterable[Issue] = (),
) -> Plan:
    """Build a `Plan` from sheets given as `Grid`s keyed by sheet name (any case).

    `name` is the workbook's name (the project name unless Settings gives one);
    `today` only matters when the plan has no dates at all (for the holiday years);
    `problems` are findings the front end made while gathering the grids (an optional
    sheet it could not read), reported with the plan's own.
    """
    # Tens of thousands of small objects are made here; pausing the cyclic garbage
    # collector (none of them form cycles) saves it from walking them again and again.
    with collector_paused():
        return _plan_from_grids(name, grids, source, today, tuple(problems))


def _plan_from_grids(
    name: str,
    grids: Mapping[str, Grid],
    source: str | None,
    today: date | None,
    problems: tuple[Issue, ...],
) -> Plan:
    plan_grid = _find(grids, PLAN.name)
    if plan_grid is None:
        found = ", ".join(f"'{sheet}'" for sheet in grids) or "none"
        raise MissingSheetError(f"{name} has no Plan sheet (sheets found: {found})")
    plan_rows = read_tasks(plan_grid)
    issues: list[Issue] = list(plan_rows.issues)
    settings_grid = _find(grids, "Settings")
    if settings_grid is not None:
        settings, found_issues, where = read_settings(settings_grid)
        issues.extend(found_issues)
    else:
        settings, where = Settings(), {}
    issues.extend(problems)
    holidays = _optional(grids, "Holidays", read_holidays, issues) or []
    changes = _optional(grids, "Changes", read_changes, issues) or []
    risks = _optional(grids, "Risks", read_risks, issues) or []
    charter = _optional(grids, "Charter", read_charter, issues) or []
    baseline = _optional(grids, "Baseline", read_baseline, issues)
    team = _optional(grids, "Team", read_team, issues) or []
    history = read_history(grid) if (grid := _find(grids, HISTORY_SHEET)) is not None else []
    issues += _add_public_holidays(
        holidays,
        settings,
        where,
        settings_sheet=None if settings_grid is None else settings_grid.name,
        years=lambda: holiday_years(
            _plan_dates(plan_rows.tasks, settings.project_start, settings.status_date), today
        ),
    )
    plan = Plan(
        name=name,
        tasks=plan_rows.tasks,
        settings=settings,
        holidays=tuple(holidays),
        changes=tuple(changes),
        risks=tuple(risks),
        charter=tuple(charter),
        baseline=baseline,
        team=tuple(team),
        issues=tuple(issues),
        columns=MappingProxyType(dict(plan_rows.columns)),
        plan_sheet=plan_rows.sheet,
        source=source,
        history=tuple(history),
        unread_rows=plan_rows.unread_rows,
    )
    # a done task's Duration error, once the calendar is known: its actuals date it
    return soften_findings(plan)


def _add_public_holidays(
    holidays: list[Holiday],
    settings: Settings,
    where: Mapping[str, Location],
    *,
    settings_sheet: str | None,
    years: Callable[[], range],
) -> list[Issue]:
    """Add the Holiday Country's public holidays to `holidays` (the owner's own days
    win); the findings when there are none to add."""
    at = where.get("holiday_country", Location(settings_sheet or "Settings"))
    if not settings.holiday_country:
        # Own days off given, or no Settings sheet (every default, silently): no note.
        if holidays or settings_sheet is None:
            return []
        return [
            Issue(
                Severity.INFO,
                Code.HOLIDAYS_NOT_COUNTED,
                at,
                None,
                "No Holiday Country is set, so no public holiday is counted: work is "
                "planned on days such as 25 Dec and 1 Jan. Pick your country under "
                "Holiday Country on the Settings sheet, or list your days off on a "
                "Holidays sheet",
            )
        ]
    try:
        public = public_holidays(settings.holiday_country, years())
    except HolidaysUnavailableError as exc:
        return [Issue(Severity.INFO, Code.HOLIDAYS_NOT_COUNTED, at, None, f"Holiday Country {exc}")]
    except UnknownCountryError as exc:
        why = f"Holiday Country {exc} (no public holiday is counted)"
        return [Issue(Severity.ERROR, Code.BAD_SETTING, at, None, why)]
    own_days = {holiday.day for holiday in holidays}
    holidays.extend(holiday for holiday in public if holiday.day not in own_days)
    return []


def _optional(
    grids: Mapping[str, Grid],
    sheet: str,
    read: Callable[[Grid], tuple[_Read, list[Issue]]],
    issues: list[Issue],
) -> _Read | None:
    """An optional sheet's contents; a sheet not laid out as pmkit's is a finding, not a stop.

    Only the Plan sheet is needed to schedule: an owner's own `Holidays` sheet of notes
    costs its own contents (with a warning saying so), never the plan.
    """
    grid = _find(grids, sheet)
    if grid is None:
        return None
    try:
        found, found_issues = read(grid)
    except HeaderError as exc:
        issues.append(unread_sheet_issue(grid.name, exc.message, exc.location))
        return None
    issues.extend(found_issues)
    return found


def unread_sheet_issue(sheet: str, reason: str, location: Location | None = None) -> Issue:
    """The warning for an optional sheet pmkit cannot read: why, and what it costs."""
    return Issue(
        Severity.WARNING,
        Code.UNREAD_SHEET,
        location or Location(sheet),
        None,
        f"{reason.rstrip('.')}. So the {sheet} sheet is not read and nothing on it is used: "
        f"lay it out as the template's {sheet} sheet, or rename it if it is your own",
    )


def _plan_dates(tasks: Iterable[Task], *extra: date | None) -> list[date | None]:
    dates: list[date | None] = list(extra)
    for task in tasks:
        dates += (task.start_no_earlier_than, task.actual_start, task.baseline_start, task.deadline)
    return dates
