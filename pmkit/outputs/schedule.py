"""The `Schedule` sheet: one row per task with forecast, baseline, slip and float."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pmkit.engine.collector import collector_paused
from pmkit.engine.figures import DATE_COLUMN_WIDTH
from pmkit.engine.model import Task, TaskStatus
from pmkit.engine.results import Analysis, TaskResult
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Role, Row, Tone, Value

__all__ = [
    "SCHEDULE_COLUMNS",
    "UNKNOWN",
    "build_schedule_sheet",
    "critical_mark",
    "schedule_values",
    "shown_progress",
    "slip_tone",
]

# (header, kind, width): the order an owner reads a row in — what, who, when, how late.
SCHEDULE_COLUMNS: tuple[tuple[str, CellKind, float], ...] = (
    ("ID", CellKind.TEXT, 7),
    ("Task", CellKind.TEXT, 36),
    ("Phase", CellKind.TEXT, 13),
    ("Owner", CellKind.TEXT, 15),
    ("Duration", CellKind.INTEGER, 9),
    ("% Complete", CellKind.PERCENT, 10),
    ("Status", CellKind.TEXT, 12),
    ("Forecast Start", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Forecast Finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Baseline Finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Slip (days)", CellKind.INTEGER, 9),
    ("Total Float", CellKind.INTEGER, 9),
    ("Free Float", CellKind.INTEGER, 9),
    ("Critical", CellKind.TEXT, 9),
    ("Deadline", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Early Start", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Early Finish", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Late Start", CellKind.DATE, DATE_COLUMN_WIDTH),
    ("Late Finish", CellKind.DATE, DATE_COLUMN_WIDTH),
)

UNKNOWN = "unknown"
"""The Critical column of a task not done while the project's critical path is unknown."""


def build_schedule_sheet(analysis: Analysis) -> OutputSheet:
    """Every task in plan order; critical tasks in bold red, slip and float coloured.

    While part of the plan cannot be scheduled, the Critical column says `unknown` and the
    floats and late dates are blank (`pmkit.engine.days.TaskDays.row`).
    """
    tolerance = analysis.plan.settings.slip_tolerance_days
    header = Row(tuple(Cell(name, kind) for name, kind, _ in SCHEDULE_COLUMNS), Role.HEADER)
    rows = [header, *(_task_row(task, result, tolerance) for task, result in _pairs(analysis))]
    return OutputSheet(
        name="Schedule",
        rows=tuple(rows),
        widths=tuple(width for _, _, width in SCHEDULE_COLUMNS),
        header_row=1,
        freeze_columns=2,
        currency=analysis.summary.currency or analysis.plan.settings.currency,
    )


def schedule_values(analysis: Analysis, task_id: Callable[[str], Value] = str) -> list[list[Value]]:
    """The Schedule sheet's header and rows as plain values, fast: exactly the values of
    `build_schedule_sheet` (a test holds them equal) without a styled `Cell` per value,
    which costs about a second at 10,000 tasks — the add-in's `PM_SCHEDULE` spills these on
    every recalculation. `task_id` turns each task's id into the value shown."""
    rows: list[list[Value]] = [[name for name, _, _ in SCHEDULE_COLUMNS]]
    with collector_paused():
        for task, result in _pairs(analysis):
            done = task is not None and task.is_done
            percent, status = shown_progress(task, done=done)
            rows.append(
                [
                    task_id(result.id),
                    result.name,
                    task.phase if task else None,
                    task.owner if task else None,
                    result.duration,
                    percent,
                    status,
                    result.forecast_start,
                    result.forecast_finish,
                    result.baseline_finish,
                    result.slip,
                    result.total_float,
                    result.free_float,
                    critical_mark(result, done=done),
                    task.deadline if task else None,
                    result.early_start,
                    result.early_finish,
                    result.late_start,
                    result.late_finish,
                ]
            )
    return rows


def shown_progress(task: Task | None, *, done: bool) -> tuple[float | None, str | None]:
    """The % Complete and Status the Schedule shows: pmkit's reading of the task, the one
    earned value and the forecast go by (`Task.is_done`). A task done — an Actual Finish,
    100 %, or Status Done — shows 100 % and Done whatever else its row says (validation
    flags a row whose cells disagree: `progress-disagrees`); else what was typed."""
    if task is None:
        return None, None
    if done:
        return 1.0, TaskStatus.DONE.value
    return task.percent_complete, task.status.value if task.status else None


def critical_mark(result: TaskResult, *, done: bool) -> str | None:
    """What the Critical column says: `Yes`; `unknown` while part of the plan cannot be
    scheduled (the row's `critical` is None: measured against part of the plan, no task is
    known to be on the path or off it); nothing for a task off the path, or done."""
    if done:
        return None
    if result.critical is None:
        return UNKNOWN
    return "Yes" if result.critical else None


def slip_tone(slip_days: int | None, tolerance_days: int) -> Tone | None:
    """Red past the tolerance, amber when late within it, green on time or early."""
    if slip_days is None:
        return None
    if slip_days > tolerance_days:
        return Tone.RED
    if slip_days > 0:
        return Tone.AMBER
    return Tone.GREEN


def _pairs(analysis: Analysis) -> Iterator[tuple[Task | None, TaskResult]]:
    tasks = analysis.plan.tasks
    if len(tasks) == len(analysis.tasks):
        yield from zip(tasks, analysis.tasks, strict=True)
        return
    by_id = analysis.plan.task_by_id()
    for result in analysis.tasks:
        yield by_id.get(result.id), result


def _task_row(task: Task | None, result: TaskResult, tolerance_days: int) -> Row:
    done = task is not None and task.is_done
    mark = critical_mark(result, done=done)
    critical = mark == "Yes"
    name_tone = Tone.CRITICAL if critical else (Tone.MUTED if done else None)
    float_tone = Tone.RED if result.total_float is not None and result.total_float < 0 else None
    percent, status = shown_progress(task, done=done)
    return Row(
        (
            Cell(result.id, bold=critical),
            Cell(result.name, tone=name_tone, bold=critical),
            Cell(task.phase if task else None),
            Cell(task.owner if task else None),
            Cell(result.duration, CellKind.INTEGER),
            Cell(percent, CellKind.PERCENT),
            Cell(status),
            Cell(result.forecast_start, CellKind.DATE),
            Cell(result.forecast_finish, CellKind.DATE),
            Cell(result.baseline_finish, CellKind.DATE),
            Cell(result.slip, CellKind.INTEGER, tone=slip_tone(result.slip, tolerance_days)),
            Cell(result.total_float, CellKind.INTEGER, tone=float_tone),
            Cell(result.free_float, CellKind.INTEGER),
            Cell(mark, tone=Tone.CRITICAL, bold=True)
            if critical
            else Cell(mark, tone=Tone.MUTED if mark else None),
            Cell(task.deadline if task else None, CellKind.DATE),
            Cell(result.early_start, CellKind.DATE),
            Cell(result.early_finish, CellKind.DATE),
            Cell(result.late_start, CellKind.DATE),
            Cell(result.late_finish, CellKind.DATE),
        )
    )
