"""Scope against the baseline: tasks added, grown or removed, and whether anyone approved them.

A task absent from the baseline is *added*; one whose Duration or Budget grew past its
baseline has *grown*; a baseline task no longer in the Plan is *removed*. Each added or
grown task is an **approved change** when its Change Request is Approved on the Changes
sheet, else **scope creep**. Scope growth is the extra working days and the extra cost
as a fraction of the baseline's, approved and unapproved apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import reduce
from itertools import compress, repeat
from operator import add
from typing import cast

from pmkit.engine.figures import format_money, working_days
from pmkit.engine.frozen import fast_constructor
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import ChangeRequest, Decision, Plan, Task
from pmkit.engine.variance import Baselines, WorkdayIndex, has_baseline

__all__ = [
    "DAYS_UNKNOWN",
    "NO_SCOPE",
    "ChangeKind",
    "ScopeChange",
    "ScopeReport",
    "change_adds_words",
    "change_days_words",
    "find_scope_changes",
]


class ChangeKind(StrEnum):
    ADDED = "added"
    GROWN = "grown"
    REMOVED = "removed"


DAYS_UNKNOWN = "Duration unknown"
"""What a change adds in days when its Duration cannot be read: never "0 working days"."""


@dataclass(frozen=True, slots=True)
class ScopeChange:
    """One task's change against the baseline, in working days and money (growth is positive).

    `days_unknown`: the task's Duration cannot be read (an error says where), so the days
    it adds are not known; `extra_days` counts 0 of them, and the words say "Duration
    unknown" (`change_days_words`), never "0 working days".
    """

    task_id: str
    name: str
    kind: ChangeKind
    approved: bool
    change_request: str | None
    extra_days: int
    extra_cost: float
    row: int = 0
    decision: Decision | None = None
    days_unknown: bool = False


def change_days_words(
    changes: Sequence[ScopeChange], *, sign: str = "", unknown_words: str = DAYS_UNKNOWN
) -> str:
    """The working days `changes` add, as a finding or an action says them: `5 working
    days` (`sign` before the figure: `+5 working days`); `unknown_words` for one change
    whose Duration cannot be read; `at least 5 working days` for several when one's
    cannot."""
    days = sum(change.extra_days for change in changes)
    unknown = any(change.days_unknown for change in changes)
    if unknown and len(changes) == 1:
        return unknown_words
    return f"{'at least ' if unknown else ''}{sign}{working_days(days)}"


def change_adds_words(changes: Sequence[ScopeChange], currency: str | None) -> str:
    """What `changes` add, as the This week action and Set baseline say it: `9 working days
    and USD 6,400`; `an unknown number of working days` when the one change's Duration
    cannot be read."""
    words = change_days_words(changes, unknown_words="an unknown number of working days")
    cost = sum(change.extra_cost for change in changes)
    return words + (f" and {format_money(cost, currency)}" if cost else "")


@dataclass(frozen=True, slots=True)
class ScopeReport:
    """Every scope change, and growth as fractions of the baseline (None without a baseline).

    `growth_days_at_least` (`approved_growth_days_at_least`): an unapproved (approved)
    change's Duration cannot be read, so the days it adds are not counted and
    `growth_days` (`approved_growth_days`) is a minimum: the growth is at least that.
    """

    changes: tuple[ScopeChange, ...]
    baseline_days: int
    baseline_cost: float
    growth_days: float | None
    growth_cost: float | None
    approved_growth_days: float | None
    approved_growth_cost: float | None
    issues: tuple[Issue, ...] = ()
    growth_days_at_least: bool = False
    approved_growth_days_at_least: bool = False

    @property
    def unapproved(self) -> tuple[ScopeChange, ...]:
        """The tasks added or grown that no approved change request covers: scope creep."""
        return tuple(
            change
            for change in self.changes
            if not change.approved and change.kind is not ChangeKind.REMOVED
        )


new_scope_change = fast_constructor(ScopeChange)
"""`ScopeChange(...)`, faster (`pmkit.engine.frozen`): a grown plan has hundreds."""

NO_SCOPE = ScopeReport((), 0, 0.0, None, None, None, None)
"""The scope of a plan with no baseline (and of analyses built by hand): nothing to measure."""


def _growth(extra: float, base: float) -> float | None:
    """Growth as a fraction of the baseline; None when the baseline holds none (no cost set)."""
    return extra / base if base > 0 else None


def find_scope_changes(  # noqa: PLR0912, PLR0915 - the column passes, then the changed tasks
    plan: Plan, baselines: Baselines, index: WorkdayIndex | None = None
) -> ScopeReport:
    """Compare the Plan with its baseline (`variance.plan_baselines`).

    A baseline duration is Baseline Duration, else (given the plan's `index`) the working
    days from Baseline Start to Baseline Finish, else the current Duration (no growth).
    A task counts as in the baseline when the Baseline snapshot lists it, or — without a
    snapshot — when its Baseline Finish or Baseline Duration is filled in, or one of its
    baseline cells holds something pmkit could not read (its growth unknown, not scope
    creep). Without a
    baseline (`variance.has_baseline`: a baseline date somewhere), nothing is added or
    grown and every growth figure is None. A Change Request
    id that is not on the Changes sheet is reported (unknown-change-request) and counts
    as unapproved.

    Which tasks were added or grew is decided in one tight pass (`_changed`: most did
    neither), and only those are visited again; the sums are taken a column at a time.
    """
    snapshot = plan.baseline.by_id() if plan.baseline is not None else None
    if snapshot is not None and not snapshot:
        snapshot = None
    tasks = plan.tasks
    issues: list[Issue] = []
    # the decision on each change request (a request not on the Changes sheet: None,
    # reported for each task that names it, in plan order)
    decided: dict[str | None, Decision | None] = {None: None}
    asking = [task for task in tasks if task.change_request is not None]
    if asking:
        decisions: dict[str, ChangeRequest] = {change.id: change for change in plan.changes}
        for task in asking:
            decided[task.change_request] = _decision(plan, task, decisions, issues)
    if not has_baseline(plan):
        return replace(NO_SCOPE, issues=tuple(issues))
    finishes, costs = baselines.finish, baselines.cost
    # in the baseline: listed on the snapshot, else a Baseline Finish or Duration (None: all)
    in_baseline: list[bool] | None = None
    if snapshot is not None:
        in_baseline = [task.id in snapshot for task in tasks]
    elif not all(finishes):  # a date is never false: some Baseline Finish is blank
        in_baseline = [
            finish is not None or duration is not None
            for finish, duration in zip(finishes, baselines.duration_days, strict=True)
        ]
        # A baseline cell written but unreadable (a finding at it) is not "added": the
        # task is in the baseline, its growth unknown rather than scope creep.
        for slot in _unreadable_baseline(plan):
            in_baseline[slot] = True
    base_durations = _base_durations(tasks, baselines, in_baseline, index)
    if in_baseline is None:
        base_days = sum(base_durations)
        base_cost = reduce(add, filter(None, costs), 0.0)
    else:
        base_days = sum(compress(base_durations, in_baseline))
        base_cost = reduce(add, filter(None, compress(costs, in_baseline)), 0.0)
    changes: list[ScopeChange] = []
    extra_days = {True: 0, False: 0}  # approved? -> extra working days
    extra_cost = {True: 0.0, False: 0.0}
    days_unknown = {True: False, False: False}  # approved? -> a Duration nobody can read
    for slot in _changed(tasks, base_durations, costs, in_baseline):
        task = tasks[slot]
        duration = task.duration_days or 0
        if in_baseline is not None and not in_baseline[slot]:
            kind, days, cost = ChangeKind.ADDED, duration, task.budget or 0.0
        else:
            base_duration = base_durations[slot]
            # growth only (a shrink is not negative growth)
            days = duration - base_duration if duration > base_duration else 0
            budget, baseline_cost = task.budget, costs[slot]
            cost = 0.0
            if budget is not None and baseline_cost is not None and budget > baseline_cost:
                cost = budget - baseline_cost
            kind = ChangeKind.GROWN
        request = task.change_request
        decision = decided[request]
        approved = decision is Decision.APPROVED
        extra_days[approved] += days
        extra_cost[approved] += cost
        unknown = task.duration_days is None
        days_unknown[approved] |= unknown
        changes.append(
            new_scope_change(
                task.id,
                task.name,
                kind,
                approved,
                request,
                days,
                cost,
                task.row,
                decision,
                unknown,
            )
        )
    if snapshot is not None:
        present = {task.id for task in tasks}
        for base_task in snapshot.values():
            if base_task.id in present:
                continue
            base_days += base_task.duration_days or 0
            base_cost += base_task.cost or 0.0
            changes.append(
                ScopeChange(
                    base_task.id,
                    base_task.name,
                    ChangeKind.REMOVED,
                    approved=False,
                    change_request=None,
                    extra_days=-(base_task.duration_days or 0),
                    extra_cost=-(base_task.cost or 0.0),
                    row=base_task.row,
                )
            )
    return ScopeReport(
        changes=tuple(changes),
        baseline_days=base_days,
        baseline_cost=base_cost,
        growth_days=_growth(extra_days[False], base_days),
        growth_cost=_growth(extra_cost[False], base_cost),
        approved_growth_days=_growth(extra_days[True], base_days),
        approved_growth_cost=_growth(extra_cost[True], base_cost),
        issues=tuple(issues),
        growth_days_at_least=days_unknown[False],
        approved_growth_days_at_least=days_unknown[True],
    )


_BASELINE_FIELDS = ("baseline_start", "baseline_finish", "baseline_duration_days", "baseline_cost")


def _unreadable_baseline(plan: Plan) -> list[int]:
    """The slots of tasks with a finding at one of their Plan baseline cells (a Baseline
    Finish of `april 15`: written, but not a date pmkit could read)."""
    columns = {plan.columns.get(name) for name in _BASELINE_FIELDS} - {None}
    rows = {
        issue.location.row
        for issue in plan.issues
        if issue.location is not None
        and issue.location.sheet == plan.plan_sheet
        and issue.location.column in columns
    }
    if not rows:
        return []
    return [slot for slot, task in enumerate(plan.tasks) if task.row in rows]


def _changed(
    tasks: Sequence[Task],
    base_durations: Sequence[int],
    costs: Sequence[float | None],
    in_baseline: list[bool] | None,
) -> list[int]:
    """The slots of the tasks added since the baseline (not in it) or grown: a longer
    Duration or a higher Budget than the baseline's. One tight pass: most tasks did
    neither, and each is two comparisons."""
    if in_baseline is None:
        return [
            slot
            for slot, (task, base, cost) in enumerate(
                zip(tasks, base_durations, costs, strict=True)
            )
            if (task.duration_days or 0) > base
            or (task.budget is not None and cost is not None and task.budget > cost)
        ]
    return [
        slot
        for slot, (task, base, cost, listed) in enumerate(
            zip(tasks, base_durations, costs, in_baseline, strict=True)
        )
        if not listed
        or (task.duration_days or 0) > base
        or (task.budget is not None and cost is not None and task.budget > cost)
    ]


def _base_durations(
    tasks: Sequence[Task],
    baselines: Baselines,
    in_baseline: list[bool] | None,
    index: WorkdayIndex | None,
) -> Sequence[int]:
    """Each task's baseline duration, by slot (`find_scope_changes`; a task not in the
    baseline keeps its Duration): the Baseline Duration column itself when it is full."""
    given = baselines.duration_days
    if given.count(None) == 0:
        return cast("Sequence[int]", given)
    listed = in_baseline if in_baseline is not None else repeat(True)
    count = index.count if index is not None else None
    return [
        base
        if base is not None
        else count(start, finish)
        if is_listed and count is not None and start is not None and finish is not None
        else task.duration_days or 0
        for base, start, finish, task, is_listed in zip(
            given, baselines.start, baselines.finish, tasks, listed, strict=False
        )
    ]


def _decision(
    plan: Plan, task: Task, decisions: dict[str, ChangeRequest], issues: list[Issue]
) -> Decision | None:
    """The decision on the task's change request; an id missing from Changes is reported."""
    request = task.change_request
    if request is None:
        return None
    found = decisions.get(request)
    if found is not None:
        return found.decision
    issues.append(
        Issue(
            Severity.WARNING,
            Code.UNKNOWN_CHANGE_REQUEST,
            plan.location(task, "change_request"),
            task.id,
            f"Change request {request} is not on the Changes sheet, so the work it "
            f"covers on task {task.id} counts as unapproved",
        )
    )
    return None
