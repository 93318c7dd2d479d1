"""Red / amber / green, with the reasons, and a status paragraph an owner can e-mail.

Project rule (docs/findings.md):
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
* **Green** otherwise (a finished task is Green unless it finished after its deadline) —
  but never while the task cannot be scheduled or its row holds an error: Amber at least.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.closeout import CloseOut
from pmkit.engine.days import TaskDays
from pmkit.engine.figures import (
    format_day,
    format_money,
    format_ratio,
    half_up,
    is_below,
    shown_ratio,
    working_days,
)
from pmkit.engine.issues import Severity
from pmkit.engine.lateness import main_driver, task_slots
from pmkit.engine.model import Plan, Task
from pmkit.engine.progress import (
    NO_PROGRESS_FLAGS,
    DeadlineMiss,
    TaskProgress,
    late_date_holders,
)
from pmkit.engine.results import Analysis, TaskResult
from pmkit.engine.unscheduled import NO_TASKS
from pmkit.engine.variance import EarnedValue, WorkdayIndex, missing_cost_words, slip_days

__all__ = [
    "AMBER",
    "AMBER_INDEX",
    "GREEN",
    "RED",
    "RED_INDEX",
    "ProjectStatus",
    "TaskStatusRating",
    "index_line",
    "index_rating",
    "least_late",
    "overdue_days",
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


_days = working_days


def _has_owner(task: Task) -> bool:
    return bool(task.owner and task.owner.strip())


def rate_task(
    task: Task,
    row: TaskResult,
    progress: TaskProgress,
    tolerance_days: int,
    *,
    unknown: Sequence[str] = (),
    total_float: int | None = None,
    held_by: str = "deadline",
) -> TaskStatusRating:
    """The per-task rating and its reasons (module docstring). `unknown` says what pmkit
    cannot know about the task (it cannot be scheduled, a cell of its row cannot be read):
    each makes it Amber at least, as errors do the project. `total_float` is the
    scheduler's (`ScheduleDays.total_float`; default the row's): what the task must gain
    for a deadline is known from the tasks up to it while the row's float is not (part of
    the plan unscheduled)."""
    red: list[str] = []
    amber: list[str] = list(unknown)
    slip = row.slip
    if progress.deadline_missed:
        red.append("misses its deadline")
    total = row.total_float if total_float is None else total_float
    if progress.negative_float and total is not None:
        red.append(f"must gain {_days(-total)} for a {held_by} to be met")
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
    progress = analysis.progress.get(task_id, NO_PROGRESS_FLAGS)
    tolerance = analysis.plan.settings.slip_tolerance_days
    days = analysis.schedule.days
    slot = None if days is None else days.slots.get(task.id)
    return rate_task(
        task,
        row,
        progress,
        tolerance,
        unknown=_unknown(analysis, task, row),
        total_float=None if days is None or slot is None else days.total_float[slot],
        held_by=late_date_holders(analysis.plan.tasks) if progress.negative_float else "deadline",
    )


def _unknown(analysis: Analysis, task: Task, row: TaskResult) -> list[str]:
    """What pmkit cannot know about `task`: its dates when it could not be scheduled, and
    each cell of its row holding an error (the row's own, not a row left out for
    repeating its ID)."""
    reasons: list[str] = []
    if row.forecast_finish is None:
        reasons.append("cannot be scheduled, so its dates are unknown")
    if not analysis.has_errors:
        return reasons
    sheet = analysis.plan.plan_sheet
    for issue in analysis.cell_issues():
        if issue.severity is not Severity.ERROR:
            continue
        where = issue.location
        if where is not None and where.sheet == sheet and where.row is not None:
            mine = bool(task.row) and where.row == task.row
        else:
            mine = issue.task_id == task.id
        if mine:
            reasons.append(f"has an error to fix at {where or 'its row'}")
    return reasons


_NO_FLAGS: dict[str, TaskProgress] = {}


def rate_project(  # noqa: PLR0912 - one branch per rating rule, in SPEC's order
    plan: Plan,
    days: TaskDays,
    progress: Mapping[str, TaskProgress],
    slip: int | None,
    earned: EarnedValue,
    *,
    forecast_unknown: str | None = None,
    critical_known: bool = True,
    other_errors: int = 0,
    deadline_misses: Mapping[str, DeadlineMiss] | None = None,
    late_at_least: int | None = None,
    late_by_dates: bool = False,
    finished: bool = False,
) -> ProjectStatus:
    """The project rating (docs/findings.md) and the reasons behind it, most serious first.

    A deadline counts while the task is unfinished (forecast to miss it, or already past
    it); a finished task that missed its deadline is history — it keeps its own Red and
    its deadline-missed flag, but no longer colours the project. `forecast_unknown` (why
    the finish cannot be forecast) and `other_errors` (the plan's other errors) each make
    the rating Amber at least: a plan with errors is never Green. `critical_known` False
    (a row is unscheduled) means the critical path is unknown too, so no reason speaks of
    critical tasks; a forecast unknown because the plan's dates have passed keeps its
    critical path, the plan's logic.
    `deadline_misses` (task id → how late, `DeadlineMiss`) words the missed deadlines.
    `late_at_least`: working days from the agreed finish to the status date, when that
    date has passed and the project is not done (`overdue_days`): the project is at least
    that late whatever the forecast says, or when it cannot say; `late_by_dates`: the
    plan's dates say so instead (`least_late`). `finished` (every task is
    done, `CloseOut.finished`) words the slip in the past tense.
    SPI and CPI are compared as shown, with two decimals (`pmkit.engine.figures`).
    """
    if not plan.tasks and forecast_unknown is None:
        return ProjectStatus(None, (NO_TASKS,))
    tolerance = plan.settings.slip_tolerance_days
    missed: list[str] = []
    slipping: list[str] = []
    stalled: list[str] = []
    ownerless: list[str] = []
    # Which tasks are critical depends on the project's finish: unknown with a row unscheduled.
    flags_of = progress.get if progress else _NO_FLAGS.get
    # a finished task is skipped first, then one without flags off the critical path:
    # the cheapest tests first, for the thousands of tasks that say nothing
    for task, critical, done in zip(plan.tasks, days.critical, days.done, strict=True):
        if done:
            continue
        flags = flags_of(task.id)
        if flags is None:
            if not (critical and critical_known):
                continue
        else:
            if flags.deadline_missed:
                missed.append(task.id)
            if not (critical and critical_known):
                continue
            if flags.slipping:
                slipping.append(task.id)
            if flags.stalled:
                stalled.append(task.id)
        owner = task.owner  # `_has_owner`, inline: a call per critical task
        if not owner or not owner.strip():
            ownerless.append(task.id)
    red: list[str] = []
    amber: list[str] = []
    if forecast_unknown is not None:
        amber.append(forecast_unknown)
    if other_errors:
        other = "other " if forecast_unknown is not None else ""  # besides those it names
        amber.append(
            f"{other_errors} {other}error{'' if other_errors == 1 else 's'} in the plan to fix "
            "(see the Flags sheet)"
        )
    if slip is not None and slip > tolerance and slip >= (late_at_least or 0):
        red.append(_slip_reason(slip, tolerance, finished=finished))
    elif late_at_least is not None and late_at_least > tolerance:
        red.append(
            f"The plan's dates end {_days(late_at_least)} after the agreed date, though they "
            "assume work dated in the past was done: the project is at least that late "
            f"(tolerance {_days(tolerance)})"
            if late_by_dates
            else f"The agreed finish passed {_days(late_at_least)} ago and the project is not "
            f"done: it is at least that late (tolerance {_days(tolerance)})"
        )
    if missed:
        red.append(_deadline_words(plan, missed, deadline_misses or {}))
    _index_reasons(earned, plan.settings.currency, red, amber)
    for ids, one, many in (
        (slipping, "is behind its baseline", "are behind their baseline"),
        (stalled, "is stalled", "are stalled"),
        (ownerless, "has no owner", "have no owner"),
    ):
        if ids:
            amber.append(
                f"{_count(ids, 'critical task')} {one if len(ids) == 1 else many}: {_ids(ids)}"
            )
    if red:
        return ProjectStatus(RED, tuple(red + amber))
    if amber:
        return ProjectStatus(AMBER, tuple(amber))
    return ProjectStatus(GREEN, ())


def _slip_reason(slip: int, tolerance: int, *, finished: bool = False) -> str:
    """The rating's reason for a project that finishes (or `finished`) later than the
    tolerance allows."""
    verb = "finished" if finished else "finishes"
    return f"The project {verb} {_days(slip)} after the agreed date (tolerance {_days(tolerance)})"


def _index_reasons(
    earned: EarnedValue, currency: str | None, red: list[str], amber: list[str]
) -> None:
    """Add an SPI or CPI below the thresholds to the red or amber reasons; a CPI measured
    without some work done (`EarnedValue.uncosted`) says so."""
    for name, value in (("SPI", earned.spi), ("CPI", earned.cpi)):
        line = index_line(value)
        if value is None or line is None:
            continue
        explained = explain_index(name, value, currency)
        if name == "CPI" and earned.uncosted:
            explained += ", on the tasks with an Actual Cost"
        (red if line == RED_INDEX else amber).append(f"{explained} (below {format_ratio(line)})")


def index_line(value: float | None) -> float | None:
    """The line an SPI or CPI is below, as shown (`RED_INDEX`, else `AMBER_INDEX`), or None
    when it is below neither or unknown: the one rule the rating and the low-spi and
    low-cpi findings read.

    >>> index_line(0.8949), index_line(0.948), index_line(None)
    (0.9, None, None)
    """
    if value is None:
        return None
    if is_below(value, RED_INDEX):
        return RED_INDEX
    if is_below(value, AMBER_INDEX):
        return AMBER_INDEX
    return None


def index_rating(line: float) -> str:
    """The rating an index below `line` (`index_line`) gives the project: Red or Amber."""
    return RED if line == RED_INDEX else AMBER


def least_late(
    index: WorkdayIndex,
    status_date: date,
    agreed_finish: date | None,
    done: Sequence[bool],
    dates_end: date | None = None,
) -> tuple[int | None, bool]:
    """How many working days late the project is at least, whatever the forecast says or
    when it cannot say, and whether the plan's dates say so (else the status date does).

    The agreed finish has passed with work not done (`overdue_days`); or the plan's dates
    assume work dated in the past was done (`forecast_passed`; `dates_end`: where they
    end) and end after the agreed finish: moving that work on can only move them later, so
    their slip is a minimum. The larger of the two; None when neither is known.
    """
    overdue = overdue_days(index, status_date, agreed_finish, done)
    by_dates = slip_days(index, dates_end, agreed_finish)
    if by_dates is not None and by_dates > max(overdue or 0, 0):
        return by_dates, True
    return overdue, False


def overdue_days(
    index: WorkdayIndex, status_date: date, agreed_finish: date | None, done: Sequence[bool]
) -> int | None:
    """Working days from the agreed finish to the status date when that date has passed
    and a task is not done (the project cannot finish before the status date), else None."""
    if agreed_finish is None or status_date <= agreed_finish or all(done):
        return None
    return index.on_or_after(status_date) - index.on_or_after(agreed_finish)


def explain_index(name: str, value: float, currency: str | None = None) -> str:
    """An index with what it means, at first use: `SPI 0.70 — 70 % of the work planned by
    now is done`; `CPI 0.92 — USD 0.92 of work done for each USD 1 spent`."""
    shown = format_ratio(value)
    if name == "SPI":
        done = half_up(shown_ratio(value) * 100)
        return f"SPI {shown} — {done} % of the work planned by now is done"
    unit = f"{currency} " if currency else ""
    return f"CPI {shown} — {unit}{shown} of work done for each {unit}1 spent"


def _deadline_words(plan: Plan, missed: Sequence[str], late: Mapping[str, DeadlineMiss]) -> str:
    """`Task 38 “Go live” misses its deadline by 8 working days`, or several tasks'."""
    if len(missed) == 1:
        task_id = missed[0]
        miss = late.get(task_id)
        by = f" by {miss.words()}" if miss else ""
        # its first row, found without indexing every task (the rating reads one name)
        task = next((task for task in plan.tasks if task.id == task_id), None)
        return f"{_label(task, task_id)} misses its deadline{by}"
    return f"{_count(missed, 'task')} miss their deadline: {_ids(missed)}"


