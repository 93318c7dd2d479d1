"""What changed since the last run: last run's `PlanState` and tonight's in, `Change`s out.

"Last run" is the plan's previous run *day* (not necessarily yesterday); a re-run the
same night compares with that day again, so it finds the same changes (docs/sync.md).
What is compared, in the order the changes are listed:

* the **forecast finish**: unknown tonight but known last run, known again, or moved —
  by how many working days (tonight's calendar) and which task drove it (below);
* the **status** (Green / Amber / Red);
* tasks whose **deadline** is newly forecast to be missed; tasks newly **late** (slipping
  past the Slip Tolerance Days); tasks that **slipped** where a push starts (below); tasks
  newly **critical**, newly **stalled**;
* **scope** new or grown without an approved change request: a task newly flagged as scope
  creep, or one whose unapproved extra days or cost grew again;
* **risks** newly past their Review Date (open, review date before the status date);
* tasks newly **finished**, and tasks no longer in the plan (**removed**: by ID, since the
  history keeps no owner's words).

**The driving task** of a moved finish: along tonight's critical path (in its order, by
early start), the first task that is new since last run or whose forecast finish moved in
the finish's direction by the most working days. The first such task is where the push
starts: the tasks after it on the path move because it did. When no task on the path
moved that way (the finish came earlier because a task left the path), none is named.

**Where a push starts**: a task not done whose forecast finish moved later than last run
by more working days than any of its predecessors' finishes did (one with no predecessor
that moved counts too); the tasks after it move because it did, and are not listed. Not
compared: a task new, or not known on either night (nothing to compare); one with a
predecessor new or not known on either night (the push may start there); one newly late
(`NOW_LATE` says it once). A task whose work left sits on the first working day after the
status date (`TaskState.held_by_status_date`) moves as the status date does, with no news
in it: moves up to the status date's advance are not listed for it.

Critical flags are compared only when the forecast is known tonight: with a task
unscheduled there is no critical path to be on. When it was not known last run, they are
compared with the last night it was (`PlanState.critical_known_on`, read from the
history), or not at all when the history has no such night. A last run recorded by a pmkit that kept
no task figures is compared on the project's figures only, and says so.

These are night-to-night changes, not the scope changes against the baseline
(`pmkit.engine.scope`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pmkit.engine.figures import format_day, format_money, working_days
from pmkit.engine.model import task_label
from pmkit.engine.nightly_state import PlanState, RiskState, TaskState, plan_state
from pmkit.engine.results import Analysis
from pmkit.engine.scope import DAYS_UNKNOWN
from pmkit.engine.scope import ChangeKind as ScopeKind
from pmkit.engine.unscheduled import FORECAST_UNKNOWN_PREFIX
from pmkit.engine.variance import WorkdayIndex
from pmkit.engine.workdays import WorkCalendar

__all__ = [
    "FIRST_RUN",
    "NO_HISTORY",
    "OLDER_RUN",
    "Change",
    "ChangeKind",
    "SinceLastRun",
    "compare_with_last_run",
    "since_last_run",
]

FIRST_RUN = "First run: nothing to compare yet"
NO_HISTORY = "No history to compare with (a dry run reads the history only as it is)"
OLDER_RUN = (
    "The last run was recorded by an older pmkit, which kept no task figures: "
    "task changes show from the next run"
)
_UNAPPROVED = "without an approved change request"
_STATUS_RANK = {"Red": 0, "Amber": 1, "Green": 2}


class ChangeKind(StrEnum):
    """What changed; the order is the order changes are listed in."""

    FORECAST_UNKNOWN = "forecast-unknown"
    FORECAST_KNOWN = "forecast-known"
    FINISH_MOVED = "finish-moved"
    STATUS_CHANGED = "status-changed"
    DEADLINE_AT_RISK = "deadline-at-risk"
    NOW_LATE = "now-late"
    SLIPPED = "slipped"
    NOW_CRITICAL = "now-critical"
    NOW_STALLED = "now-stalled"
    NEW_SCOPE_CREEP = "new-scope-creep"
    RISK_REVIEW_DUE = "risk-review-due"
    FINISHED = "finished"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Change:
    """One change since last run: a sentence an owner reads, and its figures.

    `task_id` is the task it is about (for a moved finish: the driving task, if any);
    `days` is in working days — the finish's move (positive = later), a task's slip, how
    far past its deadline, the unapproved days added since last run; `was`/`now` are the
    dates compared (the forecast finish last run and tonight; a deadline and the forecast
    that misses it; a risk's review date). `good` marks good news (the finish came earlier, the
    status improved, the forecast is known again).
    """

    kind: ChangeKind
    sentence: str
    task_id: str | None = None
    risk_id: str | None = None
    days: int | None = None
    was: date | None = None
    now: date | None = None
    good: bool = False


@dataclass(frozen=True, slots=True)
class SinceLastRun:
    """Tonight's changes against the run of `last_run` (None: the plan's first run, or,
    with the `NO_HISTORY` note, no history to look in)."""

    last_run: date | None
    changes: tuple[Change, ...] = ()
    note: str | None = None

    @property
    def first_run(self) -> bool:
        return self.last_run is None

    def headline(self) -> str:
        """`First run: nothing to compare yet.` / `3 changes since the last run (Thu …).`"""
        if self.last_run is None:
            return f"{self.note or FIRST_RUN}."
        when = f"the last run ({format_day(self.last_run)})"
        count = len(self.changes)
        if not count:
            return f"Nothing changed since {when}."
        return f"{count} change{'' if count == 1 else 's'} since {when}."

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.kind is kind)


def since_last_run(
    last: PlanState | None, tonight: PlanState, calendar: WorkCalendar
) -> SinceLastRun:
    """Compare last run's state with tonight's; working days are counted on `calendar`
    (tonight's plan's)."""
    if last is None:
        return SinceLastRun(None)
    changes = [*_forecast_changes(last, tonight, calendar)]
    if last.status != tonight.status and tonight.status is not None:
        changes.append(_status_change(last.status, tonight.status))
    if not last.detailed:
        return SinceLastRun(last.run_date, tuple(changes), OLDER_RUN)
    before = last.task_by_id()
    changes += _deadline_changes(before, tonight, WorkdayIndex(calendar))
    changes += _late_changes(before, tonight)
    changes += _slip_changes(last, tonight, calendar)
    if (last.forecast_known or last.critical_known_on) and tonight.forecast_known:
        changes += _critical_changes(before, tonight, last.critical_known_on)
    changes += _stalled_changes(before, tonight)
    changes += _scope_changes(before, tonight)
    changes += _risk_changes({risk.risk_id: risk for risk in last.risks}, tonight.risks)
    changes += _finished_changes(before, tonight)
    changes += _removed_changes(last, tonight)
    return SinceLastRun(last.run_date, tuple(changes))


def compare_with_last_run(
    analysis: Analysis, run_date: date, last: PlanState | None, *, history: bool = True
) -> tuple[PlanState, SinceLastRun]:
    """Tonight's state of `analysis` on `run_date` (what the history keeps), and what
    changed since `last`, the last run day's state (None: the plan's first run). Without a
    `history` to look in (a dry run with none usable) nothing is compared, and it says so."""
    calendar = WorkCalendar.for_plan(analysis.plan)
    tonight = plan_state(analysis, run_date, calendar)
    if not history:
        return tonight, SinceLastRun(None, note=NO_HISTORY)
    return tonight, since_last_run(last, tonight, calendar)


def _label(task: TaskState, noun: str = "Task") -> str:
    """`Task 7 “Data migration”` (`task 7 …` inside a sentence): `task_label`."""
    return task_label(task.task_id, task.name, noun)


def _forecast_changes(last: PlanState, tonight: PlanState, calendar: WorkCalendar) -> list[Change]:
    was, now = last.forecast_finish, tonight.forecast_finish
    if was is not None and now is None:
        # the line's label says "Forecast unknown": the sentence says why, not that again
        why = (tonight.forecast_unknown or "").removeprefix(FORECAST_UNKNOWN_PREFIX)
        because = f": {why}" if why else ""
        return [
            Change(
                ChangeKind.FORECAST_UNKNOWN,
                f"The forecast finish is unknown now{because} (last run it was {format_day(was)}).",
                was=was,
            )
        ]
    if was is None and now is not None:
        sentence = f"The forecast finish is known now: {format_day(now)} (last run it was unknown)"
        if last.last_known_finish is None:
            return [Change(ChangeKind.FORECAST_KNOWN, f"{sentence}.", now=now, good=True)]
        # how it moved while it could not be known: said, not lost with the cell fixed
        night, then = last.last_known_finish
        days = calendar.workdays_between(then, now)
        if days:
            direction = "later" if days > 0 else "earlier"
            sentence += (
                f", {working_days(abs(days))} {direction} than on {format_day(night)} "
                f"({format_day(then)})"
            )
        else:
            sentence += f", as on {format_day(night)}"
        return [
            Change(
                ChangeKind.FORECAST_KNOWN,
                f"{sentence}, the last night it was known.",
                days=days,
                was=then,
                now=now,
                good=days <= 0,
            )
        ]
    if was is None or now is None or was == now:
        return []
    days = calendar.workdays_between(was, now)
    direction = "later" if now > was else "earlier"
    moved = f"moved {working_days(abs(days))} {direction}" if days else "moved"
    sentence = f"The forecast finish {moved}, to {format_day(now)} (last run: {format_day(was)})"
    driver = _driver(last, tonight, calendar, later=now > was) if last.detailed else None
    if driver is not None:
        task, shift = driver
        if shift is None:
            sentence += f", mainly because {_label(task, 'task')} was added on the critical path"
        else:
            sentence += (
                f", mainly because {_label(task, 'task')} now finishes "
                f"{working_days(abs(shift))} {direction}"
            )
    return [
        Change(
            ChangeKind.FINISH_MOVED,
            sentence + ".",
            task_id=driver[0].task_id if driver else None,
            days=days,
            was=was,
            now=now,
            good=now < was,
        )
    ]


def _driver(
    last: PlanState, tonight: PlanState, calendar: WorkCalendar, *, later: bool
) -> tuple[TaskState, int | None] | None:
    """The driving task (module docstring) and how far its finish moved (None: new)."""
    before = last.task_by_id()
    tasks = tonight.task_by_id()
    moves: list[tuple[TaskState, int | None]] = []
    for task_id in tonight.critical_path or ():
        task = tasks.get(task_id)
        if task is None or task.forecast_finish is None:
            continue
        old = before.get(task_id)
        if old is None:
            if later:
                moves.append((task, None))
            continue
        if old.forecast_finish is None:
            continue
        shift = calendar.workdays_between(old.forecast_finish, task.forecast_finish)
        if (shift > 0) if later else (shift < 0):
            moves.append((task, shift))
    most = max((abs(shift) for _, shift in moves if shift is not None), default=None)
    return next(
        ((task, shift) for task, shift in moves if shift is None or abs(shift) == most), None
    )


def _status_change(was: str | None, now: str) -> Change:
    better = _STATUS_RANK.get(now, -1) > _STATUS_RANK.get(was or "", -1) and was is not None
    sentence = (
        f"The status is now {now} (last run: {was})."
        if was is not None
        else f"The status is now {now} (last run the plan had none)."
    )
    return Change(ChangeKind.STATUS_CHANGED, sentence, good=better)


def _newly(
    before: dict[str, TaskState], tonight: PlanState, flag: str
) -> Iterator[tuple[TaskState, TaskState | None]]:
    """Tonight's tasks with `flag` set that did not have it last run (or were not there)."""
    for task in tonight.tasks:
        old = before.get(task.task_id)
        if getattr(task, flag) and not (old is not None and getattr(old, flag)):
            yield task, old


