"""The `PM_` cell functions: pmkit's answers as Excel functions, through xlwings.

Import them in Excel (classic xlwings: *Import Functions* with `UDF Modules` set to
`addin.functions`; xlwings Lite: `from addin.functions import *` in `main.py`).
Each function reads the whole Plan table with its header (`Plan[#All]`), caches the
analysed plan by the table's content, and answers in one cell or spills a table.
Nothing here raises into a cell: a problem comes back as a short message such as
`PM_SLIP: task 99 is not in the plan`.

Optional arguments everywhere: `status_date` (default: the Settings' Status Date,
else today), `holidays` (a range of dates) and, after the arguments docs/excel.md gives, `settings`
(the Settings table: work week, project start, tolerances) so a sheet formula can
match `pmkit report` exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from xlwings import arg, func, ret

from addin import answers
from addin.errors import answers_in_cells

__all__ = [
    "PM_ADD_WORKDAYS",
    "PM_CRITICAL_PATH",
    "PM_EV",
    "PM_FLAGS",
    "PM_FLOAT",
    "PM_FORECAST_FINISH",
    "PM_SCHEDULE",
    "PM_SCOPE_GROWTH",
    "PM_SLIP",
    "PM_STATUS",
    "PM_VARIANCE",
    "PM_WORKDAYS",
]

_PLAN = "The whole Plan table with its header row, e.g. Plan[#All] (columns ID, Task, Duration, …)."
_TASK_ID = "ID of one task, e.g. 7 or A2. Leave out for the whole project."
_STATUS_DATE = "Date progress is measured at. Leave out for the Settings' Status Date, else today."
_HOLIDAYS = "Optional range of non-working dates, e.g. Holidays[Date]."
_SETTINGS = "Optional Settings table, e.g. Settings[#All]: status date, work week, tolerances."
_BASELINE = "Optional Baseline sheet, e.g. Baseline!A1:F500: finds tasks removed since then."
_CHANGES = "Optional Changes table, e.g. Changes[#All]: which change requests were approved."


_F = TypeVar("_F", bound=Callable[..., Any])


def _arg(name: str, **options: Any) -> Callable[[_F], _F]:
    """xlwings' `arg`, asking for error cells as text (`#N/A`): classic xlwings would hand
    one over as None, read as a left-out argument, so every argument asks for the text and
    the cell names the error."""
    decorate: Callable[[_F], _F] = arg(name, err_to_str=True, **options)
    return decorate


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("task_id", doc=_TASK_ID)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_SLIP")
def PM_SLIP(
    plan: Any,
    task_id: Any = None,
    status_date: Any = None,
    holidays: Any = None,
    settings: Any = None,
) -> Any:
    """Slip in working days (positive = late) of a task, or of the project when no task is given.

    Forecast finish minus baseline finish. Says "no baseline" when none is set.
    Example: =PM_SLIP(Plan[#All], 7)
    """
    return answers.slip(plan, task_id, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("task_id", doc=_TASK_ID)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_FORECAST_FINISH")
def PM_FORECAST_FINISH(
    plan: Any,
    task_id: Any = None,
    status_date: Any = None,
    holidays: Any = None,
    settings: Any = None,
) -> Any:
    """Forecast finish date of a task, or of the project when no task is given.

    Format the cell as a date. Example: =PM_FORECAST_FINISH(Plan[#All])
    """
    return answers.forecast_finish(plan, task_id, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("task_id", doc="ID of the task, e.g. 7.")
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_FLOAT")
def PM_FLOAT(
    plan: Any, task_id: Any, status_date: Any = None, holidays: Any = None, settings: Any = None
) -> Any:
    """Total float of a task in working days: how long it can slip before the project does.

    Negative when a deadline cannot be met. Example: =PM_FLOAT(Plan[#All], 7)
    """
    return answers.total_float(plan, task_id, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@ret(transpose=True)  # a flat list of ids, spilled down one column
@answers_in_cells("PM_CRITICAL_PATH")
def PM_CRITICAL_PATH(
    plan: Any, status_date: Any = None, holidays: Any = None, settings: Any = None
) -> Any:
    """The IDs of the critical tasks (any delay to them delays the project), spilled down.

    Example: =PM_CRITICAL_PATH(Plan[#All])
    """
    return answers.critical_path(plan, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_SCHEDULE")
def PM_SCHEDULE(
    plan: Any, status_date: Any = None, holidays: Any = None, settings: Any = None
) -> Any:
    """The Schedule table with headers, spilled: forecast dates, slip, float, critical.

    Needs room to the right and below. Example: =PM_SCHEDULE(Plan[#All])
    """
    return answers.schedule_table(plan, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("min_severity", doc="Lowest severity to list: error, warning or info (the default: all).")
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@_arg("changes", ndim=2, doc=_CHANGES)
@_arg("baseline", ndim=2, doc=_BASELINE)
@answers_in_cells("PM_FLAGS")
def PM_FLAGS(  # noqa: PLR0917 - Excel passes every argument by position
    plan: Any,
    min_severity: Any = None,
    status_date: Any = None,
    holidays: Any = None,
    settings: Any = None,
    changes: Any = None,
    baseline: Any = None,
) -> Any:
    """The Flags table with headers, spilled: every problem found, most severe first.

    Scope findings need the Changes table. Example: =PM_FLAGS(Plan[#All], "warning")
    """
    return answers.flags_table(
        plan, min_severity, status_date, holidays, settings, changes, baseline
    )


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@_arg("changes", ndim=2, doc=_CHANGES)
@_arg("baseline", ndim=2, doc=_BASELINE)
@answers_in_cells("PM_VARIANCE")
def PM_VARIANCE(  # noqa: PLR0917 - Excel passes every argument by position
    plan: Any,
    status_date: Any = None,
    holidays: Any = None,
    settings: Any = None,
    changes: Any = None,
    baseline: Any = None,
) -> Any:
    """The Summary figures as Metric | Value rows, spilled: status, slip, earned value, scope.

    Scope growth needs the Changes table. Example: =PM_VARIANCE(Plan[#All])
    """
    return answers.variance_table(plan, status_date, holidays, settings, changes, baseline)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg(
    "metric", doc="One of PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI, SPIt (also BAC, ES)."
)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_EV")
def PM_EV(
    plan: Any, metric: Any, status_date: Any = None, holidays: Any = None, settings: Any = None
) -> Any:
    """One earned-value figure: PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI or SPIt.

    Says "no baseline" when none is set. Example: =PM_EV(Plan[#All], "CPI")
    """
    return answers.earned_value(plan, metric, status_date, holidays, settings)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg(
    "kind",
    doc='"unapproved" (the default) or "approved" growth in working days; '
    'add " cost" for growth in cost.',
)
@_arg("changes", ndim=2, doc=_CHANGES)
@_arg("baseline", ndim=2, doc=_BASELINE)
@answers_in_cells("PM_SCOPE_GROWTH")
def PM_SCOPE_GROWTH(plan: Any, kind: Any = None, changes: Any = None, baseline: Any = None) -> Any:
    """Scope growth against the baseline as a fraction (0.12 = 12 %): unapproved or approved.

    Format the cell as a percentage. Example: =PM_SCOPE_GROWTH(Plan[#All],,Changes[#All])
    """
    return answers.scope_growth(plan, kind, changes, baseline)


@func(category="pmkit")
@_arg("plan", ndim=2, doc=_PLAN)
@_arg("task_id", doc=_TASK_ID)
@_arg("status_date", doc=_STATUS_DATE)
@_arg("holidays", doc=_HOLIDAYS)
@_arg("settings", ndim=2, doc=_SETTINGS)
@answers_in_cells("PM_STATUS")
def PM_STATUS(
    plan: Any,
    task_id: Any = None,
    status_date: Any = None,
    holidays: Any = None,
    settings: Any = None,
) -> Any:
    """ "Green", "Amber" or "Red": the status of the project, or of one task.

    Example: =PM_STATUS(Plan[#All])
    """
    return answers.project_status(plan, task_id, status_date, holidays, settings)


@func(category="pmkit")
@_arg("start", doc="First date, e.g. a cell holding a date.")
@_arg("finish", doc="Last date (counted too).")
@_arg("holidays", doc=_HOLIDAYS)
@answers_in_cells("PM_WORKDAYS")
def PM_WORKDAYS(start: Any, finish: Any, holidays: Any = None) -> Any:
    """Working days (Monday to Friday, minus holidays) from start to finish, both included.

    Example: =PM_WORKDAYS(DATE(2026,3,2), DATE(2026,3,13)) gives 10
    """
    return answers.workdays(start, finish, holidays)


@func(category="pmkit")
@_arg("start", doc="The date to count from.")
@_arg("days", doc="Working days to add; negative counts back.")
@_arg("holidays", doc=_HOLIDAYS)
@answers_in_cells("PM_ADD_WORKDAYS")
def PM_ADD_WORKDAYS(start: Any, days: Any, holidays: Any = None) -> Any:
    """The date that many working days (Monday to Friday, minus holidays) after start.

    Like Excel's WORKDAY. Format the cell as a date. Example: =PM_ADD_WORKDAYS(A2, 10)
    """
    return answers.add_workdays(start, days, holidays)