def _label(task: Task | None, task_id: str) -> str:
    return task.label() if task is not None else f"Task {task_id}"


def _count(ids: Sequence[str], noun: str) -> str:
    return f"1 {noun}" if len(ids) == 1 else f"{len(ids)} {noun}s"


def _ids(ids: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def write_status_text(  # noqa: PLR0912 - one clause per fact, as it reads
    plan: Plan,
    days: TaskDays,
    status: ProjectStatus,
    *,
    status_date: date,
    slip: int | None,
    forecast_finish: date | None,
    baseline_finish: date | None,
    earned: EarnedValue,
    currency: str | None = None,
    forecast_unknown: str | None = None,
    deadline_misses: Mapping[str, DeadlineMiss] | None = None,
    critical_path: Sequence[str] = (),
    slots: Mapping[str, int] | None = None,
    close_out: CloseOut | None = None,
    late_at_least: int | None = None,
) -> str:
    """A paragraph for the top of the Summary, in words an owner can paste into an e-mail.

    "Task 38 “Go live” misses its deadline by 8 working days; the whole project finishes
    10 working days after the agreed date, mainly because task 18 “Connect stock system”
    is 10 working days behind its baseline. Forecast finish is Mon 15 Jun 2026 against the
    agreed Mon 1 Jun 2026. …" The kinds of lateness keep one name each (docs/findings.md):
    a deadline is *missed by* days, the project *finishes days after the agreed date*, a
    task is *behind its baseline*. When the forecast is unknown the paragraph opens with
    why ("Forecast unknown: 34 tasks cannot be scheduled until Plan!E5 is fixed."); a plan
    with no tasks says what to do first.
    """
    if status.rating is None:
        return f"{NO_TASKS}."
    if close_out is not None and close_out.finished:
        return _closed_text(close_out, status, status_date, currency)
    name = plan.settings.project_name or plan.name
    sentences: list[str] = []
    missed = deadline_misses or {}
    said: set[str] = set()
    if forecast_unknown is not None:
        sentences.append(
            _unknown_opening(forecast_unknown, baseline_finish, late_at_least, status_date)
        )
        said.add(forecast_unknown)
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
        deadline = ""
        deadline_reason = next((r for r in status.reasons if " deadline" in r), None)
        if deadline_reason is not None and missed:
            deadline, project = deadline_reason, "the whole project"
            said.add(deadline_reason)
        else:
            project = "the project"
        if slip > 0:
            opening = f"{project} finishes {_days(slip)} after the agreed date"
            last = None if forecast_finish is None else days.project_finish
            driver = main_driver(plan, days, last, critical_path, slots or task_slots(plan))
            if driver is not None:
                task = plan.tasks[driver]
                opening += (
                    f", mainly because {task.label('task')} is "
                    f"{_days(days.slip[driver] or 0)} behind its baseline"
                )
        elif slip < 0:
            opening = f"{project} finishes {_days(-slip)} before the agreed date"
        else:
            opening = f"{project} finishes on the agreed date"
        if deadline:
            opening = f"{deadline}; {opening}" if slip > 0 else f"{deadline}, although {opening}"
        sentences.append(opening[0].upper() + opening[1:] + ".")
        if forecast_finish and baseline_finish:
            sentences.append(
                f"Forecast finish is {format_day(forecast_finish)} against the agreed "
                f"{format_day(baseline_finish)}."
            )
        said.add(_slip_reason(slip, plan.settings.slip_tolerance_days))  # said above
    if earned.bac is not None and (earned.ac is not None or earned.cost_unknown):
        sentences.append(_spent_words(earned, currency))
    reasons = [reason for reason in status.reasons if reason not in said]
    sentences.append(f"Status on {format_day(status_date)}: {status.rating}.")
    sentences += [f"{reason}." for reason in reasons[:2]]
    return " ".join(sentences)


def _unknown_opening(
    forecast_unknown: str, agreed: date | None, late_at_least: int | None, status_date: date
) -> str:
    """The paragraph's first sentence when the forecast is unknown: why, and the agreed
    finish; once the project is known to be late at least (`least_late`) the rating says
    by how much, so the sentence does not say lateness cannot be measured."""
    if agreed is None:
        return f"{forecast_unknown}."
    if late_at_least is not None:
        tense = "was" if agreed <= status_date else "is"
        return (
            f"{forecast_unknown}, so how late it will finish cannot be measured; the agreed "
            f"finish {tense} {format_day(agreed)}."
        )
    return (
        f"{forecast_unknown}, so lateness cannot be measured; the agreed finish is "
        f"{format_day(agreed)}."
    )


def _spent_words(earned: EarnedValue, currency: str | None) -> str:
    """What has been spent of the budget and where the cost rate leads; only what is known
    (`EarnedValue.uncosted`: the tasks with work done and no Actual Cost)."""
    budget = format_money(earned.bac or 0.0, currency)
    if earned.ac is None:  # cost_unknown: no cost recorded at all
        return (
            f"The work done has no Actual Cost, so the final cost of the {budget} budget "
            "cannot be forecast."
        )
    spent = format_money(earned.ac, currency)
    if earned.cost_unknown:
        return (
            f"{spent} is recorded as spent of a {budget} budget, but the work done has no "
            "Actual Cost, so the final cost cannot be forecast."
        )
    missing = missing_cost_words(earned.uncosted)
    words = (
        f"{spent} has been spent of a {budget} budget"
        if missing is None
        else f"{spent} is recorded as spent of a {budget} budget, but {missing}"
    )
    if earned.eac is not None:
        rate = "so far" if missing is None else "of the others"
        words += f"; at the cost rate {rate} it will end near {format_money(earned.eac, currency)}"
    return words + "."


def _closed_text(
    review: CloseOut, status: ProjectStatus, status_date: date, currency: str | None
) -> str:
    """The paragraph of a project that is over: when it finished, what it cost."""
    sentences = []
    if review.actual_finish is not None:
        when = f"The project is over: it finished on {format_day(review.actual_finish)}"
        slip = review.finish_slip
        if slip is not None and review.agreed_finish is not None:
            against = (
                f"{_days(slip)} after"
                if slip > 0
                else f"{_days(-slip)} before"
                if slip < 0
                else "on"
            )
            when += f", {against} the agreed {format_day(review.agreed_finish)}"
            if review.earlier_baselines:
                when += f" of baseline {review.baseline_number}"
        sentences.append(when + ".")
    if review.actual_cost is not None and review.agreed_cost is not None:
        agreed = format_money(review.agreed_cost, currency)
        missing = missing_cost_words(review.uncosted)
        removed = (
            f", {format_money(review.removed_cost, currency)} of it for work removed since "
            f"({review.removed_tasks})"
            if review.removed_cost
            else ""
        )
        sentences.append(
            f"It cost {format_money(review.actual_cost, currency)} against an agreed budget of "
            f"{agreed}{removed}."
            if missing is None
            else f"{format_money(review.actual_cost, currency)} is recorded as spent against an "
            f"agreed budget of {agreed}, but {missing}."
        )
    unconfirmed = len(review.unconfirmed)
    if unconfirmed:
        sentences.append(
            f"{unconfirmed} of its {len(review.measures)} success measures "
            f"{'is' if unconfirmed == 1 else 'are'} not confirmed yet (Met? on the Charter)."
        )
    sentences.append(f"Status on {format_day(status_date)}: {status.rating}.")
    return " ".join(sentences)