def _deadline_changes(
    before: dict[str, TaskState], tonight: PlanState, index: WorkdayIndex
) -> list[Change]:
    changes = []
    for task, _ in _newly(before, tonight, "deadline_at_risk"):
        deadline, finish = task.deadline, task.forecast_finish
        if deadline is None or finish is None:
            continue
        late = max(index.through(finish) - index.through(deadline), 1)  # as deadline-missed
        verb = "finished" if task.done else "is now forecast to finish"
        changes.append(
            Change(
                ChangeKind.DEADLINE_AT_RISK,
                f"{_label(task)} {verb} on {format_day(finish)}, "
                f"{working_days(late)} after its deadline of {format_day(deadline)}.",
                task_id=task.task_id,
                days=late,
                was=deadline,
                now=finish,
            )
        )
    return changes


def _late_changes(before: dict[str, TaskState], tonight: PlanState) -> list[Change]:
    changes = []
    for task, _ in _newly(before, tonight, "late"):
        slip = task.slip or 0
        on = f", on {format_day(task.forecast_finish)}" if task.forecast_finish else ""
        changes.append(
            Change(
                ChangeKind.NOW_LATE,
                f"{_label(task)} is now late: forecast to finish "
                f"{working_days(slip)} after its baseline{on}.",
                task_id=task.task_id,
                days=slip,
                now=task.forecast_finish,
            )
        )
    return changes


