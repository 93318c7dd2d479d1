"""A plan as the nightly job keeps it, one state per run day: what a change is seen in.

`plan_state(analysis, run_date)` takes tonight's analysis down to the figures that
`pmkit.engine.overnight` compares night by night and the history stores: the project's
forecast finish, slip and status, and per task its forecast finish, slip and flags
(done, critical, late, stalled, deadline at risk, scope added or grown without an
approved change request), per risk its review date and whether it is past it.

A few fields are tonight's only (marked below): the words a sentence needs (task names,
risk descriptions, the currency) are the owner's text and stay in the owner's sheet; a
state read back from the history leaves them empty.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from pmkit.engine.model import Task
from pmkit.engine.progress import NO_PROGRESS_FLAGS
from pmkit.engine.results import Analysis, TaskResult
from pmkit.engine.scope import ChangeKind as ScopeKind
from pmkit.engine.scope import ScopeChange
from pmkit.engine.task_network import remaining_days
from pmkit.engine.workdays import WorkCalendar

__all__ = ["PlanState", "RiskState", "TaskState", "plan_state", "with_last_known"]


@dataclass(frozen=True, slots=True)
class TaskState:
    """One task on one night. `late` is slipping past the Slip Tolerance Days,
    `deadline_at_risk` forecast (or finished) after its Deadline; `scope_creep` is
    `added` or `grown` when the task is new or grew since the baseline without an
    approved change request, with the extra working days (None: its Duration cannot be
    read, so they are not known) and cost. A task that cannot be scheduled that night
    has no forecast finish (`scheduled` is False): its lateness, deadline and place on
    the critical path are not known, and read as not set."""

    task_id: str
    forecast_finish: date | None = None
    slip: int | None = None
    done: bool = False
    critical: bool = False
    late: bool = False
    stalled: bool = False
    deadline: date | None = None
    deadline_at_risk: bool = False
    scope_creep: ScopeKind | None = None
    scope_creep_days: int | None = None
    scope_creep_cost: float | None = None
    name: str = ""
    """Tonight's only: not kept in the history."""
    actual_finish: date | None = None
    """Tonight's only: the Actual Finish the owner typed (a done task may have none)."""
    predecessors: tuple[str, ...] = ()
    """Tonight's only: the IDs of the tasks it is linked after."""
    held_by_status_date: bool = False
    """Tonight's only: not done, and its work left is placed on the first working day
    after the status date (Move Unfinished Work Past Status Date), so its finish moves
    as the status date does."""

    @property
    def scheduled(self) -> bool:
        return self.forecast_finish is not None


@dataclass(frozen=True, slots=True)
class RiskState:
    """One risk with a Review Date: open and past it on the status date, or not."""

    risk_id: str
    review_date: date
    past_review: bool
    is_open: bool = True
    description: str = ""
    """Tonight's only, like `owner`."""
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class PlanState:
    """One plan on one run day.

    `detailed` is False for a run recorded by a pmkit that kept no task figures: only its
    project figures can be compared. The fields after `forecast_unknown` are tonight's
    only (the critical path in its order, and what the sentences need to know).
    """

    run_date: date
    status_date: date | None
    status: str | None
    forecast_finish: date | None
    slip: int | None
    tasks: tuple[TaskState, ...] = ()
    risks: tuple[RiskState, ...] = ()
    detailed: bool = True
    forecast_unknown: str | None = None
    """Why the forecast finish is unknown ("Forecast unknown: … until Plan!E5 is fixed")."""
    critical_path: tuple[str, ...] | None = None
    currency: str | None = None
    stalled_after_days: int = 14
    last_known_finish: tuple[date, date] | None = None
    """Read back only, when `forecast_finish` is unknown: the latest earlier night it was
    known, and what it was then (`with_last_known`)."""
    critical_known_on: date | None = None
    """Read back only, when `forecast_finish` is unknown (no critical path that night):
    the latest earlier night there was one; every task's `critical` is that night's."""

    @property
    def forecast_known(self) -> bool:
        return self.forecast_finish is not None

    def task_by_id(self) -> dict[str, TaskState]:
        return {task.task_id: task for task in self.tasks}


