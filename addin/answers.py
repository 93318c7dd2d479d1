"""What each `PM_` cell function answers, without xlwings: plain values and 2-D lists.

`addin.functions` only decorates these for Excel. Kept apart so the same answers run
in xlwings Lite's Pyodide (tested under Node.js) and in plain Python tests. Standard
library only.

Every plan function goes through `analysis_for`, which caches the analysed plan by the
table's content: a thousand `=PM_SLIP(Plan[#All], A2)` cells schedule the plan once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from addin.cache import LruCache, content_key
from addin.inputs import (
    Grid,
    as_grid,
    check_plain_cells,
    parse_choice,
    parse_date_argument,
    parse_day_count,
    parse_holidays,
    parse_task_id,
    read_plan_table,
)
from addin.tables import excel_id
from pmkit import (
    Analysis,
    ArgumentError,
    Code,
    Settings,
    Severity,
    TaskResult,
    WorkCalendar,
    analyze,
)
from pmkit.frontend import (
    build_output_sheets,
    dependency_loops,
    format_percent,
    schedule_values,
    summary_metrics,
    task_status,
    unscheduled_causes,
)

__all__ = [
    "APPROVALS_UNSEEN",
    "EV_METRICS",
    "NO_BASELINE",
    "SEVERITIES",
    "add_workdays",
    "analysis_for",
    "critical_path",
    "earned_value",
    "flags_table",
    "forecast_finish",
    "project_status",
    "schedule_table",
    "scope_growth",
    "slip",
    "total_float",
    "variance_table",
    "workdays",
]

NO_BASELINE = "no baseline"
"""What a figure that needs a baseline says when the plan has none (docs/findings.md)."""

EV_METRICS: dict[str, str] = {
    "PV": "pv",
    "EV": "ev",
    "AC": "ac",
    "SV": "sv",
    "CV": "cv",
    "SPI": "spi",
    "CPI": "cpi",
    "EAC": "eac",
    "ETC": "etc",
    "VAC": "vac",
    "TCPI": "tcpi",
    "SPIt": "spi_t",
    "BAC": "bac",
    "ES": "earned_schedule",
    "EAC atypical": "eac_atypical",
    "EAC combined": "eac_combined",
}
"""`PM_EV` metric names (matched ignoring case and spaces) → `EarnedValue` fields."""

APPROVALS_UNSEEN = (
    "unknown without the Changes table: pass Changes[#All] to tell approved growth from creep"
)
"""What growth says when tasks name change requests and the formula has no Changes table:
it cannot tell approved growth from scope creep, so it gives no figure for either."""

SEVERITIES = ("error", "warning", "info")
"""`min_severity` of PM_FLAGS: "note" is accepted for "info" (what owners read)."""
SCOPE_KINDS = ("unapproved", "approved", "unapproved cost", "approved cost")
_SCOPE_FIELDS = {
    "unapproved": "scope_growth_days",
    "approved": "approved_growth_days",
    "unapproved cost": "scope_growth_cost",
    "approved cost": "approved_growth_cost",
}

_UNSEEN = frozenset(
    {
        Code.NO_CHARTER.value,
        Code.UNMITIGATED_RISK.value,
        # people and their load: capacity and days off come from the Team sheet
        Code.OVERLOADED_OWNER.value,
        Code.UNKNOWN_OWNER.value,
        Code.UNUSED_TEAM_MEMBER.value,
        Code.DUPLICATE_TEAM_MEMBER.value,
    }
)
_UNSEEN_WITHOUT_CHANGES = _UNSEEN | {
    Code.SCOPE_CREEP.value,
    Code.APPROVED_CHANGE.value,
    Code.SCOPE_GROWTH.value,
    Code.UNKNOWN_CHANGE_REQUEST.value,
}

_CACHE: LruCache[Analysis] = LruCache(8)
_TABLE_NAMES = ("plan", "holidays", "settings", "changes", "baseline")


def _optional_grid(value: object) -> Grid | None:
    return None if value is None or value == "" else as_grid(value)


def analysis_for(
    plan: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
    *,
    changes: object = None,
    baseline: object = None,
    today: date | None = None,
) -> Analysis:
    """The analysed plan for these cell values, from the cache when nothing changed."""
    grid = as_grid(plan)
    status = parse_date_argument(status_date, "status_date")
    tables = tuple(map(_optional_grid, (holidays, settings, changes, baseline)))
    day = today or date.today()
    try:
        key = content_key(grid, status, *tables, day)
    except TypeError:  # a list or a record (an Excel data type) inside a cell
        for what, table in zip(_TABLE_NAMES, (grid, *tables), strict=True):
            check_plain_cells(table, what)
        raise
    return _CACHE.get_or_compute(key, lambda: _analyze(grid, status, tables, day))


def _analyze(
    grid: Grid, status: date | None, tables: tuple[Grid | None, ...], today: date
) -> Analysis:
    holiday_grid, settings_grid, changes_grid, baseline_grid = tables
    plan = read_plan_table(
        grid,
        holidays=parse_holidays(holiday_grid),
        settings=settings_grid,
        changes=changes_grid,
        baseline=baseline_grid,
        today=today,
    )
    return analyze(plan, status, today=today)


# -- one figure ------------------------------------------------------------------------------


def _task_row(analysis: Analysis, task_id: object) -> TaskResult:
    wanted = parse_task_id(task_id)
    if wanted is None:
        raise ArgumentError("task_id is missing; give the ID of a task in the plan")
    return analysis.tasks[wanted]  # TaskNotFoundError: "task 99 is not in the plan"


_LISTED_CELLS = 3  # cells named in one answer; PM_FLAGS lists them all


def _unscheduled(analysis: Analysis, row: TaskResult) -> ArgumentError:
    """Why a task has no dates, short enough for a cell: the cells to fix — its own, with
    what is wrong there, or those of the tasks it waits for — or the loop it is in."""
    causes = unscheduled_causes(analysis, row.id)
    cells = list(dict.fromkeys(str(issue.location) for issue in causes if issue.location))
    loop = _loop_size(analysis, row.id)
    if loop:
        where = f"{cells[0]}; " if cells else ""
        return ArgumentError(
            f"task {row.id} is in a dependency loop of {loop} tasks: change a link in it "
            f"({where}PM_FLAGS lists them)"
        )
    if not cells:
        return ArgumentError(f"task {row.id} cannot be scheduled (PM_FLAGS says why)")
    be = "is" if len(cells) == 1 else "are"
    until = f"task {row.id} cannot be scheduled until {_listed(cells)} {be} fixed"
    own = [issue for issue in causes if issue.task_id == row.id]
    if own:
        return ArgumentError(f"{until}: {own[0].message}")
    waited = list(dict.fromkeys(issue.task_id for issue in causes if issue.task_id))
    if not waited:
        return ArgumentError(until)
    many = "tasks" if len(waited) > 1 else "task"
    return ArgumentError(f"{until} (it waits for {many} {_listed(waited)})")


def _listed(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`, `A, B, C and 2 more`: a short list for one cell."""
    if len(items) > _LISTED_CELLS:
        return f"{', '.join(items[:_LISTED_CELLS])} and {len(items) - _LISTED_CELLS} more"
    if len(items) > 1:
        return f"{', '.join(items[:-1])} and {items[-1]}"
    return items[0]