def _slip_changes(last: PlanState, tonight: PlanState, calendar: WorkCalendar) -> list[Change]:
    """Where a push starts (module docstring): each task not done whose forecast finish
    moved later by more than its predecessors' finishes did, or the status date's passing
    did for work it holds. A task newly late is said so once, by `_late_changes`."""
    before = last.task_by_id()
    moves = _finish_moves(before, tonight, calendar)
    clock = 0
    if last.status_date is not None and tonight.status_date is not None:
        clock = max(calendar.workdays_between(last.status_date, tonight.status_date), 0)
    changes = []
    for task in tonight.tasks:
        old = before.get(task.task_id)
        if task.done or task.forecast_finish is None or task.task_id not in moves or old is None:
            continue
        if task.late and not old.late:
            continue
        days = moves[task.task_id]
        # how far its predecessors' finishes moved (0: none did); one new since last run,
        # or whose finish was not known on either night, may explain any move
        explained = max((moves.get(pred, _ANY) for pred in task.predecessors), default=0)
        if task.held_by_status_date:
            explained = max(explained, clock)
        if days <= explained:
            continue
        # `4 more working days` for a task already behind its baseline
        moved = working_days(days)
        if old.slip is not None and old.slip > 0:
            moved = moved.replace(" ", " more ", 1)
        changes.append(
            Change(
                ChangeKind.SLIPPED,
                f"{_label(task)} slipped {moved}: now forecast to finish "
                f"on {format_day(task.forecast_finish)}{_against_baseline(task.slip)}.",
                task_id=task.task_id,
                days=days,
                was=old.forecast_finish,
                now=task.forecast_finish,
            )
        )
    return changes


