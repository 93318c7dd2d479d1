"""What analysis produces: schedule dates per task, findings, and the project summary.

Results are separate from the model and keyed by task id. Field names of `TaskResult`
and `ProjectSummary` are those of the JSON in docs/command-line.md; all day counts are working days.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import TYPE_CHECKING, Any, overload

from pmkit.engine.errors import TaskNotFoundError
from pmkit.engine.figures import working_days
from pmkit.engine.frozen import fast_constructor
from pmkit.engine.issues import Issue
from pmkit.engine.model import Plan, meant_task_id
from pmkit.engine.scope import NO_SCOPE, ScopeReport
from pmkit.engine.variance import NO_EARNED_VALUE, EarnedValue
from pmkit.engine.workload import EMPTY_WORKLOAD, Workload

if TYPE_CHECKING:
    from pmkit.engine.actions import Action
    from pmkit.engine.closeout import CloseOut
    from pmkit.engine.days import ScheduleDays
    from pmkit.engine.lateness import Waits
    from pmkit.engine.progress import TaskProgress
    from pmkit.engine.unscheduled import Unscheduled

__all__ = [
    "NO_HEALTH",
    "Analysis",
    "HealthCheck",
    "HealthReport",
    "ProjectSummary",
    "Schedule",
    "ScheduledTask",
    "TaskResult",
    "TaskTable",
    "action_json",
    "issue_json",
    "task_json_lines",
]


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    """The scheduler's dates for one task (shown dates: a finish is the last working day)."""

    task_id: str
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float_days: int
    free_float_days: int
    critical: bool
    as_late_as_possible: bool = False
    """Scheduled at its late dates (As Late As Possible): its forecast is its late dates."""
    at_day_end: bool = False
    """A milestone a finish placed: it sits at the end of the day it is shown on (Project:
    17:00), not at its start (docs/scheduling.md). False for every other task."""


new_scheduled_task = fast_constructor(ScheduledTask)
"""`ScheduledTask(...)`, faster (`pmkit.engine.frozen`): one per task."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """The scheduler's answer. Tasks that could not be scheduled are absent from `tasks`.

    `days` is the same answer in working-day indices by Plan slot, for the passes after
    the scheduler (`pmkit.engine.days`; None in a schedule built by hand).
    """

    tasks: Mapping[str, ScheduledTask]
    project_start: date | None
    project_finish: date | None
    critical_path: tuple[str, ...]
    issues: tuple[Issue, ...] = ()
    days: ScheduleDays | None = None


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One task's row of the schedule: dates, float (working days), forecast and slip."""

    id: str
    name: str
    duration: int | None
    early_start: date | None
    early_finish: date | None
    late_start: date | None
    late_finish: date | None
    total_float: int | None
    free_float: int | None
    critical: bool | None
    """None, like every date and float, when the task could not be scheduled (unknown);
    None too, with the late dates and floats, on every row while some row cannot be
    scheduled: the project's critical path is then unknown (`TaskDays.row`)."""
    forecast_start: date | None
    forecast_finish: date | None
    baseline_finish: date | None
    slip: int | None

    def to_json(self) -> dict[str, Any]:
        # one row per task (50,000 for a large plan): the fields read at once, dates after
        data = dict(zip(_TASK_FIELDS, _task_values(self), strict=True))
        for name in _TASK_DATES:
            day = data[name]
            if day is not None:
                data[name] = day.isoformat()
        return data


new_task_result = fast_constructor(TaskResult)
"""`TaskResult(...)`, faster (`pmkit.engine.frozen`): one row per task."""