def _loop_size(analysis: Analysis, task_id: str) -> int:
    """How many tasks share a dependency loop with `task_id` (0 when it is in none).

    The dependency-cycle finding names every task of the loop, which does not fit a
    cell; only asked on the way to an error, so it walks the links afresh.
    """
    if not any(issue.code is Code.DEPENDENCY_CYCLE for issue in analysis.issues):
        return 0
    tasks = analysis.plan.tasks
    slots: dict[str, int] = {}
    for slot, task in enumerate(tasks):
        slots.setdefault(task.id, slot)
    successors: list[list[int]] = [[] for _ in tasks]
    for slot, task in enumerate(tasks):
        for link in task.links:
            source = slots.get(link.predecessor)
            if source is not None and source != slot:
                successors[source].append(slot)
    unscheduled = (slot for slot, row in enumerate(analysis.tasks) if row.early_start is None)
    wanted = slots[task_id]
    for loop in dependency_loops(successors, unscheduled):
        if wanted in loop:
            return len(loop)
    return 0


def slip(
    plan: object,
    task_id: object = None,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> int | str:
    """Working days late (positive) or early of a task, or of the project."""
    analysis = analysis_for(plan, status_date, holidays, settings)
    if parse_task_id(task_id) is None:
        summary = analysis.summary
        if summary.slip is not None:
            return summary.slip
        if summary.late_at_least is not None and summary.forecast_unknown:
            return f"{summary.slip_words()}; {summary.forecast_unknown}"
        if summary.forecast_unknown and (summary.baseline_finish or not analysis.plan.tasks):
            return summary.forecast_unknown
        return NO_BASELINE
    row = _task_row(analysis, task_id)
    if row.slip is not None:
        return row.slip
    if row.baseline_finish is None:
        return NO_BASELINE
    raise _unscheduled(analysis, row)


def forecast_finish(
    plan: object,
    task_id: object = None,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> date | str:
    """The forecast finish of a task, or of the project ("Forecast unknown: …" when a task
    cannot be scheduled: the project's finish is never a date from part of the plan)."""
    analysis = analysis_for(plan, status_date, holidays, settings)
    if parse_task_id(task_id) is None:
        summary = analysis.summary
        if summary.forecast_finish is None:
            return summary.forecast_unknown or "Forecast unknown"
        return summary.forecast_finish
    row = _task_row(analysis, task_id)
    if row.forecast_finish is None:
        raise _unscheduled(analysis, row)
    return row.forecast_finish


def total_float(
    plan: object,
    task_id: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> int:
    """Total float of a task in working days (negative when a deadline cannot be met);
    unknown, and said why, while any task cannot be scheduled (its float would be measured
    against part of the plan)."""
    analysis = analysis_for(plan, status_date, holidays, settings)
    row = _task_row(analysis, task_id)
    if row.forecast_finish is None:
        raise _unscheduled(analysis, row)
    if row.total_float is None:
        unscheduled = analysis.unscheduled
        why = unscheduled.what() if unscheduled else "part of the plan cannot be scheduled"
        raise ArgumentError(f"the float of task {row.id} is unknown while {why}")
    return row.total_float


def project_status(
    plan: object,
    task_id: object = None,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> str:
    """Green, Amber or Red for the project (docs/findings.md), or for one task.

    One task's rating is `pmkit.engine.status.task_status`, the same rule the report uses.
    A plan with no tasks has no status yet: its one reason says what to do first.
    """
    analysis = analysis_for(plan, status_date, holidays, settings)
    if parse_task_id(task_id) is None:
        summary = analysis.summary
        return summary.status or summary.status_reasons[0]
    row = _task_row(analysis, task_id)
    return task_status(analysis, row.id).rating


def earned_value(
    plan: object,
    metric: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> float | str:
    """One earned-value figure by name (PV, EV, AC, SV, CV, SPI, CPI, EAC, …)."""
    name = parse_choice(metric, "metric", tuple(EV_METRICS), "")
    if not name:
        raise ArgumentError(f"metric is missing; use one of: {', '.join(EV_METRICS)}")
    analysis = analysis_for(plan, status_date, holidays, settings)
    figures = analysis.summary.earned_value
    value = getattr(figures, EV_METRICS[name])
    if value is None:
        if figures.bac is None or analysis.summary.baseline_finish is None:
            return NO_BASELINE
        if (why := figures.why_unknown(EV_METRICS[name])) is not None:
            return f"{name} unknown: {why}"
        return f"{name} is not available yet (no cost or progress to measure)"
    return float(value)


def scope_growth(
    plan: object,
    kind: object = None,
    changes: object = None,
    baseline: object = None,
) -> float | str:
    """Scope growth against the baseline as a fraction: unapproved (default) or approved.

    `kind` is `unapproved` or `approved` (growth in working days), or `unapproved cost`
    / `approved cost` (growth in cost). Growth is approved only by an Approved change
    request in `changes` (the Changes table); tasks removed since the baseline are
    counted when `baseline` (the Baseline sheet) is given. Growth in working days that
    is a minimum (a changed task's Duration cannot be read) is words: `at least 2 %: …`.
    """
    chosen = parse_choice(kind, "kind", SCOPE_KINDS, "unapproved")
    analysis = analysis_for(plan, changes=changes, baseline=baseline)
    summary = analysis.summary
    value = getattr(summary, _SCOPE_FIELDS[chosen])
    if value is None:
        return NO_BASELINE
    if _approvals_unseen(analysis, changes):
        raise ArgumentError(APPROVALS_UNSEEN)
    at_least = {
        "unapproved": summary.scope_growth_days_at_least,
        "approved": summary.approved_growth_days_at_least,
    }
    if at_least.get(chosen):  # a minimum is words, never a figure that reads exact
        return (
            f"at least {format_percent(value)}: a changed task's Duration cannot be read, "
            "so its days are not counted (PM_FLAGS names the cell)"
        )
    return float(value)


def _approvals_unseen(analysis: Analysis, changes: object) -> bool:
    """Whether growth cannot be split into approved and unapproved: tasks name change
    requests, and the formula was given no Changes table to read their decisions from."""
    if _optional_grid(changes) is not None:
        return False
    return any(task.change_request is not None for task in analysis.plan.tasks)


# -- tables ----------------------------------------------------------------------------------


def critical_path(
    plan: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> list[Any]:
    """The critical task ids in path order (`PM_CRITICAL_PATH` spills them down a column)."""
    analysis = analysis_for(plan, status_date, holidays, settings)
    ids = analysis.summary.critical_path
    if ids is None:
        return [analysis.summary.forecast_unknown or "Forecast unknown"]
    if not ids:
        return ["no critical tasks"]
    return [excel_id(task_id) for task_id in ids]


def schedule_table(
    plan: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
) -> list[list[Any]]:
    """The Schedule sheet's table (the same columns `pmkit report` writes), with headers."""
    analysis = analysis_for(plan, status_date, holidays, settings)
    return schedule_values(analysis, excel_id)


def flags_table(  # noqa: PLR0917 - the argument order of PM_FLAGS
    plan: object,
    min_severity: object = None,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
    changes: object = None,
    baseline: object = None,
) -> list[list[Any]]:
    """The Flags sheet's findings (one row each, without the details a cell cannot fold),
    in the one ordering, down to `min_severity` (default info, also written "note").

    Findings about sheets a formula cannot see are left out: the Charter, the Risks and
    people's load (the Team sheet) always, and change-request decisions when `changes`
    is not given (without the Changes table
    every added task would look like unapproved scope).
    """
    if isinstance(min_severity, str) and min_severity.strip().casefold() == "note":
        min_severity = "info"
    lowest = parse_choice(min_severity, "min_severity", SEVERITIES, "info")
    allowed = {Severity(name).label for name in SEVERITIES[: SEVERITIES.index(lowest) + 1]}
    analysis = analysis_for(
        plan, status_date, holidays, settings, changes=changes, baseline=baseline
    )
    unseen = _UNSEEN_WITHOUT_CHANGES if _optional_grid(changes) is None else _UNSEEN
    (sheet,) = build_output_sheets(analysis, only=["Flags"])
    rows = [[cell.value for cell in row.cells] for row in sheet.rows if not row.outline_level]
    kept = [rows[0]]
    for row in rows[1:]:
        if row[0] in allowed and row[1] not in unseen:
            kept.append([row[0], row[1], row[2], excel_id(row[3]), row[4]])
    if len(kept) == 1:
        label = Severity(lowest).label
        kept.append(["none", None, None, None, f"No findings at {label} level or above."])
    return kept


def variance_table(  # noqa: PLR0917 - the argument order of PM_VARIANCE
    plan: object,
    status_date: object = None,
    holidays: object = None,
    settings: object = None,
    changes: object = None,
    baseline: object = None,
) -> list[list[Any]]:
    """The Summary's figures as Metric | Value rows, with a header.

    Its growth is the report's with `changes` and `baseline` (as `scope_growth`); without
    the Changes table, when tasks name change requests, it says it cannot be split.
    """
    analysis = analysis_for(
        plan, status_date, holidays, settings, changes=changes, baseline=baseline
    )
    unseen = _approvals_unseen(analysis, changes)
    rows: list[list[Any]] = [["Metric", "Value"]]
    for metric in summary_metrics(analysis):
        value = metric.value
        if unseen and metric.label in _GROWTH_LABELS and value != NO_BASELINE:
            value = APPROVALS_UNSEEN
        rows.append([metric.label, value])
    return rows


_GROWTH_LABELS = frozenset(
    {
        "Unapproved growth, work",
        "Unapproved growth, cost",
        "Approved growth, work",
        "Approved growth, cost",
    }
)


# -- calendar arithmetic ---------------------------------------------------------------------


_MON_FRI = Settings().work_week
"""The default work week, Monday to Friday, as Excel's WORKDAY and NETWORKDAYS count."""


def _calendar(holidays: object) -> WorkCalendar:
    return WorkCalendar(_MON_FRI, parse_holidays(holidays))


def workdays(start: object, finish: object, holidays: object = None) -> int:
    """Working days (Mon–Fri minus holidays) from start to finish, both included."""
    first = parse_date_argument(start, "start")
    last = parse_date_argument(finish, "finish")
    if first is None or last is None:
        raise ArgumentError(f"{'start' if first is None else 'finish'} is missing; give a date")
    return _calendar(holidays).count_workdays(first, last)


def add_workdays(start: object, days: object, holidays: object = None) -> date:
    """The date `days` working days (Mon–Fri minus holidays) after start, like WORKDAY.

    As WORKDAY does, a fractional count is truncated toward zero (1.5 → 1), and the
    answer must be a date Excel can show: 1 Jan 1900 to 31 Dec 9999.
    """
    first = parse_date_argument(start, "start")
    if first is None:
        raise ArgumentError("start is missing; give a date")
    count = parse_day_count(days, "days")
    # A working day is at least a calendar day: a count past the days left cannot fit.
    if count > (LAST_EXCEL_DAY - first).days:
        raise _beyond_excel(count, first)
    if -count > (first - FIRST_EXCEL_DAY).days:
        raise _beyond_excel(count, first)
    try:
        found = _calendar(holidays).add_workdays(first, count)
    except (OverflowError, ValueError, IndexError):  # the calendar's own end (year 9999)
        raise _beyond_excel(count, first) from None
    if not FIRST_EXCEL_DAY <= found <= LAST_EXCEL_DAY:
        raise _beyond_excel(count, first)
    return found


FIRST_EXCEL_DAY = date(1900, 1, 1)
LAST_EXCEL_DAY = date(9999, 12, 31)


def _beyond_excel(count: int, first: date) -> ArgumentError:
    if count > 0:
        return ArgumentError(
            f"{count:,} working days from {first.isoformat()} is past 9999-12-31, "
            "the last date Excel holds"
        )
    return ArgumentError(
        f"{-count:,} working days before {first.isoformat()} is before 1900-01-01, "
        "the first date Excel holds"
    )