_ANY = float("inf")
"""A move nobody can measure: it may explain any move after it."""


def _finish_moves(
    before: dict[str, TaskState], tonight: PlanState, calendar: WorkCalendar
) -> dict[str, int]:
    """Working days each task's forecast finish moved since last run (later: positive),
    once per task, for the tasks whose finish is known on both nights."""
    moves: dict[str, int] = {}
    for task in tonight.tasks:
        old = before.get(task.task_id)
        if task.forecast_finish is not None and old is not None and old.forecast_finish:
            moves[task.task_id] = calendar.workdays_between(
                old.forecast_finish, task.forecast_finish
            )
    return moves


def _against_baseline(slip: int | None) -> str:
    if slip is None:
        return ""
    if slip > 0:
        return f", {working_days(slip)} after its baseline"
    if slip < 0:
        return f", still {working_days(-slip)} before its baseline"
    return ", on its baseline"


def _critical_changes(
    before: dict[str, TaskState], tonight: PlanState, known_on: date | None
) -> list[Change]:
    """`known_on`: last run had no critical path, so tasks are compared with the last night
    there was one, and the sentence says which."""
    then = (
        f" (it was not on {format_day(known_on)}, the last night the critical path was known)"
        if known_on
        else ""
    )
    return [
        Change(
            ChangeKind.NOW_CRITICAL,
            f"{_label(task)} is now on the critical path: any delay to it delays the finish{then}.",
            task_id=task.task_id,
        )
        for task, _ in _newly(before, tonight, "critical")
    ]