class TaskTable(Sequence[TaskResult]):
    """Task results in plan order; also looked up by task id: `tasks["7"]`.

    `TaskTable(rows)` holds rows made beforehand; `TaskTable.deferred` makes each row when
    it is first read (`pmkit.analyze`: from the schedule's working-day indices,
    `pmkit.engine.days`), so a caller that reads one task's row builds one row.
    """

    __slots__ = ("_make", "_rows", "_slots")

    def __init__(self, rows: Sequence[TaskResult]) -> None:
        self._rows: list[TaskResult | None] = list(rows)
        self._make: Callable[[int], TaskResult] | None = None
        # the first row of a repeated id wins: filled from the last row back, so earlier
        # rows overwrite later ones
        self._slots: Mapping[str, int] = {
            row.id: slot for slot, row in reversed(list(enumerate(rows)))
        }

    @classmethod
    def deferred(
        cls, count: int, make: Callable[[int], TaskResult], slots: Mapping[str, int]
    ) -> TaskTable:
        """`count` rows, row `i` made by `make(i)` when first read; `slots` maps each task
        id to its row (the first row of a repeated id)."""
        table = cls(())
        table._rows = [None] * count
        table._make = make
        table._slots = slots
        return table

    def _row(self, slot: int) -> TaskResult:
        row = self._rows[slot]
        if row is None:
            assert self._make is not None
            row = self._rows[slot] = self._make(slot % len(self._rows))
        return row

    def _all(self) -> list[TaskResult]:
        if self._make is not None:
            for slot, row in enumerate(self._rows):
                if row is None:
                    self._row(slot)
            self._make = None
        return self._rows  # type: ignore[return-value]  # every row is made now

    @overload
    def __getitem__(self, key: int) -> TaskResult: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[TaskResult]: ...
    @overload
    def __getitem__(self, key: str) -> TaskResult: ...
    def __getitem__(self, key: int | slice | str) -> TaskResult | Sequence[TaskResult]:
        if isinstance(key, str):
            slot = self._slots.get(key)
            if slot is None:
                meant = meant_task_id(key, self._slots)
                hint = f" (did you mean {meant}?)" if meant else ""
                raise TaskNotFoundError(f"task {key} is not in the plan{hint}")
            return self._row(slot)
        if isinstance(key, slice):
            return tuple(self._all()[key])
        return self._row(key)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[TaskResult]:
        return iter(self._all())

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._slots
        return item in self._all()

    def get(self, task_id: str) -> TaskResult | None:
        slot = self._slots.get(task_id)
        return None if slot is None else self._row(slot)

    def __repr__(self) -> str:
        return f"TaskTable({len(self._rows)} tasks)"


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One plan-health check (after the DCMA 14-point assessment).

    `passed` is None when the check does not apply (`known`) or cannot be judged because
    part of the plan could not be scheduled (not `known`; `value` is then None too).
    """

    name: str
    value: float | None
    threshold: float
    passed: bool | None
    description: str = ""
    known: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "threshold": self.threshold,
            "pass": self.passed,
        }


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Plan health (`pmkit.engine.health`): the checks in DCMA order, the share that
    passed (None when a check cannot be judged), and one note per failed check."""

    checks: tuple[HealthCheck, ...]
    score: float | None
    issues: tuple[Issue, ...] = ()


