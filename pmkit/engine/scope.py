"""Scope against the baseline: tasks added, grown or removed, and whether anyone approved them.

A task absent from the baseline is *added*; one whose Duration or Budget grew past its
baseline has *grown*; a baseline task no longer in the Plan is *removed*. Each added or
grown task is an **approved change** when its Change Request is Approved on the Changes
sheet, else **scope creep**. Scope growth is the extra working days and the extra cost
as a fraction of the baseline's, approved and unapproved apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import ChangeRequest, Decision, Plan, Task
from pmkit.engine.variance import Baselines, WorkdayIndex, has_baseline

__all__ = ["NO_SCOPE", "ChangeKind", "ScopeChange", "ScopeReport", "find_scope_changes"]


class ChangeKind(StrEnum):
    ADDED = "added"
    GROWN = "grown"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ScopeChange:
    """One task's change against the baseline, in working days and money (growth is positive)."""

    task_id: str
    name: str
    kind: ChangeKind
    approved: bool
    change_request: str | None
    extra_days: int
    extra_cost: float
    row: int = 0
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class ScopeReport:
    """Every scope change, and growth as fractions of the baseline (None without a baseline)."""

    changes: tuple[ScopeChange, ...]
    baseline_days: int
    baseline_cost: float
    growth_days: float | None
    growth_cost: float | None
    approved_growth_days: float | None
    approved_growth_cost: float | None
    issues: tuple[Issue, ...] = ()


NO_SCOPE = ScopeReport((), 0, 0.0, None, None, None, None)
"""The scope of a plan with no baseline (and of analyses built by hand): nothing to measure."""


def _growth(extra: float, base: float) -> float | None:
    """Growth as a fraction of the baseline; None when the baseline holds none (no cost set)."""
    return extra / base if base > 0 else None


def find_scope_changes(  # noqa: PLR0912 - one pass over tasks, hot at 100k
    plan: Plan, baselines: Baselines, index: WorkdayIndex | None = None
) -> ScopeReport:
    """Compare the Plan with its baseline (`variance.plan_baselines`).

    A baseline duration is Baseline Duration, else (given the plan's `index`) the working
    days from Baseline Start to Baseline Finish, else the current Duration (no growth).
    A task counts as in the baseline when the Baseline snapshot lists it, or — without a
    snapshot — when its Baseline Finish or Baseline Duration is filled in. Without a
    baseline (`variance.has_baseline`: a baseline date somewhere), nothing is added or
    grown and every growth figure is None. A Change Request
    id that is not on the Changes sheet is reported (unknown-change-request) and counts
    as unapproved.
    """
    snapshot = plan.baseline.by_id() if plan.baseline is not None else None
    if snapshot is not None and not snapshot:
        snapshot = None
    baselined = has_baseline(plan)
    decisions: dict[str, ChangeRequest] = {change.id: change for change in plan.changes}
    changes: list[ScopeChange] = []
    issues: list[Issue] = []
    base_days = 0
    base_cost = 0.0
    extra_days = {True: 0, False: 0}  # approved? -> extra working days
    extra_cost = {True: 0.0, False: 0.0}
    for task, baseline_start, baseline_finish, baseline_duration, baseline_cost in zip(
        plan.tasks,
        baselines.start,
        baselines.finish,
        baselines.duration_days,
        baselines.cost,
        strict=True,
    ):
        decision = None if task.change_request is None else _decision(plan, task, decisions, issues)
        if not baselined:
            continue
        if snapshot is not None:
            in_baseline = task.id in snapshot
        else:
            in_baseline = baseline_finish is not None or baseline_duration is not None
        duration = task.duration_days or 0
        if not in_baseline:
            kind, days, cost = ChangeKind.ADDED, duration, task.budget or 0.0
        else:
            base_duration = baseline_duration
            if base_duration is None:
                base_duration = duration
                if index is not None and baseline_start is not None and baseline_finish is not None:
                    base_duration = index.count(baseline_start, baseline_finish)
            base_days += base_duration
            base_cost += baseline_cost or 0.0
            # growth only (a shrink is not negative growth); no max() call: once per task
            days = duration - base_duration if duration > base_duration else 0
            cost = 0.0
            budget = task.budget
            if budget is not None and baseline_cost is not None and budget > baseline_cost:
                cost = budget - baseline_cost
            if days == 0 and cost == 0:
                continue
            kind = ChangeKind.GROWN
        approved = decision is Decision.APPROVED
        extra_days[approved] += days
        extra_cost[approved] += cost
        changes.append(
            ScopeChange(
                task.id,
                task.name,
                kind,
                approved=approved,
                change_request=task.change_request,
                extra_days=days,
                extra_cost=cost,
                row=task.row,
                decision=decision,
            )
        )
    if not baselined:
        return replace(NO_SCOPE, issues=tuple(issues))
    if snapshot is not None:
        present = {task.id for task in plan.tasks}
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
    )


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