def plan_state(
    analysis: Analysis, run_date: date, calendar: WorkCalendar | None = None
) -> PlanState:
    """Tonight's state of the analysed plan (a repeated task or risk id: the first row);
    `calendar`: the plan's, when the caller has built it already."""
    plan, summary = analysis.plan, analysis.summary
    progress = analysis.progress
    creep: dict[str, ScopeChange] = {}
    for change in analysis.scope.changes:
        if not change.approved and change.kind is not ScopeKind.REMOVED:
            creep.setdefault(change.task_id, change)
    held = _held_by_status_date(analysis, calendar or WorkCalendar.for_plan(analysis.plan))
    tasks: dict[str, TaskState] = {}
    for task in plan.tasks:
        if task.id in tasks:
            continue
        row = analysis.tasks.get(task.id)
        flags = progress.get(task.id, NO_PROGRESS_FLAGS)
        grown = creep.get(task.id)
        tasks[task.id] = TaskState(
            task.id,
            forecast_finish=row.forecast_finish if row else None,
            slip=row.slip if row else None,
            done=task.is_done,
            critical=bool(row and row.critical),
            late=flags.slipping,
            stalled=flags.stalled,
            deadline=task.deadline,
            deadline_at_risk=flags.deadline_missed,
            scope_creep=grown.kind if grown else None,
            scope_creep_days=grown.extra_days if grown and not grown.days_unknown else None,
            scope_creep_cost=grown.extra_cost if grown else None,
            name=task.name,
            actual_finish=task.actual_finish,
            predecessors=tuple(dict.fromkeys(link.predecessor for link in task.links)),
            held_by_status_date=held(task, row),
        )
    risks: dict[str, RiskState] = {}
    for risk in plan.risks:
        if risk.review_date is None or risk.id in risks:
            continue
        risks[risk.id] = RiskState(
            risk.id,
            risk.review_date,
            past_review=risk.is_open and risk.review_date < analysis.status_date,
            is_open=risk.is_open,
            description=risk.description,
            owner=risk.owner,
        )
    return PlanState(
        run_date=run_date,
        status_date=analysis.status_date,
        status=summary.status,
        forecast_finish=summary.forecast_finish,
        slip=summary.slip,
        tasks=tuple(tasks.values()),
        risks=tuple(risks.values()),
        forecast_unknown=summary.forecast_unknown,
        critical_path=summary.critical_path,
        currency=summary.currency or plan.settings.currency,
        stalled_after_days=plan.settings.stalled_after_days,
    )


def _held_by_status_date(
    analysis: Analysis, calendar: WorkCalendar
) -> Callable[[Task, TaskResult | None], bool]:
    """Whether a task's work left sits where the status date puts it (`TaskState`): a
    task not started starts, a started one's remaining work (`remaining_days`) starts,
    on the first working day after the status date."""
    if not analysis.plan.settings.move_unfinished_work:
        return lambda task, row: False
    after_status = calendar.through(analysis.status_date)
    index = calendar.on_or_after  # remembered per date: a plan reuses a few hundred

    def held(task: Task, row: TaskResult | None) -> bool:
        if task.is_done or row is None or row.forecast_finish is None:
            return False
        if not task.is_started:
            start = row.forecast_start
            return start is not None and index(start) == after_status
        if row.duration is None:
            return False
        left = remaining_days(task, row.duration)
        return index(row.forecast_finish) == after_status + left - 1

    return held


def with_last_known(
    last: PlanState,
    known: Iterable[TaskState],
    *,
    finish: tuple[date, date] | None = None,
    critical: Collection[str] | None = None,
) -> PlanState:
    """`last` with each task it could not schedule (a cell to fix) as `known` has it: the
    task's state on the latest earlier night it could be scheduled. What rests on the
    schedule (forecast, slip, critical, late, deadline) and growth whose days were not
    known are then compared with what was last known, so fixing the cell does not make
    old news new, nor hide what changed meanwhile. Done and stalled do not rest on the
    schedule: they stay last run's, as does growth last run counted in full. `finish`:
    the night the project's forecast finish was last known, and that finish, when it was
    not known on `last`; `critical`: the tasks critical that night, so that "now on the
    critical path" is compared with the last night there was one."""
    earlier = {task.task_id: task for task in known}
    tasks = []
    for task in last.tasks:
        was = earlier.get(task.task_id)
        if task.scheduled or was is None:
            tasks.append(task)
            continue
        if task.scope_creep is not None and task.scope_creep_days is not None:
            was = replace(
                was,
                scope_creep=task.scope_creep,
                scope_creep_days=task.scope_creep_days,
                scope_creep_cost=task.scope_creep_cost,
            )
        tasks.append(replace(was, done=task.done, stalled=task.stalled, name=task.name))
    known_finish = finish if last.forecast_finish is None else None
    critical_on = None
    if known_finish is not None and critical is not None:
        critical_on = known_finish[0]
        tasks = [replace(task, critical=task.task_id in critical) for task in tasks]
    return replace(
        last, tasks=tuple(tasks), last_known_finish=known_finish, critical_known_on=critical_on
    )