NO_HEALTH = HealthReport((), None)
"""The health of an analysis built by hand: no check run."""


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """Project-level figures; None wherever a figure cannot be computed (no baseline, no cost).

    When a Plan row could not be scheduled, the forecast finish, slip, critical path and
    forecast duration are None and `forecast_unknown` says why and which cells to fix
    ("Forecast unknown: 34 tasks cannot be scheduled until Plan!E5 is fixed"). When every
    row was scheduled but the plan's dates end on or before the status date with work
    not done (Move Unfinished Work Past Status Date is No), the forecast finish and slip
    are None and `forecast_unknown` says so; the critical path, the plan's logic, stays.
    A plan with no tasks has no `status` and says what to do first.
    """

    name: str
    status_date: date
    start: date | None
    baseline_finish: date | None
    forecast_finish: date | None
    slip: int | None
    status: str | None
    status_reasons: tuple[str, ...]
    critical_path: tuple[str, ...] | None
    earned_value: EarnedValue = NO_EARNED_VALUE
    """Earned value and earned schedule at the status date (`pmkit.engine.variance`); its
    `forecast_duration` is None while part of the plan cannot be scheduled."""
    scope_growth_days: float | None = None
    scope_growth_cost: float | None = None
    approved_growth_days: float | None = None
    approved_growth_cost: float | None = None
    scope_growth_days_at_least: bool = False
    """True: a change's Duration cannot be read, so `scope_growth_days` is a minimum."""
    approved_growth_days_at_least: bool = False
    """True: an approved change's Duration cannot be read (`approved_growth_days` is a minimum)."""
    health: tuple[HealthCheck, ...] = ()
    health_score: float | None = None
    status_text: str = ""
    currency: str | None = None
    forecast_unknown: str | None = None
    late_at_least: int | None = None
    """While `slip` is unknown: working days from the agreed finish to the status date,
    when that finish has passed with work not done — the project is at least this late;
    or, when larger, the slip of the plan's dates (`late_by_dates`)."""
    late_by_dates: bool = False
    """True: `late_at_least` is how far the plan's dates end after the agreed finish,
    though they assume work dated in the past was done (`status.least_late`)."""
    finished: bool = False
    """True: every task is done (`CloseOut.finished`), so the forecast finish is the day the
    project finished and the words about it are in the past tense."""

    def slip_words(self) -> str:
        """The project's slip as every front end says it: `finishes 10 working days after
        the agreed date` (before, on; `finished` once every task is done); `at least 12
        working days late` (`late_at_least`: the agreed finish has passed with work not
        done, and the forecast is unknown);
        `unknown` (the forecast is: `forecast_unknown` says why); `no baseline`."""
        slip = self.slip
        if slip is not None:
            verb = "finished" if self.finished else "finishes"
            if slip > 0:
                return f"{verb} {working_days(slip)} after the agreed date"
            if slip < 0:
                return f"{verb} {working_days(-slip)} before the agreed date"
            return f"{verb} on the agreed date"
        if self.late_at_least is not None and self.baseline_finish is not None:
            return f"at least {working_days(self.late_at_least)} late"
        if self.forecast_unknown and self.baseline_finish is not None:
            return "unknown"
        return "no baseline"

    def to_json(self) -> dict[str, Any]:
        """The project object of the JSON in docs/command-line.md: flat, so the earned-value figures
        sit among the others under their own names (docs/command-line.md)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "earned_value":
                data.update(self.earned_value.to_json())
            elif f.name == "health":
                data["health"] = [check.to_json() for check in self.health]
            else:
                data[f.name] = _jsonable(getattr(self, f.name))
        return data


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything `pmkit.analyze` finds: task rows, findings, the project summary and
    the owners' workload.

    `issues` are the findings an owner reads, one per problem, in the one ordering
    (`pmkit.engine.findings`); each keeps the per-cell findings it groups as `details`
    (`cell_issues()` lists them all). `this_week` is the "This week" list: the first
    problems as actions (`pmkit.engine.actions`). Both are sequences that `analyze`
    fills the first time they are read (`pmkit.engine.lazy.Deferred`). `close_out` is
    the close-out review once the project is over (`pmkit.engine.closeout`), else None.
    `workload` is each owner's load per week and the tasks each has in hand in the coming
    working days (`pmkit.engine.workload`): not to be confused with `this_week`, the
    project's list of problems to act on. The detail behind the summary's figures:
    `scope` (every task added, grown or removed since the baseline, `pmkit.engine.scope`),
    `progress` (the progress flags of each flagged task, by id, `pmkit.engine.progress`)
    and `health` (the plan-health checks and their notes, `pmkit.engine.health`); the
    earned-value figures are the summary's (`summary.earned_value`). `waits` is what each
    late task waits on (`lateness.Waits`): the findings, the actions and each owner's week
    all name the task it gives. `unscheduled` is what cannot be scheduled (None: every
    row was), the one count every sheet and sentence gives (`pmkit.engine.unscheduled`).
    """

    plan: Plan
    status_date: date
    schedule: Schedule
    tasks: TaskTable
    issues: Sequence[Issue]
    summary: ProjectSummary
    this_week: Sequence[Action] = ()
    close_out: CloseOut | None = None
    workload: Workload = EMPTY_WORKLOAD
    scope: ScopeReport = NO_SCOPE
    progress: Mapping[str, TaskProgress] = field(default_factory=dict)
    health: HealthReport = NO_HEALTH
    waits: Waits | None = field(default=None, compare=False, repr=False)
    unscheduled: Unscheduled | None = None

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == "error" for issue in self.issues)

    def cell_issues(self) -> tuple[Issue, ...]:
        """Every per-cell finding, each once: the details of the findings, in their order."""
        return tuple(cell for issue in self.issues for cell in issue.cells())

    def to_json(self, *, rows: bool = True) -> dict[str, Any]:
        """The object `pmkit schedule --format json` prints (docs/command-line.md), plus the
        details and reasons of grouped findings, the project's "This week" list and each
        owner's `workload`. Without `rows`, the tasks and issues are left empty, for a
        writer that writes them itself (`task_json_lines`, `issue_json`)."""
        project = self.summary.to_json()
        project["this_week"] = [action_json(action) for action in self.this_week]
        return {
            "project": project,
            "tasks": [task.to_json() for task in self.tasks] if rows else [],
            "issues": [issue_json(issue) for issue in self.issues] if rows else [],
            "workload": self.workload.to_json(),
        }