def _stalled_changes(before: dict[str, TaskState], tonight: PlanState) -> list[Change]:
    limit = tonight.stalled_after_days
    return [
        Change(
            ChangeKind.NOW_STALLED,
            f"{_label(task)} has stalled: it is in progress but nothing about it has "
            f"changed for more than {limit} day{'' if limit == 1 else 's'}.",
            task_id=task.task_id,
        )
        for task, _ in _newly(before, tonight, "stalled")
    ]


def _finished_changes(before: dict[str, TaskState], tonight: PlanState) -> list[Change]:
    """Tasks done tonight that were in the plan, not done, last run."""
    changes = []
    for task, old in _newly(before, tonight, "done"):
        if old is None:  # a task added already done is new scope, not news of progress
            continue
        # the day it finished is the owner's Actual Finish, never one pmkit supposes
        finish = task.actual_finish
        slip = task.slip if finish and task.slip and task.slip > 0 else None
        on = f": it finished on {format_day(finish)}" if finish else " (no Actual Finish given)"
        late = f", {working_days(slip)} after its baseline" if slip else ""
        changes.append(
            Change(
                ChangeKind.FINISHED,
                f"{_label(task)} is done{on}{late}.",
                task_id=task.task_id,
                days=slip,
                now=finish,
                good=True,
            )
        )
    return changes


def _removed_changes(last: PlanState, tonight: PlanState) -> list[Change]:
    """Tasks in the plan last run and not tonight: by ID (their names stay in the owner's
    sheet, not in the history)."""
    present = {task.task_id for task in tonight.tasks}
    return [
        Change(
            ChangeKind.REMOVED,
            f"{task_label(task.task_id, '')} is no longer in the plan (it was there on "
            f"{format_day(last.run_date)}): deleted, or its ID changed.",
            task_id=task.task_id,
        )
        for task in last.tasks
        if task.task_id not in present
    ]


def _scope_changes(before: dict[str, TaskState], tonight: PlanState) -> list[Change]:
    """Growth without approval, new or larger; days not known (a Duration that cannot be
    read) are said so, and never compared as 0."""
    changes = []
    for task in tonight.tasks:
        if task.scope_creep is None:
            continue
        days, cost = task.scope_creep_days, task.scope_creep_cost or 0.0
        old = before.get(task.task_id)
        added = days
        if old is not None and old.scope_creep is not None:
            old_days, old_cost = old.scope_creep_days, old.scope_creep_cost or 0.0
            known = days is not None and old_days is not None
            added = days - old_days if days is not None and old_days is not None else None
            if not (known and (added or 0) > 0) and cost <= old_cost + 0.005:
                continue
            extra = _extra(days, cost, tonight.currency)
            was = _extra(old_days, old_cost, tonight.currency)
            what = f"grew again {_UNAPPROVED}: now {extra} over its baseline (last run: {was})"
        elif task.scope_creep is ScopeKind.ADDED:
            what = f"was added {_UNAPPROVED} ({_extra(days, cost, tonight.currency, plus=False)})"
        else:
            what = f"grew past its baseline {_UNAPPROVED} ({_extra(days, cost, tonight.currency)})"
        changes.append(
            Change(
                ChangeKind.NEW_SCOPE_CREEP,
                f"{_label(task)} {what}.",
                task_id=task.task_id,
                days=added,
            )
        )
    return changes


def _extra(days: int | None, cost: float, currency: str | None, *, plus: bool = True) -> str:
    sign = "+" if plus else ""
    text = DAYS_UNKNOWN if days is None else f"{sign}{working_days(days)}"
    if cost > 0:
        text += f", {sign}{format_money(cost, currency)}"
    return text


def _risk_changes(before: dict[str, RiskState], risks: tuple[RiskState, ...]) -> list[Change]:
    changes = []
    for risk in risks:
        old = before.get(risk.risk_id)
        if not risk.past_review or (old is not None and old.past_review):
            continue
        label = f"Risk {risk.risk_id}" + (f" “{risk.description}”" if risk.description else "")
        owner = f" ({risk.owner})" if risk.owner else ""
        changes.append(
            Change(
                ChangeKind.RISK_REVIEW_DUE,
                f"{label}{owner} was due for review on {format_day(risk.review_date)} "
                "and is still open.",
                risk_id=risk.risk_id,
                was=risk.review_date,
            )
        )
    return changes
