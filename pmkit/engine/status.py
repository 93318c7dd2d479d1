"""Red / amber / green, with the reasons, and a status paragraph an owner can e-mail.

Project rule (SPEC section 4):
* **Red** when the project slip exceeds the Slip Tolerance Days, or an unfinished task
  misses its deadline (or is forecast to), or SPI or CPI is below 0.9;
* **Amber** when any critical task is slipping, stalled or ownerless, or SPI or CPI is
  below 0.95;
* **Green** otherwise — but never while the plan has errors: then Amber at least, and
  when a row could not be scheduled the forecast is unknown, which is said first.

A plan with no tasks has no rating (None): its paragraph says what to do first.

Task rule (for `PM_STATUS(plan, task_id)`), the same thresholds applied to one task:
* **Red** when the task misses its deadline, has negative float (a deadline that depends
  on it cannot be met), or is critical and slipping beyond the tolerance (it delays the
  project);
* **Amber** when it slips beyond the tolerance off the critical path, is overdue against
  its baseline finish, is stalled, or is unfinished with no owner;
* **Green** otherwise (a finished task is Green unless it finished after its deadline).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.flags import NO_PROGRESS_FLAGS, TaskProgress, format_day, format_money
from pmkit.engine.model import Plan, Task
from pmkit.engine.results import Analysis, TaskResult
from pmkit.engine.unscheduled import NO_TASKS
from pmkit.engine.variance import EarnedValue

__all__ = [
    "AMBER",
    "AMBER_INDEX",
    "GREEN",
    "RED",
    "RED_INDEX",
    "ProjectStatus",
    "TaskStatusRating",
    "rate_project",
    "rate_task",
    "task_status",
    "write_status_text",
]

GREEN, AMBER, RED = "Green", "Amber", "Red"
RED_INDEX = 0.9
"""SPI or CPI below this is Red."""
AMBER_INDEX = 0.95
"""SPI or CPI below this is Amber."""


@dataclass(frozen=True, slots=True)
class ProjectStatus:
    rating: str | None  # None: a plan with no tasks has no status yet
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskStatusRating:
    rating: str
    reasons: tuple[str, ...]


def _days(n: int) -> str:
    return f"{n} working day{'' if abs(n) == 1 else 's'}"


def _has_owner(task: Task) -> bool:
    return bool(task.owner and task.owner.strip())


def rate_task(
    task: Task, row: TaskResult, progress: TaskProgress, tolerance_days: int
) -> TaskStatusRating:
    """The per-task rating and its reasons (module docstring)."""
    red: list[str] = []
    amber: list[str] = []
    slip = row.slip
    if progress.deadline_missed:
        red.append("finishes after its deadline")
    if progress.negative_float:
        red.append(f"has negative float ({row.total_float} days)")
    if progress.slipping and slip is not None:
        (red if row.critical else amber).append(
            f"{_days(slip)} behind its baseline{' on the critical path' if row.critical else ''}"
        )
    if progress.overdue and not progress.slipping:
        amber.append("past its baseline finish and not done")
    if progress.stalled:
        amber.append("stalled: no update for too long")
    if not task.is_done and not _has_owner(task):
        amber.append("has no owner")
    if red:
        return TaskStatusRating(RED, tuple(red + amber))
    if amber:
        return TaskStatusRating(AMBER, tuple(amber))
    return TaskStatusRating(GREEN, ())


def task_status(analysis: Analysis, task_id: str) -> TaskStatusRating:
    """The rating of one task of an analysed plan (`PM_STATUS(plan, task_id)`).

    Raises `TaskNotFoundError` when `task_id` is not in the plan.
    """
    row = analysis.tasks[task_id]
    task = analysis.plan.task_by_id()[row.id]
    found = analysis.extras.get("progress")
    progress = found.get(task_id) if isinstance(found, Mapping) else None
    if not isinstance(progress, TaskProgress):
        progress = NO_PROGRESS_FLAGS
    return rate_task(task, row, progress, analysis.plan.settings.slip_tolerance_days)


def rate_project(
    plan: Plan,
    rows: Sequence[TaskResult],
    progress: Mapping[str, TaskProgress],
    slip: int | None,
    earned: EarnedValue,
    *,
    forecast_unknown: str | None = None,
    other_errors: int = 0,
) -> ProjectStatus:
    """The project rating (SPEC section 4) and the reasons behind it, most serious first.

    A deadline counts while the task is unfinished (forecast to miss it, or already past
    it); a finished task that missed its deadline is history — it keeps its own Red and
    its deadline-missed flag, but no longer colours the project. `forecast_unknown` (why
    the finish cannot be forecast) and `other_errors` (the plan's other errors) each make
    the rating Amber at least: a plan with errors is never Green. With the forecast
    unknown the critical path is too, so no reason speaks of critical tasks.
    """
    if not plan.tasks and forecast_unknown is None:
        return ProjectStatus(None, (NO_TASKS,))
    tolerance = plan.settings.slip_tolerance_days
    missed: list[str] = []
    slipping: list[str] = []
    stalled: list[str] = []
    ownerless: list[str] = []
    # Which tasks are critical depends on the project's finish: unknown with the forecast.
    critical_known = forecast_unknown is None
    for task, row in zip(plan.tasks, rows, strict=True):
        flags = progress.get(task.id)
        if flags is None and not row.critical:
            continue
        if task.is_done:
            continue
        if flags is not None and flags.deadline_missed:
            missed.append(task.id)
        if not (row.critical and critical_known):
            continue
        if flags is not None and flags.slipping:
            slipping.append(task.id)
        if flags is not None and flags.stalled:
            stalled.append(task.id)
        if not _has_owner(task):
            ownerless.append(task.id)
    red: list[str] = []
    amber: list[str] = []
    if forecast_unknown is not None:
        amber.append(forecast_unknown)
    if other_errors:
        amber.append(
            f"{other_errors} error{'' if other_errors == 1 else 's'} in the plan to fix "
            "(see the Flags sheet)"
        )
    if slip is not None and slip > tolerance:
        red.append(
            f"The project is forecast to finish {_days(slip)} late (tolerance {_days(tolerance)})"
        )
    if missed:
        red.append(
            f"{_count(missed, 'task')} miss{'es' if len(missed) == 1 else ''} "
            f"a deadline: {_ids(missed)}"
        )
    for name, value in (("SPI", earned.spi), ("CPI", earned.cpi)):
        if value is None:
            continue
        meaning = "work is behind plan" if name == "SPI" else "work costs more than planned"
        if value < RED_INDEX:
            red.append(f"{name} is {_index(value, RED_INDEX)}, below {RED_INDEX}: {meaning}")
        elif value < AMBER_INDEX:
            amber.append(f"{name} is {_index(value, AMBER_INDEX)}, below {AMBER_INDEX}: {meaning}")
    for ids, what in (
        (slipping, "slipping"),
        (stalled, "stalled"),
        (ownerless, "without an owner"),
    ):
        if ids:
            amber.append(f"{_count(ids, 'critical task')} {what}: {_ids(ids)}")
    if red:
        return ProjectStatus(RED, tuple(red + amber))
    if amber:
        return ProjectStatus(AMBER, tuple(amber))
    return ProjectStatus(GREEN, ())


def _index(value: float, threshold: float) -> str:
    """Two decimals, or three when two would round up to the threshold (0.948 → "0.948")."""
    shown = f"{value:.2f}"
    return f"{value:.3f}" if float(shown) >= threshold else shown


def _count(ids: Sequence[str], noun: str) -> str:
    return f"1 {noun}" if len(ids) == 1 else f"{len(ids)} {noun}s"


def _ids(ids: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def write_status_text(
    plan: Plan,
    rows: Sequence[TaskResult],
    status: ProjectStatus,
    *,
    status_date: date,
    slip: int | None,
    forecast_finish: date | None,
    baseline_finish: date | None,
    earned: EarnedValue,
    currency: str | None = None,
    forecast_unknown: str | None = None,
) -> str:
    """A paragraph for the top of the Summary, in words an owner can paste into an e-mail.

    "The project is 6 working days late, mainly because task 7 “Data migration” is 6
    working days behind its baseline. Forecast finish is Fri 20 Mar 2026 against the
    agreed Thu 12 Mar 2026. …" When the forecast is unknown the paragraph opens with why
    ("Forecast unknown: 34 tasks cannot be scheduled until Plan!E5 is fixed."); a plan
    with no tasks says what to do first.
    """
    if status.rating is None:
        return f"{NO_TASKS}."
    name = plan.settings.project_name or plan.name
    sentences: list[str] = []
    if forecast_unknown is not None:
        agreed = (
            f", so lateness cannot be measured; the agreed finish is {format_day(baseline_finish)}"
            if baseline_finish
            else ""
        )
        sentences.append(f"{forecast_unknown}{agreed}.")
    elif slip is None and baseline_finish is not None:
        sentences.append(
            f"The finish cannot be forecast until the errors on the Flags sheet are fixed; "
            f"the agreed finish is {format_day(baseline_finish)}."
        )
    elif slip is None:
        sentences.append(
            f"{name} has no baseline yet, so lateness cannot be measured"
            + (
                f"; it is forecast to finish on {format_day(forecast_finish)}"
                if forecast_finish
                else ""
            )
            + "."
        )
    else:
        if slip > 0:
            opening = f"The project is {_days(slip)} late"
            driver = _main_driver(rows)
            if driver is not None:
                opening += (
                    f", mainly because task {driver.id} “{driver.name}” is "
                    f"{_days(driver.slip or 0)} behind its baseline"
                )
        elif slip < 0:
            opening = f"The project is {_days(-slip)} ahead of its baseline"
        else:
            opening = "The project is on time against its baseline"
        sentences.append(opening + ".")
        if forecast_finish and baseline_finish:
            sentences.append(
                f"Forecast finish is {format_day(forecast_finish)} against the agreed "
                f"{format_day(baseline_finish)}."
            )
    if earned.ac is not None and earned.bac is not None:
        spent = (
            f"{format_money(round(earned.ac), currency)} has been spent of a "
            f"{format_money(round(earned.bac), currency)} budget"
        )
        if earned.eac is not None:
            spent += (
                "; at the cost rate so far it will end near "
                f"{format_money(round(earned.eac), currency)}"
            )
        sentences.append(spent + ".")
    # what the first sentence already says: the unknown forecast, or the project's lateness
    said = forecast_unknown
    if slip is not None and slip > plan.settings.slip_tolerance_days:
        said = status.reasons[0] if status.reasons else None
    reasons = [reason for reason in status.reasons if reason != said]
    sentences.append(
        f"Status on {format_day(status_date)}: {status.rating}"
        + (f" — {'; '.join(reasons[:2])}" if reasons else "")
        + "."
    )
    return " ".join(sentences)


def _main_driver(rows: Sequence[TaskResult]) -> TaskResult | None:
    """The critical task slipping most, else any task slipping most: why the project is late."""
    best: TaskResult | None = None
    best_critical, best_slip = False, 0
    for row in rows:
        slip = row.slip
        if slip is None or slip <= 0:
            continue
        critical = row.critical
        # (critical, slip) greater than the best so far, compared without building tuples
        if (
            best is None
            or critical > best_critical
            or (critical == best_critical and slip > best_slip)
        ):
            best, best_critical, best_slip = row, critical, slip
    return best