def task_json_lines(tasks: Sequence[TaskResult]) -> list[str]:
    """Each task's `to_json()` as compact JSON text (as `json.dumps` writes it), written a
    column at a time: a third of the time of a dict per task, encoded (50,000 tasks)."""
    return _json_lines(_TASK_FIELDS, [list(map(attrgetter(n), tasks)) for n in _TASK_FIELDS])


def issue_json(issue: Issue) -> dict[str, Any]:
    """A finding as JSON: the six fields docs/command-line.md names; a grouped finding also has its
    `reasons` and its `details` (per-cell findings, the same six fields); a finding about a
    task of a Microsoft Project file has its `place` (`task 7 “Roof” in vendor.xml`), its
    `sheet` the file and no `cell`."""
    where = issue.location
    data: dict[str, Any] = {
        "severity": issue.severity.value,
        "code": issue.code.value,
        "sheet": where.sheet if where else None,
        "cell": (where.cell or None) if where else None,
        "task": issue.task_id,
        "message": issue.message,
    }
    if where is not None and where.place is not None:
        data["place"] = where.place
    if issue.details:
        data["reasons"] = list(issue.reasons)
        data["details"] = [issue_json(detail) for detail in issue.details]
    return data


def action_json(action: Action) -> dict[str, Any]:
    """One action of the "This week" list as JSON."""
    return {
        "who": action.who,
        "owner": action.owner,
        "what": action.what,
        "where": str(action.where) if action.where else None,
        "why": action.why,
        "days": action.days,
        "money": action.money,
        "code": action.finding.code.value,
        "task": action.finding.task_id,
    }


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    return value


# `TaskResult.to_json`'s fields in order, the dates among them, and one getter for all
_TASK_FIELDS = tuple(f.name for f in fields(TaskResult))
_TASK_DATES = tuple(f.name for f in fields(TaskResult) if str(f.type).startswith("date"))
_task_values = attrgetter(*_TASK_FIELDS)


def _json_scalar(value: object) -> str:
    """One value as `json.dumps` writes it (a date as its ISO text)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if isinstance(value, date):
        return f'"{value.isoformat()}"'
    return json.dumps(value)


def _json_lines(names: Sequence[str], columns: list[list[Any]]) -> list[str]:
    """Rows given as columns of values, as JSON objects with the `names` as keys, written a
    column at a time: text through the C encoder, any other column's distinct values once,
    each with its key before it (and the closing brace after the last)."""
    pieces = []
    for number, (name, values) in enumerate(zip(names, columns, strict=True)):
        head = ("{" if number == 0 else ", ") + f'"{name}": '
        tail = "}" if number == len(names) - 1 else ""
        kinds = set(map(type, values))
        if kinds == {str}:
            pieces.append([head + text + tail for text in map(encode_basestring_ascii, values)])
        elif bool in kinds and kinds - {bool, type(None)}:  # True == 1: each written apart
            pieces.append([head + _json_scalar(value) + tail for value in values])
        else:  # dates, numbers, flags, codes: few distinct values
            shown = {value: head + _json_scalar(value) + tail for value in set(values)}
            pieces.append(list(map(shown.__getitem__, values)))
    return list(map("".join, zip(*pieces, strict=True)))
