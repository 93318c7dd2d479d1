"""What one night puts in the history, and how each piece becomes a row and comes back.

`RunRecord` is a plan's row in `plan_runs`; `TaskSnapshot` a task's in `task_snapshots`
(the fingerprint of the owner's row, and the task's `TaskState` for "since last run");
risks with a review date go to `risk_snapshots` and the changes found to `plan_changes`
(`pmkit.engine.nightly_state` and `pmkit.engine.overnight` define them). For the
portfolio: each owner's booked weeks go to `owner_weeks` (`OwnerWeek`), and what the
night's run did with each plan to `plan_attempts` (`Attempt`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from pmkit import Analysis, Task
from pmkit.frontend import Change, ChangeKind, RiskState, TaskState
from pmkit.frontend import ScopeChangeKind as ScopeKind

__all__ = [
    "Attempt",
    "OwnerWeek",
    "RunRecord",
    "TaskSnapshot",
    "change_from_row",
    "change_row",
    "owner_week_row",
    "owner_weeks_of",
    "risk_row",
    "risk_state_from_row",
    "task_fingerprint",
    "task_row",
    "task_state_from_row",
]


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One plan's figures on one run day (None where the figure is unknown: the status of
    a plan with no tasks, the forecast and slip of a plan with a task that cannot be
    scheduled). `compared_with` is the run day tonight was compared with (None: the
    plan's first run); it and the fields after it are None on runs an older pmkit
    recorded. `status_reasons` holds one reason per line. `bookings_partial` says which
    tasks could not be scheduled, so that the owners' booked weeks miss their work
    (`Workload.not_counted`; None: every task counted, or a run before migration 7), and
    `partial_owners` names those tasks' owners, one per line — all of them unless
    `partial_owners_known` is False (some are on rows whose owner is not known; None on
    the runs before migration 9: not known); `bookings_noted` is None on the runs before
    migration 7, which did not note it (their bookings may be partial).
    `scope_growth_days_at_least` (`approved_growth_days_at_least`): a change's Duration
    could not be read, so the growth figure is a minimum (None on runs before migration
    10, which did not say). `late_at_least`: while the slip is unknown, the working days
    the agreed finish had passed by with work not done (`ProjectSummary.late_at_least`;
    None on runs before migration 11)."""

    plan_key: str
    plan_name: str
    run_date: date
    status: str | None
    forecast_finish: date | None
    slip_days: int | None
    spi: float | None
    cpi: float | None
    scope_growth_days: float | None
    scope_growth_cost: float | None
    errors: int
    warnings: int
    infos: int
    source: str | None = None
    status_date: date | None = None
    forecast_unknown: str | None = None
    compared_with: date | None = None
    baseline_finish: date | None = None
    status_reasons: str | None = None
    approved_growth_days: float | None = None
    approved_growth_cost: float | None = None
    first_action: str | None = None
    slip_tolerance_days: int | None = None
    scope_threshold: float | None = None
    bookings_partial: str | None = None
    partial_owners: str | None = None
    bookings_noted: bool | None = True
    partial_owners_known: bool | None = True
    scope_growth_days_at_least: bool | None = False
    approved_growth_days_at_least: bool | None = False
    late_at_least: int | None = None


@dataclass(frozen=True, slots=True)
class OwnerWeek:
    """A week with work booked for one owner of a plan, as that night saw it."""

    owner_key: str
    week: date  # its Monday
    owner_name: str
    capacity: float
    booked_days: int
    free_days: int


def owner_weeks_of(analysis: Analysis, max_weeks: int) -> tuple[OwnerWeek, ...]:
    """The weeks with work booked for each owner, the first `max_weeks` weeks only."""
    workload = analysis.workload
    found = []
    for owner in workload.owners:
        for k, monday in enumerate(workload.weeks[:max_weeks]):
            if owner.booked_days[k]:
                found.append(
                    OwnerWeek(
                        owner.key,
                        monday,
                        owner.name,
                        owner.capacity,
                        owner.booked_days[k],
                        owner.free_days[k],
                    )
                )
    return tuple(found)


def owner_week_row(week: OwnerWeek) -> dict[str, Any]:
    return {f.name: getattr(week, f.name) for f in fields(week)}


@dataclass(frozen=True, slots=True)
class Attempt:
    """What a night's run did with one plan (`outcome`: `pmkit.engine.portfolio.Outcome`),
    or with a config entry it could not list (`is_entry`; its `plan_key` is the entry's
    spreadsheet key, folder id or path)."""

    plan_key: str
    plan_name: str
    entry: str
    outcome: str
    message: str | None = None
    is_entry: bool = False


@dataclass(frozen=True, slots=True)
class TaskSnapshot:
    """A task's row on one night: the fingerprint of what the owner typed (stalled rows
    are found from it), % complete, and the task's figures (None: not known)."""

    task_id: str
    fingerprint: str
    percent_complete: float | None = None
    state: TaskState | None = None


def task_fingerprint(task: Task) -> str:
    """A digest of everything the owner typed in the task's row (its row number aside)."""
    values = [repr(getattr(task, f.name)) for f in fields(task) if f.name != "row"]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def task_row(snapshot: TaskSnapshot) -> dict[str, Any]:
    """The task_snapshots columns of `snapshot` (its state's figures; NULL without one)."""
    state = snapshot.state
    row: dict[str, Any] = {
        "task_id": snapshot.task_id,
        "fingerprint": snapshot.fingerprint,
        "percent_complete": snapshot.percent_complete,
    }
    if state is None:
        return row
    return row | {
        "forecast_finish": state.forecast_finish,
        "slip_days": state.slip,
        "done": state.done,
        "critical": state.critical,
        "late": state.late,
        "stalled": state.stalled,
        "deadline": state.deadline,
        "deadline_at_risk": state.deadline_at_risk,
        "scope_creep": None if state.scope_creep is None else state.scope_creep.value,
        "scope_creep_days": state.scope_creep_days,
        "scope_creep_cost": state.scope_creep_cost,
    }


def task_state_from_row(row: RowMapping) -> TaskState:
    """A stored task's state (a flag an older pmkit did not keep reads as not set)."""
    creep = row["scope_creep"]
    return TaskState(
        row["task_id"],
        forecast_finish=row["forecast_finish"],
        slip=row["slip_days"],
        done=bool(row["done"]),
        critical=bool(row["critical"]),
        late=bool(row["late"]),
        stalled=bool(row["stalled"]),
        deadline=row["deadline"],
        deadline_at_risk=bool(row["deadline_at_risk"]),
        scope_creep=ScopeKind(creep) if creep in {k.value for k in ScopeKind} else None,
        scope_creep_days=row["scope_creep_days"],
        scope_creep_cost=row["scope_creep_cost"],
    )


def risk_row(risk: RiskState) -> dict[str, Any]:
    return {
        "risk_id": risk.risk_id,
        "review_date": risk.review_date,
        "is_open": risk.is_open,
        "past_review": risk.past_review,
    }


def risk_state_from_row(row: RowMapping) -> RiskState:
    return RiskState(
        row["risk_id"], row["review_date"], bool(row["past_review"]), bool(row["is_open"])
    )


def change_row(position: int, change: Change) -> dict[str, Any]:
    return {
        "position": position,
        "kind": change.kind.value,
        "task_id": change.task_id,
        "risk_id": change.risk_id,
        "days": change.days,
        "was": change.was,
        "now": change.now,
        "good": change.good,
        "sentence": change.sentence,
    }


def change_from_row(row: RowMapping) -> Change | None:
    """A stored change (None for a kind this pmkit does not know: a newer one wrote it)."""
    if row["kind"] not in {kind.value for kind in ChangeKind}:
        return None
    return Change(
        ChangeKind(row["kind"]),
        row["sentence"],
        task_id=row["task_id"],
        risk_id=row["risk_id"],
        days=row["days"],
        was=row["was"],
        now=row["now"],
        good=bool(row["good"]),
    )
